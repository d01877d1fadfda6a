/*
 * The OpenSSL (libssl) driver: SSL objects whose BIO reads and writes the
 * bench pipes directly, so no memory BIO buffers sit between the library
 * and the transport.
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct ossl_ctx {
    SSL_CTX *client;
    SSL_CTX *server;
    BIO_METHOD *pipe_method;
} ossl_ctx;

static int pipe_bio_write(BIO *bio, const char *data, int len)
{
    bench_link *link = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    size_t n = bench_pipe_write(link->out, (const uint8_t *)data, (size_t)len);
    if (n == 0) {
        BIO_set_retry_write(bio);
        return -1;
    }
    return (int)n;
}

static int pipe_bio_read(BIO *bio, char *buf, int cap)
{
    bench_link *link = BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    size_t n = bench_pipe_read(link->in, (uint8_t *)buf, (size_t)cap);
    if (n == 0) {
        BIO_set_retry_read(bio);
        return -1;
    }
    return (int)n;
}

static long pipe_bio_ctrl(BIO *bio, int cmd, long num, void *ptr)
{
    (void)bio, (void)num, (void)ptr;
    return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

static int pipe_bio_create(BIO *bio)
{
    BIO_set_init(bio, 1);
    return 1;
}

static const char *cipher_list(const bench_params *p)
{
    if (p->cert == BENCH_CERT_ECDSA_P256)
        return p->cipher == BENCH_AES128_GCM ? "ECDHE-ECDSA-AES128-GCM-SHA256"
                                             : "ECDHE-ECDSA-CHACHA20-POLY1305";
    return p->cipher == BENCH_AES128_GCM ? "ECDHE-RSA-AES128-GCM-SHA256"
                                         : "ECDHE-RSA-CHACHA20-POLY1305";
}

/* ECDHE runs over X25519, the first group on both lists. P-256 is there
 * because OpenSSL requires, as RFC 4492 did, that the client list the
 * curve of the server's ECDSA key. */
static SSL_CTX *side_ctx(const bench_params *p, bool server)
{
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (ctx == NULL)
        return NULL;
    int version = p->tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
    bool ok = SSL_CTX_set_min_proto_version(ctx, version) &&
              SSL_CTX_set_max_proto_version(ctx, version) &&
              SSL_CTX_set_cipher_list(ctx, cipher_list(p)) &&
              SSL_CTX_set_ciphersuites(ctx, p->cipher == BENCH_AES128_GCM
                                                ? "TLS_AES_128_GCM_SHA256"
                                                : "TLS_CHACHA20_POLY1305_SHA256") &&
              SSL_CTX_set1_groups_list(ctx, "X25519:P-256");
    /* Resumption only by ticket, and only when measured: no session
     * cache on either side. */
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    if (!p->tickets)
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    if (server) {
        ok = ok && SSL_CTX_use_certificate_chain_file(ctx, p->chain) == 1 &&
             SSL_CTX_use_PrivateKey_file(ctx, p->key, SSL_FILETYPE_PEM) == 1 &&
             SSL_CTX_check_private_key(ctx) == 1;
    } else {
        ok = ok && SSL_CTX_load_verify_locations(ctx, p->ca, NULL) == 1;
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    }
    if (!ok) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static void ctx_free(void *ctx)
{
    ossl_ctx *x = ctx;
    SSL_CTX_free(x->client);
    SSL_CTX_free(x->server);
    BIO_meth_free(x->pipe_method);
    free(x);
}

static void *ctx_new(const bench_params *p, char *note)
{
    ossl_ctx *x = calloc(1, sizeof(*x));
    if (x == NULL)
        return NULL;
    x->client = side_ctx(p, false);
    x->server = side_ctx(p, true);
    x->pipe_method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "bench pipe");
    if (x->client == NULL || x->server == NULL || x->pipe_method == NULL ||
        !BIO_meth_set_write(x->pipe_method, pipe_bio_write) ||
        !BIO_meth_set_read(x->pipe_method, pipe_bio_read) ||
        !BIO_meth_set_ctrl(x->pipe_method, pipe_bio_ctrl) ||
        !BIO_meth_set_create(x->pipe_method, pipe_bio_create)) {
        snprintf(note, BENCH_NOTE_CAP, "OpenSSL: %s", ERR_reason_error_string(ERR_get_error()));
        ctx_free(x);
        return NULL;
    }
    return x;
}

static void *conn_new(void *ctx, bool server, bench_link *link, void *session)
{
    ossl_ctx *x = ctx;
    SSL *ssl = SSL_new(server ? x->server : x->client);
    BIO *bio = BIO_new(x->pipe_method);
    if (ssl == NULL || bio == NULL) {
        SSL_free(ssl);
        BIO_free(bio);
        return NULL;
    }
    BIO_set_data(bio, link);
    SSL_set_bio(ssl, bio, bio);
    if (server) {
        SSL_set_accept_state(ssl);
    } else {
        SSL_set_connect_state(ssl);
        if (!SSL_set_tlsext_host_name(ssl, "localhost") || !SSL_set1_host(ssl, "localhost") ||
            (session != NULL && !SSL_set_session(ssl, session))) {
            SSL_free(ssl);
            return NULL;
        }
    }
    return ssl;
}

/* The bench ends connections without close_notify; marking them shut
 * down keeps SSL_free from declaring the session unresumable. */
static void conn_free(void *conn)
{
    SSL_set_shutdown(conn, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_free(conn);
}

static bool retry(SSL *ssl, int r)
{
    int e = SSL_get_error(ssl, r);
    return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
}

static bench_step handshake(void *conn)
{
    int r = SSL_do_handshake(conn);
    if (r == 1)
        return BENCH_DONE;
    return retry(conn, r) ? BENCH_AGAIN : BENCH_FAIL;
}

static long conn_write(void *conn, const uint8_t *data, size_t len)
{
    size_t n;
    int r = SSL_write_ex(conn, data, len, &n);
    if (r == 1)
        return (long)n;
    return retry(conn, r) ? 0 : -1;
}

static long conn_read(void *conn, uint8_t *buf, size_t cap)
{
    size_t n;
    int r = SSL_read_ex(conn, buf, cap, &n);
    if (r == 1)
        return (long)n;
    return retry(conn, r) ? 0 : -1;
}

static const char *conn_error(void *conn)
{
    static char msg[256];
    long v = SSL_get_verify_result(conn);
    if (v != X509_V_OK)
        return X509_verify_cert_error_string(v);
    ERR_error_string_n(ERR_peek_last_error(), msg, sizeof(msg));
    return msg;
}

static void *session_get(void *conn)
{
    return SSL_get1_session(conn);
}

static void session_free(void *session)
{
    SSL_SESSION_free(session);
}

static const char *version(void)
{
    return OpenSSL_version(OPENSSL_VERSION_STRING);
}

const bench_driver bench_openssl = {
    .name = "OpenSSL",
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
