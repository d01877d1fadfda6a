/*
 * Which protocol versions a config speaks: a range from min to max, both
 * versions latch implements.
 */
#include "tls/config.h"
#include "tls/version.h"

static bool known(int version)
{
    return version == LT_VERSION_TLS12 || version == LT_VERSION_TLS13;
}

latch_err latch_config_set_versions(latch_config *cfg, int min, int max)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    bool ok = true;
    if (!known(min) || !known(max))
        ok = LT_FAIL(&cfg->err, LATCH_ERR_CONFIG,
                     "protocol versions 0x%04x to 0x%04x: latch speaks TLS 1.2 (0x0303) and "
                     "TLS 1.3 (0x0304) only",
                     (unsigned)min & 0xffff, (unsigned)max & 0xffff);
    else if (min > max)
        ok = LT_FAIL(&cfg->err, LATCH_ERR_CONFIG,
                     "the minimum protocol version 0x%04x is above the maximum 0x%04x",
                     (unsigned)min, (unsigned)max);
    if (ok) {
        cfg->min_version = (uint16_t)min;
        cfg->max_version = (uint16_t)max;
    }
    return lt_config_result(cfg, ok);
}

bool lt_config_speaks(const latch_config *cfg, uint16_t version)
{
    return version >= cfg->min_version && version <= cfg->max_version;
}
