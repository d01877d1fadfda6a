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

/* Writes dir/flight-case<k> for each of the count recorded cases, and
 * the TLS 1.3 cases' own. */
void fuzz_engine_write_seeds(const fuzz_engine_case *cases, size_t count, const char *dir);

/* Writes dir/name: the input of case k's options (the cut, sealed or
 * raw) and payload. */
void fuzz_engine_write_seed(const char *dir, const char *name, size_t k, unsigned cut, bool sealed,
                            const uint8_t *payload, size_t len);

/* The seeds of TLS 1.3 case k (engine_seeds13.c). */
void fuzz_engine13_write_seeds(const fuzz_engine_case *c, size_t k, const char *dir);

#endif
