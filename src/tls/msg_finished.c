#include "tls/msg_finished.h"

bool lt_finished_parse(const uint8_t *body, size_t len, lt_finished *out, lt_error *err)
{
    lt_reader r = lt_reader_make(body, len);
    LT_ENSURE(len == LT_VERIFY_DATA_LEN && lt_read_copy(&r, out->verify_data, LT_VERIFY_DATA_LEN),
              err, LATCH_ERR_DECODE, "Finished: verify_data is %zu bytes, not %d", len,
              LT_VERIFY_DATA_LEN);
    return true;
}

void lt_finished_write(const lt_finished *f, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_FINISHED);
    lt_write_bytes(w, f->verify_data, LT_VERIFY_DATA_LEN);
    lt_write_close(w, msg);
}

bool lt_new_session_ticket_parse(const uint8_t *body, size_t len, lt_new_session_ticket *out,
                                 lt_error *err)
{
    static const char msg[] = "NewSessionTicket";
    lt_reader r = lt_reader_make(body, len);
    lt_reader ticket;
    LT_MSG_NEED(lt_read_u32(&r, &out->lifetime_hint), err, msg, "ticket_lifetime_hint");
    LT_MSG_NEED(lt_read_block16(&r, &ticket), err, msg, "ticket");
    LT_MSG_END(&r, err, msg, "ticket");
    out->ticket = lt_span_make(lt_reader_data(&ticket), lt_reader_left(&ticket));
    return true;
}

void lt_new_session_ticket_write(const lt_new_session_ticket *t, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_NEW_SESSION_TICKET);
    lt_write_u32(w, t->lifetime_hint);
    lt_wblock b = lt_write_open(w, 2);
    lt_write_bytes(w, t->ticket.data, t->ticket.len);
    lt_write_close(w, b);
    lt_write_close(w, msg);
}
