/*
 * Client certificates in process (RFC 5246 7.4.4, 7.4.6, 7.4.8): a server
 * that requires one gets it from a latch client with a P-256, RSA or
 * Ed25519 key and sees the chain; a client without one fails a required
 * request and passes an optional one; an untrusted chain is refused with
 * unknown_ca; a CertificateVerify changed in flight is refused with
 * decrypt_error; a client that leaves out its Certificate or its
 * CertificateVerify gets unexpected_message; a leaf whose
 * extendedKeyUsage lacks clientAuth is
 * refused; a server that requires a certificate does not resume a
 * session made without one, but makes a full handshake that asks for it;
 * a resumed session, by ticket or by ID, reports the same client leaf and
 * subject as the full handshake that made it; a server that asks for
 * certificates but names no client CA refuses to start rather than trust
 * the system store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tamper.h"
#include "tls/msg_common.h"
#include "tls/record.h"
#include "x509/cert.h"

static latch_config *server_config(latch_client_cert mode)
{
    latch_config *cfg = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_add_ca_file(cfg, check_data_path("e2e/ca.pem")) == LATCH_OK);
    CHECK(latch_config_request_client_cert(cfg, mode) == LATCH_OK);
    return cfg;
}

/* A client that trusts nothing it is not told to, with a certificate
 * when chain is not NULL. */
static latch_config *client_config(const char *chain, const char *key)
{
    latch_config *cfg = pair_client_config(true);
    if (chain != NULL) {
        char chain_path[4096];
        snprintf(chain_path, sizeof(chain_path), "%s", check_data_path(chain));
        CHECK(latch_config_add_cert_key_file(cfg, chain_path, check_data_path(key)) == LATCH_OK);
    }
    return cfg;
}

/* Joins the two; the connections hold the configs from here on. */
static void pair_start(pair *p, latch_config *client, latch_config *server)
{
    pair_init(p, client, server, "localhost");
    latch_config_free(client);
    latch_config_free(server);
}

static void expect_client_cert(const char *chain, const char *key, const char *ciphers)
{
    latch_config *server = server_config(LATCH_CLIENT_CERT_REQUIRED);
    latch_config *client = client_config(chain, key);
    if (ciphers != NULL)
        CHECK(latch_config_set_ciphers(client, ciphers) == LATCH_OK);
    pair p;
    pair_start(&p, client, server);
    bool ok = pair_handshake(&p);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "%s: client \"%s\", server \"%s\"\n", chain, latch_conn_error(p.client),
                latch_conn_error(p.server));
    CHECK(latch_conn_client_authenticated(p.server) == 1);
    CHECK(latch_conn_client_authenticated(p.client) == 1);
    /* The server sees the client's chain as sent: leaf and CA. */
    CHECK(latch_conn_peer_cert_count(p.server) == 2);
    size_t len = 0;
    CHECK(latch_conn_peer_cert(p.server, 0, &len) != NULL && len > 100);
    static const uint8_t data[] = "authenticated";
    CHECK(pair_transfer(&p, true, data, sizeof(data)));
    pair_free(&p);
}

/* Returns the server's error after a failed handshake; the client must
 * have received the matching alert. */
static latch_err failed_handshake(latch_config *client, latch_config *server, pair *p)
{
    pair_start(p, client, server);
    CHECK(!pair_handshake(p));
    latch_err got = latch_conn_error_code(p->server);
    CHECK(latch_conn_peer_alert(p->client) == (int)latch_err_alert(got));
    return got;
}

static void required_but_none(void)
{
    pair p;
    latch_err got =
        failed_handshake(client_config(NULL, NULL), server_config(LATCH_CLIENT_CERT_REQUIRED), &p);
    CHECK(got == LATCH_ERR_HANDSHAKE_FAILURE);
    CHECK(strstr(latch_conn_error(p.server), "requires one") != NULL);
    pair_free(&p);
}

static void optional_and_none(void)
{
    pair p;
    pair_start(&p, client_config(NULL, NULL), server_config(LATCH_CLIENT_CERT_OPTIONAL));
    CHECK(pair_handshake(&p));
    CHECK(latch_conn_client_authenticated(p.server) == 0);
    CHECK(latch_conn_peer_cert_count(p.server) == 0);
    pair_free(&p);
}

static void untrusted_chain(void)
{
    pair p;
    latch_err got = failed_handshake(client_config("verify/good-chain.pem", "verify/good.key"),
                                     server_config(LATCH_CLIENT_CERT_OPTIONAL), &p);
    CHECK(got == LATCH_ERR_UNKNOWN_CA);
    pair_free(&p);
}

