/*
 * Client authentication (RFC 5246 7.4.4, 7.4.6, 7.4.8): the server asks
 * with CertificateRequest, the client answers with its Certificate and,
 * after ClientKeyExchange, a CertificateVerify: a signature over every
 * handshake message before it, which proves it holds the certificate's
 * key. client_auth_server.c is the server's side, client_auth_client.c
 * the client's.
 */
#ifndef LT_TLS_CLIENT_AUTH_H
#define LT_TLS_CLIENT_AUTH_H

#include <stdbool.h>

#include "tls/conn.h"
#include "tls/msg_cert.h"

/* Server: queues a CertificateRequest (before ServerHelloDone). */
bool lt_server_send_certificate_request(latch_conn *c) LT_MUST_CHECK;
/* Server: validates the client's chain (c->peer_certs) for clientAuth
 * and takes its leaf key into hs->peer_key. */
bool lt_server_check_client_chain(latch_conn *c) LT_MUST_CHECK;
/* Server, state LT_ST_SERVER_READ_CLIENT_CERTIFICATE. */
bool lt_server_read_client_certificate(latch_conn *c, const lt_hs_msg *msg) LT_MUST_CHECK;
/* Server, state LT_ST_SERVER_READ_CERTIFICATE_VERIFY. */
bool lt_server_read_certificate_verify(latch_conn *c, const lt_hs_msg *msg) LT_MUST_CHECK;

/* Client: takes a CertificateRequest and chooses what to answer with. */
bool lt_client_take_certificate_request(latch_conn *c, const lt_hs_msg *msg) LT_MUST_CHECK;
/* Client: queues the Certificate (the chosen chain, or an empty one). */
bool lt_client_send_certificate(latch_conn *c) LT_MUST_CHECK;
/* Client: queues CertificateVerify when a certificate was sent; call
 * after ClientKeyExchange is in the transcript. */
bool lt_client_send_certificate_verify(latch_conn *c) LT_MUST_CHECK;

#endif
