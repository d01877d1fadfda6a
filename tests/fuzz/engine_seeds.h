/*
 * The engine targets' replay seeds (engine_seeds.c), written when the
 * environment sets LATCH_FUZZ_WRITE_SEEDS to a directory:
 *
 *   LATCH_FUZZ_WRITE_SEEDS=tests/fuzz/corpus/engine_server \
 *       build-fuzz/fuzz/fuzz_engine_server -runs=0
 */
#ifndef LATCH_FUZZ_ENGINE_SEEDS_H
#define LATCH_FUZZ_ENGINE_SEEDS_H

#include "engine.h"

/* Writes dir/flight-case<k> for each of the count recorded cases. */
void fuzz_engine_write_seeds(const fuzz_engine_case *cases, size_t count, const char *dir);

#endif
