/*
 * The version range of a config (latch_config_set_versions): what the
 * setter refuses, and what two sides whose ranges do or do not meet end
 * with.
 */
#include <string.h>

#include "check.h"
#include "pair.h"

static latch_config *server_config(void)
{
    return pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
}

static void test_setter(void)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_set_versions(cfg, LATCH_TLS1_2, LATCH_TLS1_3) == LATCH_OK);
    CHECK(latch_config_set_versions(cfg, LATCH_TLS1_3, LATCH_TLS1_3) == LATCH_OK);
    CHECK(latch_config_set_versions(cfg, LATCH_TLS1_3, LATCH_TLS1_2) == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "above the maximum") != NULL);
    CHECK(latch_config_set_versions(cfg, 0x0302, LATCH_TLS1_2) == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "0x0302") != NULL);
    CHECK(latch_config_set_versions(cfg, LATCH_TLS1_2, 0x0305) == LATCH_ERR_CONFIG);
    CHECK(latch_config_set_versions(NULL, LATCH_TLS1_2, LATCH_TLS1_2) == LATCH_ERR_USAGE);
    latch_config_free(cfg);
}

/* Runs a handshake between the two ranges; returns the pair for checks. */
static bool handshake(pair *p, int cmin, int cmax, int smin, int smax)
{
    latch_config *client = pair_client_config(true);
    latch_config *server = server_config();
    CHECK(latch_config_set_versions(client, cmin, cmax) == LATCH_OK);
    CHECK(latch_config_set_versions(server, smin, smax) == LATCH_OK);
    pair_init(p, client, server, "localhost");
    bool ok = pair_handshake(p);
    latch_config_free(client);
    latch_config_free(server);
    return ok;
}

static void test_tls12(void)
{
    pair p;
    CHECK(handshake(&p, LATCH_TLS1_2, LATCH_TLS1_2, LATCH_TLS1_2, LATCH_TLS1_2));
    CHECK(strcmp(latch_conn_version(p.client), "TLSv1.2") == 0);
    CHECK(strcmp(latch_conn_version(p.server), "TLSv1.2") == 0);
    pair_free(&p);
}

/* Ranges that do not meet: protocol_version, from the side that finds
 * out, with a sentence naming the minimum. */
static void test_no_common_version(void)
{
    pair p;
    CHECK(!handshake(&p, LATCH_TLS1_2, LATCH_TLS1_2, LATCH_TLS1_3, LATCH_TLS1_3));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_PROTOCOL_VERSION);
    CHECK(strstr(latch_conn_error(p.server), "minimum") != NULL);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_PROTOCOL_VERSION);
    CHECK(latch_conn_version(p.client) == NULL);
    pair_free(&p);

    CHECK(!handshake(&p, LATCH_TLS1_3, LATCH_TLS1_3, LATCH_TLS1_2, LATCH_TLS1_2));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_PROTOCOL_VERSION ||
          latch_conn_error_code(p.client) == LATCH_ERR_PROTOCOL_VERSION);
    pair_free(&p);
}

int main(void)
{
    test_setter();
    test_tls12();
    test_no_common_version();
    return check_finish("e2e versions");
}
