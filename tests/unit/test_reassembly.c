/* Handshake reassembly: messages across records, several per record,
 * the size limits at their boundaries (per message type, the ClientHello's
 * only as the first message), the buffer given back after a large
 * message, and ChangeCipherSpec mid-message. */
#include "tls/hs_reassembly.h"
#include "tls/msg_hello.h"
#include "tls/record.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* Writes a handshake message with a body of n bytes (i & 0xff) at out;
 * returns its length. */
static size_t make_message(uint8_t *out, uint8_t type, size_t n)
{
    out[0] = type;
    out[1] = (uint8_t)(n >> 16);
    out[2] = (uint8_t)(n >> 8);
    out[3] = (uint8_t)n;
    for (size_t i = 0; i < n; i++)
        out[4 + i] = (uint8_t)(i * 7 + type);
    return 4 + n;
}

static void test_one_byte_records(void)
{
    uint8_t msg[4 + 300];
    size_t len = make_message(msg, 11, 300);
    lt_hs_reasm r;
    lt_hs_reasm_init(&r, 0);
    lt_hs_message m;
    lt_error err;
    lt_error_clear(&err);
    for (size_t i = 0; i < len; i++) {
        CHECK(lt_hs_reasm_feed(&r, msg + i, 1, &err));
        bool last = i == len - 1;
        CHECK(lt_hs_reasm_next(&r, &m) == last);
    }
    CHECK(m.type == 11 && m.body_len == 300 && m.raw_len == len);
    CHECK_MEM(m.raw, msg, len);
    CHECK_MEM(m.body, msg + 4, 300);
    CHECK(!lt_hs_reasm_next(&r, &m));
    CHECK(lt_hs_reasm_empty(&r));
    CHECK(!lt_error_is_set(&err));
    lt_hs_reasm_free(&r);
}

static void test_many_in_one_record(void)
{
    uint8_t rec[64];
    size_t len = make_message(rec, 2, 10);
    len += make_message(rec + len, 14, 0);
    len += make_message(rec + len, 20, 12);
    len += make_message(rec + len, 16, 3); /* split: its last byte comes later */
    lt_hs_reasm r;
    lt_hs_reasm_init(&r, 0);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_hs_reasm_feed(&r, rec, len - 1, &err));
    lt_hs_message m;
    CHECK(lt_hs_reasm_next(&r, &m) && m.type == 2 && m.body_len == 10);
    CHECK_MEM(m.raw, rec, 14);
    CHECK(lt_hs_reasm_next(&r, &m) && m.type == 14 && m.body_len == 0 && m.raw_len == 4);
    CHECK(lt_hs_reasm_next(&r, &m) && m.type == 20 && m.body_len == 12);
    CHECK_MEM(m.body, rec + 18 + 4, 12);
    CHECK(!lt_hs_reasm_next(&r, &m));
    CHECK(!lt_hs_reasm_empty(&r));
    CHECK(lt_hs_reasm_feed(&r, rec + len - 1, 1, &err));
    CHECK(lt_hs_reasm_next(&r, &m) && m.type == 16 && m.body_len == 3);
    CHECK_MEM(m.raw, rec + len - 7, 7);
    CHECK(lt_hs_reasm_empty(&r));
    CHECK(!lt_error_is_set(&err));
    lt_hs_reasm_free(&r);
}

/* Feeds msg in records of at most LT_RECORD_MAX_PLAINTEXT; true when all fit. */
static bool feed_records(lt_hs_reasm *r, const uint8_t *msg, size_t len, lt_error *err)
{
    for (size_t at = 0; at < len; at += LT_RECORD_MAX_PLAINTEXT) {
        size_t n = len - at < LT_RECORD_MAX_PLAINTEXT ? len - at : LT_RECORD_MAX_PLAINTEXT;
        if (!lt_hs_reasm_feed(r, msg + at, n, err))
            return false;
    }
    return true;
}

static void test_default_limit(void)
{
    size_t max = LT_HS_DEFAULT_MAX_MESSAGE;
    uint8_t *msg = malloc(4 + max + 1);
    lt_hs_reasm r;
    lt_hs_message m;
    lt_error err;

    size_t len = make_message(msg, 11, max);
    lt_hs_reasm_init(&r, 0);
    lt_error_clear(&err);
    CHECK(feed_records(&r, msg, len, &err));
    CHECK(lt_hs_reasm_next(&r, &m) && m.body_len == max);
    CHECK_MEM(m.raw, msg, len);
    lt_hs_reasm_free(&r);

    len = make_message(msg, 11, max + 1);
    lt_hs_reasm_init(&r, 0);
    lt_error_clear(&err);
    CHECK(!feed_records(&r, msg, len, &err));
    CHECK(err.code == LATCH_ERR_DECODE);
    CHECK(strstr(err.message, "announces 65537 bytes, over the 65536-byte limit") != NULL);
    lt_hs_reasm_free(&r);
    free(msg);
}

