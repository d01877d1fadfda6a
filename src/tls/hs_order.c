/*
 * Reading the message-order tables of hs_order.h: which state comes
 * next for a handshake type, and which state a message may arrive in.
 */
#include <stdio.h>
#include <string.h>

#include "tls/hs_order.h"
#include "tls/msg_common.h"

#define LT_STEP_ROW(state, d, t, w, u, opt, fn)                                                    \
    {.name = #state, .dir = LT_STEP_##d, .type = t, .when = w, .unless = u, .optional = opt},

static const lt_step steps[] = {LT_CLIENT_STEPS(LT_STEP_ROW) LT_SERVER_STEPS(LT_STEP_ROW)
                                    LT_CLIENT13_STEPS(LT_STEP_ROW) LT_SERVER13_STEPS(LT_STEP_ROW)};
_Static_assert(sizeof(steps) / sizeof(steps[0]) == LT_ST_DONE, "one row per state");

const lt_step *lt_step_of(lt_state state)
{
    return (size_t)state < LT_ST_DONE ? &steps[state] : NULL;
}

const char *lt_state_name(lt_state state)
{
    switch (state) {
    case LT_ST_DONE:
        return "done";
    case LT_ST_FAILED:
        return "failed";
    default:
        return (size_t)state < LT_ST_DONE ? steps[state].name : "unknown";
    }
}

bool lt_state_reads(lt_state state)
{
    const lt_step *s = lt_step_of(state);
    return s != NULL && s->dir == LT_STEP_READ;
}

static bool applies(const lt_step *s, unsigned type)
{
    return (type & s->when) == s->when && (type & s->unless) == 0;
}

/* The end of a state's table: the tables follow each other in the enum. */
static lt_state table_end(lt_state state)
{
    if (state < LT_ST_SERVER_FIRST)
        return LT_ST_SERVER_FIRST;
    if (state < LT_ST_CLIENT13_FIRST)
        return LT_ST_CLIENT13_FIRST;
    return state < LT_ST_SERVER13_FIRST ? LT_ST_SERVER13_FIRST : LT_ST_DONE;
}

lt_state lt_state_next(lt_state from, unsigned type)
{
    if ((size_t)from >= LT_ST_DONE)
        return from;
    lt_state first = from + 1;
    lt_state end = table_end(from);
    /* TLS 1.3 shares only the hellos with TLS 1.2 (RFC 8446 4.1). */
    if ((type & LT_HT_TLS13) && from == LT_ST_CLIENT_READ_SERVER_HELLO) {
        first = LT_ST_CLIENT13_FIRST;
        end = LT_ST_SERVER13_FIRST;
    } else if ((type & LT_HT_TLS13) && from == LT_ST_SERVER_READ_CLIENT_HELLO) {
        first = LT_ST_SERVER13_FIRST;
        end = LT_ST_DONE;
    }
    for (lt_state s = first; s < end; s++)
        if (applies(&steps[s], type))
            return s;
    return LT_ST_DONE;
}

lt_state lt_state_accepting(lt_state at, unsigned type, int msg_type)
{
    for (lt_state s = at; lt_state_reads(s); s = lt_state_next(s, type)) {
        if (steps[s].type == msg_type)
            return s;
        if (!steps[s].optional)
            break;
    }
    return LT_ST_FAILED;
}

static const char *message_title(int type)
{
    return type == LT_MSG_CHANGE_CIPHER_SPEC ? "ChangeCipherSpec" : lt_hs_type_title((uint8_t)type);
}

void lt_state_expected(lt_state at, unsigned type, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (lt_state s = at; lt_state_reads(s) && len < cap; s = lt_state_next(s, type)) {
        int n = snprintf(out + len, cap - len, "%s%s", len > 0 ? " or " : "",
                         message_title(steps[s].type));
        len += n > 0 ? (size_t)n : 0;
        if (!steps[s].optional)
            return;
    }
    if (len == 0)
        snprintf(out, cap, "no message");
}
