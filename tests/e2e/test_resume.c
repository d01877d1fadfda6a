/*
 * Session resumption in process: by ticket and by session ID, the
 * abbreviated handshake's data both ways, and every reason a server must
 * fall back to a full handshake (tampered, expired, other name, other
 * key, suite gone, made without extended master secret) or abort (RFC
 * 7627 5.3), a client that does not offer a session made without
 * extended master secret, ticket renewal, and in-process ticket key
 * rotation on the server's clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "latch.h"
#include "pair.h"
#include "tamper.h"
#include "tls/conn.h"
#include "tls/msg.h"
#include "tls/session.h"
#include "tls/session_cache.h"

#define CHAIN "e2e/ecdsa-p256.chain.pem"
#define KEY "e2e/ecdsa-p256.key"

typedef struct session {
    uint8_t bytes[LATCH_SESSION_MAX];
    size_t len;
} session;

static int64_t server_now;

static int64_t server_clock(void *arg)
{
    (void)arg;
    return server_now;
}

static latch_config *server_config(void)
{
    latch_config *cfg = pair_server_config(CHAIN, KEY);
    CHECK(latch_config_set_clock(cfg, server_clock, NULL) == LATCH_OK);
    return cfg;
}

static void exchange_data(pair *p)
{
    const uint8_t ping[] = "ping after resuming";
    const uint8_t pong[] = "pong after resuming";
    CHECK(pair_transfer(p, true, ping, sizeof(ping) - 1));
    CHECK(pair_transfer(p, false, pong, sizeof(pong) - 1));
}

/* One handshake offering `offer` (may be NULL); the new session goes to
 * `out` (may be NULL). Returns 1 when resumed, 0 when full, -1 failed. */
static int handshake(latch_config *client, latch_config *server, const char *name,
                     const session *offer, session *out, pair_tamper_fn tamper)
{
    pair p;
    pair_init(&p, client, server, name);
    p.tamper = tamper;
    if (offer != NULL)
        CHECK(latch_conn_set_session(p.client, offer->bytes, offer->len) == LATCH_OK);
    int result = -1;
    if (pair_handshake(&p)) {
        result = latch_conn_resumed(p.client);
        CHECK(latch_conn_resumed(p.server) == result);
        exchange_data(&p);
        if (out != NULL)
            CHECK(latch_conn_get_session(p.client, out->bytes, sizeof(out->bytes), &out->len) ==
                  LATCH_OK);
    }
    pair_free(&p);
    return result;
}

static void resume_by_ticket(void)
{
    latch_config *server = server_config();
    latch_config *client = pair_client_config(true);
    session s, again;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);
    CHECK(handshake(client, server, "localhost", &s, &again, NULL) == 1);
    /* A client that offers tickets is never put in the cache. */
    CHECK(server->cache.live == 0);
    /* Resumed without renewal: the same session, ticket included. */
    CHECK(again.len == s.len && memcmp(again.bytes, s.bytes, s.len) == 0);
    CHECK(handshake(client, server, "localhost", &again, NULL, NULL) == 1);
    latch_config_free(client);
    latch_config_free(server);
}

static void resume_by_id(void)
{
    latch_config *server = server_config();
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_tickets(client, 0) == LATCH_OK);
    session s, other;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);
    CHECK(server->cache.live == 1);
    CHECK(handshake(client, server, "localhost", &s, NULL, NULL) == 1);
    /* Each new session gets its own ID, drawn with the server random. */
    CHECK(handshake(client, server, "localhost", NULL, &other, NULL) == 0);
    lt_session a, b;
    lt_error err = {0};
    CHECK(lt_session_parse(s.bytes, s.len, &a, &err) &&
          lt_session_parse(other.bytes, other.len, &b, &err));
    CHECK(a.session_id_len == LT_SESSION_CACHE_ID_LEN &&
          b.session_id_len == LT_SESSION_CACHE_ID_LEN);
    CHECK(memcmp(a.session_id, b.session_id, LT_SESSION_CACHE_ID_LEN) != 0);
    latch_config_free(server);

    /* No cache, no ticket: nothing to resume with. */
    server = server_config();
    CHECK(latch_config_set_session_cache(server, 0) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    size_t len;
    CHECK(latch_conn_get_session(p.client, s.bytes, sizeof(s.bytes), &len) == LATCH_ERR_USAGE);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

static void tampered_ticket(void)
{
    latch_config *server = server_config();
    latch_config *client = pair_client_config(true);
    session s;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);
    /* The ticket ends the session bytes: flip a bit of its tag. */
    s.bytes[s.len - 1] ^= 1;
    CHECK(handshake(client, server, "localhost", &s, NULL, NULL) == 0);
    latch_config_free(client);
    latch_config_free(server);
}

