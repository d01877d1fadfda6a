/*
 * A server engine and the ClientHellos that reach its limits: the largest
 * legal hello (131,396 bytes, big_hello.h) is served, choosing the suite
 * and the ALPN name that come last in its lists; one byte more is refused
 * at the header, before the body is buffered; a smaller configured limit
 * holds. Then strict SNI and strict ALPN (the ALPACA defence) between two
 * engines: a name no certificate covers, or none, is unrecognized_name;
 * no common protocol, or no ALPN, is no_application_protocol.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "big_hello.h"
#include "check.h"
#include "pair.h"
#include "tls/conn.h"
#include "tls/msg.h"

static latch_config *server_config(void)
{
    latch_config *cfg = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_set_alpn(cfg, "h2,http/1.1") == LATCH_OK);
    return cfg;
}

/* Feeds msg (a handshake message) to the server in plaintext records of
 * at most 16384 bytes, running the handshake after each; returns the
 * last result and how many bytes the server took. */
static latch_err feed_hello(latch_conn *c, const uint8_t *msg, size_t len, size_t *taken)
{
    latch_err r = LATCH_WANT_READ;
    *taken = 0;
    for (size_t at = 0; at < len && r == LATCH_WANT_READ;) {
        size_t n = len - at < 16384 ? len - at : 16384;
        uint8_t header[5] = {22, 3, 1, (uint8_t)(n >> 8), (uint8_t)n};
        CHECK(latch_conn_feed(c, header, 5) == 5);
        CHECK(latch_conn_feed(c, msg + at, n) == n);
        at += n;
        *taken = at;
        r = latch_conn_handshake(c);
    }
    return r;
}

static void largest_hello_served(void)
{
    uint8_t *msg = malloc(BIG_HELLO_LEN);
    CHECK(big_hello_write(msg) == BIG_HELLO_LEN);
    latch_config *cfg = server_config();
    latch_conn *c = latch_conn_new(cfg, NULL);
    size_t taken;
    latch_err r = feed_hello(c, msg, BIG_HELLO_LEN, &taken);
    CHECK(r == LATCH_WANT_READ);
    if (r != LATCH_WANT_READ)
        fprintf(stderr, "largest hello: %s\n", latch_conn_error(c));
    CHECK(taken == BIG_HELLO_LEN);
    /* The server answered with its flight, having chosen from the ends of
     * the lists. */
    size_t out_len;
    const uint8_t *out = latch_conn_output(c, &out_len);
    CHECK(out_len > 9 && out[0] == 22 && out[5] == LT_HS_SERVER_HELLO);
    CHECK(c->neg.suite != NULL && c->neg.suite->code == 0xc02b);
    CHECK(strcmp(c->neg.alpn, "http/1.1") == 0);
    CHECK(strcmp(c->neg.server_name, "localhost") == 0);
    CHECK(c->neg.ems && c->neg.secure_renegotiation);
    /* The hello's buffer went back once the hello was used: a client that
     * stalls now does not keep 144 KiB held. */
    CHECK(c->hs != NULL && c->hs->reasm.buf.cap <= 4 + 16384);
    latch_conn_free(c);

    /* One byte more than the largest legal hello: refused at the header,
     * after one record. */
    msg[3] = 0x45; /* body length 131397 */
    c = latch_conn_new(cfg, NULL);
    r = feed_hello(c, msg, BIG_HELLO_LEN, &taken);
    CHECK(r == LATCH_ERR_DECODE && taken == 16384);
    CHECK(strstr(latch_conn_error(c), "131397 bytes, over the 131396-byte limit") != NULL);
    latch_conn_free(c);
    latch_config_free(cfg);

    /* A server that sets a smaller limit refuses it likewise. */
    msg[3] = 0x44;
    cfg = server_config();
    CHECK(latch_config_set_max_client_hello(cfg, 131397) == LATCH_ERR_CONFIG);
    CHECK(latch_config_set_max_client_hello(cfg, 1023) == LATCH_ERR_CONFIG);
    CHECK(latch_config_set_max_client_hello(cfg, 16384) == LATCH_OK);
    c = latch_conn_new(cfg, NULL);
    r = feed_hello(c, msg, BIG_HELLO_LEN, &taken);
    CHECK(r == LATCH_ERR_DECODE && taken == 16384);
    CHECK(strstr(latch_conn_error(c), "over the 16384-byte limit") != NULL);
    latch_conn_free(c);
    latch_config_free(cfg);
    free(msg);
}

