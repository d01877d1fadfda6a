/*
 * The rules a certificate must follow for its place on a path (leaf,
 * intermediate or trust anchor), beyond signatures, validity and the
 * chaining rules of x509/verify.c: RFC 5280 4.1 and 4.2 on extensions and
 * serials, and under the Web PKI profile the CA/Browser Forum Baseline
 * Requirements on top.
 *
 * Both profiles: a leaf is not a CA (basicConstraints cA, or keyUsage
 * keyCertSign); a leaf carries no nameConstraints; a serial number is
 * positive; authorityKeyIdentifier is present in a certificate that is
 * not self-issued; a CA below the anchor carries subjectKeyIdentifier;
 * neither key identifier nor authorityInfoAccess is critical;
 * policyConstraints is critical; subjectAltName is critical when the
 * subject is empty; an anchor has no unknown critical extension and an
 * extKeyUsage that allows the purpose, if it has one.
 *
 * Web PKI only: a server leaf's extKeyUsage is present, not critical,
 * lists serverAuth and not anyExtendedKeyUsage; subjectAltName is not
 * critical when the subject is not empty; no dNSName holds "_"; an RSA
 * modulus is a whole number of bytes; a self-issued anchor carries no
 * extKeyUsage and no authorityCertIssuer in its authorityKeyIdentifier.
 * Their failures say the rule is the Web PKI's and how to leave it out.
 */
#ifndef LT_X509_PATH_RULES_H
#define LT_X509_PATH_RULES_H

#include <stdbool.h>

#include "base/error.h"
#include "x509/cert.h"

typedef enum lt_profile {
    LT_PROFILE_WEBPKI = 0, /* RFC 5280 and the Baseline Requirements: the default */
    LT_PROFILE_RFC5280 = 1,
} lt_profile;

typedef enum lt_cert_role {
    LT_ROLE_LEAF,
    LT_ROLE_INTERMEDIATE,
    LT_ROLE_ANCHOR,
} lt_cert_role;

typedef enum lt_purpose {
    LT_PURPOSE_SERVER_AUTH = 0, /* id-kp-serverAuth */
    LT_PURPOSE_CLIENT_AUTH = 1, /* id-kp-clientAuth */
} lt_purpose;

/* The rules above for cert in this role. Failures are
 * LATCH_ERR_BAD_CERTIFICATE, or LATCH_ERR_UNSUPPORTED_CERTIFICATE for a
 * purpose, key or extension latch does not accept. */
bool lt_path_rules(const lt_cert *cert, lt_cert_role role, lt_purpose purpose, lt_profile profile,
                   lt_error *err) LT_MUST_CHECK;

/* extKeyUsage, where present, includes the purpose or anyExtendedKeyUsage
 * (RFC 5280 4.2.1.12), for every certificate on the path. */
bool lt_path_check_eku(const lt_cert *cert, lt_purpose purpose, lt_error *err) LT_MUST_CHECK;

#endif
