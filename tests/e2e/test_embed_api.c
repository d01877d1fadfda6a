/*
 * What an embedder uses beside the handshake itself: error categories,
 * latch_conn_create's reasons, pending data and which way to poll, user
 * data seen from the callbacks that name the connection, the peer's
 * certificate decoded, latch_verify_der, and the three hooks (verify,
 * certificate selection by SNI, ALPN selection), in TLS 1.2 and in TLS
 * 1.3.
 */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"

#define AT 2000000000 /* inside the verify fixtures' validity */

static int64_t fixed_clock(void *arg)
{
    (void)arg;
    return AT;
}

static void test_categories(void)
{
    CHECK(latch_err_category(LATCH_OK) == LATCH_CAT_NONE);
    CHECK(latch_err_category(LATCH_WANT_READ) == LATCH_CAT_WANT);
    CHECK(latch_err_category(LATCH_WANT_WRITE) == LATCH_CAT_WANT);
    CHECK(latch_err_category(LATCH_ERR_CLOSED) == LATCH_CAT_CLOSED);
    CHECK(latch_err_category(LATCH_ERR_TRUNCATED) == LATCH_CAT_IO);
    CHECK(latch_err_category(LATCH_ERR_IO) == LATCH_CAT_IO);
    CHECK(latch_err_category(LATCH_ERR_ALERT_RECEIVED) == LATCH_CAT_PEER_ALERT);
    CHECK(latch_err_category(LATCH_ERR_NOT_TLS) == LATCH_CAT_PROTOCOL);
    CHECK(latch_err_category(LATCH_ERR_USAGE) == LATCH_CAT_CONFIG);
    CHECK(latch_err_category(LATCH_ERR_CONFIG) == LATCH_CAT_CONFIG);
    CHECK(latch_err_category(LATCH_ERR_MEMORY) == LATCH_CAT_RESOURCE);
    CHECK(latch_err_category(LATCH_ERR_INTERNAL) == LATCH_CAT_RESOURCE);
    for (int e = LATCH_ERR_DECODE; e <= LATCH_ERR_UNRECOGNIZED_NAME; e++)
        CHECK(latch_err_category((latch_err)e) == LATCH_CAT_PROTOCOL);
    for (int e = LATCH_ERR_BAD_CERTIFICATE; e <= LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE; e++)
        CHECK(latch_err_category((latch_err)e) == LATCH_CAT_CERTIFICATE);
}

static void test_create_says_why(void)
{
    latch_config *client = pair_client_config(true);
    char name[300], why[256];
    memset(name, 'a', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    latch_conn *conn = (latch_conn *)1;
    CHECK(latch_conn_create(client, name, &conn, why, sizeof(why)) == LATCH_ERR_USAGE);
    CHECK(conn == NULL);
    CHECK(strstr(why, "299 bytes") != NULL);
    CHECK(latch_conn_create(NULL, "x", &conn, why, sizeof(why)) == LATCH_ERR_USAGE);
    CHECK(latch_conn_create(client, "localhost", &conn, why, sizeof(why)) == LATCH_OK);
    CHECK(conn != NULL && why[0] == '\0');
    latch_conn_free(conn);
    latch_config_free(client);

    /* A server asking for client certificates without their CA. */
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_request_client_cert(server, LATCH_CLIENT_CERT_REQUIRED) == LATCH_OK);
    CHECK(latch_conn_create(server, NULL, &conn, why, sizeof(why)) == LATCH_ERR_CONFIG);
    CHECK(conn == NULL && strstr(why, "latch_config_add_ca_file") != NULL);
    latch_config_free(server);
}

/* Moves the client's output into the server, n bytes at most. */
static void deliver(latch_conn *from, latch_conn *to, size_t most)
{
    size_t len;
    const uint8_t *out = latch_conn_output(from, &len);
    if (len > most)
        len = most;
    size_t took = latch_conn_feed(to, out, len);
    latch_conn_output_done(from, took);
}

