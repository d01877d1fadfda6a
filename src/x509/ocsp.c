#include "x509/ocsp.h"

#include <stdio.h>
#include <string.h>

#include "crypto/hash.h"
#include "x509/oid.h"
#include "x509/signed.h"

#define DER_ENUMERATED 0x0a

static const char *const response_status_names[] = {
    "successful", "malformedRequest", "internalError", "(unused)",
    "tryLater",   "sigRequired",      "unauthorized",
};

/* What a response says, spans into its DER. */
typedef struct ocsp_response {
    lt_span tbs;
    lt_x509_sig_alg sig_alg;
    lt_span signature;
    bool by_name; /* responderID: byName, or byKey */
    lt_name responder_name;
    lt_span responder_key_hash;
    lt_reader responses;
    lt_cert certs[LT_OCSP_MAX_CERTS];
    size_t cert_count;
} ocsp_response;

static void response_free(ocsp_response *r)
{
    for (size_t i = 0; i < r->cert_count; i++)
        lt_cert_free(&r->certs[i]);
    r->cert_count = 0;
}

/* Extensions are skipped, but a critical one cannot be (RFC 5280 4.2). */
static bool skip_extensions(lt_reader *r, const char *what, lt_error *err)
{
    lt_reader list;
    LT_GUARD(lt_der_read(r, LT_DER_SEQUENCE, &list, what, err));
    while (!lt_reader_done(&list)) {
        lt_reader ext;
        lt_span oid, value;
        bool critical = false;
        uint8_t tag = 0;
        LT_GUARD(lt_der_read(&list, LT_DER_SEQUENCE, &ext, what, err));
        LT_GUARD(lt_der_read_oid(&ext, &oid, what, err));
        if (lt_der_peek_tag(&ext, &tag) && tag == LT_DER_BOOLEAN)
            LT_GUARD(lt_der_read_bool(&ext, &critical, what, err));
        LT_GUARD(lt_der_read_octet_string(&ext, &value, what, err));
        LT_GUARD(lt_der_done(&ext, what, err));
        if (critical) {
            char dotted[64];
            lt_der_oid_text(oid, dotted, sizeof(dotted));
            return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                           "%s: critical extension %s is not supported", what, dotted);
        }
    }
    return true;
}

