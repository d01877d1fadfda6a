/*
 * Pipes, a client and server joined through them, and the measurements.
 */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "heap.h"

/* TLS record content types, handshake types and extensions. */
#define CT_CHANGE_CIPHER_SPEC 20
#define CT_HANDSHAKE 22
#define HS_SERVER_HELLO 2
#define HS_CERTIFICATE 11
#define EXT_PRE_SHARED_KEY 41
#define EXT_SUPPORTED_VERSIONS 43
#define EXT_KEY_SHARE 51
/* A Finished message: 4-byte header and 12 bytes of verify_data. */
#define FINISHED_LEN 16

size_t bench_pipe_write(bench_pipe *p, const uint8_t *data, size_t len)
{
    if (p->off > 0 && p->off + p->len + len > BENCH_PIPE_CAP) {
        memmove(p->buf, p->buf + p->off, p->len);
        p->off = 0;
    }
    size_t n = BENCH_PIPE_CAP - p->off - p->len;
    n = n < len ? n : len;
    memcpy(p->buf + p->off + p->len, data, n);
    p->len += n;
    if (p->tap != NULL) {
        size_t t = p->tap_cap - p->tap_len < n ? p->tap_cap - p->tap_len : n;
        memcpy(p->tap + p->tap_len, data, t);
        p->tap_len += t;
    }
    return n;
}

size_t bench_pipe_read(bench_pipe *p, uint8_t *out, size_t cap)
{
    size_t n = p->len < cap ? p->len : cap;
    memcpy(out, p->buf + p->off, n);
    bench_pipe_consume(p, n);
    return n;
}

const uint8_t *bench_pipe_peek(const bench_pipe *p, size_t *len)
{
    *len = p->len;
    return p->buf + p->off;
}

void bench_pipe_consume(bench_pipe *p, size_t n)
{
    p->off += n;
    p->len -= n;
    if (p->len == 0)
        p->off = 0;
}

