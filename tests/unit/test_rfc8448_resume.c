/*
 * RFC 8448 section 4, "Resumed 0-RTT Handshake", without its early data,
 * byte for byte (tests/data/rfc8448/section4.txt): the ClientHello's
 * pre_shared_key read with latch's parser and its binder computed with
 * latch's binder function; the x25519 shared secret from the trace's
 * private keys; the key schedule from the PSK's early secret on; both
 * Finished messages; the server's encrypted flight and the client's
 * Finished record, opened and sealed again with latch's record layer.
 * Transcript hashes are taken here from the messages the RFC prints.
 */
#include "rfc8448_keys.h"
#include "rfc8448_record.h"
#include "tls/conn.h"
#include "tls/msg13.h"
#include "tls/psk13_offer.h"
#include "tls/resume13.h"

#include <string.h>

static const lt_hash_alg H = LT_HASH_SHA256;
static rfc8448_file s4;
static lt_error err;

/* The handshake messages in the order of the trace. The client's early
 * data accepted, its EndOfEarlyData is in the transcript of its Finished
 * (RFC 8446 4.4.1); latch never sends one, but hashes what the RFC
 * lists to meet the RFC's values. */
enum { CH, SH, EE, SFIN, EOED, CFIN, MESSAGES };
static const char *const order[MESSAGES] = {"client_hello",         "server_hello",
                                            "encrypted_extensions", "server_finished",
                                            "end_of_early_data",    "client_finished"};

/* The transcript hash of the messages before index end. */
static void transcript(size_t end, uint8_t th[32])
{
    const char *names[MESSAGES + 1];
    for (size_t i = 0; i < end; i++)
        names[i] = order[i];
    names[end] = NULL;
    rfc8448_transcript(&s4, names, th);
}

/* The Finished message over the messages before end. */
static void check_finished(const uint8_t *base_key, size_t end, const char *finished_name)
{
    uint8_t th[32];
    transcript(end, th);
    rfc8448_check_finished(&s4, base_key, th, finished_name, &err);
}

/* The binder latch's own function (psk13.c) computes for a PSK over a
 * truncated ClientHello, on a client connection before its first hello
 * (an empty transcript, as without a HelloRetryRequest). */
static void latch_binder(const uint8_t *psk, const uint8_t *trunc, size_t trunc_len,
                         uint8_t out[32])
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    latch_conn *c = latch_conn_new(cfg, "server");
    CHECK(c != NULL && c->hs != NULL && !lt_error_is_set(&c->err));
    CHECK(lt_psk13_binder(c, H, psk, trunc, trunc_len, out));
    if (lt_error_is_set(&c->err))
        fprintf(stderr, "binder: %s\n", c->err.message);
    latch_conn_free(c);
    latch_config_free(cfg);
}

/* The ClientHello: one PSK identity (section 3's ticket, its obfuscated
 * age), one binder, and early_data; the binder is what latch computes
 * over the hello truncated before its binders (RFC 8446 4.2.11.2). */
static void test_client_hello(void)
{
    lt_error_clear(&err);
    size_t len;
    const uint8_t *msg = rfc8448_get(&s4, "client_hello", &len);
    uint8_t type;
    lt_span body = {NULL, 0};
    CHECK(lt_hs_split(msg, len, &type, &body, &err) && type == LT_HS_CLIENT_HELLO);
    static lt_client_hello ch;
    CHECK(lt_client_hello_parse(body.data, body.len, &ch, &err));
    CHECK(lt_ext13_check_allowed(ch.ext.types, ch.ext.count, LT_EXT13_CH, &err));
    CHECK(ch.ext.tls13.early_data.present && ch.ext.tls13.pre_shared_key.present);
    CHECK(ch.ext.types[ch.ext.count - 1] == LT_EXT_PRE_SHARED_KEY);

    lt_offered_psks offer;
    CHECK(lt_offered_psks_parse(ch.ext.tls13.pre_shared_key.offer, &offer, &err));
    CHECK(offer.count == 1);
    const lt_psk_identity *id = &offer.ids[0];
    CHECK(id->ticket.len == 0xb2 && memcmp(id->ticket.data, "\x2c\x03\x5d\x82", 4) == 0);
    CHECK(id->obfuscated_age == 0xfad6aacb);
    size_t binder_len;
    const uint8_t *binder = rfc8448_get(&s4, "binder", &binder_len);
    CHECK(id->binder.len == binder_len && memcmp(id->binder.data, binder, binder_len) == 0);

    /* What the binder covers is the hello less its binders list. */
    size_t prefix_len;
    const uint8_t *prefix = rfc8448_get(&s4, "client_hello_prefix", &prefix_len);
    CHECK(offer.binders_len == 2 + 1 + 32 && len - offer.binders_len == prefix_len);
    CHECK_MEM(msg, prefix, prefix_len);

    uint8_t got[32];
    latch_binder(rfc8448_get(&s4, "psk", NULL), msg, len - offer.binders_len, got);
    RFC8448_WANT(&s4, "binder", got, 32);
    /* A hello changed in transit (its random's first byte) binds to
     * another value: what the server's check refuses. */
    uint8_t *changed = malloc(prefix_len);
    if (changed == NULL)
        abort();
    memcpy(changed, prefix, prefix_len);
    changed[6] ^= 1;
    latch_binder(rfc8448_get(&s4, "psk", NULL), changed, prefix_len, got);
    CHECK(memcmp(got, binder, 32) != 0);
    free(changed);
    CHECK(!lt_error_is_set(&err));
}