static void expired(void)
{
    latch_config *server = server_config();
    latch_config *client = pair_client_config(true);
    session s;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);
    server_now += 7199;
    CHECK(handshake(client, server, "localhost", &s, NULL, NULL) == 1);
    server_now += 1; /* the default lifetime is 7200 seconds */
    CHECK(handshake(client, server, "localhost", &s, NULL, NULL) == 0);
    latch_config_free(client);
    latch_config_free(server);
}

static void other_name(void)
{
    latch_config *server = server_config();
    latch_config *client = pair_client_config(true);
    session s;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);
    /* The client refuses to offer it to another name. */
    latch_conn *c = latch_conn_new(client, "other.example");
    CHECK(latch_conn_set_session(c, s.bytes, s.len) == LATCH_ERR_USAGE);
    latch_conn_free(c);

    /* A client that offers it anyway gets a full handshake (RFC 6066 3). */
    pair p;
    pair_init(&p, client, server, "other.example");
    lt_session *forged = malloc(sizeof(*forged));
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_session_parse(s.bytes, s.len, forged, &err));
    p.client->session = forged;
    CHECK(pair_handshake(&p));
    CHECK(!latch_conn_resumed(p.client) && !latch_conn_resumed(p.server));
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

static const uint8_t key_a[LATCH_TICKET_KEY_LEN] = "key A: 48 bytes of ticket key name and secret.";
static const uint8_t key_b[LATCH_TICKET_KEY_LEN] = "key B: 48 bytes of ticket key name and secret.";

static void ticket_keys(void)
{
    latch_config *client = pair_client_config(true);
    latch_config *one = server_config();
    latch_config *two = server_config();
    session s;
    CHECK(handshake(client, one, "localhost", NULL, &s, NULL) == 0);
    /* Another server's random key: full. */
    CHECK(handshake(client, two, "localhost", &s, NULL, NULL) == 0);
    latch_config_free(one);
    latch_config_free(two);

    /* Two servers sharing a key resume each other's sessions. */
    one = server_config();
    two = server_config();
    CHECK(latch_config_set_ticket_key(one, key_a) == LATCH_OK);
    CHECK(latch_config_set_ticket_key(two, key_a) == LATCH_OK);
    CHECK(handshake(client, one, "localhost", NULL, &s, NULL) == 0);
    CHECK(handshake(client, two, "localhost", &s, NULL, NULL) == 1);

    /* Rotated: B seals, A still opens, and the ticket is renewed. */
    latch_config *rotated = server_config();
    CHECK(latch_config_set_ticket_key(rotated, key_b) == LATCH_OK);
    CHECK(latch_config_add_old_ticket_key(rotated, key_a) == LATCH_OK);
    session renewed;
    CHECK(handshake(client, rotated, "localhost", &s, &renewed, NULL) == 1);
    CHECK(renewed.len == s.len && memcmp(renewed.bytes, s.bytes, s.len) != 0);
    /* Only B now: the renewed ticket resumes, the old one does not. */
    latch_config *only_b = server_config();
    CHECK(latch_config_set_ticket_key(only_b, key_b) == LATCH_OK);
    CHECK(handshake(client, only_b, "localhost", &renewed, NULL, NULL) == 1);
    CHECK(handshake(client, only_b, "localhost", &s, NULL, NULL) == 0);
    latch_config_free(one);
    latch_config_free(two);
    latch_config_free(rotated);
    latch_config_free(only_b);
    latch_config_free(client);
}