/* OCSPResponse down to ResponseData (RFC 6960 4.2.1). */
static bool parse_response(const uint8_t *der, size_t len, ocsp_response *out, lt_error *err)
{
    lt_reader input = lt_reader_make(der, len), resp, status, bytes_outer, bytes, basic_outer;
    lt_reader basic, data, field;
    lt_span type, basic_der;
    uint8_t code = 0, tag = 0;
    bool present;
    memset(out, 0, sizeof(*out));
    LT_GUARD(lt_der_read(&input, LT_DER_SEQUENCE, &resp, "OCSPResponse", err));
    LT_GUARD(lt_der_done(&input, "OCSPResponse", err));
    LT_GUARD(lt_der_read(&resp, DER_ENUMERATED, &status, "OCSPResponse responseStatus", err));
    LT_ENSURE(lt_read_u8(&status, &code) && lt_reader_done(&status), err, LATCH_ERR_DECODE,
              "OCSPResponse responseStatus: not a one-octet ENUMERATED");
    LT_ENSURE(code == 0, err, LATCH_ERR_CERTIFICATE_UNKNOWN,
              "the OCSP responder answered %s instead of a status",
              code < sizeof(response_status_names) / sizeof(response_status_names[0])
                  ? response_status_names[code]
                  : "an unknown responseStatus");
    LT_GUARD(lt_der_read_explicit(&resp, 0, &bytes_outer, "OCSPResponse responseBytes", err));
    LT_GUARD(lt_der_done(&resp, "OCSPResponse", err));
    LT_GUARD(lt_der_read(&bytes_outer, LT_DER_SEQUENCE, &bytes, "ResponseBytes", err));
    LT_GUARD(lt_der_done(&bytes_outer, "ResponseBytes", err));
    LT_GUARD(lt_der_read_oid(&bytes, &type, "ResponseBytes responseType", err));
    LT_ENSURE(LT_DER_OID_IS(type, OID_OCSP_BASIC), err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "the OCSP response is not of type id-pkix-ocsp-basic");
    LT_GUARD(lt_der_read_octet_string(&bytes, &basic_der, "ResponseBytes response", err));
    LT_GUARD(lt_der_done(&bytes, "ResponseBytes", err));

    basic_outer = basic_der;
    LT_GUARD(lt_der_read(&basic_outer, LT_DER_SEQUENCE, &basic, "BasicOCSPResponse", err));
    LT_GUARD(lt_der_done(&basic_outer, "BasicOCSPResponse", err));
    LT_GUARD(lt_der_read_whole(&basic, LT_DER_SEQUENCE, &out->tbs, &data, "tbsResponseData", err));
    lt_span alg_der;
    LT_GUARD(lt_x509_read_sig_alg(&basic, &alg_der, &out->sig_alg,
                                  "BasicOCSPResponse signatureAlgorithm", err));
    LT_GUARD(
        lt_der_read_bit_string_octets(&basic, &out->signature, "BasicOCSPResponse signature", err));
    LT_GUARD(lt_der_read_optional(&basic, LT_DER_CONTEXT_CONSTRUCTED(0), &present, &field,
                                  "BasicOCSPResponse certs", err));
    if (present) {
        lt_reader list;
        LT_GUARD(lt_der_read(&field, LT_DER_SEQUENCE, &list, "BasicOCSPResponse certs", err));
        LT_GUARD(lt_der_done(&field, "BasicOCSPResponse certs", err));
        while (!lt_reader_done(&list)) {
            lt_span whole;
            lt_reader ignored;
            LT_ENSURE(out->cert_count < LT_OCSP_MAX_CERTS, err, LATCH_ERR_BAD_CERTIFICATE,
                      "the OCSP response carries more than %d certificates", LT_OCSP_MAX_CERTS);
            LT_GUARD(lt_der_read_whole(&list, LT_DER_SEQUENCE, &whole, &ignored,
                                       "BasicOCSPResponse certs", err));
            LT_GUARD(lt_cert_parse(&out->certs[out->cert_count], whole.data, whole.len, err));
            out->cert_count++;
        }
    }
    LT_GUARD(lt_der_done(&basic, "BasicOCSPResponse", err));

    /* ResponseData: version v1 is the DEFAULT, so DER leaves it out. */
    LT_ENSURE(!(lt_der_peek_tag(&data, &tag) && tag == LT_DER_CONTEXT_CONSTRUCTED(0)), err,
              LATCH_ERR_DECODE, "ResponseData version: only the default v1 exists");
    LT_GUARD(lt_der_read_optional(&data, LT_DER_CONTEXT_CONSTRUCTED(1), &out->by_name, &field,
                                  "ResponseData responderID", err));
    if (out->by_name) {
        LT_GUARD(lt_name_read(&field, &out->responder_name, "ResponseData responderID", err));
    } else {
        LT_GUARD(lt_der_read_explicit(&data, 2, &field, "ResponseData responderID byKey", err));
        LT_GUARD(lt_der_read_octet_string(&field, &out->responder_key_hash,
                                          "ResponseData responderID byKey", err));
    }
    LT_GUARD(lt_der_done(&field, "ResponseData responderID", err));
    int64_t produced;
    LT_GUARD(lt_der_read_time(&data, &produced, "ResponseData producedAt", err));
    LT_GUARD(lt_der_read(&data, LT_DER_SEQUENCE, &out->responses, "ResponseData responses", err));
    LT_GUARD(lt_der_read_optional(&data, LT_DER_CONTEXT_CONSTRUCTED(1), &present, &field,
                                  "ResponseData responseExtensions", err));
    if (present) {
        LT_GUARD(skip_extensions(&field, "ResponseData responseExtensions", err));
        LT_GUARD(lt_der_done(&field, "ResponseData responseExtensions", err));
    }
    return lt_der_done(&data, "ResponseData", err);
}

static bool sha1(lt_span data, uint8_t out[20], lt_error *err)
{
    /* RFC 6960 4.1.1 and 4.2.1: SHA-1 identifies keys here; it signs nothing. */
    return lt_hash_oneshot(LT_HASH_SHA1, data.data, data.len, out, err);
}

static bool key_hash_is(const lt_cert *cert, lt_span hash, lt_error *err)
{
    uint8_t digest[20];
    LT_GUARD(sha1(cert->public_key, digest, err));
    return hash.len == sizeof(digest) && memcmp(hash.data, digest, sizeof(digest)) == 0;
}

/* RFC 6960 4.2.2.2: the issuer itself, or a certificate it issued for
 * OCSP signing. */
