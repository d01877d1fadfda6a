#include "tls/post13.h"

#include "tls/key_update.h"
#include "tls/msg13.h"
#include "tls/resume13.h"
#include "tls/trace.h"

static bool take_ticket(latch_conn *c, const uint8_t *body, size_t len)
{
    lt_new_session_ticket13 t;
    LT_GUARD(lt_new_session_ticket13_parse(body, len, &t, &c->err));
    return lt_client13_keep_ticket(c, &t);
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
        lt_hs_trace_received(c, start, LT_HS_HEADER_LEN + h.length);
        if (h.type == LT_HS_NEW_SESSION_TICKET && c->role == LATCH_CLIENT) {
            LT_GUARD(take_ticket(c, body, h.length));
        } else if (h.type == LT_HS_KEY_UPDATE) {
            /* RFC 8446 5.1: the key changes after a KeyUpdate, so it ends
             * its record. */
            LT_ENSURE(lt_reader_done(&r), &c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
                      "the peer's KeyUpdate does not end its record: %zu more bytes follow it "
                      "under the key it replaces",
                      lt_reader_left(&r));
            LT_GUARD(lt_key_update_take(c, body, h.length));
        } else {
            return LT_FAIL(&c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
                           "the peer sent %s after the TLS 1.3 handshake",
                           lt_hs_type_title(h.type));
        }
    }
    return true;
}
