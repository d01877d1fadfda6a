#include "pair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

latch_config *pair_server_config(const char *chain, const char *key)
{
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    char chain_path[4096];
    snprintf(chain_path, sizeof(chain_path), "%s", check_data_path(chain));
    if (latch_config_add_cert_key_file(cfg, chain_path, check_data_path(key)) != LATCH_OK) {
        fprintf(stderr, "server config: %s\n", latch_config_error(cfg));
        abort();
    }
    return cfg;
}

latch_config *pair_client_config(bool insecure)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    if (insecure && latch_config_insecure_noverify(cfg) != LATCH_OK)
        abort();
    /* The in-process tests of TLS 1.2 behaviour talk TLS 1.2; the TLS 1.3
     * ones set their range (latch_config_set_versions). */
    if (latch_config_set_versions(cfg, LATCH_TLS1_2, LATCH_TLS1_2) != LATCH_OK)
        abort();
    return cfg;
}

void pair_init(pair *p, latch_config *client_cfg, latch_config *server_cfg, const char *sni)
{
    memset(p, 0, sizeof(*p));
    p->client = latch_conn_new(client_cfg, sni);
    p->server = latch_conn_new(server_cfg, NULL);
    if (p->client == NULL || p->server == NULL)
        abort();
    p->client_result = p->server_result = LATCH_WANT_READ;
}

void pair_free(pair *p)
{
    latch_conn_free(p->client);
    latch_conn_free(p->server);
    for (int i = 0; i < 2; i++) {
        free(p->held[i]);
        free(p->ready[i]);
    }
}

static void append(uint8_t **buf, size_t *len, const uint8_t *data, size_t n)
{
    *buf = realloc(*buf, *len + n + 1);
    if (*buf == NULL)
        abort();
    memcpy(*buf + *len, data, n);
    *len += n;
}

/* Takes the sender's output, passes each whole record through the MITM,
 * and delivers what the receiver has room for. True if anything moved. */
static bool move(pair *p, int dir)
{
    latch_conn *from = dir == PAIR_TO_SERVER ? p->client : p->server;
    latch_conn *to = dir == PAIR_TO_SERVER ? p->server : p->client;
    bool moved = false;
    size_t len;
    const uint8_t *out = latch_conn_output(from, &len);
    if (len > 0) {
        append(&p->held[dir], &p->held_len[dir], out, len);
        latch_conn_output_done(from, len);
        moved = true;
    }

    size_t off = 0;
    while (p->held_len[dir] - off >= 5) {
        const uint8_t *h = p->held[dir] + off;
        size_t rec_len = 5 + ((size_t)h[3] << 8 | h[4]);
        if (p->held_len[dir] - off < rec_len)
            break;
        pair_record rec;
        rec.cap = rec_len + 1024;
        rec.bytes = malloc(rec.cap);
        memcpy(rec.bytes, h, rec_len);
        rec.len = rec_len;
        rec.drop = false;
        if (p->tamper != NULL)
            p->tamper(dir, p->records[dir], &rec, p->tamper_arg);
        p->records[dir]++;
        if (!rec.drop)
            append(&p->ready[dir], &p->ready_len[dir], rec.bytes, rec.len);
        free(rec.bytes);
        off += rec_len;
    }
    if (off > 0) {
        memmove(p->held[dir], p->held[dir] + off, p->held_len[dir] - off);
        p->held_len[dir] -= off;
    }

    size_t n = p->ready_len[dir];
    if (p->chunk > 0 && n > p->chunk)
        n = p->chunk;
    size_t took = n == 0 ? 0 : latch_conn_feed(to, p->ready[dir], n);
    if (took > 0) {
        memmove(p->ready[dir], p->ready[dir] + took, p->ready_len[dir] - took);
        p->ready_len[dir] -= took;
        moved = true;
    }
    return moved;
}

void pair_pump(pair *p)
{
    bool a = move(p, PAIR_TO_SERVER);
    bool b = move(p, PAIR_TO_CLIENT);
    (void)(a || b);
}

static bool settled(latch_err e)
{
    return e != LATCH_WANT_READ && e != LATCH_WANT_WRITE;
}

bool pair_handshake(pair *p)
{
    for (int round = 0; round < 100000; round++) {
        if (!settled(p->client_result))
            p->client_result = latch_conn_handshake(p->client);
        if (!settled(p->server_result))
            p->server_result = latch_conn_handshake(p->server);
        size_t a, b;
        latch_conn_output(p->client, &a);
        latch_conn_output(p->server, &b);
        bool quiet = a == 0 && b == 0 && p->ready_len[0] == 0 && p->ready_len[1] == 0;
        if (settled(p->client_result) && settled(p->server_result) && quiet)
            break;
        pair_pump(p);
    }
    return p->client_result == LATCH_OK && p->server_result == LATCH_OK;
}

bool pair_transfer(pair *p, bool client_to_server, const uint8_t *data, size_t len)
{
    latch_conn *from = client_to_server ? p->client : p->server;
    latch_conn *to = client_to_server ? p->server : p->client;
    uint8_t *got = malloc(len + 1);
    size_t sent = 0, received = 0;
    bool ok = true;
    for (int spins = 0; ok && received < len && spins < 1000000; spins++) {
        if (sent < len) {
            size_t n;
            latch_err e = latch_conn_write(from, data + sent, len - sent, &n);
            if (e != LATCH_OK && e != LATCH_WANT_WRITE)
                ok = false;
            sent += n;
        }
        pair_pump(p);
        for (;;) {
            size_t n;
            latch_err e = latch_conn_read(to, got + received, len - received, &n);
            if (e == LATCH_WANT_READ || (e == LATCH_OK && received + n == len)) {
                received += n;
                break;
            }
            if (e != LATCH_OK) {
                ok = false;
                break;
            }
            received += n;
        }
    }
    ok = ok && received == len && memcmp(got, data, len) == 0;
    free(got);
    return ok;
}
