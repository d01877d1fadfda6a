/*
 * The Lucky Thirteen check, checked for constant time. Run under
 * Valgrind (tests/CMakeLists.txt does, when it is installed), every byte
 * of the decrypted record body is marked undefined: memcheck then reports
 * any branch taken or memory address computed from it, which is exactly
 * what would make time depend on the padding. Only the two outputs are
 * marked defined again before they are looked at. Without Valgrind the
 * marks do nothing and the results are still checked.
 */
#include "tls/record_cbc.h"
#include "check.h"

#include <stdio.h>
#include <string.h>

#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#else
#define VALGRIND_MAKE_MEM_UNDEFINED(p, n) ((void)(p), (void)(n))
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#define RUNNING_ON_VALGRIND 0
#endif

static const uint8_t mac_key[48] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

/* A decrypted body: n content bytes, their MAC, then the padding. */
static size_t make_body(lt_hash_alg alg, size_t n, size_t pad, uint8_t *body)
{
    size_t mac_len = lt_hash_len(alg);
    uint8_t joined[13 + 600];
    memset(joined, 0, 8);
    joined[8] = LT_CT_APPLICATION_DATA;
    joined[9] = 3;
    joined[10] = 3;
    joined[11] = (uint8_t)(n >> 8);
    joined[12] = (uint8_t)n;
    for (size_t i = 0; i < n; i++)
        body[i] = joined[13 + i] = (uint8_t)(i * 5);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_hmac_oneshot(alg, mac_key, mac_len, joined, 13 + n, body + n, &err));
    memset(body + n + mac_len, (int)pad, pad + 1);
    return n + mac_len + pad + 1;
}

static void check_one(lt_hash_alg alg, uint8_t *body, size_t len, bool want_good, size_t want_len)
{
    lt_error err;
    lt_error_clear(&err);
    uint32_t good = 0;
    size_t plain_len = 0;
    VALGRIND_MAKE_MEM_UNDEFINED(body, len);
    CHECK(lt_cbc_mte_check(alg, mac_key, 0, LT_CT_APPLICATION_DATA, 0x0303, body, len, &good,
                           &plain_len, &err));
    VALGRIND_MAKE_MEM_DEFINED(body, len);
    VALGRIND_MAKE_MEM_DEFINED(&good, sizeof(good));
    VALGRIND_MAKE_MEM_DEFINED(&plain_len, sizeof(plain_len));
    CHECK(good == (want_good ? 0xffffffffu : 0));
    if (want_good)
        CHECK(plain_len == want_len);
}

int main(void)
{
    const lt_hash_alg algs[] = {LT_HASH_SHA1, LT_HASH_SHA256, LT_HASH_SHA384};
    uint8_t body[1024];
    int runs = 0;
    for (size_t a = 0; a < 3; a++) {
        size_t mac_len = lt_hash_len(algs[a]);
        /* The same 320-byte (or so) body with every padding length that
         * fits: good, then with a bad padding byte, then a bad MAC. */
        for (size_t pad = 0; pad < 256; pad += 15) {
            size_t n = 300 - pad - (300 + mac_len + 1) % 16;
            size_t len = make_body(algs[a], n, pad, body);
            check_one(algs[a], body, len, true, n);
            body[len - 1 - pad / 2] ^= pad == 0 ? 0 : 0x40;
            check_one(algs[a], body, len, pad == 0, n);
            len = make_body(algs[a], n, pad, body);
            body[n] ^= 1;
            check_one(algs[a], body, len, false, n);
            runs += 3;
        }
        /* Short bodies: the padding length byte says more than there is. */
        size_t len = make_body(algs[a], 3, 4, body);
        body[len - 1] = 200;
        check_one(algs[a], body, len, false, 0);
        runs++;
    }
    printf("constant-time check: %d bodies%s\n", runs,
           RUNNING_ON_VALGRIND ? ", under Valgrind" : " (not under Valgrind: results only)");
    return check_finish("record_cbc_ct");
}
