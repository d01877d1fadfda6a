/*
 * What the two sides agree on, and what each refuses: certificate choice
 * by SNI and by key type, ALPN, suite preference, versions and fallback,
 * signature_algorithms, extensions a client did not offer, renegotiation,
 * a peer that is not speaking TLS, and config mistakes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tamper.h"
#include "tls/conn.h"
#include "tls/msg.h"

static latch_config *server_with(const char *const *names, size_t n)
{
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    for (size_t i = 0; i < n; i++) {
        char chain[256], key[256];
        snprintf(chain, sizeof(chain), "%s", check_data_path(names[i]));
        strcat(chain, ".chain.pem");
        snprintf(key, sizeof(key), "%s.key", check_data_path(names[i]));
        if (latch_config_add_cert_key_file(cfg, chain, key) != LATCH_OK) {
            fprintf(stderr, "%s\n", latch_config_error(cfg));
            abort();
        }
    }
    return cfg;
}

/* Whether the leaf the client received carries `text` (its CN names the
 * fixture it was made as). */
static bool leaf_mentions(latch_conn *client, const char *text)
{
    size_t len;
    const uint8_t *der = latch_conn_peer_cert(client, 0, &len);
    return der != NULL && memmem(der, len, text, strlen(text)) != NULL;
}

static void test_sni_selects_certificate(void)
{
    const char *names[] = {"e2e/ecdsa-p256", "e2e/other-example"};
    latch_config *server = server_with(names, 2);
    const struct {
        const char *sni;
        const char *expect;
    } cases[] = {
        {"localhost", "ecdsa-p256"},
        {"other.example", "other-example"},
        {"www.other.example", "other-example"}, /* the wildcard */
        {"unknown.test", "ecdsa-p256"},         /* no match: the first that fits */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        latch_config *client = pair_client_config(true);
        pair p;
        pair_init(&p, client, server, cases[i].sni);
        CHECK(pair_handshake(&p));
        CHECK(leaf_mentions(p.client, cases[i].expect));
        CHECK(strcmp(latch_conn_server_name(p.server), cases[i].sni) == 0);
        pair_free(&p);
        latch_config_free(client);
    }
    latch_config_free(server);
}

static void test_key_type_selects_certificate(void)
{
    const char *names[] = {"e2e/rsa2048", "e2e/ecdsa-p256"};
    latch_config *server = server_with(names, 2);
    const struct {
        const char *ciphers;
        const char *expect_leaf;
    } cases[] = {
        {"ECDHE-RSA-AES128-GCM-SHA256", "rsa2048"},
        {"ECDHE-ECDSA-AES128-GCM-SHA256", "ecdsa-p256"},
    };
    for (size_t i = 0; i < 2; i++) {
        latch_config *client = pair_client_config(true);
        CHECK(latch_config_set_ciphers(client, cases[i].ciphers) == LATCH_OK);
        pair p;
        pair_init(&p, client, server, "localhost");
        CHECK(pair_handshake(&p));
        CHECK(leaf_mentions(p.client, cases[i].expect_leaf));
        pair_free(&p);
        latch_config_free(client);
    }
    latch_config_free(server);
}

static void test_alpn(void)
{
    const char *names[] = {"e2e/ecdsa-p256"};
    latch_config *server = server_with(names, 1);
    CHECK(latch_config_set_alpn(server, "h2,http/1.1") == LATCH_OK);

    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_alpn(client, "http/1.1,h2") == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    CHECK(strcmp(latch_conn_alpn(p.client), "h2") == 0); /* the server's preference */
    CHECK(strcmp(latch_conn_alpn(p.server), "h2") == 0);
    pair_free(&p);
    latch_config_free(client);

    client = pair_client_config(true);
    CHECK(latch_config_set_alpn(client, "spdy/3") == LATCH_OK);
    pair_init(&p, client, server, "localhost");
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_NO_APPLICATION_PROTOCOL);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_NO_APPLICATION_PROTOCOL);
    pair_free(&p);
    latch_config_free(client);

    /* A client without ALPN still connects, with no protocol. */
    client = pair_client_config(true);
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    CHECK(latch_conn_alpn(p.client) == NULL);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

