/*
 * Certificate policies, as far as policyConstraints make them matter
 * (RFC 5280 6.1, with the trust anchor's own constraints as RFC 5937 2
 * applies them).
 *
 * latch maps no policy and accepts any policy for itself (the initial
 * policy set is anyPolicy), so policies decide nothing until a
 * requireExplicitPolicy, in any certificate of the path or in the anchor,
 * comes into force. From there on, the intersection of the policies of
 * every certificate from the top down (anyPolicy standing for all) must
 * not be empty, and a certificate without certificatePolicies empties it.
 * The anchor's own certificatePolicies, when it lists some, are where the
 * intersection starts. policyMappings and inhibitAnyPolicy are not read:
 * critical, they fail the path as unknown extensions.
 */
#ifndef LT_X509_POLICY_H
#define LT_X509_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "x509/cert.h"

/* path[0] is the leaf, path[n - 1] the anchor. LATCH_ERR_BAD_CERTIFICATE
 * when an explicit policy is required and none holds. */
bool lt_policy_check(const lt_cert *const *path, size_t n, lt_error *err) LT_MUST_CHECK;

#endif
