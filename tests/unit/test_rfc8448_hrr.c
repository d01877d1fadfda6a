/*
 * RFC 8448 section 5, "HelloRetryRequest", byte for byte
 * (tests/data/rfc8448/section5.txt), from the ServerHello on: the P-256
 * shared secret from the trace's private keys, the handshake traffic
 * keys, both Finished messages, the application and resumption secrets,
 * and the four protected records, opened and sealed again with latch's
 * record layer. Every transcript starts with RFC 8446 4.4.1's
 * message_hash in place of the first ClientHello (test_keysched13.c
 * checks that latch's for client_hello1 is the data file's, and the
 * secrets up to the master secret).
 */
#include "rfc8448_keys.h"
#include "rfc8448_record.h"

#include <string.h>

static const lt_hash_alg H = LT_HASH_SHA256;
static rfc8448_file s5;
static lt_error err;

/* The transcript in the order of the trace. */
enum { MH, HRR, CH2, SH, EE, CRT, CV, SFIN, CFIN, MESSAGES };
static const char *const order[MESSAGES] = {
    "message_hash",       "hello_retry_request",  "client_hello2",
    "server_hello",       "encrypted_extensions", "certificate",
    "certificate_verify", "server_finished",      "client_finished"};

/* The names of the messages from index begin to before end, NULL-terminated. */
static void names_in(size_t begin, size_t end, const char *names[MESSAGES + 1])
{
    size_t n = 0;
    for (size_t i = begin; i < end; i++)
        names[n++] = order[i];
    names[n] = NULL;
}

static void transcript(size_t end, uint8_t th[32])
{
    const char *names[MESSAGES + 1];
    names_in(0, end, names);
    rfc8448_transcript(&s5, names, th);
}

/* The Finished message over the messages before end. */
static void check_finished(const uint8_t *base_key, size_t end, const char *finished_name)
{
    uint8_t th[32];
    transcript(end, th);
    rfc8448_check_finished(&s5, base_key, th, finished_name, &err);
}

static void test_key_schedule(void)
{
    lt_error_clear(&err);
    uint8_t ecdhe[32];
    rfc8448_ecdhe(&s5, LT_GROUP_SECP256R1, "p256", ecdhe, &err);
    RFC8448_WANT(&s5, "ecdhe", ecdhe, 32);

    lt_keysched13 ks;
    CHECK(lt_ks13_early(&ks, H, NULL, 0, &err));
    CHECK(lt_ks13_handshake(&ks, ecdhe, 32, &err));
    RFC8448_WANT(&s5, "handshake_secret", ks.secret, 32);
    uint8_t th[32], c_hs[32], s_hs[32];
    transcript(EE, th);
    RFC8448_WANT(&s5, "hello_hash", th, 32);
    CHECK(lt_ks13_handshake_traffic(&ks, th, 32, c_hs, s_hs, &err));
    RFC8448_WANT(&s5, "c_hs_traffic", c_hs, 32);
    RFC8448_WANT(&s5, "s_hs_traffic", s_hs, 32);
    rfc8448_check_keys(&s5, s_hs, "server_hs_key", "server_hs_iv", &err);
    rfc8448_check_keys(&s5, c_hs, "client_hs_key", "client_hs_iv", &err);
    CHECK(lt_ks13_master(&ks, &err));
    RFC8448_WANT(&s5, "master_secret", ks.secret, 32);

    check_finished(s_hs, SFIN, "server_finished");

    uint8_t c_ap[32], s_ap[32], exporter[32];
    transcript(CFIN, th);
    RFC8448_WANT(&s5, "server_finished_hash", th, 32);
    CHECK(lt_ks13_app_traffic(&ks, th, 32, c_ap, s_ap, exporter, &err));
    RFC8448_WANT(&s5, "c_ap_traffic", c_ap, 32);
    RFC8448_WANT(&s5, "s_ap_traffic", s_ap, 32);
    RFC8448_WANT(&s5, "exp_master", exporter, 32);
    rfc8448_check_keys(&s5, s_ap, "server_ap_key", "server_ap_iv", &err);
    rfc8448_check_keys(&s5, c_ap, "client_ap_key", "client_ap_iv", &err);

    check_finished(c_hs, CFIN, "client_finished");
    uint8_t res[32];
    transcript(MESSAGES, th);
    CHECK(lt_ks13_resumption(&ks, th, 32, res, &err));
    RFC8448_WANT(&s5, "res_master", res, 32);

    if (lt_error_is_set(&err))
        fprintf(stderr, "%s\n", err.message);
    CHECK(!lt_error_is_set(&err));
    lt_ks13_wipe(&ks);
}

static void test_records(void)
{
    /* The server's four encrypted messages are one record, its first
     * under the handshake keys; the client's Finished is its first. */
    const char *names[MESSAGES + 1];
    names_in(EE, CFIN, names);
    size_t len;
    uint8_t *flight = rfc8448_concat(&s5, names, &len);
    rfc8448_check_record(&s5, "server_handshake_record", "s_hs_traffic", 0, LT_CT_HANDSHAKE, flight,
                         len);
    free(flight);
    const uint8_t *fin = rfc8448_get(&s5, "client_finished", &len);
    rfc8448_check_record(&s5, "client_handshake_record", "c_hs_traffic", 0, LT_CT_HANDSHAKE, fin,
                         len);

    /* No application data in this trace: each close_notify is the first
     * record under the application keys. */
    static const uint8_t close_notify[2] = {1, 0};
    rfc8448_check_record(&s5, "client_alert_record", "c_ap_traffic", 0, LT_CT_ALERT, close_notify,
                         2);
    rfc8448_check_record(&s5, "server_alert_record", "s_ap_traffic", 0, LT_CT_ALERT, close_notify,
                         2);
}

int main(void)
{
    rfc8448_load(&s5, "section5.txt");
    test_key_schedule();
    test_records();
    rfc8448_free(&s5);
    return check_finish("rfc8448_hrr");
}
