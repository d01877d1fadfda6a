/*
 * The version range of a config (latch_config_set_versions): what the
 * setter refuses, and what two sides whose ranges do or do not meet end
 * with.
 */
#include <stdio.h>
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
 * out, with a sentence naming both sides' versions
 * (test_version_mismatch.c has the sentences). */
static void test_no_common_version(void)
{
    pair p;
    CHECK(!handshake(&p, LATCH_TLS1_2, LATCH_TLS1_2, LATCH_TLS1_3, LATCH_TLS1_3));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_PROTOCOL_VERSION);
    CHECK(strstr(latch_conn_error(p.server), "this server accepts TLS 1.3 only") != NULL);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_PROTOCOL_VERSION);
    CHECK(latch_conn_version(p.client) == NULL);
    pair_free(&p);

    CHECK(!handshake(&p, LATCH_TLS1_3, LATCH_TLS1_3, LATCH_TLS1_2, LATCH_TLS1_2));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_PROTOCOL_VERSION ||
          latch_conn_error_code(p.client) == LATCH_ERR_PROTOCOL_VERSION);
    pair_free(&p);
}

static void exchange(pair *p)
{
    const uint8_t ping[] = "ping over TLS 1.3";
    const uint8_t pong[] = "pong";
    CHECK(pair_transfer(p, true, ping, sizeof(ping) - 1));
    CHECK(pair_transfer(p, false, pong, sizeof(pong) - 1));
}

/* Both sides speak TLS 1.3: it is chosen, with every kind of key. */
static void test_tls13_each_key(void)
{
    static const char *const certs[] = {"ecdsa-p256", "ecdsa-p384", "ed25519", "rsa2048"};
    static const char *const schemes[] = {"ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384",
                                          "ed25519", "rsa_pss_rsae_sha256"};
    for (size_t i = 0; i < 4; i++) {
        char chain[128], key[128];
        snprintf(chain, sizeof(chain), "e2e/%s.chain.pem", certs[i]);
        snprintf(key, sizeof(key), "e2e/%s.key", certs[i]);
        latch_config *server = pair_server_config(chain, key);
        latch_config *client = pair_client_config(false);
        CHECK(latch_config_add_ca_file(client, check_data_path("e2e/ca.pem")) == LATCH_OK);
        CHECK(latch_config_set_versions(client, LATCH_TLS1_2, LATCH_TLS1_3) == LATCH_OK);
        CHECK(latch_config_set_versions(server, LATCH_TLS1_2, LATCH_TLS1_3) == LATCH_OK);
        pair p;
        pair_init(&p, client, server, "localhost");
        CHECK(pair_handshake(&p));
        if (latch_conn_error_code(p.client) != LATCH_OK)
            fprintf(stderr, "  %s: client: %s\n", certs[i], latch_conn_error(p.client));
        if (latch_conn_error_code(p.server) != LATCH_OK)
            fprintf(stderr, "  %s: server: %s\n", certs[i], latch_conn_error(p.server));
        CHECK(latch_conn_version(p.client) != NULL &&
              strcmp(latch_conn_version(p.client), "TLSv1.3") == 0);
        CHECK(latch_conn_version(p.server) != NULL &&
              strcmp(latch_conn_version(p.server), "TLSv1.3") == 0);
        CHECK(latch_conn_cipher(p.client) != NULL &&
              strcmp(latch_conn_cipher(p.client), "TLS_AES_128_GCM_SHA256") == 0);
        CHECK(latch_conn_sig_scheme(p.client) != NULL &&
              strcmp(latch_conn_sig_scheme(p.client), schemes[i]) == 0);
        exchange(&p);
        pair_free(&p);
        latch_config_free(client);
        latch_config_free(server);
    }
}

/* The client's first share is x25519; a server that takes only
 * secp256r1 asks for it with a HelloRetryRequest (RFC 8446 4.1.4). */
static void test_tls13_hello_retry(void)
{
    latch_config *server = server_config();
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_versions(client, LATCH_TLS1_2, LATCH_TLS1_3) == LATCH_OK);
    CHECK(latch_config_set_versions(server, LATCH_TLS1_3, LATCH_TLS1_3) == LATCH_OK);
    CHECK(latch_config_set_groups(server, "secp256r1") == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    if (latch_conn_error_code(p.client) != LATCH_OK)
        fprintf(stderr, "  hrr: client: %s\n", latch_conn_error(p.client));
    if (latch_conn_error_code(p.server) != LATCH_OK)
        fprintf(stderr, "  hrr: server: %s\n", latch_conn_error(p.server));
    CHECK(latch_conn_group(p.client) != NULL &&
          strcmp(latch_conn_group(p.client), "secp256r1") == 0);
    exchange(&p);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

/* RFC 8446 4.3.2 and 4.4.2: a server asks for a certificate; the
 * client answers with its chain and CertificateVerify, or an empty
 * Certificate, which a server that requires one refuses with
 * certificate_required. */
static void test_tls13_client_auth(const char *chain, const char *key, latch_client_cert mode,
                                   bool expect_ok)
{
    latch_config *server = server_config();
    CHECK(latch_config_add_ca_file(server, check_data_path("e2e/ca.pem")) == LATCH_OK);
    CHECK(latch_config_request_client_cert(server, mode) == LATCH_OK);
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_versions(client, LATCH_TLS1_3, LATCH_TLS1_3) == LATCH_OK);
    if (chain != NULL) {
        char chain_path[4096];
        snprintf(chain_path, sizeof(chain_path), "%s", check_data_path(chain));
        CHECK(latch_config_add_cert_key_file(client, chain_path, check_data_path(key)) == LATCH_OK);
    }
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p) == expect_ok);
    if (expect_ok) {
        CHECK(latch_conn_client_authenticated(p.server) == (chain != NULL));
        CHECK(latch_conn_client_authenticated(p.client) == (chain != NULL));
        exchange(&p);
    } else {
        CHECK(latch_conn_error_code(p.server) == LATCH_ERR_CERTIFICATE_REQUIRED);
        /* The client finished first (RFC 8446 2): the alert meets its next read. */
        pair_pump(&p);
        uint8_t buf[8];
        size_t got;
        CHECK(latch_conn_read(p.client, buf, sizeof(buf), &got) == LATCH_ERR_ALERT_RECEIVED);
        CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_CERTIFICATE_REQUIRED);
    }
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

int main(void)
{
    test_setter();
    test_tls12();
    test_no_common_version();
    test_tls13_each_key();
    test_tls13_hello_retry();
    test_tls13_client_auth("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key",
                           LATCH_CLIENT_CERT_REQUIRED, true);
    test_tls13_client_auth("e2e/rsa2048.chain.pem", "e2e/rsa2048.key", LATCH_CLIENT_CERT_REQUIRED,
                           true);
    test_tls13_client_auth("e2e/ed25519.chain.pem", "e2e/ed25519.key", LATCH_CLIENT_CERT_REQUIRED,
                           true);
    test_tls13_client_auth(NULL, NULL, LATCH_CLIENT_CERT_OPTIONAL, true);
    test_tls13_client_auth(NULL, NULL, LATCH_CLIENT_CERT_REQUIRED, false);
    return check_finish("e2e versions");
}
