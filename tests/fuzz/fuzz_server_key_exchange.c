/*
 * ServerKeyExchange, parsed as ECDHE and as DHE params (the message does
 * not say which; the suite does). Its encoding is canonical, so what
 * parses must write back exactly the bytes it was parsed from, and the
 * params written alone must be the signed span parse recorded.
 */
#include <string.h>

#include "harness.h"
#include "tls/msg_kex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const uint8_t *data, size_t size, lt_msg_kex kind)
{
    lt_server_key_exchange ske;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_server_key_exchange_parse(data, size, kind, &ske, &err);
    fuzz_check_result(ok, &err);
    if (!ok)
        return;
    FUZZ_CHECK(ske.kind == kind && ske.params.data == data && ske.params.len < size);

    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_server_key_exchange_write(&ske, &w);
    fuzz_check_message(&w, LT_HS_SERVER_KEY_EXCHANGE, data, size);
    lt_writer_reset(&w);
    lt_server_key_exchange_write_params(&ske, &w);
    FUZZ_CHECK(lt_writer_ok(&w) && w.len == ske.params.len);
    FUZZ_CHECK(memcmp(w.data, ske.params.data, w.len) == 0);
    lt_writer_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    round_trip(data, size, LT_MSG_KEX_ECDHE);
    round_trip(data, size, LT_MSG_KEX_DHE);

    lt_server_key_exchange ske;
    lt_error err;
    lt_error_clear(&err);
    FUZZ_CHECK(!lt_server_key_exchange_parse(data, size, LT_MSG_KEX_RSA, &ske, &err));
    FUZZ_CHECK(err.code == LATCH_ERR_UNEXPECTED_MESSAGE);
    return 0;
}
