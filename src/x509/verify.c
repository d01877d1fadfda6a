#include "x509/verify.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "x509/constraints.h"
#include "x509/ocsp.h"
#include "x509/policy.h"
#include "x509/signed.h"

#define SUBJECT_MAX 160

/* The most candidate issuers considered for one certificate. */
#define MAX_CANDIDATES 32

bool lt_chain_parse(lt_chain *chain, const uint8_t *const *der, const size_t *len, size_t count,
                    lt_error *err)
{
    return lt_chain_parse_max(chain, der, len, count, LT_VERIFY_MAX_INPUT, err);
}

bool lt_chain_parse_max(lt_chain *chain, const uint8_t *const *der, const size_t *len, size_t count,
                        size_t max, lt_error *err)
{
    chain->certs = NULL;
    chain->count = 0;
    LT_ENSURE(count > 0, err, LATCH_ERR_BAD_CERTIFICATE, "the certificate chain is empty");
    LT_ENSURE(count <= max, err, LATCH_ERR_BAD_CERTIFICATE,
              "the certificate chain holds %zu certificates, more than %zu", count, max);
    chain->certs = calloc(count, sizeof(*chain->certs));
    LT_ENSURE(chain->certs != NULL, err, LATCH_ERR_MEMORY,
              "out of memory parsing a chain of %zu certificates", count);
    for (size_t i = 0; i < count; i++) {
        if (!lt_cert_parse_borrowed(&chain->certs[i], der[i], len[i], err)) {
            lt_error_prefix(err, "certificate %zu of the chain: ", i);
            lt_chain_free(chain);
            return false;
        }
        chain->count++;
    }
    return true;
}

void lt_chain_free(lt_chain *chain)
{
    for (size_t i = 0; i < chain->count; i++)
        lt_cert_free(&chain->certs[i]);
    free(chain->certs);
    chain->certs = NULL;
    chain->count = 0;
}

static void format_time(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, cap, "%lld", (long long)t);
}

static bool self_issued(const lt_cert *cert)
{
    return lt_name_equal(&cert->subject, &cert->issuer);
}

/* ---- one path ---- */

static bool check_validity(const lt_cert *cert, int64_t now, lt_error *err)
{
    if (now >= cert->not_before && now <= cert->not_after)
        return true;
    char subject[SUBJECT_MAX], when[32], at[32];
    lt_cert_subject_text(cert, subject, sizeof(subject));
    format_time(now, at, sizeof(at));
    if (now < cert->not_before) {
        format_time(cert->not_before, when, sizeof(when));
        return LT_FAIL(err, LATCH_ERR_CERTIFICATE_EXPIRED,
                       "certificate %s is not valid yet: notBefore is %s, the time is %s", subject,
                       when, at);
    }
    format_time(cert->not_after, when, sizeof(when));
    return LT_FAIL(err, LATCH_ERR_CERTIFICATE_EXPIRED,
                   "certificate %s expired: notAfter is %s, the time is %s", subject, when, at);
}

/* basicConstraints, keyUsage and pathLenConstraint of an issuer with
 * `below` non-self-issued intermediates under it. */
static bool check_issuer(const lt_cert *ca, size_t below, bool anchor, lt_error *err)
{
    char subject[SUBJECT_MAX];
    lt_cert_subject_text(ca, subject, sizeof(subject));
    /* RFC 5280 6.1.4 (k): an issuer must be a CA; a v1 anchor has no
     * extensions to say so and is a CA by being trusted. */
    LT_ENSURE(ca->ca || (anchor && ca->version < 3), err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s issued another certificate but is not a CA (basicConstraints cA "
              "is %s)",
              subject, (ca->extensions & LT_EXT_BASIC_CONSTRAINTS) ? "false" : "absent");
    /* RFC 5280 6.1.4 (n). */
    LT_ENSURE(!(ca->extensions & LT_EXT_KEY_USAGE) || (ca->key_usage & LT_KU_KEY_CERT_SIGN), err,
              LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s issued another certificate but its keyUsage lacks keyCertSign",
              subject);
    /* RFC 5280 6.1.4 (l, m). */
    LT_ENSURE(ca->path_len < 0 || below <= (size_t)ca->path_len, err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s has pathLenConstraint %d but %zu intermediate CA certificates "
              "follow it",
              subject, ca->path_len, below);
    return lt_constraints_valid(ca, err);
}

static void serial_text(lt_span serial, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < serial.len && used + 3 < cap; i++)
        used += (size_t)snprintf(out + used, cap - used, "%02x", serial.data[i]);
}

