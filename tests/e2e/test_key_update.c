/*
 * TLS 1.3 KeyUpdate between two latch engines (src/tls/key_update.c,
 * RFC 8446 4.6.3): each side moving its keys, a request answered (once
 * for several), data flowing after each, a flood refused with an alert,
 * a KeyUpdate that does not end its record refused, and the updates the limits of RFC 8446 5.5 make
 * by themselves.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tls/conn.h"
#include "tls/msg13.h"
#include "tls/record13.h"

static latch_config *client_cfg, *server_cfg;

static void start(pair *p)
{
    pair_init(p, client_cfg, server_cfg, "localhost");
    CHECK(pair_handshake(p));
    CHECK(latch_conn_version(p->client) != NULL &&
          strcmp(latch_conn_version(p->client), "TLSv1.3") == 0);
}

static void exchange(pair *p, const char *what)
{
    char up[64], down[64];
    snprintf(up, sizeof(up), "client to server, %s", what);
    snprintf(down, sizeof(down), "server to client, %s", what);
    CHECK(pair_transfer(p, true, (const uint8_t *)up, strlen(up)));
    CHECK(pair_transfer(p, false, (const uint8_t *)down, strlen(down)));
}

/* Reads on one side until nothing more comes; returns the last result. */
static latch_err drain(latch_conn *c)
{
    uint8_t buf[256];
    size_t got;
    latch_err e;
    while ((e = latch_conn_read(c, buf, sizeof(buf), &got)) == LATCH_OK)
        ;
    return e;
}

static void test_each_side(void)
{
    pair p;
    start(&p);
    exchange(&p, "before");

    /* The client moves its write keys; the server's reads follow. */
    CHECK(latch_conn_key_update(p.client, 0) == LATCH_OK);
    CHECK(p.client->ku.write_generation == 1 && p.client->rl.write.seq == 0);
    exchange(&p, "after the client's update");
    CHECK(p.server->ku.read_generation == 1);
    /* Not asked: the server's own keys stay. */
    CHECK(p.server->ku.write_generation == 0 && p.client->ku.read_generation == 0);

    /* The server moves its keys and asks the client to move its own. */
    CHECK(latch_conn_key_update(p.server, 1) == LATCH_OK);
    pair_pump(&p);
    CHECK(drain(p.client) == LATCH_WANT_READ);
    CHECK(p.client->ku.read_generation == 1);
    CHECK(p.client->ku.write_generation == 2); /* the answer */
    exchange(&p, "after the server's request");
    CHECK(p.server->ku.read_generation == 2);
    pair_free(&p);
}

/* Several requests while the answering side sends no data: one answer
 * (RFC 8446 4.6.3), and the next request after data gets its own. */
static void test_one_answer(void)
{
    pair p;
    start(&p);
    for (int i = 0; i < 3; i++)
        CHECK(latch_conn_key_update(p.client, 1) == LATCH_OK);
    pair_pump(&p);
    CHECK(drain(p.server) == LATCH_WANT_READ);
    CHECK(p.server->ku.read_generation == 3);
    CHECK(p.server->ku.write_generation == 1);
    exchange(&p, "after three requests");

    CHECK(latch_conn_key_update(p.client, 1) == LATCH_OK);
    pair_pump(&p);
    CHECK(drain(p.server) == LATCH_WANT_READ);
    CHECK(p.server->ku.write_generation == 2);
    exchange(&p, "after a fourth");
    pair_free(&p);
}

/* More than LT_KEY_UPDATE_MAX_IN_A_ROW KeyUpdates without data between
 * them: refused, with an alert and a sentence. As many with data between
 * every few are fine. */
static void test_flood(void)
{
    pair p;
    start(&p);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < LT_KEY_UPDATE_MAX_IN_A_ROW; i++)
            CHECK(latch_conn_key_update(p.client, 0) == LATCH_OK);
        exchange(&p, "between bursts");
    }
    CHECK(p.server->ku.read_generation == 3 * LT_KEY_UPDATE_MAX_IN_A_ROW);
    pair_free(&p);

    start(&p);
    for (int i = 0; i <= LT_KEY_UPDATE_MAX_IN_A_ROW; i++)
        CHECK(latch_conn_key_update(p.client, 0) == LATCH_OK);
    pair_pump(&p);
    CHECK(drain(p.server) == LATCH_ERR_UNEXPECTED_MESSAGE);
    CHECK(strstr(latch_conn_error(p.server), "17 KeyUpdates with no application data") != NULL);
    CHECK(strstr(latch_conn_error(p.server), "flood") != NULL);
    pair_pump(&p);
    CHECK(drain(p.client) == LATCH_ERR_ALERT_RECEIVED);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_UNEXPECTED_MESSAGE);
    pair_free(&p);
}

