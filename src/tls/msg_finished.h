/*
 * The messages that end a handshake: NewSessionTicket (RFC 5077 3.3) and
 * Finished (RFC 5246 7.4.9).
 *
 * Parse functions take the message body; write functions write the whole
 * message, header included. Parsed structs borrow from the input (see
 * msg_common.h).
 */
#ifndef LT_TLS_MSG_FINISHED_H
#define LT_TLS_MSG_FINISHED_H

#include "tls/msg_common.h"

#define LT_VERIFY_DATA_LEN 12 /* every TLS 1.2 suite here (RFC 5246 7.4.9) */

typedef struct lt_finished {
    uint8_t verify_data[LT_VERIFY_DATA_LEN];
} lt_finished;

/* Any length other than 12 fails with LATCH_ERR_DECODE. Comparing
 * verify_data with the expected value is the caller's (in constant time). */
bool lt_finished_parse(const uint8_t *body, size_t len, lt_finished *out,
                       lt_error *err) LT_MUST_CHECK;
void lt_finished_write(const lt_finished *f, lt_writer *w);

typedef struct lt_new_session_ticket {
    uint32_t lifetime_hint; /* seconds; 0 means unspecified */
    lt_span ticket;         /* may be empty: the server chose not to issue one (RFC 5077 3.3) */
} lt_new_session_ticket;

bool lt_new_session_ticket_parse(const uint8_t *body, size_t len, lt_new_session_ticket *out,
                                 lt_error *err) LT_MUST_CHECK;
void lt_new_session_ticket_write(const lt_new_session_ticket *t, lt_writer *w);

#endif