static double clock_seconds(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

double bench_cpu_now(void)
{
    return clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

static double wall_now(void)
{
    return clock_seconds(CLOCK_MONOTONIC);
}

/* A client and a server of one library, joined by two pipes. Every call
 * into an end is charged to that end's heap side, and when time_server
 * is set the CPU time inside the server's calls is summed. Reading the
 * thread CPU clock is a system call (microseconds on a VM), so it is not
 * read while handshakes are being counted. */
typedef struct pair {
    const bench_driver *d;
    void *ctx;
    bench_pipe c2s, s2c;
    bench_link client_link, server_link;
    void *client, *server;
    bool time_server;
    double server_s;
} pair;

static double server_clock(const pair *p)
{
    return p->time_server ? clock_seconds(CLOCK_THREAD_CPUTIME_ID) : 0;
}

static pair *pair_new(const bench_driver *d, void *ctx)
{
    pair *p = calloc(1, sizeof(*p));
    if (p == NULL)
        abort();
    p->d = d;
    p->ctx = ctx;
    p->client_link = (bench_link){.in = &p->s2c, .out = &p->c2s};
    p->server_link = (bench_link){.in = &p->c2s, .out = &p->s2c};
    return p;
}

static void why_pair(pair *p, char *why, const char *what)
{
    snprintf(why, BENCH_NOTE_CAP, "%s: client: %s; server: %s", what,
             p->client == NULL ? "-" : p->d->error(p->client),
             p->server == NULL ? "-" : p->d->error(p->server));
}

static void pair_close(pair *p)
{
    heap_set_side(HEAP_CLIENT);
    if (p->client != NULL)
        p->d->conn_free(p->client);
    heap_set_side(HEAP_SERVER);
    double t = server_clock(p);
    if (p->server != NULL)
        p->d->conn_free(p->server);
    p->server_s += server_clock(p) - t;
    heap_set_side(HEAP_NONE);
    p->client = p->server = NULL;
}

static bool pair_open(pair *p, void *session, char *why)
{
    p->c2s.off = p->c2s.len = p->s2c.off = p->s2c.len = 0;
    heap_set_side(HEAP_CLIENT);
    p->client = p->d->conn_new(p->ctx, false, &p->client_link, session);
    heap_set_side(HEAP_SERVER);
    double t = server_clock(p);
    p->server = p->d->conn_new(p->ctx, true, &p->server_link, NULL);
    p->server_s += server_clock(p) - t;
    heap_set_side(HEAP_NONE);
    if (p->client == NULL || p->server == NULL) {
        snprintf(why, BENCH_NOTE_CAP, "could not create a connection");
        pair_close(p);
        return false;
    }
    return true;
}

static bool pair_handshake(pair *p, char *why)
{
    bench_step c = BENCH_AGAIN, s = BENCH_AGAIN;
    for (int round = 0; round < 64; round++) {
        if (c == BENCH_AGAIN) {
            heap_set_side(HEAP_CLIENT);
            c = p->d->handshake(p->client);
        }
        if (s == BENCH_AGAIN) {
            heap_set_side(HEAP_SERVER);
            double t = server_clock(p);
            s = p->d->handshake(p->server);
            p->server_s += server_clock(p) - t;
        }
        heap_set_side(HEAP_NONE);
        if (c == BENCH_DONE && s == BENCH_DONE)
            return true;
        if (c == BENCH_FAIL || s == BENCH_FAIL)
            break;
    }
    why_pair(p, why, "handshake failed");
    return false;
}

static bool one_handshake(pair *p, void *session, char *why)
{
    bool ok = pair_open(p, session, why) && pair_handshake(p, why);
    pair_close(p);
    return ok;
}

/* Writes all of data from one end; the pipe holds a few full records, so
 * one write never has to wait for the reader. */
static bool pair_send(pair *p, bool from_client, const uint8_t *data, size_t len, char *why)
{
    heap_set_side(from_client ? HEAP_CLIENT : HEAP_SERVER);
    size_t sent = 0;
    for (int tries = 0; sent < len && tries < 16; tries++) {
        long n = p->d->write(from_client ? p->client : p->server, data + sent, len - sent);
        if (n < 0)
            break;
        sent += (size_t)n;
    }
    heap_set_side(HEAP_NONE);
    if (sent < len)
        why_pair(p, why, "write failed");
    return sent == len;
}

static bool pair_recv(pair *p, bool at_client, uint8_t *buf, size_t len, char *why)
{
    heap_set_side(at_client ? HEAP_CLIENT : HEAP_SERVER);
    size_t got = 0;
    for (int tries = 0; got < len && tries < 16; tries++) {
        long n = p->d->read(at_client ? p->client : p->server, buf + got, len - got);
        if (n < 0)
            break;
        got += (size_t)n;
    }
    heap_set_side(HEAP_NONE);
    if (got < len)
        why_pair(p, why, "read failed");
    return got == len;
}

bool bench_full_handshakes(const bench_driver *d, void *ctx, double seconds, bench_hs_figures *out,
                           char *why)
{
    pair *p = pair_new(d, ctx);
    bool ok = one_handshake(p, NULL, why);
    long n = 0;
    double cpu0 = bench_cpu_now();
    while (ok) {
        ok = one_handshake(p, NULL, why);
        n++;
        if (bench_cpu_now() - cpu0 >= seconds)
            break;
    }
    out->rate = (double)n / (bench_cpu_now() - cpu0);

    /* Then a quarter as long with the server's share timed. */
    p->time_server = true;
    n = 0;
    cpu0 = bench_cpu_now();
    while (ok) {
        ok = one_handshake(p, NULL, why);
        n++;
        if (bench_cpu_now() - cpu0 >= seconds / 4)
            break;
    }
    out->server_us = p->server_s / (double)n * 1e6;
    free(p);
    return ok;
}

bool bench_count_handshakes(const bench_driver *d, void *ctx, long n, char *why)
{
    pair *p = pair_new(d, ctx);
    bool ok = true;
    for (long i = 0; ok && i < n; i++)
        ok = one_handshake(p, NULL, why);
    free(p);
    return ok;
}

/* Walks the records a peer sent up to its ChangeCipherSpec: the bytes of
 * handshake messages they carry (in *msgs_out when it is not NULL), and
 * whether one is a Certificate. */
static size_t plain_handshake(const uint8_t *buf, size_t len, bool *has_certificate,
                              const uint8_t **msgs_out)
{
    static uint8_t msgs[16384];
    size_t msgs_len = 0;
    for (size_t off = 0; off + 5 <= len;) {
        size_t rec_len = (size_t)buf[off + 3] << 8 | buf[off + 4];
        if (buf[off] == CT_CHANGE_CIPHER_SPEC || off + 5 + rec_len > len)
            break;
        if (buf[off] == CT_HANDSHAKE && msgs_len + rec_len <= sizeof(msgs)) {
            memcpy(msgs + msgs_len, buf + off + 5, rec_len);
            msgs_len += rec_len;
        }
        off += 5 + rec_len;
    }
    *has_certificate = false;
    for (size_t off = 0; off + 4 <= msgs_len;) {
        *has_certificate |= msgs[off] == HS_CERTIFICATE;
        off += 4 + ((size_t)msgs[off + 1] << 16 | (size_t)msgs[off + 2] << 8 | msgs[off + 3]);
    }
    if (msgs_out != NULL)
        *msgs_out = msgs;
    return msgs_len;
}

/* Whether the first message of msgs is a ServerHello with extension ext;
 * every length is checked against the bytes there are. */
static bool server_hello_has(const uint8_t *msgs, size_t len, unsigned ext)
{
    if (len < 4 || msgs[0] != HS_SERVER_HELLO)
        return false;
    size_t end = 4 + ((size_t)msgs[1] << 16 | (size_t)msgs[2] << 8 | msgs[3]);
    /* legacy_version and random, then legacy_session_id_echo. */
    size_t off = 4 + 2 + 32;
    if (end > len || off + 1 > end)
        return false;
    off += 1 + msgs[off] + 2 + 1; /* the session ID, cipher_suite, compression */
    if (off + 2 > end)
        return false;
    size_t exts_end = off + 2 + ((size_t)msgs[off] << 8 | msgs[off + 1]);
    if (exts_end > end)
        return false;
    for (off += 2; off + 4 <= exts_end;) {
        unsigned type = (unsigned)msgs[off] << 8 | msgs[off + 1];
        if (type == ext)
            return true;
        off += 4 + ((size_t)msgs[off + 2] << 8 | msgs[off + 3]);
    }
    return false;
}

/* Why the flight of a handshake offered a session shows no resumption,
 * or NULL. TLS 1.2: the server sent its certificate. TLS 1.3 (a
 * ServerHello with supported_versions), whose certificate would be
 * encrypted: no pre_shared_key in the ServerHello, or no key_share
 * there, which means psk_ke rather than psk_dhe_ke (RFC 8446 4.2.9). */
static const char *not_resumed(const uint8_t *flight, size_t len)
{
    bool certificate;
    const uint8_t *msgs;
    size_t msgs_len = plain_handshake(flight, len, &certificate, &msgs);
    if (certificate)
        return "the server did not resume: it sent its certificate";
    if (!server_hello_has(msgs, msgs_len, EXT_SUPPORTED_VERSIONS))
        return NULL;
    if (!server_hello_has(msgs, msgs_len, EXT_PRE_SHARED_KEY))
        return "the server did not resume: no pre_shared_key in its ServerHello";
    if (!server_hello_has(msgs, msgs_len, EXT_KEY_SHARE))
        return "the server resumed without a key share (psk_ke, not psk_dhe_ke)";
    return NULL;
}

static void tap(bench_pipe *pipe, uint8_t *buf, size_t cap)
{
    pipe->tap = buf;
    pipe->tap_len = 0;
    pipe->tap_cap = cap;
}

bool bench_resumed_handshakes(const bench_driver *d, void *ctx, double seconds, double *rate,
                              char *why)
{
    pair *p = pair_new(d, ctx);
    void *session = NULL;
    bool ok = pair_open(p, NULL, why) && pair_handshake(p, why);
    /* RFC 8446 4.6.1: a TLS 1.3 server sends its tickets after the
     * handshake; the client takes them in its first read, which finds no
     * data. */
    uint8_t none;
    if (ok && d->read(p->client, &none, 1) != 0) {
        why_pair(p, why, "reading the tickets failed");
        ok = false;
    }
    if (ok) {
        session = d->session_get(p->client);
        if (session == NULL) {
            snprintf(why, BENCH_NOTE_CAP, "the client kept no session to resume");
            ok = false;
        }
    }
    pair_close(p);

    static uint8_t flight[16384];
    tap(&p->s2c, flight, sizeof(flight));
    ok = ok && one_handshake(p, session, why);
    p->s2c.tap = NULL;
    const char *fresh = ok ? not_resumed(flight, p->s2c.tap_len) : NULL;
    if (fresh != NULL) {
        snprintf(why, BENCH_NOTE_CAP, "%s", fresh);
        ok = false;
    }

    long n = 0;
    double cpu0 = bench_cpu_now();
    while (ok) {
        ok = one_handshake(p, session, why);
        n++;
        if (bench_cpu_now() - cpu0 >= seconds)
            break;
    }
    *rate = (double)n / (bench_cpu_now() - cpu0);
    if (session != NULL)
        d->session_free(session);
    free(p);
    return ok;
}

bool bench_transcript_len(const bench_driver *d, void *ctx, size_t *len, char *why)
{
    pair *p = pair_new(d, ctx);
    static uint8_t flights[2][16384];
    tap(&p->c2s, flights[0], sizeof(flights[0]));
    tap(&p->s2c, flights[1], sizeof(flights[1]));
    bool ok = one_handshake(p, NULL, why);
    bool certificate;
    *len = plain_handshake(flights[0], p->c2s.tap_len, &certificate, NULL) +
           plain_handshake(flights[1], p->s2c.tap_len, &certificate, NULL) + 2 * FINISHED_LEN;
    free(p);
    return ok;
}

bool bench_bulk(const bench_driver *d, void *ctx, double seconds, double *mbps, char *why)
{
    pair *p = pair_new(d, ctx);
    static uint8_t data[BENCH_WRITE_SIZE], got[BENCH_WRITE_SIZE];
    memset(data, 0x5a, sizeof(data));
    bool ok = pair_open(p, NULL, why) && pair_handshake(p, why) &&
              pair_send(p, true, data, sizeof(data), why) &&
              pair_recv(p, false, got, sizeof(got), why);
    long n = 0;
    double cpu0 = bench_cpu_now();
    while (ok) {
        for (int i = 0; ok && i < 16; i++, n++) {
            ok = pair_send(p, true, data, sizeof(data), why) &&
                 pair_recv(p, false, got, sizeof(got), why);
        }
        if (bench_cpu_now() - cpu0 >= seconds)
            break;
    }
    *mbps = (double)n * BENCH_WRITE_SIZE / (bench_cpu_now() - cpu0) / 1e6;
    pair_close(p);
    free(p);
    return ok;
}

/* A full record each way, both in flight before either is read. */
static bool exchange(pair *p, const uint8_t *data, uint8_t *got, char *why)
{
    return pair_send(p, true, data, BENCH_WRITE_SIZE, why) &&
           pair_send(p, false, data, BENCH_WRITE_SIZE, why) &&
           pair_recv(p, false, got, BENCH_WRITE_SIZE, why) &&
           pair_recv(p, true, got, BENCH_WRITE_SIZE, why);
}

bool bench_heap(const bench_driver *d, void *ctx, bench_heap_figures *out, char *why)
{
    pair *p = pair_new(d, ctx);
    static uint8_t data[BENCH_WRITE_SIZE], got[BENCH_WRITE_SIZE];
    memset(data, 0xa5, sizeof(data));
    /* Once through first, so one-time library set-up is not charged to
     * the connection measured. */
    bool ok = pair_open(p, NULL, why) && pair_handshake(p, why) && exchange(p, data, got, why);
    pair_close(p);

    heap_arm();
    ok = ok && pair_open(p, NULL, why) && pair_handshake(p, why);
    for (int side = 0; side < 2; side++) {
        out->handshake[side] = heap_peak(side);
        out->allocs[side] = heap_calls(side);
    }
    heap_reset_peak();
    ok = ok && exchange(p, data, got, why);
    for (int side = 0; side < 2; side++)
        out->records[side] = heap_peak(side);
    for (int side = 0; side < 2; side++)
        out->idle_no_call[side] = heap_live(side);
    if (p->d->idle != NULL) {
        p->d->idle(p->client);
        p->d->idle(p->server);
    }
    for (int side = 0; side < 2; side++)
        out->idle[side] = heap_live(side);
    pair_close(p);
    heap_disarm();
    free(p);
    if (ok && !heap_ok()) {
        snprintf(why, BENCH_NOTE_CAP, "too many live allocations to count");
        ok = false;
    }
    return ok;
}

typedef struct thread_run {
    const bench_driver *d;
    void *ctx;
    double seconds;
    long handshakes;
    double wall;
    bool ok;
    char why[BENCH_NOTE_CAP];
} thread_run;

static void *thread_main(void *arg)
{
    thread_run *t = arg;
    pair *p = pair_new(t->d, t->ctx);
    double wall0 = wall_now();
    t->ok = true;
    while (t->ok) {
        t->ok = one_handshake(p, NULL, t->why);
        t->handshakes++;
        if (wall_now() - wall0 >= t->seconds)
            break;
    }
    t->wall = wall_now() - wall0;
    free(p);
    return NULL;
}

bool bench_threads(const bench_driver *d, void *ctx, double seconds, double *scaling, char *why)
{
    thread_run one = {.d = d, .ctx = ctx, .seconds = seconds};
    thread_main(&one);
    thread_run two[2] = {{.d = d, .ctx = ctx, .seconds = seconds},
                         {.d = d, .ctx = ctx, .seconds = seconds}};
    pthread_t id[2];
    bool ok = one.ok;
    for (int i = 0; ok && i < 2; i++) {
        if (pthread_create(&id[i], NULL, thread_main, &two[i]) != 0)
            abort();
    }
    for (int i = 0; ok && i < 2; i++)
        pthread_join(id[i], NULL);
    const thread_run *bad = !one.ok ? &one : !two[0].ok ? &two[0] : !two[1].ok ? &two[1] : NULL;
    if (bad != NULL) {
        snprintf(why, BENCH_NOTE_CAP, "%s", bad->why);
        return false;
    }
    double wall = two[0].wall > two[1].wall ? two[0].wall : two[1].wall;
    *scaling = ((double)(two[0].handshakes + two[1].handshakes) / wall) /
               ((double)one.handshakes / one.wall);
    return true;
}
