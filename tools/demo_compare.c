/*
 * latch demo --compare: the same handshake in TLS 1.2 and in TLS 1.3,
 * side by side. A client and a server run in memory, through the public
 * sans-IO calls, once per version; each run counts the round trips
 * before the client may send data, the handshake messages that crossed
 * the wire in the clear and encrypted (from the trace's message and
 * record events, matched by their lengths), and the time taken. With
 * --format mermaid each handshake is drawn as it runs, a sequence diagram
 * of its own with its own round trips, and the table goes to stderr.
 * Uses only the public API.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "demo.h"
#include "trace_render.h"

enum { MSGS_MAX = 32, RECS_MAX = 32, NAMES_CAP = 512 };

/* One direction's handshake messages and records, as the client traced
 * them. */
typedef struct flow {
    size_t msg_len[MSGS_MAX];
    const char *msg_name[MSGS_MAX];
    size_t msgs;
    size_t rec_len[RECS_MAX];
    bool rec_protected[RECS_MAX];
    size_t recs;
} flow;

typedef struct run_facts {
    flow dir[2]; /* 0: from the server, 1: from the client */
    bool lost;   /* more messages or records than kept */
    int round_trips;
    double ms;
    trace_render *render; /* mermaid: the diagram being drawn; else NULL */
    char clear[NAMES_CAP];
    char encrypted[NAMES_CAP];
    size_t clear_count, encrypted_count;
} run_facts;

static void on_event(const latch_trace_event *ev, void *arg)
{
    run_facts *f = arg;
    if (f->render != NULL)
        trace_render_event(ev, f->render);
    flow *d = &f->dir[ev->outgoing ? 1 : 0];
    if (ev->kind == LATCH_TRACE_MESSAGE && ev->handshake_type >= 0) {
        if (d->msgs == MSGS_MAX) {
            f->lost = true;
            return;
        }
        d->msg_len[d->msgs] = ev->length;
        d->msg_name[d->msgs++] = ev->name;
    } else if (ev->kind == LATCH_TRACE_RECORD && ev->content_type == 22) {
        if (d->recs == RECS_MAX) {
            f->lost = true;
            return;
        }
        d->rec_len[d->recs] = ev->length;
        d->rec_protected[d->recs++] = ev->protected_record != 0;
    }
}

static void add_name(char *list, size_t cap, const char *name)
{
    size_t n = strlen(list);
    snprintf(list + n, cap - n, "%s%s", n > 0 ? ", " : "", name);
}

/* Each message went the way the record holding its first byte went. */
static void classify(run_facts *f)
{
    for (int who = 1; who >= 0; who--) {
        const flow *d = &f->dir[who];
        size_t offset = 0, rec = 0, rec_start = 0;
        for (size_t m = 0; m < d->msgs; m++) {
            while (rec < d->recs && offset >= rec_start + d->rec_len[rec])
                rec_start += d->rec_len[rec++];
            bool enc = rec < d->recs && d->rec_protected[rec];
            add_name(enc ? f->encrypted : f->clear, NAMES_CAP, d->msg_name[m]);
            *(enc ? &f->encrypted_count : &f->clear_count) += 1;
            offset += d->msg_len[m];
        }
    }
}

