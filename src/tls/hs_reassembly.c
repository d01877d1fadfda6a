#include "tls/hs_reassembly.h"

#include <string.h>

#include "base/reader.h"
#include "tls/record.h"

void lt_hs_reasm_init(lt_hs_reasm *r, size_t max_message)
{
    r->max_message = max_message == 0 ? LT_HS_DEFAULT_MAX_MESSAGE : max_message;
    r->start = 0;
    /* At most one partial message plus the record that completes it. */
    lt_writer_init_growable(&r->buf, LT_HS_HEADER_LEN + r->max_message + LT_RECORD_MAX_PLAINTEXT);
}

void lt_hs_reasm_free(lt_hs_reasm *r)
{
    lt_writer_free(&r->buf);
    r->start = 0;
}

static lt_reader unread(const lt_hs_reasm *r)
{
    if (r->buf.data == NULL)
        return lt_reader_make(NULL, 0);
    return lt_reader_make(r->buf.data + r->start, r->buf.len - r->start);
}

bool lt_hs_reasm_empty(const lt_hs_reasm *r)
{
    return r->start == r->buf.len;
}

/* Takes one whole message from rd; false (rd unchanged) when it is not all there. */
static bool take_message(lt_reader *rd, lt_hs_message *msg)
{
    lt_reader at = *rd;
    uint8_t type;
    uint32_t body_len;
    const uint8_t *body;
    if (!lt_read_u8(&at, &type) || !lt_read_u24(&at, &body_len) ||
        !lt_read_bytes(&at, body_len, &body))
        return false;
    msg->type = type;
    msg->body = body;
    msg->body_len = body_len;
    msg->raw = lt_reader_data(rd);
    msg->raw_len = LT_HS_HEADER_LEN + (size_t)body_len;
    *rd = at;
    return true;
}

bool lt_hs_reasm_feed(lt_hs_reasm *r, const uint8_t *data, size_t len, lt_error *err)
{
    lt_reader rd = unread(r);
    lt_hs_message msg;
    LT_ENSURE(!take_message(&rd, &msg), err, LATCH_ERR_INTERNAL,
              "handshake bytes were fed while a whole message was still unread");
    if (len == 0)
        return true;

    /* Move the partial message, if any, to the front. */
    size_t left = r->buf.len - r->start;
    if (r->start > 0 && left > 0)
        memmove(r->buf.data, r->buf.data + r->start, left);
    r->buf.len = left;
    r->start = 0;

    LT_ENSURE(len <= r->buf.max - r->buf.len, err, LATCH_ERR_INTERNAL,
              "%zu bytes of handshake data do not fit the reassembly buffer's %zu free bytes", len,
              r->buf.max - r->buf.len);
    lt_write_bytes(&r->buf, data, len);
    LT_ENSURE(lt_writer_ok(&r->buf), err, LATCH_ERR_MEMORY,
              "no memory to buffer %zu bytes of handshake messages", r->buf.len + len);

    /* Check every header now, so an oversized message fails at once. */
    rd = unread(r);
    for (;;) {
        lt_reader at = rd;
        uint8_t type;
        uint32_t body_len;
        if (!lt_read_u8(&at, &type) || !lt_read_u24(&at, &body_len))
            break;
        LT_ENSURE(body_len <= r->max_message, err, LATCH_ERR_DECODE,
                  "handshake message of type %u announces %u bytes, over the %zu-byte limit", type,
                  body_len, r->max_message);
        if (!take_message(&rd, &msg))
            break;
    }
    return true;
}

bool lt_hs_reasm_next(lt_hs_reasm *r, lt_hs_message *msg)
{
    lt_reader rd = unread(r);
    if (!take_message(&rd, msg))
        return false;
    r->start += msg->raw_len;
    return true;
}

bool lt_hs_reasm_check_key_change(const lt_hs_reasm *r, lt_error *err)
{
    LT_ENSURE(lt_hs_reasm_empty(r), err, LATCH_ERR_UNEXPECTED_MESSAGE,
              "ChangeCipherSpec arrived with %zu bytes of a handshake message buffered; keys may "
              "change only between messages (RFC 5246 7.1)",
              r->buf.len - r->start);
    return true;
}
