#include "x509/cert_build.h"

#include <string.h>

#include "crypto/hash.h"
#include "crypto/random.h"
#include "x509/der_write.h"
#include "x509/oid.h"

/* An RSA-8192 SubjectPublicKeyInfo is about 1.1 KiB. */
#define SPKI_MAX 2048

lt_x509_sig_alg lt_cert_sig_alg_for(lt_key_type type)
{
    switch (type) {
    case LT_KEY_RSA:
        return LT_X509_SIG_RSA_PKCS1_SHA256;
    case LT_KEY_EC_P256:
        return LT_X509_SIG_ECDSA_SHA256;
    case LT_KEY_EC_P384:
        return LT_X509_SIG_ECDSA_SHA384;
    case LT_KEY_ED25519:
        return LT_X509_SIG_ED25519;
    case LT_KEY_RSA_PSS: /* mkcert makes no RSA-PSS keys; no PSS parameters to write */
    case LT_KEY_NONE:
        break;
    }
    return LT_X509_SIG_UNKNOWN;
}

/* AlgorithmIdentifier: RFC 4055 5 keeps the NULL parameters for RSA; RFC
 * 5758 3.2 and RFC 8410 3 leave them absent for ECDSA and Ed25519. */
static void write_sig_alg(lt_writer *w, lt_x509_sig_alg alg)
{
    lt_der_block seq = lt_der_open(w, LT_DER_SEQUENCE);
    switch (alg) {
    case LT_X509_SIG_RSA_PKCS1_SHA256:
        LT_DER_WRITE_OID(w, OID_SHA256_RSA);
        lt_der_write_null(w);
        break;
    case LT_X509_SIG_ECDSA_SHA256:
        LT_DER_WRITE_OID(w, OID_ECDSA_SHA256);
        break;
    case LT_X509_SIG_ECDSA_SHA384:
        LT_DER_WRITE_OID(w, OID_ECDSA_SHA384);
        break;
    case LT_X509_SIG_ED25519:
        LT_DER_WRITE_OID(w, OID_ED25519);
        break;
    default:
        w->failed = true;
        break;
    }
    lt_der_close(w, seq);
}

bool lt_cert_key_id(const uint8_t *spki, size_t len, uint8_t out[LT_CERT_KEY_ID_LEN], lt_error *err)
{
    lt_reader r = lt_reader_make(spki, len), seq, alg;
    lt_span bits;
    LT_GUARD(lt_der_read(&r, LT_DER_SEQUENCE, &seq, "SubjectPublicKeyInfo", err));
    LT_GUARD(lt_der_read(&seq, LT_DER_SEQUENCE, &alg, "SubjectPublicKeyInfo algorithm", err));
    LT_GUARD(
        lt_der_read_bit_string_octets(&seq, &bits, "SubjectPublicKeyInfo subjectPublicKey", err));
    return lt_hash_oneshot(LT_HASH_SHA1, bits.data, bits.len, out, err);
}

/* RFC 5280 4.1.2.4: a SEQUENCE of single-attribute RDNs, most general
 * first, each value a UTF8String (RFC 5280 4.1.2.6 prefers it). */
static void write_name(lt_writer *w, const char *organization, const char *common_name)
{
    const struct {
        const uint8_t *oid;
        size_t oid_len;
        const char *value;
    } rdns[] = {
        {OID_ORGANIZATION, sizeof(OID_ORGANIZATION), organization},
        {OID_COMMON_NAME, sizeof(OID_COMMON_NAME), common_name},
    };
    lt_der_block name = lt_der_open(w, LT_DER_SEQUENCE);
    for (size_t i = 0; i < sizeof(rdns) / sizeof(rdns[0]); i++) {
        if (rdns[i].value == NULL)
            continue;
        lt_der_block rdn = lt_der_open(w, LT_DER_SET);
        lt_der_block atv = lt_der_open(w, LT_DER_SEQUENCE);
        lt_der_write_oid(w, rdns[i].oid, rdns[i].oid_len);
        lt_der_write_utf8_string(w, rdns[i].value, strlen(rdns[i].value));
        lt_der_close(w, atv);
        lt_der_close(w, rdn);
    }
    lt_der_close(w, name);
}

/* An Extension (RFC 5280 4.1) is open from ext_open to ext_close: the
 * caller writes the DER of extnValue in between. */
typedef struct ext_blocks {
    lt_der_block ext, value;
} ext_blocks;

static ext_blocks ext_open(lt_writer *w, const uint8_t *oid, size_t oid_len, bool critical)
{
    ext_blocks b;
    b.ext = lt_der_open(w, LT_DER_SEQUENCE);
    lt_der_write_oid(w, oid, oid_len);
    /* X.690 11.5: critical FALSE is the DEFAULT, so it is left out. */
    if (critical)
        lt_der_write_bool(w, true);
    b.value = lt_der_open(w, LT_DER_OCTET_STRING);
    return b;
}

