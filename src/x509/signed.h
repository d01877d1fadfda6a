/*
 * Signatures on certificates, CRLs and OCSP responses: which algorithms
 * and keys are acceptable, and checking a signature with an issuer's key.
 *
 * The policy is the CA/Browser Forum's: no MD5 or SHA-1 signatures, RSA
 * keys of at least 2048 bits.
 */
#ifndef LT_X509_SIGNED_H
#define LT_X509_SIGNED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "x509/cert.h"
#include "x509/key_cache.h"

#define LT_MIN_RSA_BITS 2048

/* Fails with LATCH_ERR_UNSUPPORTED_CERTIFICATE for MD5 and SHA-1. */
bool lt_x509_sig_alg_allowed(lt_x509_sig_alg alg, const char *what, lt_error *err) LT_MUST_CHECK;
/* Fails with LATCH_ERR_UNSUPPORTED_CERTIFICATE for an RSA key below the minimum. */
bool lt_cert_key_allowed(const lt_cert *cert, lt_error *err) LT_MUST_CHECK;
/* `what` (e.g. "certificate CN=x", "the CRL") was signed over tbs by
 * signer's key with alg: an allowed algorithm, and a signature that
 * verifies (LATCH_ERR_BAD_CERTIFICATE otherwise). */
bool lt_x509_check_signed(const lt_cert *signer, lt_x509_sig_alg alg, lt_span tbs,
                          lt_span signature, const char *what, lt_error *err) LT_MUST_CHECK;
/* The same, with a signer's key that was not decoded at load taken from
 * keys (a config's cache: an intermediate CA signs on every handshake). */
bool lt_x509_check_signed_cached(lt_key_cache *keys, const lt_cert *signer, lt_x509_sig_alg alg,
                                 lt_span tbs, lt_span signature, const char *what,
                                 lt_error *err) LT_MUST_CHECK;

#endif
