/*
 * ClientHello: parse any body; what parses must write, and the written
 * message must parse again and write the same bytes. (A hello is not
 * written back byte for byte: extensions come out in a fixed order and an
 * empty extensions block is omitted.)
 */
#include "harness.h"
#include "tls/msg_hello.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_client_hello ch;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_client_hello_parse(data, size, &ch, &err);
    fuzz_check_result(ok, &err);
    if (!ok)
        return 0;

    lt_writer first, second;
    lt_writer_init_growable(&first, 0);
    lt_writer_init_growable(&second, 0);
    lt_client_hello_write(&ch, &first);
    lt_span body = fuzz_message_body(&first, LT_HS_CLIENT_HELLO);
    lt_client_hello again;
    ok = lt_client_hello_parse(body.data, body.len, &again, &err);
    fuzz_check_result(ok, &err);
    FUZZ_CHECK(ok);
    lt_client_hello_write(&again, &second);
    fuzz_check_same("ClientHello", &first, &second);
    lt_writer_free(&first);
    lt_writer_free(&second);
    return 0;
}
