/*
 * Validating a peer's certificate chain with a config's trust store, CRLs
 * and clock: what the client does with the server's Certificate, and what
 * latch_verify_pem() offers outside a handshake.
 */
#ifndef LT_TLS_VERIFY_PEER_H
#define LT_TLS_VERIFY_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tls/config.h"
#include "x509/verify.h"

/* host: a DNS name or IP literal, or NULL or "" for none (then the name is
 * not checked). key_usage: the LT_KU_* bits the leaf must allow. ocsp: a
 * DER OCSP response about the leaf, or NULL; stapled when it came in the
 * handshake (see lt_verify_params for what that changes). */
bool lt_verify_peer(latch_config *cfg, const lt_chain *chain, const char *host, lt_purpose purpose,
                    unsigned key_usage, const uint8_t *ocsp, size_t ocsp_len, bool stapled,
                    lt_path *path, lt_error *err) LT_MUST_CHECK;

/* Fills result's code, message and path: the path (described for people)
 * when err is NULL or clear, else err's code and sentence and no path. */
void lt_verify_result_set(latch_verify_result *result, const lt_path *path, const lt_error *err);

#endif
