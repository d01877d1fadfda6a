/*
 * Server probes past the hello: a real latch client drives the server
 * engine, and a script bends the client's later records (its key
 * exchange, ChangeCipherSpec, Finished) or its hello when it offers a
 * session. Each row's answer is the alert the client receives, checked
 * against the one its RFC section requires.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine_run.h"
#include "fake_server.h"
#include "pair.h"
#include "tamper.h"
#include "tls/msg.h"

enum edit {
    NONE,
    CCS_02,
    CCS_EMPTY,
    CCS_0101,
    CCS_TWICE,
    FINISHED_FLIPPED,
    FINISHED_WRONG,
    FINISHED_SHORT,
    CKE_TRAILING,
    CKE_SHORT_SHARE,
    CKE_RSA_GARBAGE,
    APPDATA_BEFORE_CCS,
    HELLO_AFTER_CKE,
    RESUME_WITHOUT_SUITE,
    RESUME,
};

typedef struct mitm_row {
    row_expect e;
    enum edit edit;
    const char *client_ciphers;
} mitm_row;

#define ECDHE "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384"
#define RSA_KX "AES128-GCM-SHA256"

static const mitm_row rows[] = {
    {{"M-base", "RFC 5246 7.3", "a latch client, unchanged", EXPECT_COMPLETE, 0, 0}, NONE, ECDHE},
    {{"M-ccs-02", "RFC 5246 7.1", "the client's ChangeCipherSpec is 02 (item 7)", 10, 0, 0},
     CCS_02,
     ECDHE},
    {{"M-ccs-empty", "RFC 5246 7.1", "the client's ChangeCipherSpec is empty (item 7)", 10, 0, 0},
     CCS_EMPTY,
     ECDHE},
    {{"M-ccs-0101", "RFC 5246 7.1", "the client's ChangeCipherSpec is 01 01 (item 7)", 10, 0, 0},
     CCS_0101,
     ECDHE},
    {{"M-ccs-twice", "RFC 5246 6.2.3", "ChangeCipherSpec twice: the second is not protected", 20, 0,
      0},
     CCS_TWICE,
     ECDHE},
    {{"M-fin-flipped", "RFC 5246 6.2.3.3", "the client's Finished record bit flipped", 20, 0, 0},
     FINISHED_FLIPPED,
     ECDHE},
    {{"M-fin-wrong", "RFC 5246 7.4.9", "the client's verify_data wrong", 51, 0, 0},
     FINISHED_WRONG,
     ECDHE},
    {{"M-fin-short", "RFC 5246 7.4.9", "the client's Finished of 11 bytes", 50, 0, 0},
     FINISHED_SHORT,
     ECDHE},
    {{"M-cke-trailing", "RFC 5246 7.4.7", "a byte after the client's key share", 50, 0, 0},
     CKE_TRAILING,
     ECDHE},
    {{"M-cke-short-share", "RFC 8422 5.7", "an x25519 share of 31 bytes", 47, 0, 0},
     CKE_SHORT_SHARE,
     ECDHE},
    {{"M-cke-rsa-garbage", "RFC 5246 7.4.7.1", "RSA premaster garbled: no tell until Finished", 20,
      0, 0},
     CKE_RSA_GARBAGE,
     RSA_KX},
    {{"M-appdata-before-ccs", "RFC 5246 6", "application data before the handshake ends", 10, 0, 0},
     APPDATA_BEFORE_CCS,
     ECDHE},
    {{"M-hello-after-cke", "RFC 5246 7.4", "a ClientHello after the key exchange", 10, 0, 0},
     HELLO_AFTER_CKE,
     ECDHE},
    {{"M-resume", "RFC 5246 7.3", "a session offered with its suite: resumed", EXPECT_COMPLETE, 0,
      0},
     RESUME,
     ECDHE},
    {{"M-resume-without-suite", "RFC 5246 7.4.1.2", "a session offered without its suite (item 10)",
      47, 0, 0},
     RESUME_WITHOUT_SUITE,
     ECDHE},
};

typedef struct script {
    enum edit edit;
    pair *p;
    bool after_ccs;
    uint16_t session_suite;
} script;

static void set_bytes(pair_record *rec, const uint8_t *b, size_t n)
{
    fake_server_set_record(rec, b, n);
}

static void without_suite(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    const script *s = arg;
    lt_client_hello ch;
    lt_error err;
    lt_error_clear(&err);
    if (type != LT_HS_CLIENT_HELLO || !lt_client_hello_parse(body, len, &ch, &err)) {
        tamper_copy_message(type, body, len, out);
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < ch.cipher_suites_count; i++)
        if (ch.cipher_suites[i] != s->session_suite)
            ch.cipher_suites[kept++] = ch.cipher_suites[i];
    ch.cipher_suites_count = kept;
    lt_client_hello_write(&ch, out);
}

/* The client's ClientKeyExchange: a byte added, or its share cut. */
static void key_exchange(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    const script *s = arg;
    uint8_t b[1024];
    if (type != LT_HS_CLIENT_KEY_EXCHANGE || len + 1 > sizeof(b)) {
        tamper_copy_message(type, body, len, out);
        return;
    }
    memcpy(b, body, len);
    if (s->edit == CKE_TRAILING) {
        b[len++] = 0;
    } else if (s->edit == CKE_SHORT_SHARE) { /* u8 length, then the share */
        b[0]--;
        len--;
    } else { /* CKE_RSA_GARBAGE: flip a byte of the encrypted premaster */
        b[len / 2] ^= 0x40;
    }
    tamper_copy_message(type, b, len, out);
}

