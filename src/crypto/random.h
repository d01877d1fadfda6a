/* Random bytes from libcrypto's CSPRNG. */
#ifndef LT_CRYPTO_RANDOM_H
#define LT_CRYPTO_RANDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

bool lt_random(uint8_t *out, size_t len, lt_error *err) LT_MUST_CHECK;

#endif
