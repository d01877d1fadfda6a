/*
 * What every handshake message shares: the handshake header (RFC 5246
 * 7.4: msg_type u8, length u24), the HandshakeType code points, and the
 * borrowed span that parsed messages use to point into their input.
 *
 * Parsing never allocates. A parsed struct holds spans that point into the
 * bytes it was parsed from: it is valid only while those bytes are, and
 * must not outlive the buffer the message arrived in. Lists are fixed
 * arrays with the limits documented next to them; a longer list fails
 * with LATCH_ERR_DECODE and a sentence naming the limit.
 */
#ifndef LT_TLS_MSG_COMMON_H
#define LT_TLS_MSG_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/reader.h"
#include "base/writer.h"

/* HandshakeType (RFC 5246 7.4, RFC 5077 3.3, RFC 6066 8, RFC 8446 4). */
typedef enum lt_hs_type {
    LT_HS_HELLO_REQUEST = 0,
    LT_HS_CLIENT_HELLO = 1,
    LT_HS_SERVER_HELLO = 2,
    LT_HS_NEW_SESSION_TICKET = 4,
    LT_HS_CERTIFICATE = 11,
    LT_HS_SERVER_KEY_EXCHANGE = 12,
    LT_HS_CERTIFICATE_REQUEST = 13,
    LT_HS_SERVER_HELLO_DONE = 14,
    LT_HS_CERTIFICATE_VERIFY = 15,
    LT_HS_CLIENT_KEY_EXCHANGE = 16,
    LT_HS_FINISHED = 20,
    LT_HS_CERTIFICATE_STATUS = 22,
    /* TLS 1.3 (RFC 8446 4): */
    LT_HS_END_OF_EARLY_DATA = 5,
    LT_HS_ENCRYPTED_EXTENSIONS = 8,
    LT_HS_KEY_UPDATE = 24,
    LT_HS_MESSAGE_HASH = 254,
} lt_hs_type;

#define LT_HS_HEADER_LEN 4
#define LT_RANDOM_LEN 32
#define LT_SESSION_ID_MAX 32

/* The RFC name of a handshake type ("client_hello"), or "unknown". */
const char *lt_hs_type_name(uint8_t type);
/* The message name used in error sentences ("ClientHello"), or "unknown handshake message". */
const char *lt_hs_type_title(uint8_t type);

typedef struct lt_hs_header {
    uint8_t type;
    uint32_t length; /* of the body that follows the 4-byte header */
} lt_hs_header;

/* Reads the 4-byte header from the front of r (the body is left in r). A
 * short header fails with LATCH_ERR_DECODE. */
bool lt_hs_header_read(lt_reader *r, lt_hs_header *out, lt_error *err) LT_MUST_CHECK;

/* Splits one whole handshake message (header and body, nothing more) into
 * its type and body; the header's length must match the bytes exactly. */
bool lt_hs_split(const uint8_t *msg, size_t len, uint8_t *type, lt_span *body,
                 lt_error *err) LT_MUST_CHECK;

/* Writes the header of a message of this type and opens its u24 body;
 * lt_write_close(w, block) patches the length when the body is written. */
lt_wblock lt_hs_open(lt_writer *w, uint8_t type);

/* Parse helpers shared by the message files: a field that cannot be read
 * whole, and bytes left over after the last field, are LATCH_ERR_DECODE
 * with a sentence naming the message and the field. */
#define LT_MSG_NEED(ok, err, msg, field)                                                           \
    LT_ENSURE((ok), (err), LATCH_ERR_DECODE, "%s: %s is truncated", (msg), (field))
#define LT_MSG_END(r, err, msg, where)                                                             \
    LT_ENSURE(lt_reader_done(r), (err), LATCH_ERR_DECODE, "%s: %zu unexpected bytes after %s",     \
              (msg), lt_reader_left(r), (where))

/* The key exchange a ServerKeyExchange or ClientKeyExchange carries. The
 * message does not say; the negotiated cipher suite does, so the caller
 * passes it to the parser. */
typedef enum lt_msg_kex {
    LT_MSG_KEX_RSA = 1,
    LT_MSG_KEX_DHE,
    LT_MSG_KEX_ECDHE,
} lt_msg_kex;

/* DigitallySigned in TLS 1.2 (RFC 5246 4.7): a SignatureAndHashAlgorithm,
 * which is the same code point as a SignatureScheme (lt_sig_scheme in
 * crypto/sig.h), and the signature. */
typedef struct lt_signed {
    uint16_t scheme;
    lt_span signature; /* <0..2^16-1> */
} lt_signed;

#endif
