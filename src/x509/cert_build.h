/*
 * Building and signing X.509 v3 certificates (RFC 5280 4.1) for
 * development: a CA, and TLS leaves it issues.
 *
 * The profile is fixed: a random positive 16-byte serial, a subject of CN
 * (and O), and these extensions:
 *   CA:   basicConstraints (critical) cA TRUE, pathLenConstraint 0;
 *         keyUsage (critical) keyCertSign, cRLSign.
 *   leaf: basicConstraints (critical) empty (cA FALSE);
 *         keyUsage (critical) digitalSignature, plus keyEncipherment for
 *         RSA keys (RSA key exchange); extKeyUsage serverAuth, clientAuth;
 *         subjectAltName with the dNSName and iPAddress entries.
 *   both: subjectKeyIdentifier and authorityKeyIdentifier.
 * Every certificate built is parsed back with lt_cert_parse before it is
 * returned, so what this writes is what latch reads.
 */
#ifndef LT_X509_CERT_BUILD_H
#define LT_X509_CERT_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/writer.h"
#include "crypto/sig.h"
#include "x509/cert.h"

#define LT_CERT_SERIAL_LEN 16
#define LT_CERT_KEY_ID_LEN 20 /* SHA-1 */
/* RFC 5280 A.1: ub-common-name and ub-organization-name, in characters. */
#define LT_CERT_NAME_MAX 64

typedef struct lt_cert_spec {
    bool ca;
    const char *common_name;  /* required, UTF-8 */
    const char *organization; /* NULL for none */
    int64_t not_before;       /* Unix seconds */
    int64_t not_after;
    const lt_general_name *san; /* LT_GN_DNS and LT_GN_IP entries (4 or 16 octets) */
    size_t san_count;
} lt_cert_spec;

/* Who signs: the issuer's key, its subject Name (DER), and its
 * subjectKeyIdentifier for the authorityKeyIdentifier. */
typedef struct lt_cert_issuer {
    const lt_privkey *key;
    lt_span name;
    lt_span key_id;
} lt_cert_issuer;

/* Builds the certificate of subject_key described by spec, signs it with
 * the issuer (self-signed when issuer is NULL), and appends its DER to
 * out. Bad input (an empty or over-long name, an IP address of the wrong
 * size, a validity that ends before it starts) is LATCH_ERR_USAGE. */
bool lt_cert_build(const lt_cert_spec *spec, const lt_privkey *subject_key,
                   const lt_cert_issuer *issuer, lt_writer *out, lt_error *err) LT_MUST_CHECK;

/* The key identifier of a SubjectPublicKeyInfo: SHA-1 of the
 * subjectPublicKey bits (RFC 5280 4.2.1.2, method 1). SHA-1 only names the
 * key here; nothing relies on it resisting collisions. */
bool lt_cert_key_id(const uint8_t *spki, size_t len, uint8_t out[LT_CERT_KEY_ID_LEN],
                    lt_error *err) LT_MUST_CHECK;

/* The signature algorithm a certificate signed by a key of this type
 * carries: ecdsa-with-SHA256 (P-256), ecdsa-with-SHA384 (P-384),
 * sha256WithRSAEncryption (RSA), Ed25519. */
lt_x509_sig_alg lt_cert_sig_alg_for(lt_key_type type);

#endif
