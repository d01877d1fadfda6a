/*
 * The GnuTLS driver: sessions whose push and pull functions are the bench
 * pipes.
 */
#include <errno.h>
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct gtls_ctx {
    gnutls_certificate_credentials_t client_cred;
    gnutls_certificate_credentials_t server_cred;
    gnutls_priority_t priority;
    gnutls_datum_t ticket_key;
    bool tickets;
} gtls_ctx;

typedef struct gtls_end {
    gnutls_session_t session;
    bench_link *link;
    int last;
} gtls_end;

static ssize_t push(gnutls_transport_ptr_t ptr, const void *data, size_t len)
{
    gtls_end *e = ptr;
    size_t n = bench_pipe_write(e->link->out, data, len);
    if (n == 0) {
        gnutls_transport_set_errno(e->session, EAGAIN);
        return -1;
    }
    return (ssize_t)n;
}

static ssize_t pull(gnutls_transport_ptr_t ptr, void *buf, size_t cap)
{
    gtls_end *e = ptr;
    size_t n = bench_pipe_read(e->link->in, buf, cap);
    if (n == 0) {
        gnutls_transport_set_errno(e->session, EAGAIN);
        return -1;
    }
    return (ssize_t)n;
}

static int pull_timeout(gnutls_transport_ptr_t ptr, unsigned int ms)
{
    (void)ms;
    gtls_end *e = ptr;
    size_t len;
    bench_pipe_peek(e->link->in, &len);
    return len > 0;
}

static void ctx_free(void *ctx)
{
    gtls_ctx *x = ctx;
    if (x->client_cred != NULL)
        gnutls_certificate_free_credentials(x->client_cred);
    if (x->server_cred != NULL)
        gnutls_certificate_free_credentials(x->server_cred);
    if (x->priority != NULL)
        gnutls_priority_deinit(x->priority);
    if (x->ticket_key.data != NULL)
        gnutls_free(x->ticket_key.data);
    free(x);
}

static void *ctx_new(const bench_params *p, char *note)
{
    gtls_ctx *x = calloc(1, sizeof(*x));
    if (x == NULL)
        return NULL;
    char prio[256];
    snprintf(prio, sizeof(prio),
             "NONE:+VERS-TLS1.%c:+%s:+AEAD:+%s:+GROUP-X25519:+SIGN-ALL:+COMP-NULL:+CTYPE-X509",
             p->tls13 ? '3' : '2',
             p->cipher == BENCH_AES128_GCM ? "AES-128-GCM" : "CHACHA20-POLY1305",
             p->cert == BENCH_CERT_ECDSA_P256 ? "ECDHE-ECDSA" : "ECDHE-RSA");
    x->tickets = p->tickets;
    int r = gnutls_certificate_allocate_credentials(&x->client_cred);
    if (r >= 0)
        r = gnutls_certificate_allocate_credentials(&x->server_cred);
    if (r >= 0)
        r = gnutls_certificate_set_x509_trust_file(x->client_cred, p->ca, GNUTLS_X509_FMT_PEM);
    if (r >= 0)
        r = gnutls_certificate_set_x509_key_file(x->server_cred, p->chain, p->key,
                                                 GNUTLS_X509_FMT_PEM);
    if (r >= 0)
        r = gnutls_priority_init(&x->priority, prio, NULL);
    if (r >= 0 && p->tickets)
        r = gnutls_session_ticket_key_generate(&x->ticket_key);
    if (r < 0) {
        snprintf(note, BENCH_NOTE_CAP, "GnuTLS: %s", gnutls_strerror(r));
        ctx_free(x);
        return NULL;
    }
    return x;
}

static void conn_free(void *conn)
{
    gtls_end *e = conn;
    gnutls_deinit(e->session);
    free(e);
}

static void *conn_new(void *ctx, bool server, bench_link *link, void *session)
{
    gtls_ctx *x = ctx;
    gtls_end *e = calloc(1, sizeof(*e));
    if (e == NULL)
        return NULL;
    e->link = link;
    unsigned flags = (server ? GNUTLS_SERVER : GNUTLS_CLIENT) | GNUTLS_NONBLOCK;
    if (!x->tickets)
        flags |= GNUTLS_NO_TICKETS;
    int r = gnutls_init(&e->session, flags);
    if (r < 0) {
        free(e);
        return NULL;
    }
    r = gnutls_priority_set(e->session, x->priority);
    if (r >= 0)
        r = gnutls_credentials_set(e->session, GNUTLS_CRD_CERTIFICATE,
                                   server ? x->server_cred : x->client_cred);
    if (r >= 0 && server && x->tickets)
        r = gnutls_session_ticket_enable_server(e->session, &x->ticket_key);
    if (r >= 0 && !server) {
        r = gnutls_server_name_set(e->session, GNUTLS_NAME_DNS, "localhost", 9);
        gnutls_session_set_verify_cert(e->session, "localhost", 0);
    }
    if (r >= 0 && session != NULL) {
        const gnutls_datum_t *d = session;
        r = gnutls_session_set_data(e->session, d->data, d->size);
    }
    if (r < 0) {
        conn_free(e);
        return NULL;
    }
    gnutls_transport_set_ptr(e->session, e);
    gnutls_transport_set_push_function(e->session, push);
    gnutls_transport_set_pull_function(e->session, pull);
    gnutls_transport_set_pull_timeout_function(e->session, pull_timeout);
    return e;
}

static bench_step handshake(void *conn)
{
    gtls_end *e = conn;
    e->last = gnutls_handshake(e->session);
    if (e->last == 0)
        return BENCH_DONE;
    return gnutls_error_is_fatal(e->last) ? BENCH_FAIL : BENCH_AGAIN;
}

static long conn_write(void *conn, const uint8_t *data, size_t len)
{
    gtls_end *e = conn;
    ssize_t r = gnutls_record_send(e->session, data, len);
    e->last = r < 0 ? (int)r : 0;
    if (r > 0)
        return (long)r;
    return r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED ? 0 : -1;
}

static long conn_read(void *conn, uint8_t *buf, size_t cap)
{
    gtls_end *e = conn;
    ssize_t r = gnutls_record_recv(e->session, buf, cap);
    e->last = r < 0 ? (int)r : 0;
    if (r > 0)
        return (long)r;
    return r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED ? 0 : -1;
}

static const char *conn_error(void *conn)
{
    gtls_end *e = conn;
    return e->last == 0 ? "connection closed" : gnutls_strerror(e->last);
}

static void *session_get(void *conn)
{
    gtls_end *e = conn;
    gnutls_datum_t *d = malloc(sizeof(*d));
    if (d != NULL && gnutls_session_get_data2(e->session, d) < 0) {
        free(d);
        return NULL;
    }
    return d;
}

static void session_free(void *session)
{
    gnutls_datum_t *d = session;
    gnutls_free(d->data);
    free(d);
}

static const char *version(void)
{
    return gnutls_check_version(NULL);
}

const bench_driver bench_gnutls = {
    .name = "GnuTLS",
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
};
