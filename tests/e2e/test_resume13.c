/*
 * TLS 1.3 resumption in process (RFC 8446 2.2, 4.2.11, 4.6.1): the
 * server's NewSessionTickets become the client's session, which resumes
 * with no certificate (also after a HelloRetryRequest); a changed binder
 * is refused with decrypt_error; an expired ticket, a ticket whose age
 * the server's clock does not agree with, a changed ticket and a ticket
 * sealed under a key the server no longer holds each fall back to a full
 * handshake; a server set to send no tickets gives no session; the
 * trace shows the resumed flow and the early secret made from the PSK;
 * client authentication carries over to the resumed connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "latch.h"
#include "pair.h"
#include "tls/session.h"
#include "tls/version.h"

#define CHAIN "e2e/ecdsa-p256.chain.pem"
#define KEY "e2e/ecdsa-p256.key"

typedef struct session {
    uint8_t bytes[LATCH_SESSION_MAX];
    size_t len;
} session;

/* Both clocks start at the real time (the server's also checks client
 * certificates); the tests move them apart. */
static int64_t server_now;
static int64_t client_now;

static int64_t clock_of(void *arg)
{
    return *(int64_t *)arg;
}

static latch_config *server_config(void)
{
    latch_config *cfg = pair_server_config(CHAIN, KEY);
    CHECK(latch_config_set_clock(cfg, clock_of, &server_now) == LATCH_OK);
    CHECK(latch_config_set_versions(cfg, LATCH_TLS1_2, LATCH_TLS1_3) == LATCH_OK);
    return cfg;
}

static latch_config *client_config(void)
{
    latch_config *cfg = pair_client_config(true);
    CHECK(latch_config_set_clock(cfg, clock_of, &client_now) == LATCH_OK);
    CHECK(latch_config_set_versions(cfg, LATCH_TLS1_3, LATCH_TLS1_3) == LATCH_OK);
    return cfg;
}

/* Flips the last byte of the client's first record (the ClientHello):
 * the last byte of its last extension, pre_shared_key's binder. */
static void flip_binder(int direction, size_t index, pair_record *rec, void *arg)
{
    (void)arg;
    if (direction == PAIR_TO_SERVER && index == 0)
        rec->bytes[rec->len - 1] ^= 0x01;
}

typedef struct result {
    int resumed; /* 1 resumed, 0 full, -1 failed */
    size_t server_certs_seen;
    int client_authenticated; /* the server's view */
    size_t client_certs_seen;
    latch_err server_error;
    latch_err client_error;
} result;

/* One handshake offering `offer` (may be NULL); data flows both ways so
 * the tickets arrive, then the client's session goes to `out` (may be
 * NULL). */
static result handshake(latch_config *client, latch_config *server, const session *offer,
                        session *out, pair_tamper_fn tamper)
{
    pair p;
    pair_init(&p, client, server, "localhost");
    p.tamper = tamper;
    if (offer != NULL)
        CHECK(latch_conn_set_session(p.client, offer->bytes, offer->len) == LATCH_OK);
    result r = {-1, 0, 0, 0, LATCH_OK, LATCH_OK};
    if (pair_handshake(&p)) {
        CHECK(strcmp(latch_conn_version(p.client), "TLSv1.3") == 0);
        r.resumed = latch_conn_resumed(p.client);
        CHECK(latch_conn_resumed(p.server) == r.resumed);
        r.server_certs_seen = latch_conn_peer_cert_count(p.client);
        r.client_authenticated = latch_conn_client_authenticated(p.server);
        r.client_certs_seen = latch_conn_peer_cert_count(p.server);
        const uint8_t ping[] = "ping", pong[] = "pong";
        CHECK(pair_transfer(&p, true, ping, sizeof(ping) - 1));
        CHECK(pair_transfer(&p, false, pong, sizeof(pong) - 1));
        if (out != NULL)
            CHECK(latch_conn_get_session(p.client, out->bytes, sizeof(out->bytes), &out->len) ==
                  LATCH_OK);
    }
    r.server_error = latch_conn_error_code(p.server);
    r.client_error = latch_conn_error_code(p.client);
    pair_free(&p);
    return r;
}

