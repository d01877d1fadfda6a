/*
 * OCSP stapling in the handshake (RFC 6066 8): the server staples the
 * response it was given, the client checks it with the chain. A good
 * staple passes; a revoked one fails with certificate_revoked; a stale one
 * or one about another certificate with bad_certificate_status_response;
 * no staple passes unless the client requires one. A CertificateStatus the
 * server did not announce is unexpected, and one announced but dropped on
 * the way fails a client that requires it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tamper.h"
#include "tls/ext.h"
#include "tls/msg.h"

#define AT 2000000000 /* inside the fixtures' validity (tests/data/verify) */

static int64_t fixed_clock(void *arg)
{
    (void)arg;
    return AT;
}

typedef struct staple_case {
    const char *name;
    const char *chain, *key, *host; /* the server's */
    const char *ocsp;               /* the response it staples, or NULL */
    bool require;                   /* the client requires a staple */
    latch_err expect;
    const char *message;
} staple_case;

static const staple_case cases[] = {
    {"good", "verify/good-chain.pem", "verify/good.key", "good.example", "verify/ocsp-good.der",
     true, LATCH_OK, ""},
    {"good, delegated responder", "verify/good-chain.pem", "verify/good.key", "good.example",
     "verify/ocsp-delegated.der", true, LATCH_OK, ""},
    {"revoked", "verify/revoked-chain.pem", "verify/revoked.key", "revoked.example",
     "verify/ocsp-revoked.der", false, LATCH_ERR_CERTIFICATE_REVOKED, "revoked"},
    {"stale", "verify/good-chain.pem", "verify/good.key", "good.example", "verify/ocsp-stale.der",
     false, LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE, "out of date"},
    {"another certificate's", "verify/good-chain.pem", "verify/good.key", "good.example",
     "verify/ocsp-revoked.der", false, LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE,
     "no CertID matches"},
    {"responder without OCSPSigning", "verify/good-chain.pem", "verify/good.key", "good.example",
     "verify/ocsp-delegated-noeku.der", false, LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE,
     "stapled OCSP response"},
    {"none, required", "verify/good-chain.pem", "verify/good.key", "good.example", NULL, true,
     LATCH_ERR_CERTIFICATE_UNKNOWN, "the server sent no OCSP staple"},
    {"none, not required", "verify/good-chain.pem", "verify/good.key", "good.example", NULL, false,
     LATCH_OK, ""},
};

static latch_config *server_config(const char *chain, const char *key, const char *ocsp)
{
    latch_config *cfg = pair_server_config(chain, key);
    if (ocsp != NULL)
        CHECK(latch_config_set_ocsp_response_file(cfg, check_data_path(ocsp)) == LATCH_OK);
    return cfg;
}

static latch_config *client_config(bool require)
{
    latch_config *cfg = pair_client_config(false);
    CHECK(latch_config_add_ca_file(cfg, check_data_path("verify/root.pem")) == LATCH_OK);
    CHECK(latch_config_set_clock(cfg, fixed_clock, NULL) == LATCH_OK);
    if (require)
        CHECK(latch_config_require_ocsp_staple(cfg) == LATCH_OK);
    return cfg;
}

/* The handshake ends as expected: completed, or failed at the client
 * with the code and words, and the server received the matching alert. */
static void expect(const char *name, pair *p, latch_err code, const char *words)
{
    bool ok = pair_handshake(p);
    latch_err got = latch_conn_error_code(p->client);
    bool pass = code == LATCH_OK
                    ? ok
                    : !ok && got == code && strstr(latch_conn_error(p->client), words) != NULL &&
                          latch_conn_peer_alert(p->server) == (int)latch_err_alert(code);
    CHECK(pass);
    if (!pass)
        fprintf(stderr, "%s: client %s \"%s\"; server saw alert %d\n", name, latch_err_name(got),
                latch_conn_error(p->client), latch_conn_peer_alert(p->server));
}

