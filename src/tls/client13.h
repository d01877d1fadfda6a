/*
 * What the client's TLS 1.2 code (client.c) asks of its TLS 1.3 part
 * (client13.c): what the ServerHello says about the version.
 */
#ifndef LT_TLS_CLIENT13_H
#define LT_TLS_CLIENT13_H

#include "tls/conn.h"
#include "tls/msg_hello.h"

/* Whether the ServerHello chose TLS 1.3 (it carries supported_versions). */
bool lt_client13_chosen(const latch_conn *c, const lt_server_hello *sh);
/* Takes a TLS 1.3 ServerHello or HelloRetryRequest; sets the handshake
 * type so the order goes on in LT_CLIENT13_STEPS. */
bool lt_client13_take_hello(latch_conn *c, const lt_server_hello *sh,
                            const lt_hs_msg *msg) LT_MUST_CHECK;
/* A TLS 1.2 ServerHello: frees the key share offered for TLS 1.3, and
 * fails with illegal_parameter when the client offered TLS 1.3 and the
 * random carries the downgrade sentinel. */
bool lt_client13_check_downgrade(latch_conn *c, const lt_server_hello *sh,
                                 lt_error *err) LT_MUST_CHECK;
/* A fatal handshake_failure in answer to a ClientHello that offered TLS
 * 1.3: records a sentence naming the TLS 1.3 suites offered (most often
 * the cause) and returns false; returns true, recording nothing, for any
 * other alert or state. */
bool lt_client13_hello_refused(latch_conn *c, const lt_alert *a) LT_MUST_CHECK;

#endif
