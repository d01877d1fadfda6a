/*
 * ClientKeyExchange, parsed as each key exchange (ECDHE point, DHE Yc,
 * RSA EncryptedPreMasterSecret). Its encoding is canonical, so what
 * parses must write back exactly the bytes it was parsed from.
 */
#include "harness.h"
#include "tls/msg_kex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const uint8_t *data, size_t size, lt_msg_kex kind)
{
    lt_client_key_exchange cke;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_client_key_exchange_parse(data, size, kind, &cke, &err);
    fuzz_check_result(ok, &err);
    if (!ok)
        return;
    /* RFC 5246 4.7: an RSA EncryptedPreMasterSecret may be empty (it then
     * yields a random premaster); the key shares may not. */
    FUZZ_CHECK(cke.kind == kind && (cke.exchange.len > 0 || kind == LT_MSG_KEX_RSA));
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_client_key_exchange_write(&cke, &w);
    fuzz_check_message(&w, LT_HS_CLIENT_KEY_EXCHANGE, data, size);
    lt_writer_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    round_trip(data, size, LT_MSG_KEX_ECDHE);
    round_trip(data, size, LT_MSG_KEX_DHE);
    round_trip(data, size, LT_MSG_KEX_RSA);
    return 0;
}
