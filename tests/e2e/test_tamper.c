/*
 * The chapter's promises against a man-in-the-middle in process: a suite
 * removed from the ClientHello, a substituted key share, an early
 * ChangeCipherSpec, a flipped bit in Finished or in application data, a
 * cut stream, and malformed handshake messages in both directions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "crypto/kex.h"
#include "pair.h"
#include "tamper.h"
#include "tls/msg.h"
#include "tls/record.h"

typedef struct run {
    pair p;
    latch_config *client_cfg;
    latch_config *server_cfg;
} run;

static void run_start(run *r, pair_tamper_fn tamper, void *arg)
{
    r->server_cfg = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    r->client_cfg = pair_client_config(true);
    pair_init(&r->p, r->client_cfg, r->server_cfg, "localhost");
    r->p.tamper = tamper;
    r->p.tamper_arg = arg;
}

static void run_end(run *r)
{
    pair_free(&r->p);
    latch_config_free(r->client_cfg);
    latch_config_free(r->server_cfg);
}

/* The handshake fails: `side` reports `code` with a sentence containing
 * `words`, and the other side received the matching alert. */
static void expect_failure(run *r, bool server_detects, latch_err code, const char *words)
{
    CHECK(!pair_handshake(&r->p));
    latch_conn *detector = server_detects ? r->p.server : r->p.client;
    latch_conn *other = server_detects ? r->p.client : r->p.server;
    CHECK(latch_conn_error_code(detector) == code);
    CHECK(strstr(latch_conn_error(detector), words) != NULL);
    CHECK(latch_conn_peer_alert(other) == (int)latch_err_alert(code));
    if (latch_conn_error_code(detector) != code ||
        strstr(latch_conn_error(detector), words) == NULL)
        fprintf(stderr, "  got %s: %s\n", latch_err_name(latch_conn_error_code(detector)),
                latch_conn_error(detector));
}

/* ---- a cipher suite removed from the ClientHello ---- */

static bool strip_ems;

static void drop_first_suite(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                             void *arg)
{
    (void)arg;
    lt_client_hello ch;
    if (!tamper_take_client_hello(type, body, len, out, &ch))
        return;
    memmove(ch.cipher_suites, ch.cipher_suites + 1,
            (ch.cipher_suites_count - 1) * sizeof(uint16_t));
    ch.cipher_suites_count--;
    if (strip_ems)
        ch.ext.extended_master_secret.present = false;
    lt_client_hello_write(&ch, out);
}

static void tamper_client_hello(int dir, size_t index, pair_record *rec, void *arg)
{
    if (dir == PAIR_TO_SERVER && index == 0)
        tamper_handshake_record(rec, drop_first_suite, arg);
}

static void test_suite_removed(void)
{
    run r;
    /* With the extended master secret the session hash covers the
     * ClientHello, so the two sides hold different keys and the client's
     * Finished record does not even authenticate. */
    strip_ems = false;
    run_start(&r, tamper_client_hello, NULL);
    expect_failure(&r, true, LATCH_ERR_BAD_RECORD_MAC, "");
    run_end(&r);

    /* Without it the keys agree and Finished itself catches the change. */
    strip_ems = true;
    run_start(&r, tamper_client_hello, NULL);
    expect_failure(&r, true, LATCH_ERR_DECRYPT_ERROR, "Finished does not match");
    run_end(&r);
}

/* ---- a substituted server key share ---- */

static void swap_key_share(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    (void)arg;
    if (type != LT_HS_SERVER_KEY_EXCHANGE) {
        tamper_copy_message(type, body, len, out);
        return;
    }
    lt_server_key_exchange ske;
    lt_error err;
    lt_error_clear(&err);
    if (!lt_server_key_exchange_parse(body, len, LT_MSG_KEX_ECDHE, &ske, &err))
        abort();
    /* The attacker's own key share, in place of the server's. */
    lt_kex mine;
    uint8_t pub[LT_KEX_MAX_PUBLIC];
    size_t pub_len;
    if (!lt_kex_generate(&mine, ske.group, pub, sizeof(pub), &pub_len, &err))
        abort();
    ske.point = lt_span_make(pub, pub_len);
    lt_server_key_exchange_write(&ske, out);
    lt_kex_free(&mine);
}

static void tamper_server_flight(int dir, size_t index, pair_record *rec, void *arg)
{
    if (dir == PAIR_TO_CLIENT && index == 0)
        tamper_handshake_record(rec, (tamper_msg_fn)arg, NULL);
}

static void test_key_share_substituted(void)
{
    run r;
    run_start(&r, tamper_server_flight, (void *)swap_key_share);
    expect_failure(&r, false, LATCH_ERR_DECRYPT_ERROR, "signature");
    run_end(&r);
}

/* ---- ChangeCipherSpec before its time ---- */

static void prepend_ccs(pair_record *rec)
{
    static const uint8_t ccs[] = {20, 3, 3, 0, 1, 1};
    memmove(rec->bytes + sizeof(ccs), rec->bytes, rec->len);
    memcpy(rec->bytes, ccs, sizeof(ccs));
    rec->len += sizeof(ccs);
}

