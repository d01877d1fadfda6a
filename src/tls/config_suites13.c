/*
 * Which TLS 1.3 cipher suites a config speaks, in its order.
 */
#include "tls/config.h"
#include "tls/suites13.h"

latch_err latch_config_set_tls13_suites(latch_config *cfg, const char *list)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    if (list == NULL)
        return lt_config_result(
            cfg, LT_FAIL(&cfg->err, LATCH_ERR_USAGE, "no TLS 1.3 cipher suite list given"));
    return lt_config_result(cfg, lt_suite13_list_parse(list, &cfg->suites13, &cfg->err));
}
