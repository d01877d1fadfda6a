/*
 * A server that refuses a ClientHello says only "handshake_failure"; the
 * client names what it offered, so a person sees which side to change.
 */
#include "tls/alert.h"
#include "tls/client13.h"
#include "tls/config.h"
#include "tls/suites13.h"
#include "tls/version.h"

bool lt_client13_hello_refused(latch_conn *c, const lt_alert *a)
{
    bool at_hello =
        c->state == LT_ST_CLIENT_READ_SERVER_HELLO || c->state == LT_ST_CLIENT13_READ_SERVER_HELLO;
    if (!at_hello || !lt_alert_is_fatal(a) || a->description != LATCH_ALERT_HANDSHAKE_FAILURE ||
        c->cfg->max_version < LT_VERSION_TLS13)
        return true;
    char offered[LT_SUITE13_LIST_TEXT_MAX];
    lt_suite13_list_text(&c->cfg->suites13, offered, sizeof(offered));
    return LT_FAIL(&c->err, LATCH_ERR_ALERT_RECEIVED,
                   "the server refused the ClientHello with the fatal alert handshake_failure "
                   "(40), most often for want of a cipher suite in common: for TLS 1.3 the client "
                   "offered %s%s",
                   offered,
                   c->cfg->min_version < LT_VERSION_TLS13 ? ", and its TLS 1.2 suites besides"
                                                          : " only");
}
