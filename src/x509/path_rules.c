#include "x509/path_rules.h"

#include <stdio.h>
#include <string.h>

#define SUBJECT_MAX 160

/* Appended to the sentence of a rule the rfc5280 profile does not have. */
#define WEBPKI_ONLY "; a Web PKI rule, which --profile rfc5280 (LATCH_PROFILE_RFC5280) leaves out"

/* The subject for a sentence, formatted only when a rule fails. */
typedef struct named {
    const lt_cert *cert;
    char text[SUBJECT_MAX];
} named;

static const char *who(named *n)
{
    if (n->text[0] == '\0')
        lt_cert_subject_text(n->cert, n->text, sizeof(n->text));
    return n->text;
}

static const char *purpose_name(lt_purpose purpose)
{
    return purpose == LT_PURPOSE_CLIENT_AUTH ? "clientAuth" : "serverAuth";
}

bool lt_path_check_eku(const lt_cert *cert, lt_purpose purpose, lt_error *err)
{
    unsigned want = purpose == LT_PURPOSE_CLIENT_AUTH ? LT_EKU_CLIENT_AUTH : LT_EKU_SERVER_AUTH;
    if (!(cert->extensions & LT_EXT_EXT_KEY_USAGE) || (cert->ext_key_usage & (want | LT_EKU_ANY)))
        return true;
    char subject[SUBJECT_MAX];
    lt_cert_subject_text(cert, subject, sizeof(subject));
    return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                   "certificate %s: extKeyUsage does not include %s", subject,
                   purpose_name(purpose));
}

static bool self_issued(const lt_cert *cert)
{
    return lt_name_equal(&cert->subject, &cert->issuer);
}

/* RFC 5280 4.1.2.2: the serial is a positive INTEGER. */
static bool serial_positive(lt_span serial)
{
    if (serial.len == 0 || (serial.data[0] & 0x80))
        return false;
    for (size_t i = 0; i < serial.len; i++)
        if (serial.data[i] != 0)
            return true;
    return false;
}

/* Criticality rules every certificate follows, the anchor's included. */
static bool check_criticality(const lt_cert *cert, named *subject, lt_error *err)
{
    /* RFC 5280 4.2.1.1, 4.2.1.2, 4.2.2.1: must not be critical. */
    static const struct {
        unsigned flag;
        const char *name, *section;
    } never[] = {
        {LT_EXT_AUTHORITY_KEY_ID, "authorityKeyIdentifier", "4.2.1.1"},
        {LT_EXT_SUBJECT_KEY_ID, "subjectKeyIdentifier", "4.2.1.2"},
        {LT_EXT_AUTHORITY_INFO_ACCESS, "authorityInfoAccess", "4.2.2.1"},
    };
    for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
        LT_ENSURE(!(cert->critical & never[i].flag), err, LATCH_ERR_BAD_CERTIFICATE,
                  "certificate %s: %s is marked critical, which RFC 5280 %s forbids", who(subject),
                  never[i].name, never[i].section);
    /* RFC 5280 4.2.1.11: conforming CAs must mark it critical. */
    LT_ENSURE(!(cert->extensions & LT_EXT_POLICY_CONSTRAINTS) ||
                  (cert->critical & LT_EXT_POLICY_CONSTRAINTS),
              err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s: policyConstraints is not marked critical, as RFC 5280 4.2.1.11 "
              "requires",
              who(subject));
    return true;
}

static bool check_san(const lt_cert *cert, named *subject, lt_profile profile, lt_error *err)
{
    if (!(cert->extensions & LT_EXT_SUBJECT_ALT_NAME))
        return true;
    bool critical = cert->critical & LT_EXT_SUBJECT_ALT_NAME;
    /* RFC 5280 4.2.1.6: with an empty who(subject), the names are all in the
     * subjectAltName, which must then be critical. */
    if (lt_name_is_empty(&cert->subject))
        LT_ENSURE(critical, err, LATCH_ERR_BAD_CERTIFICATE,
                  "certificate %s: the subject is empty but subjectAltName is not critical, as "
                  "RFC 5280 4.2.1.6 requires",
                  who(subject));
    else if (profile == LT_PROFILE_WEBPKI)
        /* BR 7.1.2.7.12: critical only when the subject is empty. */
        LT_ENSURE(!critical, err, LATCH_ERR_BAD_CERTIFICATE,
                  "certificate %s: subjectAltName is critical though the subject is not empty "
                  "(BR 7.1.2.7.12)" WEBPKI_ONLY,
                  who(subject));
    return true;
}

