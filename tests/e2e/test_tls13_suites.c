/*
 * Choosing the TLS 1.3 suites (latch_config_set_tls13_suites): what the
 * setter refuses, the server's order and the client's, the client
 * refusing a suite it did not offer, and the sentences of a mismatch.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "pair.h"

#define AES128 "TLS_AES_128_GCM_SHA256"
#define AES256 "TLS_AES_256_GCM_SHA384"
#define CHACHA "TLS_CHACHA20_POLY1305_SHA256"

static void test_setter(void)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_set_tls13_suites(cfg, CHACHA ":" AES128) == LATCH_OK);
    CHECK(latch_config_set_tls13_suites(cfg, "TLS_AES_512") == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "\"TLS_AES_512\"") != NULL);
    CHECK(strstr(latch_config_error(cfg), "known: " AES128 ", " AES256 ", " CHACHA) != NULL);
    CHECK(latch_config_set_tls13_suites(cfg, "ECDHE-RSA-AES128-GCM-SHA256") == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "is a TLS 1.2 cipher suite") != NULL);
    CHECK(latch_config_set_tls13_suites(cfg, "") == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "empty") != NULL);
    CHECK(latch_config_set_tls13_suites(cfg, AES128 "::" AES256) == LATCH_ERR_CONFIG);
    CHECK(latch_config_set_tls13_suites(cfg, NULL) == LATCH_ERR_USAGE);
    CHECK(latch_config_set_ciphers(cfg, AES128) == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "is a TLS 1.3 cipher suite") != NULL);
    latch_config_free(cfg);
}

/* A TLS 1.3 handshake between the two lists (NULL: the default) and the
 * server's preference; the pair for checks. */
static bool handshake(pair *p, const char *client_list, const char *server_list, bool server_order)
{
    latch_config *client = pair_client_config(true);
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_set_versions(client, LATCH_TLS1_3, LATCH_TLS1_3) == LATCH_OK);
    if (client_list != NULL)
        CHECK(latch_config_set_tls13_suites(client, client_list) == LATCH_OK);
    if (server_list != NULL)
        CHECK(latch_config_set_tls13_suites(server, server_list) == LATCH_OK);
    CHECK(latch_config_set_server_preference(server, server_order) == LATCH_OK);
    pair_init(p, client, server, "localhost");
    bool ok = pair_handshake(p);
    latch_config_free(client);
    latch_config_free(server);
    return ok;
}

static void expect_suite(const char *client_list, const char *server_list, bool server_order,
                         const char *want)
{
    pair p;
    CHECK(handshake(&p, client_list, server_list, server_order));
    CHECK(strcmp(latch_conn_cipher(p.client), want) == 0);
    CHECK(strcmp(latch_conn_cipher(p.server), want) == 0);
    pair_free(&p);
}

static void test_orders(void)
{
    expect_suite(NULL, NULL, true, AES128);
    expect_suite(AES128 ":" AES256 ":" CHACHA, CHACHA ":" AES256, true, CHACHA);
    expect_suite(AES128 ":" AES256 ":" CHACHA, CHACHA ":" AES256, false, AES256);
    expect_suite(AES256, NULL, true, AES256);
    expect_suite(CHACHA ":" AES128, NULL, false, CHACHA);
}

static void test_mismatch(void)
{
    pair p;
    CHECK(!handshake(&p, CHACHA, AES128 ":" AES256, true));
    CHECK(p.server_result == LATCH_ERR_HANDSHAKE_FAILURE);
    CHECK(strstr(latch_conn_error(p.server),
                 "the client offers " CHACHA ", this server accepts " AES128 ", " AES256) != NULL);
    CHECK(p.client_result == LATCH_ERR_ALERT_RECEIVED);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_HANDSHAKE_FAILURE);
    CHECK(strstr(latch_conn_error(p.client), "the client offered " CHACHA " only") != NULL);
    pair_free(&p);
}

int main(void)
{
    test_setter();
    test_orders();
    test_mismatch();
    return check_finish("e2e tls13 suites");
}
