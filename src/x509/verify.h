/*
 * Certificate path building and validation (RFC 5280 6 as the CA/Browser
 * Forum profiles it for the web), with revocation by CRL and a stapled
 * OCSP response.
 *
 * Building: from the leaf, each certificate's candidate issuers are the
 * trust anchors and the other certificates the peer sent (in any order)
 * whose subject equals its issuer, those whose subjectKeyIdentifier
 * matches its authorityKeyIdentifier first, anchors before intermediates.
 * A depth-first search tries each candidate in turn, so a cross-signed
 * intermediate or several certificates with the same subject still find a
 * path; certificates that are not needed are ignored. The search ends at
 * the first path that validates, after LT_VERIFY_MAX_ATTEMPTS candidates,
 * or at LT_VERIFY_MAX_DEPTH certificates per path.
 *
 * Validating a path (leaf first, trust anchor last): every certificate but
 * the anchor is v3, is valid at the given time and is signed by the next
 * one with an allowed algorithm (no MD5 or SHA-1); every key is allowed
 * (RSA of at least 2048 bits); every issuer asserts basicConstraints cA
 * and, with keyUsage, keyCertSign, and its pathLenConstraint holds;
 * extKeyUsage, where present on any certificate (the anchor's too),
 * includes the purpose (or anyExtendedKeyUsage); the leaf's keyUsage,
 * when present, allows what the handshake does with the key; each
 * certificate follows the rules of its place in x509/path_rules.h under
 * the chosen profile; nameConstraints of every CA (the anchor's too) hold
 * for the names below it (x509/constraints.h); the leaf covers the host;
 * CRLs for an issuer in the path decide whether the certificate it issued
 * is revoked; a stapled OCSP response decides for the leaf.
 *
 * The trust anchor's validity period, basicConstraints, keyUsage,
 * extKeyUsage, pathLenConstraint, nameConstraints and critical extensions
 * apply (RFC 5937); its self-signature is not checked (it is trusted by
 * being in the store, whatever signed it). A certificate that is itself a
 * trust anchor ends the path there, as its anchor.
 *
 * Every failure names the certificate (its subject) and the rule, with
 * the code whose alert fits: LATCH_ERR_UNKNOWN_CA (no path to an anchor),
 * LATCH_ERR_CERTIFICATE_EXPIRED (outside its validity, either side),
 * LATCH_ERR_CERTIFICATE_REVOKED, LATCH_ERR_UNSUPPORTED_CERTIFICATE
 * (algorithms, key sizes, critical extensions and constraints latch does
 * not accept, a purpose or key usage that does not fit),
 * LATCH_ERR_CERTIFICATE_UNKNOWN (revocation status unknown or stale, work
 * bound reached) and LATCH_ERR_BAD_CERTIFICATE (everything else).
 */
#ifndef LT_X509_VERIFY_H
#define LT_X509_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "x509/cert.h"
#include "x509/crl.h"
#include "x509/hostname.h"
#include "x509/key_cache.h"
#include "x509/path_rules.h"
#include "x509/trust.h"

#define LT_VERIFY_MAX_INPUT 16    /* certificates the peer may send */
#define LT_VERIFY_MAX_POOL 256    /* certificates a local untrusted pool may hold */
#define LT_VERIFY_MAX_DEPTH 8     /* certificates in a path, leaf and anchor included */
#define LT_VERIFY_MAX_ATTEMPTS 64 /* candidate issuers tried in one search */

typedef struct lt_verify_params {
    const lt_trust_store *trust;
    const lt_host *host; /* NULL: no name check */
    int64_t now;         /* Unix seconds */
    lt_purpose purpose;
    lt_profile profile;      /* LT_PROFILE_WEBPKI unless the caller chose otherwise */
    unsigned leaf_key_usage; /* LT_KU_* the leaf's keyUsage must allow, if it has one */
    const lt_crl_list *crls; /* NULL: none */
    const uint8_t *ocsp;     /* a DER OCSPResponse about the leaf, or NULL */
    size_t ocsp_len;
    /* The response came stapled in a TLS handshake: one that is not
     * satisfactory fails with LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE
     * (RFC 6066 8), except a revoked status (LATCH_ERR_CERTIFICATE_REVOKED)
     * and running out of memory. */
    bool ocsp_stapled;
    /* Issuers' keys (those not decoded at load) from this cache, or
     * decoded for each check when NULL. */
    lt_key_cache *keys;
} lt_verify_params;

/* The certificates as sent, parsed: certs[0] is the leaf. The array holds
 * count certificates (allocated to fit, not LT_VERIFY_MAX_INPUT: a parsed
 * certificate is most of a kilobyte, and a client holds its peer's chain
 * at the handshake's memory peak). */
typedef struct lt_chain {
    lt_cert *certs;
    size_t count;
} lt_chain;

/* A validated path: certs[0] is the leaf, certs[len - 1] the trust anchor.
 * The pointers are into the chain and the trust store. */
typedef struct lt_path {
    const lt_cert *certs[LT_VERIFY_MAX_DEPTH];
    size_t len;
} lt_path;

/* Parses every certificate; the first malformed one fails, named by its
 * position. The certificates keep pointing into der, which must outlive
 * the chain. */
bool lt_chain_parse(lt_chain *chain, const uint8_t *const *der, const size_t *len, size_t count,
                    lt_error *err) LT_MUST_CHECK;
/* The same for a local pool of up to max certificates (at most
 * LT_VERIFY_MAX_POOL), such as `latch verify --untrusted` reads. */
bool lt_chain_parse_max(lt_chain *chain, const uint8_t *const *der, const size_t *len, size_t count,
                        size_t max, lt_error *err) LT_MUST_CHECK;
void lt_chain_free(lt_chain *chain);

bool lt_verify_chain(const lt_verify_params *params, const lt_chain *chain, lt_path *path,
                     lt_error *err) LT_MUST_CHECK;

#endif
