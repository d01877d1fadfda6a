/*
 * The man-in-the-middle of test_tamper.c against TLS 1.3 (RFC 8446): a
 * changed ClientHello, a substituted key share, a removed suite, a
 * forged Finished, and a downgrade to TLS 1.2 with the sentinel (the
 * server could do 1.3) and without it (a TLS 1.2 server, where the
 * Finished of TLS 1.2 catches the change). Each must end the handshake
 * with the alert RFC 8446 names, and no application data may flow.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "pair.h"

typedef struct edit {
    int direction;
    size_t index; /* which record of that direction */
    /* Bytes to find in the record and what to put there (same length). */
    const uint8_t *find;
    const uint8_t *put;
    size_t len;
    size_t at; /* or, when find is NULL, flip the bit at this offset (0: the last byte) */
    bool done;
} edit;

static void apply(int direction, size_t index, pair_record *rec, void *arg)
{
    edit *e = arg;
    if (direction != e->direction || index != e->index || e->done)
        return;
    if (e->find == NULL) {
        rec->bytes[e->at != 0 ? e->at : rec->len - 1] ^= 0x01;
        e->done = true;
        return;
    }
    uint8_t *p = memmem(rec->bytes, rec->len, e->find, e->len);
    if (p != NULL) {
        memcpy(p, e->put, e->len);
        e->done = true;
    }
}

typedef struct outcome {
    latch_err client;
    latch_err server;
    char client_error[256];
} outcome;

/* A handshake between a client offering TLS 1.2 and 1.3 and a server
 * speaking up to server_max, through the edit. */
static outcome run(edit *e, int server_max)
{
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_versions(client, LATCH_TLS1_2, LATCH_TLS1_3) == LATCH_OK);
    CHECK(latch_config_set_versions(server, LATCH_TLS1_2, server_max) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    p.tamper = apply;
    p.tamper_arg = e;
    bool done = pair_handshake(&p);
    CHECK(!done);
    CHECK(e->done);
    outcome o = {latch_conn_error_code(p.client), latch_conn_error_code(p.server), ""};
    snprintf(o.client_error, sizeof(o.client_error), "%s", latch_conn_error(p.client));
    /* Nothing reaches the application on either side. */
    uint8_t buf[16];
    size_t got = 0;
    CHECK(latch_conn_read(p.client, buf, sizeof(buf), &got) != LATCH_OK && got == 0);
    CHECK(latch_conn_read(p.server, buf, sizeof(buf), &got) != LATCH_OK && got == 0);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
    return o;
}

/* supported_versions (43) as latch's client sends it: TLS 1.3, TLS 1.2. */
static const uint8_t versions_13_12[] = {0x00, 0x2b, 0x00, 0x05, 0x04, 0x03, 0x04, 0x03, 0x03};
static const uint8_t versions_12_only[] = {0x00, 0x2b, 0x00, 0x05, 0x04, 0x0a, 0x0a, 0x03, 0x03};

/* A changed ClientHello (a bit of its random): the handshake traffic
 * keys come from the transcript (RFC 8446 7.1), so the server's are not
 * the client's and its first encrypted record fails to open. */
static void test_changed_client_hello(void)
{
    edit e = {PAIR_TO_SERVER, 0, NULL, NULL, 0, 5 + 4 + 2 + 7, false};
    outcome o = run(&e, LATCH_TLS1_3);
    CHECK(o.client == LATCH_ERR_BAD_RECORD_MAC);
    CHECK(strstr(o.client_error, "failed authentication") != NULL);
}

/* The client's x25519 share replaced with the MITM's (the base point,
 * u = 9): the server's keys are not the client's, so the first
 * encrypted record fails to open. */
static void test_substituted_key_share(void)
{
    static const uint8_t share_head[] = {0x00, 0x1d, 0x00, 0x20};
    uint8_t mitm_share[32] = {9};
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_versions(client, LATCH_TLS1_2, LATCH_TLS1_3) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    /* The ClientHello goes by hand, its share swapped. */
    CHECK(latch_conn_handshake(p.client) == LATCH_WANT_READ);
    size_t len;
    const uint8_t *out = latch_conn_output(p.client, &len);
    uint8_t hello[2048];
    CHECK(len <= sizeof(hello));
    memcpy(hello, out, len);
    latch_conn_output_done(p.client, len);
    uint8_t *at = memmem(hello, len, share_head, sizeof(share_head));
    CHECK(at != NULL);
    if (at != NULL)
        memcpy(at + 4, mitm_share, sizeof(mitm_share));
    CHECK(latch_conn_feed(p.server, hello, len) == len);
    CHECK(latch_conn_handshake(p.server) == LATCH_WANT_READ);
    out = latch_conn_output(p.server, &len);
    latch_conn_feed(p.client, out, len);
    latch_conn_output_done(p.server, len);
    CHECK(latch_conn_handshake(p.client) == LATCH_ERR_BAD_RECORD_MAC);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

/* TLS_AES_128_GCM_SHA256 struck from the ClientHello (made a GREASE
 * value): the server picks the next suite, over a transcript the client
 * does not have, so again the keys differ. */
static void test_removed_suite(void)
{
    static const uint8_t find[] = {0x13, 0x01, 0x13, 0x02};
    static const uint8_t put[] = {0x0a, 0x0a, 0x13, 0x02};
    edit e = {PAIR_TO_SERVER, 0, find, put, sizeof(find), 0, false};
    outcome o = run(&e, LATCH_TLS1_3);
    CHECK(o.client == LATCH_ERR_BAD_RECORD_MAC);
}

/* A bit of the server's last flight record (its Finished) flipped: the
 * record's tag fails; a forged Finished cannot be sealed without the key. */
static void test_forged_finished(void)
{
    /* Server records: ServerHello, ChangeCipherSpec, then the encrypted
     * flight in one record. */
    edit e = {PAIR_TO_CLIENT, 2, NULL, NULL, 0, 0, false};
    outcome o = run(&e, LATCH_TLS1_3);
    CHECK(o.client == LATCH_ERR_BAD_RECORD_MAC);
}

/* TLS 1.3 struck from supported_versions: a server that could do 1.3
 * answers 1.2 with the sentinel, and the client refuses (RFC 8446 4.1.3). */
static void test_downgrade_with_sentinel(void)
{
    edit e = {PAIR_TO_SERVER,         0, versions_13_12, versions_12_only,
              sizeof(versions_13_12), 0, false};
    outcome o = run(&e, LATCH_TLS1_3);
    CHECK(o.client == LATCH_ERR_ILLEGAL_PARAMETER);
    CHECK(strstr(o.client_error, "downgrade sentinel") != NULL);
}

/* The same against a TLS 1.2 server: no sentinel, but the changed
 * ClientHello is in the session hash of the extended master secret (RFC
 * 7627), so the client's keys are not the server's and its Finished
 * record fails to open. */
static void test_downgrade_without_sentinel(void)
{
    edit e = {PAIR_TO_SERVER,         0, versions_13_12, versions_12_only,
              sizeof(versions_13_12), 0, false};
    outcome o = run(&e, LATCH_TLS1_2);
    CHECK(o.server == LATCH_ERR_BAD_RECORD_MAC);
    CHECK(o.client == LATCH_ERR_ALERT_RECEIVED);
}

int main(void)
{
    test_changed_client_hello();
    test_substituted_key_share();
    test_removed_suite();
    test_forged_finished();
    test_downgrade_with_sentinel();
    test_downgrade_without_sentinel();
    return check_finish("e2e tamper13");
}