static void resumes(void)
{
    latch_config *server = server_config();
    latch_config *client = client_config();
    session s, again;
    result r = handshake(client, server, NULL, &s, NULL);
    CHECK(r.resumed == 0 && r.server_certs_seen > 0);
    lt_session parsed;
    lt_error err = {0};
    CHECK(lt_session_parse(s.bytes, s.len, &parsed, &err));
    CHECK(parsed.state.version == LT_VERSION_TLS13 && parsed.ticket_len > 0);
    CHECK(parsed.lifetime_hint == 7200 && parsed.state.created == client_now);
    /* A resumed handshake: no Certificate (the client saw none), and a
     * new ticket that resumes again. */
    r = handshake(client, server, &s, &again, NULL);
    CHECK(r.resumed == 1 && r.server_certs_seen == 0);
    CHECK(again.len != s.len || memcmp(again.bytes, s.bytes, s.len) != 0);
    CHECK(handshake(client, server, &again, NULL, NULL).resumed == 1);
    latch_config_free(client);
    latch_config_free(server);
}

static void resumes_after_hello_retry(void)
{
    latch_config *server = server_config();
    latch_config *client = client_config();
    /* The client's first share is x25519; the server takes only P-256. */
    CHECK(latch_config_set_groups(server, "secp256r1") == LATCH_OK);
    session s;
    CHECK(handshake(client, server, NULL, &s, NULL).resumed == 0);
    result r = handshake(client, server, &s, NULL, NULL);
    CHECK(r.resumed == 1 && r.server_certs_seen == 0);
    latch_config_free(client);
    latch_config_free(server);
}

static void wrong_binder_refused(void)
{
    latch_config *server = server_config();
    latch_config *client = client_config();
    session s;
    CHECK(handshake(client, server, NULL, &s, NULL).resumed == 0);
    result r = handshake(client, server, &s, NULL, flip_binder);
    CHECK(r.resumed == -1);
    CHECK(r.server_error == LATCH_ERR_DECRYPT_ERROR);
    latch_config_free(client);
    latch_config_free(server);
}

static void stale_tickets_give_full_handshakes(void)
{
    latch_config *server = server_config();
    latch_config *client = client_config();
    session s;
    CHECK(handshake(client, server, NULL, &s, NULL).resumed == 0);
    /* Past the server's lifetime, the client's clock not: full. */
    server_now += 7200;
    CHECK(handshake(client, server, &s, NULL, NULL).resumed == 0);
    server_now -= 7200;
    /* The server counts 30 s more than the client: out of the window. */
    server_now += 30;
    CHECK(handshake(client, server, &s, NULL, NULL).resumed == 0);
    /* Within the window: resumed. */
    server_now -= 25;
    CHECK(handshake(client, server, &s, NULL, NULL).resumed == 1);
    server_now -= 5;
    /* A changed ticket does not open: full. */
    lt_session parsed;
    lt_error err = {0};
    CHECK(lt_session_parse(s.bytes, s.len, &parsed, &err));
    parsed.ticket[parsed.ticket_len / 2] ^= 0x40;
    session bad;
    lt_writer w;
    lt_writer_init_fixed(&w, bad.bytes, sizeof(bad.bytes));
    lt_session_write(&parsed, &w);
    bad.len = w.len;
    CHECK(handshake(client, server, &bad, NULL, NULL).resumed == 0);
    latch_config_free(client);
    latch_config_free(server);
}

static void rotated_out_key_gives_full_handshake(void)
{
    uint8_t a[LATCH_TICKET_KEY_LEN], b[LATCH_TICKET_KEY_LEN];
    memset(a, 0xa1, sizeof(a));
    memset(b, 0xb2, sizeof(b));
    latch_config *server = server_config();
    CHECK(latch_config_set_ticket_key(server, a) == LATCH_OK);
    latch_config *client = client_config();
    session s;
    CHECK(handshake(client, server, NULL, &s, NULL).resumed == 0);
    latch_config_free(server);
    /* Key a kept as an old key: still resumes. */
    server = server_config();
    CHECK(latch_config_set_ticket_key(server, b) == LATCH_OK);
    CHECK(latch_config_add_old_ticket_key(server, a) == LATCH_OK);
    CHECK(handshake(client, server, &s, NULL, NULL).resumed == 1);
    latch_config_free(server);
    /* Key a gone: full. */
    server = server_config();
    CHECK(latch_config_set_ticket_key(server, b) == LATCH_OK);
    CHECK(handshake(client, server, &s, NULL, NULL).resumed == 0);
    latch_config_free(server);
    latch_config_free(client);
}

/* A session made with a client certificate resumes as authenticated,
 * reporting the client's leaf, though no certificate is sent (RFC 8446
 * 4.3.2: no CertificateRequest with a PSK); a server that requires one
 * does not resume a session made without. */