static bool find_signer(const ocsp_response *r, const lt_cert *issuer, int64_t now,
                        const lt_cert **signer, lt_error *err)
{
    bool is_issuer = r->by_name ? lt_name_equal(&r->responder_name, &issuer->subject)
                                : key_hash_is(issuer, r->responder_key_hash, err);
    LT_GUARD(!lt_error_is_set(err));
    if (is_issuer) {
        *signer = issuer;
        return true;
    }
    char name[128];
    lt_name_format(&issuer->subject, name, sizeof(name));
    for (size_t i = 0; i < r->cert_count; i++) {
        const lt_cert *c = &r->certs[i];
        bool named = r->by_name ? lt_name_equal(&r->responder_name, &c->subject)
                                : key_hash_is(c, r->responder_key_hash, err);
        LT_GUARD(!lt_error_is_set(err));
        if (!named)
            continue;
        char subject[128], what[160];
        lt_name_format(&c->subject, subject, sizeof(subject));
        snprintf(what, sizeof(what), "OCSP responder certificate %s", subject);
        LT_ENSURE(lt_name_equal(&c->issuer, &issuer->subject), err, LATCH_ERR_BAD_CERTIFICATE,
                  "%s was not issued by %s, the certificate's issuer", what, name);
        LT_ENSURE(
            (c->extensions & LT_EXT_EXT_KEY_USAGE) && (c->ext_key_usage & LT_EKU_OCSP_SIGNING), err,
            LATCH_ERR_BAD_CERTIFICATE,
            "%s lacks extKeyUsage id-kp-OCSPSigning, so %s did not delegate to it", what, name);
        LT_GUARD(lt_cert_key_allowed(c, err));
        LT_GUARD(lt_x509_check_signed(issuer, c->sig_alg, c->tbs, c->signature, what, err));
        LT_ENSURE(now >= c->not_before && now <= c->not_after, err, LATCH_ERR_BAD_CERTIFICATE,
                  "%s is outside its validity period", what);
        *signer = c;
        return true;
    }
    return LT_FAIL(err, LATCH_ERR_BAD_CERTIFICATE,
                   "the response is signed neither by %s nor by a responder it delegated to", name);
}

/* Whether a CertID names cert issued by issuer (RFC 6960 4.1.1). */
static bool cert_id_matches(lt_reader *id, const lt_cert *cert, const lt_cert *issuer, bool *match,
                            lt_error *err)
{
    const char *what = "SingleResponse certID";
    lt_reader alg;
    lt_span oid, name_hash, key_hash, serial;
    LT_GUARD(lt_der_read(id, LT_DER_SEQUENCE, &alg, what, err));
    LT_GUARD(lt_der_read_oid(&alg, &oid, what, err));
    if (!lt_reader_done(&alg))
        LT_GUARD(lt_der_read_null(&alg, what, err));
    LT_GUARD(lt_der_done(&alg, what, err));
    LT_GUARD(lt_der_read_octet_string(id, &name_hash, what, err));
    LT_GUARD(lt_der_read_octet_string(id, &key_hash, what, err));
    LT_GUARD(lt_der_read_integer(id, &serial, what, err));
    LT_GUARD(lt_der_done(id, what, err));
    lt_hash_alg hash;
    if (LT_DER_OID_IS(oid, OID_SHA1))
        hash = LT_HASH_SHA1;
    else if (LT_DER_OID_IS(oid, OID_SHA256))
        hash = LT_HASH_SHA256;
    else {
        *match = false; /* another algorithm names some other certificate for us */
        return true;
    }
    uint8_t want_name[LT_HASH_MAX_LEN], want_key[LT_HASH_MAX_LEN];
    size_t n = lt_hash_len(hash);
    LT_GUARD(
        lt_hash_oneshot(hash, issuer->subject.der.data, issuer->subject.der.len, want_name, err));
    LT_GUARD(lt_hash_oneshot(hash, issuer->public_key.data, issuer->public_key.len, want_key, err));
    *match = name_hash.len == n && key_hash.len == n && memcmp(name_hash.data, want_name, n) == 0 &&
             memcmp(key_hash.data, want_key, n) == 0 && lt_span_equal(serial, cert->serial);
    return true;
}

