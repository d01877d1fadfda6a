/*
 * Record sizes agreed in the hellos, between two engines: record_size_limit
 * (RFC 8449) each way, max_fragment_length (RFC 6066 4) from the
 * ServerHello on, record_size_limit winning over max_fragment_length, the
 * alerts for a wrong answer or an oversized record, and the record
 * buffers: sized from the limits, and gone from an idle connection unless
 * pinned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tls/conn.h"

#define GCM_EXPANSION 24 /* explicit nonce and tag */
#define DATA_LEN 40000   /* several records at any limit */

/* The largest record fragment seen each way, and how many records. */
typedef struct sizes {
    size_t largest[2];
    size_t first_index[2]; /* records before this one are not counted */
} sizes;

static void note_size(int dir, size_t index, pair_record *rec, void *arg)
{
    sizes *s = arg;
    size_t frag = rec->len - 5;
    if (index >= s->first_index[dir] && frag > s->largest[dir])
        s->largest[dir] = frag;
}

static latch_config *server_cfg(void)
{
    return pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
}

static latch_config *client_cfg(unsigned rsl, unsigned mfl)
{
    latch_config *cfg = pair_client_config(true);
    CHECK(latch_config_set_ciphers(cfg, "ECDHE-ECDSA-AES128-GCM-SHA256") == LATCH_OK);
    CHECK(latch_config_set_record_size_limit(cfg, rsl) == LATCH_OK);
    CHECK(latch_config_set_max_fragment_length(cfg, mfl) == LATCH_OK);
    return cfg;
}

static uint8_t *pattern(size_t len)
{
    uint8_t *d = malloc(len);
    for (size_t i = 0; i < len; i++)
        d[i] = (uint8_t)(i * 7 + 3);
    return d;
}

/* A handshake, then DATA_LEN bytes each way; the largest fragments of
 * the protected records (after the handshake) each way. */
static bool run_traffic(latch_config *ccfg, latch_config *scfg, sizes *s, pair *p)
{
    pair_init(p, ccfg, scfg, "localhost");
    p->tamper = note_size;
    p->tamper_arg = s;
    if (!pair_handshake(p))
        return false;
    memset(s->largest, 0, sizeof(s->largest));
    s->first_index[0] = p->records[0];
    s->first_index[1] = p->records[1];
    uint8_t *d = pattern(DATA_LEN);
    bool ok = pair_transfer(p, true, d, DATA_LEN) && pair_transfer(p, false, d, DATA_LEN);
    free(d);
    return ok;
}

/* Client limit 4096, server none: the server writes records of at most
 * 4096 bytes, the client full ones; the server answers with 16384. */
static void client_limit_binds_server(void)
{
    latch_config *c = client_cfg(4096, 0), *s = server_cfg();
    sizes sz = {{0, 0}, {0, 0}};
    pair p;
    CHECK(run_traffic(c, s, &sz, &p));
    CHECK(sz.largest[PAIR_TO_CLIENT] == 4096 + GCM_EXPANSION);
    CHECK(sz.largest[PAIR_TO_SERVER] == 16384 + GCM_EXPANSION);
    CHECK(p.client->neg.limits.own == 4096 && p.client->neg.limits.peer == 16384);
    CHECK(p.server->neg.limits.own == 16384 && p.server->neg.limits.peer == 4096);
    CHECK(p.client->rl.read_max_plaintext == 4096 && p.server->rl.write_max_plaintext == 4096);
    pair_free(&p);
    latch_config_free(c);
    latch_config_free(s);
}

/* Both limit: 4096 from the client, 1024 from the server, each honoured
 * the other way; the read buffers are one record of the own limit. */
static void both_limits(void)
{
    latch_config *c = client_cfg(4096, 0), *s = server_cfg();
    CHECK(latch_config_set_record_size_limit(s, 1024) == LATCH_OK);
    sizes sz = {{0, 0}, {0, 0}};
    pair p;
    CHECK(run_traffic(c, s, &sz, &p));
    CHECK(sz.largest[PAIR_TO_CLIENT] == 4096 + GCM_EXPANSION);
    CHECK(sz.largest[PAIR_TO_SERVER] == 1024 + GCM_EXPANSION);
    size_t room = 0;
    CHECK(latch_conn_input_window(p.client, &room) != NULL && room == 5 + 4096 + GCM_EXPANSION);
    CHECK(latch_conn_input_window(p.server, &room) != NULL && room == 5 + 1024 + GCM_EXPANSION);
    pair_free(&p);
    latch_config_free(c);
    latch_config_free(s);
}

/* max_fragment_length binds both ways from the ServerHello on: every
 * record after the ClientHello, handshake ones included. */
