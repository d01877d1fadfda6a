/*
 * The x25519 shared secret of an RFC 8448 trace from the private keys it
 * prints, and its traffic keys and IVs (AES-128-GCM, SHA-256), checked
 * against the named vectors. Shared by test_rfc8448_auth.c (section 6)
 * and test_rfc8448_resume.c (section 4); and a Finished message.
 */
#ifndef LATCH_TEST_RFC8448_KEYS_H
#define LATCH_TEST_RFC8448_KEYS_H

#include "crypto/kex.h"
#include "rfc8448_vectors.h"
#include "tls/keysched13.h"
#include "tls/msg13.h"

/* One side's x25519 key from its private key in f: the public value must
 * be the one the RFC prints; then the shared secret with the other
 * side's public value. */
static inline void rfc8448_x25519_side(const rfc8448_file *f, const char *priv_name,
                                       const char *pub_name, const char *peer_name,
                                       uint8_t secret[32], lt_error *err)
{
    size_t priv_len, peer_len, pub_len = 0, secret_len = 0;
    const uint8_t *priv = rfc8448_get(f, priv_name, &priv_len);
    const uint8_t *peer = rfc8448_get(f, peer_name, &peer_len);
    uint8_t pub[LT_KEX_MAX_PUBLIC];
    lt_kex k;
    CHECK(
        lt_kex_from_private(&k, LT_GROUP_X25519, priv, priv_len, pub, sizeof(pub), &pub_len, err));
    CHECK(pub_len == 32);
    RFC8448_WANT(f, pub_name, pub, 32);
    CHECK(lt_kex_derive(&k, peer, peer_len, secret, 32, &secret_len, err));
    CHECK(secret_len == 32);
    lt_kex_free(&k);
}

/* Both sides' shared secrets: the same, and returned in ecdhe. */
static inline void rfc8448_x25519(const rfc8448_file *f, uint8_t ecdhe[32], lt_error *err)
{
    uint8_t server_side[32];
    rfc8448_x25519_side(f, "client_x25519_private", "client_x25519_public", "server_x25519_public",
                        ecdhe, err);
    rfc8448_x25519_side(f, "server_x25519_private", "server_x25519_public", "client_x25519_public",
                        server_side, err);
    CHECK_MEM(ecdhe, server_side, 32);
}

/* The key and IV of a traffic secret are the named vectors. */
static inline void rfc8448_check_keys(const rfc8448_file *f, const uint8_t *secret,
                                      const char *key_name, const char *iv_name, lt_error *err)
{
    uint8_t key[16], iv[12];
    CHECK(lt_tls13_traffic_keys(LT_HASH_SHA256, LT_AEAD_AES_128_GCM, secret, key, iv, err));
    RFC8448_WANT(f, key_name, key, 16);
    RFC8448_WANT(f, iv_name, iv, 12);
}

/* A Finished message written by latch for a base key over a transcript
 * hash th, compared with the named message of f. */
static inline void rfc8448_check_finished(const rfc8448_file *f, const uint8_t *base_key,
                                          const uint8_t th[32], const char *finished_name,
                                          lt_error *err)
{
    lt_finished13 fin = {.len = 32};
    CHECK(lt_tls13_finished(LT_HASH_SHA256, base_key, th, 32, fin.verify_data, err));
    uint8_t buf[64];
    lt_writer w;
    lt_writer_init_fixed(&w, buf, sizeof(buf));
    lt_finished13_write(&fin, &w);
    CHECK(lt_writer_ok(&w));
    RFC8448_WANT(f, finished_name, buf, w.len);
}

#endif
