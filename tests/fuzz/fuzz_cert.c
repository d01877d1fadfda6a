/*
 * X.509 certificates: lt_cert_parse over arbitrary DER. A parsed
 * certificate's spans must lie inside its own copy of the DER, its lists
 * within their limits, and its names and OIDs must format.
 */
#include <string.h>

#include "harness.h"
#include "x509/cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const lt_cert *c, lt_span s)
{
    FUZZ_CHECK(s.len == 0 || (s.data >= c->der && s.len <= c->der_len &&
                              (size_t)(s.data - c->der) <= c->der_len - s.len));
}

static void names(const lt_cert *c, const lt_general_names *g, size_t max)
{
    FUZZ_CHECK(g->count <= max);
    for (size_t i = 0; i < g->count; i++) {
        /* Every GeneralName is kept (cert.h), each with its RFC 5280 tag. */
        FUZZ_CHECK(g->items[i].kind <= LT_GN_REGISTERED_ID);
        inside(c, g->items[i].value);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_cert cert;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_cert_parse(&cert, data, size, &err);
    fuzz_check_result(ok, &err);
    if (!ok)
        return 0;

    FUZZ_CHECK(cert.der_len == size && memcmp(cert.der, data, size) == 0);
    FUZZ_CHECK(cert.version >= 1 && cert.version <= 3);
    FUZZ_CHECK(cert.serial.len <= LT_CERT_MAX_SERIAL_LEN);
    lt_span spans[] = {cert.tbs,
                       cert.sig_alg_der,
                       cert.signature,
                       cert.serial,
                       cert.issuer.der,
                       cert.subject.der,
                       cert.spki,
                       cert.public_key,
                       cert.authority_key_id,
                       cert.subject_key_id,
                       cert.unknown_critical_oid};
    for (size_t i = 0; i < sizeof(spans) / sizeof(spans[0]); i++)
        inside(&cert, spans[i]);
    names(&cert, &cert.san, LT_CERT_MAX_SAN);
    FUZZ_CHECK(cert.permitted.count + cert.excluded.count <= LT_CERT_MAX_SUBTREES);
    names(&cert, &cert.permitted, LT_CERT_MAX_SUBTREES);
    names(&cert, &cert.excluded, LT_CERT_MAX_SUBTREES);
    FUZZ_CHECK(cert.crl_uris.count <= LT_CERT_MAX_URIS && cert.ocsp_uris.count <= LT_CERT_MAX_URIS);

    char text[64];
    lt_name_format(&cert.subject, text, sizeof(text));
    lt_name_format(&cert.issuer, text, sizeof(text));
    if (cert.unknown_critical)
        lt_der_oid_text(cert.unknown_critical_oid, text, sizeof(text));
    FUZZ_CHECK(lt_x509_sig_alg_name(cert.sig_alg) != NULL);
    lt_cert_free(&cert);
    return 0;
}
