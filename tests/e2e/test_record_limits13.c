/*
 * record_size_limit (RFC 8449 4) in TLS 1.3, between two engines: the
 * server answers in EncryptedExtensions, not in the ServerHello; the
 * limit counts the inner content type and padding, so a limit of L lets
 * a record carry L - 1 bytes of content and L bytes of TLSInnerPlaintext
 * at most, padding included; it binds the protected handshake records
 * too. And the record buffers of an idle TLS 1.3 connection are released
 * as TLS 1.2's are.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tls/conn.h"
#include "tls/msg.h"

#define TAG_LEN 16     /* TLS 1.3 adds the AEAD tag, and the type inside */
#define DATA_LEN 40000 /* several records at any limit */

/* What the man-in-the-middle saw. */
typedef struct seen {
    size_t largest[2];     /* the largest protected fragment each way */
    bool sh_has_rsl;       /* the ServerHello carried record_size_limit */
    bool sh_parsed;        /* the ServerHello parsed */
    size_t server_records; /* protected records to the client */
} seen;

static void watch(int dir, size_t index, pair_record *rec, void *arg)
{
    seen *s = arg;
    uint8_t type = rec->bytes[0];
    size_t frag = rec->len - 5;
    if (dir == PAIR_TO_CLIENT && index == 0 && type == 22) {
        lt_server_hello sh;
        lt_error err;
        lt_error_clear(&err);
        s->sh_parsed = lt_server_hello_parse(rec->bytes + 9, frag - 4, &sh, &err);
        s->sh_has_rsl = s->sh_parsed && sh.ext.record_size_limit.present;
    }
    /* Only protected records (outer type application_data) count. */
    if (type != 23)
        return;
    if (dir == PAIR_TO_CLIENT)
        s->server_records++;
    if (frag > s->largest[dir])
        s->largest[dir] = frag;
}

static latch_config *server_cfg(unsigned rsl, size_t padding)
{
    latch_config *cfg = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_set_record_size_limit(cfg, rsl) == LATCH_OK);
    CHECK(latch_config_set_record_padding(cfg, padding) == LATCH_OK);
    return cfg;
}

static latch_config *client_cfg(unsigned rsl, size_t padding)
{
    latch_config *cfg = pair_client_config(true);
    CHECK(latch_config_set_versions(cfg, LATCH_TLS1_3, LATCH_TLS1_3) == LATCH_OK);
    CHECK(latch_config_set_record_size_limit(cfg, rsl) == LATCH_OK);
    CHECK(latch_config_set_record_padding(cfg, padding) == LATCH_OK);
    return cfg;
}

/* A TLS 1.3 run: the two configs, the pair, what the man in the middle
 * saw. */
typedef struct run {
    latch_config *c, *s;
    pair p;
    seen sn;
} run;

/* A handshake with these limits and paddings (client's, then the
 * server's), then DATA_LEN bytes each way. */
static bool run_traffic(run *r, unsigned crsl, size_t cpad, unsigned srsl, size_t spad)
{
    r->c = client_cfg(crsl, cpad);
    r->s = server_cfg(srsl, spad);
    memset(&r->sn, 0, sizeof(r->sn));
    pair_init(&r->p, r->c, r->s, "localhost");
    r->p.tamper = watch;
    r->p.tamper_arg = &r->sn;
    if (!pair_handshake(&r->p))
        return false;
    uint8_t *d = malloc(DATA_LEN);
    for (size_t i = 0; i < DATA_LEN; i++)
        d[i] = (uint8_t)(i * 7 + 3);
    bool ok = pair_transfer(&r->p, true, d, DATA_LEN) && pair_transfer(&r->p, false, d, DATA_LEN);
    free(d);
    return ok;
}

static void run_free(run *r)
{
    pair_free(&r->p);
    latch_config_free(r->c);
    latch_config_free(r->s);
}

/* Client 512, server 1024: every protected record toward each side, the
 * server's Certificate included, holds at most that side's limit of
 * inner plaintext; full records fill it exactly (content L - 1). */
