/*
 * The client validates the server's chain before it answers, and a
 * failure aborts the handshake with the matching alert, which the server
 * receives: expired, wrong host, untrusted, revoked, wrong key usage. A
 * valid chain completes.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "pair.h"

#define AT 2000000000 /* inside the fixtures' validity (tests/data/verify) */

static int64_t fixed_clock(void *arg)
{
    (void)arg;
    return AT;
}

static latch_config *client_trusting(const char *anchor, const char *crl)
{
    latch_config *cfg = pair_client_config(false);
    CHECK(latch_config_add_ca_file(cfg, check_data_path(anchor)) == LATCH_OK);
    if (crl != NULL)
        CHECK(latch_config_add_crl_file(cfg, check_data_path(crl)) == LATCH_OK);
    CHECK(latch_config_set_clock(cfg, fixed_clock, NULL) == LATCH_OK);
    return cfg;
}

typedef struct verify_case {
    const char *name;
    const char *chain, *key; /* the server's */
    const char *anchor, *crl, *ciphers;
    const char *host;
    latch_err expect;
    const char *message;
} verify_case;

static const verify_case cases[] = {
    {"valid", "verify/good-chain.pem", "verify/good.key", "verify/root.pem", NULL, NULL,
     "good.example", LATCH_OK, ""},
    {"valid by IP", "verify/good-chain.pem", "verify/good.key", "verify/root.pem", NULL, NULL,
     "192.0.2.1", LATCH_OK, ""},
    {"expired", "verify/expired-chain.pem", "verify/expired.key", "verify/root.pem", NULL, NULL,
     "expired.example", LATCH_ERR_CERTIFICATE_EXPIRED, "certificate CN=expired.example expired"},
    {"wrong host", "verify/good-chain.pem", "verify/good.key", "verify/root.pem", NULL, NULL,
     "example.com", LATCH_ERR_BAD_CERTIFICATE, "does not cover example.com"},
    {"untrusted", "verify/good-chain.pem", "verify/good.key", "verify/root-a.pem", NULL, NULL,
     "good.example", LATCH_ERR_UNKNOWN_CA, "is not a trust anchor"},
    {"revoked", "verify/revoked-chain.pem", "verify/revoked.key", "verify/root.pem",
     "verify/crl-int.pem", NULL, "revoked.example", LATCH_ERR_CERTIFICATE_REVOKED, "is revoked"},
    {"stale CRL", "verify/good-chain.pem", "verify/good.key", "verify/root.pem",
     "verify/crl-int-stale.pem", NULL, "good.example", LATCH_ERR_CERTIFICATE_UNKNOWN,
     "out of date"},
    {"self-signed", "verify/selfsigned.pem", "verify/selfsigned.key", "verify/root.pem", NULL, NULL,
     "selfsigned.example", LATCH_ERR_UNKNOWN_CA, "self-signed"},
    {"e2e CA", "e2e/rsa2048.chain.pem", "e2e/rsa2048.key", "e2e/ca.pem", NULL,
     "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "localhost", LATCH_OK, ""},
};

static void run(const verify_case *vc)
{
    latch_config *server_cfg = pair_server_config(vc->chain, vc->key);
    latch_config *client_cfg = client_trusting(vc->anchor, vc->crl);
    if (vc->ciphers != NULL)
        CHECK(latch_config_set_ciphers(client_cfg, vc->ciphers) == LATCH_OK);
    pair p;
    pair_init(&p, client_cfg, server_cfg, vc->host);
    bool ok = pair_handshake(&p);
    latch_err got = latch_conn_error_code(p.client);
    bool pass = vc->expect == LATCH_OK
                    ? ok
                    : !ok && got == vc->expect &&
                          strstr(latch_conn_error(p.client), vc->message) != NULL &&
                          latch_conn_peer_alert(p.server) == (int)latch_err_alert(vc->expect);
    CHECK(pass);
    if (!pass)
        fprintf(stderr, "%s: client %s \"%s\"; server saw alert %d\n", vc->name,
                latch_err_name(got), latch_conn_error(p.client), latch_conn_peer_alert(p.server));
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* A client that verifies must be told which name to expect. */
static void test_no_name(void)
{
    latch_config *server_cfg = pair_server_config("verify/good-chain.pem", "verify/good.key");
    latch_config *client_cfg = client_trusting("verify/root.pem", NULL);
    pair p;
    pair_init(&p, client_cfg, server_cfg, NULL);
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.client) == LATCH_ERR_USAGE);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* Two connections share one config: the trust store is built once. */
static void test_shared_config(void)
{
    latch_config *server_cfg = pair_server_config("verify/good-chain.pem", "verify/good.key");
    latch_config *client_cfg = client_trusting("verify/root.pem", NULL);
    for (int i = 0; i < 2; i++) {
        pair p;
        pair_init(&p, client_cfg, server_cfg, "www.wild.example");
        CHECK(pair_handshake(&p));
        pair_free(&p);
    }
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

int main(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        run(&cases[i]);
    test_no_name();
    test_shared_config();
    return check_finish("verify_handshake");
}