static void test_key_schedule(void)
{
    lt_error_clear(&err);
    uint8_t ecdhe[32];
    rfc8448_ecdhe(&s4, LT_GROUP_X25519, "x25519", ecdhe, &err);
    RFC8448_WANT(&s4, "ecdhe", ecdhe, 32);

    lt_keysched13 ks;
    CHECK(lt_ks13_early(&ks, H, rfc8448_get(&s4, "psk", NULL), 32, &err));
    RFC8448_WANT(&s4, "early_secret", ks.secret, 32);
    /* The early traffic and early exporter secrets, as pure key-schedule
     * values over the whole ClientHello: latch derives neither (no
     * 0-RTT). */
    uint8_t th[32], secret[32];
    transcript(SH, th);
    CHECK(lt_tls13_derive_secret(H, ks.secret, "c e traffic", th, 32, secret, &err));
    RFC8448_WANT(&s4, "c_e_traffic", secret, 32);
    CHECK(lt_tls13_derive_secret(H, ks.secret, "e exp master", th, 32, secret, &err));
    RFC8448_WANT(&s4, "e_exp_master", secret, 32);

    uint8_t empty_hash[32], derived[32];
    CHECK(lt_hash_oneshot(H, NULL, 0, empty_hash, &err));
    CHECK(lt_tls13_derive_secret(H, ks.secret, "derived", empty_hash, 32, derived, &err));
    RFC8448_WANT(&s4, "derived_for_handshake", derived, 32);
    CHECK(lt_ks13_handshake(&ks, ecdhe, 32, &err));
    RFC8448_WANT(&s4, "handshake_secret", ks.secret, 32);

    uint8_t c_hs[32], s_hs[32];
    transcript(EE, th);
    CHECK(lt_ks13_handshake_traffic(&ks, th, 32, c_hs, s_hs, &err));
    RFC8448_WANT(&s4, "c_hs_traffic", c_hs, 32);
    RFC8448_WANT(&s4, "s_hs_traffic", s_hs, 32);
    rfc8448_check_keys(&s4, s_hs, "server_hs_key", "server_hs_iv", &err);
    rfc8448_check_keys(&s4, c_hs, "client_hs_key", "client_hs_iv", &err);

    CHECK(lt_tls13_derive_secret(H, ks.secret, "derived", empty_hash, 32, derived, &err));
    RFC8448_WANT(&s4, "derived_for_master", derived, 32);
    CHECK(lt_ks13_master(&ks, &err));
    RFC8448_WANT(&s4, "master_secret", ks.secret, 32);

    /* A resumed handshake has no Certificate or CertificateVerify: the
     * server's Finished follows its EncryptedExtensions. */
    check_finished(s_hs, SFIN, "server_finished");

    uint8_t c_ap[32], s_ap[32], exporter[32];
    transcript(EOED, th);
    CHECK(lt_ks13_app_traffic(&ks, th, 32, c_ap, s_ap, exporter, &err));
    RFC8448_WANT(&s4, "c_ap_traffic", c_ap, 32);
    RFC8448_WANT(&s4, "s_ap_traffic", s_ap, 32);
    RFC8448_WANT(&s4, "exp_master", exporter, 32);
    rfc8448_check_keys(&s4, s_ap, "server_ap_key", "server_ap_iv", &err);
    rfc8448_check_keys(&s4, c_ap, "client_ap_key", "client_ap_iv", &err);

    check_finished(c_hs, CFIN, "client_finished");
    uint8_t res[32];
    transcript(MESSAGES, th);
    CHECK(lt_ks13_resumption(&ks, th, 32, res, &err));
    RFC8448_WANT(&s4, "res_master_resumed", res, 32);

    if (lt_error_is_set(&err))
        fprintf(stderr, "%s\n", err.message);
    CHECK(!lt_error_is_set(&err));
    lt_ks13_wipe(&ks);
}

static void test_records(void)
{
    /* The server's EncryptedExtensions and Finished are one record, its
     * first under the handshake keys. */
    static const char *const flight[] = {"encrypted_extensions", "server_finished", NULL};
    size_t len;
    uint8_t *bytes = rfc8448_concat(&s4, flight, &len);
    rfc8448_check_record(&s4, "server_handshake_record", "s_hs_traffic", 0, LT_CT_HANDSHAKE, bytes,
                         len);
    free(bytes);
    /* The client's EndOfEarlyData went under the early traffic keys, so
     * its Finished is the first record under the handshake keys. */
    const uint8_t *fin = rfc8448_get(&s4, "client_finished", &len);
    rfc8448_check_record(&s4, "client_handshake_record", "c_hs_traffic", 0, LT_CT_HANDSHAKE, fin,
                         len);
}

int main(void)
{
    rfc8448_load(&s4, "section4.txt");
    test_client_hello();
    test_key_schedule();
    test_records();
    rfc8448_free(&s4);
    return check_finish("rfc8448_resume");
}
