#include "x509/cert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x509/oid.h"

/* Signature algorithms and what their parameters must be. */
enum params { PARAMS_ABSENT, PARAMS_NULL_OR_ABSENT, PARAMS_PSS };

static const struct sig_alg_entry {
    const uint8_t *oid;
    size_t oid_len;
    lt_x509_sig_alg alg;
    enum params params;
    const char *name;
} sig_algs[] = {
#define OID(x) x, sizeof(x)
    /* RFC 4055 5: NULL parameters, and absent ones must be accepted. */
    {OID(OID_MD5_RSA), LT_X509_SIG_MD5_RSA, PARAMS_NULL_OR_ABSENT, "md5WithRSAEncryption"},
    {OID(OID_SHA1_RSA), LT_X509_SIG_RSA_PKCS1_SHA1, PARAMS_NULL_OR_ABSENT, "sha1WithRSAEncryption"},
    {OID(OID_SHA256_RSA), LT_X509_SIG_RSA_PKCS1_SHA256, PARAMS_NULL_OR_ABSENT,
     "sha256WithRSAEncryption"},
    {OID(OID_SHA384_RSA), LT_X509_SIG_RSA_PKCS1_SHA384, PARAMS_NULL_OR_ABSENT,
     "sha384WithRSAEncryption"},
    {OID(OID_SHA512_RSA), LT_X509_SIG_RSA_PKCS1_SHA512, PARAMS_NULL_OR_ABSENT,
     "sha512WithRSAEncryption"},
    /* RFC 5758 3.2 and RFC 8410 3: ECDSA and Ed25519 have no parameters. */
    {OID(OID_ECDSA_SHA1), LT_X509_SIG_ECDSA_SHA1, PARAMS_ABSENT, "ecdsa-with-SHA1"},
    {OID(OID_ECDSA_SHA256), LT_X509_SIG_ECDSA_SHA256, PARAMS_ABSENT, "ecdsa-with-SHA256"},
    {OID(OID_ECDSA_SHA384), LT_X509_SIG_ECDSA_SHA384, PARAMS_ABSENT, "ecdsa-with-SHA384"},
    {OID(OID_ECDSA_SHA512), LT_X509_SIG_ECDSA_SHA512, PARAMS_ABSENT, "ecdsa-with-SHA512"},
    {OID(OID_ED25519), LT_X509_SIG_ED25519, PARAMS_ABSENT, "Ed25519"},
    {OID(OID_RSA_PSS), LT_X509_SIG_UNKNOWN, PARAMS_PSS, "RSASSA-PSS"},
#undef OID
};

static const char *const pss_names[] = {"RSASSA-PSS with SHA-256", "RSASSA-PSS with SHA-384",
                                        "RSASSA-PSS with SHA-512"};

const char *lt_x509_sig_alg_name(lt_x509_sig_alg alg)
{
    switch (alg) {
    case LT_X509_SIG_RSA_PSS_SHA256:
        return pss_names[0];
    case LT_X509_SIG_RSA_PSS_SHA384:
        return pss_names[1];
    case LT_X509_SIG_RSA_PSS_SHA512:
        return pss_names[2];
    default:
        break;
    }
    for (size_t i = 0; i < sizeof(sig_algs) / sizeof(sig_algs[0]); i++)
        if (sig_algs[i].alg == alg && alg != LT_X509_SIG_UNKNOWN)
            return sig_algs[i].name;
    return "unknown";
}

/* A hash AlgorithmIdentifier inside RSASSA-PSS parameters: 0, 1 or 2 for
 * SHA-256, -384, -512 (RFC 4055 2.1: parameters NULL or absent). */
static bool read_pss_hash(lt_reader *r, unsigned *hash, const char *what, lt_error *err)
{
    lt_reader alg;
    lt_span oid;
    LT_GUARD(lt_der_read(r, LT_DER_SEQUENCE, &alg, what, err));
    LT_GUARD(lt_der_read_oid(&alg, &oid, what, err));
    if (LT_DER_OID_IS(oid, OID_SHA256))
        *hash = 0;
    else if (LT_DER_OID_IS(oid, OID_SHA384))
        *hash = 1;
    else if (LT_DER_OID_IS(oid, OID_SHA512))
        *hash = 2;
    else
        return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                       "%s: only SHA-256, SHA-384 and SHA-512 are supported", what);
    if (!lt_reader_done(&alg))
        LT_GUARD(lt_der_read_null(&alg, what, err));
    return lt_der_done(&alg, what, err);
}

/* RSASSA-PSS-params (RFC 4055 3.1), accepted only in the common form: a
 * SHA-2 hash, MGF1 with the same hash, salt as long as the hash, trailer 1. */