static void suite_gone(void)
{
    static const char both[] =
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_ciphers(client, both) == LATCH_OK);
    latch_config *server = server_config();
    CHECK(latch_config_set_ticket_key(server, key_a) == LATCH_OK);
    CHECK(latch_config_set_ciphers(server, both) == LATCH_OK);
    session s;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);

    /* The server no longer enables the session's suite. */
    latch_config *chacha = server_config();
    CHECK(latch_config_set_ticket_key(chacha, key_a) == LATCH_OK);
    CHECK(latch_config_set_ciphers(chacha, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256") ==
          LATCH_OK);
    CHECK(handshake(client, chacha, "localhost", &s, NULL, NULL) == 0);

    /* The client no longer enables it: it does not offer the session. */
    latch_config *client2 = pair_client_config(true);
    CHECK(latch_config_set_ciphers(client2, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256") ==
          LATCH_OK);
    CHECK(handshake(client2, server, "localhost", &s, NULL, NULL) == 0);
    latch_config_free(client2);
    latch_config_free(chacha);
    latch_config_free(server);
    latch_config_free(client);
}

/* ---- RFC 7627 5.3: extended master secret must match ---- */

static void strip_ems(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    (void)arg;
    lt_error err;
    lt_error_clear(&err);
    if (type == LT_HS_CLIENT_HELLO) {
        lt_client_hello ch;
        CHECK(lt_client_hello_parse(body, len, &ch, &err));
        ch.ext.extended_master_secret.present = false;
        lt_client_hello_write(&ch, out);
    } else if (type == LT_HS_SERVER_HELLO) {
        lt_server_hello sh;
        CHECK(lt_server_hello_parse(body, len, &sh, &err));
        sh.ext.extended_master_secret.present = false;
        lt_server_hello_write(&sh, out);
    } else {
        tamper_copy_message(type, body, len, out);
    }
}

static void strip_ems_to_server(int dir, size_t index, pair_record *rec, void *arg)
{
    if (dir == PAIR_TO_SERVER && index == 0)
        tamper_handshake_record(rec, strip_ems, arg);
}

static void strip_ems_to_client(int dir, size_t index, pair_record *rec, void *arg)
{
    if (dir == PAIR_TO_CLIENT && index == 0)
        tamper_handshake_record(rec, strip_ems, arg);
}

static void ems_mismatch(void)
{
    latch_config *server = server_config();
    latch_config *client = pair_client_config(true);
    session s;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);

    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(latch_conn_set_session(p.client, s.bytes, s.len) == LATCH_OK);
    p.tamper = strip_ems_to_server;
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_HANDSHAKE_FAILURE);
    CHECK(strstr(latch_conn_error(p.server), "RFC 7627") != NULL);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_HANDSHAKE_FAILURE);
    pair_free(&p);

    /* The server resumes but its ServerHello lacks the extension. */
    pair_init(&p, client, server, "localhost");
    CHECK(latch_conn_set_session(p.client, s.bytes, s.len) == LATCH_OK);
    p.tamper = strip_ems_to_client;
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.client) == LATCH_ERR_HANDSHAKE_FAILURE);
    CHECK(strstr(latch_conn_error(p.client), "RFC 7627") != NULL);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

/* A session made without extended master secret is not resumed (RFC
 * 7627 5.3). The server side: its cached copy of a session, rewritten as
 * made without it, while the client's copy (and so its ClientHello) is
 * as before: a full handshake, where the unchanged entry resumes. */
static void ems_less_session_server(void)
{
    latch_config *server = server_config();
    CHECK(latch_config_set_tickets(server, 0) == LATCH_OK);
    latch_config *client = pair_client_config(true);
    session s;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);
    CHECK(handshake(client, server, "localhost", &s, NULL, NULL) == 1);
    lt_session parsed;
    lt_session_state st;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_session_parse(s.bytes, s.len, &parsed, &err));
    CHECK(lt_session_cache_get(&server->cache, parsed.session_id, parsed.session_id_len, server_now,
                               server->session_lifetime, &st));
    CHECK(st.ems);
    st.ems = false;
    CHECK(lt_session_cache_put(&server->cache, server->session_cache_size, parsed.session_id, &st));
    CHECK(handshake(client, server, "localhost", &s, NULL, NULL) == 0);
    latch_config_free(client);
    latch_config_free(server);
}

/* What the client offered in its ClientHello. */
static size_t offered_id_len, offered_ticket_len;

static void note_offer(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    (void)arg;
    if (type == LT_HS_CLIENT_HELLO) {
        lt_client_hello ch;
        lt_error err;
        lt_error_clear(&err);
        CHECK(lt_client_hello_parse(body, len, &ch, &err));
        offered_id_len = ch.session_id_len;
        offered_ticket_len = ch.ext.session_ticket.ticket.len;
    }
    tamper_copy_message(type, body, len, out);
}

