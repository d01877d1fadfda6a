/*
 * The server config's setters for resumption across servers: ticket keys
 * from a file (tls/ticket_keys_file.h) and an external session-ID cache
 * (tls/session_store.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/mem.h"
#include "tls/config.h"
#include "tls/ticket_keys_file.h"

_Static_assert(LATCH_TICKET_KEYS_MAX == LT_CONFIG_MAX_TICKET_KEYS,
               "a key file holds as many keys as a config");

static bool load_keys(latch_config *cfg, const char *path)
{
    LT_ENSURE(path != NULL, &cfg->err, LATCH_ERR_USAGE, "no ticket key file given");
    LT_ENSURE(cfg->role == LATCH_SERVER, &cfg->err, LATCH_ERR_USAGE,
              "ticket keys are for a server config");
    uint8_t *text = NULL;
    size_t len = 0;
    LT_GUARD(lt_read_file(path, &text, &len, &cfg->err));
    lt_ticket_key keys[LT_CONFIG_MAX_TICKET_KEYS];
    size_t count = 0;
    bool ok = lt_ticket_keys_parse(text, len, keys, LT_CONFIG_MAX_TICKET_KEYS, &count, &cfg->err);
    lt_free_secret(text, len);
    if (!ok) {
        lt_error_prefix(&cfg->err, "ticket key file %s: ", path);
        return false;
    }
    lt_wipe(cfg->ticket_keys, sizeof(cfg->ticket_keys));
    memcpy(cfg->ticket_keys, keys, count * sizeof(keys[0]));
    lt_wipe(keys, sizeof(keys));
    cfg->ticket_key_count = count;
    cfg->ticket_keys_given = true;
    return true;
}

latch_err latch_config_set_ticket_keys_file(latch_config *cfg, const char *path)
{
    bool ok = lt_config_begin_set(cfg) && load_keys(cfg, path);
    return lt_config_result(cfg, ok);
}

latch_err latch_config_set_session_cache_callbacks(latch_config *cfg, latch_session_store_fn store,
                                                   latch_session_lookup_fn lookup,
                                                   latch_session_remove_fn remove, void *arg)
{
    bool ok = lt_config_begin_set(cfg);
    if (ok && cfg->role != LATCH_SERVER)
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE, "a session cache is for a server config");
    if (ok && (store == NULL) != (lookup == NULL))
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE,
                     "an external session cache needs both store and lookup (or neither, to "
                     "turn it off)");
    if (ok) {
        cfg->session_store.store = store;
        cfg->session_store.lookup = lookup;
        cfg->session_store.remove = store == NULL ? NULL : remove;
        cfg->session_store.arg = arg;
    }
    return lt_config_result(cfg, ok);
}
