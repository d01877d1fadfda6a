/*
 * ServerHello: parse any body; what parses must write, and the written
 * message must parse again and write the same bytes. (A hello is not
 * written back byte for byte: extensions come out in a fixed order and an
 * empty extensions block is omitted.)
 */
#include "harness.h"
#include "tls/msg_hello.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_server_hello sh;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_server_hello_parse(data, size, &sh, &err);
    fuzz_check_result(ok, &err);
    if (!ok)
        return 0;

    lt_writer first, second;
    lt_writer_init_growable(&first, 0);
    lt_writer_init_growable(&second, 0);
    lt_server_hello_write(&sh, &first);
    lt_span body = fuzz_message_body(&first, LT_HS_SERVER_HELLO);
    lt_server_hello again;
    ok = lt_server_hello_parse(body.data, body.len, &again, &err);
    fuzz_check_result(ok, &err);
    FUZZ_CHECK(ok);
    lt_server_hello_write(&again, &second);
    fuzz_check_same("ServerHello", &first, &second);
    lt_writer_free(&first);
    lt_writer_free(&second);
    return 0;
}
