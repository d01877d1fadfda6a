/* Random bytes from libcrypto's DRBG, or in fuzz builds a fixed stream. */
#include "crypto/random.h"

#include "crypto/ossl.h"

#include <limits.h>
#include <openssl/rand.h>

#ifndef LATCH_FUZZ_DETERMINISTIC

bool lt_random(uint8_t *out, size_t len, lt_error *err)
{
    while (len > 0) {
        int n = len > INT_MAX ? INT_MAX : (int)len;
        if (RAND_bytes(out, n) != 1)
            return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "the random generator failed");
        out += n;
        len -= (size_t)n;
    }
    return true;
}

#else

/* A second guard beside CMake's: the deterministic stream exists only in
 * sanitizer-instrumented builds, which no release is. */
#if !defined(__has_feature)
#error "LATCH_FUZZ_DETERMINISTIC is for the clang fuzz build only"
#elif !__has_feature(address_sanitizer)
#error "LATCH_FUZZ_DETERMINISTIC is for the clang fuzz build only"
#endif

#include <openssl/evp.h>
#include <string.h>

static uint64_t counters[LT_RANDOM_FUZZ_STREAMS];
static unsigned current;

void lt_random_fuzz_reset(void)
{
    memset(counters, 0, sizeof(counters));
    current = 0;
}

void lt_random_fuzz_select(unsigned stream)
{
    current = stream < LT_RANDOM_FUZZ_STREAMS ? stream : 0;
}

/* Block i of stream s is SHA-256(s || i); each call starts a new block. */
bool lt_random(uint8_t *out, size_t len, lt_error *err)
{
    while (len > 0) {
        uint8_t in[9], block[32];
        in[0] = (uint8_t)current;
        uint64_t n = counters[current]++;
        for (int i = 0; i < 8; i++)
            in[1 + i] = (uint8_t)(n >> (56 - 8 * i));
        if (EVP_Digest(in, sizeof(in), block, NULL, EVP_sha256(), NULL) != 1)
            return LT_OSSL_FAIL(err, LATCH_ERR_INTERNAL, "the fuzz random stream failed");
        size_t take = len < sizeof(block) ? len : sizeof(block);
        memcpy(out, block, take);
        out += take;
        len -= take;
    }
    return true;
}

#endif
