/*
 * What an embedder asks of a connection beside driving it: making one
 * with the reason when that fails, what is buffered inside and which way
 * to poll (latch_conn_pending, latch_conn_wants), its user data, and the
 * peer's certificates decoded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/reader.h"
#include "tls/conn.h"
#include "tls/record.h"

latch_err latch_conn_create(latch_config *cfg, const char *server_name, latch_conn **out, char *why,
                            size_t why_cap)
{
    lt_error err;
    lt_error_clear(&err);
    latch_conn *c = NULL;
    size_t name_len = server_name != NULL ? strlen(server_name) : 0;
    if (cfg == NULL || out == NULL) {
        (void)LT_FAIL(&err, LATCH_ERR_USAGE,
                      "latch_conn_create needs a config and a place for the connection");
    } else if (name_len >= sizeof(c->sni_or_host)) {
        (void)LT_FAIL(&err, LATCH_ERR_USAGE,
                      "the server name is %zu bytes long; a DNS name has at most 253", name_len);
    } else if ((c = latch_conn_new(cfg, server_name)) == NULL) {
        (void)LT_FAIL(&err, LATCH_ERR_MEMORY, "out of memory for a connection");
    } else if (c->state == LT_ST_FAILED) {
        err = c->err;
        latch_conn_free(c);
        c = NULL;
    }
    if (out != NULL)
        *out = c;
    if (why != NULL && why_cap > 0)
        snprintf(why, why_cap, "%s", err.message);
    return err.code;
}

size_t latch_conn_pending(const latch_conn *c)
{
    return c == NULL ? 0 : c->app_len;
}

/* A whole record waits, unopened, in the input buffer. */
static bool whole_record_buffered(const latch_conn *c)
{
    if (c->in == NULL)
        return false;
    lt_reader r = lt_reader_make(c->in + c->in_start, c->in_len - c->in_start);
    uint16_t len;
    return lt_read_skip(&r, LT_RECORD_HEADER_LEN - 2) && lt_read_u16(&r, &len) &&
           lt_reader_left(&r) >= len;
}

int latch_conn_wants(const latch_conn *c)
{
    if (c == NULL)
        return 0;
    int wants = c->out.len > c->out_start ? LATCH_WANT_WRITE : 0;
    bool ended = c->state == LT_ST_FAILED || c->close_notify_received || c->input_eof;
    /* A handshake about to send (a client's first flight) goes on alone. */
    bool sends = c->state != LT_ST_DONE && !lt_state_reads(c->state);
    if (!ended && !sends && c->app_len == 0 && !whole_record_buffered(c))
        wants |= LATCH_WANT_READ;
    return wants;
}

void latch_conn_set_user_data(latch_conn *c, void *data)
{
    if (c != NULL)
        c->user_data = data;
}

void *latch_conn_get_user_data(const latch_conn *c)
{
    return c == NULL ? NULL : c->user_data;
}

/* Decoded on first use: the cache changes, what the caller sees does not
 * (a connection is used by one thread at a time). */
const latch_cert *latch_conn_peer_certificate(const latch_conn *c, size_t i)
{
    if (c == NULL || i >= c->peer_cert_count)
        return NULL;
    latch_conn *cache = (latch_conn *)c;
    if (cache->peer_cert_info == NULL)
        cache->peer_cert_info = calloc(LT_MAX_CERT_CHAIN, sizeof(*cache->peer_cert_info));
    if (cache->peer_cert_info == NULL)
        return NULL;
    if (cache->peer_cert_info[i] == NULL)
        cache->peer_cert_info[i] =
            latch_cert_parse_der(c->peer_certs[i], c->peer_cert_len[i], NULL, 0);
    return c->peer_cert_info[i];
}
