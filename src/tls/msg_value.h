/*
 * A handshake message as a value, whatever its type: parsed once, from
 * the bytes of one message, then read by the state's function and by the
 * trace alike.
 */
#ifndef LT_TLS_MSG_VALUE_H
#define LT_TLS_MSG_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tls/msg.h"

typedef union lt_msg_value {
    lt_client_hello client_hello;
    lt_server_hello server_hello;
    lt_certificate certificate;
    lt_certificate_status certificate_status;
    lt_server_key_exchange server_key_exchange;
    lt_certificate_request certificate_request;
    lt_certificate_verify certificate_verify;
    lt_client_key_exchange client_key_exchange;
    lt_new_session_ticket new_session_ticket;
    lt_finished finished;
} lt_msg_value;

/* Parses the body of a handshake message of this type with its strict
 * parser (kind picks the key-exchange form). HelloRequest and
 * ServerHelloDone have no contents; an unknown type has none either. */
bool lt_msg_value_parse(uint8_t type, const uint8_t *body, size_t len, lt_msg_kex kind,
                        lt_msg_value *out, lt_error *err) LT_MUST_CHECK;

#endif
