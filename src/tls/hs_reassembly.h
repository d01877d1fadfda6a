/*
 * Handshake message reassembly (RFC 5246 7.4): handshake-content plaintext
 * from records goes in, whole messages come out, whether a message spans
 * several records or a record carries several messages.
 *
 * The buffer is handshake scratch: it grows as messages need (never past
 * the message limit plus one record), is given back when a large message
 * has been used up, and is freed when the handshake ends.
 * Use: after each handshake record, lt_hs_reasm_feed() its plaintext, then
 * call lt_hs_reasm_next() until it returns false.
 */
#ifndef LT_TLS_HS_REASSEMBLY_H
#define LT_TLS_HS_REASSEMBLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/writer.h"
#include "tls/msg_common.h"

/* Default limit on a handshake message's body: room for a certificate
 * chain of several large certificates. A ClientHello has a limit of its
 * own (up to the largest legal hello, msg_hello.h), and the messages that
 * carry one key share, signature or MAC have LT_HS_SMALL_MAX_MESSAGE: a
 * 16384-bit RSA signature or an 8192-bit DH value fits in it. */
#define LT_HS_DEFAULT_MAX_MESSAGE (64 * 1024)
#define LT_HS_SMALL_MAX_MESSAGE 4096u
/* What latch_config_set_max_handshake_message accepts: a ClientHello
 * fits in the least, and the most is what the 24-bit length can say. */
#define LT_HS_MIN_MAX_MESSAGE 1024u
#define LT_HS_MAX_MESSAGE_LIMIT 0xffffffu

typedef struct lt_hs_message {
    uint8_t type;
    const uint8_t *body;
    size_t body_len;
    /* Header and body as received, for the transcript hash. */
    const uint8_t *raw;
    size_t raw_len;
} lt_hs_message;

typedef struct lt_hs_reasm {
    lt_writer buf;
    size_t start; /* buf.data[start..buf.len) is not yet handed out */
    size_t max_message;
    size_t max_client_hello; /* for a ClientHello that comes first */
    size_t handed_out;       /* messages handed out so far */
} lt_hs_reasm;

/* max_message limits a message body; 0 means LT_HS_DEFAULT_MAX_MESSAGE.
 * HelloRequest, ServerHelloDone, CertificateVerify, ClientKeyExchange and
 * Finished are held to LT_HS_SMALL_MAX_MESSAGE (or max_message if less),
 * and so is a ClientHello unless lt_hs_reasm_expect_client_hello() says
 * otherwise. */
void lt_hs_reasm_init(lt_hs_reasm *r, size_t max_message);
/* A server's: the first message may be a ClientHello of up to max bytes
 * (a later one is unexpected and stays small). */
void lt_hs_reasm_expect_client_hello(lt_hs_reasm *r, size_t max);
/* Wipes and frees the buffer. */
void lt_hs_reasm_free(lt_hs_reasm *r);

/* Appends a handshake record's plaintext. Fails with LATCH_ERR_DECODE as
 * soon as a message header announces a body over the limit (it is a
 * well-formed length we refuse to hold; record_overflow is about records,
 * not messages), and with LATCH_ERR_INTERNAL if whole messages were left
 * unread from earlier records. Spans from lt_hs_reasm_next() end here. */
bool lt_hs_reasm_feed(lt_hs_reasm *r, const uint8_t *data, size_t len, lt_error *err) LT_MUST_CHECK;

/* Hands out the next whole message, or returns false when more bytes are
 * needed. msg's spans stay valid until the next call to next or feed. */
bool lt_hs_reasm_next(lt_hs_reasm *r, lt_hs_message *msg);

/* Gives back a buffer grown for a large message once every message in it
 * has been handed out; spans from lt_hs_reasm_next() end here. Feeding
 * does the same. */
void lt_hs_reasm_release(lt_hs_reasm *r);

/* True when no bytes are buffered (no partial or unread message). */
bool lt_hs_reasm_empty(const lt_hs_reasm *r);

/* Call when ChangeCipherSpec arrives: keys must not change while part of
 * a handshake message is buffered (RFC 5246 7.1), which is
 * LATCH_ERR_UNEXPECTED_MESSAGE. */
bool lt_hs_reasm_check_key_change(const lt_hs_reasm *r, lt_error *err) LT_MUST_CHECK;

#endif
