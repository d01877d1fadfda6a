/*
 * Random bytes from the kernel's CSPRNG (getrandom, see random.c).
 *
 * Fuzz builds only (LATCH_FUZZ_DETERMINISTIC, which CMake refuses outside
 * LATCH_FUZZ): a reproducible stream instead, so that two runs of the
 * engine over the same input take the same path and a recorded handshake
 * replays. Every key-exchange private key is drawn from lt_random, so the
 * stream fixes them too; the algorithms and every check stay real.
 */
#ifndef LT_CRYPTO_RANDOM_H
#define LT_CRYPTO_RANDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

bool lt_random(uint8_t *out, size_t len, lt_error *err) LT_MUST_CHECK;

#ifdef LATCH_FUZZ_DETERMINISTIC
/* Independent streams, so that a harness can give the engine under test
 * one and the peer it records from another, and replay the engine alone. */
#define LT_RANDOM_FUZZ_STREAMS 2

/* Restarts every stream from its beginning. */
void lt_random_fuzz_reset(void);
/* Makes stream (below LT_RANDOM_FUZZ_STREAMS) the one lt_random reads. */
void lt_random_fuzz_select(unsigned stream);
#endif

#endif