/* A handshake between two engines that the server refuses: the error on
 * the server and the alert the client receives. */
static void refused(latch_config *server, const char *sni, const char *client_alpn, latch_err code,
                    int alert)
{
    latch_config *client = pair_client_config(true);
    if (client_alpn != NULL)
        CHECK(latch_config_set_alpn(client, client_alpn) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, sni);
    CHECK(!pair_handshake(&p));
    CHECK(latch_conn_error_code(p.server) == code);
    CHECK(latch_conn_peer_alert(p.client) == alert);
    printf("refused (%s, %s): %s\n", sni ? sni : "no SNI", client_alpn ? client_alpn : "no ALPN",
           latch_conn_error(p.server));
    pair_free(&p);
    latch_config_free(client);
}

static void served(latch_config *server, const char *sni, const char *client_alpn, const char *alpn)
{
    latch_config *client = pair_client_config(true);
    if (client_alpn != NULL)
        CHECK(latch_config_set_alpn(client, client_alpn) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, sni);
    CHECK(pair_handshake(&p));
    const char *got = latch_conn_alpn(p.server);
    CHECK(alpn == NULL ? got == NULL : got != NULL && strcmp(got, alpn) == 0);
    pair_free(&p);
    latch_config_free(client);
}

static void strict_sni(void)
{
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    /* Off (the default): any name gets the first certificate. */
    served(server, "other.example", NULL, NULL);
    latch_config_free(server);

    server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_set_strict_sni(server, 1) == LATCH_OK);
    served(server, "localhost", NULL, NULL);
    served(server, "LOCALHOST", NULL, NULL);
    refused(server, "other.example", NULL, LATCH_ERR_UNRECOGNIZED_NAME,
            LATCH_ALERT_UNRECOGNIZED_NAME);
    refused(server, NULL, NULL, LATCH_ERR_UNRECOGNIZED_NAME, LATCH_ALERT_UNRECOGNIZED_NAME);
    latch_config_free(server);

    latch_config *client = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_set_strict_sni(client, 1) == LATCH_ERR_USAGE);
    CHECK(latch_config_set_strict_alpn(client, 1) == LATCH_ERR_USAGE);
    latch_config_free(client);
}

static void strict_alpn(void)
{
    latch_config *server = server_config();
    /* Off: a client without ALPN is served without it. */
    served(server, "localhost", NULL, NULL);
    served(server, "localhost", "http/1.1", "http/1.1");
    refused(server, "localhost", "imap", LATCH_ERR_NO_APPLICATION_PROTOCOL,
            LATCH_ALERT_NO_APPLICATION_PROTOCOL);
    latch_config_free(server);

    server = server_config();
    CHECK(latch_config_set_strict_alpn(server, 1) == LATCH_OK);
    served(server, "localhost", "imap,h2", "h2");
    refused(server, "localhost", NULL, LATCH_ERR_NO_APPLICATION_PROTOCOL,
            LATCH_ALERT_NO_APPLICATION_PROTOCOL);
    refused(server, "localhost", "imap", LATCH_ERR_NO_APPLICATION_PROTOCOL,
            LATCH_ALERT_NO_APPLICATION_PROTOCOL);
    latch_config_free(server);

    /* Strict ALPN with no protocols to choose from is a config mistake. */
    server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    CHECK(latch_config_set_strict_alpn(server, 1) == LATCH_OK);
    latch_conn *c = latch_conn_new(server, NULL);
    CHECK(latch_conn_handshake(c) == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_conn_error(c), "latch_config_set_alpn") != NULL);
    latch_conn_free(c);
    latch_config_free(server);
}

int main(void)
{
    largest_hello_served();
    strict_sni();
    strict_alpn();
    return check_finish("e2e/hello_limits");
}
