#include "tls/msg_value.h"

bool lt_msg_value_parse(uint8_t type, const uint8_t *body, size_t len, lt_msg_kex kind,
                        lt_msg_value *out, lt_error *err)
{
    switch (type) {
    case LT_HS_HELLO_REQUEST:
        return lt_hello_request_parse(body, len, err);
    case LT_HS_CLIENT_HELLO:
        return lt_client_hello_parse(body, len, &out->client_hello, err);
    case LT_HS_SERVER_HELLO:
        return lt_server_hello_parse(body, len, &out->server_hello, err);
    case LT_HS_CERTIFICATE:
        return lt_certificate_parse(body, len, &out->certificate, err);
    case LT_HS_CERTIFICATE_STATUS:
        return lt_certificate_status_parse(body, len, &out->certificate_status, err);
    case LT_HS_SERVER_KEY_EXCHANGE:
        return lt_server_key_exchange_parse(body, len, kind, &out->server_key_exchange, err);
    case LT_HS_CERTIFICATE_REQUEST:
        return lt_certificate_request_parse(body, len, &out->certificate_request, err);
    case LT_HS_SERVER_HELLO_DONE:
        return lt_server_hello_done_parse(body, len, err);
    case LT_HS_CERTIFICATE_VERIFY:
        return lt_certificate_verify_parse(body, len, &out->certificate_verify, err);
    case LT_HS_CLIENT_KEY_EXCHANGE:
        return lt_client_key_exchange_parse(body, len, kind, &out->client_key_exchange, err);
    case LT_HS_NEW_SESSION_TICKET:
        return lt_new_session_ticket_parse(body, len, &out->new_session_ticket, err);
    case LT_HS_FINISHED:
        return lt_finished_parse(body, len, &out->finished, err);
    default:
        return true;
    }
}
