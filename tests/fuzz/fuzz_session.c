/*
 * The serialized client session (latch_conn_set_session) and the session
 * state inside a ticket: parse any bytes. The first input byte picks the
 * parser. Both encodings are canonical, so what parses must write back
 * exactly the bytes it was parsed from.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tls/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_bytes(const lt_writer *w, const uint8_t *data, size_t size)
{
    FUZZ_CHECK(lt_writer_ok(w));
    FUZZ_CHECK(w->len == size && memcmp(w->data, data, size) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    bool whole = data[0] & 1;
    data++;
    size--;
    lt_error err;
    lt_error_clear(&err);
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    if (whole) {
        lt_session *s = malloc(sizeof(*s));
        FUZZ_CHECK(s != NULL);
        bool ok = lt_session_parse(data, size, s, &err);
        fuzz_check_result(ok, &err);
        if (ok) {
            lt_session_write(s, &w);
            check_bytes(&w, data, size);
        }
        free(s);
    } else {
        lt_session_state st;
        bool ok = lt_session_state_parse(data, size, &st, &err);
        fuzz_check_result(ok, &err);
        if (ok) {
            lt_session_state_write(&st, &w);
            check_bytes(&w, data, size);
        }
    }
    lt_writer_free(&w);
    return 0;
}
