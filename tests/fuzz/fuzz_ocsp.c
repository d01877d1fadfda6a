/*
 * OCSP responses: lt_ocsp_parse over arbitrary DER, then lt_ocsp_check
 * about the good and the revoked certificate of tests/data/verify with
 * their intermediate as issuer, at the fuzz clock. A response the parser
 * refuses must be refused by the check with the same code, and a check
 * passes only on a good status.
 */
#include "harness.h"
#include "x509/ocsp.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lt_cert issuer, subjects[2];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_load_cert(LATCH_FUZZ_DATA "/verify/int.pem", 0, &issuer);
    fuzz_load_cert(LATCH_FUZZ_DATA "/verify/good.pem", 0, &subjects[0]);
    fuzz_load_cert(LATCH_FUZZ_DATA "/verify/revoked.pem", 0, &subjects[1]);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_error err;
    lt_error_clear(&err);
    bool parsed = lt_ocsp_parse(data, size, &err);
    fuzz_check_result(parsed, &err);
    latch_err parse_code = err.code;
    for (size_t i = 0; i < 2; i++) {
        lt_error_clear(&err);
        lt_ocsp_status status;
        bool ok = lt_ocsp_check(data, size, &subjects[i], &issuer, fuzz_clock(NULL), &status, &err);
        fuzz_check_result(ok, &err);
        FUZZ_CHECK(parsed || (!ok && err.code == parse_code));
        FUZZ_CHECK(!ok || status == LT_OCSP_GOOD);
        FUZZ_CHECK(status == LT_OCSP_GOOD || status == LT_OCSP_REVOKED ||
                   status == LT_OCSP_UNKNOWN);
    }
    return 0;
}