static void test_small_limit(void)
{
    uint8_t rec[256];
    lt_hs_reasm r;
    lt_hs_message m;
    lt_error err;

    /* A whole message at the limit, then a header one past it in the same record. */
    CHECK(make_message(rec, 1, 100) == 104);
    make_message(rec + 104, 1, 101);
    lt_hs_reasm_init(&r, 100);
    lt_error_clear(&err);
    CHECK(lt_hs_reasm_feed(&r, rec, 104, &err));
    CHECK(lt_hs_reasm_next(&r, &m) && m.body_len == 100);
    CHECK(!lt_hs_reasm_feed(&r, rec + 104, 4, &err));
    CHECK(err.code == LATCH_ERR_DECODE);
    lt_hs_reasm_free(&r);

    /* The oversized header itself split over two records. */
    lt_hs_reasm_init(&r, 100);
    lt_error_clear(&err);
    CHECK(lt_hs_reasm_feed(&r, rec + 104, 2, &err));
    CHECK(!lt_hs_reasm_feed(&r, rec + 106, 2, &err));
    CHECK(err.code == LATCH_ERR_DECODE);
    lt_hs_reasm_free(&r);
}

/* A server's limits: the largest legal ClientHello first, then the small
 * limit for it and for the one-value messages, the configured one for
 * the rest; the hello's buffer is given back once it is used. */
static void test_limits_by_type(void)
{
    size_t max = LT_CLIENT_HELLO_MAX_BODY;
    uint8_t *msg = malloc(4 + max + 1);
    lt_hs_reasm r;
    lt_hs_message m;
    lt_error err;

    size_t len = make_message(msg, LT_HS_CLIENT_HELLO, max);
    lt_hs_reasm_init(&r, 0);
    lt_hs_reasm_expect_client_hello(&r, max);
    lt_error_clear(&err);
    CHECK(feed_records(&r, msg, len, &err));
    CHECK(lt_hs_reasm_next(&r, &m) && m.body_len == max);
    CHECK_MEM(m.raw, msg, len);
    CHECK(r.buf.cap >= len);
    lt_hs_reasm_release(&r);
    CHECK(r.buf.cap == 0 && lt_hs_reasm_empty(&r));

    /* The next record finds the buffer small. */
    len = make_message(msg, LT_HS_CLIENT_KEY_EXCHANGE, LT_HS_SMALL_MAX_MESSAGE);
    CHECK(lt_hs_reasm_feed(&r, msg, len, &err));
    CHECK(r.buf.cap <= 4 + LT_RECORD_MAX_PLAINTEXT);
    CHECK(lt_hs_reasm_next(&r, &m) && m.body_len == LT_HS_SMALL_MAX_MESSAGE);
    len = make_message(msg, LT_HS_CERTIFICATE, LT_HS_DEFAULT_MAX_MESSAGE);
    CHECK(feed_records(&r, msg, len, &err));
    CHECK(lt_hs_reasm_next(&r, &m) && m.body_len == LT_HS_DEFAULT_MAX_MESSAGE);
    CHECK(!lt_error_is_set(&err));

    /* A second ClientHello is small; so are the one-value messages. */
    const uint8_t small_types[] = {LT_HS_CLIENT_HELLO,       LT_HS_CLIENT_KEY_EXCHANGE,
                                   LT_HS_CERTIFICATE_VERIFY, LT_HS_FINISHED,
                                   LT_HS_SERVER_HELLO_DONE,  LT_HS_HELLO_REQUEST};
    for (size_t i = 0; i < sizeof(small_types); i++) {
        len = make_message(msg, small_types[i], LT_HS_SMALL_MAX_MESSAGE + 1);
        lt_error_clear(&err);
        CHECK(!lt_hs_reasm_feed(&r, msg, 4, &err));
        CHECK(err.code == LATCH_ERR_DECODE);
        CHECK(strstr(err.message, "over the 4096-byte limit") != NULL);
        lt_hs_reasm_free(&r);
        lt_hs_reasm_init(&r, 0);
        lt_hs_reasm_expect_client_hello(&r, max);
        make_message(msg, LT_HS_CLIENT_HELLO, 0);
        CHECK(lt_hs_reasm_feed(&r, msg, 4, &err) && lt_hs_reasm_next(&r, &m));
    }
    lt_hs_reasm_free(&r);

    /* One byte over the largest legal hello fails at its header. */
    len = make_message(msg, LT_HS_CLIENT_HELLO, max + 1);
    lt_hs_reasm_init(&r, 0);
    lt_hs_reasm_expect_client_hello(&r, max);
    lt_error_clear(&err);
    CHECK(!lt_hs_reasm_feed(&r, msg, 4, &err));
    CHECK(err.code == LATCH_ERR_DECODE);
    CHECK(strstr(err.message, "announces 131397 bytes, over the 131396-byte limit") != NULL);
    lt_hs_reasm_free(&r);

    /* A client's reassembler holds a ClientHello to the small limit. */
    lt_hs_reasm_init(&r, 0);
    lt_error_clear(&err);
    CHECK(!lt_hs_reasm_feed(&r, msg, 4, &err));
    CHECK(err.code == LATCH_ERR_DECODE);
    lt_hs_reasm_free(&r);
    free(msg);
}

