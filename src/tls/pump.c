/*
 * The record pump (pump.h): between the connection's buffers and the
 * record layer.
 */
#include "tls/pump.h"

#include "tls/alert.h"
#include "tls/conn.h"
#include "tls/trace.h"

bool lt_pump_seal(latch_conn *c, uint8_t type, const uint8_t *data, size_t len)
{
    size_t max = c->rl.write_max_plaintext;
    do {
        size_t n = len < max ? len : max;
        lt_trace_record(c, true, type, data, n, c->write_protected);
        LT_GUARD(lt_record_seal(&c->rl, (lt_content_type)type, data, n, &c->out, &c->err));
        data += n;
        len -= n;
    } while (len > 0);
    return true;
}

bool lt_pump_alert(latch_conn *c, uint8_t level, uint8_t description)
{
    lt_alert a = {level, description};
    uint8_t bytes[LT_ALERT_LEN];
    lt_writer w;
    lt_writer_init_fixed(&w, bytes, sizeof(bytes));
    lt_alert_write(&a, &w);
    lt_error ignored;
    lt_error_clear(&ignored);
    lt_trace_alert(c, true, level, description);
    lt_trace_record(c, true, LT_CT_ALERT, bytes, w.len, c->write_protected);
    return lt_writer_ok(&w) && lt_record_seal(&c->rl, LT_CT_ALERT, bytes, w.len, &c->out, &ignored);
}

int lt_pump_next_record(latch_conn *c, lt_record *rec, uint8_t *dst, size_t dst_cap)
{
    if (c->in == NULL)
        return 0;
    lt_record_status st = lt_record_open_into(&c->rl, c->in + c->in_start, c->in_len - c->in_start,
                                              dst, dst_cap, rec, &c->err);
    if (st == LT_RECORD_ERROR)
        return -1;
    if (st == LT_RECORD_NEED_MORE)
        return 0;
    c->in_start += rec->consumed;
    /* Decrypted in place: the input buffer must be wiped when freed. */
    if (c->read_protected && rec->len > 0 && rec->data != dst)
        c->in_plain = true;
    lt_trace_record(c, false, rec->type, rec->data, rec->len, c->read_protected);
    return 1;
}