static bool check_leaf(const lt_cert *cert, named *subject, lt_purpose purpose, lt_profile profile,
                       lt_error *err)
{
    /* BR 7.1.2.7.8, RFC 5280 4.2.1.9 and 4.2.1.3: keyCertSign and cA are
     * for CA certificates, which cannot stand for a server or client. */
    LT_ENSURE(!cert->ca, err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s is a CA certificate (basicConstraints cA is true), not an "
              "end-entity one, so it cannot be the leaf",
              who(subject));
    LT_ENSURE(!(cert->key_usage & LT_KU_KEY_CERT_SIGN), err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s has keyUsage keyCertSign, which only a CA certificate may have, so "
              "it cannot be the leaf",
              who(subject));
    /* RFC 5280 4.2.1.10: nameConstraints only in CA certificates. */
    LT_ENSURE(!(cert->extensions & LT_EXT_NAME_CONSTRAINTS), err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s is an end-entity certificate with nameConstraints, which RFC 5280 "
              "4.2.1.10 allows in CA certificates only",
              who(subject));
    if (profile != LT_PROFILE_WEBPKI)
        return true;
    if (purpose == LT_PURPOSE_SERVER_AUTH) {
        /* BR 7.1.2.7.10: present, serverAuth, no anyExtendedKeyUsage. */
        bool eku = cert->extensions & LT_EXT_EXT_KEY_USAGE;
        LT_ENSURE(eku, err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                  "certificate %s has no extKeyUsage; a server certificate must list serverAuth "
                  "(BR 7.1.2.7.10)" WEBPKI_ONLY,
                  who(subject));
        LT_ENSURE(!(cert->ext_key_usage & LT_EKU_ANY), err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                  "certificate %s: extKeyUsage lists anyExtendedKeyUsage, which a server "
                  "certificate must not (BR 7.1.2.7.10)" WEBPKI_ONLY,
                  who(subject));
        LT_ENSURE(cert->ext_key_usage & LT_EKU_SERVER_AUTH, err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                  "certificate %s: extKeyUsage does not include serverAuth", who(subject));
        LT_ENSURE(!(cert->critical & LT_EXT_EXT_KEY_USAGE), err, LATCH_ERR_BAD_CERTIFICATE,
                  "certificate %s: extKeyUsage is critical (BR 7.1.2.7.10)" WEBPKI_ONLY,
                  who(subject));
    }
    /* BR 7.1.4.2: a dNSName is a host name, and "_" is not in one. */
    for (size_t i = 0; i < cert->san.count; i++) {
        const lt_general_name *gn = &cert->san.items[i];
        if (gn->kind == LT_GN_DNS && memchr(gn->value.data, '_', gn->value.len) != NULL)
            return LT_FAIL(
                err, LATCH_ERR_BAD_CERTIFICATE,
                "certificate %s: dNSName %.*s holds an underscore (BR 7.1.4.2)" WEBPKI_ONLY,
                who(subject), (int)(gn->value.len > 64 ? 64 : gn->value.len),
                (const char *)gn->value.data);
    }
    return true;
}

/* 2023-09-15T00:00:00Z, the effective date of the BR certificate profiles. */
#define BR_ROOT_PROFILE_EFFECTIVE INT64_C(1694736000)

static bool check_anchor(const lt_cert *cert, named *subject, lt_purpose purpose,
                         lt_profile profile, lt_error *err)
{
    LT_GUARD(lt_path_check_eku(cert, purpose, err));
    /* The Baseline Requirements' root profile (BR 7.1.2.1) binds roots
     * issued from its effective date on; older roots that browsers and
     * Debian's bundle still trust (Go Daddy Class 2, QuoVadis Root CA 2,
     * ...) carry an issuer and serial in their AKI and keep anchoring. */
    if (profile != LT_PROFILE_WEBPKI || !self_issued(cert) ||
        cert->not_before < BR_ROOT_PROFILE_EFFECTIVE)
        return true;
    /* BR 7.1.2.1.2: a root carries no extKeyUsage, and its AKI, if any,
     * only a keyIdentifier. */
    LT_ENSURE(!(cert->extensions & LT_EXT_EXT_KEY_USAGE), err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "root %s carries extKeyUsage, which a root must not (BR 7.1.2.1.2)" WEBPKI_ONLY,
              who(subject));
    LT_ENSURE(
        !cert->authority_cert_issuer, err, LATCH_ERR_BAD_CERTIFICATE,
        "root %s: authorityKeyIdentifier carries an issuer and serial (BR 7.1.2.1.3)" WEBPKI_ONLY,
        who(subject));
    return true;
}

bool lt_path_rules(const lt_cert *cert, lt_cert_role role, lt_purpose purpose, lt_profile profile,
                   lt_error *err)
{
    named name = {.cert = cert, .text = ""};
    named *subject = &name;
    /* RFC 5280 4.2; for an anchor RFC 5937 2: its own extensions apply,
     * so one latch does not understand fails the path. */
    if (cert->unknown_critical) {
        char dotted[64];
        lt_der_oid_text(cert->unknown_critical_oid, dotted, sizeof(dotted));
        return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                       "certificate %s has critical extension %s, which latch does not know",
                       who(subject), dotted);
    }
    LT_GUARD(check_criticality(cert, subject, err));
    if (role == LT_ROLE_ANCHOR)
        return check_anchor(cert, subject, purpose, profile, err);
    LT_ENSURE(serial_positive(cert->serial), err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s: the serial number is zero or negative; RFC 5280 4.1.2.2 requires "
              "a positive one",
              who(subject));
    /* RFC 5280 4.2.1.1: required except in self-signed certificates. */
    LT_ENSURE(self_issued(cert) || (cert->extensions & LT_EXT_AUTHORITY_KEY_ID), err,
              LATCH_ERR_BAD_CERTIFICATE,
              "certificate %s has no authorityKeyIdentifier, which RFC 5280 4.2.1.1 requires",
              who(subject));
    /* RFC 5280 4.2.1.2: required in CA certificates. */
    LT_ENSURE(role != LT_ROLE_INTERMEDIATE || (cert->extensions & LT_EXT_SUBJECT_KEY_ID), err,
              LATCH_ERR_BAD_CERTIFICATE,
              "CA certificate %s has no subjectKeyIdentifier, which RFC 5280 4.2.1.2 requires",
              who(subject));
    LT_GUARD(check_san(cert, subject, profile, err));
    /* BR 6.1.5: the modulus is a whole number of octets. */
    LT_ENSURE(profile != LT_PROFILE_WEBPKI ||
                  (cert->key_type != LT_KEY_RSA && cert->key_type != LT_KEY_RSA_PSS) ||
                  cert->key_bits % 8 == 0,
              err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "certificate %s has a %u-bit RSA modulus, not a multiple of 8 (BR 6.1.5)" WEBPKI_ONLY,
              who(subject), cert->key_bits);
    if (role == LT_ROLE_LEAF)
        return check_leaf(cert, subject, purpose, profile, err);
    return true;
}
