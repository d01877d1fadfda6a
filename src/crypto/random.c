/*
 * Random bytes from the kernel's CSPRNG, getrandom(2), or in fuzz builds
 * a fixed stream.
 *
 * Not libcrypto's DRBG: OpenSSL 3's RAND_bytes calls getpid() on every
 * draw to notice a fork, a system call as dear as getrandom itself, and
 * then runs its DRBG; that was a fifth of a resumed handshake. getrandom
 * is one system call and keeps no state in this process, so nothing
 * drawn can be shared with a forked child. It blocks only until the
 * kernel's pool is first seeded, at boot.
 */
#include "crypto/random.h"

#ifndef LATCH_FUZZ_DETERMINISTIC

#include <errno.h>
#include <sys/random.h>

bool lt_random(uint8_t *out, size_t len, lt_error *err)
{
    while (len > 0) {
        /* Above 256 bytes a signal can cut a draw short: take the rest. */
        ssize_t n = getrandom(out, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return LT_FAIL(err, LATCH_ERR_INTERNAL,
                           "the kernel's random generator failed (errno %d)", n < 0 ? errno : 0);
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

#include "crypto/ossl.h"

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
