/* The connection's read side: application data read whole or in pieces
 * (straight into the caller's buffer when it holds the record), a
 * tampered record that leaves no plaintext there, and an input buffer
 * sized to the largest record the peer may send. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tls/record.h"

#define PLAIN_BYTE 0x5a
#define FILL_BYTE 0xee

typedef struct run {
    pair p;
    latch_config *client_cfg;
    latch_config *server_cfg;
} run;

/* A completed handshake between configs offering `ciphers`. */
static void run_start(run *r, const char *ciphers)
{
    r->server_cfg = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    r->client_cfg = pair_client_config(true);
    CHECK(latch_config_set_ciphers(r->server_cfg, ciphers) == LATCH_OK);
    CHECK(latch_config_set_ciphers(r->client_cfg, ciphers) == LATCH_OK);
    pair_init(&r->p, r->client_cfg, r->server_cfg, "localhost");
}

static void run_end(run *r)
{
    pair_free(&r->p);
    latch_config_free(r->client_cfg);
    latch_config_free(r->server_cfg);
}

/* Sends len PLAIN_BYTEs from the client, past the pair's MITM. */
static void client_send(run *r, size_t len)
{
    uint8_t *data = malloc(len);
    memset(data, PLAIN_BYTE, len);
    size_t sent = 0;
    while (sent < len) {
        size_t n = 0;
        CHECK(latch_conn_write(r->p.client, data + sent, len - sent, &n) == LATCH_OK);
        sent += n;
        pair_pump(&r->p);
    }
    pair_pump(&r->p);
    free(data);
}

/* Reads on the server, pumping while it waits for bytes. */
static latch_err server_read(run *r, uint8_t *buf, size_t cap, size_t *got)
{
    latch_err e = LATCH_WANT_READ;
    for (int i = 0; i < 8 && e == LATCH_WANT_READ; i++) {
        e = latch_conn_read(r->p.server, buf, cap, got);
        pair_pump(&r->p);
    }
    return e;
}

/* Whole records into a big buffer, then a record read in small pieces:
 * the same bytes either way. */
static void test_read_whole_and_in_pieces(const char *ciphers)
{
    run r;
    run_start(&r, ciphers);
    CHECK(pair_handshake(&r.p));
    const size_t len = 3 * LT_RECORD_MAX_PLAINTEXT + 7;
    client_send(&r, len);
    uint8_t *buf = malloc(LT_RECORD_MAX_PLAINTEXT);
    size_t total = 0, got = 0;
    for (int i = 0; i < 2; i++) {
        memset(buf, FILL_BYTE, LT_RECORD_MAX_PLAINTEXT);
        CHECK(server_read(&r, buf, LT_RECORD_MAX_PLAINTEXT, &got) == LATCH_OK);
        CHECK(got == LT_RECORD_MAX_PLAINTEXT);
        CHECK(memchr(buf, FILL_BYTE, got) == NULL);
        total += got;
    }
    while (total < len) {
        uint8_t piece[1000];
        memset(piece, FILL_BYTE, sizeof(piece));
        if (server_read(&r, piece, sizeof(piece), &got) != LATCH_OK || got == 0)
            break;
        CHECK(got <= sizeof(piece) && memchr(piece, FILL_BYTE, got) == NULL);
        total += got;
    }
    CHECK(total == len);
    CHECK(server_read(&r, buf, LT_RECORD_MAX_PLAINTEXT, &got) == LATCH_WANT_READ);
    free(buf);
    run_end(&r);
}

static void flip_tag(int dir, size_t index, pair_record *rec, void *arg)
{
    (void)index;
    (void)arg;
    if (dir == PAIR_TO_SERVER && rec->bytes[0] == 23)
        rec->bytes[rec->len - 1] ^= 0x01;
}

/* A bad tag: the read fails, and the caller's buffer, big enough for the
 * record to be decrypted into it, holds none of the plaintext. */
static void test_bad_tag_leaves_no_plaintext(const char *ciphers)
{
    run r;
    run_start(&r, ciphers);
    CHECK(pair_handshake(&r.p));
    r.p.tamper = flip_tag;
    client_send(&r, 5000);
    uint8_t buf[8192];
    memset(buf, FILL_BYTE, sizeof(buf));
    size_t got = 1;
    CHECK(latch_conn_read(r.p.server, buf, sizeof(buf), &got) == LATCH_ERR_BAD_RECORD_MAC);
    CHECK(got == 0);
    CHECK(memchr(buf, PLAIN_BYTE, sizeof(buf)) == NULL);
    run_end(&r);
}

/* The input window at creation is the largest record the config's
 * suites allow; after the handshake and a release, the negotiated one's. */
static void test_input_buffer_size(void)
{
    const struct {
        const char *ciphers;
        size_t at_start, negotiated;
    } cases[] = {
        {"ECDHE-ECDSA-AES128-GCM-SHA256", 5 + 16384 + 24, 5 + 16384 + 24},
        {"ECDHE-ECDSA-CHACHA20-POLY1305", 5 + 16384 + 16, 5 + 16384 + 16},
        {"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA", 5 + 16384 + 320, 5 + 16384 + 24},
        {"ECDHE-ECDSA-AES128-SHA", 5 + 16384 + 320, 5 + 16384 + 320},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run r;
        run_start(&r, cases[i].ciphers);
        size_t room = 0;
        CHECK(latch_conn_input_window(r.p.server, &room) != NULL);
        CHECK(room == cases[i].at_start);
        CHECK(pair_handshake(&r.p));
        CHECK(latch_conn_release_buffers(r.p.server) == 1);
        CHECK(latch_conn_input_window(r.p.server, &room) != NULL);
        CHECK(room == cases[i].negotiated);
        /* A full record still goes through the smaller buffer. */
        client_send(&r, LT_RECORD_MAX_PLAINTEXT);
        uint8_t *buf = malloc(LT_RECORD_MAX_PLAINTEXT);
        size_t got = 0;
        CHECK(server_read(&r, buf, LT_RECORD_MAX_PLAINTEXT, &got) == LATCH_OK);
        CHECK(got == LT_RECORD_MAX_PLAINTEXT);
        free(buf);
        run_end(&r);
    }
}

int main(void)
{
    const char *suites[] = {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305",
                            "ECDHE-ECDSA-AES128-SHA"};
    for (size_t i = 0; i < 3; i++) {
        test_read_whole_and_in_pieces(suites[i]);
        test_bad_tag_leaves_no_plaintext(suites[i]);
    }
    test_input_buffer_size();
    return check_finish("test_conn_read");
}
