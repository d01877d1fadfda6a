/* Finished and NewSessionTicket. */
#include "test_msg_util.h"

static bool parse_fin(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_finished_parse(b, n, ctx, err);
}

static bool parse_nst(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_new_session_ticket_parse(b, n, ctx, err);
}

static void test_finished(void)
{
    lt_finished f, parsed, scratch;
    for (size_t i = 0; i < LT_VERIFY_DATA_LEN; i++)
        f.verify_data[i] = (uint8_t)(0xf0 + i);
    lt_writer w1, w2;
    MSG_WRITE(w1, lt_finished_write(&f, &w1));
    uint8_t want[16];
    check_hex("14 00000c f0f1f2f3f4f5f6f7f8f9fafb", want, sizeof(want));
    CHECK(w1.len == 16);
    CHECK_MEM(w1.data, want, 16);
    lt_span body = msg_body(w1.data, w1.len, LT_HS_FINISHED);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_finished_parse(body.data, body.len, &parsed, &err));
    CHECK_MEM(parsed.verify_data, f.verify_data, LT_VERIFY_DATA_LEN);
    MSG_WRITE(w2, lt_finished_write(&parsed, &w2));
    CHECK_MEM(w1.data, w2.data, w1.len);
    msg_check_truncations(parse_fin, body.data, body.len, &scratch, SIZE_MAX);
    lt_error_clear(&err);
    CHECK(!lt_finished_parse(body.data, 11, &scratch, &err));
    CHECK(strcmp(err.message, "Finished: verify_data is 11 bytes, not 12") == 0);
    lt_writer_free(&w1);
    lt_writer_free(&w2);
}

static void test_new_session_ticket(void)
{
    static const uint8_t ticket[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    lt_new_session_ticket t = {7200, {ticket, sizeof(ticket)}}, parsed, scratch;
    lt_writer w1, w2;
    MSG_WRITE(w1, lt_new_session_ticket_write(&t, &w1));
    CHECK(w1.len == 4 + 4 + 2 + sizeof(ticket));
    lt_span body = msg_body(w1.data, w1.len, LT_HS_NEW_SESSION_TICKET);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_new_session_ticket_parse(body.data, body.len, &parsed, &err));
    CHECK(parsed.lifetime_hint == 7200 && span_eq(parsed.ticket, t.ticket));
    MSG_WRITE(w2, lt_new_session_ticket_write(&parsed, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);
    msg_check_truncations(parse_nst, body.data, body.len, &scratch, SIZE_MAX);
    msg_check_inner_length(parse_nst, body.data, body.len, &scratch, 4, 2);
    lt_writer_free(&w1);
    lt_writer_free(&w2);

    /* An empty ticket: the server chose not to issue one (RFC 5077 3.3). */
    const uint8_t empty[] = {0, 0, 0, 0, 0, 0};
    lt_error_clear(&err);
    CHECK(lt_new_session_ticket_parse(empty, sizeof(empty), &parsed, &err));
    CHECK(parsed.lifetime_hint == 0 && parsed.ticket.len == 0);

    size_t len;
    uint8_t *msg = msg_fixture("openssl_new_session_ticket", &len);
    body = msg_body(msg, len, LT_HS_NEW_SESSION_TICKET);
    lt_error_clear(&err);
    CHECK(lt_new_session_ticket_parse(body.data, body.len, &parsed, &err));
    CHECK(parsed.lifetime_hint == 7200 && parsed.ticket.len == len - 10);
    MSG_WRITE(w1, lt_new_session_ticket_write(&parsed, &w1));
    CHECK(w1.len == len);
    CHECK_MEM(w1.data, msg, len);
    msg_check_truncations(parse_nst, body.data, body.len, &scratch, SIZE_MAX);
    lt_writer_free(&w1);
    free(msg);
}

int main(void)
{
    test_finished();
    test_new_session_ticket();
    return check_finish("msg_finished");
}
