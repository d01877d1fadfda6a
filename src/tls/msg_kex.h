/*
 * The key-exchange messages: ServerKeyExchange (RFC 5246 7.4.3, RFC 8422
 * 5.4), ServerHelloDone (7.4.5) and ClientKeyExchange (7.4.7, RFC 8422
 * 5.7).
 *
 * Neither key-exchange message says which exchange it carries; the
 * negotiated cipher suite does, so parse takes an lt_msg_kex. Parse
 * functions take the message body; write functions write the whole
 * message, header included. Parsed structs borrow from the input (see
 * msg_common.h).
 */
#ifndef LT_TLS_MSG_KEX_H
#define LT_TLS_MSG_KEX_H

#include "tls/msg_common.h"

#define LT_EC_CURVE_TYPE_NAMED 3 /* ECCurveType named_curve (RFC 8422 5.4) */

typedef struct lt_server_key_exchange {
    lt_msg_kex kind; /* LT_MSG_KEX_ECDHE or LT_MSG_KEX_DHE */
    /* ECDHE: ServerECDHParams (curve_type is always named_curve). */
    uint16_t group; /* lt_group code point; not judged by parse */
    lt_span point;  /* 1..255 bytes */
    /* DHE: ServerDHParams, each 1..65535 bytes, big-endian. */
    lt_span dh_p;
    lt_span dh_g;
    lt_span dh_ys;
    /* The raw params bytes as received (set by parse, ignored by write).
     * The signature covers client_random + server_random + params
     * (RFC 5246 7.4.3). */
    lt_span params;
    lt_signed sig;
} lt_server_key_exchange;

bool lt_server_key_exchange_parse(const uint8_t *body, size_t len, lt_msg_kex kind,
                                  lt_server_key_exchange *out, lt_error *err) LT_MUST_CHECK;
/* Writes only the params (no header, no signature): what a server signs
 * after the two randoms. */
void lt_server_key_exchange_write_params(const lt_server_key_exchange *ske, lt_writer *w);
/* Writes the whole message: header, params from the fields, signature. */
void lt_server_key_exchange_write(const lt_server_key_exchange *ske, lt_writer *w);

/* ServerHelloDone: an empty body. */
bool lt_server_hello_done_parse(const uint8_t *body, size_t len, lt_error *err) LT_MUST_CHECK;
void lt_server_hello_done_write(lt_writer *w);

typedef struct lt_client_key_exchange {
    lt_msg_kex kind;
    /* ECDHE: the client's point (u8 length, 1..255 bytes); DHE: Yc (u16
     * length, 1..65535); RSA: EncryptedPreMasterSecret (u16 length,
     * 0..65535). */
    lt_span exchange;
} lt_client_key_exchange;

bool lt_client_key_exchange_parse(const uint8_t *body, size_t len, lt_msg_kex kind,
                                  lt_client_key_exchange *out, lt_error *err) LT_MUST_CHECK;
void lt_client_key_exchange_write(const lt_client_key_exchange *cke, lt_writer *w);

#endif
