/* Random bytes from libcrypto's DRBG. */
#include "crypto/random.h"

#include "crypto/ossl.h"

#include <limits.h>
#include <openssl/rand.h>

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
