/*
 * Full handshakes in process, over memory: every suite x group x
 * certificate type, data both ways, byte-at-a-time delivery, one-byte
 * records, and large transfers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"

static const char *const ecdsa_suites[] = {
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
};
static const char *const rsa_suites[] = {
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
};
static const char *const groups[] = {"x25519", "secp256r1", "secp384r1"};

typedef struct cert_case {
    const char *name;
    const char *const *suites;
    const char *sig_scheme;
} cert_case;

static const cert_case certs[] = {
    {"ecdsa-p256", ecdsa_suites, "ecdsa_secp256r1_sha256"},
    {"ecdsa-p384", ecdsa_suites, "ecdsa_secp384r1_sha384"},
    {"ed25519", ecdsa_suites, "ed25519"},
    {"rsa2048", rsa_suites, "rsa_pss_rsae_sha256"},
};

static latch_config *server_for(const char *cert)
{
    char chain[128], key[128];
    snprintf(chain, sizeof(chain), "e2e/%s.chain.pem", cert);
    snprintf(key, sizeof(key), "e2e/%s.key", cert);
    return pair_server_config(chain, key);
}

static void exchange_data(pair *p)
{
    const uint8_t ping[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    const uint8_t pong[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    CHECK(pair_transfer(p, true, ping, sizeof(ping) - 1));
    CHECK(pair_transfer(p, false, pong, sizeof(pong) - 1));
}

static void test_matrix(void)
{
    int ran = 0;
    for (size_t c = 0; c < sizeof(certs) / sizeof(certs[0]); c++) {
        latch_config *server_cfg = server_for(certs[c].name);
        for (size_t s = 0; s < 3; s++) {
            for (size_t g = 0; g < 3; g++) {
                latch_config *client_cfg = pair_client_config(true);
                CHECK(latch_config_set_ciphers(client_cfg, certs[c].suites[s]) == LATCH_OK);
                CHECK(latch_config_set_groups(client_cfg, groups[g]) == LATCH_OK);
                pair p;
                pair_init(&p, client_cfg, server_cfg, "localhost");
                bool ok = pair_handshake(&p);
                CHECK(ok);
                if (!ok) {
                    fprintf(stderr, "%s %s %s: client: %s; server: %s\n", certs[c].name,
                            certs[c].suites[s], groups[g], latch_conn_error(p.client),
                            latch_conn_error(p.server));
                } else {
                    CHECK(strcmp(latch_conn_cipher(p.client), certs[c].suites[s]) == 0);
                    CHECK(strcmp(latch_conn_cipher(p.server), certs[c].suites[s]) == 0);
                    CHECK(strcmp(latch_conn_group(p.client), groups[g]) == 0);
                    CHECK(strcmp(latch_conn_group(p.server), groups[g]) == 0);
                    CHECK(strcmp(latch_conn_sig_scheme(p.client), certs[c].sig_scheme) == 0);
                    CHECK(strcmp(latch_conn_version(p.client), "TLSv1.2") == 0);
                    CHECK(latch_conn_ems(p.client) == 1 && latch_conn_ems(p.server) == 1);
                    CHECK(latch_conn_peer_cert_count(p.client) == 2);
                    CHECK(strcmp(latch_conn_server_name(p.server), "localhost") == 0);
                    exchange_data(&p);
                    ran++;
                }
                pair_free(&p);
                latch_config_free(client_cfg);
            }
        }
        latch_config_free(server_cfg);
    }
    printf("handshake matrix: %d combinations completed\n", ran);
    CHECK(ran == 36);
}

static void test_byte_at_a_time(void)
{
    latch_config *server_cfg = server_for("ecdsa-p256");
    latch_config *client_cfg = pair_client_config(true);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    p.chunk = 1;
    CHECK(pair_handshake(&p));
    exchange_data(&p);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_one_byte_records_and_bulk(void)
{
    latch_config *server_cfg = server_for("rsa2048");
    latch_config *client_cfg = pair_client_config(true);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    CHECK(pair_handshake(&p));

    /* 200 one-byte records, each its own write. */
    for (int i = 0; i < 200; i++) {
        uint8_t b = (uint8_t)i;
        CHECK(pair_transfer(&p, i % 2 == 0, &b, 1));
    }

    /* 4 MiB each way: many full records, sequence numbers far along. */
    size_t big = 4u << 20;
    uint8_t *data = malloc(big);
    for (size_t i = 0; i < big; i++)
        data[i] = (uint8_t)(i * 131 + 7);
    CHECK(pair_transfer(&p, true, data, big));
    CHECK(pair_transfer(&p, false, data, big));
    free(data);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_close_notify(void)
{
    latch_config *server_cfg = server_for("ecdsa-p256");
    latch_config *client_cfg = pair_client_config(true);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    CHECK(pair_handshake(&p));
    CHECK(latch_conn_close(p.client) == LATCH_OK);
    pair_pump(&p);
    uint8_t buf[16];
    size_t got;
    CHECK(latch_conn_read(p.server, buf, sizeof(buf), &got) == LATCH_ERR_CLOSED);
    CHECK(latch_conn_close(p.server) == LATCH_OK);
    pair_pump(&p);
    CHECK(latch_conn_read(p.client, buf, sizeof(buf), &got) == LATCH_ERR_CLOSED);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_truncation(void)
{
    latch_config *server_cfg = server_for("ecdsa-p256");
    latch_config *client_cfg = pair_client_config(true);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    CHECK(pair_handshake(&p));
    const uint8_t msg[] = "partial";
    CHECK(pair_transfer(&p, false, msg, sizeof(msg) - 1));
    /* The transport ends with no close_notify: that is not a clean close. */
    latch_conn_input_eof(p.client);
    uint8_t buf[16];
    size_t got;
    CHECK(latch_conn_read(p.client, buf, sizeof(buf), &got) == LATCH_ERR_TRUNCATED);
    CHECK(strstr(latch_conn_error(p.client), "without close_notify") != NULL);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_release_buffers(void)
{
    latch_config *server_cfg = server_for("ecdsa-p256");
    latch_config *client_cfg = pair_client_config(true);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    CHECK(latch_conn_release_buffers(p.client) == 0); /* not before the handshake */
    CHECK(pair_handshake(&p));
    exchange_data(&p);
    CHECK(latch_conn_release_buffers(p.client) == 1);
    CHECK(latch_conn_release_buffers(p.server) == 1);
    /* The buffers come back when traffic does, in either direction. */
    exchange_data(&p);
    CHECK(latch_conn_release_buffers(p.server) == 1);
    exchange_data(&p);
    /* Unsent output keeps them. */
    size_t n;
    const uint8_t byte = 1;
    CHECK(latch_conn_write(p.client, &byte, 1, &n) == LATCH_OK && n == 1);
    CHECK(latch_conn_release_buffers(p.client) == 0);
    pair_pump(&p);
    uint8_t got;
    CHECK(latch_conn_read(p.server, &got, 1, &n) == LATCH_OK && n == 1 && got == 1);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

int main(void)
{
    test_matrix();
    test_byte_at_a_time();
    test_one_byte_records_and_bulk();
    test_close_notify();
    test_truncation();
    test_release_buffers();
    return check_finish("e2e handshake");
}
