/*
 * The TLS 1.3 key schedule (src/tls/keysched13.c) against RFC 8448,
 * byte for byte (tests/data/rfc8448/): section 3's simple 1-RTT
 * handshake (every secret, the traffic keys and IVs, both Finished
 * values), section 4's resumption (the ticket's PSK, the early secret,
 * the binder key and binder) and section 5's HelloRetryRequest (the
 * transcript with message_hash in place of the first ClientHello, and the
 * secrets from it). Transcript hashes are taken here from the messages
 * the RFC prints, and checked against the hashes it prints too.
 */
#include "base/mem.h"
#include "check.h"
#include "crypto/hash.h"
#include "rfc8448_vectors.h"
#include "crypto/hkdf.h"
#include "tls/keysched13.h"

#include <string.h>

static lt_error err;

static void test_section3(void)
{
    rfc8448_file f;
    rfc8448_load(&f, "section3.txt");
    const lt_hash_alg H = LT_HASH_SHA256;
    lt_error_clear(&err);

    lt_keysched13 ks;
    CHECK(lt_ks13_early(&ks, H, NULL, 0, &err));
    CHECK(ks.stage == LT_KS13_EARLY && ks.len == 32);
    RFC8448_WANT(&f, "early_secret", ks.secret, 32);

    /* Derive-Secret(early, "derived", "") on its own, as the RFC prints it. */
    uint8_t empty_hash[32], derived[32];
    CHECK(lt_hash_oneshot(H, NULL, 0, empty_hash, &err));
    CHECK(lt_tls13_derive_secret(H, ks.secret, "derived", empty_hash, 32, derived, &err));
    RFC8448_WANT(&f, "derived_for_handshake", derived, 32);

    size_t ecdhe_len;
    const uint8_t *ecdhe = rfc8448_get(&f, "ecdhe", &ecdhe_len);
    CHECK(lt_ks13_handshake(&ks, ecdhe, ecdhe_len, &err));
    RFC8448_WANT(&f, "handshake_secret", ks.secret, 32);

    static const char *const hello[] = {"client_hello", "server_hello", NULL};
    uint8_t th[32];
    rfc8448_transcript(&f, hello, th);
    RFC8448_WANT(&f, "hello_hash", th, 32);
    uint8_t c_hs[32], s_hs[32];
    CHECK(lt_ks13_handshake_traffic(&ks, th, 32, c_hs, s_hs, &err));
    RFC8448_WANT(&f, "c_hs_traffic", c_hs, 32);
    RFC8448_WANT(&f, "s_hs_traffic", s_hs, 32);

    CHECK(lt_tls13_derive_secret(H, ks.secret, "derived", empty_hash, 32, derived, &err));
    RFC8448_WANT(&f, "derived_for_master", derived, 32);
    CHECK(lt_ks13_master(&ks, &err));
    CHECK(ks.stage == LT_KS13_MASTER);
    RFC8448_WANT(&f, "master_secret", ks.secret, 32);

    /* Traffic keys: "key" and "iv" (RFC 8446 7.3). */
    uint8_t key[16], iv[12];
    CHECK(lt_tls13_traffic_keys(H, LT_AEAD_AES_128_GCM, s_hs, key, iv, &err));
    RFC8448_WANT(&f, "server_hs_key", key, 16);
    RFC8448_WANT(&f, "server_hs_iv", iv, 12);
    CHECK(lt_tls13_traffic_keys(H, LT_AEAD_AES_128_GCM, c_hs, key, iv, &err));
    RFC8448_WANT(&f, "client_hs_key", key, 16);
    RFC8448_WANT(&f, "client_hs_iv", iv, 12);

    /* The server's Finished covers ClientHello..CertificateVerify. */
    static const char *const to_cv[] = {"client_hello",         "server_hello",
                                        "encrypted_extensions", "certificate",
                                        "certificate_verify",   NULL};
    uint8_t verify[32], finished_key[32];
    rfc8448_transcript(&f, to_cv, th);
    CHECK(lt_tls13_expand_label(H, s_hs, "finished", NULL, 0, finished_key, 32, &err));
    RFC8448_WANT(&f, "server_finished_key", finished_key, 32);
    CHECK(lt_tls13_finished(H, s_hs, th, 32, verify, &err));
    RFC8448_WANT(&f, "server_verify_data", verify, 32);
    size_t fin_len;
    const uint8_t *fin = rfc8448_get(&f, "server_finished", &fin_len);
    CHECK(fin_len == 36 && memcmp(fin + 4, verify, 32) == 0);

    static const char *const to_sf[] = {"client_hello",
                                        "server_hello",
                                        "encrypted_extensions",
                                        "certificate",
                                        "certificate_verify",
                                        "server_finished",
                                        NULL};
    rfc8448_transcript(&f, to_sf, th);
    RFC8448_WANT(&f, "server_finished_hash", th, 32);
    uint8_t c_ap[32], s_ap[32], exporter[32];
    CHECK(lt_ks13_app_traffic(&ks, th, 32, c_ap, s_ap, exporter, &err));
    RFC8448_WANT(&f, "c_ap_traffic", c_ap, 32);
    RFC8448_WANT(&f, "s_ap_traffic", s_ap, 32);
    RFC8448_WANT(&f, "exp_master", exporter, 32);
    CHECK(lt_tls13_traffic_keys(H, LT_AEAD_AES_128_GCM, s_ap, key, iv, &err));
    RFC8448_WANT(&f, "server_ap_key", key, 16);
    RFC8448_WANT(&f, "server_ap_iv", iv, 12);
    CHECK(lt_tls13_traffic_keys(H, LT_AEAD_AES_128_GCM, c_ap, key, iv, &err));
    RFC8448_WANT(&f, "client_ap_key", key, 16);
    RFC8448_WANT(&f, "client_ap_iv", iv, 12);

    /* The client's Finished covers ClientHello..server Finished. */
    CHECK(lt_tls13_expand_label(H, c_hs, "finished", NULL, 0, finished_key, 32, &err));
    RFC8448_WANT(&f, "client_finished_key", finished_key, 32);
    CHECK(lt_tls13_finished(H, c_hs, th, 32, verify, &err));
    RFC8448_WANT(&f, "client_verify_data", verify, 32);

    static const char *const to_cf[] = {
        "client_hello",       "server_hello",    "encrypted_extensions", "certificate",
        "certificate_verify", "server_finished", "client_finished",      NULL};
    rfc8448_transcript(&f, to_cf, th);
    RFC8448_WANT(&f, "client_finished_hash", th, 32);
    uint8_t res[32];
    CHECK(lt_ks13_resumption(&ks, th, 32, res, &err));
    RFC8448_WANT(&f, "res_master", res, 32);

    CHECK(!lt_error_is_set(&err));
    lt_ks13_wipe(&ks);
    static const uint8_t zeros[LT_TLS13_SECRET_MAX];
    CHECK(ks.stage == LT_KS13_NONE && memcmp(ks.secret, zeros, sizeof(zeros)) == 0);
    rfc8448_free(&f);
}