/* RFC 5280 6.3: the CRLs the caller gave for cert's issuer. */
static bool check_crls(const lt_verify_params *p, const lt_cert *cert, const lt_cert *issuer,
                       lt_error *err)
{
    if (p->crls == NULL)
        return true;
    for (size_t i = 0; i < p->crls->count; i++) {
        const lt_crl *crl = &p->crls->items[i];
        if (!lt_name_equal(&crl->issuer, &issuer->subject))
            continue;
        /* A CRL from another key of the same name is not this issuer's. */
        if (crl->authority_key_id.len > 0 && issuer->subject_key_id.len > 0 &&
            !lt_span_equal(crl->authority_key_id, issuer->subject_key_id))
            continue;
        LT_GUARD(lt_crl_check(crl, issuer, p->now, err));
        if (lt_crl_lists(crl, cert->serial)) {
            char subject[SUBJECT_MAX], by[SUBJECT_MAX], serial[48];
            lt_cert_subject_text(cert, subject, sizeof(subject));
            lt_cert_subject_text(issuer, by, sizeof(by));
            serial_text(cert->serial, serial, sizeof(serial));
            return LT_FAIL(err, LATCH_ERR_CERTIFICATE_REVOKED,
                           "certificate %s (serial %s) is revoked: the CRL of %s lists it", subject,
                           serial, by);
        }
    }
    return true;
}

static bool check_ocsp(const lt_verify_params *p, const lt_cert *leaf, const lt_cert *issuer,
                       lt_error *err)
{
    lt_ocsp_status status;
    if (lt_ocsp_check(p->ocsp, p->ocsp_len, leaf, issuer, p->now, &status, err))
        return true;
    char subject[SUBJECT_MAX];
    lt_cert_subject_text(leaf, subject, sizeof(subject));
    lt_error_prefix(err, "certificate %s: stapled OCSP response: ", subject);
    if (p->ocsp_stapled && err->code != LATCH_ERR_CERTIFICATE_REVOKED &&
        err->code != LATCH_ERR_MEMORY && err->code != LATCH_ERR_INTERNAL)
        err->code = LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE;
    return false;
}

/* Checks that apply to one non-anchor certificate on its own. */
static bool check_cert(const lt_verify_params *p, const lt_cert *cert, const lt_cert *issuer,
                       lt_error *err)
{
    char subject[SUBJECT_MAX], what[SUBJECT_MAX + 16];
    lt_cert_subject_text(cert, subject, sizeof(subject));
    LT_ENSURE(cert->version == 3, err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s is version %u; only trust anchors may be older than v3", subject,
              cert->version);
    LT_GUARD(lt_cert_key_allowed(cert, err));
    snprintf(what, sizeof(what), "certificate %s", subject);
    LT_GUARD(lt_x509_check_signed_cached(p->keys, issuer, cert->sig_alg, cert->tbs, cert->signature,
                                         what, err));
    return check_validity(cert, p->now, err);
}

static bool check_leaf(const lt_verify_params *p, const lt_cert *leaf, lt_error *err)
{
    LT_GUARD(lt_path_check_eku(leaf, p->purpose, err));
    if ((leaf->extensions & LT_EXT_KEY_USAGE) &&
        (leaf->key_usage & p->leaf_key_usage) != p->leaf_key_usage) {
        char subject[SUBJECT_MAX];
        lt_cert_subject_text(leaf, subject, sizeof(subject));
        return LT_FAIL(
            err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
            "certificate %s: keyUsage does not allow %s, which this key exchange needs", subject,
            (p->leaf_key_usage & LT_KU_KEY_ENCIPHERMENT) ? "keyEncipherment" : "digitalSignature");
    }
    if (p->host != NULL)
        LT_GUARD(lt_cert_check_host(leaf, p->host, err));
    return true;
}

