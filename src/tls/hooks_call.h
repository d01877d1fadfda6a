/*
 * Where the handshake calls the application's hooks (hooks.c), each at
 * the one point it belongs to.
 */
#ifndef LT_TLS_HOOKS_CALL_H
#define LT_TLS_HOOKS_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tls/conn.h"
#include "x509/verify.h"

/* The trace and key log callbacks that name the connection: when the
 * config has them, c->trace calls them (and the config-wide ones) through
 * the connection. Call after c->trace is filled from the config. */
void lt_hook_trace_init(latch_conn *c);

/* After latch's own verification of the peer's chain (ok, with path when
 * it passed; c->err says why when not): the verify callback's verdict,
 * which may refuse a chain latch accepted, and accept one it refused only
 * with LATCH_VERIFY_CALLBACK_MAY_OVERRIDE. Returns the final verdict;
 * c->err holds the reason of a refusal. */
bool lt_hook_verify(latch_conn *c, bool ok, const lt_path *path) LT_MUST_CHECK;

/* Server, at the ClientHello: asks the certificate selection callback,
 * if any, and keeps its answer in hs->srv.cert_choice (-1: latch's own
 * choice). A refusal is unrecognized_name. */
bool lt_hook_select_cert(latch_conn *c) LT_MUST_CHECK;
/* The certificate for this suite: the one the callback chose if it fits,
 * else NULL; without a choice, latch's own by SNI and by the schemes the
 * client takes in certificates (lt_neg_choose_cert). */
const lt_cert_key *lt_hook_choose_cert(const latch_conn *c, const lt_suite *suite,
                                       const uint16_t *peer_schemes, size_t peer_scheme_count,
                                       const uint16_t *cert_schemes, size_t cert_scheme_count,
                                       uint16_t *scheme);

/* Server: the ALPN selection callback's choice among the client's
 * protocol_name_list (checked), into c->neg.alpn. */
bool lt_hook_select_alpn(latch_conn *c, lt_span client_list) LT_MUST_CHECK;

#endif