static void test_section4(void)
{
    rfc8448_file f;
    rfc8448_load(&f, "section4.txt");
    const lt_hash_alg H = LT_HASH_SHA256;
    lt_error_clear(&err);

    size_t nonce_len;
    const uint8_t *res = rfc8448_get(&f, "res_master", NULL);
    const uint8_t *nonce = rfc8448_get(&f, "ticket_nonce", &nonce_len);
    uint8_t psk[32];
    CHECK(lt_tls13_ticket_psk(H, res, nonce, nonce_len, psk, &err));
    RFC8448_WANT(&f, "psk", psk, 32);

    lt_keysched13 ks;
    CHECK(lt_ks13_early(&ks, H, psk, sizeof(psk), &err));
    RFC8448_WANT(&f, "early_secret", ks.secret, 32);

    uint8_t binder_key[32];
    CHECK(lt_ks13_binder_key(&ks, LT_BINDER_RESUMPTION, binder_key, &err));
    RFC8448_WANT(&f, "binder_key", binder_key, 32);
    /* The external binder label gives another key. */
    uint8_t ext_key[32];
    CHECK(lt_ks13_binder_key(&ks, LT_BINDER_EXTERNAL, ext_key, &err));
    CHECK(memcmp(ext_key, binder_key, 32) != 0);

    /* RFC 8446 4.2.11.2: the binder is a Finished over the ClientHello
     * truncated before its binders. */
    static const char *const prefix[] = {"client_hello_prefix", NULL};
    uint8_t th[32], finished_key[32], binder[32];
    rfc8448_transcript(&f, prefix, th);
    RFC8448_WANT(&f, "binder_hash", th, 32);
    CHECK(lt_tls13_expand_label(H, binder_key, "finished", NULL, 0, finished_key, 32, &err));
    RFC8448_WANT(&f, "binder_finished_key", finished_key, 32);
    CHECK(lt_tls13_finished(H, binder_key, th, 32, binder, &err));
    RFC8448_WANT(&f, "binder", binder, 32);

    CHECK(!lt_error_is_set(&err));
    lt_ks13_wipe(&ks);
    rfc8448_free(&f);
}