#define EXT_OPEN(w, oid, critical) ext_open((w), (oid), sizeof(oid), (critical))

static void ext_close(lt_writer *w, ext_blocks b)
{
    lt_der_close(w, b.value);
    lt_der_close(w, b.ext);
}

static void write_extensions(lt_writer *w, const lt_cert_spec *spec, lt_key_type key_type,
                             const uint8_t *key_id, lt_span authority_key_id)
{
    lt_der_block explicit3 = lt_der_open(w, LT_DER_CONTEXT_CONSTRUCTED(3));
    lt_der_block list = lt_der_open(w, LT_DER_SEQUENCE);

    /* RFC 5280 4.2.1.9: critical in CA certificates; cA FALSE is left out. */
    ext_blocks e = EXT_OPEN(w, OID_BASIC_CONSTRAINTS, true);
    lt_der_block seq = lt_der_open(w, LT_DER_SEQUENCE);
    if (spec->ca) {
        lt_der_write_bool(w, true);
        lt_der_write_integer_u64(w, 0); /* issues only leaves */
    }
    lt_der_close(w, seq);
    ext_close(w, e);

    /* RFC 5280 4.2.1.3: keyUsage should be critical. */
    uint32_t usage = LT_KU_DIGITAL_SIGNATURE;
    if (spec->ca)
        usage = LT_KU_KEY_CERT_SIGN | LT_KU_CRL_SIGN;
    else if (key_type == LT_KEY_RSA)
        usage |= LT_KU_KEY_ENCIPHERMENT; /* TLS RSA key exchange, RFC 5246 7.4.7.1 */
    e = EXT_OPEN(w, OID_KEY_USAGE, true);
    lt_der_write_named_bits(w, usage);
    ext_close(w, e);

    if (!spec->ca) {
        e = EXT_OPEN(w, OID_EXT_KEY_USAGE, false);
        seq = lt_der_open(w, LT_DER_SEQUENCE);
        LT_DER_WRITE_OID(w, OID_EKU_SERVER_AUTH);
        LT_DER_WRITE_OID(w, OID_EKU_CLIENT_AUTH);
        lt_der_close(w, seq);
        ext_close(w, e);
    }

    /* RFC 5280 4.2.1.6: the subject is not empty, so not critical. */
    if (spec->san_count > 0) {
        e = EXT_OPEN(w, OID_SUBJECT_ALT_NAME, false);
        seq = lt_der_open(w, LT_DER_SEQUENCE);
        for (size_t i = 0; i < spec->san_count; i++)
            lt_der_write_tlv(w, LT_DER_CONTEXT(spec->san[i].kind), spec->san[i].value.data,
                             spec->san[i].value.len);
        lt_der_close(w, seq);
        ext_close(w, e);
    }

    e = EXT_OPEN(w, OID_SUBJECT_KEY_ID, false);
    lt_der_write_octet_string(w, key_id, LT_CERT_KEY_ID_LEN);
    ext_close(w, e);

    /* RFC 5280 4.2.1.1: keyIdentifier [0] only. */
    e = EXT_OPEN(w, OID_AUTHORITY_KEY_ID, false);
    seq = lt_der_open(w, LT_DER_SEQUENCE);
    lt_der_write_tlv(w, LT_DER_CONTEXT(0), authority_key_id.data, authority_key_id.len);
    lt_der_close(w, seq);
    ext_close(w, e);

    lt_der_close(w, list);
    lt_der_close(w, explicit3);
}

/* Characters of UTF-8 text: the octets that do not continue a sequence. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += ((uint8_t)*s & 0xc0) != 0x80;
    return n;
}

static bool check_name(const char *value, const char *what, lt_error *err)
{
    LT_ENSURE(value != NULL && value[0] != '\0', err, LATCH_ERR_USAGE, "certificate %s is empty",
              what);
    LT_ENSURE(utf8_chars(value) <= LT_CERT_NAME_MAX, err, LATCH_ERR_USAGE,
              "certificate %s is longer than the %d characters RFC 5280 A.1 allows", what,
              LT_CERT_NAME_MAX);
    return true;
}

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: what GeneralizedTime holds. */
#define TIME_MIN INT64_C(-62167219200)
#define TIME_MAX INT64_C(253402300799)