/* Non-self-issued intermediates between path[k] and the leaf. */
static size_t intermediates_below(const lt_cert *const *path, size_t k)
{
    size_t count = 0;
    for (size_t i = 1; i < k; i++)
        count += !self_issued(path[i]);
    return count;
}

/* RFC 5280 6.1 over path[0..n-1], leaf first, path[n-1] the anchor. */
static bool validate(const lt_verify_params *p, const lt_cert *const *path, size_t n, lt_error *err)
{
    const lt_cert *anchor = path[n - 1];
    LT_GUARD(lt_cert_key_allowed(anchor, err));
    LT_GUARD(check_validity(anchor, p->now, err));
    LT_GUARD(lt_path_rules(anchor, LT_ROLE_ANCHOR, p->purpose, p->profile, err));
    /* From the anchor down, as RFC 5280 6.1.3 walks the path. */
    for (size_t i = n - 1; i-- > 0;) {
        const lt_cert *cert = path[i], *issuer = path[i + 1];
        LT_GUARD(check_issuer(issuer, intermediates_below(path, i + 1), i + 1 == n - 1, err));
        LT_GUARD(check_cert(p, cert, issuer, err));
        LT_GUARD(lt_path_rules(cert, i == 0 ? LT_ROLE_LEAF : LT_ROLE_INTERMEDIATE, p->purpose,
                               p->profile, err));
        if (i > 0)
            LT_GUARD(lt_path_check_eku(cert, p->purpose, err));
        /* RFC 5280 6.1.3 (b): a self-issued intermediate is exempt. */
        for (size_t j = i + 1; j < n && (i == 0 || !self_issued(cert)); j++)
            LT_GUARD(lt_constraints_check(path[j], cert, err));
        LT_GUARD(check_crls(p, cert, issuer, err));
    }
    LT_GUARD(lt_policy_check(path, n, err));
    LT_GUARD(check_leaf(p, path[0], err));
    if (p->ocsp != NULL && n >= 2)
        LT_GUARD(check_ocsp(p, path[0], path[1], err));
    return true;
}

/* ---- building ---- */

typedef struct search {
    const lt_verify_params *p;
    const lt_chain *chain;
    const lt_cert *path[LT_VERIFY_MAX_DEPTH];
    size_t len;
    size_t attempts;
    lt_error best; /* the failure of the most promising path so far */
    size_t best_score;
} search;

typedef enum step { STEP_FAILED, STEP_FOUND, STEP_GAVE_UP } step;

/* Keeps the failure of the path that got furthest: one that reached an
 * anchor beats one that did not, a longer one a shorter one. */
static void remember(search *s, const lt_error *e, size_t score)
{
    if (score > s->best_score || s->best.code == LATCH_OK) {
        s->best = *e;
        s->best_score = score;
    }
}

static bool in_path(const search *s, const lt_cert *cert)
{
    for (size_t i = 0; i < s->len; i++)
        if (s->path[i] == cert || (s->path[i]->der_len == cert->der_len &&
                                   memcmp(s->path[i]->der, cert->der, cert->der_len) == 0))
            return true;
    return false;
}

static bool key_id_matches(const lt_cert *child, const lt_cert *issuer)
{
    return child->authority_key_id.len > 0 &&
           lt_span_equal(child->authority_key_id, issuer->subject_key_id);
}

typedef struct candidate {
    const lt_cert *cert;
    bool anchor;
} candidate;

/* Anchors and sent certificates whose subject is cert's issuer: those
 * whose key identifier matches first, anchors before intermediates. */
