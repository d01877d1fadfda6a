/*
 * The record pump (pump.h): between the connection's buffers and the
 * record layer.
 */
#include "tls/pump.h"

#include <string.h>

#include "base/mem.h"
#include "base/reader.h"
#include "tls/alert.h"
#include "tls/conn.h"
#include "tls/record13.h"
#include "tls/trace.h"

/* Whether a record under this direction's keys went protected: a TLS 1.3
 * record whose outer type is not application_data went in the clear (the
 * dummy ChangeCipherSpec, RFC 8446 5). */
static bool went_protected(bool keys, const lt_record_prot *p, const uint8_t *wire, size_t len)
{
    return keys &&
           (p->ops != &lt_record13_ops || (len > 0 && wire[0] == (uint8_t)LT_CT_APPLICATION_DATA));
}

/* Traces the record just sealed at the end of the output, from byte
 * `from` on, with the sequence number it was sealed under. */
static void trace_sealed(latch_conn *c, uint8_t type, const uint8_t *data, size_t n, size_t from,
                         uint64_t seq)
{
    if (!lt_tracing(&c->trace))
        return;
    const uint8_t *bytes = c->out.data + from;
    size_t len = c->out.len - from;
    lt_trace_wire wire = {bytes, len, seq, NULL, 0};
    uint8_t nonce[LT_RECORD_NONCE_MAX];
    bool protected_record = went_protected(c->write_protected, &c->rl.write, bytes, len);
    if (c->trace.secrets && protected_record && len > LT_RECORD_HEADER_LEN) {
        wire.nonce_len = lt_record_nonce(&c->rl.write, seq, bytes + LT_RECORD_HEADER_LEN,
                                         len - LT_RECORD_HEADER_LEN, nonce);
        wire.nonce = wire.nonce_len > 0 ? nonce : NULL;
    }
    lt_trace_record(&c->trace, true, type, data, n, protected_record, &wire);
    lt_wipe(nonce, sizeof(nonce));
}

static bool seal_one(latch_conn *c, uint8_t type, const uint8_t *data, size_t n, lt_error *err)
{
    size_t from = c->out.len;
    uint64_t seq = c->rl.write.seq;
    LT_GUARD(lt_record_seal(&c->rl, (lt_content_type)type, data, n, &c->out, err));
    trace_sealed(c, type, data, n, from, seq);
    return true;
}

bool lt_pump_seal(latch_conn *c, uint8_t type, const uint8_t *data, size_t len)
{
    size_t max = c->rl.write_max_plaintext;
    do {
        size_t n = len < max ? len : max;
        LT_GUARD(seal_one(c, type, data, n, &c->err));
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
    lt_trace_alert(&c->trace, true, level, description);
    return lt_writer_ok(&w) && seal_one(c, LT_CT_ALERT, bytes, w.len, &ignored);
}

static int open_next(latch_conn *c, lt_record *rec, uint8_t *dst, size_t dst_cap)
{
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
    return 1;
}

/* The next record's bytes as received, copied into wire (opening
 * decrypts them in place); 0 when it is not all there or is longer than
 * any record latch opens. */
static size_t copy_received(const latch_conn *c, uint8_t *wire, size_t cap)
{
    const uint8_t *at = c->in + c->in_start;
    lt_reader r = lt_reader_make(at, c->in_len - c->in_start);
    uint16_t len;
    if (!lt_read_skip(&r, 3) || !lt_read_u16(&r, &len) || lt_reader_left(&r) < len ||
        (size_t)LT_RECORD_HEADER_LEN + len > cap)
        return 0;
    memcpy(wire, at, LT_RECORD_HEADER_LEN + (size_t)len);
    return LT_RECORD_HEADER_LEN + (size_t)len;
}

/* Opens the next record and traces it with its wire bytes; kept out of
 * line so that the copy is on the stack only when a trace listens. */
__attribute__((noinline)) static int open_traced(latch_conn *c, lt_record *rec, uint8_t *dst,
                                                 size_t dst_cap)
{
    uint8_t wire[LT_RECORD_IN_BUF_LEN];
    size_t wire_len = copy_received(c, wire, sizeof(wire));
    uint64_t seq = c->rl.read.seq;
    bool protected_record = went_protected(c->read_protected, &c->rl.read, wire, wire_len);
    lt_trace_wire w = {wire_len > 0 ? wire : NULL, wire_len, seq, NULL, 0};
    uint8_t nonce[LT_RECORD_NONCE_MAX];
    if (c->trace.secrets && protected_record && wire_len > LT_RECORD_HEADER_LEN) {
        w.nonce_len = lt_record_nonce(&c->rl.read, seq, wire + LT_RECORD_HEADER_LEN,
                                      wire_len - LT_RECORD_HEADER_LEN, nonce);
        w.nonce = w.nonce_len > 0 ? nonce : NULL;
    }
    int got = open_next(c, rec, dst, dst_cap);
    if (got == 1)
        lt_trace_record(&c->trace, false, rec->type, rec->data, rec->len, protected_record, &w);
    lt_wipe(nonce, sizeof(nonce));
    return got;
}

int lt_pump_next_record(latch_conn *c, lt_record *rec, uint8_t *dst, size_t dst_cap)
{
    if (c->in == NULL)
        return 0;
    if (lt_tracing(&c->trace))
        return open_traced(c, rec, dst, dst_cap);
    return open_next(c, rec, dst, dst_cap);
}
