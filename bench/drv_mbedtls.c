/*
 * The mbedTLS driver: contexts whose bio callbacks are the bench pipes.
 * Written for the 2.28 LTS API (Debian's libmbedtls-dev).
 */
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_ticket.h>
#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

typedef struct mbed_ctx {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt ca;
    mbedtls_x509_crt chain;
    mbedtls_pk_context key;
    mbedtls_ssl_ticket_context ticket;
    mbedtls_ssl_config client;
    mbedtls_ssl_config server;
    int suites[2];
} mbed_ctx;

typedef struct mbed_end {
    mbedtls_ssl_context ssl;
    int last;
} mbed_end;

/* The server's certificate key is P-256, so the client must accept that
 * curve for signatures; X25519 comes first and is what ECDHE uses. */
static const mbedtls_ecp_group_id curves[] = {MBEDTLS_ECP_DP_CURVE25519, MBEDTLS_ECP_DP_SECP256R1,
                                              MBEDTLS_ECP_DP_NONE};

static int send_cb(void *ptr, const unsigned char *data, size_t len)
{
    bench_link *link = ptr;
    size_t n = bench_pipe_write(link->out, data, len);
    return n == 0 ? MBEDTLS_ERR_SSL_WANT_WRITE : (int)n;
}

static int recv_cb(void *ptr, unsigned char *buf, size_t cap)
{
    bench_link *link = ptr;
    size_t n = bench_pipe_read(link->in, buf, cap);
    return n == 0 ? MBEDTLS_ERR_SSL_WANT_READ : (int)n;
}

static int suite_id(const bench_params *p)
{
    if (p->cert == BENCH_CERT_ECDSA_P256)
        return p->cipher == BENCH_AES128_GCM
                   ? MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
                   : MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;
    return p->cipher == BENCH_AES128_GCM ? MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                                         : MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
}

