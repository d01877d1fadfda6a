/*
 * The server's ALPN choice (RFC 7301 3.2), for TLS 1.2 (server.c) and
 * TLS 1.3 (server13.c) alike.
 */
#include <string.h>

#include "tls/hooks_call.h"
#include "tls/negotiate.h"
#include "tls/server13.h"

/* RFC 7301 3.2: the server's preference among the client's protocols,
 * searched through the whole list however long. With strict ALPN (the
 * ALPACA defence) a client that sends no ALPN is refused too. */
bool lt_server_choose_alpn(latch_conn *c, const lt_client_hello *ch)
{
    const latch_config *cfg = c->cfg;
    if (cfg->hooks.alpn_select != NULL && ch->ext.alpn.present)
        return lt_hook_select_alpn(c, ch->ext.alpn.list);
    if (cfg->alpn_count == 0)
        return true;
    if (!ch->ext.alpn.present)
        return !cfg->strict_alpn ||
               LT_FAIL(&c->err, LATCH_ERR_NO_APPLICATION_PROTOCOL,
                       "the client sent no ALPN extension, and this server (strict ALPN) serves "
                       "only its own protocols");
    int i = lt_neg_choose_alpn(cfg, ch->ext.alpn.list);
    if (i >= 0) {
        memcpy(c->neg.alpn, cfg->alpn[i].name, cfg->alpn[i].len);
        c->neg.alpn[cfg->alpn[i].len] = '\0';
        return true;
    }
    return LT_FAIL(&c->err, LATCH_ERR_NO_APPLICATION_PROTOCOL,
                   "none of the client's %zu ALPN protocols is configured here",
                   ch->ext.alpn.listed);
}
