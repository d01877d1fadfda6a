/*
 * Certificate revocation lists: lt_crl_list_add over arbitrary bytes, one
 * DER CRL or PEM text with "X509 CRL" blocks. Every CRL it keeps must lie
 * in its own copy of the DER with its entries inside, and is then checked
 * against the intermediate of tests/data/verify (signature, keyUsage,
 * dates: at thisUpdate, so a CRL whose signature holds gets past the date
 * checks) and asked about the serials of two certificates it issued.
 */
#include "harness.h"
#include "x509/crl.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lt_cert issuer, revoked, good;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_load_cert(LATCH_FUZZ_DATA "/verify/int.pem", 0, &issuer);
    fuzz_load_cert(LATCH_FUZZ_DATA "/verify/revoked.pem", 0, &revoked);
    fuzz_load_cert(LATCH_FUZZ_DATA "/verify/good.pem", 0, &good);
    return 0;
}

static void inside(const lt_crl *crl, lt_span s)
{
    FUZZ_CHECK(s.len == 0 || (s.data >= crl->der && s.len <= crl->der_len &&
                              (size_t)(s.data - crl->der) <= crl->der_len - s.len));
}

static void check_crl(const lt_crl *crl)
{
    FUZZ_CHECK(crl->der_len > 0);
    inside(crl, crl->tbs);
    inside(crl, crl->signature);
    inside(crl, crl->issuer.der);
    inside(crl, crl->authority_key_id);
    FUZZ_CHECK(crl->revoked_count <= LT_CRL_MAX_ENTRIES);
    for (size_t i = 0; i < crl->revoked_count; i++)
        inside(crl, crl->revoked[i]);

    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_crl_check(crl, &issuer, crl->this_update, &err);
    fuzz_check_result(ok, &err);
    lt_error_clear(&err);
    ok = lt_crl_check(crl, &issuer, fuzz_clock(NULL), &err);
    fuzz_check_result(ok, &err);
    (void)lt_crl_lists(crl, revoked.serial);
    (void)lt_crl_lists(crl, good.serial);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_crl_list list = {0};
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_crl_list_add(&list, data, size, "fuzz input", &err);
    fuzz_check_result(ok, &err);
    FUZZ_CHECK(!ok || list.count > 0);
    for (size_t i = 0; i < list.count; i++)
        check_crl(&list.items[i]);
    lt_crl_list_free(&list);
    return 0;
}
