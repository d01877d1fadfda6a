/*
 * The parts of the client's handshake that its TLS 1.2 half (client.c)
 * and its TLS 1.3 half (client13.c) share: the ClientHello
 * (client_hello.c), and the checks of the server's chain and ALPN
 * choice (client_chain.c).
 */
#ifndef LT_TLS_CLIENT_PARTS_H
#define LT_TLS_CLIENT_PARTS_H

#include "tls/conn.h"
#include "tls/ext.h"

/* Queues a ClientHello: the first, or after a HelloRetryRequest the
 * second. */
bool lt_client_send_hello(latch_conn *c) LT_MUST_CHECK;
/* RFC 7366: whether the client offers encrypt_then_mac (only with a CBC
 * suite on its list). */
bool lt_client_offers_etm(const latch_config *cfg);
/* Validates the server's chain (hs->peer_chain) and name, and its OCSP
 * staple when one came, then frees the parsed chain. */
bool lt_client_check_server_chain(latch_conn *c) LT_MUST_CHECK;
/* The server's ALPN choice, one the client offered (illegal_parameter
 * otherwise), into c->neg.alpn. */
bool lt_client_take_alpn(latch_conn *c, const lt_extensions *ext) LT_MUST_CHECK;

#endif
