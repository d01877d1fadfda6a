#include "x509/verify.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "x509/ocsp.h"
#include "x509/signed.h"

#define SUBJECT_MAX 160

/* The most candidate issuers considered for one certificate. */
#define MAX_CANDIDATES 32

bool lt_chain_parse(lt_chain *chain, const uint8_t *const *der, const size_t *len, size_t count,
                    lt_error *err)
{
    chain->certs = NULL;
    chain->count = 0;
    LT_ENSURE(count > 0, err, LATCH_ERR_BAD_CERTIFICATE, "the certificate chain is empty");
    LT_ENSURE(count <= LT_VERIFY_MAX_INPUT, err, LATCH_ERR_BAD_CERTIFICATE,
              "the certificate chain holds %zu certificates, more than %d", count,
              LT_VERIFY_MAX_INPUT);
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

static void subject_of(const lt_cert *cert, char *out, size_t cap)
{
    if (lt_name_is_empty(&cert->subject))
        snprintf(out, cap, "(empty subject)");
    else
        lt_name_format(&cert->subject, out, cap);
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

/* ---- name constraints (RFC 5280 4.2.1.10) ---- */

/* A dNSName constraint covers the names made by adding labels on the
 * left; with a leading "." (a common extension) only those with at least
 * one added label; the empty constraint covers everything. For an
 * excluded subtree, a wildcard name also counts as inside when one of
 * its expansions would be ("*.example.com" against "www.example.com"). */
static bool dns_within(lt_der_span name, lt_der_span constraint, bool excluded)
{
    const char *n = (const char *)name.data, *c = (const char *)constraint.data;
    size_t nl = name.len, cl = constraint.len;
    if (cl == 0)
        return true;
    if (c[0] == '.') {
        if (nl > cl && strncasecmp(n + nl - cl, c, cl) == 0)
            return true;
    } else if ((nl == cl && strncasecmp(n, c, cl) == 0) ||
               (nl > cl && n[nl - cl - 1] == '.' && strncasecmp(n + nl - cl, c, cl) == 0)) {
        return true;
    }
    if (!excluded || nl < 3 || n[0] != '*' || n[1] != '.')
        return false;
    /* "*.example.com" against "x.example.com" or ".x.example.com". */
    if (c[0] == '.') {
        c++;
        cl--;
    }
    const char *dot = memchr(c, '.', cl);
    return dot != NULL && dot != c && (size_t)(c + cl - dot) == nl - 1 &&
           strncasecmp(dot, n + 1, nl - 1) == 0;
}

static bool ip_within(lt_der_span addr, lt_der_span subtree)
{
    if (subtree.len != 2 * addr.len)
        return false;
    const uint8_t *net = subtree.data, *mask = subtree.data + addr.len;
    for (size_t i = 0; i < addr.len; i++)
        if ((addr.data[i] & mask[i]) != (net[i] & mask[i]))
            return false;
    return true;
}

static bool within(const lt_general_name *name, const lt_general_name *tree, bool excluded)
{
    if (name->kind != tree->kind)
        return false;
    if (name->kind == LT_GN_DNS)
        return dns_within(name->value, tree->value, excluded);
    return ip_within(name->value, tree->value);
}

/* A subjectAltName for a sentence (cap at least 5); a dNSName is the
 * peer's bytes, so it is escaped. */
static void general_name_text(const lt_general_name *gn, char *out, size_t cap)
{
    char ip[INET6_ADDRSTRLEN];
    if (gn->kind == LT_GN_DNS) {
        memcpy(out, "DNS:", 4);
        latch_escape(out + 4, cap - 4, gn->value.data, gn->value.len);
    } else if ((gn->value.len == 4 || gn->value.len == 16) &&
               inet_ntop(gn->value.len == 4 ? AF_INET : AF_INET6, gn->value.data, ip, sizeof(ip)) !=
                   NULL) {
        snprintf(out, cap, "IP:%s", ip);
    } else {
        snprintf(out, cap, "IP:(%zu bytes)", gn->value.len);
    }
}

/* The constraints of ca hold for every name of cert. */
static bool check_constraints(const lt_cert *ca, const lt_cert *cert, lt_error *err)
{
    char ca_name[SUBJECT_MAX], subject[SUBJECT_MAX], text[128];
    for (size_t i = 0; i < cert->san.count; i++) {
        const lt_general_name *gn = &cert->san.items[i];
        bool constrained = false, permitted = false;
        for (size_t j = 0; j < ca->permitted.count; j++) {
            const lt_general_name *tree = &ca->permitted.items[j];
            constrained |= tree->kind == gn->kind;
            permitted |= within(gn, tree, false);
        }
        const char *why = constrained && !permitted ? "outside the permitted subtrees" : NULL;
        for (size_t j = 0; why == NULL && j < ca->excluded.count; j++)
            if (within(gn, &ca->excluded.items[j], true))
                why = "inside an excluded subtree";
        if (why == NULL)
            continue;
        subject_of(ca, ca_name, sizeof(ca_name));
        subject_of(cert, subject, sizeof(subject));
        general_name_text(gn, text, sizeof(text));
        return LT_FAIL(err, LATCH_ERR_BAD_CERTIFICATE,
                       "certificate %s: name %s is %s of the nameConstraints of %s", subject, text,
                       why, ca_name);
    }
    return true;
}

/* ---- one path ---- */

static bool check_validity(const lt_cert *cert, int64_t now, lt_error *err)
{
    if (now >= cert->not_before && now <= cert->not_after)
        return true;
    char subject[SUBJECT_MAX], when[32], at[32];
    subject_of(cert, subject, sizeof(subject));
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

static const char *purpose_name(lt_purpose purpose)
{
    return purpose == LT_PURPOSE_CLIENT_AUTH ? "clientAuth" : "serverAuth";
}

static bool check_eku(const lt_cert *cert, lt_purpose purpose, lt_error *err)
{
    unsigned want = purpose == LT_PURPOSE_CLIENT_AUTH ? LT_EKU_CLIENT_AUTH : LT_EKU_SERVER_AUTH;
    if (!(cert->extensions & LT_EXT_EXT_KEY_USAGE) || (cert->ext_key_usage & (want | LT_EKU_ANY)))
        return true;
    char subject[SUBJECT_MAX];
    subject_of(cert, subject, sizeof(subject));
    return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                   "certificate %s: extKeyUsage does not include %s", subject,
                   purpose_name(purpose));
}

/* basicConstraints, keyUsage and pathLenConstraint of an issuer with
 * `below` non-self-issued intermediates under it. */
static bool check_issuer(const lt_cert *ca, size_t below, bool anchor, lt_error *err)
{
    char subject[SUBJECT_MAX];
    subject_of(ca, subject, sizeof(subject));
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
    /* A critical constraint must be enforced, so one latch cannot check
     * (directoryName, rfc822Name, URI, ...) fails closed. */
    LT_ENSURE(!(ca->critical & LT_EXT_NAME_CONSTRAINTS) ||
                  (ca->permitted.other == 0 && ca->excluded.other == 0),
              err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "certificate %s has critical nameConstraints on name forms latch cannot check "
              "(only dNSName and iPAddress are supported)",
              subject);
    return true;
}

static void serial_text(lt_der_span serial, char *out, size_t cap)
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
            !lt_der_span_equal(crl->authority_key_id, issuer->subject_key_id))
            continue;
        LT_GUARD(lt_crl_check(crl, issuer, p->now, err));
        if (lt_crl_lists(crl, cert->serial)) {
            char subject[SUBJECT_MAX], by[SUBJECT_MAX], serial[48];
            subject_of(cert, subject, sizeof(subject));
            subject_of(issuer, by, sizeof(by));
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
    subject_of(leaf, subject, sizeof(subject));
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
    subject_of(cert, subject, sizeof(subject));
    LT_ENSURE(cert->version == 3, err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s is version %u; only trust anchors may be older than v3", subject,
              cert->version);
    if (cert->unknown_critical) {
        char dotted[64];
        lt_der_oid_text(cert->unknown_critical_oid, dotted, sizeof(dotted));
        return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                       "certificate %s has critical extension %s, which latch does not know",
                       subject, dotted);
    }
    LT_GUARD(lt_cert_key_allowed(cert, err));
    snprintf(what, sizeof(what), "certificate %s", subject);
    LT_GUARD(lt_x509_check_signed(issuer, cert->sig_alg, cert->tbs, cert->signature, what, err));
    return check_validity(cert, p->now, err);
}

