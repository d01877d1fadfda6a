/*
 * OCSP responses (RFC 6960), as a TLS server staples them (RFC 6066 8):
 * parsing a DER OCSPResponse and deciding what it says about one
 * certificate. No requests and no network: the response comes from the
 * handshake or from a file.
 */
#ifndef LT_X509_OCSP_H
#define LT_X509_OCSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "x509/cert.h"

/* Certificates a response may carry to delegate signing. */
#define LT_OCSP_MAX_CERTS 4

typedef enum lt_ocsp_status {
    LT_OCSP_GOOD = 0,
    LT_OCSP_REVOKED = 1,
    LT_OCSP_UNKNOWN = 2,
} lt_ocsp_status;

/*
 * Checks a response about `cert`, whose issuer is `issuer`, at `now`:
 * - it is a successful basic response (id-pkix-ocsp-basic);
 * - it is signed by the issuer's key, or by a responder certificate it
 *   carries that the issuer signed and marked with id-kp-OCSPSigning
 *   (RFC 6960 4.2.2.2), valid at now; no MD5 or SHA-1 signatures;
 * - one of its SingleResponses names the certificate: CertID hash
 *   algorithm SHA-1 or SHA-256, issuer name hash, issuer key hash (of the
 *   subjectPublicKey bits, RFC 6960 4.1.1) and serial number;
 * - thisUpdate <= now < nextUpdate (a response without nextUpdate is
 *   refused);
 * - the status is good.
 * A revoked status fails with LATCH_ERR_CERTIFICATE_REVOKED, unknown and
 * stale responses with LATCH_ERR_CERTIFICATE_UNKNOWN, a bad signature with
 * LATCH_ERR_BAD_CERTIFICATE, malformed DER with LATCH_ERR_DECODE. *status
 * gets the status the response gives, once it is known to be authentic.
 */
/* Parses a response without judging it: what a server checks before it
 * staples a file. Fails as lt_ocsp_check does on malformed DER, a
 * responseStatus other than successful, or a type other than basic. */
bool lt_ocsp_parse(const uint8_t *der, size_t len, lt_error *err) LT_MUST_CHECK;

bool lt_ocsp_check(const uint8_t *der, size_t len, const lt_cert *cert, const lt_cert *issuer,
                   int64_t now, lt_ocsp_status *status, lt_error *err) LT_MUST_CHECK;

#endif