/* A chain the server trusts whose leaf is only for serverAuth. */
static void server_only_eku(void)
{
    latch_config *server = server_config(LATCH_CLIENT_CERT_OPTIONAL);
    CHECK(latch_config_add_ca_file(server, check_data_path("interop/ca.pem")) == LATCH_OK);
    pair p;
    latch_err got =
        failed_handshake(client_config("interop/ecdsa.pem", "interop/ecdsa.key"), server, &p);
    CHECK(got != LATCH_OK && strstr(latch_conn_error(p.server), "clientAuth") != NULL);
    if (strstr(latch_conn_error(p.server), "clientAuth") == NULL)
        fprintf(stderr, "serverAuth-only leaf: \"%s\"\n", latch_conn_error(p.server));
    pair_free(&p);
}

/* Flips the last byte of the CertificateVerify signature. */
static void bend_signature(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    (void)arg;
    uint8_t copy[2048];
    if (type != LT_HS_CERTIFICATE_VERIFY || len == 0 || len > sizeof(copy)) {
        tamper_copy_message(type, body, len, out);
        return;
    }
    memcpy(copy, body, len);
    copy[len - 1] ^= 0x01;
    tamper_copy_message(type, copy, len, out);
}

/* Only the client's plaintext records: those before its ChangeCipherSpec. */
static void bend_client_records(int direction, size_t index, pair_record *rec, void *arg)
{
    (void)index;
    bool *encrypted = arg;
    if (direction != PAIR_TO_SERVER || *encrypted)
        return;
    *encrypted = rec->bytes[0] == LT_CT_CHANGE_CIPHER_SPEC;
    tamper_handshake_record(rec, bend_signature, NULL);
}

static void tampered_certificate_verify(const char *chain, const char *key)
{
    pair p;
    pair_start(&p, client_config(chain, key), server_config(LATCH_CLIENT_CERT_REQUIRED));
    bool encrypted = false;
    p.tamper = bend_client_records;
    p.tamper_arg = &encrypted;
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_DECRYPT_ERROR);
    CHECK(strstr(latch_conn_error(p.server), "CertificateVerify") != NULL);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_DECRYPT_ERROR);
    pair_free(&p);
}

/* A client that leaves out one message of its flight (Certificate or
 * CertificateVerify) when the server requires a certificate. */
typedef struct skipping {
    uint8_t type;
    bool encrypted;
} skipping;

static void drop_skipped(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    const skipping *s = arg;
    if (type != s->type)
        tamper_copy_message(type, body, len, out);
}

static void skip_client_message(int direction, size_t index, pair_record *rec, void *arg)
{
    (void)index;
    skipping *s = arg;
    if (direction != PAIR_TO_SERVER || s->encrypted)
        return;
    s->encrypted = rec->bytes[0] == LT_CT_CHANGE_CIPHER_SPEC;
    tamper_handshake_record(rec, drop_skipped, s);
    /* A record left empty goes too: the server sees the next message. */
    rec->drop = rec->len == LT_RECORD_HEADER_LEN;
}

/* RFC 5246 7.4.6 and 7.4.8: after a CertificateRequest the client's
 * Certificate comes first, and CertificateVerify follows its key
 * exchange; without either, the message that comes instead is
 * unexpected (RFC 5246 7.2.2), and the server sends unexpected_message. */
static void skipped_client_message(uint8_t type, const char *what)
{
    pair p;
    pair_start(&p, client_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key"),
               server_config(LATCH_CLIENT_CERT_REQUIRED));
    skipping s = {type, false};
    p.tamper = skip_client_message;
    p.tamper_arg = &s;
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_UNEXPECTED_MESSAGE);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_UNEXPECTED_MESSAGE);
    CHECK(latch_conn_client_authenticated(p.server) == 0);
    if (latch_conn_error_code(p.server) != LATCH_ERR_UNEXPECTED_MESSAGE)
        fprintf(stderr, "without %s: \"%s\"\n", what, latch_conn_error(p.server));
    pair_free(&p);
}

typedef struct saved_session {
    uint8_t bytes[8192];
    size_t len;
} saved_session;

/* A full handshake with server, the session kept in *s. */
static void make_session(latch_config *server, latch_config *client, saved_session *s)
{
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    CHECK(latch_conn_get_session(p.client, s->bytes, sizeof(s->bytes), &s->len) == LATCH_OK);
    pair_free(&p);
}

