#include "tls/hs_reassembly.h"

#include <string.h>

#include "base/reader.h"
#include "tls/record.h"

/* A buffer that held a message larger than this is given back once it has
 * been used up, so a handshake holds its largest message only while it
 * arrives. */
#define KEEP_CAPACITY (LT_HS_HEADER_LEN + LT_RECORD_MAX_PLAINTEXT)

static void init_buffer(lt_hs_reasm *r)
{
    size_t most = r->max_message > r->max_client_hello ? r->max_message : r->max_client_hello;
    /* At most one partial message plus the record that completes it. */
    lt_writer_init_growable(&r->buf, LT_HS_HEADER_LEN + most + LT_RECORD_MAX_PLAINTEXT);
}

static size_t small_limit(const lt_hs_reasm *r)
{
    return r->max_message < LT_HS_SMALL_MAX_MESSAGE ? r->max_message : LT_HS_SMALL_MAX_MESSAGE;
}

void lt_hs_reasm_init(lt_hs_reasm *r, size_t max_message)
{
    r->max_message = max_message == 0 ? LT_HS_DEFAULT_MAX_MESSAGE : max_message;
    r->max_client_hello = small_limit(r);
    r->start = 0;
    r->handed_out = 0;
    init_buffer(r);
}

void lt_hs_reasm_expect_client_hello(lt_hs_reasm *r, size_t max)
{
    lt_writer_free(&r->buf);
    r->max_client_hello = max;
    init_buffer(r);
}

/* The limit on the body of the index-th message of the handshake, by its
 * type. */
static size_t limit_for(const lt_hs_reasm *r, uint8_t type, size_t index)
{
    switch (type) {
    case LT_HS_CLIENT_HELLO:
        return index == 0 ? r->max_client_hello : small_limit(r);
    case LT_HS_HELLO_REQUEST:
    case LT_HS_SERVER_HELLO_DONE:
    case LT_HS_CERTIFICATE_VERIFY:
    case LT_HS_CLIENT_KEY_EXCHANGE:
    case LT_HS_FINISHED:
        return small_limit(r);
    default:
        return r->max_message;
    }
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

    /* Move the partial message, if any, to the front; a large buffer whose
     * messages are all used goes back. */
    lt_hs_reasm_release(r);
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
    for (size_t index = r->handed_out;; index++) {
        lt_reader at = rd;
        uint8_t type;
        uint32_t body_len;
        if (!lt_read_u8(&at, &type) || !lt_read_u24(&at, &body_len))
            break;
        size_t limit = limit_for(r, type, index);
        LT_ENSURE(body_len <= limit, err, LATCH_ERR_DECODE,
                  "handshake message of type %u announces %u bytes, over the %zu-byte limit for "
                  "it",
                  type, body_len, limit);
        if (!take_message(&rd, &msg)) {
            /* Room for exactly the rest of this message, not the next
             * power of two (a half-open handshake holds what it sent);
             * whole messages before it leave with the next feed. */
            size_t want = r->buf.len - lt_reader_left(&rd) + LT_HS_HEADER_LEN + body_len;
            LT_ENSURE(lt_writer_reserve_capacity(&r->buf, want < r->buf.max ? want : r->buf.max),
                      err, LATCH_ERR_MEMORY, "no memory to buffer a %u-byte handshake message",
                      body_len);
            break;
        }
    }
    return true;
}

void lt_hs_reasm_release(lt_hs_reasm *r)
{
    if (r->start == r->buf.len && r->buf.cap > KEEP_CAPACITY) {
        lt_writer_free(&r->buf);
        init_buffer(r);
        r->start = 0;
    }
}

bool lt_hs_reasm_next(lt_hs_reasm *r, lt_hs_message *msg)
{
    lt_reader rd = unread(r);
    if (!take_message(&rd, msg))
        return false;
    r->start += msg->raw_len;
    r->handed_out++;
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
