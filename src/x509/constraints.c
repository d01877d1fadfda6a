#include "x509/constraints.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "x509/name_match.h"

#define TEXT_MAX 160

bool lt_dns_name_valid(lt_span name, bool wildcard_ok)
{
    const char *n = (const char *)name.data;
    size_t len = name.len, label = 0;
    if (len == 0 || len > 253)
        return false;
    size_t start = 0;
    if (wildcard_ok && len > 2 && n[0] == '*' && n[1] == '.')
        start = 2;
    for (size_t i = start; i < len; i++) {
        char c = n[i];
        if (c == '.') {
            if (label == 0 || n[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!(alnum || (c == '-' && label > 0)) || ++label > 63)
            return false;
    }
    return label > 0 && n[len - 1] != '-';
}

/* A dNSName constraint covers itself and the names with labels added on
 * the left; the empty constraint covers everything. For an excluded
 * subtree a wildcard counts as inside when one of its expansions would be
 * ("*.example.com" against "www.example.com"). */
static bool dns_within(lt_span name, lt_span constraint, bool excluded)
{
    const char *n = (const char *)name.data, *c = (const char *)constraint.data;
    size_t nl = name.len, cl = constraint.len;
    if (cl == 0)
        return true;
    if ((nl == cl && strncasecmp(n, c, cl) == 0) ||
        (nl > cl && n[nl - cl - 1] == '.' && strncasecmp(n + nl - cl, c, cl) == 0))
        return true;
    if (!excluded || nl < 3 || n[0] != '*' || n[1] != '.')
        return false;
    const char *dot = memchr(c, '.', cl);
    return dot != NULL && dot != c && (size_t)(c + cl - dot) == nl - 1 &&
           strncasecmp(dot, n + 1, nl - 1) == 0;
}

/* RFC 5280 4.2.1.10: "user@host" is one mailbox, "host" every mailbox on
 * that host, ".domain" every mailbox on a host under the domain. */
static bool email_within(lt_span name, lt_span constraint)
{
    const char *n = (const char *)name.data, *c = (const char *)constraint.data;
    size_t nl = name.len, cl = constraint.len;
    const char *at = memchr(n, '@', nl);
    if (at == NULL)
        return false;
    if (memchr(c, '@', cl) != NULL) {
        size_t local = (size_t)(at - n);
        /* The local part is case-sensitive, the host is not. */
        return nl == cl && memcmp(n, c, local + 1) == 0 &&
               strncasecmp(at + 1, c + local + 1, nl - local - 1) == 0;
    }
    const char *host = at + 1;
    size_t hl = nl - (size_t)(host - n);
    if (cl > 0 && c[0] == '.')
        return hl > cl && strncasecmp(host + hl - cl, c, cl) == 0;
    return hl == cl && strncasecmp(host, c, cl) == 0;
}

static bool ip_within(lt_span addr, lt_span subtree)
{
    if (subtree.len != 2 * addr.len)
        return false;
    const uint8_t *net = subtree.data, *mask = subtree.data + addr.len;
    for (size_t i = 0; i < addr.len; i++)
        if ((addr.data[i] & mask[i]) != (net[i] & mask[i]))
            return false;
    return true;
}

static bool checkable(lt_general_name_kind kind)
{
    return kind == LT_GN_DNS || kind == LT_GN_EMAIL || kind == LT_GN_DIRNAME || kind == LT_GN_IP;
}

static bool within(const lt_general_name *name, const lt_general_name *tree, bool excluded)
{
    if (name->kind != tree->kind)
        return false;
    switch (name->kind) {
    case LT_GN_DNS:
        return dns_within(name->value, tree->value, excluded);
    case LT_GN_EMAIL:
        return email_within(name->value, tree->value);
    case LT_GN_DIRNAME:
        return lt_name_within(name->value, tree->value);
    case LT_GN_IP:
        return ip_within(name->value, tree->value);
    default:
        return false;
    }
}

/* A name for a sentence (cap at least 16): text kinds are the peer's
 * bytes, so they go through the one escaping function. */
static void general_name_text(const lt_general_name *gn, char *out, size_t cap)
{
    static const char *const prefix[] = {"otherName",    "email", "DNS", "x400Address", "DirName",
                                         "ediPartyName", "URI",   "IP",  "registeredID"};
    size_t used = strlen(prefix[gn->kind]) + 1;
    memcpy(out, prefix[gn->kind], used - 1);
    out[used - 1] = ':';
    out[used] = '\0';
    char ip[INET6_ADDRSTRLEN];
    if (gn->kind == LT_GN_DNS || gn->kind == LT_GN_EMAIL || gn->kind == LT_GN_URI) {
        latch_escape(out + used, cap - used, gn->value.data, gn->value.len);
    } else if (gn->kind == LT_GN_DIRNAME) {
        lt_name dn = {gn->value};
        lt_name_format(&dn, out + used, cap - used);
    } else if (gn->kind == LT_GN_IP && (gn->value.len == 4 || gn->value.len == 16) &&
               inet_ntop(gn->value.len == 4 ? AF_INET : AF_INET6, gn->value.data, ip, sizeof(ip)) !=
                   NULL) {
        snprintf(out + used, cap - used, "%s", ip);
    }
}

static bool any_of_kind(const lt_general_names *list, lt_general_name_kind kind)
{
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].kind == kind)
            return true;
    return false;
}