/* Offers s to server; returns whether both sides resumed. */
static bool resumes(latch_config *server, latch_config *client, const saved_session *s,
                    bool *authenticated)
{
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(latch_conn_set_session(p.client, s->bytes, s->len) == LATCH_OK);
    CHECK(pair_handshake(&p));
    bool resumed = latch_conn_resumed(p.client);
    CHECK(latch_conn_resumed(p.server) == resumed);
    *authenticated = latch_conn_client_authenticated(p.server);
    pair_free(&p);
    return resumed;
}

/* One server key for both configs, so each opens the other's tickets. */
static const uint8_t ticket_key[LATCH_TICKET_KEY_LEN] = {1, 2, 3};

static latch_config *ticket_server(latch_client_cert mode)
{
    latch_config *cfg = server_config(mode);
    CHECK(latch_config_set_ticket_key(cfg, ticket_key) == LATCH_OK);
    return cfg;
}

/* Two servers sharing a ticket key, and two clients. */
typedef struct resume_configs {
    latch_config *optional, *required, *anonymous, *with_cert;
} resume_configs;

static void resume_configs_init(resume_configs *r)
{
    r->optional = ticket_server(LATCH_CLIENT_CERT_OPTIONAL);
    r->required = ticket_server(LATCH_CLIENT_CERT_REQUIRED);
    r->anonymous = client_config(NULL, NULL);
    r->with_cert = client_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
}

static void resume_configs_free(resume_configs *r)
{
    latch_config_free(r->optional);
    latch_config_free(r->required);
    latch_config_free(r->anonymous);
    latch_config_free(r->with_cert);
}

static void resumption(void)
{
    resume_configs r;
    resume_configs_init(&r);
    bool authenticated;

    saved_session without;
    make_session(r.optional, r.anonymous, &without);
    CHECK(resumes(r.optional, r.anonymous, &without, &authenticated) && !authenticated);
    /* Required: the session without a certificate is not resumed; the
     * full handshake that follows asks for one and the client has none. */
    pair p;
    pair_init(&p, r.anonymous, r.required, "localhost");
    CHECK(latch_conn_set_session(p.client, without.bytes, without.len) == LATCH_OK);
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_HANDSHAKE_FAILURE);
    pair_free(&p);

    saved_session with;
    make_session(r.optional, r.with_cert, &with);
    CHECK(resumes(r.required, r.with_cert, &with, &authenticated) && authenticated);
    resume_configs_free(&r);
}

/* The server's view of the client: its leaf (DER) and subject. */
typedef struct client_view {
    int authenticated;
    size_t certs;
    uint8_t leaf[4096];
    size_t leaf_len;
    char subject[256];
} client_view;

static void view_client(const latch_conn *server, client_view *v)
{
    memset(v, 0, sizeof(*v));
    v->authenticated = latch_conn_client_authenticated(server);
    v->certs = latch_conn_peer_cert_count(server);
    const uint8_t *leaf = latch_conn_peer_cert(server, 0, &v->leaf_len);
    if (leaf == NULL || v->leaf_len > sizeof(v->leaf))
        return;
    memcpy(v->leaf, leaf, v->leaf_len);
    lt_cert cert;
    lt_error err;
    lt_error_clear(&err);
    bool parsed = lt_cert_parse(&cert, v->leaf, v->leaf_len, &err);
    CHECK(parsed);
    if (parsed) {
        lt_name_format(&cert.subject, v->subject, sizeof(v->subject));
        lt_cert_free(&cert);
    }
}

/* A server that requires a certificate, resuming by ticket or (tickets
 * off) by session ID: the resumed connection reports the client's leaf
 * and subject as the full handshake did (the leaf only, not the chain). */
static void resumed_client_identity(bool by_ticket)
{
    latch_config *server = server_config(LATCH_CLIENT_CERT_REQUIRED);
    CHECK(latch_config_set_tickets(server, by_ticket) == LATCH_OK);
    latch_config *client = client_config("e2e/rsa2048.chain.pem", "e2e/rsa2048.key");
    saved_session s;
    client_view full, resumed;
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    view_client(p.server, &full);
    CHECK(latch_conn_get_session(p.client, s.bytes, sizeof(s.bytes), &s.len) == LATCH_OK);
    pair_free(&p);
    CHECK(full.authenticated == 1 && full.certs == 2 && full.leaf_len > 100);
    CHECK(strstr(full.subject, "CN=") != NULL);

    pair_init(&p, client, server, "localhost");
    CHECK(latch_conn_set_session(p.client, s.bytes, s.len) == LATCH_OK);
    CHECK(pair_handshake(&p));
    CHECK(latch_conn_resumed(p.server) == 1);
    view_client(p.server, &resumed);
    pair_free(&p);
    CHECK(resumed.authenticated == 1 && resumed.certs == 1);
    CHECK(resumed.leaf_len == full.leaf_len && memcmp(resumed.leaf, full.leaf, full.leaf_len) == 0);
    CHECK(strcmp(resumed.subject, full.subject) == 0);
    latch_config_free(server);
    latch_config_free(client);
}

