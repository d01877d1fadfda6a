/*
 * The trace's fields for the messages of a TLS 1.3 handshake
 * (trace_describe13.c), and the piece of the TLS 1.2 describer
 * (trace_describe.c) it shares.
 */
#ifndef LT_TLS_TRACE_DESCRIBE13_H
#define LT_TLS_TRACE_DESCRIBE13_H

#include "tls/conn.h"
#include "tls/trace.h"

/* Fields for one message once TLS 1.3 is negotiated; false when the
 * TLS 1.2 describer does as well (ClientHello, ServerHello). */
bool lt_trace_describe13(const latch_conn *c, int type, lt_span body, lt_trace_scratch *s,
                         size_t *n);

/* trace_describe.c: each certificate's subject, issuer, validity, key,
 * signature and names. */
void lt_trace_describe_certificate(lt_trace_scratch *s, size_t *n, const lt_span *certs,
                                   size_t count);

#endif