static void test_pending_and_wants(void)
{
    latch_config *client = pair_client_config(true);
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    pair p;
    pair_init(&p, client, server, "localhost");
    /* A client that has not begun can go on without I/O; then it has a
     * hello to send and waits for the answer. */
    CHECK(latch_conn_wants(p.client) == 0);
    CHECK(latch_conn_wants(p.server) == LATCH_WANT_READ);
    CHECK(latch_conn_handshake(p.client) == LATCH_WANT_READ);
    CHECK(latch_conn_wants(p.client) == (LATCH_WANT_READ | LATCH_WANT_WRITE));
    CHECK(pair_handshake(&p));
    CHECK(latch_conn_wants(p.server) == LATCH_WANT_READ);
    CHECK(latch_conn_pending(p.server) == 0);

    uint8_t msg[100];
    memset(msg, 'x', sizeof(msg));
    size_t n;
    CHECK(latch_conn_write(p.client, msg, sizeof(msg), &n) == LATCH_OK && n == sizeof(msg));
    CHECK(latch_conn_wants(p.client) == (LATCH_WANT_WRITE | LATCH_WANT_READ));
    /* Part of the record: the server still needs input. */
    deliver(p.client, p.server, 3);
    CHECK(latch_conn_wants(p.server) == LATCH_WANT_READ);
    /* The whole record: a read goes on without I/O. */
    deliver(p.client, p.server, SIZE_MAX);
    CHECK(latch_conn_wants(p.client) == LATCH_WANT_READ);
    CHECK(latch_conn_wants(p.server) == 0);
    CHECK(latch_conn_pending(p.server) == 0);
    uint8_t buf[10];
    CHECK(latch_conn_read(p.server, buf, sizeof(buf), &n) == LATCH_OK && n == 10);
    CHECK(latch_conn_pending(p.server) == 90);
    CHECK(latch_conn_wants(p.server) == 0);
    size_t total = 10;
    while (latch_conn_read(p.server, buf, sizeof(buf), &n) == LATCH_OK)
        total += n;
    CHECK(total == sizeof(msg));
    CHECK(latch_conn_pending(p.server) == 0);
    CHECK(latch_conn_wants(p.server) == LATCH_WANT_READ);
    /* Closed: nothing more to wait for but the close_notify to send. */
    CHECK(latch_conn_close(p.client) == LATCH_OK);
    deliver(p.client, p.server, SIZE_MAX);
    CHECK(latch_conn_read(p.server, buf, sizeof(buf), &n) == LATCH_ERR_CLOSED);
    CHECK(latch_conn_wants(p.server) == 0);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

/* What the callbacks that name the connection saw. */
typedef struct seen {
    int events, keylogs, foreign;
} seen;

static void conn_trace(const latch_conn *conn, const latch_trace_event *ev, void *arg)
{
    (void)ev;
    seen *s = latch_conn_get_user_data(conn);
    if (s == NULL) {
        ((seen *)arg)->foreign++;
        return;
    }
    s->events++;
}

static void conn_keylog(const latch_conn *conn, const char *line, void *arg)
{
    seen *s = latch_conn_get_user_data(conn);
    if (s == NULL || strncmp(line, "CLIENT_RANDOM ", 14) != 0)
        ((seen *)arg)->foreign++;
    else
        s->keylogs++;
}

static void test_callbacks_name_the_connection(void)
{
    seen none = {0};
    latch_config *client = pair_client_config(true);
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_set_conn_trace(server, conn_trace, &none, 0) == LATCH_OK);
    CHECK(latch_config_set_conn_keylog(server, conn_keylog, &none) == LATCH_OK);
    CHECK(latch_config_set_conn_keylog(client, conn_keylog, &none) == LATCH_OK);
    /* Two connections of one server config, interleaved. */
    pair a, b;
    seen sa = {0}, sb = {0}, sc = {0};
    pair_init(&a, client, server, "localhost");
    pair_init(&b, client, server, "localhost");
    CHECK(latch_conn_get_user_data(a.server) == NULL);
    latch_conn_set_user_data(a.server, &sa);
    latch_conn_set_user_data(b.server, &sb);
    latch_conn_set_user_data(a.client, &sc);
    CHECK(latch_conn_get_user_data(a.server) == &sa);
    pair_pump(&a);
    pair_pump(&b);
    CHECK(pair_handshake(&b));
    int b_events = sb.events;
    CHECK(pair_handshake(&a));
    CHECK(sa.events > 5 && sb.events == b_events);
    CHECK(sa.events == sb.events); /* the same handshake, event for event */
    CHECK(sa.keylogs == 1 && sb.keylogs == 1 && sc.keylogs == 1);
    CHECK(none.foreign == 1); /* b.client has no user data */
    pair_free(&a);
    pair_free(&b);
    latch_config_free(client);
    latch_config_free(server);
}

