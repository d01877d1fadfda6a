/*
 * The (EC)DHE shared secret of an RFC 8448 trace from the private keys
 * it prints, and its traffic keys and IVs (AES-128-GCM, SHA-256), checked
 * against the named vectors; and a Finished message. Shared by
 * test_rfc8448_auth.c (section 6), test_rfc8448_resume.c (section 4) and
 * test_rfc8448_hrr.c (section 5).
 */
#ifndef LATCH_TEST_RFC8448_KEYS_H
#define LATCH_TEST_RFC8448_KEYS_H

#include "crypto/kex.h"
#include "rfc8448_vectors.h"
#include "tls/keysched13.h"
#include "tls/msg13.h"

/* One side's key of the group from its private key in f: the public
 * value must be the one the RFC prints; then the shared secret (32
 * bytes for x25519 and P-256) with the other side's public value. */
static inline void rfc8448_kex_side(const rfc8448_file *f, uint16_t group, const char *priv_name,
                                    const char *pub_name, const char *peer_name, uint8_t secret[32],
                                    lt_error *err)
{
    size_t priv_len, peer_len, want_pub_len, pub_len = 0, secret_len = 0;
    const uint8_t *priv = rfc8448_get(f, priv_name, &priv_len);
    const uint8_t *peer = rfc8448_get(f, peer_name, &peer_len);
    rfc8448_get(f, pub_name, &want_pub_len);
    uint8_t pub[LT_KEX_MAX_PUBLIC];
    lt_kex k;
    CHECK(lt_kex_from_private(&k, group, priv, priv_len, pub, sizeof(pub), &pub_len, err));
    RFC8448_WANT(f, pub_name, pub, pub_len);
    CHECK(lt_kex_derive(&k, peer, peer_len, secret, 32, &secret_len, err));
    CHECK(secret_len == 32);
    lt_kex_free(&k);
}

/* Both sides' shared secrets from the keys named client_<name>_private
 * and so on: the same, and returned in ecdhe. */
static inline void rfc8448_ecdhe(const rfc8448_file *f, uint16_t group, const char *name,
                                 uint8_t ecdhe[32], lt_error *err)
{
    char c_priv[48], c_pub[48], s_priv[48], s_pub[48];
    snprintf(c_priv, sizeof(c_priv), "client_%s_private", name);
    snprintf(c_pub, sizeof(c_pub), "client_%s_public", name);
    snprintf(s_priv, sizeof(s_priv), "server_%s_private", name);
    snprintf(s_pub, sizeof(s_pub), "server_%s_public", name);
    uint8_t server_side[32];
    rfc8448_kex_side(f, group, c_priv, c_pub, s_pub, ecdhe, err);
    rfc8448_kex_side(f, group, s_priv, s_pub, c_pub, server_side, err);
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
