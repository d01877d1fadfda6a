/*
 * Name constraints (RFC 5280 4.2.1.10, applied as 6.1.3 (b) and (c) say).
 *
 * The names of a certificate are its subject (as a directoryName, when not
 * empty), its subjectAltName entries, and without a subjectAltName the
 * emailAddress attributes of its subject (as rfc822Names). For each name whose form a CA's
 * permittedSubtrees constrain, one subtree of that form must contain it;
 * no excludedSubtrees entry may contain it. Forms checked: dNSName (a
 * constraint covers itself and the names made by adding labels on the
 * left), rfc822Name (a mailbox, a host, or ".domain" for the hosts under
 * it), directoryName (RFC 5280 7.1 comparison, x509/name_match.h) and
 * iPAddress (address and mask). For any other form, a certificate that
 * carries a name of a constrained form fails closed; one that does not is
 * unaffected.
 */
#ifndef LT_X509_CONSTRAINTS_H
#define LT_X509_CONSTRAINTS_H

#include <stdbool.h>

#include "base/error.h"
#include "x509/cert.h"

/* The constraints of ca are well formed and in a CA certificate: a
 * dNSName constraint is a DNS name without a leading period (the period is
 * for URIs only). LATCH_ERR_BAD_CERTIFICATE otherwise. */
bool lt_constraints_valid(const lt_cert *ca, lt_error *err) LT_MUST_CHECK;

/* Every name of cert is allowed by the nameConstraints of ca: outside or
 * excluded is LATCH_ERR_BAD_CERTIFICATE, a name of a constrained form
 * latch cannot check LATCH_ERR_UNSUPPORTED_CERTIFICATE. */
bool lt_constraints_check(const lt_cert *ca, const lt_cert *cert, lt_error *err) LT_MUST_CHECK;

/* A syntactically valid DNS name (RFC 1034 3.5 letters, digits and
 * hyphens, labels of 1 to 63 bytes, 253 at most), optionally with a "*"
 * as the whole leftmost label. */
bool lt_dns_name_valid(lt_span name, bool wildcard_ok);

#endif
