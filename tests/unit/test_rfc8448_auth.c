/*
 * RFC 8448 section 6, "Client Authentication", byte for byte
 * (tests/data/rfc8448/section6.txt): the x25519 shared secret from the
 * trace's private keys, every secret of the key schedule, the traffic
 * keys and IVs, both Finished messages (the server's covers its
 * CertificateRequest, the client's its Certificate and CertificateVerify)
 * and the four protected records, opened and sealed again with latch's
 * record layer. Transcript hashes are taken here from the messages the
 * RFC prints.
 */
#include "rfc8448_keys.h"
#include "rfc8448_record.h"
#include "tls/keysched13.h"
#include "tls/msg13.h"

#include <string.h>

static const lt_hash_alg H = LT_HASH_SHA256;
static rfc8448_file s6;
static lt_error err;

/* The handshake messages in the order of the trace. */
enum { CH, SH, EE, CR, CRT, CV, SFIN, CCRT, CCV, CFIN, MESSAGES };
static const char *const order[MESSAGES] = {
    "client_hello",        "server_hello",       "encrypted_extensions",
    "certificate_request", "certificate",        "certificate_verify",
    "server_finished",     "client_certificate", "client_certificate_verify",
    "client_finished"};

/* The names of the messages from index begin to before end, less the
 * one at skip (MESSAGES to skip none), NULL-terminated. */
static void names_in(size_t begin, size_t end, size_t skip, const char *names[MESSAGES + 1])
{
    size_t n = 0;
    for (size_t i = begin; i < end; i++) {
        if (i != skip)
            names[n++] = order[i];
    }
    names[n] = NULL;
}

/* The transcript hash of the messages before index end, less skip. */
static void transcript(size_t end, size_t skip, uint8_t th[32])
{
    const char *names[MESSAGES + 1];
    names_in(0, end, skip, names);
    rfc8448_transcript(&s6, names, th);
}

/* The Finished message over the messages before end. */
static void check_finished(const uint8_t *base_key, size_t end, const char *finished_name)
{
    uint8_t th[32];
    transcript(end, MESSAGES, th);
    rfc8448_check_finished(&s6, base_key, th, finished_name, &err);
}

static void check_keys(const uint8_t *secret, const char *key_name, const char *iv_name)
{
    rfc8448_check_keys(&s6, secret, key_name, iv_name, &err);
}

static void test_key_schedule(void)
{
    lt_error_clear(&err);
    uint8_t ecdhe[32];
    rfc8448_ecdhe(&s6, LT_GROUP_X25519, "x25519", ecdhe, &err);

    lt_keysched13 ks;
    CHECK(lt_ks13_early(&ks, H, NULL, 0, &err));
    RFC8448_WANT(&s6, "early_secret", ks.secret, 32);
    uint8_t empty_hash[32], derived[32];
    CHECK(lt_hash_oneshot(H, NULL, 0, empty_hash, &err));
    CHECK(lt_tls13_derive_secret(H, ks.secret, "derived", empty_hash, 32, derived, &err));
    RFC8448_WANT(&s6, "derived_for_handshake", derived, 32);
    CHECK(lt_ks13_handshake(&ks, ecdhe, 32, &err));
    RFC8448_WANT(&s6, "handshake_secret", ks.secret, 32);

    uint8_t th[32], c_hs[32], s_hs[32];
    transcript(EE, MESSAGES, th);
    CHECK(lt_ks13_handshake_traffic(&ks, th, 32, c_hs, s_hs, &err));
    RFC8448_WANT(&s6, "c_hs_traffic", c_hs, 32);
    RFC8448_WANT(&s6, "s_hs_traffic", s_hs, 32);
    check_keys(s_hs, "server_hs_key", "server_hs_iv");
    check_keys(c_hs, "client_hs_key", "client_hs_iv");

    CHECK(lt_tls13_derive_secret(H, ks.secret, "derived", empty_hash, 32, derived, &err));
    RFC8448_WANT(&s6, "derived_for_master", derived, 32);
    CHECK(lt_ks13_master(&ks, &err));
    RFC8448_WANT(&s6, "master_secret", ks.secret, 32);

    /* RFC 8446 4.4.1: the CertificateRequest is in the transcript the
     * server's Finished covers; without it the MAC is another. */
    check_finished(s_hs, SFIN, "server_finished");
    uint8_t other[32];
    transcript(SFIN, CR, th);
    CHECK(lt_tls13_finished(H, s_hs, th, 32, other, &err));
    CHECK(memcmp(other, rfc8448_get(&s6, "server_finished", NULL) + 4, 32) != 0);

    /* The application secrets are taken at the server's Finished, before
     * the client's certificate: RFC 8446 7.1. */
    uint8_t c_ap[32], s_ap[32], exporter[32];
    transcript(CCRT, MESSAGES, th);
    CHECK(lt_ks13_app_traffic(&ks, th, 32, c_ap, s_ap, exporter, &err));
    RFC8448_WANT(&s6, "c_ap_traffic", c_ap, 32);
    RFC8448_WANT(&s6, "s_ap_traffic", s_ap, 32);
    RFC8448_WANT(&s6, "exp_master", exporter, 32);
    check_keys(s_ap, "server_ap_key", "server_ap_iv");
    check_keys(c_ap, "client_ap_key", "client_ap_iv");

    check_finished(c_hs, CFIN, "client_finished");
    uint8_t res[32];
    transcript(MESSAGES, MESSAGES, th);
    CHECK(lt_ks13_resumption(&ks, th, 32, res, &err));
    RFC8448_WANT(&s6, "res_master", res, 32);

    if (lt_error_is_set(&err))
        fprintf(stderr, "%s\n", err.message);
    CHECK(!lt_error_is_set(&err));
    lt_ks13_wipe(&ks);
}

/* The messages from index begin to before end, as one record. */
static void check_flight(const char *record_name, const char *secret_name, size_t begin, size_t end)
{
    const char *names[MESSAGES + 1];
    names_in(begin, end, MESSAGES, names);
    size_t len;
    uint8_t *flight = rfc8448_concat(&s6, names, &len);
    rfc8448_check_record(&s6, record_name, secret_name, 0, LT_CT_HANDSHAKE, flight, len);
    free(flight);
}

static void test_records(void)
{
    /* The server's encrypted flight is one record, its first under the
     * handshake keys; so is the client's. */
    check_flight("server_handshake_record", "s_hs_traffic", EE, CCRT);
    check_flight("client_handshake_record", "c_hs_traffic", CCRT, MESSAGES);

    /* No application data and no NewSessionTicket in this trace: each
     * close_notify is the first record under the application keys. */
    static const uint8_t close_notify[2] = {1, 0};
    rfc8448_check_record(&s6, "client_alert_record", "c_ap_traffic", 0, LT_CT_ALERT, close_notify,
                         2);
    rfc8448_check_record(&s6, "server_alert_record", "s_ap_traffic", 0, LT_CT_ALERT, close_notify,
                         2);
}

int main(void)
{
    rfc8448_load(&s6, "section6.txt");
    test_key_schedule();
    test_records();
    rfc8448_free(&s6);
    return check_finish("rfc8448_auth");
}