static void both_limits(void)
{
    run r;
    CHECK(run_traffic(&r, 512, 0, 1024, 0));
    const latch_conn *cl = r.p.client, *sv = r.p.server;
    CHECK(cl->neg.version == 0x0304);
    CHECK(r.sn.largest[PAIR_TO_CLIENT] == 512 + TAG_LEN);
    CHECK(r.sn.largest[PAIR_TO_SERVER] == 1024 + TAG_LEN);
    CHECK(cl->neg.limits.own == 512 && cl->neg.limits.peer == 1024);
    CHECK(sv->neg.limits.own == 1024 && sv->neg.limits.peer == 512);
    CHECK(cl->rl.read_max_plaintext == 511 && sv->rl.write_max_plaintext == 511);
    CHECK(sv->rl.read_max_plaintext == 1023 && cl->rl.write_max_plaintext == 1023);
    /* The answer went in EncryptedExtensions, not in the ServerHello. */
    CHECK(r.sn.sh_parsed && !r.sn.sh_has_rsl);
    run_free(&r);
}

/* With padding to 4096 and peer limits of 512 and 600 the padding stops
 * at the limit: the type byte and the padding count in it (RFC 8449 4). */
static void padding_counts(void)
{
    run r;
    CHECK(run_traffic(&r, 512, 4096, 600, 4096));
    CHECK(r.sn.largest[PAIR_TO_CLIENT] == 512 + TAG_LEN);
    CHECK(r.sn.largest[PAIR_TO_SERVER] == 600 + TAG_LEN);
    run_free(&r);
}

/* No limit from the client: the server answers none, and full records
 * of 2^14 content go both ways (inner plaintext 2^14 + 1). The largest
 * value, 2^14 + 1, means the same. */
static void no_limit_and_largest(void)
{
    const unsigned client_limits[2] = {0, 16385};
    for (int i = 0; i < 2; i++) {
        run r;
        CHECK(run_traffic(&r, client_limits[i], 0, i == 0 ? 1024 : 0, 0));
        CHECK(r.p.server->neg.limits.peer == client_limits[i]);
        CHECK(r.p.client->neg.limits.peer == (i == 0 ? 0 : 16385));
        CHECK(r.sn.largest[PAIR_TO_CLIENT] == 16385 + TAG_LEN);
        CHECK(r.sn.largest[PAIR_TO_SERVER] == 16385 + TAG_LEN);
        run_free(&r);
    }
}

/* A server that forgets the client's limit gets record_overflow. */
static void oversized_record_refused(void)
{
    latch_config *c = client_cfg(512, 0), *s = server_cfg(0, 0);
    pair p;
    pair_init(&p, c, s, "localhost");
    CHECK(pair_handshake(&p));
    p.server->rl.write_max_plaintext = 16384;
    p.server->rl.write.u.tls13.max_inner = 16385;
    uint8_t d[2000];
    memset(d, 'x', sizeof(d));
    size_t n;
    CHECK(latch_conn_write(p.server, d, sizeof(d), &n) == LATCH_OK && n == sizeof(d));
    pair_pump(&p);
    uint8_t buf[4096];
    CHECK(latch_conn_read(p.client, buf, sizeof(buf), &n) == LATCH_ERR_RECORD_OVERFLOW);
    CHECK(strstr(latch_conn_error(p.client), "exceeds the 528-byte ciphertext limit") != NULL);
    pair_free(&p);
    latch_config_free(c);
    latch_config_free(s);
}

/* By default an idle TLS 1.3 connection holds no record buffer; they
 * come back with traffic, KeyUpdate included, and go again. */
static void idle_buffers(void)
{
    run r;
    CHECK(run_traffic(&r, 0, 0, 0, 0));
    latch_conn *ends[2] = {r.p.client, r.p.server};
    for (int e = 0; e < 2; e++) {
        CHECK(ends[e]->neg.version == 0x0304);
        CHECK(ends[e]->in == NULL && ends[e]->out.data == NULL && ends[e]->hs == NULL);
    }
    CHECK(latch_conn_key_update(r.p.client, 1) == LATCH_OK);
    const uint8_t d[64] = {1};
    CHECK(pair_transfer(&r.p, true, d, sizeof(d)) && pair_transfer(&r.p, false, d, sizeof(d)));
    /* Both directions moved to new keys: the server answered the request. */
    CHECK(r.p.client->ku.write_generation == 1 && r.p.server->ku.read_generation == 1);
    CHECK(r.p.server->ku.write_generation == 1 && r.p.client->ku.read_generation == 1);
    for (int e = 0; e < 2; e++)
        CHECK(ends[e]->in == NULL && ends[e]->out.data == NULL);
    run_free(&r);
}

int main(void)
{
    both_limits();
    padding_counts();
    no_limit_and_largest();
    oversized_record_refused();
    idle_buffers();
    return check_finish("e2e/test_record_limits13");
}
