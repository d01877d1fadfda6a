#include "x509/crl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x509/oid.h"
#include "x509/pem.h"
#include "x509/signed.h"

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension (RFC 5280 4.1). A
 * critical one is refused: none that latch reads is meant to be critical
 * in a CRL, and the ones that are change its meaning (RFC 5280 5.2). When
 * aki is given, the authorityKeyIdentifier's keyIdentifier goes there, and
 * *number says whether a cRLNumber is present. */
static bool read_extensions(lt_reader *r, lt_span *aki, bool *number, const char *what,
                            lt_error *err)
{
    lt_reader list;
    LT_GUARD(lt_der_read(r, LT_DER_SEQUENCE, &list, what, err));
    LT_ENSURE(!lt_reader_done(&list), err, LATCH_ERR_DECODE, "%s: the list is empty", what);
    while (!lt_reader_done(&list)) {
        lt_reader ext;
        lt_span oid, value;
        bool critical = false;
        uint8_t tag = 0;
        LT_GUARD(lt_der_read(&list, LT_DER_SEQUENCE, &ext, what, err));
        LT_GUARD(lt_der_read_oid(&ext, &oid, what, err));
        if (lt_der_peek_tag(&ext, &tag) && tag == LT_DER_BOOLEAN) {
            LT_GUARD(lt_der_read_bool(&ext, &critical, what, err));
            LT_ENSURE(critical, err, LATCH_ERR_DECODE,
                      "%s: critical FALSE is the default and must be omitted in DER", what);
        }
        LT_GUARD(lt_der_read_octet_string(&ext, &value, what, err));
        LT_GUARD(lt_der_done(&ext, what, err));
        if (critical) {
            char dotted[64];
            lt_der_oid_text(oid, dotted, sizeof(dotted));
            return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                           "%s: critical extension %s is not supported", what, dotted);
        }
        if (number != NULL && LT_DER_OID_IS(oid, OID_CRL_NUMBER))
            *number = true;
        if (aki != NULL && LT_DER_OID_IS(oid, OID_AUTHORITY_KEY_ID)) {
            lt_reader v = value, seq, id;
            bool present;
            LT_GUARD(lt_der_read(&v, LT_DER_SEQUENCE, &seq, what, err));
            LT_GUARD(lt_der_read_optional(&seq, LT_DER_CONTEXT(0), &present, &id, what, err));
            if (present) {
                aki->data = lt_reader_data(&id);
                aki->len = lt_reader_left(&id);
            }
        }
    }
    return true;
}

static bool read_revoked(lt_reader list, lt_crl *crl, lt_error *err)
{
    const char *what = "CRL revokedCertificates";
    /* RFC 5280 5.1.2.6: when there are none the field is absent. */
    LT_ENSURE(!lt_reader_done(&list), err, LATCH_ERR_DECODE, "%s: present but empty", what);
    for (int pass = 0; pass < 2; pass++) {
        lt_reader r = list;
        size_t n = 0;
        while (!lt_reader_done(&r)) {
            lt_reader entry;
            lt_span serial;
            int64_t when;
            LT_GUARD(lt_der_read(&r, LT_DER_SEQUENCE, &entry, what, err));
            LT_GUARD(lt_der_read_integer(&entry, &serial, "CRL entry userCertificate", err));
            LT_GUARD(lt_der_read_time(&entry, &when, "CRL entry revocationDate", err));
            if (!lt_reader_done(&entry))
                LT_GUARD(read_extensions(&entry, NULL, NULL, "CRL entry extensions", err));
            LT_GUARD(lt_der_done(&entry, what, err));
            if (pass == 1)
                crl->revoked[n] = serial;
            n++;
            LT_ENSURE(n <= LT_CRL_MAX_ENTRIES, err, LATCH_ERR_BAD_CERTIFICATE,
                      "%s: more than %d entries", what, LT_CRL_MAX_ENTRIES);
        }
        if (pass == 0) {
            crl->revoked = calloc(n, sizeof(*crl->revoked));
            LT_ENSURE(crl->revoked != NULL, err, LATCH_ERR_MEMORY, "out of memory reading a CRL");
        }
        crl->revoked_count = n;
    }
    return true;
}