static void test_suite_preference(void)
{
    const char *names[] = {"e2e/ecdsa-p256"};
    latch_config *server = server_with(names, 1);
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_ciphers(client, "ECDHE-ECDSA-CHACHA20-POLY1305:"
                                           "ECDHE-ECDSA-AES128-GCM-SHA256") == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    CHECK(strcmp(latch_conn_cipher(p.client), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256") == 0);
    pair_free(&p);
    latch_config_free(server);

    server = server_with(names, 1);
    CHECK(latch_config_set_server_preference(server, 0) == LATCH_OK);
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    CHECK(strcmp(latch_conn_cipher(p.client), "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256") ==
          0);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

static void test_no_common_suite(void)
{
    const char *names[] = {"e2e/rsa2048"};
    latch_config *server = server_with(names, 1);
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_ciphers(client, "ECDHE-ECDSA-AES128-GCM-SHA256") == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_HANDSHAKE_FAILURE);
    CHECK(strstr(latch_conn_error(p.server), "no cipher suite in common") != NULL);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_HANDSHAKE_FAILURE);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

/* ---- ClientHello rewritten in flight ---- */

typedef enum hello_edit { OLD_VERSION, OLD_VERSION_FALLBACK, NO_SIG_ALGS } hello_edit;

static void edit_hello(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    hello_edit how = *(hello_edit *)arg;
    lt_client_hello ch;
    lt_error err;
    lt_error_clear(&err);
    if (type != LT_HS_CLIENT_HELLO || !lt_client_hello_parse(body, len, &ch, &err))
        abort();
    if (how == OLD_VERSION || how == OLD_VERSION_FALLBACK)
        ch.version = 0x0302;
    if (how == OLD_VERSION_FALLBACK)
        ch.cipher_suites[ch.cipher_suites_count++] = 0x5600;
    if (how == NO_SIG_ALGS)
        ch.ext.signature_algorithms.present = false;
    lt_client_hello_write(&ch, out);
}

static void tamper_hello(int dir, size_t index, pair_record *rec, void *arg)
{
    if (dir == PAIR_TO_SERVER && index == 0)
        tamper_handshake_record(rec, edit_hello, arg);
}

static void expect_server_refuses(hello_edit how, latch_err code, const char *words)
{
    const char *names[] = {"e2e/ecdsa-p256"};
    latch_config *server = server_with(names, 1);
    latch_config *client = pair_client_config(true);
    pair p;
    pair_init(&p, client, server, "localhost");
    p.tamper = tamper_hello;
    p.tamper_arg = &how;
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.server) == code);
    CHECK(strstr(latch_conn_error(p.server), words) != NULL);
    CHECK(latch_conn_peer_alert(p.client) == (int)latch_err_alert(code));
    printf("server refuses: %s\n", latch_conn_error(p.server));
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

static void test_hello_refusals(void)
{
    expect_server_refuses(OLD_VERSION, LATCH_ERR_PROTOCOL_VERSION, "offers TLS 1.1 at most");
    expect_server_refuses(OLD_VERSION_FALLBACK, LATCH_ERR_INAPPROPRIATE_FALLBACK, "fell back");
    expect_server_refuses(NO_SIG_ALGS, LATCH_ERR_HANDSHAKE_FAILURE, "RFC 9155");
}

/* ---- ServerHello rewritten in flight ---- */

typedef enum server_edit { EXTRA_EXTENSION, UNOFFERED_SUITE } server_edit;

static void edit_server_hello(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                              void *arg)
{
    if (type != LT_HS_SERVER_HELLO) {
        tamper_copy_message(type, body, len, out);
        return;
    }
    server_edit how = *(server_edit *)arg;
    lt_server_hello sh;
    lt_error err;
    lt_error_clear(&err);
    if (!lt_server_hello_parse(body, len, &sh, &err))
        abort();
    if (how == EXTRA_EXTENSION)
        sh.ext.unknown[sh.ext.unknown_count++] = (lt_unknown_ext){0x1234, {NULL, 0}};
    else
        sh.cipher_suite = 0x009c; /* TLS_RSA_WITH_AES_128_GCM_SHA256, not offered */
    lt_server_hello_write(&sh, out);
}

static void tamper_server_hello(int dir, size_t index, pair_record *rec, void *arg)
{
    if (dir == PAIR_TO_CLIENT && index == 0)
        tamper_handshake_record(rec, edit_server_hello, arg);
}

static void test_server_hello_refusals(void)
{
    const char *names[] = {"e2e/ecdsa-p256"};
    const struct {
        server_edit how;
        latch_err code;
        const char *words;
    } cases[] = {
        {EXTRA_EXTENSION, LATCH_ERR_UNSUPPORTED_EXTENSION, "did not offer"},
        {UNOFFERED_SUITE, LATCH_ERR_ILLEGAL_PARAMETER, "cipher suite 0x009c"},
    };
    for (size_t i = 0; i < 2; i++) {
        latch_config *server = server_with(names, 1);
        latch_config *client = pair_client_config(true);
        pair p;
        pair_init(&p, client, server, "localhost");
        server_edit how = cases[i].how;
        p.tamper = tamper_server_hello;
        p.tamper_arg = &how;
        CHECK(!pair_handshake(&p));
        CHECK(latch_conn_error_code(p.client) == cases[i].code);
        CHECK(strstr(latch_conn_error(p.client), cases[i].words) != NULL);
        CHECK(latch_conn_peer_alert(p.server) == (int)latch_err_alert(cases[i].code));
        printf("client refuses: %s\n", latch_conn_error(p.client));
        pair_free(&p);
        latch_config_free(client);
        latch_config_free(server);
    }
}

/* ---- renegotiation is refused, the connection goes on ---- */

static void test_renegotiation_refused(void)
{
    const char *names[] = {"e2e/ecdsa-p256"};
    latch_config *server = server_with(names, 1);
    latch_config *client = pair_client_config(true);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));

    /* The client's record layer sends a new (empty-bodied) ClientHello
     * under the established keys, as a renegotiating client would. */
    const uint8_t hello[] = {LT_HS_CLIENT_HELLO, 0, 0, 0};
    lt_error err;
    lt_error_clear(&err);
    CHECK(
        lt_record_seal(&p.client->rl, LT_CT_HANDSHAKE, hello, sizeof(hello), &p.client->out, &err));
    pair_pump(&p);
    uint8_t buf[16];
    size_t got;
    CHECK(latch_conn_read(p.server, buf, sizeof(buf), &got) == LATCH_WANT_READ);
    size_t pending;
    latch_conn_output(p.server, &pending);
    CHECK(pending > 0); /* the warning no_renegotiation */
    const uint8_t msg[] = "still here";
    CHECK(pair_transfer(&p, false, msg, sizeof(msg) - 1));
    CHECK(pair_transfer(&p, true, msg, sizeof(msg) - 1));
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