static void sha256(const uint8_t *data, size_t len, uint8_t out[32])
{
    unsigned n = 0;
    if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1 || n != 32)
        abort();
}

static void test_peer_certificate(void)
{
    latch_config *client = pair_client_config(true);
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(latch_conn_peer_certificate(p.client, 0) == NULL);
    CHECK(pair_handshake(&p));
    const latch_cert *leaf = latch_conn_peer_certificate(p.client, 0);
    CHECK(leaf != NULL);
    if (leaf != NULL) {
        /* As `openssl x509 -noout -subject -issuer -serial -dates -ext
         * subjectAltName` reads the fixture. */
        CHECK(strcmp(latch_cert_subject(leaf), "CN=ecdsa-p256") == 0);
        CHECK(strcmp(latch_cert_issuer(leaf), "CN=latch e2e test CA") == 0);
        CHECK(strcmp(latch_cert_serial(leaf),
                     "20:06:77:66:a8:cc:de:36:09:7c:78:a8:ca:f5:22:9b:e3:d0:3d:97") == 0);
        CHECK(latch_cert_not_before(leaf) == 1795789368);
        CHECK(latch_cert_not_after(leaf) == 4949389368);
        CHECK(latch_cert_san_count(leaf) == 2);
        CHECK(strcmp(latch_cert_san(leaf, 0), "DNS:localhost") == 0);
        CHECK(strcmp(latch_cert_san(leaf, 1), "IP:127.0.0.1") == 0);
        CHECK(latch_cert_san(leaf, 2) == NULL);
        CHECK(strcmp(latch_cert_key_type(leaf), "ECDSA P-256") == 0);
        CHECK(latch_cert_key_bits(leaf) == 256);
        size_t len, raw_len;
        const uint8_t *der = latch_cert_der(leaf, &len);
        const uint8_t *raw = latch_conn_peer_cert(p.client, 0, &raw_len);
        CHECK(len == raw_len && memcmp(der, raw, len) == 0);
        uint8_t digest[32];
        sha256(raw, raw_len, digest);
        CHECK_MEM(latch_cert_sha256(leaf), digest, 32);
        /* openssl x509 -pubkey | openssl pkey -pubin -outform DER | sha256sum */
        uint8_t spki[32];
        check_hex("543e95cf02a63fc5246bdf0983d9232cc17a5f15f2016c49fbcbe217ecf437c2", spki, 32);
        CHECK_MEM(latch_cert_spki_sha256(leaf), spki, 32);
        CHECK(latch_conn_peer_certificate(p.client, 0) == leaf); /* decoded once */
    }
    const latch_cert *ca = latch_conn_peer_certificate(p.client, 1);
    CHECK(ca != NULL && strcmp(latch_cert_subject(ca), "CN=latch e2e test CA") == 0);
    CHECK(latch_conn_peer_certificate(p.client, latch_conn_peer_cert_count(p.client)) == NULL);
    CHECK(latch_conn_peer_certificate(p.server, 0) == NULL); /* no client certificate */
    /* What that NULL gives to the getters: NULL and zeros, no crash. */
    const latch_cert *none = latch_conn_peer_certificate(p.server, 0);
    size_t none_len = 1;
    CHECK(latch_cert_subject(none) == NULL && latch_cert_issuer(none) == NULL &&
          latch_cert_serial(none) == NULL && latch_cert_key_type(none) == NULL);
    CHECK(latch_cert_not_before(none) == 0 && latch_cert_not_after(none) == 0 &&
          latch_cert_san_count(none) == 0 && latch_cert_san(none, 0) == NULL &&
          latch_cert_key_bits(none) == 0);
    CHECK(latch_cert_der(none, &none_len) == NULL && none_len == 0);
    CHECK(latch_cert_sha256(none) == NULL && latch_cert_spki_sha256(none) == NULL);

    char why[256];
    uint8_t junk[3] = {0x30, 0x01, 0x00};
    CHECK(latch_cert_parse_der(junk, sizeof(junk), why, sizeof(why)) == NULL);
    CHECK(why[0] != '\0');
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

/* The DER blocks of a PEM file, in order. */
static size_t pem_to_der(const char *path, uint8_t **der, size_t *lens, size_t cap)
{
    size_t n = 0;
    FILE *f = fopen(check_data_path(path), "r");
    if (f == NULL)
        abort();
    while (n < cap) {
        X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
        if (x == NULL)
            break;
        der[n] = NULL;
        int len = i2d_X509(x, &der[n]);
        X509_free(x);
        if (len <= 0)
            abort();
        lens[n++] = (size_t)len;
    }
    fclose(f);
    return n;
}

static void test_verify_der(void)
{
    uint8_t *der[8];
    size_t lens[8];
    size_t n = pem_to_der("verify/good-chain.pem", der, lens, 8);
    CHECK(n >= 2);
    latch_config *cfg = pair_client_config(false);
    CHECK(latch_config_add_ca_file(cfg, check_data_path("verify/root.pem")) == LATCH_OK);
    CHECK(latch_config_set_clock(cfg, fixed_clock, NULL) == LATCH_OK);
    latch_verify_result r = {.struct_size = sizeof(r)};
    CHECK(latch_verify_der(cfg, (const uint8_t *const *)der, lens, n, "good.example", LATCH_SERVER,
                           NULL, 0, &r) == LATCH_OK);
    CHECK(r.code == LATCH_OK && r.path_len == n + 1 && r.path[r.path_len - 1].trust_anchor);
    CHECK(r.struct_size == sizeof(r));
    CHECK(latch_verify_der(cfg, (const uint8_t *const *)der, lens, n, "example.com", LATCH_SERVER,
                           NULL, 0, &r) == LATCH_ERR_BAD_CERTIFICATE);
    CHECK(strstr(r.message, "does not cover example.com") != NULL && r.path_len == 0);
    /* The leaf alone: no path to the root. */
    CHECK(latch_verify_der(cfg, (const uint8_t *const *)der, lens, 1, "good.example", LATCH_SERVER,
                           NULL, 0, &r) != LATCH_OK);
    /* A struct_size smaller than the first layout is refused unwritten. */
    r.struct_size = 8;
    r.code = LATCH_ERR_INTERNAL;
    CHECK(latch_verify_der(cfg, (const uint8_t *const *)der, lens, n, "good.example", LATCH_SERVER,
                           NULL, 0, &r) == LATCH_ERR_USAGE);
    CHECK(r.code == LATCH_ERR_INTERNAL);
    for (size_t i = 0; i < n; i++)
        OPENSSL_free(der[i]);
    latch_config_free(cfg);
}

/* The version the hooks' handshakes run in: the client's highest. */
static int hooks_version = LATCH_TLS1_2;

static latch_config *hooks_client(bool insecure)
{
    latch_config *client = pair_client_config(insecure);
    CHECK(latch_config_set_versions(client, LATCH_TLS1_2, hooks_version) == LATCH_OK);
    return client;
}

/* A handshake that completed ran in hooks_version. */
static void check_version(const pair *p)
{
    const char *v = latch_conn_version(p->client);
    if (latch_conn_handshake(p->client) == LATCH_OK)
        CHECK(v != NULL && strcmp(v, hooks_version == LATCH_TLS1_3 ? "TLSv1.3" : "TLSv1.2") == 0);
}

/* The verify callback: what it saw, and what it answers. */
typedef struct verify_hook {
    latch_err answer;
    int calls;
    latch_err saw_code;
    size_t saw_path;
    char saw_subject[256];
} verify_hook;

static latch_err on_verify(const latch_conn *conn, latch_verify_result *r, void *arg)
{
    verify_hook *h = arg;
    h->calls++;
    h->saw_code = r->code;
    h->saw_path = r->path_len;
    snprintf(h->saw_subject, sizeof(h->saw_subject), "%s",
             latch_conn_peer_cert_count(conn) > 0 ? r->path[0].subject : "");
    if (h->answer != LATCH_OK)
        snprintf(r->message, sizeof(r->message), "pin mismatch");
    return h->answer;
}

/* A verified handshake with the hook; returns the client's result. */
static latch_err verified_handshake(const char *host, verify_hook *h, unsigned flags, char *message,
                                    size_t cap)
{
    latch_config *client = hooks_client(false);
    CHECK(latch_config_add_ca_file(client, check_data_path("verify/root.pem")) == LATCH_OK);
    CHECK(latch_config_set_clock(client, fixed_clock, NULL) == LATCH_OK);
    CHECK(latch_config_set_verify_callback(client, on_verify, h, flags) == LATCH_OK);
    latch_config *server = pair_server_config("verify/good-chain.pem", "verify/good.key");
    pair p;
    pair_init(&p, client, server, host);
    (void)pair_handshake(&p);
    check_version(&p);
    latch_err r = latch_conn_handshake(p.client);
    snprintf(message, cap, "%s", latch_conn_error(p.client));
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
    return r;
}

static void test_verify_callback(void)
{
    char msg[512];
    verify_hook accept = {.answer = LATCH_OK};
    CHECK(verified_handshake("good.example", &accept, 0, msg, sizeof(msg)) == LATCH_OK);
    CHECK(accept.calls == 1 && accept.saw_code == LATCH_OK && accept.saw_path >= 2);
    CHECK(strstr(accept.saw_subject, "good.example") != NULL);

    /* Pinning refuses a chain latch accepted, with its reason. */
    verify_hook pin = {.answer = LATCH_ERR_CERTIFICATE_UNKNOWN};
    CHECK(verified_handshake("good.example", &pin, 0, msg, sizeof(msg)) ==
          LATCH_ERR_CERTIFICATE_UNKNOWN);
    CHECK(strstr(msg, "verify callback refused") != NULL && strstr(msg, "pin mismatch") != NULL);
    /* A code outside the certificate kind counts as bad_certificate. */
    verify_hook odd = {.answer = LATCH_ERR_IO};
    CHECK(verified_handshake("good.example", &odd, 0, msg, sizeof(msg)) ==
          LATCH_ERR_BAD_CERTIFICATE);

    /* Without the override flag, OK does not rescue a failed chain. */
    verify_hook lenient = {.answer = LATCH_OK};
    CHECK(verified_handshake("example.com", &lenient, 0, msg, sizeof(msg)) ==
          LATCH_ERR_BAD_CERTIFICATE);
    CHECK(lenient.calls == 1 && lenient.saw_code == LATCH_ERR_BAD_CERTIFICATE);
    CHECK(lenient.saw_path == 0 && strstr(msg, "does not cover example.com") != NULL);
    /* With it, it does. */
    verify_hook override = {.answer = LATCH_OK};
    CHECK(verified_handshake("example.com", &override, LATCH_VERIFY_CALLBACK_MAY_OVERRIDE, msg,
                             sizeof(msg)) == LATCH_OK);
    CHECK(override.calls == 1);
    /* Refusing a chain latch refused keeps latch's reason. */
    verify_hook both = {.answer = LATCH_ERR_CERTIFICATE_REVOKED};
    CHECK(verified_handshake("example.com", &both, LATCH_VERIFY_CALLBACK_MAY_OVERRIDE, msg,
                             sizeof(msg)) == LATCH_ERR_BAD_CERTIFICATE);

    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_set_verify_callback(cfg, on_verify, NULL, 0x80) == LATCH_ERR_USAGE);
    latch_config_free(cfg);
}

