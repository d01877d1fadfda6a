/*
 * KeyUpdate: parse any body. Its encoding is canonical, so what parses
 * must write back exactly the bytes it was parsed from.
 */
#include "harness.h"
#include "tls/msg13.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_key_update_request req;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_key_update_parse(data, size, &req, &err);
    fuzz_check_result(ok, &err);
    if (!ok)
        return 0;
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_key_update_write(req, &w);
    fuzz_check_message(&w, LT_HS_KEY_UPDATE, data, size);
    lt_writer_free(&w);
    return 0;
}