/* Moves what one side has to send to the other; true when bytes moved. */
static bool deliver(latch_conn *from, latch_conn *to)
{
    size_t len = 0;
    const uint8_t *out = latch_conn_output(from, &len);
    if (len == 0)
        return false;
    size_t taken = latch_conn_feed(to, out, len);
    latch_conn_output_done(from, taken);
    return taken > 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One handshake in `version`, drawn on render unless it is NULL; false
 * with a message on failure. */
static bool run_version(const demo_certs *certs, int version, trace_render *render, run_facts *f)
{
    memset(f, 0, sizeof(*f));
    f->render = render;
    latch_config *scfg = demo_server_config(&certs->leaf);
    latch_config *ccfg = latch_config_new(LATCH_CLIENT);
    latch_conn *client = NULL, *server = NULL;
    bool ok = scfg != NULL && ccfg != NULL &&
              latch_config_add_ca_mem(ccfg, (const uint8_t *)certs->ca.cert_pem,
                                      certs->ca.cert_len) == LATCH_OK &&
              latch_config_set_tickets(ccfg, 0) == LATCH_OK &&
              latch_config_set_versions(ccfg, version, version) == LATCH_OK &&
              latch_config_set_trace(ccfg, on_event, f, 0) == LATCH_OK &&
              (client = latch_conn_new(ccfg, "localhost")) != NULL &&
              (server = latch_conn_new(scfg, NULL)) != NULL;
    double start = now_ms();
    /* The client waits for the server's flights: each is a round trip. */
    for (int steps = 0; ok && !latch_conn_handshake_done(client) && steps < 64; steps++) {
        latch_err ce = latch_conn_handshake(client);
        ok = ce == LATCH_OK || ce == LATCH_WANT_READ || ce == LATCH_WANT_WRITE;
        (void)deliver(client, server);
        if (!ok || latch_conn_handshake_done(client))
            break;
        latch_err se = latch_conn_handshake(server);
        ok = se == LATCH_OK || se == LATCH_WANT_READ || se == LATCH_WANT_WRITE;
        if (ok && deliver(server, client))
            f->round_trips++;
    }
    f->ms = now_ms() - start;
    ok = ok && latch_conn_handshake_done(client) && !f->lost;
    if (!ok)
        tool_error("the TLS 1.%d handshake failed: %s", version == LATCH_TLS1_3 ? 3 : 2,
                   client != NULL ? latch_conn_error(client) : latch_config_error(ccfg));
    else
        classify(f);
    latch_conn_free(client);
    latch_conn_free(server);
    latch_config_free(ccfg);
    latch_config_free(scfg);
    return ok;
}

/* With mermaid, a diagram headed by a comment naming the version. */
static bool run_drawn(const demo_certs *certs, int version, bool mermaid, run_facts *f)
{
    trace_render *r = NULL;
    if (mermaid) {
        printf("%s%%%% TLS 1.%d, full handshake\n", version == LATCH_TLS1_2 ? "" : "\n",
               version == LATCH_TLS1_3 ? 3 : 2);
        if ((r = trace_render_new(stdout, TRACE_MERMAID, LATCH_CLIENT, 0)) == NULL) {
            tool_error("out of memory");
            return false;
        }
    }
    bool ok = run_version(certs, version, r, f);
    trace_render_free(r);
    return ok;
}

int demo_compare(trace_format format)
{
    bool mermaid = format == TRACE_MERMAID;
    FILE *out = mermaid ? stderr : stdout;
    demo_certs certs;
    if (!demo_mint(&certs))
        return EXIT_FAILED;
    run_facts f12, f13;
    bool ok = run_drawn(&certs, LATCH_TLS1_2, mermaid, &f12) &&
              run_drawn(&certs, LATCH_TLS1_3, mermaid, &f13);
    demo_certs_free(&certs);
    if (!ok)
        return EXIT_FAILED;
    fprintf(out, "latch demo --compare: one full handshake in each version, client and server in\n"
                 "memory, the same certificate (ECDSA P-256) and group.\n\n");
    fprintf(out, "%-40s %10s %10s\n", "", "TLS 1.2", "TLS 1.3");
    fprintf(out, "%-40s %10d %10d\n", "round trips before the client sends data", f12.round_trips,
            f13.round_trips);
    fprintf(out, "%-40s %10zu %10zu\n", "handshake messages in the clear", f12.clear_count,
            f13.clear_count);
    fprintf(out, "%-40s %10zu %10zu\n", "handshake messages encrypted", f12.encrypted_count,
            f13.encrypted_count);
    fprintf(out, "%-40s %10.2f %10.2f\n", "time, ms (one run, both sides)", f12.ms, f13.ms);
    fprintf(out, "\nTLS 1.2 in the clear: %s\nTLS 1.2 encrypted: %s\n", f12.clear, f12.encrypted);
    fprintf(out, "TLS 1.3 in the clear: %s\nTLS 1.3 encrypted: %s\n", f13.clear, f13.encrypted);
    fprintf(out, "\nIn TLS 1.3 everything after ServerHello is encrypted, the certificate\n"
                 "included; an eavesdropper still sees the ClientHello, its SNI among it.\n");
    return EXIT_OK;
}