static void early_ccs_to_client(int dir, size_t index, pair_record *rec, void *arg)
{
    (void)arg;
    if (dir == PAIR_TO_CLIENT && index == 0)
        prepend_ccs(rec);
}

static void early_ccs_to_server(int dir, size_t index, pair_record *rec, void *arg)
{
    (void)arg;
    if (dir == PAIR_TO_SERVER && index == 1) /* before ClientKeyExchange */
        prepend_ccs(rec);
}

static void test_early_change_cipher_spec(void)
{
    run r;
    run_start(&r, early_ccs_to_client, NULL);
    expect_failure(&r, false, LATCH_ERR_UNEXPECTED_MESSAGE, "ChangeCipherSpec");
    run_end(&r);

    run_start(&r, early_ccs_to_server, NULL);
    expect_failure(&r, true, LATCH_ERR_UNEXPECTED_MESSAGE, "ChangeCipherSpec");
    run_end(&r);
}

/* ---- a flipped bit in Finished ---- */

typedef struct flip {
    pair *p;
    bool reseal; /* flip inside the plaintext and re-encrypt (needs the keys) */
} flip;

static void flip_client_finished(int dir, size_t index, pair_record *rec, void *arg)
{
    flip *f = arg;
    /* Records from the client: ClientHello, ClientKeyExchange,
     * ChangeCipherSpec, Finished. */
    if (dir != PAIR_TO_SERVER || index != 3)
        return;
    CHECK(rec->bytes[0] == LT_CT_HANDSHAKE);
    if (!f->reseal) {
        rec->bytes[rec->len - 20] ^= 0x01;
        return;
    }
    uint8_t plain[64];
    size_t plain_len;
    CHECK(tamper_open_gcm(f->p->client, 0, rec, plain, &plain_len));
    CHECK(plain_len == 16 && plain[0] == LT_HS_FINISHED);
    plain[4] ^= 0x80; /* the first byte of verify_data */
    CHECK(tamper_seal_gcm(f->p->client, 0, rec, plain, plain_len));
}

static void test_finished_bit_flipped(void)
{
    run r;
    flip f = {&r.p, true};
    run_start(&r, flip_client_finished, &f);
    expect_failure(&r, true, LATCH_ERR_DECRYPT_ERROR, "Finished does not match");
    run_end(&r);

    /* Flipped in the ciphertext, the record itself fails to authenticate. */
    f.reseal = false;
    run_start(&r, flip_client_finished, &f);
    expect_failure(&r, true, LATCH_ERR_BAD_RECORD_MAC, "");
    run_end(&r);
}

/* ---- a flipped bit in application data ---- */

static void flip_app_data(int dir, size_t index, pair_record *rec, void *arg)
{
    (void)index;
    (void)arg;
    if (dir == PAIR_TO_SERVER && rec->bytes[0] == LT_CT_APPLICATION_DATA)
        rec->bytes[LT_RECORD_HEADER_LEN + 9] ^= 0x04;
}

static void test_app_data_bit_flipped(void)
{
    run r;
    run_start(&r, NULL, NULL);
    CHECK(pair_handshake(&r.p));
    r.p.tamper = flip_app_data;
    const uint8_t msg[] = "attack at dawn";
    CHECK(!pair_transfer(&r.p, true, msg, sizeof(msg) - 1));
    CHECK(latch_conn_error_code(r.p.server) == LATCH_ERR_BAD_RECORD_MAC);
    pair_pump(&r.p);
    uint8_t buf[32];
    size_t got;
    CHECK(latch_conn_read(r.p.client, buf, sizeof(buf), &got) == LATCH_ERR_ALERT_RECEIVED);
    CHECK(latch_conn_peer_alert(r.p.client) == LATCH_ALERT_BAD_RECORD_MAC);
    run_end(&r);
}

/* ---- a stream cut during the handshake ---- */

static void drop_server_flight(int dir, size_t index, pair_record *rec, void *arg)
{
    (void)index;
    (void)arg;
    if (dir == PAIR_TO_CLIENT)
        rec->drop = true;
}

static void test_cut_during_handshake(void)
{
    run r;
    run_start(&r, drop_server_flight, NULL);
    CHECK(!pair_handshake(&r.p));
    latch_conn_input_eof(r.p.client);
    CHECK(latch_conn_handshake(r.p.client) == LATCH_ERR_TRUNCATED);
    CHECK(strstr(latch_conn_error(r.p.client), "during the handshake") != NULL);
    run_end(&r);
}

/* ---- malformed handshake messages ---- */

typedef enum damage { SHORTEN, EXTEND, RETYPE, DUPLICATE_EXT } damage;

typedef struct malform {
    uint8_t target;
    damage how;
} malform;

