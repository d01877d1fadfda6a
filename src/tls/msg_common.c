#include "tls/msg_common.h"

const char *lt_hs_type_name(uint8_t type)
{
    switch (type) {
    case LT_HS_HELLO_REQUEST:
        return "hello_request";
    case LT_HS_CLIENT_HELLO:
        return "client_hello";
    case LT_HS_SERVER_HELLO:
        return "server_hello";
    case LT_HS_NEW_SESSION_TICKET:
        return "new_session_ticket";
    case LT_HS_CERTIFICATE:
        return "certificate";
    case LT_HS_SERVER_KEY_EXCHANGE:
        return "server_key_exchange";
    case LT_HS_CERTIFICATE_REQUEST:
        return "certificate_request";
    case LT_HS_SERVER_HELLO_DONE:
        return "server_hello_done";
    case LT_HS_CERTIFICATE_VERIFY:
        return "certificate_verify";
    case LT_HS_CLIENT_KEY_EXCHANGE:
        return "client_key_exchange";
    case LT_HS_FINISHED:
        return "finished";
    case LT_HS_CERTIFICATE_STATUS:
        return "certificate_status";
    case LT_HS_END_OF_EARLY_DATA:
        return "end_of_early_data";
    case LT_HS_ENCRYPTED_EXTENSIONS:
        return "encrypted_extensions";
    case LT_HS_KEY_UPDATE:
        return "key_update";
    case LT_HS_MESSAGE_HASH:
        return "message_hash";
    default:
        return "unknown";
    }
}

const char *lt_hs_type_title(uint8_t type)
{
    switch (type) {
    case LT_HS_HELLO_REQUEST:
        return "HelloRequest";
    case LT_HS_CLIENT_HELLO:
        return "ClientHello";
    case LT_HS_SERVER_HELLO:
        return "ServerHello";
    case LT_HS_NEW_SESSION_TICKET:
        return "NewSessionTicket";
    case LT_HS_CERTIFICATE:
        return "Certificate";
    case LT_HS_SERVER_KEY_EXCHANGE:
        return "ServerKeyExchange";
    case LT_HS_CERTIFICATE_REQUEST:
        return "CertificateRequest";
    case LT_HS_SERVER_HELLO_DONE:
        return "ServerHelloDone";
    case LT_HS_CERTIFICATE_VERIFY:
        return "CertificateVerify";
    case LT_HS_CLIENT_KEY_EXCHANGE:
        return "ClientKeyExchange";
    case LT_HS_FINISHED:
        return "Finished";
    case LT_HS_CERTIFICATE_STATUS:
        return "CertificateStatus";
    case LT_HS_END_OF_EARLY_DATA:
        return "EndOfEarlyData";
    case LT_HS_ENCRYPTED_EXTENSIONS:
        return "EncryptedExtensions";
    case LT_HS_KEY_UPDATE:
        return "KeyUpdate";
    case LT_HS_MESSAGE_HASH:
        return "message_hash";
    default:
        return "unknown handshake message";
    }
}

bool lt_hs_header_read(lt_reader *r, lt_hs_header *out, lt_error *err)
{
    /* Check the length first so a short header takes nothing from r. */
    LT_MSG_NEED(lt_reader_left(r) >= LT_HS_HEADER_LEN && lt_read_u8(r, &out->type) &&
                    lt_read_u24(r, &out->length),
                err, "handshake message", "header");
    return true;
}

bool lt_hs_split(const uint8_t *msg, size_t len, uint8_t *type, lt_span *body, lt_error *err)
{
    lt_reader r = lt_reader_make(msg, len);
    lt_hs_header h;
    LT_GUARD(lt_hs_header_read(&r, &h, err));
    const char *title = lt_hs_type_title(h.type);
    LT_ENSURE(h.length <= lt_reader_left(&r), err, LATCH_ERR_DECODE,
              "%s: header says %u body bytes but only %zu follow", title, (unsigned)h.length,
              lt_reader_left(&r));
    const uint8_t *p;
    LT_MSG_NEED(lt_read_bytes(&r, h.length, &p), err, title, "body");
    LT_MSG_END(&r, err, title, "the body");
    *type = h.type;
    *body = lt_span_make(p, h.length);
    return true;
}

lt_wblock lt_hs_open(lt_writer *w, uint8_t type)
{
    lt_write_u8(w, type);
    return lt_write_open(w, 3);
}
