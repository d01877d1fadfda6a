/*
 * Record sizes agreed in the hellos (record_limits.h).
 */
#include "tls/record_limits.h"

#include "tls/conn.h"
#include "tls/record.h"
#include "tls/version.h"

/* RFC 6066 4: 2^(8 + value) bytes for values 1..4. */
static size_t mfl_bytes(uint8_t value)
{
    return (size_t)1 << (8 + value);
}

size_t lt_limits_plaintext(uint16_t record_size_limit)
{
    /* RFC 8449 4: in TLS 1.2 the limit counts the plaintext alone, and a
     * value over 2^14 means no limit beyond the protocol's. */
    return record_size_limit < LT_RECORD_MAX_PLAINTEXT ? record_size_limit
                                                       : LT_RECORD_MAX_PLAINTEXT;
}

/* RFC 8449 4: in TLS 1.3 the limit counts the inner content type and
 * padding too, so the content is at most limit - 1 bytes (the record
 * layer adds the type and keeps padding within the limit). */
static size_t plaintext_for(const latch_conn *c, uint16_t record_size_limit)
{
    if (c->neg.version == LT_VERSION_TLS13)
        return lt_limits_plaintext((uint16_t)(record_size_limit - 1));
    return lt_limits_plaintext(record_size_limit);
}

static void apply_mfl(latch_conn *c)
{
    /* RFC 6066 4: both directions, from now on, handshake records too. */
    size_t n = mfl_bytes(c->neg.limits.mfl);
    c->rl.read_max_plaintext = n;
    c->rl.write_max_plaintext = n;
}

void lt_limits_offer(const latch_config *cfg, lt_extensions *ext)
{
    if (cfg->record_size_limit != 0) {
        ext->record_size_limit.present = true;
        ext->record_size_limit.limit = cfg->record_size_limit;
    }
    if (cfg->max_fragment_length != 0) {
        ext->max_fragment_length.present = true;
        ext->max_fragment_length.value = cfg->max_fragment_length;
    }
}

bool lt_limits_client_accept(latch_conn *c, const lt_extensions *sh)
{
    const latch_config *cfg = c->cfg;
    /* RFC 8449 5: a server that knows record_size_limit ignores
     * max_fragment_length; answering both is a fatal error. */
    LT_ENSURE(!sh->record_size_limit.present || !sh->max_fragment_length.present, &c->err,
              LATCH_ERR_ILLEGAL_PARAMETER,
              "the server answered both record_size_limit and max_fragment_length (RFC 8449 5 "
              "allows one)");
    if (sh->max_fragment_length.present) {
        LT_ENSURE(sh->max_fragment_length.value == cfg->max_fragment_length, &c->err,
                  LATCH_ERR_ILLEGAL_PARAMETER,
                  "the server answered max_fragment_length %zu bytes; the client offered %zu "
                  "(RFC 6066 4 requires the same value)",
                  mfl_bytes(sh->max_fragment_length.value), mfl_bytes(cfg->max_fragment_length));
        c->neg.limits.mfl = sh->max_fragment_length.value;
        apply_mfl(c);
    }
    if (sh->record_size_limit.present) {
        c->neg.limits.own = cfg->record_size_limit;
        c->neg.limits.peer = sh->record_size_limit.limit;
    }
    return true;
}

void lt_limits_server_choose(latch_conn *c, const lt_extensions *ch)
{
    lt_record_limits *l = &c->neg.limits;
    l->own = l->peer = 0;
    l->mfl = 0;
    if (ch->record_size_limit.present) {
        /* Answered whenever offered, so the client knows its limit is
         * kept; with no limit of ours, the protocol's. A server does not
         * enforce the protocol's cap on the client's value (RFC 8449 4). */
        l->peer = ch->record_size_limit.limit;
        l->own = c->cfg->record_size_limit != 0 ? c->cfg->record_size_limit : LT_RSL_MAX;
        /* The largest value: 2^14 in TLS 1.2, 2^14 + 1 in TLS 1.3. */
        uint16_t max = c->neg.version == LT_VERSION_TLS13 ? LT_RSL_MAX : LT_RECORD_MAX_PLAINTEXT;
        if (l->own > max)
            l->own = max;
    } else if (ch->max_fragment_length.present) {
        l->mfl = ch->max_fragment_length.value;
    }
}

void lt_limits_server_answer(latch_conn *c, lt_extensions *sh)
{
    const lt_record_limits *l = &c->neg.limits;
    if (l->own != 0) {
        sh->record_size_limit.present = true;
        sh->record_size_limit.limit = l->own;
    } else if (l->mfl != 0) {
        sh->max_fragment_length.present = true;
        sh->max_fragment_length.value = l->mfl;
        apply_mfl(c);
    }
}

void lt_limits_on_keys(latch_conn *c, bool read)
{
    const lt_record_limits *l = &c->neg.limits;
    /* RFC 8449 4: unprotected records are not subject to the limit. */
    if (read && l->own != 0)
        c->rl.read_max_plaintext = plaintext_for(c, l->own);
    if (!read && l->peer != 0)
        c->rl.write_max_plaintext = plaintext_for(c, l->peer);
}