static bool parse(lt_crl *crl, lt_error *err)
{
    lt_reader input = lt_reader_make(crl->der, crl->der_len), c, tbs;
    lt_span inner_alg, outer_alg;
    lt_x509_sig_alg inner;
    uint8_t tag = 0;
    LT_GUARD(lt_der_read(&input, LT_DER_SEQUENCE, &c, "CRL", err));
    LT_GUARD(lt_der_done(&input, "CRL", err));
    LT_GUARD(lt_der_read_whole(&c, LT_DER_SEQUENCE, &crl->tbs, &tbs, "tbsCertList", err));
    if (lt_der_peek_tag(&tbs, &tag) && tag == LT_DER_INTEGER) {
        uint64_t version;
        LT_GUARD(lt_der_read_small_uint(&tbs, 1, &version, "tbsCertList version", err));
        /* RFC 5280 5.1.2.1: when present, the version is v2 (1). */
        LT_ENSURE(version == 1, err, LATCH_ERR_BAD_CERTIFICATE,
                  "tbsCertList version: v1 must be encoded by omitting the field");
    }
    LT_GUARD(lt_x509_read_sig_alg(&tbs, &inner_alg, &inner, "tbsCertList signature", err));
    LT_GUARD(lt_name_read(&tbs, &crl->issuer, "tbsCertList issuer", err));
    LT_GUARD(lt_der_read_time(&tbs, &crl->this_update, "tbsCertList thisUpdate", err));
    crl->next_update = INT64_MAX;
    if (lt_der_peek_tag(&tbs, &tag) && (tag == LT_DER_UTC_TIME || tag == LT_DER_GENERALIZED_TIME))
        LT_GUARD(lt_der_read_time(&tbs, &crl->next_update, "tbsCertList nextUpdate", err));
    if (lt_der_peek_tag(&tbs, &tag) && tag == LT_DER_SEQUENCE) {
        lt_reader list;
        LT_GUARD(lt_der_read(&tbs, LT_DER_SEQUENCE, &list, "CRL revokedCertificates", err));
        LT_GUARD(read_revoked(list, crl, err));
    }
    if (!lt_reader_done(&tbs)) {
        lt_reader exts;
        LT_GUARD(lt_der_read_explicit(&tbs, 0, &exts, "crlExtensions", err));
        LT_GUARD(
            read_extensions(&exts, &crl->authority_key_id, &crl->has_number, "crlExtensions", err));
        LT_GUARD(lt_der_done(&exts, "crlExtensions", err));
    }
    LT_GUARD(lt_der_done(&tbs, "tbsCertList", err));
    LT_GUARD(lt_x509_read_sig_alg(&c, &outer_alg, &crl->sig_alg, "CRL signatureAlgorithm", err));
    /* RFC 5280 5.1.1.2: the same algorithm inside and outside. */
    LT_ENSURE(lt_span_equal(inner_alg, outer_alg), err, LATCH_ERR_BAD_CERTIFICATE,
              "CRL signatureAlgorithm differs from the signature field inside tbsCertList");
    LT_GUARD(lt_der_read_bit_string_octets(&c, &crl->signature, "CRL signatureValue", err));
    return lt_der_done(&c, "CRL", err);
}

bool lt_crl_parse(lt_crl *crl, const uint8_t *der, size_t len, lt_error *err)
{
    memset(crl, 0, sizeof(*crl));
    LT_ENSURE(len > 0, err, LATCH_ERR_DECODE, "CRL: the input is empty");
    crl->der = malloc(len);
    LT_ENSURE(crl->der != NULL, err, LATCH_ERR_MEMORY, "out of memory copying a CRL");
    memcpy(crl->der, der, len);
    crl->der_len = len;
    if (!parse(crl, err)) {
        lt_crl_free(crl);
        return false;
    }
    return true;
}