/* Names the application serves, one loaded on demand. */
typedef struct selector {
    int calls;
    latch_cert_key *lazy; /* for lazy.test, made at the first ask */
} selector;

static latch_cert_key *load_cert_key(const char *chain, const char *key, char *why, size_t cap)
{
    size_t chain_len, key_len;
    uint8_t *c = check_read_file(check_data_path(chain), &chain_len);
    uint8_t *k = check_read_file(check_data_path(key), &key_len);
    latch_cert_key *ck = latch_cert_key_new_mem(c, chain_len, k, key_len, why, cap);
    free(c);
    free(k);
    return ck;
}

static int on_cert_select(const latch_conn *conn, const char *name, latch_cert_key **other,
                          void *arg)
{
    (void)conn;
    selector *s = arg;
    s->calls++;
    if (name == NULL || strcmp(name, "refuse.test") == 0)
        return LATCH_CERT_SELECT_REFUSE;
    if (strcmp(name, "second.test") == 0)
        return 1;
    if (strcmp(name, "beyond.test") == 0)
        return 7;
    if (strcmp(name, "nothing.test") == 0)
        return LATCH_CERT_SELECT_OTHER;
    if (strcmp(name, "lazy.test") == 0) {
        if (s->lazy == NULL)
            s->lazy = load_cert_key("e2e/rsa2048.chain.pem", "e2e/rsa2048.key", NULL, 0);
        *other = s->lazy;
        return LATCH_CERT_SELECT_OTHER;
    }
    return LATCH_CERT_SELECT_DEFAULT;
}