static void test_not_tls(void)
{
    const char *names[] = {"e2e/ecdsa-p256"};
    latch_config *server = server_with(names, 1);
    latch_conn *c = latch_conn_new(server, NULL);
    const char req[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    CHECK(latch_conn_feed(c, (const uint8_t *)req, sizeof(req) - 1) == sizeof(req) - 1);
    CHECK(latch_conn_handshake(c) == LATCH_ERR_NOT_TLS);
    CHECK(strstr(latch_conn_error(c), "HTTP") != NULL);
    printf("not TLS: %s\n", latch_conn_error(c));
    latch_conn_free(c);
    latch_config_free(server);
}

static void test_config_errors(void)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_set_ciphers(cfg, "RC4-MD5") == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "RC4-MD5") != NULL);
    CHECK(latch_config_set_groups(cfg, "x25519:brainpool") == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "brainpool") != NULL);
    CHECK(latch_config_set_alpn(cfg, "h2,,http/1.1") == LATCH_ERR_CONFIG);
    latch_config_free(cfg);

    cfg = latch_config_new(LATCH_SERVER);
    char chain[256];
    snprintf(chain, sizeof(chain), "%s", check_data_path("e2e/rsa2048.chain.pem"));
    CHECK(latch_config_add_cert_key_file(cfg, chain, check_data_path("e2e/ecdsa-p256.key")) ==
          LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "does not belong") != NULL);
    CHECK(latch_config_add_cert_key_file(cfg, "/nonexistent.pem", chain) == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "/nonexistent.pem") != NULL);

    /* Frozen once a connection uses it. */
    latch_conn *c = latch_conn_new(cfg, NULL);
    CHECK(latch_config_set_ciphers(cfg, "DEFAULT") == LATCH_ERR_USAGE);
    latch_conn_free(c);
    latch_config_free(cfg);
}

/* latch_config_set_max_handshake_message: its range, and a peer's message
 * over the limit failing at its header with a sentence naming the limit. */
static void test_handshake_message_limit(void)
{
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_max_handshake_message(client, 1023) == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(client), "1023") != NULL);
    CHECK(latch_config_set_max_handshake_message(client, 0x1000000) == LATCH_ERR_CONFIG);
    CHECK(latch_config_set_max_handshake_message(client, 0xffffff) == LATCH_OK);
    /* The RSA chain's Certificate message is over a kilobyte. */
    CHECK(latch_config_set_max_handshake_message(client, 1024) == LATCH_OK);
    latch_config *server = pair_server_config("e2e/rsa2048.chain.pem", "e2e/rsa2048.key");
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(!pair_handshake(&p));
    CHECK(p.client_result == LATCH_ERR_DECODE);
    CHECK(strstr(latch_conn_error(p.client), "over the 1024-byte limit") != NULL);
    printf("over the limit: %s\n", latch_conn_error(p.client));
    pair_free(&p);
    latch_config_free(client);

    client = pair_client_config(true);
    CHECK(latch_config_set_max_handshake_message(client, 4096) == LATCH_OK);
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

int main(void)
{
    test_sni_selects_certificate();
    test_key_type_selects_certificate();
    test_alpn();
    test_suite_preference();
    test_no_common_suite();
    test_hello_refusals();
    test_server_hello_refusals();
    test_renegotiation_refused();
    test_not_tls();
    test_config_errors();
    test_handshake_message_limit();
    return check_finish("e2e negotiation");
}