void lt_crl_free(lt_crl *crl)
{
    free(crl->der);
    free(crl->revoked);
    memset(crl, 0, sizeof(*crl));
}

bool lt_crl_check(const lt_crl *crl, const lt_cert *issuer, int64_t now, lt_error *err)
{
    char name[128], what[160];
    lt_name_format(&crl->issuer, name, sizeof(name));
    snprintf(what, sizeof(what), "the CRL of %s", name);
    /* RFC 5280 6.3.3 (f): the issuer's key must be allowed to sign CRLs. */
    LT_ENSURE(!(issuer->extensions & LT_EXT_KEY_USAGE) || (issuer->key_usage & LT_KU_CRL_SIGN), err,
              LATCH_ERR_BAD_CERTIFICATE, "%s: the issuer's keyUsage does not include cRLSign",
              what);
    LT_GUARD(lt_x509_check_signed(issuer, crl->sig_alg, crl->tbs, crl->signature, what, err));
    /* RFC 5280 5.2.3: conforming CRL issuers must include it. */
    LT_ENSURE(crl->has_number, err, LATCH_ERR_CERTIFICATE_UNKNOWN,
              "%s has no cRLNumber extension, which RFC 5280 5.2.3 requires", what);
    LT_ENSURE(crl->next_update != INT64_MAX, err, LATCH_ERR_CERTIFICATE_UNKNOWN,
              "%s has no nextUpdate, so latch cannot tell whether it is current", what);
    LT_ENSURE(now >= crl->this_update, err, LATCH_ERR_CERTIFICATE_UNKNOWN,
              "%s is not valid yet (thisUpdate is %lld, now is %lld)", what,
              (long long)crl->this_update, (long long)now);
    LT_ENSURE(now < crl->next_update, err, LATCH_ERR_CERTIFICATE_UNKNOWN,
              "%s is out of date (nextUpdate was %lld, now is %lld)", what,
              (long long)crl->next_update, (long long)now);
    return true;
}

bool lt_crl_lists(const lt_crl *crl, lt_span serial)
{
    for (size_t i = 0; i < crl->revoked_count; i++)
        if (lt_span_equal(crl->revoked[i], serial))
            return true;
    return false;
}

static bool push(lt_crl_list *list, const uint8_t *der, size_t len, const char *what, lt_error *err)
{
    lt_crl crl;
    if (!lt_crl_parse(&crl, der, len, err)) {
        lt_error_prefix(err, "%s: ", what);
        return false;
    }
    lt_crl *grown = realloc(list->items, (list->count + 1) * sizeof(*grown));
    if (grown == NULL) {
        lt_crl_free(&crl);
        return LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory adding a CRL");
    }
    list->items = grown;
    list->items[list->count++] = crl;
    return true;
}

bool lt_crl_list_add(lt_crl_list *list, const uint8_t *data, size_t len, const char *what,
                     lt_error *err)
{
    if (len > 0 && data[0] == LT_DER_SEQUENCE)
        return push(list, data, len, what, err);
    lt_pem_iter it;
    lt_pem_iter_init(&it, data, len);
    size_t added = 0;
    for (;;) {
        lt_pem_block block;
        bool found;
        LT_GUARD(lt_pem_next(&it, "X509 CRL", &block, &found, err));
        if (!found)
            break;
        bool ok = push(list, block.der, block.der_len, what, err);
        lt_pem_block_free(&block);
        LT_GUARD(ok);
        added++;
    }
    LT_ENSURE(added > 0, err, LATCH_ERR_CONFIG, "%s holds no CRL (DER, or PEM \"X509 CRL\")", what);
    return true;
}

void lt_crl_list_free(lt_crl_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        lt_crl_free(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof(*list));
}
