/* The per-config cache of certificates' public keys: a certificate seen
 * again shares the key decoded the first time, the right key for every
 * certificate, the least recently used key goes when the cache is full, a
 * key that does not decode is never kept, and threads share the cache. */
#include "x509/key_cache.h"
#include "check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x509/cert_build.h"

#define NOW INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define N_CERTS (LT_KEY_CACHE_SLOTS + 2)

static const uint8_t msg[] = "client_random || server_random || params";

/* A self-signed P-256 certificate and a signature of msg by its key. */
typedef struct fixture {
    lt_writer der;
    lt_cert cert;
    uint8_t sig[LT_SIG_MAX_LEN];
    size_t sig_len;
} fixture;

static fixture certs[N_CERTS];

static void make(fixture *f, int i)
{
    lt_error err;
    lt_error_clear(&err);
    char cn[32];
    snprintf(cn, sizeof(cn), "key cache %d", i);
    lt_cert_spec spec = {.common_name = cn, .not_before = NOW, .not_after = NOW + 86400};
    lt_privkey key;
    lt_writer_init_growable(&f->der, 0);
    bool ok = lt_privkey_generate(&key, LT_KEY_EC_P256, 0, &err) &&
              lt_cert_build(&spec, &key, NULL, &f->der, &err) &&
              lt_cert_parse(&f->cert, f->der.data, f->der.len, &err) &&
              lt_sign(&key, LT_SIG_ECDSA_SECP256R1_SHA256, msg, sizeof(msg), f->sig, sizeof(f->sig),
                      &f->sig_len, &err);
    lt_privkey_free(&key);
    if (!ok) {
        fprintf(stderr, "fixture %d: %s\n", i, err.message);
        abort();
    }
}

static bool verifies(const lt_pubkey *key, const fixture *f)
{
    lt_error err;
    lt_error_clear(&err);
    return lt_verify(key, LT_SIG_ECDSA_SECP256R1_SHA256, msg, sizeof(msg), f->sig, f->sig_len,
                     &err);
}

static bool get(lt_key_cache *kc, const lt_cert *cert, lt_pubkey *key)
{
    lt_error err;
    lt_error_clear(&err);
    return lt_key_cache_get(kc, cert, key, &err);
}

static void test_shared_and_right(void)
{
    lt_key_cache kc;
    lt_key_cache_init(&kc);
    lt_pubkey first, again, copy;
    CHECK(get(&kc, &certs[0].cert, &first));
    CHECK(get(&kc, &certs[0].cert, &again));
    CHECK(first.impl != NULL && again.impl == first.impl);
    CHECK(again.type == LT_KEY_EC_P256 && again.bits == 256);
    /* The same certificate parsed again (another connection's chain). */
    lt_cert reparsed;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_cert_parse_borrowed(&reparsed, certs[0].der.data, certs[0].der.len, &err));
    CHECK(get(&kc, &reparsed, &copy));
    CHECK(copy.impl == first.impl);
    lt_cert_free(&reparsed);
    /* Each certificate gets its own key, which checks only its own
     * signature. */
    lt_pubkey other;
    CHECK(get(&kc, &certs[1].cert, &other));
    CHECK(other.impl != first.impl);
    CHECK(verifies(&again, &certs[0]) && !verifies(&again, &certs[1]));
    CHECK(verifies(&other, &certs[1]) && !verifies(&other, &certs[0]));
    /* Holders outlive the cache. */
    lt_key_cache_free(&kc);
    CHECK(verifies(&first, &certs[0]));
    lt_pubkey_free(&first);
    lt_pubkey_free(&again);
    lt_pubkey_free(&copy);
    lt_pubkey_free(&other);
}

static void test_least_recent_goes(void)
{
    lt_key_cache kc;
    lt_key_cache_init(&kc);
    lt_pubkey held[N_CERTS];
    /* Fill every slot, then take certificate 0 again, so certificate 1
     * is the least recently used when one more comes. */
    for (int i = 0; i < LT_KEY_CACHE_SLOTS; i++)
        CHECK(get(&kc, &certs[i].cert, &held[i]));
    lt_pubkey k;
    CHECK(get(&kc, &certs[0].cert, &k) && k.impl == held[0].impl);
    lt_pubkey_free(&k);
    CHECK(get(&kc, &certs[LT_KEY_CACHE_SLOTS].cert, &held[LT_KEY_CACHE_SLOTS]));
    /* held[] keeps every old key alive, so a key decoded anew cannot
     * have an old key's address. */
    CHECK(get(&kc, &certs[0].cert, &k) && k.impl == held[0].impl);
    lt_pubkey_free(&k);
    CHECK(get(&kc, &certs[1].cert, &k) && k.impl != held[1].impl);
    CHECK(verifies(&k, &certs[1]));
    lt_pubkey_free(&k);
    for (int i = 0; i <= LT_KEY_CACHE_SLOTS; i++)
        lt_pubkey_free(&held[i]);
    lt_key_cache_free(&kc);
}

/* A point off the curve fails every time and takes no slot. */
static void test_failure_not_kept(void)
{
    lt_key_cache kc;
    lt_key_cache_init(&kc);
    lt_cert bad;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_cert_parse(&bad, certs[2].der.data, certs[2].der.len, &err));
    uint8_t *last = bad.der_copy + (bad.public_key.data - bad.der) + bad.public_key.len - 1;
    *last ^= 0x01;
    for (int round = 0; round < 2; round++) {
        lt_pubkey k;
        lt_error_clear(&err);
        CHECK(!lt_key_cache_get(&kc, &bad, &k, &err));
        CHECK(err.code == LATCH_ERR_BAD_CERTIFICATE);
        CHECK(k.impl == NULL);
    }
    for (int i = 0; i < LT_KEY_CACHE_SLOTS; i++)
        CHECK(kc.slots[i].spki == NULL);
    lt_cert_free(&bad);
    lt_key_cache_free(&kc);
}

typedef struct worker {
    lt_key_cache *kc;
    int seed;
    int good;
} worker;

/* More certificates than slots, so threads evict keys others hold. */
static void *work(void *arg)
{
    worker *w = arg;
    for (int i = 0; i < 200; i++) {
        const fixture *f = &certs[(w->seed + i * 7) % N_CERTS];
        lt_pubkey k;
        if (get(w->kc, &f->cert, &k) && verifies(&k, f))
            w->good++;
        lt_pubkey_free(&k);
    }
    return NULL;
}

static void test_threads(void)
{
    lt_key_cache kc;
    lt_key_cache_init(&kc);
    pthread_t t[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){.kc = &kc, .seed = i * 3};
        CHECK(pthread_create(&t[i], NULL, work, &w[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        CHECK(w[i].good == 200);
    }
    lt_key_cache_free(&kc);
}

int main(void)
{
    for (int i = 0; i < N_CERTS; i++)
        make(&certs[i], i);
    test_shared_and_right();
    test_least_recent_goes();
    test_failure_not_kept();
    test_threads();
    for (int i = 0; i < N_CERTS; i++) {
        lt_cert_free(&certs[i].cert);
        lt_writer_free(&certs[i].der);
    }
    return check_finish("x509_key_cache");
}
