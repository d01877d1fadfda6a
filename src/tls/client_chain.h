/*
 * The parts of the client's TLS 1.2 handshake (client.c) that its TLS
 * 1.3 handshake (client13.c) uses as they are.
 */
#ifndef LT_TLS_CLIENT_CHAIN_H
#define LT_TLS_CLIENT_CHAIN_H

#include "tls/conn.h"

/* Validates the server's chain (hs->peer_chain) and name, and its OCSP
 * staple when one came, then frees the parsed chain. */
bool lt_client_check_server_chain(latch_conn *c) LT_MUST_CHECK;
/* The server's ALPN choice, one the client offered (illegal_parameter
 * otherwise), into c->neg.alpn. */
bool lt_client_take_alpn(latch_conn *c, const lt_extensions *ext) LT_MUST_CHECK;
/* Queues a ClientHello: the first, or after a HelloRetryRequest the
 * second. */
bool lt_client_send_hello(latch_conn *c) LT_MUST_CHECK;

#endif