static void test_section5(void)
{
    rfc8448_file f;
    rfc8448_load(&f, "section5.txt");
    const lt_hash_alg H = LT_HASH_SHA256;
    lt_error_clear(&err);

    /* RFC 8446 4.4.1: message_hash(Hash(ClientHello1)), then the rest. */
    size_t ch1_len;
    const uint8_t *ch1 = rfc8448_get(&f, "client_hello1", &ch1_len);
    uint8_t ch1_hash[32], synthetic[LT_TLS13_MESSAGE_HASH_MAX];
    size_t synthetic_len = 0;
    CHECK(lt_hash_oneshot(H, ch1, ch1_len, ch1_hash, &err));
    CHECK(lt_tls13_message_hash(H, ch1_hash, 32, synthetic, &synthetic_len, &err));
    CHECK(synthetic_len == 36);
    CHECK(synthetic[0] == 254 && synthetic[1] == 0 && synthetic[2] == 0 && synthetic[3] == 32);
    /* The one test_rfc8448_hrr.c, test_rfc8448_cv.c hash in its place. */
    RFC8448_WANT(&f, "message_hash", synthetic, synthetic_len);
    lt_hash h;
    CHECK(lt_hash_init(&h, H, &err));
    CHECK(lt_hash_update(&h, synthetic, synthetic_len, &err));
    static const char *const rest[] = {"hello_retry_request", "client_hello2", "server_hello"};
    for (size_t i = 0; i < 3; i++) {
        size_t len;
        const uint8_t *m = rfc8448_get(&f, rest[i], &len);
        CHECK(lt_hash_update(&h, m, len, &err));
    }
    uint8_t th[32];
    CHECK(lt_hash_final(&h, th, &err));
    lt_hash_free(&h);
    RFC8448_WANT(&f, "hello_hash", th, 32);

    lt_keysched13 ks;
    size_t ecdhe_len;
    const uint8_t *ecdhe = rfc8448_get(&f, "ecdhe", &ecdhe_len);
    CHECK(lt_ks13_early(&ks, H, NULL, 0, &err));
    CHECK(lt_ks13_handshake(&ks, ecdhe, ecdhe_len, &err));
    RFC8448_WANT(&f, "handshake_secret", ks.secret, 32);
    uint8_t c_hs[32], s_hs[32];
    CHECK(lt_ks13_handshake_traffic(&ks, th, 32, c_hs, s_hs, &err));
    RFC8448_WANT(&f, "c_hs_traffic", c_hs, 32);
    RFC8448_WANT(&f, "s_hs_traffic", s_hs, 32);
    CHECK(lt_ks13_master(&ks, &err));
    RFC8448_WANT(&f, "master_secret", ks.secret, 32);

    /* Hashing the first ClientHello itself instead gives other secrets. */
    static const char *const plain[] = {"client_hello1", "hello_retry_request", "client_hello2",
                                        "server_hello", NULL};
    uint8_t wrong[32];
    rfc8448_transcript(&f, plain, wrong);
    CHECK(memcmp(wrong, th, 32) != 0);

    CHECK(!lt_error_is_set(&err));
    lt_ks13_wipe(&ks);
    rfc8448_free(&f);
}

/* The next traffic secret ("traffic upd"), against its definition. */
static void test_traffic_update(void)
{
    const lt_hash_alg H = LT_HASH_SHA256;
    uint8_t secret[32], want[32];
    check_hex("a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643", secret, 32);
    lt_error_clear(&err);
    CHECK(lt_tls13_expand_label(H, secret, "traffic upd", NULL, 0, want, 32, &err));
    CHECK(lt_tls13_next_traffic_secret(H, secret, &err));
    CHECK_MEM(secret, want, 32);
    /* The HkdfLabel of "traffic upd" (RFC 8446 7.1), built by hand:
     * length 32, "tls13 traffic upd", empty context. */
    static const uint8_t label[] = {0x00, 0x20, 17,  't', 'l', 's', '1', '3', ' ', 't', 'r',
                                    'a',  'f',  'f', 'i', 'c', ' ', 'u', 'p', 'd', 0x00};
    uint8_t prev[32], by_hand[32];
    check_hex("a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643", prev, 32);
    CHECK(lt_hkdf_expand(H, prev, 32, label, sizeof(label), by_hand, 32, &err));
    CHECK_MEM(by_hand, want, 32);
    CHECK(!lt_error_is_set(&err));
}

/* Exporters (RFC 8446 7.5), checked against their definition with an
 * empty context and with one. */
