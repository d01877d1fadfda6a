/* KeyUpdate after a TLS 1.3 handshake (key_update.h). */
#include "tls/key_update.h"

#include <stdio.h>

#include "tls/conn.h"
#include "tls/msg13.h"
#include "tls/pump.h"
#include "tls/record13.h"
#include "tls/trace.h"
#include "tls/version.h"

/* The trace's name of the secret a direction now uses. */
static void trace_new_secret(latch_conn *c, lt_record_direction dir, uint32_t generation)
{
    if (!lt_tracing(&c->trace))
        return;
    const lt_record_prot *p = dir == LT_RECORD_READ ? &c->rl.read : &c->rl.write;
    bool client = (c->role == LATCH_CLIENT) == (dir == LT_RECORD_WRITE);
    char name[64];
    snprintf(name, sizeof(name), "%s_application_traffic_secret_%u", client ? "client" : "server",
             generation);
    lt_trace_keys(&c->trace, name,
                  "HKDF-Expand-Label(the previous secret, \"traffic upd\", \"\", Hash.length) "
                  "(RFC 8446 7.2): new keys for this direction, records numbered from 0",
                  p->u.tls13.secret, lt_hash_len(p->u.tls13.hash), NULL, 0);
}

bool lt_key_update_send(latch_conn *c, bool request_peer)
{
    LT_ENSURE(c->neg.version == LT_VERSION_TLS13 && lt_record_is_tls13(&c->rl, LT_RECORD_WRITE),
              &c->err, LATCH_ERR_USAGE,
              "KeyUpdate is a TLS 1.3 message; this connection is not a TLS 1.3 connection past "
              "its handshake");
    uint8_t msg[8];
    lt_writer w;
    lt_writer_init_fixed(&w, msg, sizeof(msg));
    lt_key_update_write(request_peer ? LT_KEY_UPDATE_REQUESTED : LT_KEY_UPDATE_NOT_REQUESTED, &w);
    LT_ENSURE(lt_writer_ok(&w), &c->err, LATCH_ERR_INTERNAL, "could not write a KeyUpdate");
    if (lt_tracing(&c->trace))
        lt_hs_trace_sent(c, msg, w.len);
    /* Sealed under the old keys; the next record goes under the new. */
    LT_GUARD(lt_pump_seal(c, LT_CT_HANDSHAKE, msg, w.len));
    LT_GUARD(lt_record_tls13_update(&c->rl, LT_RECORD_WRITE, &c->err));
    c->ku.sent_since_data = true;
    c->ku.asked_peer = c->ku.asked_peer || request_peer;
    trace_new_secret(c, LT_RECORD_WRITE, ++c->ku.write_generation);
    return true;
}

bool lt_key_update_take(latch_conn *c, const uint8_t *body, size_t len)
{
    lt_key_update_request req;
    LT_GUARD(lt_key_update_parse(body, len, &req, &c->err));
    c->ku.received_in_a_row++;
    LT_ENSURE(c->ku.received_in_a_row <= LT_KEY_UPDATE_MAX_IN_A_ROW, &c->err,
              LATCH_ERR_UNEXPECTED_MESSAGE,
              "the peer sent %u KeyUpdates with no application data between them (limit %u); "
              "refused as a flood",
              c->ku.received_in_a_row, LT_KEY_UPDATE_MAX_IN_A_ROW);
    LT_GUARD(lt_record_tls13_update(&c->rl, LT_RECORD_READ, &c->err));
    c->ku.asked_peer = false;
    trace_new_secret(c, LT_RECORD_READ, ++c->ku.read_generation);
    /* RFC 8446 4.6.3: answer before our next application data; one
     * answer covers every request made while we sent none. */
    if (req == LT_KEY_UPDATE_REQUESTED && !c->ku.sent_since_data && !c->close_notify_sent)
        return lt_key_update_send(c, false);
    return true;
}

bool lt_key_update_before_write(latch_conn *c)
{
    if (c->neg.version != LT_VERSION_TLS13)
        return true;
    if (lt_record_needs_key_update(&c->rl, LT_RECORD_WRITE))
        LT_GUARD(lt_key_update_send(c, false));
    c->ku.sent_since_data = false;
    return true;
}

bool lt_key_update_after_read(latch_conn *c)
{
    if (c->neg.version != LT_VERSION_TLS13)
        return true;
    c->ku.received_in_a_row = 0;
    if (lt_record_needs_key_update(&c->rl, LT_RECORD_READ) && !c->ku.asked_peer)
        return lt_key_update_send(c, true);
    return true;
}