/* RFC 8446 5.1: a KeyUpdate precedes a key change, so it must end its
 * record; what follows it in the same record was protected under the old
 * key. A record of two KeyUpdates is unexpected_message, and neither is
 * taken. */
static void test_record_boundary(void)
{
    pair p;
    start(&p);
    uint8_t msgs[16];
    lt_writer w;
    lt_writer_init_fixed(&w, msgs, sizeof(msgs));
    lt_key_update_write(LT_KEY_UPDATE_NOT_REQUESTED, &w);
    lt_key_update_write(LT_KEY_UPDATE_NOT_REQUESTED, &w);
    CHECK(lt_writer_ok(&w));
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_record_seal(&p.client->rl, LT_CT_HANDSHAKE, msgs, w.len, &p.client->out, &err));
    pair_pump(&p);
    CHECK(drain(p.server) == LATCH_ERR_UNEXPECTED_MESSAGE);
    CHECK(strstr(latch_conn_error(p.server), "KeyUpdate does not end its record") != NULL);
    CHECK(p.server->ku.read_generation == 0);
    pair_pump(&p);
    CHECK(drain(p.client) == LATCH_ERR_ALERT_RECEIVED);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_UNEXPECTED_MESSAGE);
    pair_free(&p);
}

/* RFC 8446 5.5: at 2^24 records under one AES-GCM key the writer updates
 * by itself, and a reader whose peer's key got there asks for one. The
 * counts are set near the limit, as if that many records had passed. */
static void test_limits(void)
{
    pair p;
    start(&p);
    CHECK(strcmp(latch_conn_cipher(p.client), "TLS_AES_128_GCM_SHA256") == 0);
    p.client->rl.write.seq = p.server->rl.read.seq = LT_RECORD13_GCM_UPDATE_AT;
    exchange(&p, "at the write limit");
    CHECK(p.client->ku.write_generation == 1 && p.server->ku.read_generation == 1);
    CHECK(p.client->rl.write.seq == 1);

    p.server->rl.write.seq = p.client->rl.read.seq = LT_RECORD13_GCM_UPDATE_AT - 1;
    /* The client reads the record that reaches the limit and asks... */
    exchange(&p, "reaching the read limit");
    CHECK(p.client->ku.write_generation == 2);
    CHECK(lt_record_needs_key_update(&p.client->rl, LT_RECORD_READ));
    /* ...the server takes the request with the client's next data and
     * answers before its own. */
    exchange(&p, "after both updates");
    CHECK(p.server->ku.read_generation == 2);
    CHECK(p.server->ku.write_generation == 1);
    CHECK(p.client->ku.read_generation == 1);
    CHECK(!lt_record_needs_key_update(&p.client->rl, LT_RECORD_READ));
    pair_free(&p);
}

static void test_usage(void)
{
    CHECK(latch_conn_key_update(NULL, 0) == LATCH_ERR_USAGE);
    latch_config *client12 = pair_client_config(true);
    latch_config *server12 = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    pair p;
    pair_init(&p, client12, server12, "localhost");
    CHECK(latch_conn_key_update(p.client, 0) == LATCH_ERR_USAGE); /* before the handshake */
    CHECK(pair_handshake(&p));
    CHECK(strcmp(latch_conn_version(p.client), "TLSv1.2") == 0);
    CHECK(latch_conn_key_update(p.client, 0) == LATCH_ERR_USAGE);
    pair_free(&p);
    latch_config_free(client12);
    latch_config_free(server12);

    start(&p);
    CHECK(latch_conn_close(p.client) == LATCH_OK);
    CHECK(latch_conn_key_update(p.client, 0) == LATCH_ERR_USAGE);
    pair_free(&p);
}

int main(void)
{
    client_cfg = pair_client_config(true);
    server_cfg = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_set_versions(client_cfg, LATCH_TLS1_3, LATCH_TLS1_3) == LATCH_OK);
    CHECK(latch_config_set_versions(server_cfg, LATCH_TLS1_3, LATCH_TLS1_3) == LATCH_OK);
    test_each_side();
    test_one_answer();
    test_flood();
    test_record_boundary();
    test_limits();
    test_usage();
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
    return check_finish("key_update");
}
