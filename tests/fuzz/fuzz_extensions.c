/*
 * The hello extensions block, parsed in both contexts (ClientHello and
 * ServerHello). What parses must write; the written block must parse
 * again in the same context and write the same bytes.
 */
#include "harness.h"
#include "tls/ext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const uint8_t *data, size_t size, lt_ext_context ctx)
{
    lt_extensions ext;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_extensions_parse(data, size, ctx, &ext, &err);
    fuzz_check_result(ok, &err);
    if (!ok)
        return;
    for (size_t i = 0; i < ext.unknown_count; i++)
        FUZZ_CHECK(lt_extensions_has(&ext, ext.unknown[i].type));

    lt_writer first, second;
    lt_writer_init_growable(&first, 0);
    lt_writer_init_growable(&second, 0);
    lt_extensions_write(&ext, ctx, &first);
    FUZZ_CHECK(lt_writer_ok(&first) && first.len >= 2);
    lt_extensions again;
    ok = lt_extensions_parse(first.data + 2, first.len - 2, ctx, &again, &err);
    fuzz_check_result(ok, &err);
    FUZZ_CHECK(ok);
    FUZZ_CHECK(lt_extensions_empty(&again) == lt_extensions_empty(&ext));
    lt_extensions_write(&again, ctx, &second);
    fuzz_check_same(ctx == LT_EXT_IN_CLIENT_HELLO ? "ClientHello extensions"
                                                  : "ServerHello extensions",
                    &first, &second);
    lt_writer_free(&first);
    lt_writer_free(&second);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    round_trip(data, size, LT_EXT_IN_CLIENT_HELLO);
    round_trip(data, size, LT_EXT_IN_SERVER_HELLO);
    return 0;
}