/* The SingleResponse about cert: its status and time window. */
static bool read_single(lt_reader *list, const lt_cert *cert, const lt_cert *issuer, bool *found,
                        lt_ocsp_status *status, int64_t *this_update, int64_t *next_update,
                        lt_error *err)
{
    const char *what = "SingleResponse";
    lt_reader single, id, field;
    uint8_t tag = 0;
    bool match, present;
    LT_GUARD(lt_der_read(list, LT_DER_SEQUENCE, &single, what, err));
    LT_GUARD(lt_der_read(&single, LT_DER_SEQUENCE, &id, what, err));
    LT_GUARD(cert_id_matches(&id, cert, issuer, &match, err));
    LT_ENSURE(lt_der_peek_tag(&single, &tag), err, LATCH_ERR_DECODE, "%s: no certStatus", what);
    LT_GUARD(lt_der_read_any(&single, &tag, &field, "SingleResponse certStatus", err));
    if (tag == LT_DER_CONTEXT(0) || tag == LT_DER_CONTEXT(2)) {
        LT_ENSURE(lt_reader_done(&field), err, LATCH_ERR_DECODE,
                  "SingleResponse certStatus: good and unknown carry NULL");
        *status = tag == LT_DER_CONTEXT(0) ? LT_OCSP_GOOD : LT_OCSP_UNKNOWN;
    } else {
        LT_ENSURE(tag == LT_DER_CONTEXT_CONSTRUCTED(1), err, LATCH_ERR_DECODE,
                  "SingleResponse certStatus: tag 0x%02x is not good, revoked or unknown", tag);
        int64_t when;
        LT_GUARD(lt_der_read_time(&field, &when, "RevokedInfo revocationTime", err));
        *status = LT_OCSP_REVOKED;
    }
    LT_GUARD(lt_der_read_time(&single, this_update, "SingleResponse thisUpdate", err));
    *next_update = INT64_MAX;
    LT_GUARD(lt_der_read_optional(&single, LT_DER_CONTEXT_CONSTRUCTED(0), &present, &field,
                                  "SingleResponse nextUpdate", err));
    if (present) {
        LT_GUARD(lt_der_read_time(&field, next_update, "SingleResponse nextUpdate", err));
        LT_GUARD(lt_der_done(&field, "SingleResponse nextUpdate", err));
    }
    LT_GUARD(lt_der_read_optional(&single, LT_DER_CONTEXT_CONSTRUCTED(1), &present, &field,
                                  "SingleResponse singleExtensions", err));
    if (present) {
        LT_GUARD(skip_extensions(&field, "SingleResponse singleExtensions", err));
        LT_GUARD(lt_der_done(&field, "SingleResponse singleExtensions", err));
    }
    LT_GUARD(lt_der_done(&single, what, err));
    *found = match;
    return true;
}

static bool check(const ocsp_response *r, const lt_cert *cert, const lt_cert *issuer, int64_t now,
                  lt_ocsp_status *status, lt_error *err)
{
    const lt_cert *signer = NULL;
    LT_GUARD(find_signer(r, issuer, now, &signer, err));
    LT_GUARD(
        lt_x509_check_signed(signer, r->sig_alg, r->tbs, r->signature, "the OCSP response", err));
    lt_reader list = r->responses;
    bool found = false;
    int64_t this_update = 0, next_update = 0;
    while (!found && !lt_reader_done(&list))
        LT_GUARD(read_single(&list, cert, issuer, &found, status, &this_update, &next_update, err));
    LT_ENSURE(found, err, LATCH_ERR_BAD_CERTIFICATE,
              "the response is about other certificates (no CertID matches)");
    LT_ENSURE(next_update != INT64_MAX, err, LATCH_ERR_CERTIFICATE_UNKNOWN,
              "the response has no nextUpdate, so latch cannot tell whether it is current");
    LT_ENSURE(now >= this_update, err, LATCH_ERR_CERTIFICATE_UNKNOWN,
              "the response is not valid yet (thisUpdate %lld, now %lld)", (long long)this_update,
              (long long)now);
    LT_ENSURE(now < next_update, err, LATCH_ERR_CERTIFICATE_UNKNOWN,
              "the response is out of date (nextUpdate %lld, now %lld)", (long long)next_update,
              (long long)now);
    LT_ENSURE(*status != LT_OCSP_REVOKED, err, LATCH_ERR_CERTIFICATE_REVOKED,
              "the responder says the certificate is revoked");
    LT_ENSURE(*status != LT_OCSP_UNKNOWN, err, LATCH_ERR_CERTIFICATE_UNKNOWN,
              "the responder does not know the certificate");
    return true;
}

bool lt_ocsp_parse(const uint8_t *der, size_t len, lt_error *err)
{
    ocsp_response r;
    bool ok = parse_response(der, len, &r, err);
    response_free(&r);
    return ok;
}

bool lt_ocsp_check(const uint8_t *der, size_t len, const lt_cert *cert, const lt_cert *issuer,
                   int64_t now, lt_ocsp_status *status, lt_error *err)
{
    ocsp_response r;
    *status = LT_OCSP_UNKNOWN;
    bool ok = parse_response(der, len, &r, err) && check(&r, cert, issuer, now, status, err);
    response_free(&r);
    return ok;
}
