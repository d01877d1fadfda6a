/*
 * The record layer's deframer with an AEAD read state keyed from fixed
 * bytes (record_keys.h): the input is [options][bytes from the peer]. The
 * options byte picks the AEAD (bits 4-5), the read options (bits 0-2) and
 * whether records are opened into a caller's buffer (bit 6), one that
 * holds a whole record or a smaller one (bit 7).
 * Seeds are records sealed under the same keys, so mutations start from
 * records that authenticate. Each record opened, sealed again under the
 * same keys, must be the same bytes.
 */
#include "harness.h"
#include "record_keys.h"
#include "tls/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    lt_aead_alg alg = fuzz_record_alg(data[0]);
    lt_record_layer rl;
    lt_record_init(&rl);
    fuzz_record_options(&rl, data[0]);
    lt_error err;
    lt_error_clear(&err);
    lt_record_layer reseal;
    lt_record_init(&reseal);
    bool ok = lt_record_set_aead(&rl, LT_RECORD_READ, alg, FUZZ_RECORD_KEY, FUZZ_RECORD_IV,
                                 fuzz_record_iv_len(alg), &err) &&
              lt_record_set_aead(&reseal, LT_RECORD_WRITE, alg, FUZZ_RECORD_KEY, FUZZ_RECORD_IV,
                                 fuzz_record_iv_len(alg), &err);
    FUZZ_CHECK(ok);
    fuzz_open_records(&rl, &reseal, data + 1, size - 1, fuzz_record_dst_cap(data[0]));
    lt_record_free(&reseal);
    lt_record_free(&rl);
    return 0;
}