static latch_err select_handshake(latch_config *server, const char *sni, char *subject, size_t cap)
{
    latch_config *client = hooks_client(true);
    pair p;
    pair_init(&p, client, server, sni);
    (void)pair_handshake(&p);
    check_version(&p);
    latch_err r = latch_conn_handshake(p.server);
    const latch_cert *leaf = latch_conn_peer_certificate(p.client, 0);
    snprintf(subject, cap, "%s", leaf != NULL ? latch_cert_subject(leaf) : "");
    pair_free(&p);
    latch_config_free(client);
    return r;
}

static void test_cert_select(void)
{
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    char chain[4096];
    snprintf(chain, sizeof(chain), "%s", check_data_path("e2e/other-example.chain.pem"));
    CHECK(latch_config_add_cert_key_file(server, chain, check_data_path("e2e/other-example.key")) ==
          LATCH_OK);
    selector sel = {0};
    CHECK(latch_config_set_cert_select(server, on_cert_select, &sel) == LATCH_OK);
    char subject[256];
    /* latch alone would give the first certificate to this name. */
    CHECK(select_handshake(server, "second.test", subject, sizeof(subject)) == LATCH_OK);
    CHECK(strstr(subject, "other-example") != NULL);
    CHECK(select_handshake(server, "other.example", subject, sizeof(subject)) == LATCH_OK);
    CHECK(strstr(subject, "other-example") != NULL);
    CHECK(select_handshake(server, "localhost", subject, sizeof(subject)) == LATCH_OK);
    CHECK(strcmp(subject, "CN=ecdsa-p256") == 0);
    CHECK(select_handshake(server, "refuse.test", subject, sizeof(subject)) ==
          LATCH_ERR_UNRECOGNIZED_NAME);
    CHECK(select_handshake(server, "beyond.test", subject, sizeof(subject)) == LATCH_ERR_CONFIG);
    CHECK(select_handshake(server, "nothing.test", subject, sizeof(subject)) == LATCH_ERR_CONFIG);
    /* A certificate the config does not hold, loaded at the first ask and
     * kept by the application for the next. */
    CHECK(select_handshake(server, "lazy.test", subject, sizeof(subject)) == LATCH_OK);
    CHECK(strcmp(subject, "CN=rsa2048") == 0);
    CHECK(sel.lazy != NULL);
    CHECK(select_handshake(server, "lazy.test", subject, sizeof(subject)) == LATCH_OK);
    CHECK(strcmp(subject, "CN=rsa2048") == 0);
    CHECK(sel.calls == 8);
    latch_config_free(server);
    latch_cert_key_free(sel.lazy);

    char why[256] = "";
    CHECK(load_cert_key("e2e/rsa2048.chain.pem", "e2e/ecdsa-p256.key", why, sizeof(why)) == NULL);
    CHECK(strstr(why, "does not belong") != NULL);

    latch_config *client = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_set_cert_select(client, on_cert_select, NULL) == LATCH_ERR_USAGE);
    latch_config_free(client);
}