static void max_fragment_length_each_size(void)
{
    const unsigned lengths[] = {512, 1024, 2048, 4096};
    for (size_t i = 0; i < 4; i++) {
        latch_config *c = client_cfg(0, lengths[i]), *s = server_cfg();
        sizes sz = {{0, 0}, {1, 0}};
        pair p;
        pair_init(&p, c, s, "localhost");
        p.tamper = note_size;
        p.tamper_arg = &sz;
        CHECK(pair_handshake(&p));
        /* The handshake's records: the server's certificate flight is
         * split to fit. */
        CHECK(sz.largest[PAIR_TO_CLIENT] <= lengths[i] + GCM_EXPANSION);
        CHECK(sz.largest[PAIR_TO_SERVER] <= lengths[i] + GCM_EXPANSION);
        uint8_t *d = pattern(DATA_LEN);
        CHECK(pair_transfer(&p, true, d, DATA_LEN) && pair_transfer(&p, false, d, DATA_LEN));
        free(d);
        CHECK(sz.largest[PAIR_TO_CLIENT] == lengths[i] + GCM_EXPANSION);
        CHECK(sz.largest[PAIR_TO_SERVER] == lengths[i] + GCM_EXPANSION);
        CHECK(p.server->neg.limits.mfl == i + 1 && p.client->neg.limits.mfl == i + 1);
        pair_free(&p);
        latch_config_free(c);
        latch_config_free(s);
    }
}

/* RFC 8449 5: offered both, the server answers record_size_limit only. */
static void record_size_limit_wins(void)
{
    latch_config *c = client_cfg(2048, 512), *s = server_cfg();
    sizes sz = {{0, 0}, {0, 0}};
    pair p;
    CHECK(run_traffic(c, s, &sz, &p));
    CHECK(p.server->neg.limits.mfl == 0 && p.client->neg.limits.mfl == 0);
    CHECK(sz.largest[PAIR_TO_CLIENT] == 2048 + GCM_EXPANSION);
    CHECK(sz.largest[PAIR_TO_SERVER] == 16384 + GCM_EXPANSION);
    pair_free(&p);
    latch_config_free(c);
    latch_config_free(s);
}

/* Rewrites the first occurrence of an extension's header and body in the
 * first record to the client (the ServerHello's). */
typedef struct ext_edit {
    uint8_t find[6];
    size_t find_len;
    uint8_t replace[6];
} ext_edit;

static void edit_server_hello(int dir, size_t index, pair_record *rec, void *arg)
{
    const ext_edit *e = arg;
    if (dir != PAIR_TO_CLIENT || index != 0)
        return;
    for (size_t i = 5; i + e->find_len <= rec->len; i++) {
        if (memcmp(rec->bytes + i, e->find, e->find_len) == 0) {
            memcpy(rec->bytes + i, e->replace, e->find_len);
            return;
        }
    }
}

static void client_fails_on(const ext_edit *e, unsigned rsl, unsigned mfl, const char *sentence)
{
    latch_config *c = client_cfg(rsl, mfl), *s = server_cfg();
    pair p;
    pair_init(&p, c, s, "localhost");
    p.tamper = edit_server_hello;
    p.tamper_arg = (void *)e;
    CHECK(!pair_handshake(&p));
    CHECK(p.client_result == LATCH_ERR_ILLEGAL_PARAMETER);
    if (strstr(latch_conn_error(p.client), sentence) == NULL) {
        check_fail(__FILE__, __LINE__, sentence);
        fprintf(stderr, "  got: %s\n", latch_conn_error(p.client));
    }
    /* The alert went out: the server heard illegal_parameter. */
    CHECK(latch_conn_peer_alert(p.server) == LATCH_ALERT_ILLEGAL_PARAMETER);
    pair_free(&p);
    latch_config_free(c);
    latch_config_free(s);
}

static void wrong_answers(void)
{
    /* max_fragment_length answered with 1024 to an offer of 512. */
    ext_edit mfl = {{0, 1, 0, 1, 1}, 5, {0, 1, 0, 1, 2}};
    client_fails_on(&mfl, 0, 512,
                    "answered max_fragment_length 1024 bytes; the client offered 512");
    /* A record_size_limit below 64 (RFC 8449 4). */
    ext_edit low = {{0, 28, 0, 2, 0x40, 0x00}, 6, {0, 28, 0, 2, 0, 63}};
    client_fails_on(&low, 0x4000, 0, "record_size_limit 63 is below the minimum of 64");
    /* A max_fragment_length value outside 1..4 (RFC 6066 4). */
    ext_edit five = {{0, 1, 0, 1, 1}, 5, {0, 1, 0, 1, 5}};
    client_fails_on(&five, 0, 512, "max_fragment_length value 5 is not 1 to 4");
}

