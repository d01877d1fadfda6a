/*
 * Renegotiation requests after the handshake: a server refuses a new
 * ClientHello, and a client a HelloRequest, with a warning
 * no_renegotiation LT_MAX_RENEGOTIATION_REFUSALS times while the
 * connection goes on; the next request ends it with a fatal
 * unexpected_message. A flood of four-byte requests therefore costs the
 * victim a few alerts, not one alert per request: the figures printed
 * (bytes in, bytes out, still open) are the ones the README quotes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tls/alert.h"
#include "tls/conn.h"
#include "tls/msg.h"
#include "tls/pump.h"

typedef struct flood_result {
    size_t bytes_in;  /* sealed request records the victim received */
    size_t bytes_out; /* what the victim sent back */
    size_t records;   /* request records the victim read */
    latch_err last;   /* the victim's last latch_conn_read result */
} flood_result;

/* Takes what the victim sent (alerts) and, when attacker is not NULL,
 * lets it read them; returns the byte count. */
static size_t hand_over(latch_conn *victim, latch_conn *attacker)
{
    size_t len, total = 0;
    const uint8_t *out;
    while ((out = latch_conn_output(victim, &len)) != NULL && len > 0) {
        size_t n = attacker == NULL ? len : latch_conn_feed(attacker, out, len);
        total += n;
        latch_conn_output_done(victim, n);
        if (attacker == NULL)
            break;
        uint8_t app[64];
        size_t got;
        latch_err e = latch_conn_read(attacker, app, sizeof(app), &got);
        if (e != LATCH_WANT_READ && e != LATCH_OK)
            break;
    }
    return total;
}

/* The attacker seals `records` handshake records of `per_record` empty
 * requests each (a ClientHello from a client, a HelloRequest from a
 * server) under the session's keys; the victim reads them all. A flooder
 * does not read the answers; a polite peer (reads) does. */
static flood_result flood(pair *p, bool to_server, size_t records, size_t per_record, bool reads)
{
    latch_conn *attacker = to_server ? p->client : p->server;
    latch_conn *victim = to_server ? p->server : p->client;
    uint8_t type = to_server ? LT_HS_CLIENT_HELLO : LT_HS_HELLO_REQUEST;
    uint8_t *requests = calloc(per_record, 4);
    CHECK(requests != NULL);
    for (size_t i = 0; i < per_record; i++)
        requests[4 * i] = type;

    flood_result r = {0, 0, 0, LATCH_WANT_READ};
    uint8_t app[64];
    size_t got;
    for (size_t i = 0; i < records && r.last == LATCH_WANT_READ; i++) {
        CHECK(lt_pump_seal(attacker, LT_CT_HANDSHAKE, requests, 4 * per_record));
        size_t len;
        const uint8_t *out = latch_conn_output(attacker, &len);
        size_t off = 0;
        while (off < len && r.last == LATCH_WANT_READ) {
            size_t n = latch_conn_feed(victim, out + off, len - off);
            off += n;
            r.bytes_in += n;
            r.last = latch_conn_read(victim, app, sizeof(app), &got);
            r.bytes_out += hand_over(victim, reads ? attacker : NULL);
        }
        latch_conn_output_done(attacker, len);
        r.records++;
    }
    free(requests);
    return r;
}

static void start(pair *p)
{
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    latch_config *client = pair_client_config(true);
    pair_init(p, client, server, "localhost");
    latch_config_free(client);
    latch_config_free(server);
    CHECK(pair_handshake(p));
}

/* Refused politely LT_MAX_RENEGOTIATION_REFUSALS times (data still flows
 * both ways after each), then the connection ends with a fatal
 * unexpected_message that says why. */
static void limit(bool to_server)
{
    const char *what = to_server ? "ClientHello" : "HelloRequest";
    pair p;
    start(&p);
    static const uint8_t msg[] = "still here";
    for (unsigned i = 0; i < LT_MAX_RENEGOTIATION_REFUSALS; i++) {
        flood_result r = flood(&p, to_server, 1, 1, true);
        CHECK(r.last == LATCH_WANT_READ);
        CHECK(r.bytes_out > 0); /* the warning no_renegotiation */
        CHECK(pair_transfer(&p, false, msg, sizeof(msg) - 1));
        CHECK(pair_transfer(&p, true, msg, sizeof(msg) - 1));
    }
    latch_conn *victim = to_server ? p.server : p.client;
    flood_result r = flood(&p, to_server, 1, 1, true);
    CHECK(r.last == LATCH_ERR_UNEXPECTED_MESSAGE);
    CHECK(strstr(latch_conn_error(victim), what) != NULL);
    CHECK(strstr(latch_conn_error(victim), "refused renegotiations") != NULL);
    printf("%s after %u refusals: %s\n", what, LT_MAX_RENEGOTIATION_REFUSALS,
           latch_conn_error(victim));
    CHECK(victim->alert_sent);
    pair_free(&p);
}

/* The fatal alert reaches the peer as unexpected_message. */
static void fatal_alert_seen(bool to_server)
{
    pair p;
    start(&p);
    latch_conn *attacker = to_server ? p.client : p.server;
    latch_conn *victim = to_server ? p.server : p.client;
    uint8_t type = to_server ? LT_HS_CLIENT_HELLO : LT_HS_HELLO_REQUEST;
    uint8_t requests[4 * (LT_MAX_RENEGOTIATION_REFUSALS + 1)] = {0};
    for (size_t i = 0; i <= LT_MAX_RENEGOTIATION_REFUSALS; i++)
        requests[4 * i] = type;
    CHECK(lt_pump_seal(attacker, LT_CT_HANDSHAKE, requests, sizeof(requests)));
    pair_pump(&p);
    uint8_t buf[16];
    size_t got;
    CHECK(latch_conn_read(victim, buf, sizeof(buf), &got) == LATCH_ERR_UNEXPECTED_MESSAGE);
    pair_pump(&p);
    latch_err r;
    do
        r = latch_conn_read(attacker, buf, sizeof(buf), &got);
    while (r == LATCH_OK);
    CHECK(r == LATCH_ERR_ALERT_RECEIVED);
    CHECK(latch_conn_peer_alert(attacker) == LATCH_ALERT_UNEXPECTED_MESSAGE);
    pair_free(&p);
}

/* A flood like the one of the review (four-byte requests, many to a
 * record, or one to a record): the victim answers a few alerts and closes. */
static void flood_figures(bool to_server, size_t records, size_t per_record)
{
    pair p;
    start(&p);
    flood_result r = flood(&p, to_server, records, per_record, false);
    bool open = r.last == LATCH_WANT_READ;
    printf("flood of %zu records of %zu %s: the victim read %zu records, %zu bytes, and sent "
           "%zu bytes (%.3fx); connection %s\n",
           records, per_record, to_server ? "ClientHellos" : "HelloRequests", r.records, r.bytes_in,
           r.bytes_out, (double)r.bytes_out / (double)r.bytes_in, open ? "open" : "closed");
    CHECK(!open);
    CHECK(r.bytes_out < r.bytes_in);
    /* Three warnings and the fatal alert, each one record. */
    CHECK(r.bytes_out <= (LT_MAX_RENEGOTIATION_REFUSALS + 1) * 64);
    pair_free(&p);
}

int main(void)
{
    limit(true);
    limit(false);
    fatal_alert_seen(true);
    fatal_alert_seen(false);
    flood_figures(true, 200, 1024);
    flood_figures(true, 1000, 1);
    flood_figures(false, 200, 1024);
    return check_finish("e2e/renegotiation");
}
