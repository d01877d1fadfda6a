/*
 * The one place that decides whether a message may come now: every
 * message from the peer is checked against the order tables
 * (hs_order.h) before a state's function sees it, and the next state
 * comes from the tables too, never from the functions.
 */
#include "tls/conn.h"
#include "tls/hs13.h"
#include "tls/msg.h"
#include "tls/msg_value.h"

static bool unexpected(latch_conn *c, int type)
{
    char expected[160];
    lt_state_expected(c->state, c->hs->type, expected, sizeof(expected));
    const char *what =
        type == LT_MSG_CHANGE_CIPHER_SPEC ? "ChangeCipherSpec" : lt_hs_type_title((uint8_t)type);
    return LT_FAIL(&c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
                   "unexpected %s in state %s: the handshake expects %s here", what,
                   lt_state_name(c->state), expected);
}

/* The function of the state, from its role's and version's table. */
static bool role_step(latch_conn *c, const lt_hs_msg *msg)
{
    if (c->state >= LT_ST_SERVER13_FIRST)
        return lt_server13_step(c, msg);
    if (c->state >= LT_ST_CLIENT13_FIRST)
        return lt_client13_step(c, msg);
    return c->role == LATCH_CLIENT ? lt_client_step(c, msg) : lt_server_step(c, msg);
}

bool lt_hs_step(latch_conn *c, const lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    lt_hs_msg parsed;
    lt_msg_value value;
    if (msg != NULL) {
        /* RFC 5246 7.4.1.1: a HelloRequest during a handshake is ignored
         * and is not part of the transcript. */
        bool hello_request = c->role == LATCH_CLIENT && msg->type == LT_HS_HELLO_REQUEST;
        lt_state at = hello_request ? c->state : lt_state_accepting(c->state, hs->type, msg->type);
        parsed = *msg;
        parsed.value = NULL;
        if (msg->type != LT_MSG_CHANGE_CIPHER_SPEC)
            LT_GUARD(lt_hs_parse_message(c, msg, at != LT_ST_FAILED, &value, &parsed.value));
        if (hello_request)
            return true;
        if (at == LT_ST_FAILED)
            return unexpected(c, msg->type);
        c->state = at;
        msg = &parsed;
    } else {
        LT_ENSURE(lt_step_of(c->state) != NULL && !lt_state_reads(c->state), &c->err,
                  LATCH_ERR_INTERNAL, "handshake step without a message in state %s",
                  lt_state_name(c->state));
    }
    LT_GUARD(role_step(c, msg));
    lt_state next = lt_state_next(c->state, hs->type);
    /* A flight ends where the peer speaks next, or where we are done. */
    if (msg == NULL && (next == LT_ST_DONE || lt_state_reads(next)))
        LT_GUARD(lt_hs_flush(c));
    c->state = next;
    if (next == LT_ST_DONE)
        lt_hs_finish(c);
    return true;
}
