/*
 * When no protocol version is in common, the side that finds out says
 * what the peer offered or chose and what it accepts itself, and sends
 * protocol_version (RFC 8446 4.2.1, RFC 5246 E.1).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "pair.h"

/* Sets the two version bytes after the handshake header of the first
 * record one way: a hello's legacy_version. */
typedef struct hello_edit {
    int direction;
    uint8_t version[2];
} hello_edit;

static void edit_hello(int direction, size_t index, pair_record *rec, void *arg)
{
    const hello_edit *e = arg;
    if (direction == e->direction && index == 0 && rec->len > 11 && rec->bytes[5] <= 2) {
        rec->bytes[9] = e->version[0];
        rec->bytes[10] = e->version[1];
    }
}

/* A handshake between the two ranges that fails; the side that failed
 * must say `sentence`, the other must get protocol_version. */
static void fails_with(int cmin, int cmax, int smin, int smax, const hello_edit *edit,
                       bool server_finds, const char *sentence)
{
    latch_config *client = pair_client_config(true);
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_set_versions(client, cmin, cmax) == LATCH_OK);
    CHECK(latch_config_set_versions(server, smin, smax) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    if (edit != NULL) {
        p.tamper = edit_hello;
        p.tamper_arg = (void *)edit;
    }
    CHECK(!pair_handshake(&p));
    latch_conn *finder = server_finds ? p.server : p.client;
    latch_conn *other = server_finds ? p.client : p.server;
    CHECK(latch_conn_error_code(finder) == LATCH_ERR_PROTOCOL_VERSION);
    CHECK(strcmp(latch_conn_error(finder), sentence) == 0);
    if (strcmp(latch_conn_error(finder), sentence) != 0)
        fprintf(stderr, "  got: %s\n  want: %s\n", latch_conn_error(finder), sentence);
    CHECK(latch_conn_peer_alert(other) == LATCH_ALERT_PROTOCOL_VERSION);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

int main(void)
{
    /* A TLS 1.2 client (no supported_versions) and a TLS 1.3 server. */
    fails_with(LATCH_TLS1_2, LATCH_TLS1_2, LATCH_TLS1_3, LATCH_TLS1_3, NULL, true,
               "no protocol version in common: the client offers TLS 1.2 at most "
               "(legacy_version 0x0303); this server accepts TLS 1.3 only");
    /* A TLS 1.3 client and a TLS 1.2 server. */
    fails_with(LATCH_TLS1_3, LATCH_TLS1_3, LATCH_TLS1_2, LATCH_TLS1_2, NULL, true,
               "no protocol version in common: the client offers TLS 1.3 (supported_versions); "
               "this server accepts TLS 1.2 only");
    /* A client that offers TLS 1.1 at most, to latch's default range. */
    hello_edit old_client = {PAIR_TO_SERVER, {3, 2}};
    fails_with(LATCH_TLS1_2, LATCH_TLS1_2, LATCH_TLS1_2, LATCH_TLS1_3, &old_client, true,
               "no protocol version in common: the client offers TLS 1.1 at most "
               "(legacy_version 0x0302); this server accepts TLS 1.2 and TLS 1.3");
    /* A server that chooses TLS 1.1. */
    hello_edit old_server = {PAIR_TO_CLIENT, {3, 2}};
    fails_with(LATCH_TLS1_2, LATCH_TLS1_2, LATCH_TLS1_2, LATCH_TLS1_2, &old_server, false,
               "the server chose TLS 1.1 (0x0302); this client accepts TLS 1.2 only");
    return check_finish("e2e/test_version_mismatch");
}