static bool read_pss_params(lt_reader *r, lt_x509_sig_alg *alg, const char *what, lt_error *err)
{
    static const lt_x509_sig_alg algs[] = {LT_X509_SIG_RSA_PSS_SHA256, LT_X509_SIG_RSA_PSS_SHA384,
                                           LT_X509_SIG_RSA_PSS_SHA512};
    lt_reader params, field, mgf;
    lt_span mgf_oid;
    unsigned hash, mgf_hash;
    uint64_t salt;
    bool present;
    LT_GUARD(lt_der_read(r, LT_DER_SEQUENCE, &params, what, err));
    LT_GUARD(
        lt_der_read_optional(&params, LT_DER_CONTEXT_CONSTRUCTED(0), &present, &field, what, err));
    LT_ENSURE(present, err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "%s: RSASSA-PSS with the default hash SHA-1 is not supported", what);
    LT_GUARD(read_pss_hash(&field, &hash, what, err));
    LT_GUARD(lt_der_done(&field, what, err));
    LT_GUARD(
        lt_der_read_optional(&params, LT_DER_CONTEXT_CONSTRUCTED(1), &present, &field, what, err));
    LT_ENSURE(present, err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "%s: RSASSA-PSS with the default mask generation (MGF1 with SHA-1) is not "
              "supported",
              what);
    LT_GUARD(lt_der_read(&field, LT_DER_SEQUENCE, &mgf, what, err));
    LT_GUARD(lt_der_read_oid(&mgf, &mgf_oid, what, err));
    LT_ENSURE(LT_DER_OID_IS(mgf_oid, OID_MGF1), err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "%s: RSASSA-PSS mask generation function is not MGF1", what);
    LT_GUARD(read_pss_hash(&mgf, &mgf_hash, what, err));
    LT_GUARD(lt_der_done(&mgf, what, err));
    LT_GUARD(lt_der_done(&field, what, err));
    LT_ENSURE(mgf_hash == hash, err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "%s: RSASSA-PSS uses MGF1 with a hash other than the signature hash", what);
    LT_GUARD(
        lt_der_read_optional(&params, LT_DER_CONTEXT_CONSTRUCTED(2), &present, &field, what, err));
    LT_ENSURE(present, err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "%s: RSASSA-PSS with the default salt length 20 is not supported", what);
    LT_GUARD(lt_der_read_small_uint(&field, 1024, &salt, what, err));
    LT_GUARD(lt_der_done(&field, what, err));
    LT_ENSURE(salt == 32u + 16u * hash, err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "%s: RSASSA-PSS salt length %llu is not the hash length %u", what,
              (unsigned long long)salt, 32u + 16u * hash);
    /* trailerField must be 1, the DEFAULT, so DER leaves it out. */
    LT_ENSURE(lt_reader_done(&params), err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "%s: RSASSA-PSS parameters carry a trailerField or unknown fields", what);
    *alg = algs[hash];
    return true;
}

bool lt_x509_read_sig_alg(lt_reader *r, lt_span *whole, lt_x509_sig_alg *alg, const char *what,
                          lt_error *err)
{
    lt_reader c;
    lt_span oid;
    LT_GUARD(lt_der_read_whole(r, LT_DER_SEQUENCE, whole, &c, what, err));
    LT_GUARD(lt_der_read_oid(&c, &oid, what, err));
    const struct sig_alg_entry *e = NULL;
    for (size_t i = 0; i < sizeof(sig_algs) / sizeof(sig_algs[0]); i++)
        if (lt_der_oid_is(oid, sig_algs[i].oid, sig_algs[i].oid_len))
            e = &sig_algs[i];
    if (e == NULL) {
        char dotted[64];
        lt_der_oid_text(oid, dotted, sizeof(dotted));
        return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                       "%s: signature algorithm %s is not supported", what, dotted);
    }
    *alg = e->alg;
    switch (e->params) {
    case PARAMS_PSS:
        LT_GUARD(read_pss_params(&c, alg, what, err));
        break;
    case PARAMS_NULL_OR_ABSENT:
        if (!lt_reader_done(&c))
            LT_GUARD(lt_der_read_null(&c, what, err));
        break;
    case PARAMS_ABSENT:
        break;
    }
    LT_ENSURE(lt_reader_done(&c), err, LATCH_ERR_BAD_CERTIFICATE, "%s: %s must not have parameters",
              what, e->name);
    return true;
}

static unsigned bit_length(lt_span magnitude)
{
    lt_reader r = magnitude;
    uint8_t top = 0;
    if (!lt_peek_u8(&r, &top))
        return 0;
    unsigned bits = (unsigned)(magnitude.len - 1) * 8;
    while (top != 0) {
        bits++;
        top >>= 1;
    }
    return bits;
}

