/*
 * RSA key transport, DHE and the CBC suites end to end in process: every
 * suite with data both ways, encrypt_then_mac on and off on each side,
 * the RFC 7919 choice of DHE group, and the client's checks of the
 * server's answers (encrypt_then_mac only when offered and with CBC, a
 * keyUsage that allows RSA key transport).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tamper.h"
#include "tls/msg.h"

typedef struct suite_case {
    const char *name; /* IANA */
    const char *cert;
    bool cbc;
    const char *group; /* what the handshake reports */
} suite_case;

static const suite_case suites[] = {
    {"TLS_RSA_WITH_AES_128_GCM_SHA256", "rsa2048", false, NULL},
    {"TLS_RSA_WITH_AES_256_GCM_SHA384", "rsa2048", false, NULL},
    {"TLS_RSA_WITH_AES_128_CBC_SHA", "rsa2048", true, NULL},
    {"TLS_RSA_WITH_AES_256_CBC_SHA", "rsa2048", true, NULL},
    {"TLS_RSA_WITH_AES_128_CBC_SHA256", "rsa2048", true, NULL},
    {"TLS_RSA_WITH_AES_256_CBC_SHA256", "rsa2048", true, NULL},
    {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "rsa2048", false, "ffdhe2048"},
    {"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "rsa2048", false, "ffdhe2048"},
    {"TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "rsa2048", false, "ffdhe2048"},
    {"TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "rsa2048", true, "ffdhe2048"},
    {"TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "rsa2048", true, "ffdhe2048"},
    {"TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "rsa2048", true, "ffdhe2048"},
    {"TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "rsa2048", true, "ffdhe2048"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ecdsa-p256", true, "x25519"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ecdsa-p256", true, "x25519"},
    {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ecdsa-p256", true, "x25519"},
    {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ecdsa-p384", true, "x25519"},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "rsa2048", true, "x25519"},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "rsa2048", true, "x25519"},
    {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "rsa2048", true, "x25519"},
    {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "rsa2048", true, "x25519"},
};

static latch_config *server_for(const char *cert)
{
    char chain[128], key[128];
    snprintf(chain, sizeof(chain), "e2e/%s.chain.pem", cert);
    snprintf(key, sizeof(key), "e2e/%s.key", strncmp(cert, "rsa2048", 7) == 0 ? "rsa2048" : cert);
    return pair_server_config(chain, key);
}

static void exchange_data(pair *p)
{
    /* Sizes around block and record boundaries, both ways. */
    static uint8_t data[40000];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 13 + 1);
    const size_t sizes[] = {1, 15, 16, 17, 255, 256, 16384, sizeof(data)};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        CHECK(pair_transfer(p, true, data, sizes[i]));
        CHECK(pair_transfer(p, false, data, sizes[i]));
    }
}

static void show_failure(const char *what, pair *p)
{
    fprintf(stderr, "%s: client: %s; server: %s\n", what, latch_conn_error(p->client),
            latch_conn_error(p->server));
}

static void test_every_suite(void)
{
    int ran = 0;
    for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
        const suite_case *sc = &suites[s];
        latch_config *server_cfg = server_for(sc->cert);
        CHECK(latch_config_set_ciphers(server_cfg, "ALL") == LATCH_OK);
        /* encrypt_then_mac: both on, client off, server off. */
        for (int mode = 0; mode < (sc->cbc ? 3 : 1); mode++) {
            latch_config *client_cfg = pair_client_config(true);
            CHECK(latch_config_set_ciphers(client_cfg, sc->name) == LATCH_OK);
            if (mode == 1)
                CHECK(latch_config_set_encrypt_then_mac(client_cfg, 0) == LATCH_OK);
            latch_config *srv = server_cfg;
            if (mode == 2) {
                srv = server_for(sc->cert);
                CHECK(latch_config_set_ciphers(srv, "ALL") == LATCH_OK);
                CHECK(latch_config_set_encrypt_then_mac(srv, 0) == LATCH_OK);
            }
            pair p;
            pair_init(&p, client_cfg, srv, "localhost");
            bool ok = pair_handshake(&p);
            CHECK(ok);
            if (!ok) {
                show_failure(sc->name, &p);
            } else {
                CHECK(strcmp(latch_conn_cipher(p.client), sc->name) == 0);
                CHECK(strcmp(latch_conn_cipher(p.server), sc->name) == 0);
                int etm = sc->cbc && mode == 0;
                CHECK(latch_conn_encrypt_then_mac(p.client) == etm);
                CHECK(latch_conn_encrypt_then_mac(p.server) == etm);
                const char *cg = latch_conn_group(p.client);
                const char *sg = latch_conn_group(p.server);
                if (sc->group == NULL) {
                    CHECK(cg == NULL && sg == NULL);
                    /* RSA key transport signs nothing. */
                    CHECK(latch_conn_sig_scheme(p.client) == NULL);
                    CHECK(latch_conn_sig_scheme(p.server) == NULL);
                } else {
                    CHECK(cg != NULL && strcmp(cg, sc->group) == 0);
                    CHECK(sg != NULL && strcmp(sg, sc->group) == 0);
                    CHECK(latch_conn_sig_scheme(p.client) != NULL);
                }
                CHECK(latch_conn_ems(p.client) == 1);
                exchange_data(&p);
                ran++;
            }
            pair_free(&p);
            latch_config_free(client_cfg);
            if (srv != server_cfg)
                latch_config_free(srv);
        }
        latch_config_free(server_cfg);
    }
    printf("new suites: %d handshakes with data both ways\n", ran);
    CHECK(ran == 2 + 4 * 3 + 3 + 4 * 3 + 8 * 3);
}

/* One handshake; returns true when both sides finished, and fills the
 * group and suite the client saw. */
static bool dhe_run(const char *client_groups, const char *client_ciphers,
                    const char *server_groups, const char **group, latch_err *server_err)
{
    latch_config *server_cfg = server_for("rsa2048");
    if (server_groups != NULL)
        CHECK(latch_config_set_groups(server_cfg, server_groups) == LATCH_OK);
    latch_config *client_cfg = pair_client_config(true);
    CHECK(latch_config_set_ciphers(client_cfg, client_ciphers) == LATCH_OK);
    if (client_groups != NULL)
        CHECK(latch_config_set_groups(client_cfg, client_groups) == LATCH_OK);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    bool ok = pair_handshake(&p);
    static char seen[32];
    seen[0] = '\0';
    if (ok) {
        snprintf(seen, sizeof(seen), "%s", latch_conn_group(p.client));
        CHECK(strcmp(latch_conn_group(p.server), seen) == 0);
        exchange_data(&p);
    }
    *group = seen;
    *server_err = latch_conn_error_code(p.server);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
    return ok;
}

/* RFC 7919 4 on the server's side. */
static void test_dhe_groups(void)
{
    const char *dhe = "DHE-RSA-AES128-GCM-SHA256";
    const char *group;
    latch_err e;
    /* A client that names no FFDHE group gets the server's: ffdhe2048 by
     * default, else the config's first. */
    CHECK(dhe_run(NULL, dhe, NULL, &group, &e) && strcmp(group, "ffdhe2048") == 0);
    CHECK(dhe_run(NULL, dhe, "x25519:ffdhe3072", &group, &e) && strcmp(group, "ffdhe3072") == 0);
    /* A client that names some gets the server's first among them. */
    CHECK(dhe_run("ffdhe2048", dhe, NULL, &group, &e) && strcmp(group, "ffdhe2048") == 0);
    CHECK(dhe_run("x25519:ffdhe2048:ffdhe4096", dhe, "ffdhe4096:ffdhe2048", &group, &e) &&
          strcmp(group, "ffdhe4096") == 0);
    /* None shared: no DHE suite. With another suite offered the server
     * takes that; with none, insufficient_security (RFC 7919 4). */
    CHECK(dhe_run("x25519:ffdhe3072", "DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", NULL,
                  &group, &e) &&
          strcmp(group, "x25519") == 0);
    CHECK(!dhe_run("ffdhe3072", dhe, NULL, &group, &e));
    CHECK(e == LATCH_ERR_INSUFFICIENT_SECURITY);
}

/* ---- the client checks what the server says about encrypt_then_mac ---- */

static bool add_etm;

static void edit_server_hello(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                              void *arg)
{
    (void)arg;
    if (type != LT_HS_SERVER_HELLO) {
        tamper_copy_message(type, body, len, out);
        return;
    }
    lt_server_hello sh;
    lt_error err;
    lt_error_clear(&err);
    if (!lt_server_hello_parse(body, len, &sh, &err))
        abort();
    sh.ext.encrypt_then_mac.present = add_etm;
    lt_server_hello_write(&sh, out);
}

static void tamper_server_hello(int dir, size_t index, pair_record *rec, void *arg)
{
    (void)arg;
    if (dir == PAIR_TO_CLIENT && index == 0)
        tamper_handshake_record(rec, edit_server_hello, NULL);
}

static void etm_refusal(const char *ciphers, bool client_etm, latch_err want, const char *words)
{
    latch_config *server_cfg = server_for("ecdsa-p256");
    CHECK(latch_config_set_ciphers(server_cfg, "ALL") == LATCH_OK);
    CHECK(latch_config_set_encrypt_then_mac(server_cfg, 0) == LATCH_OK);
    latch_config *client_cfg = pair_client_config(true);
    CHECK(latch_config_set_ciphers(client_cfg, ciphers) == LATCH_OK);
    CHECK(latch_config_set_encrypt_then_mac(client_cfg, client_etm) == LATCH_OK);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    add_etm = true;
    p.tamper = tamper_server_hello;
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.client) == want);
    CHECK(strstr(latch_conn_error(p.client), words) != NULL);
    CHECK(latch_conn_peer_alert(p.server) == (int)latch_err_alert(want));
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void test_etm_checks(void)
{
    /* RFC 7366 3: never with an AEAD suite, even when offered. */
    etm_refusal("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA", true,
                LATCH_ERR_ILLEGAL_PARAMETER, "AEAD suite");
    /* Not offered (turned off, or no CBC suite on the list). */
    etm_refusal("ECDHE-ECDSA-AES128-SHA", false, LATCH_ERR_UNSUPPORTED_EXTENSION,
                "encrypt_then_mac");
    etm_refusal("ECDHE-ECDSA-AES128-GCM-SHA256", true, LATCH_ERR_UNSUPPORTED_EXTENSION,
                "encrypt_then_mac");

    /* A server offered both picks the AEAD and says nothing of EtM. */
    latch_config *server_cfg = server_for("ecdsa-p256");
    CHECK(latch_config_set_ciphers(server_cfg, "ALL") == LATCH_OK);
    latch_config *client_cfg = pair_client_config(true);
    CHECK(latch_config_set_ciphers(client_cfg, "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES128-GCM-"
                                               "SHA256") == LATCH_OK);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    CHECK(pair_handshake(&p));
    CHECK(strcmp(latch_conn_cipher(p.client), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256") == 0);
    CHECK(latch_conn_encrypt_then_mac(p.client) == 0);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

/* RFC 5246 7.4.2: RSA key transport needs keyEncipherment when the leaf
 * has a keyUsage; the same certificate still signs for ECDHE_RSA. */
static void test_key_usage(void)
{
    latch_config *server_cfg =
        pair_server_config("e2e/rsa2048-sign-only.chain.pem", "e2e/rsa2048.key");
    CHECK(latch_config_set_ciphers(server_cfg, "ALL") == LATCH_OK);
    const char *ciphers[] = {"AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256"};
    for (int i = 0; i < 2; i++) {
        latch_config *client_cfg = pair_client_config(true);
        CHECK(latch_config_set_ciphers(client_cfg, ciphers[i]) == LATCH_OK);
        pair p;
        pair_init(&p, client_cfg, server_cfg, "localhost");
        bool ok = pair_handshake(&p);
        if (i == 0) {
            CHECK(!ok);
            CHECK(latch_conn_error_code(p.client) == LATCH_ERR_UNSUPPORTED_CERTIFICATE);
            CHECK(strstr(latch_conn_error(p.client), "keyEncipherment") != NULL);
            CHECK(latch_conn_peer_alert(p.server) == LATCH_ALERT_UNSUPPORTED_CERTIFICATE);
        } else {
            CHECK(ok);
        }
        pair_free(&p);
        latch_config_free(client_cfg);
    }
    latch_config_free(server_cfg);
}

/* DEFAULT stays forward-secret AEAD: a default client offers neither RSA
 * key transport nor CBC, and so no encrypt_then_mac either. */
static void test_defaults(void)
{
    latch_config *server_cfg = server_for("rsa2048");
    CHECK(latch_config_set_ciphers(server_cfg, "AES128-GCM-SHA256:AES128-SHA") == LATCH_OK);
    latch_config *client_cfg = pair_client_config(true);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_HANDSHAKE_FAILURE);
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

int main(void)
{
    test_every_suite();
    test_dhe_groups();
    test_etm_checks();
    test_key_usage();
    test_defaults();
    return check_finish("kx_suites");
}
