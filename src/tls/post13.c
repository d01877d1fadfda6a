#include "tls/post13.h"

#include "tls/msg13.h"
#include "tls/pump.h"
#include "tls/record13.h"
#include "tls/trace.h"

static bool take_ticket(latch_conn *c, const uint8_t *body, size_t len)
{
    lt_new_session_ticket13 t;
    LT_GUARD(lt_new_session_ticket13_parse(body, len, &t, &c->err));
    lt_trace_session(c,
                     "the server sent a TLS 1.3 NewSessionTicket (%zu bytes, lifetime %u s); "
                     "latch does not resume TLS 1.3 sessions yet, so it is not kept",
                     t.ticket.len, t.lifetime);
    return true;
}

/* RFC 8446 4.6.3: the peer's next keys; when it asks, ours too, after a
 * KeyUpdate of our own under the old ones. */
static bool take_key_update(latch_conn *c, const uint8_t *body, size_t len)
{
    lt_key_update_request req;
    LT_GUARD(lt_key_update_parse(body, len, &req, &c->err));
    LT_GUARD(lt_record_tls13_update(&c->rl, LT_RECORD_READ, &c->err));
    if (req != LT_KEY_UPDATE_REQUESTED)
        return true;
    uint8_t msg[8];
    lt_writer w;
    lt_writer_init_fixed(&w, msg, sizeof(msg));
    lt_key_update_write(LT_KEY_UPDATE_NOT_REQUESTED, &w);
    lt_trace_message(c, true, LT_HS_KEY_UPDATE, msg, w.len);
    LT_GUARD(lt_pump_seal(c, LT_CT_HANDSHAKE, msg, w.len));
    return lt_record_tls13_update(&c->rl, LT_RECORD_WRITE, &c->err);
}

bool lt_post13_take(latch_conn *c, const uint8_t *data, size_t len)
{
    lt_reader r = lt_reader_make(data, len);
    while (!lt_reader_done(&r)) {
        const uint8_t *start = lt_reader_data(&r);
        lt_hs_header h;
        const uint8_t *body;
        LT_GUARD(lt_hs_header_read(&r, &h, &c->err));
        LT_ENSURE(lt_read_bytes(&r, h.length, &body), &c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
                  "the peer sent a %s split across records after the handshake; refused",
                  lt_hs_type_title(h.type));
        lt_trace_message(c, false, h.type, start, LT_HS_HEADER_LEN + h.length);
        if (h.type == LT_HS_NEW_SESSION_TICKET && c->role == LATCH_CLIENT)
            LT_GUARD(take_ticket(c, body, h.length));
        else if (h.type == LT_HS_KEY_UPDATE)
            LT_GUARD(take_key_update(c, body, h.length));
        else
            return LT_FAIL(&c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
                           "the peer sent %s after the TLS 1.3 handshake",
                           lt_hs_type_title(h.type));
    }
    return true;
}