static void note_client_hello(int dir, size_t index, pair_record *rec, void *arg)
{
    if (dir == PAIR_TO_SERVER && index == 0)
        tamper_handshake_record(rec, note_offer, arg);
}

/* The client side: a stored session marked as made without extended
 * master secret is not offered (no session ID, no ticket), though the
 * server would resume it. */
static void ems_less_session_client(void)
{
    latch_config *server = server_config();
    latch_config *client = pair_client_config(true);
    session s, forged;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);
    CHECK(handshake(client, server, "localhost", &s, NULL, note_client_hello) == 1);
    CHECK(offered_ticket_len > 0);
    lt_session parsed;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_session_parse(s.bytes, s.len, &parsed, &err));
    parsed.state.ems = false;
    lt_writer w;
    lt_writer_init_fixed(&w, forged.bytes, sizeof(forged.bytes));
    lt_session_write(&parsed, &w);
    CHECK(lt_writer_ok(&w));
    forged.len = w.len;
    CHECK(handshake(client, server, "localhost", &forged, NULL, note_client_hello) == 0);
    CHECK(offered_id_len == 0 && offered_ticket_len == 0);
    latch_config_free(client);
    latch_config_free(server);
}

/* ---- in-process ticket key rotation, on the server's clock ---- */

/* The name of the key that sealed a session's ticket. */
static void ticket_key_name(const session *s, uint8_t name[LT_TICKET_KEY_NAME_LEN])
{
    lt_session parsed;
    lt_error err;
    lt_error_clear(&err);
    memset(name, 0, LT_TICKET_KEY_NAME_LEN);
    bool ok = lt_session_parse(s->bytes, s->len, &parsed, &err) &&
              parsed.ticket_len > LT_TICKET_KEY_NAME_LEN;
    CHECK(ok);
    if (ok)
        memcpy(name, parsed.ticket, LT_TICKET_KEY_NAME_LEN);
}

static bool same_key(const session *a, const session *b)
{
    uint8_t x[LT_TICKET_KEY_NAME_LEN], y[LT_TICKET_KEY_NAME_LEN];
    ticket_key_name(a, x);
    ticket_key_name(b, y);
    return memcmp(x, y, sizeof(x)) == 0;
}

#define ROTATION 3600
#define LIFETIME 7200 /* the default */

static void rotation(void)
{
    int64_t start = server_now;
    latch_config *server = server_config();
    CHECK(latch_config_set_ticket_rotation(server, ROTATION) == LATCH_OK);
    latch_config *client = pair_client_config(true);
    session first, last_of_first, renewed, fresh;
    CHECK(handshake(client, server, "localhost", NULL, &first, NULL) == 0);
    server_now = start + ROTATION - 10;
    CHECK(handshake(client, server, "localhost", NULL, &last_of_first, NULL) == 0);
    CHECK(same_key(&first, &last_of_first));
    /* Rotated: a new key seals; a ticket of the old one still resumes,
     * and is renewed under the new one. */
    server_now = start + ROTATION + 10;
    CHECK(handshake(client, server, "localhost", NULL, &fresh, NULL) == 0);
    CHECK(!same_key(&first, &fresh));
    CHECK(handshake(client, server, "localhost", &first, &renewed, NULL) == 1);
    CHECK(same_key(&renewed, &fresh));
    /* The old key's last ticket resumes until its session expires... */
    server_now = start + ROTATION + LIFETIME - 20;
    CHECK(handshake(client, server, "localhost", &last_of_first, NULL, NULL) == 1);
    /* ...and not after lifetime + rotation. */
    server_now = start + ROTATION + LIFETIME + 10;
    CHECK(handshake(client, server, "localhost", &last_of_first, NULL, NULL) == 0);
    latch_config_free(server);

    /* A key of the caller's is never rotated. */
    server_now = start;
    server = server_config();
    CHECK(latch_config_set_ticket_key(server, key_a) == LATCH_OK);
    CHECK(handshake(client, server, "localhost", NULL, &first, NULL) == 0);
    server_now = start + 5 * ROTATION;
    CHECK(handshake(client, server, "localhost", NULL, &fresh, NULL) == 0);
    uint8_t name[LT_TICKET_KEY_NAME_LEN];
    ticket_key_name(&fresh, name);
    CHECK(same_key(&first, &fresh) && memcmp(name, key_a, LT_TICKET_KEY_NAME_LEN) == 0);
    latch_config_free(server);
    server_now = start;

    server = server_config();
    CHECK(latch_config_set_ticket_rotation(server, 0) == LATCH_OK);
    CHECK(latch_config_set_ticket_rotation(server, LATCH_TICKET_ROTATION_MIN - 1) ==
          LATCH_ERR_USAGE);
    CHECK(latch_config_set_ticket_rotation(server, LATCH_TICKET_ROTATION_MAX + 1) ==
          LATCH_ERR_USAGE);
    CHECK(latch_config_set_ticket_rotation(client, ROTATION) == LATCH_ERR_USAGE);
    latch_config_free(server);
    latch_config_free(client);
}

