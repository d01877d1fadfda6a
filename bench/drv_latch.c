/*
 * The latch driver: the sans-IO engine's buffers filled from and drained
 * to the bench pipes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "latch.h"

typedef struct latch_ctx {
    latch_config *client;
    latch_config *server;
} latch_ctx;

typedef struct latch_end {
    latch_conn *conn;
    bench_link *link;
} latch_end;

static const char *suite_name(const bench_params *p)
{
    if (p->cert == BENCH_CERT_ECDSA_P256)
        return p->cipher == BENCH_AES128_GCM ? "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
                                             : "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
    return p->cipher == BENCH_AES128_GCM ? "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
                                         : "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
}

static void ignore_event(const latch_trace_event *ev, void *arg)
{
    (void)ev;
    (void)arg;
}

static latch_config *config_new(latch_role role, const bench_params *p, bool verify, char *note)
{
    latch_config *cfg = latch_config_new(role);
    if (cfg == NULL) {
        snprintf(note, BENCH_NOTE_CAP, "latch: out of memory");
        return NULL;
    }
    bool ok = latch_config_set_ciphers(cfg, suite_name(p)) == LATCH_OK &&
              latch_config_set_groups(cfg, "x25519") == LATCH_OK;
    /* One version per row, as for the other libraries. TLS 1.3: latch
     * prefers TLS_AES_128_GCM_SHA256, the suite measured. */
    int v = p->tls13 ? LATCH_TLS1_3 : LATCH_TLS1_2;
    if (ok)
        ok = latch_config_set_versions(cfg, v, v) == LATCH_OK;
    /* Resumption only by ticket, and only when measured, as for the
     * other libraries: no session cache, no tickets otherwise. */
    if (ok && role == LATCH_SERVER)
        ok = latch_config_set_session_cache(cfg, 0) == LATCH_OK;
    if (ok && !p->tickets)
        ok = latch_config_set_tickets(cfg, 0) == LATCH_OK;
    if (ok && p->trace)
        ok = latch_config_set_trace(cfg, ignore_event, NULL, 0) == LATCH_OK;
    if (ok && role == LATCH_SERVER)
        ok = latch_config_add_cert_key_file(cfg, p->chain, p->key) == LATCH_OK;
    if (ok && role == LATCH_CLIENT)
        ok = verify ? latch_config_add_ca_file(cfg, p->ca) == LATCH_OK
                    : latch_config_insecure_noverify(cfg) == LATCH_OK;
    if (ok && p->record_limit != 0)
        ok = latch_config_set_record_size_limit(cfg, p->record_limit) == LATCH_OK;
    if (ok && p->pin_buffers)
        ok = latch_config_set_pin_buffers(cfg, 1) == LATCH_OK;
    if (!ok) {
        snprintf(note, BENCH_NOTE_CAP, "latch: %s", latch_config_error(cfg));
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* One handshake straight between two engines; the client's error code. */
static latch_err probe(latch_config *client_cfg, latch_config *server_cfg)
{
    latch_conn *c = latch_conn_new(client_cfg, "localhost");
    latch_conn *s = latch_conn_new(server_cfg, NULL);
    latch_err ce = LATCH_ERR_MEMORY;
    if (c != NULL && s != NULL) {
        latch_err se = LATCH_WANT_READ;
        ce = LATCH_WANT_READ;
        for (int round = 0; round < 100 && (ce != LATCH_OK || se != LATCH_OK); round++) {
            if (ce != LATCH_OK)
                ce = latch_conn_handshake(c);
            if (se != LATCH_OK)
                se = latch_conn_handshake(s);
            if (ce > LATCH_WANT_WRITE || se > LATCH_WANT_WRITE)
                break;
            size_t n;
            const uint8_t *out = latch_conn_output(c, &n);
            latch_conn_output_done(c, latch_conn_feed(s, out, n));
            out = latch_conn_output(s, &n);
            latch_conn_output_done(s, latch_conn_feed(c, out, n));
        }
    }
    latch_conn_free(c);
    latch_conn_free(s);
    return ce;
}

/* The client verifies against the test CA when latch can; while chain
 * validation is not built, the CA-verifying handshake fails with a
 * certificate error, and the bench falls back to no verification and
 * says so. */
static void *ctx_new(const bench_params *p, char *note)
{
    latch_ctx *x = calloc(1, sizeof(*x));
    if (x == NULL)
        return NULL;
    x->server = config_new(LATCH_SERVER, p, false, note);
    x->client = x->server == NULL ? NULL : config_new(LATCH_CLIENT, p, true, note);
    if (x->client != NULL) {
        latch_err e = probe(x->client, x->server);
        if (e >= LATCH_ERR_BAD_CERTIFICATE && e <= LATCH_ERR_UNKNOWN_CA) {
            latch_config_free(x->client);
            x->client = config_new(LATCH_CLIENT, p, false, note);
            if (x->client != NULL)
                snprintf(note, BENCH_NOTE_CAP,
                         "latch: chain not verified \xe2\x80\x94 validation not built yet");
        }
    }
    if (x->client == NULL) {
        latch_config_free(x->server);
        free(x);
        return NULL;
    }
    return x;
}

static void ctx_free(void *ctx)
{
    latch_ctx *x = ctx;
    latch_config_free(x->client);
    latch_config_free(x->server);
    free(x);
}

/* A client session as latch_conn_get_session wrote it. */
typedef struct latch_session {
    uint8_t bytes[LATCH_SESSION_MAX];
    size_t len;
} latch_session;

static void *conn_new(void *ctx, bool server, bench_link *link, void *session)
{
    latch_ctx *x = ctx;
    latch_end *e = malloc(sizeof(*e));
    if (e == NULL)
        return NULL;
    e->conn = server ? latch_conn_new(x->server, NULL) : latch_conn_new(x->client, "localhost");
    e->link = link;
    const latch_session *saved = session;
    if (e->conn == NULL ||
        (saved != NULL && latch_conn_set_session(e->conn, saved->bytes, saved->len) != LATCH_OK)) {
        latch_conn_free(e->conn);
        free(e);
        return NULL;
    }
    return e;
}

static void *session_get(void *conn)
{
    latch_session *s = malloc(sizeof(*s));
    if (s != NULL && latch_conn_get_session(((latch_end *)conn)->conn, s->bytes, sizeof(s->bytes),
                                            &s->len) != LATCH_OK) {
        free(s);
        s = NULL;
    }
    return s;
}

static void session_free(void *session)
{
    if (session != NULL)
        explicit_bzero(session, sizeof(latch_session));
    free(session);
}

static void conn_free(void *conn)
{
    latch_end *e = conn;
    latch_conn_free(e->conn);
    free(e);
}

/* Moves received bytes into the engine; true if any went in. */
static bool fill(latch_end *e)
{
    size_t room;
    uint8_t *window = latch_conn_input_window(e->conn, &room);
    size_t n = room == 0 ? 0 : bench_pipe_read(e->link->in, window, room);
    latch_conn_input_done(e->conn, n);
    return n > 0;
}

static void flush(latch_end *e)
{
    size_t len;
    const uint8_t *out = latch_conn_output(e->conn, &len);
    if (len > 0)
        latch_conn_output_done(e->conn, bench_pipe_write(e->link->out, out, len));
}

static bool more_input(const latch_end *e)
{
    size_t len;
    bench_pipe_peek(e->link->in, &len);
    return len > 0;
}

static bench_step handshake(void *conn)
{
    latch_end *e = conn;
    for (;;) {
        fill(e);
        latch_err r = latch_conn_handshake(e->conn);
        flush(e);
        if (r == LATCH_OK)
            return BENCH_DONE;
        if (r > LATCH_WANT_WRITE)
            return BENCH_FAIL;
        if (!more_input(e))
            return BENCH_AGAIN;
    }
}

static long conn_write(void *conn, const uint8_t *data, size_t len)
{
    latch_end *e = conn;
    flush(e);
    size_t n = 0;
    latch_err r = latch_conn_write(e->conn, data, len, &n);
    flush(e);
    return r == LATCH_OK || r == LATCH_WANT_WRITE ? (long)n : -1;
}

static long conn_read(void *conn, uint8_t *buf, size_t cap)
{
    latch_end *e = conn;
    for (;;) {
        fill(e);
        size_t got = 0;
        latch_err r = latch_conn_read(e->conn, buf, cap, &got);
        flush(e);
        if (r == LATCH_OK)
            return (long)got;
        if (r != LATCH_WANT_READ)
            return -1;
        if (!more_input(e))
            return 0;
    }
}

static const char *conn_error(void *conn)
{
    return latch_conn_error(((latch_end *)conn)->conn);
}

static const char *version(void)
{
    return LATCH_VERSION_STRING;
}

static void conn_idle(void *conn)
{
    latch_conn_release_buffers(((latch_end *)conn)->conn);
}

const bench_driver bench_latch = {
    .name = "latch",
    .version = version,
    .ctx_new = ctx_new,
    .ctx_free = ctx_free,
    .conn_new = conn_new,
    .conn_free = conn_free,
    .handshake = handshake,
    .write = conn_write,
    .read = conn_read,
    .error = conn_error,
    .session_get = session_get,
    .session_free = session_free,
    .no_resumption = NULL,
    .idle = conn_idle,
};
