/*
 * Certificate (TLS 1.3): parse any body; the written form must be a
 * fixed point (fixed_point.h) holding the same certificates, OCSP
 * responses and SCT lists: an entry's extensions come out in a fixed
 * order.
 */
#include <string.h>

#include "fixed_point.h"
#include "tls/msg13.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool parse(const uint8_t *body, size_t len, void *out, lt_error *err)
{
    return lt_certificate13_parse(body, len, out, err);
}

static void write(const void *msg, lt_writer *w)
{
    lt_certificate13_write(msg, w);
}

static bool same_span(lt_span a, lt_span b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

static bool same(const void *first, const void *again)
{
    const lt_certificate13 *a = first, *b = again;
    bool ok = a->count == b->count && same_span(a->context, b->context);
    for (size_t i = 0; ok && i < a->count; i++)
        ok = same_span(a->certs[i], b->certs[i]) && same_span(a->ocsp[i], b->ocsp[i]) &&
             same_span(a->sct[i], b->sct[i]);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuzz_message m = {LT_HS_CERTIFICATE, "Certificate (TLS 1.3)", parse, write, same};
    lt_certificate13 first, again;
    fuzz_fixed_point(&m, data, size, &first, &again);
    return 0;
}