bool lt_constraints_valid(const lt_cert *ca, lt_error *err)
{
    if (!(ca->extensions & LT_EXT_NAME_CONSTRAINTS))
        return true;
    char subject[TEXT_MAX];
    lt_cert_subject_text(ca, subject, sizeof(subject));
    /* RFC 5280 4.2.1.10: nameConstraints only in a CA certificate. */
    LT_ENSURE(ca->ca, err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s is not a CA but carries nameConstraints (RFC 5280 4.2.1.10)",
              subject);
    const lt_general_names *lists[2] = {&ca->permitted, &ca->excluded};
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->count; i++) {
            const lt_general_name *tree = &lists[l]->items[i];
            if (tree->kind != LT_GN_DNS || tree->value.len == 0)
                continue;
            char text[TEXT_MAX];
            general_name_text(tree, text, sizeof(text));
            /* RFC 5280 4.2.1.10 gives the leading period to URIs and
             * mailboxes; a dNSName constraint is a DNS name. */
            LT_ENSURE(lt_dns_name_valid(tree->value, false), err, LATCH_ERR_BAD_CERTIFICATE,
                      "certificate %s: nameConstraints entry %s is not a DNS name (a leading "
                      "period is for URI constraints only, RFC 5280 4.2.1.10)",
                      subject, text);
        }
    return true;
}

static bool check_name(const lt_cert *ca, const lt_cert *cert, const lt_general_name *gn,
                       lt_error *err)
{
    bool constrained = any_of_kind(&ca->permitted, gn->kind);
    bool excluded_form = any_of_kind(&ca->excluded, gn->kind);
    if (!constrained && !excluded_form)
        return true;
    char ca_name[TEXT_MAX], subject[TEXT_MAX], text[TEXT_MAX];
    lt_cert_subject_text(ca, ca_name, sizeof(ca_name));
    lt_cert_subject_text(cert, subject, sizeof(subject));
    general_name_text(gn, text, sizeof(text));
    LT_ENSURE(checkable(gn->kind), err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "certificate %s: name %s has a form the nameConstraints of %s constrain but latch "
              "cannot check",
              subject, text, ca_name);
    LT_ENSURE(gn->kind != LT_GN_DNS || lt_dns_name_valid(gn->value, true), err,
              LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s: name %s is not a valid DNS name, so the nameConstraints of %s "
              "cannot hold for it",
              subject, text, ca_name);
    bool permitted = !constrained;
    for (size_t j = 0; !permitted && j < ca->permitted.count; j++)
        permitted = within(gn, &ca->permitted.items[j], false);
    const char *why = permitted ? NULL : "outside the permitted subtrees";
    for (size_t j = 0; why == NULL && j < ca->excluded.count; j++)
        if (within(gn, &ca->excluded.items[j], true))
            why = "inside an excluded subtree";
    if (why == NULL)
        return true;
    return LT_FAIL(err, LATCH_ERR_BAD_CERTIFICATE,
                   "certificate %s: name %s is %s of the nameConstraints of %s", subject, text, why,
                   ca_name);
}

bool lt_constraints_check(const lt_cert *ca, const lt_cert *cert, lt_error *err)
{
    if (!(ca->extensions & LT_EXT_NAME_CONSTRAINTS))
        return true;
    /* RFC 5280 6.1.3 (b): the subject is a directoryName too. */
    if (!lt_name_is_empty(&cert->subject)) {
        lt_general_name subject = {LT_GN_DIRNAME, cert->subject.der};
        LT_GUARD(check_name(ca, cert, &subject, err));
    }
    for (size_t i = 0; i < cert->san.count; i++)
        LT_GUARD(check_name(ca, cert, &cert->san.items[i], err));
    /* RFC 5280 4.2.1.10: without a subjectAltName, rfc822Name constraints
     * apply to the subject's emailAddress attributes. */
    if (!(cert->extensions & LT_EXT_SUBJECT_ALT_NAME)) {
        lt_span emails[LT_NAME_MAX_RDNS];
        size_t count;
        lt_name_emails(cert->subject.der, emails, LT_NAME_MAX_RDNS, &count);
        for (size_t i = 0; i < count; i++) {
            lt_general_name email = {LT_GN_EMAIL, emails[i]};
            LT_GUARD(check_name(ca, cert, &email, err));
        }
    }
    return true;
}