static size_t candidates(const search *s, const lt_cert *cert, candidate *out)
{
    candidate all[MAX_CANDIDATES];
    size_t n = 0;
    const lt_cert *const *anchors;
    size_t anchor_count;
    lt_trust_find(s->p->trust, &cert->issuer, &anchors, &anchor_count);
    for (size_t i = 0; i < anchor_count && n < MAX_CANDIDATES; i++)
        if (!in_path(s, anchors[i]))
            all[n++] = (candidate){anchors[i], true};
    for (size_t i = 1; i < s->chain->count && n < MAX_CANDIDATES; i++) {
        const lt_cert *c = &s->chain->certs[i];
        if (lt_name_equal(&c->subject, &cert->issuer) && !in_path(s, c))
            all[n++] = (candidate){c, false};
    }
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++)
            if (key_id_matches(cert, all[i].cert) == (pass == 0))
                out[k++] = all[i];
    return k;
}

static step try_path(search *s, lt_path *out)
{
    lt_error e;
    lt_error_clear(&e);
    if (validate(s->p, s->path, s->len, &e)) {
        memcpy(out->certs, s->path, s->len * sizeof(s->path[0]));
        out->len = s->len;
        return STEP_FOUND;
    }
    remember(s, &e, 1000 + s->len);
    return STEP_FAILED;
}

static step extend(search *s, lt_path *out)
{
    const lt_cert *cert = s->path[s->len - 1];
    char subject[SUBJECT_MAX], issuer[SUBJECT_MAX];
    lt_error e;
    lt_error_clear(&e);
    /* A certificate that is itself trusted ends the path (the peer may
     * send the root, or be trusted directly). */
    if (lt_trust_contains(s->p->trust, cert))
        return try_path(s, out);
    candidate next[MAX_CANDIDATES];
    size_t count = candidates(s, cert, next);
    for (size_t i = 0; i < count; i++) {
        /* The first failure sticks to an lt_error: each gets a fresh one. */
        lt_error_clear(&e);
        if (++s->attempts > LT_VERIFY_MAX_ATTEMPTS) {
            LT_FAIL(&e, LATCH_ERR_CERTIFICATE_UNKNOWN,
                    "gave up building a certificate path after trying %d candidate issuers",
                    LT_VERIFY_MAX_ATTEMPTS);
            remember(s, &e, SIZE_MAX);
            return STEP_GAVE_UP;
        }
        if (!next[i].anchor && s->len + 1 >= LT_VERIFY_MAX_DEPTH) {
            lt_cert_subject_text(cert, subject, sizeof(subject));
            LT_FAIL(&e, LATCH_ERR_UNKNOWN_CA,
                    "certificate %s: no trusted path within %d certificates", subject,
                    LT_VERIFY_MAX_DEPTH);
            remember(s, &e, s->len);
            continue;
        }
        s->path[s->len++] = next[i].cert;
        step r = next[i].anchor ? try_path(s, out) : extend(s, out);
        s->len--;
        if (r != STEP_FAILED)
            return r;
    }
    if (count == 0) {
        lt_cert_subject_text(cert, subject, sizeof(subject));
        lt_name_format(&cert->issuer, issuer, sizeof(issuer));
        if (self_issued(cert))
            LT_FAIL(&e, LATCH_ERR_UNKNOWN_CA,
                    "certificate %s is self-signed and is not a trust anchor", subject);
        else
            LT_FAIL(&e, LATCH_ERR_UNKNOWN_CA,
                    "certificate %s: its issuer %s is not a trust anchor and was not sent", subject,
                    issuer);
        remember(s, &e, s->len);
    }
    return STEP_FAILED;
}

bool lt_verify_chain(const lt_verify_params *params, const lt_chain *chain, lt_path *path,
                     lt_error *err)
{
    LT_ENSURE(chain->count > 0, err, LATCH_ERR_BAD_CERTIFICATE, "the certificate chain is empty");
    search s;
    memset(&s, 0, sizeof(s));
    s.p = params;
    s.chain = chain;
    s.path[0] = &chain->certs[0];
    s.len = 1;
    lt_error_clear(&s.best);
    memset(path, 0, sizeof(*path));
    if (extend(&s, path) == STEP_FOUND)
        return true;
    if (!lt_error_is_set(err))
        *err = s.best;
    return false;
}
