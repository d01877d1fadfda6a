/*
 * The record layer's deframer under null protection: the input is
 * [options][bytes from the peer]. Records are opened one after another
 * until the layer needs more bytes or fails; each written again must be
 * the same bytes.
 */
#include "harness.h"
#include "tls/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    lt_record_layer rl;
    lt_record_init(&rl);
    fuzz_record_options(&rl, data[0]);
    lt_record_layer reseal;
    lt_record_init(&reseal);
    fuzz_open_records(&rl, &reseal, data + 1, size - 1, 0);
    lt_record_free(&reseal);
    lt_record_free(&rl);
    return 0;
}
