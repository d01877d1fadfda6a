/*
 * latch server: SIGHUP. The options are read again, so every file they
 * name (certificates, keys, OCSP responses, CA and CRL files) is loaded
 * and checked anew; a file that no longer loads leaves the running
 * config in service and says why. Other settings (port, mode, limits)
 * keep the values they started with.
 */
#include <string.h>
#include <sys/random.h>

#include "common.h"
#include "server.h"

latch_config *server_reload_config(struct server *s)
{
    struct server_settings fresh;
    latch_config *cfg = NULL;
    ticket_keys_watch_note(&s->set.keys_watch);
    if (server_options_parse(s->argc, s->argv, &fresh, &cfg) >= 0) {
        tool_error("SIGHUP: the files above do not load; still serving with the ones loaded "
                   "before");
        return NULL;
    }
    server_settings_close(&fresh);
    if (!server_finish_config(s, cfg)) {
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

bool server_finish_config(struct server *s, latch_config *cfg)
{
    if (s->set.trace && latch_config_set_conn_trace(cfg, client_on_trace, NULL, 0) != LATCH_OK) {
        tool_error("--trace: %s", latch_config_error(cfg));
        return false;
    }
    if (s->set.workers == 0 || s->set.ticket_keys_given)
        return true;
    /* Each worker would make its own ticket keys, and a client would
     * resume only on the worker that issued its ticket: the master makes
     * one key for all of them, kept across reloads. */
    if (!s->has_ticket_key) {
        if (getrandom(s->ticket_key, sizeof s->ticket_key, 0) != (ssize_t)sizeof s->ticket_key) {
            tool_error("cannot make a ticket key: no random bytes");
            return false;
        }
        s->has_ticket_key = true;
    }
    if (latch_config_set_ticket_key(cfg, s->ticket_key) != LATCH_OK) {
        tool_error("ticket key: %s", latch_config_error(cfg));
        return false;
    }
    return true;
}

void server_reload_here(struct server *s)
{
    if (s->set.workers != 0)
        return; /* the master reloads, and replaces its workers */
    latch_config *cfg = server_reload_config(s);
    if (cfg == NULL)
        return;
    latch_config_free(s->cfg); /* open connections hold their own reference */
    s->cfg = cfg;
    tool_error("SIGHUP: reloaded; new connections use the files as they are now");
}