static void client_auth_kept(void)
{
    latch_config *server = server_config();
    CHECK(latch_config_add_ca_file(server, check_data_path("e2e/ca.pem")) == LATCH_OK);
    CHECK(latch_config_request_client_cert(server, LATCH_CLIENT_CERT_OPTIONAL) == LATCH_OK);
    latch_config *client = client_config();
    char chain[4096]; /* check_data_path's buffer is reused */
    snprintf(chain, sizeof(chain), "%s", check_data_path(CHAIN));
    CHECK(latch_config_add_cert_key_file(client, chain, check_data_path(KEY)) == LATCH_OK);
    session s;
    result r = handshake(client, server, NULL, &s, NULL);
    CHECK(r.resumed == 0 && r.client_authenticated == 1 && r.client_certs_seen > 0);
    r = handshake(client, server, &s, NULL, NULL);
    CHECK(r.resumed == 1 && r.client_authenticated == 1 && r.client_certs_seen == 1);
    latch_config_free(client);

    client = client_config();
    CHECK(handshake(client, server, NULL, &s, NULL).client_authenticated == 0);
    latch_config_free(server);
    server = server_config();
    CHECK(latch_config_add_ca_file(server, check_data_path("e2e/ca.pem")) == LATCH_OK);
    CHECK(latch_config_request_client_cert(server, LATCH_CLIENT_CERT_REQUIRED) == LATCH_OK);
    r = handshake(client, server, &s, NULL, NULL);
    /* Not resumed: a full handshake, which asks for the certificate this
     * client does not have. */
    CHECK(r.resumed == -1 && r.server_error == LATCH_ERR_CERTIFICATE_REQUIRED);
    latch_config_free(client);
    latch_config_free(server);
}

/* The handshake messages a client saw, and whether the trace said the
 * early secret came from the PSK. */
typedef struct seen {
    char messages[16][32];
    size_t count;
    bool early_from_psk;
    bool resumed_note;
} seen;

static void on_event(const latch_trace_event *ev, void *arg)
{
    seen *t = arg;
    if (ev->kind == LATCH_TRACE_MESSAGE && ev->handshake_type >= 0 && t->count < 16)
        snprintf(t->messages[t->count++], sizeof(t->messages[0]), "%s", ev->name);
    if (ev->kind == LATCH_TRACE_KEYS && strcmp(ev->name, "early_secret") == 0)
        t->early_from_psk = ev->detail != NULL && strstr(ev->detail, "HKDF-Extract(0, PSK") != NULL;
    if (ev->detail != NULL && strstr(ev->detail, "the server resumed the TLS 1.3 session") != NULL)
        t->resumed_note = true;
}

static void traced(void)
{
    latch_config *server = server_config();
    latch_config *client = client_config();
    session s;
    CHECK(handshake(client, server, NULL, &s, NULL).resumed == 0);
    /* A used config is frozen: a new one, with the trace. */
    latch_config_free(client);
    client = client_config();
    seen t;
    memset(&t, 0, sizeof(t));
    CHECK(latch_config_set_trace(client, on_event, &t, 0) == LATCH_OK);
    CHECK(handshake(client, server, &s, NULL, NULL).resumed == 1);
    /* RFC 8446 2.2: no Certificate, no CertificateVerify; the tickets
     * follow the handshake. */
    static const char *const order[] = {"ClientHello",     "ServerHello", "EncryptedExtensions",
                                        "Finished",        "Finished",    "NewSessionTicket",
                                        "NewSessionTicket"};
    CHECK(t.count == 7);
    for (size_t i = 0; i < 7 && i < t.count; i++)
        CHECK(strcmp(t.messages[i], order[i]) == 0);
    CHECK(t.early_from_psk && t.resumed_note);
    latch_config_free(client);
    latch_config_free(server);
}

static void no_tickets_no_session(void)
{
    latch_config *server = server_config();
    CHECK(latch_config_set_tls13_tickets(server, 0) == LATCH_OK);
    CHECK(latch_config_set_tls13_tickets(server, LATCH_TLS13_TICKETS_MAX + 1) == LATCH_ERR_USAGE);
    latch_config *client = client_config();
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    const uint8_t pong[] = "pong";
    CHECK(pair_transfer(&p, false, pong, sizeof(pong) - 1));
    session s;
    CHECK(latch_conn_get_session(p.client, s.bytes, sizeof(s.bytes), &s.len) == LATCH_ERR_USAGE);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

int main(void)
{
    server_now = client_now = (int64_t)time(NULL);
    resumes();
    resumes_after_hello_retry();
    wrong_binder_refused();
    stale_tickets_give_full_handshakes();
    rotated_out_key_gives_full_handshake();
    traced();
    client_auth_kept();
    no_tickets_no_session();
    return check_finish("e2e resume13");
}