static void bend(int dir, size_t index, pair_record *rec, void *arg)
{
    static const uint8_t ccs_02[] = {20, 3, 3, 0, 1, 2};
    static const uint8_t ccs_empty[] = {20, 3, 3, 0, 0};
    static const uint8_t ccs_0101[] = {20, 3, 3, 0, 2, 1, 1};
    static const uint8_t ccs_twice[] = {20, 3, 3, 0, 1, 1, 20, 3, 3, 0, 1, 1};
    static const uint8_t appdata[] = {23, 3, 3, 0, 3, 'G', 'E', 'T'};
    script *s = arg;
    if (dir != PAIR_TO_SERVER)
        return;
    bool is_ccs = rec->bytes[0] == 20;
    if (index == 0) {
        if (s->edit == RESUME_WITHOUT_SUITE)
            tamper_handshake_record(rec, without_suite, s);
        return;
    }
    if (!s->after_ccs && !is_ccs && rec->bytes[0] == 22) {
        if (s->edit == CKE_TRAILING || s->edit == CKE_SHORT_SHARE || s->edit == CKE_RSA_GARBAGE)
            tamper_handshake_record(rec, key_exchange, s);
        if (s->edit == HELLO_AFTER_CKE) {
            uint8_t b[4096];
            if (rec->len * 2 > sizeof(b))
                abort();
            memcpy(b, rec->bytes, rec->len);
            memcpy(b + rec->len, b, 5);
            static const uint8_t hello_start[] = {1, 0, 0, 2, 3, 3};
            b[rec->len + 3] = 0, b[rec->len + 4] = sizeof(hello_start);
            memcpy(b + rec->len + 5, hello_start, sizeof(hello_start));
            set_bytes(rec, b, rec->len + 5 + sizeof(hello_start));
        }
        if (s->edit == APPDATA_BEFORE_CCS) {
            uint8_t b[4096];
            if (rec->len + sizeof(appdata) > sizeof(b))
                abort();
            memcpy(b, rec->bytes, rec->len);
            memcpy(b + rec->len, appdata, sizeof(appdata));
            set_bytes(rec, b, rec->len + sizeof(appdata));
        }
        return;
    }
    if (is_ccs && !s->after_ccs) {
        s->after_ccs = true;
        if (s->edit == CCS_02)
            set_bytes(rec, ccs_02, sizeof(ccs_02));
        else if (s->edit == CCS_EMPTY)
            set_bytes(rec, ccs_empty, sizeof(ccs_empty));
        else if (s->edit == CCS_0101)
            set_bytes(rec, ccs_0101, sizeof(ccs_0101));
        else if (s->edit == CCS_TWICE)
            set_bytes(rec, ccs_twice, sizeof(ccs_twice));
        return;
    }
    if (s->after_ccs && rec->bytes[0] == 22) {
        if (s->edit == FINISHED_FLIPPED)
            rec->bytes[rec->len - 1] ^= 0x01;
        else if (s->edit == FINISHED_WRONG || s->edit == FINISHED_SHORT)
            bend_finished(s->p->client, rec, s->edit == FINISHED_SHORT);
    }
}

static latch_config *client_config(const char *ciphers)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    /* The rows bend TLS 1.2 records. */
    if (latch_config_add_ca_file(cfg, check_data_path("interop/ca.pem")) != LATCH_OK ||
        latch_config_set_ciphers(cfg, ciphers) != LATCH_OK ||
        latch_config_set_versions(cfg, LATCH_TLS1_2, LATCH_TLS1_2) != LATCH_OK)
        abort();
    return cfg;
}

static bool run_row(const mitm_row *row, latch_config *server)
{
    latch_config *client = client_config(row->client_ciphers);
    script s = {row->edit, NULL, false, 0};
    uint8_t session[LATCH_SESSION_MAX];
    size_t session_len = 0;
    if (row->edit == RESUME || row->edit == RESUME_WITHOUT_SUITE) {
        pair first;
        pair_init(&first, client, server, "localhost");
        if (!pair_handshake(&first) ||
            latch_conn_get_session(first.client, session, sizeof(session), &session_len) !=
                LATCH_OK)
            abort();
        s.session_suite = latch_conn_cipher_id(first.client);
        pair_free(&first);
    }
    pair p;
    pair_init(&p, client, server, "localhost");
    if (session_len > 0 && latch_conn_set_session(p.client, session, session_len) != LATCH_OK)
        abort();
    s.p = &p;
    p.tamper = bend;
    p.tamper_arg = &s;
    bool done = pair_handshake(&p);

    verdict v;
    memset(&v, 0, sizeof(v));
    int alert = latch_conn_peer_alert(p.client); /* what the server told the client */
    v.answer = done ? EXPECT_COMPLETE : alert >= 0 ? alert : EXPECT_CLOSED;
    char detail[600];
    snprintf(detail, sizeof(detail), "server: %s | client: %s", latch_conn_error(p.server),
             latch_conn_error(p.client));
    bool ok = verdict_report(&row->e, &v, detail);
    if (ok && row->edit == RESUME)
        ok = latch_conn_resumed(p.server) == 1;
    pair_free(&p);
    latch_config_free(client);
    return ok;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    char why[512];
    latch_config *server = conf_server_config(false, why, sizeof(why));
    if (server == NULL) {
        fprintf(stderr, "%s\n", why);
        return 1;
    }
    size_t n = sizeof(rows) / sizeof(rows[0]), passed = 0;
    for (size_t i = 0; i < n; i++)
        passed += run_row(&rows[i], server);
    printf("server engine past the hello: %zu of %zu rows answered as the RFCs require\n", passed,
           n);
    latch_config_free(server);
    return passed == n ? 0 : 1;
}
