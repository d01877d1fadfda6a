/*
 * NewSessionTicket: parse any body. Its encoding is canonical, so what
 * parses must write back exactly the bytes it was parsed from.
 */
#include "harness.h"
#include "tls/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_new_session_ticket msg;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_new_session_ticket_parse(data, size, &msg, &err);
    fuzz_check_result(ok, &err);
    if (!ok)
        return 0;
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_new_session_ticket_write(&msg, &w);
    fuzz_check_message(&w, LT_HS_NEW_SESSION_TICKET, data, size);
    lt_writer_free(&w);
    return 0;
}
