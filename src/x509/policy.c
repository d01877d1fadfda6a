#include "x509/policy.h"

#include <stdio.h>

/* The valid policies so far: all of them, some, or none (RFC 5280's
 * NULL valid_policy_tree). */
typedef struct policy_set {
    bool any;
    lt_span oids[LT_CERT_MAX_POLICIES];
    size_t count;
} policy_set;

static bool lists(const lt_cert *cert, lt_span oid)
{
    for (size_t i = 0; i < cert->policy_count; i++)
        if (lt_span_equal(cert->policies[i], oid))
            return true;
    return false;
}

/* RFC 5280 6.1.3 (d) and (e), without mappings or qualifiers. */
static void intersect(policy_set *set, const lt_cert *cert)
{
    if (!(cert->extensions & LT_EXT_CERT_POLICIES)) {
        set->any = false;
        set->count = 0;
        return;
    }
    if (cert->any_policy)
        return;
    if (set->any) {
        set->any = false;
        set->count = cert->policy_count;
        for (size_t i = 0; i < cert->policy_count; i++)
            set->oids[i] = cert->policies[i];
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < set->count; i++)
        if (lists(cert, set->oids[i]))
            set->oids[kept++] = set->oids[i];
    set->count = kept;
}

static void require(size_t *explicit_policy, const lt_cert *cert)
{
    /* RFC 5280 6.1.4 (i). */
    if (cert->require_explicit >= 0 && (size_t)cert->require_explicit < *explicit_policy)
        *explicit_policy = (size_t)cert->require_explicit;
}

bool lt_policy_check(const lt_cert *const *path, size_t n, lt_error *err)
{
    bool constrained = false;
    for (size_t i = 0; i < n; i++)
        constrained |= path[i]->require_explicit >= 0;
    if (!constrained)
        return true;
    const lt_cert *anchor = path[n - 1];
    size_t k = n - 1; /* certificates below the anchor */
    size_t explicit_policy = k + 1;
    policy_set set = {.any = true, .count = 0};
    /* RFC 5937 2: the anchor's policies and constraints are the inputs. */
    if ((anchor->extensions & LT_EXT_CERT_POLICIES) && !anchor->any_policy)
        intersect(&set, anchor);
    require(&explicit_policy, anchor);
    for (size_t i = k; i-- > 0;) {
        const lt_cert *cert = path[i];
        intersect(&set, cert);
        if (i == 0) {
            /* RFC 5280 6.1.5 (a) and (b). */
            if (explicit_policy > 0)
                explicit_policy--;
            if (cert->require_explicit == 0)
                explicit_policy = 0;
        }
        /* RFC 5280 6.1.3 (f), and 6.1.5 (g) for the leaf. */
        if (explicit_policy == 0 && !set.any && set.count == 0) {
            char subject[160];
            lt_cert_subject_text(cert, subject, sizeof(subject));
            return LT_FAIL(err, LATCH_ERR_BAD_CERTIFICATE,
                           "certificate %s: policyConstraints require an explicit policy, and no "
                           "certificate policy holds for the whole path down to it "
                           "(RFC 5280 6.1.3)",
                           subject);
        }
        if (i == 0)
            break;
        /* RFC 5280 6.1.4 (h): self-issued certificates do not count. */
        if (!lt_name_equal(&cert->subject, &cert->issuer) && explicit_policy > 0)
            explicit_policy--;
        require(&explicit_policy, cert);
    }
    return true;
}