static void malform_message(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                            void *arg)
{
    const malform *m = arg;
    if (type != m->target) {
        tamper_copy_message(type, body, len, out);
        return;
    }
    switch (m->how) {
    case SHORTEN:
        tamper_copy_message(type, body, len - 1, out);
        break;
    case EXTEND: {
        lt_write_u8(out, type);
        lt_write_u24(out, (uint32_t)len + 1);
        lt_write_bytes(out, body, len);
        lt_write_u8(out, 0);
        break;
    }
    case RETYPE:
        tamper_copy_message(99, body, len, out);
        break;
    case DUPLICATE_EXT: {
        lt_error err;
        lt_error_clear(&err);
        if (type == LT_HS_CLIENT_HELLO) {
            lt_client_hello ch;
            if (!lt_client_hello_parse(body, len, &ch, &err))
                abort();
            ch.ext.unknown[ch.ext.unknown_count++] =
                (lt_unknown_ext){LT_EXT_EXTENDED_MASTER_SECRET, {NULL, 0}};
            lt_client_hello_write(&ch, out);
        } else {
            lt_server_hello sh;
            if (!lt_server_hello_parse(body, len, &sh, &err))
                abort();
            sh.ext.unknown[sh.ext.unknown_count++] =
                (lt_unknown_ext){LT_EXT_EXTENDED_MASTER_SECRET, {NULL, 0}};
            lt_server_hello_write(&sh, out);
        }
        break;
    }
    }
}

static void tamper_for_malform(int dir, size_t index, pair_record *rec, void *arg)
{
    const malform *m = arg;
    int want_dir = m->target == LT_HS_CLIENT_HELLO ? PAIR_TO_SERVER : PAIR_TO_CLIENT;
    if (dir == want_dir && index == 0)
        tamper_handshake_record(rec, malform_message, arg);
}

static void test_malformed_messages(void)
{
    static const struct {
        malform m;
        latch_err code;
    } cases[] = {
        {{LT_HS_CLIENT_HELLO, SHORTEN}, LATCH_ERR_DECODE},
        {{LT_HS_CLIENT_HELLO, EXTEND}, LATCH_ERR_DECODE},
        {{LT_HS_CLIENT_HELLO, RETYPE}, LATCH_ERR_UNEXPECTED_MESSAGE},
        {{LT_HS_CLIENT_HELLO, DUPLICATE_EXT}, LATCH_ERR_DECODE},
        {{LT_HS_SERVER_HELLO, SHORTEN}, LATCH_ERR_DECODE},
        {{LT_HS_SERVER_HELLO, EXTEND}, LATCH_ERR_DECODE},
        {{LT_HS_SERVER_HELLO, RETYPE}, LATCH_ERR_UNEXPECTED_MESSAGE},
        {{LT_HS_SERVER_HELLO, DUPLICATE_EXT}, LATCH_ERR_DECODE},
        {{LT_HS_CERTIFICATE, SHORTEN}, LATCH_ERR_DECODE},
        {{LT_HS_CERTIFICATE, EXTEND}, LATCH_ERR_DECODE},
        {{LT_HS_CERTIFICATE, RETYPE}, LATCH_ERR_UNEXPECTED_MESSAGE},
        {{LT_HS_SERVER_KEY_EXCHANGE, SHORTEN}, LATCH_ERR_DECODE},
        {{LT_HS_SERVER_KEY_EXCHANGE, EXTEND}, LATCH_ERR_DECODE},
        {{LT_HS_SERVER_KEY_EXCHANGE, RETYPE}, LATCH_ERR_UNEXPECTED_MESSAGE},
        {{LT_HS_SERVER_HELLO_DONE, EXTEND}, LATCH_ERR_DECODE},
        {{LT_HS_SERVER_HELLO_DONE, RETYPE}, LATCH_ERR_UNEXPECTED_MESSAGE},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run r;
        malform m = cases[i].m;
        run_start(&r, tamper_for_malform, &m);
        bool server_detects = m.target == LT_HS_CLIENT_HELLO;
        CHECK(!pair_handshake(&r.p));
        latch_conn *detector = server_detects ? r.p.server : r.p.client;
        latch_conn *other = server_detects ? r.p.client : r.p.server;
        bool ok = latch_conn_error_code(detector) == cases[i].code &&
                  latch_conn_error(detector)[0] != '\0' &&
                  latch_conn_peer_alert(other) == (int)latch_err_alert(cases[i].code);
        CHECK(ok);
        printf("malformed %-19s %-13s -> %s: %s\n", lt_hs_type_title(m.target),
               (const char *[]){"shortened", "extended", "retyped", "duplicate ext"}[m.how],
               latch_err_name(latch_conn_error_code(detector)), latch_conn_error(detector));
        run_end(&r);
    }
}

int main(void)
{
    test_suite_removed();
    test_key_share_substituted();
    test_early_change_cipher_spec();
    test_finished_bit_flipped();
    test_app_data_bit_flipped();
    test_cut_during_handshake();
    test_malformed_messages();
    return check_finish("e2e tamper");
}
