/*
 * The config's record sizes and buffer policy (latch.h, "Record sizes and
 * buffers"; record_limits.h).
 */
#include "tls/config.h"
#include "tls/ext.h"
#include "tls/record_limits.h"

/* RFC 8449 4: below 64 is illegal; above 2^14 + 1 no version allows. */
static bool take_record_size_limit(latch_config *cfg, unsigned limit)
{
    LT_ENSURE(limit == 0 || (limit >= LT_RSL_MIN && limit <= LT_RSL_MAX), &cfg->err,
              LATCH_ERR_CONFIG, "a record_size_limit of %u bytes is not 0 (none) or from %d to %d",
              limit, LT_RSL_MIN, LT_RSL_MAX);
    cfg->record_size_limit = (uint16_t)limit;
    return true;
}

latch_err latch_config_set_record_size_limit(latch_config *cfg, unsigned limit)
{
    return lt_config_result(cfg, lt_config_begin_set(cfg) && take_record_size_limit(cfg, limit));
}

/* RFC 6066 4: 2^9, 2^10, 2^11 or 2^12, sent as 1..4. */
static bool take_max_fragment_length(latch_config *cfg, unsigned bytes)
{
    LT_ENSURE(cfg->role == LATCH_CLIENT, &cfg->err, LATCH_ERR_USAGE,
              "max_fragment_length is a client's offer; a server answers any offer");
    uint8_t value = 0;
    for (uint8_t v = LT_MAX_FRAGMENT_512; v <= LT_MAX_FRAGMENT_4096; v++)
        if (bytes == 1u << (8 + v))
            value = v;
    LT_ENSURE(bytes == 0 || value != 0, &cfg->err, LATCH_ERR_CONFIG,
              "a max_fragment_length of %u bytes is not 0 (none), 512, 1024, 2048 or 4096", bytes);
    cfg->max_fragment_length = value;
    return true;
}

latch_err latch_config_set_max_fragment_length(latch_config *cfg, unsigned bytes)
{
    return lt_config_result(cfg, lt_config_begin_set(cfg) && take_max_fragment_length(cfg, bytes));
}

latch_err latch_config_set_pin_buffers(latch_config *cfg, int on)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    cfg->pin_buffers = on != 0;
    return LATCH_OK;
}