static void run(const staple_case *sc)
{
    latch_config *server_cfg = server_config(sc->chain, sc->key, sc->ocsp);
    latch_config *client_cfg = client_config(sc->require);
    pair p;
    pair_init(&p, client_cfg, server_cfg, sc->host);
    expect(sc->name, &p, sc->expect, sc->message);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* ---- a man-in-the-middle on the server's first flight ---- */

/* Adds a CertificateStatus after Certificate. */
static void add_status(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    const lt_span *response = arg;
    tamper_copy_message(type, body, len, out);
    if (type == LT_HS_CERTIFICATE) {
        lt_certificate_status cs = {LT_STATUS_TYPE_OCSP, *response};
        lt_certificate_status_write(&cs, out);
    }
}

/* Drops the CertificateStatus. */
static void drop_status(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    (void)arg;
    if (type != LT_HS_CERTIFICATE_STATUS)
        tamper_copy_message(type, body, len, out);
}

typedef struct mitm {
    tamper_msg_fn edit;
    void *arg;
} mitm;

static void on_record(int direction, size_t index, pair_record *rec, void *arg)
{
    const mitm *m = arg;
    if (direction == PAIR_TO_CLIENT && index == 0)
        tamper_handshake_record(rec, m->edit, m->arg);
}

static void run_mitm(const char *name, const char *ocsp, bool require, tamper_msg_fn edit,
                     latch_err code, const char *words)
{
    size_t len;
    uint8_t *der = check_read_file(check_data_path("verify/ocsp-good.der"), &len);
    lt_span response = lt_span_make(der, len);
    mitm m = {edit, &response};
    latch_config *server_cfg = server_config("verify/good-chain.pem", "verify/good.key", ocsp);
    latch_config *client_cfg = client_config(require);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "good.example");
    p.tamper = on_record;
    p.tamper_arg = &m;
    expect(name, &p, code, words);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
    free(der);
}

/* The trace shows the CertificateStatus the client received. */
static void on_event(const latch_trace_event *ev, void *arg)
{
    char *seen = arg;
    if (ev->kind != LATCH_TRACE_MESSAGE || ev->outgoing || ev->handshake_type != 22)
        return;
    for (size_t i = 0; i < ev->field_count; i++)
        if (strcmp(ev->fields[i].name, "response_length") == 0)
            snprintf(seen, 32, "%s", ev->fields[i].value);
}

static void test_trace(void)
{
    char seen[32] = "", want[32];
    size_t len;
    free(check_read_file(check_data_path("verify/ocsp-good.der"), &len));
    snprintf(want, sizeof(want), "%zu", len);
    latch_config *server_cfg =
        server_config("verify/good-chain.pem", "verify/good.key", "verify/ocsp-good.der");
    latch_config *client_cfg = client_config(true);
    CHECK(latch_config_set_trace(client_cfg, on_event, seen, 0) == LATCH_OK);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "good.example");
    CHECK(pair_handshake(&p));
    CHECK(strcmp(seen, want) == 0);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* The server refuses, when it is configured, what it could not staple. */
static void test_config(void)
{
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    CHECK(latch_config_set_ocsp_response_file(cfg, check_data_path("verify/ocsp-good.der")) ==
          LATCH_ERR_USAGE);
    latch_config_free(cfg);
    cfg = pair_server_config("verify/good-chain.pem", "verify/good.key");
    CHECK(latch_config_set_ocsp_response_file(cfg, check_data_path("verify/good.pem")) ==
          LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "not a usable DER OCSP response") != NULL);
    CHECK(latch_config_set_ocsp_response_file(cfg, check_data_path("verify/crl-int.der")) ==
          LATCH_ERR_CONFIG);
    CHECK(latch_config_set_ocsp_response_mem(cfg, NULL, 0) == LATCH_ERR_USAGE);
    latch_config_free(cfg);
}

int main(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        run(&cases[i]);
    /* No status_request in the ServerHello: a CertificateStatus may not come. */
    run_mitm("unannounced CertificateStatus", NULL, false, add_status, LATCH_ERR_UNEXPECTED_MESSAGE,
             "unexpected CertificateStatus");
    run_mitm("announced, then dropped", "verify/ocsp-good.der", true, drop_status,
             LATCH_ERR_CERTIFICATE_UNKNOWN, "acknowledged status_request but sent no");
    test_trace();
    test_config();
    return check_finish("ocsp_staple");
}