static bool read_rsa_key(lt_cert *cert, const char *what, lt_error *err)
{
    lt_reader key = cert->public_key, seq;
    lt_span n = {0}, e = {0};
    /* RFC 8017 A.1.1: RSAPublicKey ::= SEQUENCE { modulus, publicExponent }. */
    LT_GUARD(lt_der_read(&key, LT_DER_SEQUENCE, &seq, what, err));
    LT_GUARD(lt_der_read_unsigned(&seq, &n, what, err));
    LT_GUARD(lt_der_read_unsigned(&seq, &e, what, err));
    LT_GUARD(lt_der_done(&seq, what, err));
    LT_GUARD(lt_der_done(&key, what, err));
    LT_ENSURE(n.len > 0 && e.len > 0, err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: RSA modulus or exponent is zero", what);
    cert->key_bits = bit_length(n);
    cert->rsa_n = n;
    cert->rsa_e = e;
    return true;
}

static bool read_spki(lt_reader *r, lt_cert *cert, lt_error *err)
{
    const char *what = "tbsCertificate subjectPublicKeyInfo";
    lt_reader spki, alg;
    lt_span oid;
    LT_GUARD(lt_der_read_whole(r, LT_DER_SEQUENCE, &cert->spki, &spki, what, err));
    LT_GUARD(lt_der_read(&spki, LT_DER_SEQUENCE, &alg, what, err));
    LT_GUARD(lt_der_read_oid(&alg, &oid, what, err));
    LT_GUARD(lt_der_read_bit_string_octets(&spki, &cert->public_key, what, err));
    LT_GUARD(lt_der_done(&spki, what, err));
    size_t len = cert->public_key.len;
    if (LT_DER_OID_IS(oid, OID_RSA_ENCRYPTION)) {
        /* RFC 3279 2.3.1: rsaEncryption parameters are NULL. */
        LT_GUARD(lt_der_read_null(&alg, what, err));
        cert->key_type = LT_KEY_RSA;
        LT_GUARD(read_rsa_key(cert, what, err));
    } else if (LT_DER_OID_IS(oid, OID_RSA_PSS)) {
        /* RFC 4055 1.2: absent parameters leave the key free to use any
         * hash; RSASSA-PSS-params bind it to theirs, checked as a
         * signature's (no SHA-1 defaults, salt = hash length). */
        if (!lt_reader_done(&alg)) {
            lt_x509_sig_alg pss;
            LT_GUARD(read_pss_params(&alg, &pss, "RSA-PSS public key parameters", err));
            cert->pss_hash = lt_x509_sig_hash(pss);
        }
        cert->key_type = LT_KEY_RSA_PSS;
        LT_GUARD(read_rsa_key(cert, what, err));
    } else if (LT_DER_OID_IS(oid, OID_EC_PUBLIC_KEY)) {
        lt_span curve;
        /* RFC 5480 2.1.1: only namedCurve is allowed. */
        LT_GUARD(lt_der_read_oid(&alg, &curve, "EC public key namedCurve", err));
        if (LT_DER_OID_IS(curve, OID_P256)) {
            cert->key_type = LT_KEY_EC_P256;
            cert->key_bits = 256;
        } else if (LT_DER_OID_IS(curve, OID_P384)) {
            cert->key_type = LT_KEY_EC_P384;
            cert->key_bits = 384;
        } else {
            char dotted[64];
            lt_der_oid_text(curve, dotted, sizeof(dotted));
            return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                           "%s: elliptic curve %s is not supported (P-256 and P-384 are)", what,
                           dotted);
        }
        /* SEC 1 2.3.3: 0x04 X Y, or 0x02/0x03 X when compressed. */
        size_t field = cert->key_bits / 8;
        lt_reader key = cert->public_key;
        uint8_t form = 0;
        LT_ENSURE(lt_peek_u8(&key, &form) && ((form == 0x04 && len == 1 + 2 * field) ||
                                              ((form == 0x02 || form == 0x03) && len == 1 + field)),
                  err, LATCH_ERR_BAD_CERTIFICATE,
                  "%s: EC public key of %zu bytes is not a point on a %u-bit curve", what, len,
                  cert->key_bits);
    } else if (LT_DER_OID_IS(oid, OID_ED25519)) {
        cert->key_type = LT_KEY_ED25519;
        cert->key_bits = 256;
        LT_ENSURE(len == 32, err, LATCH_ERR_BAD_CERTIFICATE,
                  "%s: Ed25519 public key is %zu bytes, not 32", what, len);
    } else {
        char dotted[64];
        lt_der_oid_text(oid, dotted, sizeof(dotted));
        return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                       "%s: public key algorithm %s is not supported", what, dotted);
    }
    LT_ENSURE(lt_reader_done(&alg), err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: public key algorithm has unexpected parameters", what);
    return true;
}

/* One GeneralName (RFC 5280 4.2.1.6): *kind is its tag number, *value its
 * contents. Checks the tag's form and the contents of IA5 kinds. */