/* ---- the trace of an abbreviated handshake ---- */

typedef struct seen {
    char messages[16][24];
    int outgoing[16];
    size_t count;
    bool session_note;
    bool master_reused;
    bool hello_explains;
} seen;

static void on_event(const latch_trace_event *ev, void *arg)
{
    seen *s = arg;
    if (ev->kind == LATCH_TRACE_MESSAGE && s->count < 16) {
        snprintf(s->messages[s->count], sizeof(s->messages[0]), "%s", ev->name);
        s->outgoing[s->count++] = ev->outgoing;
        for (size_t i = 0; i < ev->field_count; i++)
            s->hello_explains |= strcmp(ev->fields[i].name, "resumption") == 0 &&
                                 strstr(ev->fields[i].value, "no Certificate") != NULL;
    }
    if (ev->kind == LATCH_TRACE_KEYS && strcmp(ev->name, "session") == 0)
        s->session_note |= strstr(ev->detail, "by its ticket") != NULL;
    if (ev->kind == LATCH_TRACE_KEYS && strcmp(ev->name, "master_secret") == 0)
        s->master_reused |= strstr(ev->detail, "reused") != NULL;
}

static void traced(void)
{
    latch_config *server = server_config();
    latch_config *client = pair_client_config(true);
    session s;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);
    latch_config_free(client);
    client = pair_client_config(true);
    seen t;
    memset(&t, 0, sizeof(t));
    CHECK(latch_config_set_trace(client, on_event, &t, 0) == LATCH_OK);
    CHECK(handshake(client, server, "localhost", &s, NULL, NULL) == 1);
    /* RFC 5246 7.3, figure 2: the server finishes first. */
    static const char *const order[] = {"ClientHello", "ServerHello",      "ChangeCipherSpec",
                                        "Finished",    "ChangeCipherSpec", "Finished"};
    static const int from_client[] = {1, 0, 0, 0, 1, 1};
    CHECK(t.count == 6);
    for (size_t i = 0; i < 6 && i < t.count; i++) {
        CHECK(strcmp(t.messages[i], order[i]) == 0);
        CHECK(t.outgoing[i] == from_client[i]);
    }
    CHECK(t.session_note && t.master_reused && t.hello_explains);
    latch_config_free(client);
    latch_config_free(server);
}

static void bad_session_bytes(void)
{
    latch_config *server = server_config();
    latch_config *client = pair_client_config(true);
    session s;
    CHECK(handshake(client, server, "localhost", NULL, &s, NULL) == 0);
    latch_conn *c = latch_conn_new(client, "localhost");
    size_t len;
    CHECK(latch_conn_get_session(c, s.bytes, sizeof(s.bytes), &len) == LATCH_ERR_USAGE);
    CHECK(latch_conn_set_session(c, s.bytes, s.len - 1) == LATCH_ERR_DECODE);
    s.bytes[0] = 9; /* an unknown format */
    CHECK(latch_conn_set_session(c, s.bytes, s.len) == LATCH_ERR_DECODE);
    latch_conn_free(c);
    latch_config_free(client);
    latch_config_free(server);
}

int main(void)
{
    server_now = 1800000000;
    resume_by_ticket();
    resume_by_id();
    tampered_ticket();
    expired();
    other_name();
    ticket_keys();
    suite_gone();
    ems_mismatch();
    ems_less_session_server();
    ems_less_session_client();
    rotation();
    traced();
    bad_session_bytes();
    return check_finish("e2e resume");
}