static bool check_leaf(const lt_verify_params *p, const lt_cert *leaf, lt_error *err)
{
    LT_GUARD(check_eku(leaf, p->purpose, err));
    if ((leaf->extensions & LT_EXT_KEY_USAGE) &&
        (leaf->key_usage & p->leaf_key_usage) != p->leaf_key_usage) {
        char subject[SUBJECT_MAX];
        subject_of(leaf, subject, sizeof(subject));
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
    /* From the anchor down, as RFC 5280 6.1.3 walks the path. */
    for (size_t i = n - 1; i-- > 0;) {
        const lt_cert *cert = path[i], *issuer = path[i + 1];
        LT_GUARD(check_issuer(issuer, intermediates_below(path, i + 1), i + 1 == n - 1, err));
        LT_GUARD(check_cert(p, cert, issuer, err));
        if (i > 0)
            LT_GUARD(check_eku(cert, p->purpose, err));
        /* RFC 5280 6.1.3 (b): a self-issued intermediate is exempt. */
        for (size_t j = i + 1; j < n && (i == 0 || !self_issued(cert)); j++)
            LT_GUARD(check_constraints(path[j], cert, err));
        LT_GUARD(check_crls(p, cert, issuer, err));
    }
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
           lt_der_span_equal(child->authority_key_id, issuer->subject_key_id);
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
        if (++s->attempts > LT_VERIFY_MAX_ATTEMPTS) {
            LT_FAIL(&e, LATCH_ERR_CERTIFICATE_UNKNOWN,
                    "gave up building a certificate path after trying %d candidate issuers",
                    LT_VERIFY_MAX_ATTEMPTS);
            remember(s, &e, SIZE_MAX);
            return STEP_GAVE_UP;
        }
        if (!next[i].anchor && s->len + 1 >= LT_VERIFY_MAX_DEPTH) {
            subject_of(cert, subject, sizeof(subject));
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
        subject_of(cert, subject, sizeof(subject));
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
