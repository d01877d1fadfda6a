#include "fixed_point.h"

void fuzz_fixed_point(const fuzz_message *m, const uint8_t *data, size_t size, void *first,
                      void *again)
{
    lt_error err;
    lt_error_clear(&err);
    bool ok = m->parse(data, size, first, &err);
    fuzz_check_result(ok, &err);
    if (!ok)
        return;
    lt_writer w1, w2;
    lt_writer_init_growable(&w1, 0);
    lt_writer_init_growable(&w2, 0);
    m->write(first, &w1);
    lt_span body = fuzz_message_body(&w1, m->type);
    ok = m->parse(body.data, body.len, again, &err);
    fuzz_check_result(ok, &err);
    FUZZ_CHECK(ok);
    FUZZ_CHECK(m->same == NULL || m->same(first, again));
    m->write(again, &w2);
    fuzz_check_same(m->what, &w1, &w2);
    lt_writer_free(&w1);
    lt_writer_free(&w2);
}