/* A record that ends a large message, carries a whole one and starts
 * another large one: room is made for each in turn, up to the buffer's
 * bound, and all three come out whole. */
static void test_large_after_large(void)
{
    size_t a_len = 4 + 60000, c_len = 4 + LT_HS_DEFAULT_MAX_MESSAGE;
    uint8_t *stream = malloc(a_len + 4 + c_len);
    make_message(stream, LT_HS_CERTIFICATE, 60000);
    make_message(stream + a_len, LT_HS_SERVER_HELLO_DONE, 0);
    make_message(stream + a_len + 4, LT_HS_CERTIFICATE, LT_HS_DEFAULT_MAX_MESSAGE);
    size_t total = a_len + 4 + c_len;
    lt_hs_reasm r;
    lt_hs_message m;
    lt_error err;
    lt_hs_reasm_init(&r, 0);
    lt_error_clear(&err);
    size_t first = a_len - 100; /* the record that ends A holds 16384 bytes */
    CHECK(feed_records(&r, stream, first, &err));
    CHECK(!lt_hs_reasm_next(&r, &m));
    CHECK(r.buf.cap == a_len);
    CHECK(lt_hs_reasm_feed(&r, stream + first, LT_RECORD_MAX_PLAINTEXT, &err));
    CHECK(lt_hs_reasm_next(&r, &m) && m.body_len == 60000);
    CHECK(lt_hs_reasm_next(&r, &m) && m.type == LT_HS_SERVER_HELLO_DONE);
    CHECK(!lt_hs_reasm_next(&r, &m));
    size_t at = first + LT_RECORD_MAX_PLAINTEXT;
    CHECK(feed_records(&r, stream + at, total - at, &err));
    CHECK(lt_hs_reasm_next(&r, &m) && m.body_len == LT_HS_DEFAULT_MAX_MESSAGE);
    CHECK_MEM(m.raw, stream + a_len + 4, c_len);
    CHECK(!lt_error_is_set(&err));
    lt_hs_reasm_free(&r);
    free(stream);
}

static void test_unread_message_then_feed(void)
{
    uint8_t rec[16];
    size_t len = make_message(rec, 14, 0);
    lt_hs_reasm r;
    lt_hs_reasm_init(&r, 0);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_hs_reasm_feed(&r, rec, len, &err));
    CHECK(!lt_hs_reasm_feed(&r, rec, len, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
    lt_hs_reasm_free(&r);
}

static void test_key_change_mid_message(void)
{
    uint8_t rec[64];
    size_t len = make_message(rec, 20, 12);
    lt_hs_reasm r;
    lt_hs_message m;
    lt_error err;
    lt_hs_reasm_init(&r, 0);

    lt_error_clear(&err);
    CHECK(lt_hs_reasm_check_key_change(&r, &err));

    /* Part of the header, then part of the body. */
    CHECK(lt_hs_reasm_feed(&r, rec, 2, &err));
    CHECK(!lt_hs_reasm_check_key_change(&r, &err));
    CHECK(err.code == LATCH_ERR_UNEXPECTED_MESSAGE);
    CHECK(strstr(err.message, "2 bytes of a handshake message buffered") != NULL);

    lt_error_clear(&err);
    CHECK(lt_hs_reasm_feed(&r, rec + 2, 8, &err));
    CHECK(!lt_hs_reasm_check_key_change(&r, &err));
    CHECK(err.code == LATCH_ERR_UNEXPECTED_MESSAGE);

    /* Completed and read: keys may change. */
    lt_error_clear(&err);
    CHECK(lt_hs_reasm_feed(&r, rec + 10, len - 10, &err));
    CHECK(lt_hs_reasm_next(&r, &m) && m.type == 20);
    CHECK(lt_hs_reasm_check_key_change(&r, &err));
    CHECK(!lt_error_is_set(&err));
    lt_hs_reasm_free(&r);
}

int main(void)
{
    test_one_byte_records();
    test_many_in_one_record();
    test_default_limit();
    test_small_limit();
    test_limits_by_type();
    test_large_after_large();
    test_unread_message_then_feed();
    test_key_change_mid_message();
    return check_finish("test_reassembly");
}