/* A session made without a client certificate, offered by a client that
 * has one to a server that now requires one: not resumed, but a full
 * handshake in which the client authenticates (the session alone never
 * counts as authenticated). */
static void unauthenticated_session_on_strict_server(void)
{
    resume_configs r;
    resume_configs_init(&r);
    saved_session without;
    make_session(r.optional, r.anonymous, &without);
    pair p;
    pair_init(&p, r.with_cert, r.required, "localhost");
    CHECK(latch_conn_set_session(p.client, without.bytes, without.len) == LATCH_OK);
    CHECK(pair_handshake(&p));
    CHECK(latch_conn_resumed(p.server) == 0 && latch_conn_resumed(p.client) == 0);
    CHECK(latch_conn_client_authenticated(p.server) == 1);
    CHECK(latch_conn_peer_cert_count(p.server) == 2);
    pair_free(&p);
    resume_configs_free(&r);
}

/* The system store (here $SSL_CERT_FILE naming the CA that issued the
 * client's chain, as a public root would) never vouches for a client: a
 * server that requests certificates without a CA of its own fails at its
 * first connection, saying what to add. */
static void no_client_ca(latch_client_cert mode)
{
    CHECK(setenv("SSL_CERT_FILE", check_data_path("e2e/ca.pem"), 1) == 0);
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_request_client_cert(server, mode) == LATCH_OK);
    pair p;
    pair_start(&p, client_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key"), server);
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_conn_error(p.server), "names no CA") != NULL);
    CHECK(strstr(latch_conn_error(p.server), "latch_config_add_ca_file") != NULL);
    CHECK(latch_conn_client_authenticated(p.server) == 0);
    CHECK(latch_conn_peer_cert_count(p.server) == 0);
    pair_free(&p);

    /* The same server with the CA named is served. */
    server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_request_client_cert(server, mode) == LATCH_OK);
    CHECK(latch_config_add_ca_file(server, check_data_path("e2e/ca.pem")) == LATCH_OK);
    pair_start(&p, client_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key"), server);
    CHECK(pair_handshake(&p));
    CHECK(latch_conn_client_authenticated(p.server) == 1);
    pair_free(&p);
    CHECK(unsetenv("SSL_CERT_FILE") == 0);
}

static void client_side_setter(void)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_request_client_cert(cfg, LATCH_CLIENT_CERT_REQUIRED) == LATCH_ERR_USAGE);
    latch_config_free(cfg);
    cfg = latch_config_new(LATCH_SERVER);
    CHECK(latch_config_request_client_cert(cfg, (latch_client_cert)7) == LATCH_ERR_USAGE);
    latch_config_free(cfg);
}

int main(void)
{
    expect_client_cert("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key", NULL);
    expect_client_cert("e2e/rsa2048.chain.pem", "e2e/rsa2048.key", NULL);
    expect_client_cert("e2e/ed25519.chain.pem", "e2e/ed25519.key", NULL);
    expect_client_cert("e2e/ecdsa-p384.chain.pem", "e2e/ecdsa-p384.key",
                       "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    expect_client_cert("e2e/rsa2048.chain.pem", "e2e/rsa2048.key",
                       "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    required_but_none();
    optional_and_none();
    untrusted_chain();
    server_only_eku();
    tampered_certificate_verify("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    tampered_certificate_verify("e2e/rsa2048.chain.pem", "e2e/rsa2048.key");
    tampered_certificate_verify("e2e/ed25519.chain.pem", "e2e/ed25519.key");
    skipped_client_message(LT_HS_CERTIFICATE, "Certificate");
    skipped_client_message(LT_HS_CERTIFICATE_VERIFY, "CertificateVerify");
    resumption();
    resumed_client_identity(true);
    resumed_client_identity(false);
    unauthenticated_session_on_strict_server();
    client_side_setter();
    no_client_ca(LATCH_CLIENT_CERT_REQUIRED);
    no_client_ca(LATCH_CLIENT_CERT_OPTIONAL);
    return check_finish("e2e/client_auth");
}