static int side_config(mbed_ctx *x, mbedtls_ssl_config *conf, int endpoint, bool tickets)
{
    int r = mbedtls_ssl_config_defaults(conf, endpoint, MBEDTLS_SSL_TRANSPORT_STREAM,
                                        MBEDTLS_SSL_PRESET_DEFAULT);
    if (r != 0)
        return r;
    mbedtls_ssl_conf_rng(conf, mbedtls_ctr_drbg_random, &x->drbg);
    mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_max_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_ciphersuites(conf, x->suites);
    mbedtls_ssl_conf_curves(conf, curves);
    if (endpoint == MBEDTLS_SSL_IS_SERVER) {
        r = mbedtls_ssl_conf_own_cert(conf, &x->chain, &x->key);
        if (r == 0 && tickets)
            mbedtls_ssl_conf_session_tickets_cb(conf, mbedtls_ssl_ticket_write,
                                                mbedtls_ssl_ticket_parse, &x->ticket);
    } else {
        mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(conf, &x->ca, NULL);
        mbedtls_ssl_conf_session_tickets(conf, tickets ? MBEDTLS_SSL_SESSION_TICKETS_ENABLED
                                                       : MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
    }
    return r;
}

static void ctx_free(void *ctx)
{
    mbed_ctx *x = ctx;
    mbedtls_ssl_config_free(&x->client);
    mbedtls_ssl_config_free(&x->server);
    mbedtls_ssl_ticket_free(&x->ticket);
    mbedtls_pk_free(&x->key);
    mbedtls_x509_crt_free(&x->chain);
    mbedtls_x509_crt_free(&x->ca);
    mbedtls_ctr_drbg_free(&x->drbg);
    mbedtls_entropy_free(&x->entropy);
    free(x);
}

static void *ctx_new(const bench_params *p, char *note)
{
    mbed_ctx *x = calloc(1, sizeof(*x));
    if (x == NULL)
        return NULL;
    mbedtls_entropy_init(&x->entropy);
    mbedtls_ctr_drbg_init(&x->drbg);
    mbedtls_x509_crt_init(&x->ca);
    mbedtls_x509_crt_init(&x->chain);
    mbedtls_pk_init(&x->key);
    mbedtls_ssl_ticket_init(&x->ticket);
    mbedtls_ssl_config_init(&x->client);
    mbedtls_ssl_config_init(&x->server);
    x->suites[0] = suite_id(p);
    int r = mbedtls_ctr_drbg_seed(&x->drbg, mbedtls_entropy_func, &x->entropy, NULL, 0);
    if (r == 0)
        r = mbedtls_x509_crt_parse_file(&x->ca, p->ca);
    if (r == 0)
        r = mbedtls_x509_crt_parse_file(&x->chain, p->chain);
    if (r == 0)
        r = mbedtls_pk_parse_keyfile(&x->key, p->key, NULL);
    if (r == 0 && p->tickets)
        r = mbedtls_ssl_ticket_setup(&x->ticket, mbedtls_ctr_drbg_random, &x->drbg,
                                     MBEDTLS_CIPHER_AES_256_GCM, 86400);
    if (r == 0)
        r = side_config(x, &x->client, MBEDTLS_SSL_IS_CLIENT, p->tickets);
    if (r == 0)
        r = side_config(x, &x->server, MBEDTLS_SSL_IS_SERVER, p->tickets);
    if (r != 0) {
        char msg[100];
        mbedtls_strerror(r, msg, sizeof(msg));
        snprintf(note, BENCH_NOTE_CAP, "mbedTLS: %s", msg);
        ctx_free(x);
        return NULL;
    }
    return x;
}

static void conn_free(void *conn)
{
    mbed_end *e = conn;
    mbedtls_ssl_free(&e->ssl);
    free(e);
}

static void *conn_new(void *ctx, bool server, bench_link *link, void *session)
{
    mbed_ctx *x = ctx;
    mbed_end *e = calloc(1, sizeof(*e));
    if (e == NULL)
        return NULL;
    mbedtls_ssl_init(&e->ssl);
    int r = mbedtls_ssl_setup(&e->ssl, server ? &x->server : &x->client);
    if (r == 0 && !server)
        r = mbedtls_ssl_set_hostname(&e->ssl, "localhost");
    if (r == 0 && session != NULL)
        r = mbedtls_ssl_set_session(&e->ssl, session);
    if (r != 0) {
        conn_free(e);
        return NULL;
    }
    mbedtls_ssl_set_bio(&e->ssl, link, send_cb, recv_cb, NULL);
    return e;
}

static bool retry(int r)
{
    return r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE;
}

static bench_step handshake(void *conn)
{
    mbed_end *e = conn;
    e->last = mbedtls_ssl_handshake(&e->ssl);
    if (e->last == 0)
        return BENCH_DONE;
    return retry(e->last) ? BENCH_AGAIN : BENCH_FAIL;
}

static long conn_write(void *conn, const uint8_t *data, size_t len)
{
    mbed_end *e = conn;
    e->last = mbedtls_ssl_write(&e->ssl, data, len);
    if (e->last > 0)
        return e->last;
    return retry(e->last) ? 0 : -1;
}

static long conn_read(void *conn, uint8_t *buf, size_t cap)
{
    mbed_end *e = conn;
    e->last = mbedtls_ssl_read(&e->ssl, buf, cap);
    if (e->last > 0)
        return e->last;
    return retry(e->last) ? 0 : -1;
}

static const char *conn_error(void *conn)
{
    static char msg[160];
    mbed_end *e = conn;
    uint32_t flags = mbedtls_ssl_get_verify_result(&e->ssl);
    if (e->last == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED && flags != 0) {
        mbedtls_x509_crt_verify_info(msg, sizeof(msg), "", flags);
        return msg;
    }
    mbedtls_strerror(e->last, msg, sizeof(msg));
    return msg;
}

static void *session_get(void *conn)
{
    mbed_end *e = conn;
    mbedtls_ssl_session *s = malloc(sizeof(*s));
    if (s == NULL)
        return NULL;
    mbedtls_ssl_session_init(s);
    if (mbedtls_ssl_get_session(&e->ssl, s) != 0) {
        mbedtls_ssl_session_free(s);
        free(s);
        return NULL;
    }
    return s;
}

static void session_free(void *session)
{
    mbedtls_ssl_session_free(session);
    free(session);
}

static const char *version(void)
{
    static char v[18];
    mbedtls_version_get_string(v);
    return v;
}

const bench_driver bench_mbedtls = {
    .name = "mbedTLS",
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
    .no_tls13 = "no TLS 1.3 in mbedTLS 2.28",
};