static bool check_spec(const lt_cert_spec *spec, lt_error *err)
{
    LT_GUARD(check_name(spec->common_name, "common name", err));
    if (spec->organization != NULL)
        LT_GUARD(check_name(spec->organization, "organization", err));
    LT_ENSURE(spec->not_before >= TIME_MIN && spec->not_after <= TIME_MAX, err, LATCH_ERR_USAGE,
              "certificate validity falls outside the years 0000 to 9999");
    LT_ENSURE(spec->not_before <= spec->not_after, err, LATCH_ERR_USAGE,
              "certificate validity ends before it starts");
    for (size_t i = 0; i < spec->san_count; i++) {
        const lt_general_name *gn = &spec->san[i];
        LT_ENSURE(gn->kind == LT_GN_DNS || gn->value.len == 4 || gn->value.len == 16, err,
                  LATCH_ERR_USAGE,
                  "subjectAltName iPAddress of %zu octets is neither IPv4 nor IPv6", gn->value.len);
        LT_ENSURE(gn->kind == LT_GN_IP || gn->value.len > 0, err, LATCH_ERR_USAGE,
                  "subjectAltName dNSName is empty");
    }
    return true;
}

static bool write_tbs(lt_writer *w, const lt_cert_spec *spec, const lt_privkey *subject_key,
                      const lt_cert_issuer *issuer, lt_x509_sig_alg alg, lt_error *err)
{
    uint8_t serial[LT_CERT_SERIAL_LEN], spki[SPKI_MAX], key_id[LT_CERT_KEY_ID_LEN];
    size_t spki_len;
    LT_GUARD(lt_random(serial, sizeof(serial), err));
    /* RFC 5280 4.1.2.2: positive. The second-highest bit set keeps the
     * encoding exactly 16 octets. */
    serial[0] = (uint8_t)((serial[0] & 0x7f) | 0x40);
    LT_GUARD(lt_privkey_spki(subject_key, spki, sizeof(spki), &spki_len, err));
    LT_GUARD(lt_cert_key_id(spki, spki_len, key_id, err));

    lt_der_block tbs = lt_der_open(w, LT_DER_SEQUENCE);
    lt_der_block version = lt_der_open(w, LT_DER_CONTEXT_CONSTRUCTED(0));
    lt_der_write_integer_u64(w, 2); /* v3 */
    lt_der_close(w, version);
    lt_der_write_integer_bytes(w, serial, sizeof(serial));
    write_sig_alg(w, alg);
    if (issuer != NULL)
        lt_write_bytes(w, issuer->name.data, issuer->name.len);
    else
        write_name(w, spec->organization, spec->common_name);
    lt_der_block validity = lt_der_open(w, LT_DER_SEQUENCE);
    lt_der_write_time(w, spec->not_before);
    lt_der_write_time(w, spec->not_after);
    lt_der_close(w, validity);
    write_name(w, spec->organization, spec->common_name);
    lt_write_bytes(w, spki, spki_len);
    lt_span own = {key_id, sizeof(key_id)};
    write_extensions(w, spec, subject_key->type, key_id, issuer != NULL ? issuer->key_id : own);
    lt_der_close(w, tbs);
    LT_ENSURE(lt_writer_ok(w), err, LATCH_ERR_MEMORY, "out of memory writing a certificate");
    return true;
}

/* RFC 5280 4.1.1: tbsCertificate, signatureAlgorithm, signatureValue;
 * then the whole certificate must parse. */
static bool assemble(lt_writer *out, const lt_writer *tbs, lt_x509_sig_alg alg, const uint8_t *sig,
                     size_t sig_len, lt_error *err)
{
    size_t start = out->len;
    lt_der_block cert = lt_der_open(out, LT_DER_SEQUENCE);
    lt_write_bytes(out, tbs->data, tbs->len);
    write_sig_alg(out, alg);
    lt_der_write_bit_string(out, sig, sig_len);
    lt_der_close(out, cert);
    LT_ENSURE(lt_writer_ok(out), err, LATCH_ERR_MEMORY,
              "the certificate does not fit its output buffer");
    lt_cert check;
    LT_GUARD(lt_cert_parse(&check, out->data + start, out->len - start, err));
    lt_cert_free(&check);
    return true;
}

bool lt_cert_build(const lt_cert_spec *spec, const lt_privkey *subject_key,
                   const lt_cert_issuer *issuer, lt_writer *out, lt_error *err)
{
    LT_GUARD(check_spec(spec, err));
    const lt_privkey *signer = issuer != NULL ? issuer->key : subject_key;
    lt_x509_sig_alg alg = lt_cert_sig_alg_for(signer->type);
    LT_ENSURE(alg != LT_X509_SIG_UNKNOWN, err, LATCH_ERR_USAGE,
              "the issuer's key cannot sign certificates");

    lt_writer tbs;
    lt_writer_init_growable(&tbs, 0);
    uint8_t sig[LT_SIG_MAX_LEN];
    size_t sig_len;
    bool ok = write_tbs(&tbs, spec, subject_key, issuer, alg, err) &&
              lt_sign_x509(signer, alg, tbs.data, tbs.len, sig, sizeof(sig), &sig_len, err) &&
              assemble(out, &tbs, alg, sig, sig_len, err);
    lt_writer_free(&tbs);
    return ok;
}