static int on_alpn(const latch_conn *conn, const uint8_t *const *names, const uint8_t *lens,
                   size_t count, void *arg)
{
    (void)conn;
    (void)arg;
    /* The last protocol the client lists, unless it is "none" or "no". */
    if (lens[count - 1] == 4 && memcmp(names[count - 1], "none", 4) == 0)
        return LATCH_ALPN_SELECT_NONE;
    if (lens[count - 1] == 2 && memcmp(names[count - 1], "no", 2) == 0)
        return LATCH_ALPN_SELECT_REFUSE;
    return (int)count - 1;
}

static latch_err alpn_handshake(const char *offer, char *chosen, size_t cap)
{
    latch_config *client = hooks_client(true);
    CHECK(latch_config_set_alpn(client, offer) == LATCH_OK);
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_set_alpn(server, "h2") == LATCH_OK); /* the hook decides instead */
    CHECK(latch_config_set_alpn_select(server, on_alpn, NULL) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    (void)pair_handshake(&p);
    check_version(&p);
    latch_err r = latch_conn_handshake(p.server);
    const char *a = latch_conn_alpn(p.client);
    snprintf(chosen, cap, "%s", a != NULL ? a : "");
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
    return r;
}

static void test_alpn_select(void)
{
    char chosen[64];
    CHECK(alpn_handshake("h2,http/1.1,acme", chosen, sizeof(chosen)) == LATCH_OK);
    CHECK(strcmp(chosen, "acme") == 0);
    CHECK(alpn_handshake("h2,none", chosen, sizeof(chosen)) == LATCH_OK);
    CHECK(chosen[0] == '\0');
    CHECK(alpn_handshake("h2,no", chosen, sizeof(chosen)) == LATCH_ERR_NO_APPLICATION_PROTOCOL);
}

int main(void)
{
    test_categories();
    test_create_says_why();
    test_pending_and_wants();
    test_callbacks_name_the_connection();
    test_peer_certificate();
    test_verify_der();
    const int versions[2] = {LATCH_TLS1_2, LATCH_TLS1_3};
    for (int i = 0; i < 2; i++) {
        hooks_version = versions[i];
        test_verify_callback();
        test_cert_select();
        test_alpn_select();
    }
    return check_finish("e2e/test_embed_api");
}