/* A server answering both extensions is refused (RFC 8449 5). */
static void both_answers_refused(void)
{
    latch_config *c = client_cfg(1024, 512);
    latch_conn *conn = latch_conn_new(c, "localhost");
    lt_extensions sh;
    memset(&sh, 0, sizeof(sh));
    sh.record_size_limit.present = true;
    sh.record_size_limit.limit = 1024;
    sh.max_fragment_length.present = true;
    sh.max_fragment_length.value = 1;
    CHECK(!lt_limits_client_accept(conn, &sh));
    CHECK(conn->err.code == LATCH_ERR_ILLEGAL_PARAMETER);
    CHECK(strstr(conn->err.message, "both record_size_limit and max_fragment_length") != NULL);
    latch_conn_free(conn);
    latch_config_free(c);
}

/* A peer that writes past our limit gets record_overflow. */
static void oversized_record_refused(void)
{
    latch_config *c = client_cfg(4096, 0), *s = server_cfg();
    pair p;
    pair_init(&p, c, s, "localhost");
    CHECK(pair_handshake(&p));
    /* The server forgets the client's limit. */
    p.server->rl.write_max_plaintext = 16384;
    uint8_t *d = pattern(5000);
    size_t n;
    CHECK(latch_conn_write(p.server, d, 5000, &n) == LATCH_OK && n == 5000);
    pair_pump(&p);
    uint8_t buf[8192];
    CHECK(latch_conn_read(p.client, buf, sizeof(buf), &n) == LATCH_ERR_RECORD_OVERFLOW);
    CHECK(strstr(latch_conn_error(p.client), "exceeds the 4120-byte ciphertext limit") != NULL);
    pair_pump(&p);
    CHECK(latch_conn_read(p.server, buf, sizeof(buf), &n) == LATCH_ERR_ALERT_RECEIVED);
    CHECK(latch_conn_peer_alert(p.server) == LATCH_ALERT_RECORD_OVERFLOW);
    free(d);
    pair_free(&p);
    latch_config_free(c);
    latch_config_free(s);
}

static void setters(void)
{
    latch_config *c = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_set_record_size_limit(c, 63) == LATCH_ERR_CONFIG);
    CHECK(latch_config_set_record_size_limit(c, 16386) == LATCH_ERR_CONFIG);
    CHECK(latch_config_set_record_size_limit(c, 64) == LATCH_OK);
    CHECK(latch_config_set_record_size_limit(c, 16385) == LATCH_OK);
    CHECK(latch_config_set_record_size_limit(c, 0) == LATCH_OK);
    CHECK(latch_config_set_max_fragment_length(c, 1000) == LATCH_ERR_CONFIG);
    CHECK(latch_config_set_max_fragment_length(c, 8192) == LATCH_ERR_CONFIG);
    CHECK(latch_config_set_max_fragment_length(c, 2048) == LATCH_OK);
    latch_config *s = latch_config_new(LATCH_SERVER);
    CHECK(latch_config_set_max_fragment_length(s, 512) == LATCH_ERR_USAGE);
    latch_config_free(c);
    latch_config_free(s);
}

/* By default an idle connection holds no record buffer, with no call;
 * they come back with traffic. Pinned ones stay. */
static void idle_buffers(void)
{
    for (int pin = 0; pin < 2; pin++) {
        latch_config *c = client_cfg(0, 0), *s = server_cfg();
        CHECK(latch_config_set_pin_buffers(c, pin) == LATCH_OK);
        CHECK(latch_config_set_pin_buffers(s, pin) == LATCH_OK);
        sizes sz = {{0, 0}, {0, 0}};
        pair p;
        CHECK(run_traffic(c, s, &sz, &p));
        latch_conn *ends[2] = {p.client, p.server};
        for (int e = 0; e < 2; e++) {
            CHECK((ends[e]->in == NULL) == !pin);
            CHECK((ends[e]->out.data == NULL) == !pin);
            CHECK(ends[e]->hs == NULL);
        }
        /* Traffic again both ways, through buffers made on demand. */
        uint8_t *d = pattern(DATA_LEN);
        CHECK(pair_transfer(&p, true, d, DATA_LEN) && pair_transfer(&p, false, d, DATA_LEN));
        CHECK((p.server->in == NULL) == !pin && (p.client->out.data == NULL) == !pin);
        free(d);
        /* The explicit call still works on a pinned connection. */
        CHECK(latch_conn_release_buffers(p.client) == 1 && p.client->in == NULL);
        pair_free(&p);
        latch_config_free(c);
        latch_config_free(s);
    }
}

int main(void)
{
    client_limit_binds_server();
    both_limits();
    max_fragment_length_each_size();
    record_size_limit_wins();
    wrong_answers();
    both_answers_refused();
    oversized_record_refused();
    setters();
    idle_buffers();
    return check_finish("e2e/test_record_limits");
}