static void test_exporter(void)
{
    const lt_hash_alg H = LT_HASH_SHA256;
    uint8_t exp_master[32], out[40], step[32], ctx_hash[32], want[40];
    check_hex("fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50", exp_master, 32);
    static const uint8_t context[] = "some context";
    lt_error_clear(&err);
    uint8_t empty_hash[32];
    CHECK(lt_hash_oneshot(H, NULL, 0, empty_hash, &err));
    CHECK(lt_tls13_derive_secret(H, exp_master, "EXPORTER-test", empty_hash, 32, step, &err));
    CHECK(lt_hash_oneshot(H, context, sizeof(context) - 1, ctx_hash, &err));
    CHECK(lt_tls13_expand_label(H, step, "exporter", ctx_hash, 32, want, sizeof(want), &err));
    CHECK(lt_tls13_export(H, exp_master, "EXPORTER-test", context, sizeof(context) - 1, out,
                          sizeof(out), &err));
    CHECK_MEM(out, want, sizeof(want));
    /* No context is the empty context: Hash(""). */
    CHECK(lt_tls13_expand_label(H, step, "exporter", empty_hash, 32, want, sizeof(want), &err));
    CHECK(lt_tls13_export(H, exp_master, "EXPORTER-test", NULL, 0, out, sizeof(out), &err));
    CHECK_MEM(out, want, sizeof(want));
    CHECK(!lt_error_is_set(&err));
}

/* SHA-384 (TLS_AES_256_GCM_SHA384): 48-byte secrets and a 32-byte key. */
static void test_sha384(void)
{
    lt_keysched13 ks;
    lt_error_clear(&err);
    CHECK(lt_ks13_early(&ks, LT_HASH_SHA384, NULL, 0, &err));
    CHECK(ks.len == 48);
    /* HKDF-Extract(0^48, 0^48) is HMAC-SHA384 keyed with zeros over zeros. */
    uint8_t zeros[48] = {0}, want[48];
    CHECK(lt_hmac_oneshot(LT_HASH_SHA384, zeros, 48, zeros, 48, want, &err));
    CHECK_MEM(ks.secret, want, 48);
    uint8_t key[32], iv[12];
    CHECK(lt_tls13_traffic_keys(LT_HASH_SHA384, LT_AEAD_AES_256_GCM, ks.secret, key, iv, &err));
    uint8_t by_label[32];
    CHECK(lt_tls13_expand_label(LT_HASH_SHA384, ks.secret, "key", NULL, 0, by_label, 32, &err));
    CHECK_MEM(key, by_label, 32);
    CHECK(!lt_error_is_set(&err));
    lt_ks13_wipe(&ks);
}

/* Steps out of order, wrong lengths and over-long labels fail with a
 * sentence, and leave no output behind. */
static void test_misuse(void)
{
    lt_keysched13 ks;
    uint8_t a[32], b[32], th[32] = {0};
    static const uint8_t zeros[32];
    lt_error_clear(&err);
    CHECK(lt_ks13_early(&ks, LT_HASH_SHA256, NULL, 0, &err));
    memset(a, 0xaa, sizeof(a));
    memset(b, 0xaa, sizeof(b));
    CHECK(!lt_ks13_app_traffic(&ks, th, 32, a, b, NULL, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
    CHECK(strstr(err.message, "application traffic secrets from the early secret") != NULL);
    CHECK(!lt_ks13_master(&ks, &err));

    lt_error_clear(&err);
    CHECK(lt_ks13_handshake(&ks, zeros, 32, &err));
    memset(a, 0xaa, sizeof(a));
    memset(b, 0xaa, sizeof(b));
    CHECK(!lt_ks13_handshake_traffic(&ks, th, 31, a, b, &err));
    CHECK(strstr(err.message, "31-byte transcript hash") != NULL);
    CHECK_MEM(a, zeros, 32);
    CHECK_MEM(b, zeros, 32);

    lt_error_clear(&err);
    char label[LT_TLS13_LABEL_MAX + 2];
    memset(label, 'x', sizeof(label) - 1);
    label[sizeof(label) - 1] = '\0';
    memset(a, 0xaa, sizeof(a));
    CHECK(!lt_tls13_expand_label(LT_HASH_SHA256, zeros, label, NULL, 0, a, 32, &err));
    CHECK(strstr(err.message, "RFC 8446 7.1") != NULL);
    CHECK_MEM(a, zeros, 32);
    label[sizeof(label) - 2] = '\0'; /* exactly the longest label */
    lt_error_clear(&err);
    CHECK(lt_tls13_expand_label(LT_HASH_SHA256, zeros, label, NULL, 0, a, 32, &err));

    lt_error_clear(&err);
    memset(a, 0xaa, sizeof(a));
    CHECK(!lt_tls13_finished(LT_HASH_SHA256, zeros, th, 48, a, &err));
    CHECK_MEM(a, zeros, 32);

    lt_error_clear(&err);
    size_t n = 0;
    uint8_t synthetic[LT_TLS13_MESSAGE_HASH_MAX];
    CHECK(!lt_tls13_message_hash(LT_HASH_SHA384, th, 32, synthetic, &n, &err));
    lt_ks13_wipe(&ks);
}

int main(void)
{
    test_section3();
    test_section4();
    test_section5();
    test_traffic_update();
    test_exporter();
    test_sha384();
    test_misuse();
    return check_finish("keysched13");
}
