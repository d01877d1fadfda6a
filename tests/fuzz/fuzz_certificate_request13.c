/*
 * CertificateRequest (TLS 1.3): parse any body; the written form must be
 * a fixed point (fixed_point.h): extensions come out in a fixed order.
 */
#include "fixed_point.h"
#include "tls/msg13.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool parse(const uint8_t *body, size_t len, void *out, lt_error *err)
{
    return lt_certificate_request13_parse(body, len, out, err);
}

static void write(const void *msg, lt_writer *w)
{
    lt_certificate_request13_write(msg, w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuzz_message m = {LT_HS_CERTIFICATE_REQUEST, "CertificateRequest (TLS 1.3)", parse,
                                   write, NULL};
    lt_certificate_request13 first, again;
    fuzz_fixed_point(&m, data, size, &first, &again);
    return 0;
}
