/*
 * NewSessionTicket (TLS 1.3): parse any body; the written form must be a
 * fixed point (fixed_point.h) holding the same ticket: extensions other
 * than early_data are dropped.
 */
#include <string.h>

#include "fixed_point.h"
#include "tls/msg13.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool parse(const uint8_t *body, size_t len, void *out, lt_error *err)
{
    return lt_new_session_ticket13_parse(body, len, out, err);
}

static void write(const void *msg, lt_writer *w)
{
    lt_new_session_ticket13_write(msg, w);
}

static bool same(const void *first, const void *again)
{
    const lt_new_session_ticket13 *a = first, *b = again;
    return a->lifetime == b->lifetime && a->age_add == b->age_add &&
           a->max_early_data == b->max_early_data && a->ticket.len == b->ticket.len &&
           memcmp(a->ticket.data, b->ticket.data, a->ticket.len) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuzz_message m = {LT_HS_NEW_SESSION_TICKET, "NewSessionTicket (TLS 1.3)", parse,
                                   write, same};
    lt_new_session_ticket13 first, again;
    fuzz_fixed_point(&m, data, size, &first, &again);
    return 0;
}
