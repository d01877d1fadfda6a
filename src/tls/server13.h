/*
 * What the server's TLS 1.2 code (server.c) asks of its TLS 1.3 part
 * (server13.c), and the ALPN choice both use.
 */
#ifndef LT_TLS_SERVER13_H
#define LT_TLS_SERVER13_H

#include "tls/conn.h"
#include "tls/msg_hello.h"

/* Whether to answer this ClientHello with TLS 1.3: the config allows it
 * and the client's supported_versions lists it. */
bool lt_server13_chosen(const latch_conn *c, const lt_client_hello *ch);
/* Takes a TLS 1.3 ClientHello (the server name already checked): suite,
 * certificate and scheme, ALPN, the key share or a HelloRetryRequest;
 * sets the handshake type so the order goes on in LT_SERVER13_STEPS. */
bool lt_server13_take_client_hello(latch_conn *c, const lt_client_hello *ch,
                                   const lt_hs_msg *msg) LT_MUST_CHECK;

/* server_alpn.c: ALPN by the server's preference (RFC 7301 3.2), strict
 * or not. */
bool lt_server_choose_alpn(latch_conn *c, const lt_client_hello *ch) LT_MUST_CHECK;

#endif
