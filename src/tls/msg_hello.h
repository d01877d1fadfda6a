/*
 * The hello messages (RFC 5246 7.4.1): HelloRequest, ClientHello,
 * ServerHello.
 *
 * Parse functions take the message body (after the 4-byte handshake
 * header); write functions write the whole message, header included.
 * Parsed structs borrow from the input (see msg_common.h). Versions are
 * recorded, not judged: the state machine decides what it accepts.
 */
#ifndef LT_TLS_MSG_HELLO_H
#define LT_TLS_MSG_HELLO_H

#include "tls/ext.h"
#include "tls/msg_common.h"

/* ClientHello cipher_suites entries stored. A hello may list 32,767; all
 * are read, every suite the library knows (and each SCSV) is kept, each
 * once, and unknown values only while slots beyond those held back for
 * known ones are free (msg_list.h). */
#define LT_MAX_CIPHER_SUITES 256
#define LT_KNOWN_SUITES_RESERVE 64

/* The largest legal ClientHello body (RFC 5246 7.4.1.2): version 2,
 * random 32, session_id 1+32, cipher_suites 2+65534, compression_methods
 * 1+255, extensions 2+65535. */
#define LT_CLIENT_HELLO_MAX_BODY 131396

/* HelloRequest (RFC 5246 7.4.1.1): an empty body. */
bool lt_hello_request_parse(const uint8_t *body, size_t len, lt_error *err) LT_MUST_CHECK;
void lt_hello_request_write(lt_writer *w);

typedef struct lt_client_hello {
    uint16_t version; /* client_version, 0x0303 for TLS 1.2 */
    uint8_t random[LT_RANDOM_LEN];
    uint8_t session_id[LT_SESSION_ID_MAX];
    size_t session_id_len;
    /* The list in the client's order (the state machine picks), each value
     * once; may include SCSVs (0x00ff, 0x5600) and GREASE values. */
    uint16_t cipher_suites[LT_MAX_CIPHER_SUITES];
    size_t cipher_suites_count;
    size_t cipher_suites_listed; /* entries the client listed, stored or not */
    /* compression_methods bytes; parse guarantees null (0) is among them.
     * Write writes exactly these, so a client sets it to the one byte 0. */
    lt_span compression_methods;
    lt_extensions ext; /* nothing present when the hello had no extensions block */
} lt_client_hello;

bool lt_client_hello_parse(const uint8_t *body, size_t len, lt_client_hello *out,
                           lt_error *err) LT_MUST_CHECK;
void lt_client_hello_write(const lt_client_hello *ch, lt_writer *w);
/* True when the hello lists this cipher suite (or SCSV). */
bool lt_client_hello_offers(const lt_client_hello *ch, uint16_t code);

typedef struct lt_server_hello {
    uint16_t version; /* server_version */
    uint8_t random[LT_RANDOM_LEN];
    uint8_t session_id[LT_SESSION_ID_MAX];
    size_t session_id_len;
    uint16_t cipher_suite;
    /* compression_method is always null (0): parse rejects anything else
     * with LATCH_ERR_ILLEGAL_PARAMETER and write writes 0. */
    lt_extensions ext;
} lt_server_hello;

bool lt_server_hello_parse(const uint8_t *body, size_t len, lt_server_hello *out,
                           lt_error *err) LT_MUST_CHECK;
void lt_server_hello_write(const lt_server_hello *sh, lt_writer *w);

#endif
