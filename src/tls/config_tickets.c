/*
 * The server config's ticket keys: the caller's (latch_config_set_ticket_key
 * and latch_config_add_old_ticket_key, in config.c), or, when it gives
 * none, the config's own, rotated in process (tls/ticket_ring.h).
 */
#include "tls/config.h"

latch_err latch_config_set_ticket_rotation(latch_config *cfg, uint32_t seconds)
{
    bool ok = lt_config_begin_set(cfg);
    if (ok && cfg->role != LATCH_SERVER)
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE, "ticket key rotation is for a server config");
    if (ok && seconds != 0 &&
        (seconds < LATCH_TICKET_ROTATION_MIN || seconds > LATCH_TICKET_ROTATION_MAX))
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE,
                     "a ticket key rotation is 0 (never) or %d to %d seconds, not %u",
                     LATCH_TICKET_ROTATION_MIN, LATCH_TICKET_ROTATION_MAX, seconds);
    if (ok)
        cfg->ticket_rotation = seconds;
    return lt_config_result(cfg, ok);
}

static bool rotating(const latch_config *cfg, lt_ticket_ring_times *t)
{
    if (cfg->ticket_keys_given || cfg->ticket_rotation == 0)
        return false;
    t->now = lt_config_now(cfg);
    t->rotation = cfg->ticket_rotation;
    t->lifetime = cfg->session_lifetime;
    return true;
}

bool lt_config_ticket_key(latch_config *cfg, lt_ticket_key *out, lt_error *err)
{
    lt_ticket_ring_times t;
    if (rotating(cfg, &t))
        return lt_ticket_ring_current(&cfg->ticket_ring, &t, out, err);
    *out = cfg->ticket_keys[0];
    return true;
}

lt_ticket_status lt_config_open_ticket(latch_config *cfg, const uint8_t *ticket, size_t len,
                                       lt_session_state *out, size_t *which, lt_error *err)
{
    lt_ticket_ring_times t;
    if (rotating(cfg, &t))
        return lt_ticket_ring_open(&cfg->ticket_ring, &t, ticket, len, out, which, err);
    return lt_ticket_open(cfg->ticket_keys, cfg->ticket_key_count, ticket, len, out, which, err);
}