static bool read_general_name(lt_reader *r, unsigned *kind, lt_span *value, const char *what,
                              lt_error *err)
{
    uint8_t tag;
    lt_reader c;
    LT_GUARD(lt_der_read_any(r, &tag, &c, what, err));
    unsigned n = tag & 0x1f;
    LT_ENSURE((tag & 0xc0) == 0x80 && n <= 8, err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: tag 0x%02x is not a GeneralName", what, tag);
    /* otherName, x400Address, directoryName and ediPartyName are
     * constructed; the others are primitive. */
    bool constructed = n == 0 || n == 3 || n == 4 || n == 5;
    LT_ENSURE(((tag & LT_DER_CONSTRUCTED) != 0) == constructed, err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: GeneralName [%u] must be %s", what, n,
              constructed ? "constructed" : "primitive");
    value->data = lt_reader_data(&c);
    value->len = lt_reader_left(&c);
    if (n == 1 || n == 2 || n == 6) {
        lt_reader again = *value;
        uint8_t b;
        while (lt_read_u8(&again, &b))
            LT_ENSURE(b >= 0x20 && b < 0x7f, err, LATCH_ERR_BAD_CERTIFICATE,
                      "%s: GeneralName [%u] contains byte 0x%02x, which is not printable ASCII",
                      what, n, b);
    }
    *kind = n;
    return true;
}

/* GeneralNames (SAN) or GeneralSubtrees (nameConstraints) into *out: a
 * first pass checks and counts, a second fills the array it sized. */
static bool read_name_list(lt_reader list, bool subtrees, lt_general_names *out, size_t limit,
                           const char *what, lt_error *err)
{
    LT_ENSURE(!lt_reader_done(&list), err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: the list of names is empty", what);
    for (int pass = 0; pass < 2; pass++) {
        lt_reader r = list;
        size_t kept = 0;
        while (!lt_reader_done(&r)) {
            LT_ENSURE(kept < limit || pass == 1, err, LATCH_ERR_BAD_CERTIFICATE,
                      "%s: more than %zu names", what, limit);
            lt_reader subtree = r, *src = &r;
            if (subtrees) {
                LT_GUARD(lt_der_read(&r, LT_DER_SEQUENCE, &subtree, what, err));
                src = &subtree;
            }
            unsigned kind;
            lt_span value;
            LT_GUARD(read_general_name(src, &kind, &value, what, err));
            /* RFC 5280 4.2.1.10: minimum is 0 (so absent in DER) and
             * maximum is absent. */
            if (subtrees)
                LT_ENSURE(lt_reader_done(&subtree), err, LATCH_ERR_BAD_CERTIFICATE,
                          "%s: GeneralSubtree minimum and maximum must be absent", what);
            size_t ip_len = subtrees ? 8 : 4;
            if (kind == LT_GN_IP)
                LT_ENSURE(value.len == ip_len || value.len == 4 * ip_len, err,
                          LATCH_ERR_BAD_CERTIFICATE,
                          "%s: iPAddress of %zu bytes is neither IPv4 (%zu) nor IPv6 (%zu)", what,
                          value.len, ip_len, 4 * ip_len);
            if (kind == LT_GN_DIRNAME) {
                lt_reader dn = value;
                lt_name name;
                LT_GUARD(lt_name_read(&dn, &name, what, err));
                LT_GUARD(lt_der_done(&dn, what, err));
            }
            if (kind != LT_GN_DNS && kind != LT_GN_IP)
                out->other += pass == 0;
            if (pass == 1) {
                out->items[kept].kind = (lt_general_name_kind)kind;
                out->items[kept].value = value;
            }
            kept++;
        }
        if (pass == 0 && kept > 0) {
            out->items = calloc(kept, sizeof(*out->items));
            LT_ENSURE(out->items != NULL, err, LATCH_ERR_MEMORY, "%s: out of memory", what);
        }
        out->count = kept;
    }
    return true;
}

static bool add_uri(lt_uri_list *list, lt_span uri, const char *what, lt_error *err)
{
    LT_ENSURE(list->count < LT_CERT_MAX_URIS, err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: more than %d URIs", what, LT_CERT_MAX_URIS);
    list->items[list->count++] = uri;
    return true;
}

static bool ext_basic_constraints(lt_cert *cert, lt_reader *v, lt_error *err)
{
    const char *what = "basicConstraints extension";
    lt_reader seq;
    LT_GUARD(lt_der_read(v, LT_DER_SEQUENCE, &seq, what, err));
    uint8_t tag = 0;
    if (lt_der_peek_tag(&seq, &tag) && tag == LT_DER_BOOLEAN) {
        LT_GUARD(lt_der_read_bool(&seq, &cert->ca, what, err));
        /* X.690 11.5: a value equal to its DEFAULT (cA FALSE) is omitted. */
        LT_ENSURE(cert->ca, err, LATCH_ERR_DECODE,
                  "%s: cA FALSE is the default and must be omitted in DER", what);
    }
    if (lt_der_peek_tag(&seq, &tag) && tag == LT_DER_INTEGER) {
        uint64_t path_len;
        LT_GUARD(lt_der_read_small_uint(&seq, 255, &path_len, "pathLenConstraint", err));
        /* RFC 5280 4.2.1.9: pathLenConstraint only when cA is asserted. */
        LT_ENSURE(cert->ca, err, LATCH_ERR_BAD_CERTIFICATE,
                  "%s: pathLenConstraint is present but cA is not asserted", what);
        cert->path_len = (int)path_len;
    }
    return lt_der_done(&seq, what, err);
}

static bool ext_key_usage(lt_cert *cert, lt_reader *v, lt_error *err)
{
    const char *what = "keyUsage extension";
    lt_span bits;
    unsigned unused;
    /* X.690 11.2.2 would also have DER drop trailing zero bits, but the
     * Trustwave Global ECC roots in the Mozilla bundle keep a zero octet
     * (03 03 07 06 00), so that one rule is not enforced. */
    LT_GUARD(lt_der_read_bit_string(v, &bits, &unused, what, err));
    lt_reader r = bits;
    uint8_t b;
    unsigned index = 0;
    while (lt_read_u8(&r, &b)) {
        for (unsigned bit = 0; bit < 8; bit++, index++)
            if ((b & (0x80u >> bit)) && index < 16)
                cert->key_usage |= 1u << index;
    }
    /* RFC 5280 4.2.1.3: at least one bit is set. */
    LT_ENSURE(cert->key_usage != 0, err, LATCH_ERR_BAD_CERTIFICATE, "%s: no usage bit is set",
              what);
    return true;
}

static bool ext_ext_key_usage(lt_cert *cert, lt_reader *v, lt_error *err)
{
    const char *what = "extKeyUsage extension";
    lt_reader seq;
    LT_GUARD(lt_der_read(v, LT_DER_SEQUENCE, &seq, what, err));
    LT_ENSURE(!lt_reader_done(&seq), err, LATCH_ERR_BAD_CERTIFICATE, "%s: no purpose is listed",
              what);
    while (!lt_reader_done(&seq)) {
        lt_span oid;
        LT_GUARD(lt_der_read_oid(&seq, &oid, what, err));
        if (LT_DER_OID_IS(oid, OID_EKU_SERVER_AUTH))
            cert->ext_key_usage |= LT_EKU_SERVER_AUTH;
        else if (LT_DER_OID_IS(oid, OID_EKU_CLIENT_AUTH))
            cert->ext_key_usage |= LT_EKU_CLIENT_AUTH;
        else if (LT_DER_OID_IS(oid, OID_EKU_OCSP_SIGNING))
            cert->ext_key_usage |= LT_EKU_OCSP_SIGNING;
        else if (LT_DER_OID_IS(oid, OID_EKU_ANY))
            cert->ext_key_usage |= LT_EKU_ANY;
    }
    return true;
}

static bool ext_subject_alt_name(lt_cert *cert, lt_reader *v, lt_error *err)
{
    const char *what = "subjectAltName extension";
    lt_reader seq;
    LT_GUARD(lt_der_read(v, LT_DER_SEQUENCE, &seq, what, err));
    return read_name_list(seq, false, &cert->san, LT_CERT_MAX_SAN, what, err);
}

static bool ext_name_constraints(lt_cert *cert, lt_reader *v, lt_error *err)
{
    const char *what = "nameConstraints extension";
    lt_reader seq, trees;
    bool permitted, excluded;
    LT_GUARD(lt_der_read(v, LT_DER_SEQUENCE, &seq, what, err));
    LT_GUARD(
        lt_der_read_optional(&seq, LT_DER_CONTEXT_CONSTRUCTED(0), &permitted, &trees, what, err));
    if (permitted)
        LT_GUARD(read_name_list(trees, true, &cert->permitted, LT_CERT_MAX_SUBTREES,
                                "nameConstraints permittedSubtrees", err));
    LT_GUARD(
        lt_der_read_optional(&seq, LT_DER_CONTEXT_CONSTRUCTED(1), &excluded, &trees, what, err));
    if (excluded)
        LT_GUARD(read_name_list(trees, true, &cert->excluded, LT_CERT_MAX_SUBTREES,
                                "nameConstraints excludedSubtrees", err));
    /* RFC 5280 4.2.1.10: the sequence is never empty. */
    LT_ENSURE(permitted || excluded, err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: neither permitted nor excluded subtrees are present", what);
    return lt_der_done(&seq, what, err);
}

static bool ext_authority_key_id(lt_cert *cert, lt_reader *v, lt_error *err)
{
    const char *what = "authorityKeyIdentifier extension";
    lt_reader seq, field;
    bool present;
    LT_GUARD(lt_der_read(v, LT_DER_SEQUENCE, &seq, what, err));
    LT_GUARD(lt_der_read_optional(&seq, LT_DER_CONTEXT(0), &present, &field, what, err));
    if (present) {
        cert->authority_key_id.data = lt_reader_data(&field);
        cert->authority_key_id.len = lt_reader_left(&field);
    }
    bool issuer, serial;
    LT_GUARD(lt_der_read_optional(&seq, LT_DER_CONTEXT_CONSTRUCTED(1), &issuer, &field, what, err));
    LT_GUARD(lt_der_read_optional(&seq, LT_DER_CONTEXT(2), &serial, &field, what, err));
    /* RFC 5280 A.2: authorityCertIssuer and authorityCertSerialNumber are
     * both present or both absent. */
    LT_ENSURE(issuer == serial, err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: authorityCertIssuer and authorityCertSerialNumber must appear together", what);
    cert->authority_cert_issuer = issuer;
    return lt_der_done(&seq, what, err);
}

/* certificatePolicies (RFC 5280 4.2.1.4): the policy OIDs, qualifiers
 * skipped. */
static bool ext_cert_policies(lt_cert *cert, lt_reader *v, lt_error *err)
{
    const char *what = "certificatePolicies extension";
    lt_reader seq;
    LT_GUARD(lt_der_read(v, LT_DER_SEQUENCE, &seq, what, err));
    LT_ENSURE(!lt_reader_done(&seq), err, LATCH_ERR_BAD_CERTIFICATE, "%s: no policy is listed",
              what);
    while (!lt_reader_done(&seq)) {
        lt_reader info, qualifiers;
        lt_span oid;
        bool present;
        LT_GUARD(lt_der_read(&seq, LT_DER_SEQUENCE, &info, what, err));
        LT_GUARD(lt_der_read_oid(&info, &oid, what, err));
        LT_GUARD(lt_der_read_optional(&info, LT_DER_SEQUENCE, &present, &qualifiers, what, err));
        LT_GUARD(lt_der_done(&info, what, err));
        if (LT_DER_OID_IS(oid, OID_ANY_POLICY)) {
            cert->any_policy = true;
            continue;
        }
        LT_ENSURE(cert->policy_count < LT_CERT_MAX_POLICIES, err, LATCH_ERR_BAD_CERTIFICATE,
                  "%s: more than %d policies", what, LT_CERT_MAX_POLICIES);
        cert->policies[cert->policy_count++] = oid;
    }
    return true;
}

/* SkipCerts ::= INTEGER (0..MAX), the contents of an IMPLICIT tag; more
 * than 255 certificates is more than any path latch builds. */
static bool read_skip_certs(lt_reader *c, int *out, const char *what, lt_error *err)
{
    uint8_t first = 0, second = 0;
    size_t len = lt_reader_left(c);
    LT_ENSURE(len >= 1 && len <= 2 && lt_read_u8(c, &first) && (len == 1 || lt_read_u8(c, &second)),
              err, LATCH_ERR_DECODE, "%s: SkipCerts of %zu octets", what, len);
    LT_ENSURE(len == 1 ? first < 0x80 : (first == 0 && second >= 0x80), err, LATCH_ERR_DECODE,
              "%s: SkipCerts is negative or not minimally encoded", what);
    *out = len == 1 ? first : second;
    return true;
}

/* policyConstraints (RFC 5280 4.2.1.11): requireExplicitPolicy is kept;
 * inhibitPolicyMapping does not matter to latch, which maps no policy. */
static bool ext_policy_constraints(lt_cert *cert, lt_reader *v, lt_error *err)
{
    const char *what = "policyConstraints extension";
    lt_reader seq, field;
    bool require, inhibit;
    LT_GUARD(lt_der_read(v, LT_DER_SEQUENCE, &seq, what, err));
    LT_GUARD(lt_der_read_optional(&seq, LT_DER_CONTEXT(0), &require, &field, what, err));
    if (require)
        LT_GUARD(read_skip_certs(&field, &cert->require_explicit, what, err));
    LT_GUARD(lt_der_read_optional(&seq, LT_DER_CONTEXT(1), &inhibit, &field, what, err));
    int ignored;
    if (inhibit)
        LT_GUARD(read_skip_certs(&field, &ignored, what, err));
    /* The sequence is never empty. */
    LT_ENSURE(require || inhibit, err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: neither requireExplicitPolicy nor inhibitPolicyMapping is present", what);
    return lt_der_done(&seq, what, err);
}

static bool ext_subject_key_id(lt_cert *cert, lt_reader *v, lt_error *err)
{
    return lt_der_read_octet_string(v, &cert->subject_key_id, "subjectKeyIdentifier extension",
                                    err);
}

static bool ext_crl_distribution_points(lt_cert *cert, lt_reader *v, lt_error *err)
{
    const char *what = "cRLDistributionPoints extension";
    lt_reader seq;
    LT_GUARD(lt_der_read(v, LT_DER_SEQUENCE, &seq, what, err));
    LT_ENSURE(!lt_reader_done(&seq), err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: no distribution point is listed", what);
    while (!lt_reader_done(&seq)) {
        lt_reader dp, name, full, skipped;
        bool has_name, has_full, present;
        LT_GUARD(lt_der_read(&seq, LT_DER_SEQUENCE, &dp, what, err));
        LT_GUARD(
            lt_der_read_optional(&dp, LT_DER_CONTEXT_CONSTRUCTED(0), &has_name, &name, what, err));
        if (has_name) {
            /* DistributionPointName: fullName [0] or nameRelativeToCRLIssuer [1]. */
            LT_GUARD(lt_der_read_optional(&name, LT_DER_CONTEXT_CONSTRUCTED(0), &has_full, &full,
                                          what, err));
            if (!has_full)
                LT_GUARD(lt_der_read(&name, LT_DER_CONTEXT_CONSTRUCTED(1), &skipped, what, err));
            LT_GUARD(lt_der_done(&name, what, err));
            while (has_full && !lt_reader_done(&full)) {
                unsigned kind;
                lt_span value;
                LT_GUARD(read_general_name(&full, &kind, &value, what, err));
                if (kind == 6)
                    LT_GUARD(add_uri(&cert->crl_uris, value, what, err));
            }
        }
        LT_GUARD(lt_der_read_optional(&dp, LT_DER_CONTEXT(1), &present, &skipped, what, err));
        LT_GUARD(lt_der_read_optional(&dp, LT_DER_CONTEXT_CONSTRUCTED(2), &present, &skipped, what,
                                      err));
        LT_GUARD(lt_der_done(&dp, what, err));
    }
    return true;
}

static bool ext_authority_info_access(lt_cert *cert, lt_reader *v, lt_error *err)
{
    const char *what = "authorityInfoAccess extension";
    lt_reader seq;
    LT_GUARD(lt_der_read(v, LT_DER_SEQUENCE, &seq, what, err));
    LT_ENSURE(!lt_reader_done(&seq), err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: no access description is listed", what);
    while (!lt_reader_done(&seq)) {
        lt_reader ad;
        lt_span method, value;
        unsigned kind;
        LT_GUARD(lt_der_read(&seq, LT_DER_SEQUENCE, &ad, what, err));
        LT_GUARD(lt_der_read_oid(&ad, &method, what, err));
        LT_GUARD(read_general_name(&ad, &kind, &value, what, err));
        LT_GUARD(lt_der_done(&ad, what, err));
        if (kind == 6 && LT_DER_OID_IS(method, OID_AD_OCSP))
            LT_GUARD(add_uri(&cert->ocsp_uris, value, what, err));
    }
    return true;
}

static const struct extension_entry {
    uint8_t oid[8];
    size_t oid_len;
    unsigned flag;
    bool (*parse)(lt_cert *cert, lt_reader *value, lt_error *err);
} extensions[] = {
    {{0x55, 0x1d, 0x13}, 3, LT_EXT_BASIC_CONSTRAINTS, ext_basic_constraints},
    {{0x55, 0x1d, 0x0f}, 3, LT_EXT_KEY_USAGE, ext_key_usage},
    {{0x55, 0x1d, 0x25}, 3, LT_EXT_EXT_KEY_USAGE, ext_ext_key_usage},
    {{0x55, 0x1d, 0x11}, 3, LT_EXT_SUBJECT_ALT_NAME, ext_subject_alt_name},
    {{0x55, 0x1d, 0x1e}, 3, LT_EXT_NAME_CONSTRAINTS, ext_name_constraints},
    {{0x55, 0x1d, 0x23}, 3, LT_EXT_AUTHORITY_KEY_ID, ext_authority_key_id},
    {{0x55, 0x1d, 0x0e}, 3, LT_EXT_SUBJECT_KEY_ID, ext_subject_key_id},
    {{0x55, 0x1d, 0x1f}, 3, LT_EXT_CRL_DISTRIBUTION_POINTS, ext_crl_distribution_points},
    {{0x55, 0x1d, 0x20}, 3, LT_EXT_CERT_POLICIES, ext_cert_policies},
    {{0x55, 0x1d, 0x24}, 3, LT_EXT_POLICY_CONSTRAINTS, ext_policy_constraints},
    {{0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01},
     8,
     LT_EXT_AUTHORITY_INFO_ACCESS,
     ext_authority_info_access},
};

/* An extension's OID in dotted form, made only for an error message:
 * formatting every OID of every certificate parsed costs more than the
 * rest of the extension loop. */
static const char *oid_text(lt_span oid, char *dotted, size_t cap)
{
    lt_der_oid_text(oid, dotted, cap);
    return dotted;
}

static bool read_extensions(lt_reader *tbs, lt_cert *cert, lt_error *err)
{
    const char *what = "tbsCertificate extensions";
    lt_reader outer, list;
    LT_GUARD(lt_der_read_explicit(tbs, 3, &outer, what, err));
    LT_GUARD(lt_der_read(&outer, LT_DER_SEQUENCE, &list, what, err));
    LT_GUARD(lt_der_done(&outer, what, err));
    /* RFC 5280 4.1: Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension. */
    LT_ENSURE(!lt_reader_done(&list), err, LATCH_ERR_BAD_CERTIFICATE,
              "%s: the extensions list is present but empty", what);
    lt_span seen[LT_CERT_MAX_EXTENSIONS];
    size_t count = 0;
    while (!lt_reader_done(&list)) {
        LT_ENSURE(count < LT_CERT_MAX_EXTENSIONS, err, LATCH_ERR_BAD_CERTIFICATE,
                  "%s: more than %d extensions", what, LT_CERT_MAX_EXTENSIONS);
        lt_reader ext, value;
        lt_span oid, octets;
        bool critical = false;
        char dotted[64];
        LT_GUARD(lt_der_read(&list, LT_DER_SEQUENCE, &ext, "extension", err));
        LT_GUARD(lt_der_read_oid(&ext, &oid, "extension extnID", err));
        /* RFC 5280 4.2: a certificate must not include an extension twice. */
        for (size_t i = 0; i < count; i++)
            LT_ENSURE(!lt_span_equal(seen[i], oid), err, LATCH_ERR_BAD_CERTIFICATE,
                      "%s: extension %s appears more than once", what,
                      oid_text(oid, dotted, sizeof(dotted)));
        seen[count++] = oid;
        uint8_t tag = 0;
        if (lt_der_peek_tag(&ext, &tag) && tag == LT_DER_BOOLEAN) {
            LT_GUARD(lt_der_read_bool(&ext, &critical, "extension critical", err));
            /* X.690 11.5: critical FALSE is the DEFAULT and is omitted. */
            LT_ENSURE(critical, err, LATCH_ERR_DECODE,
                      "extension %s: critical FALSE is the default and must be omitted in DER",
                      oid_text(oid, dotted, sizeof(dotted)));
        }
        LT_GUARD(lt_der_read_octet_string(&ext, &octets, "extension extnValue", err));
        LT_GUARD(lt_der_done(&ext, "extension", err));
        const struct extension_entry *e = NULL;
        for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++)
            if (lt_der_oid_is(oid, extensions[i].oid, extensions[i].oid_len))
                e = &extensions[i];
        if (e == NULL) {
            if (critical && !cert->unknown_critical) {
                cert->unknown_critical = true;
                cert->unknown_critical_oid = oid;
            }
            continue;
        }
        value = octets;
        LT_GUARD(e->parse(cert, &value, err));
        LT_GUARD(lt_reader_done(&value) ||
                 lt_der_done(&value, oid_text(oid, dotted, sizeof(dotted)), err));
        cert->extensions |= e->flag;
        if (critical)
            cert->critical |= e->flag;
    }
    return true;
}

static bool read_validity(lt_reader *tbs, lt_cert *cert, lt_error *err)
{
    lt_reader validity;
    LT_GUARD(lt_der_read(tbs, LT_DER_SEQUENCE, &validity, "tbsCertificate validity", err));
    LT_GUARD(lt_der_read_time(&validity, &cert->not_before, "validity notBefore", err));
    LT_GUARD(lt_der_read_time(&validity, &cert->not_after, "validity notAfter", err));
    return lt_der_done(&validity, "tbsCertificate validity", err);
}

static bool read_tbs(lt_reader *r, lt_cert *cert, lt_span *inner_alg, lt_error *err)
{
    lt_reader tbs, field;
    bool present;
    LT_GUARD(lt_der_read_whole(r, LT_DER_SEQUENCE, &cert->tbs, &tbs, "tbsCertificate", err));

    cert->version = 1;
    LT_GUARD(lt_der_read_optional(&tbs, LT_DER_CONTEXT_CONSTRUCTED(0), &present, &field,
                                  "tbsCertificate version", err));
    if (present) {
        uint64_t v;
        LT_GUARD(lt_der_read_small_uint(&field, 2, &v, "tbsCertificate version", err));
        LT_GUARD(lt_der_done(&field, "tbsCertificate version", err));
        /* X.690 11.5: v1 is the DEFAULT, so DER omits it. */
        LT_ENSURE(v != 0, err, LATCH_ERR_DECODE,
                  "tbsCertificate version: v1 is the default and must be omitted in DER");
        cert->version = (unsigned)v + 1;
    }

    LT_GUARD(lt_der_read_integer(&tbs, &cert->serial, "tbsCertificate serialNumber", err));
    LT_ENSURE(cert->serial.len <= LT_CERT_MAX_SERIAL_LEN, err, LATCH_ERR_BAD_CERTIFICATE,
              "tbsCertificate serialNumber: %zu octets, more than the %d RFC 5280 4.1.2.2 allows",
              cert->serial.len, LT_CERT_MAX_SERIAL_LEN);

    lt_x509_sig_alg alg;
    LT_GUARD(lt_x509_read_sig_alg(&tbs, inner_alg, &alg, "tbsCertificate signature", err));
    LT_GUARD(lt_name_read(&tbs, &cert->issuer, "tbsCertificate issuer", err));
    /* RFC 5280 4.1.2.4: the issuer field must be a non-empty Name. */
    LT_ENSURE(!lt_name_is_empty(&cert->issuer), err, LATCH_ERR_BAD_CERTIFICATE,
              "tbsCertificate issuer: the issuer Name is empty");
    LT_GUARD(read_validity(&tbs, cert, err));
    LT_GUARD(lt_name_read(&tbs, &cert->subject, "tbsCertificate subject", err));
    LT_GUARD(read_spki(&tbs, cert, err));

    /* RFC 5280 4.1.2.8: unique identifiers only in v2 and v3. */
    static const char *const uid_names[] = {"tbsCertificate issuerUniqueID",
                                            "tbsCertificate subjectUniqueID"};
    lt_span uid;
    unsigned unused;
    for (unsigned n = 1; n <= 2; n++) {
        const char *name = uid_names[n - 1];
        uint8_t tag = 0;
        if (!lt_der_peek_tag(&tbs, &tag) || tag != LT_DER_CONTEXT(n))
            continue;
        LT_ENSURE(cert->version >= 2, err, LATCH_ERR_BAD_CERTIFICATE,
                  "%s: present in a version 1 certificate", name);
        LT_GUARD(lt_der_read_bit_string_tagged(&tbs, LT_DER_CONTEXT(n), &uid, &unused, name, err));
    }

    uint8_t tag = 0;
    if (lt_der_peek_tag(&tbs, &tag) && tag == LT_DER_CONTEXT_CONSTRUCTED(3)) {
        /* RFC 5280 4.1.2.9: extensions only in v3. */
        LT_ENSURE(cert->version == 3, err, LATCH_ERR_BAD_CERTIFICATE,
                  "tbsCertificate extensions: present in a version %u certificate", cert->version);
        LT_GUARD(read_extensions(&tbs, cert, err));
    }
    return lt_der_done(&tbs, "tbsCertificate", err);
}

static bool parse(lt_cert *cert, lt_error *err)
{
    lt_reader input = lt_reader_make(cert->der, cert->der_len), c;
    lt_span inner_alg;
    LT_GUARD(lt_der_read(&input, LT_DER_SEQUENCE, &c, "certificate", err));
    LT_ENSURE(lt_reader_done(&input), err, LATCH_ERR_DECODE,
              "certificate: %zu bytes of trailing data after the certificate",
              lt_reader_left(&input));
    LT_GUARD(read_tbs(&c, cert, &inner_alg, err));
    LT_GUARD(lt_x509_read_sig_alg(&c, &cert->sig_alg_der, &cert->sig_alg,
                                  "certificate signatureAlgorithm", err));
    /* RFC 5280 4.1.1.2: signatureAlgorithm equals the TBS signature field. */
    LT_ENSURE(lt_span_equal(inner_alg, cert->sig_alg_der), err, LATCH_ERR_BAD_CERTIFICATE,
              "certificate signatureAlgorithm differs from the signature field inside "
              "tbsCertificate");
    LT_GUARD(
        lt_der_read_bit_string_octets(&c, &cert->signature, "certificate signatureValue", err));
    return lt_der_done(&c, "certificate", err);
}

bool lt_cert_parse_borrowed(lt_cert *cert, const uint8_t *der, size_t len, lt_error *err)
{
    memset(cert, 0, sizeof(*cert));
    cert->path_len = -1;
    cert->require_explicit = -1;
    LT_ENSURE(len > 0, err, LATCH_ERR_DECODE, "certificate: the input is empty");
    cert->der = der;
    cert->der_len = len;
    if (!parse(cert, err)) {
        lt_cert_free(cert);
        return false;
    }
    return true;
}

bool lt_cert_parse(lt_cert *cert, const uint8_t *der, size_t len, lt_error *err)
{
    uint8_t *copy = len > 0 ? malloc(len) : NULL;
    if (len > 0 && copy == NULL) {
        memset(cert, 0, sizeof(*cert));
        cert->path_len = -1;
        return LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory copying a certificate");
    }
    if (copy != NULL)
        memcpy(copy, der, len);
    if (!lt_cert_parse_borrowed(cert, copy, len, err)) {
        free(copy);
        return false;
    }
    cert->der_copy = copy;
    return true;
}

void lt_cert_subject_text(const lt_cert *cert, char *out, size_t cap)
{
    if (lt_name_is_empty(&cert->subject))
        snprintf(out, cap, "(empty subject)");
    else
        lt_name_format(&cert->subject, out, cap);
}

bool lt_cert_pubkey(const lt_cert *cert, lt_pubkey *key, lt_error *err)
{
    if (cert->key_type == LT_KEY_RSA_PSS) {
        /* The same numbers; latch's type and hash keep it to RSASSA-PSS. */
        LT_GUARD(lt_pubkey_from_rsa(key, cert->rsa_n.data, cert->rsa_n.len, cert->rsa_e.data,
                                    cert->rsa_e.len, err));
        key->type = LT_KEY_RSA_PSS;
        key->pss_hash = cert->pss_hash;
        return true;
    }
    if (cert->key_type == LT_KEY_RSA)
        return lt_pubkey_from_rsa(key, cert->rsa_n.data, cert->rsa_n.len, cert->rsa_e.data,
                                  cert->rsa_e.len, err);
    return lt_pubkey_from_point(key, cert->key_type, cert->public_key.data, cert->public_key.len,
                                err);
}

bool lt_cert_load_key(lt_cert *cert, lt_error *err)
{
    return cert->key.impl != NULL || lt_cert_pubkey(cert, &cert->key, err);
}

void lt_cert_free(lt_cert *cert)
{
    lt_pubkey_free(&cert->key);
    free(cert->der_copy);
    free(cert->san.items);
    free(cert->permitted.items);
    free(cert->excluded.items);
    memset(cert, 0, sizeof(*cert));
    cert->path_len = -1;
    cert->require_explicit = -1;
}
