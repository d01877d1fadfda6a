/*
 * The client probe table (client_rows.c): for each row a real latch
 * server runs in process behind the row's script (fake_server.h), and the
 * client's answer is read where a peer reads it, as the alert the server
 * received, then checked against the one its RFC section requires.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "client_rows.h"
#include "pair.h"

static latch_config *server_for(unsigned flags, const char **key)
{
    const char *chain = "e2e/rsa2048.chain.pem";
    *key = "e2e/rsa2048.key";
    if (flags & CF_P384_CERT)
        chain = "e2e/ecdsa-p384.chain.pem", *key = "e2e/ecdsa-p384.key";
    if (flags & CF_UNTRUSTED)
        chain = "interop/rsa.pem", *key = "interop/rsa.key";
    if (flags & CF_OTHER_NAME)
        chain = "e2e/other-example.chain.pem", *key = "e2e/other-example.key";
    latch_config *cfg = pair_server_config(chain, *key);
    if (latch_config_set_ciphers(cfg, "ALL") != LATCH_OK)
        abort();
    if ((flags & CF_P256) && latch_config_set_groups(cfg, "secp256r1") != LATCH_OK)
        abort();
    if ((flags & CF_ALPN) && latch_config_set_alpn(cfg, "http/1.1") != LATCH_OK)
        abort();
    if (latch_config_set_versions(cfg, LATCH_TLS1_2, LATCH_TLS1_2) != LATCH_OK)
        abort();
    return cfg;
}

static latch_config *client_for(unsigned flags)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    const char *ciphers = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256";
    if (flags & CF_RSA_KX)
        ciphers = "AES128-GCM-SHA256";
    if (flags & CF_DHE)
        ciphers = "DHE-RSA-AES128-GCM-SHA256";
    if (flags & CF_P384_CERT)
        ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256";
    if (latch_config_add_ca_file(cfg, check_data_path("e2e/ca.pem")) != LATCH_OK ||
        latch_config_set_ciphers(cfg, ciphers) != LATCH_OK ||
        ((flags & CF_ALPN) && latch_config_set_alpn(cfg, "http/1.1") != LATCH_OK) ||
        latch_config_set_versions(cfg, LATCH_TLS1_2,
                                  (flags & CF_OFFER13) ? LATCH_TLS1_3 : LATCH_TLS1_2) != LATCH_OK) {
        fprintf(stderr, "client config: %s\n", latch_config_error(cfg));
        abort();
    }
    return cfg;
}

/* A full handshake, for the session a CF_RESUME row offers. */
static size_t first_session(latch_config *client, latch_config *server, uint8_t *buf, size_t cap)
{
    pair p;
    pair_init(&p, client, server, "localhost");
    size_t len = 0;
    if (!pair_handshake(&p) || latch_conn_get_session(p.client, buf, cap, &len) != LATCH_OK)
        abort();
    pair_free(&p);
    return len;
}

static void judge(const pair *p, const fake_server *f, verdict *v)
{
    memset(v, 0, sizeof(*v));
    int sent = latch_conn_peer_alert(p->server); /* what the client told the server */
    if (p->client_result == LATCH_OK)
        v->answer = EXPECT_COMPLETE;
    else if (sent >= 0)
        v->answer = sent;
    else if (latch_conn_error_code(p->client) == LATCH_ERR_ALERT_RECEIVED)
        v->answer = f->client_ccs ? EXPECT_ACCEPTED : EXPECT_CLOSED;
    else if (p->client_result == LATCH_WANT_READ)
        v->answer = EXPECT_SILENCE;
    else
        v->answer = latch_err_alert(latch_conn_error_code(p->client));
}

static bool run_row(const client_row *row)
{
    const char *key;
    latch_config *server = server_for(row->flags, &key);
    latch_config *client = client_for(row->flags);
    uint8_t session[LATCH_SESSION_MAX];
    size_t session_len = 0;
    if (row->flags & CF_RESUME)
        session_len = first_session(client, server, session, sizeof(session));

    pair p;
    pair_init(&p, client, server, "localhost");
    if (session_len > 0 && latch_conn_set_session(p.client, session, session_len) != LATCH_OK)
        abort();
    fake_server f;
    memset(&f, 0, sizeof(f));
    f.p = &p;
    f.arg = row->arg;
    f.msg = row->msg;
    f.record = row->record;
    if (!fake_server_load_key(&f, key))
        abort();
    p.tamper = fake_server_tamper;
    p.tamper_arg = &f;
    pair_handshake(&p);

    verdict v;
    judge(&p, &f, &v);
    char detail[600];
    snprintf(detail, sizeof(detail), "client: %s | server: %s", latch_conn_error(p.client),
             latch_conn_error(p.server));
    bool ok = verdict_report(&row->e, &v, detail);
    if (ok && (row->flags & CF_RESUME) && row->e.answer == EXPECT_COMPLETE)
        ok = latch_conn_resumed(p.client) == 1;
    fake_server_free(&f);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
    return ok;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    size_t passed = 0;
    for (size_t i = 0; i < client_row_count; i++)
        passed += run_row(&client_rows[i]);
    printf("client engine: %zu of %zu rows answered as the RFCs require\n", passed,
           client_row_count);
    return passed == client_row_count ? 0 : 1;
}
