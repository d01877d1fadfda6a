/*
 * The application's hooks (latch.h "Hooks") and the callbacks that name
 * the connection: their setters, and the calls the handshake makes at the
 * one point each belongs to.
 */
#include "tls/hooks_call.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/cert_key.h"
#include "tls/conn.h"
#include "tls/ext.h"
#include "tls/negotiate.h"
#include "tls/verify_peer.h"

latch_err latch_config_set_conn_trace(latch_config *cfg, latch_conn_trace_fn fn, void *arg,
                                      int show_secrets)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    cfg->hooks.trace = fn;
    cfg->hooks.trace_arg = arg;
    cfg->trace_secrets = show_secrets != 0;
    return LATCH_OK;
}

latch_err latch_config_set_conn_keylog(latch_config *cfg, latch_conn_keylog_fn fn, void *arg)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    cfg->hooks.keylog = fn;
    cfg->hooks.keylog_arg = arg;
    return LATCH_OK;
}

latch_err latch_config_set_verify_callback(latch_config *cfg, latch_verify_fn fn, void *arg,
                                           unsigned flags)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    if ((flags & ~LATCH_VERIFY_CALLBACK_MAY_OVERRIDE) != 0)
        return lt_config_result(cfg, LT_FAIL(&cfg->err, LATCH_ERR_USAGE,
                                             "verify callback flags 0x%x name no known flag",
                                             flags & ~LATCH_VERIFY_CALLBACK_MAY_OVERRIDE));
    cfg->hooks.verify = fn;
    cfg->hooks.verify_arg = arg;
    cfg->hooks.verify_flags = flags;
    return LATCH_OK;
}

/* A setter that only a server config takes. */
static bool server_only(latch_config *cfg, const char *what)
{
    return cfg->role == LATCH_SERVER ||
           LT_FAIL(&cfg->err, LATCH_ERR_USAGE, "%s is for a server config", what);
}

latch_err latch_config_set_cert_select(latch_config *cfg, latch_cert_select_fn fn, void *arg)
{
    if (!lt_config_begin_set(cfg) || !server_only(cfg, "a certificate selection callback"))
        return lt_config_result(cfg, false);
    cfg->hooks.cert_select = fn;
    cfg->hooks.cert_select_arg = arg;
    return LATCH_OK;
}

latch_err latch_config_set_alpn_select(latch_config *cfg, latch_alpn_select_fn fn, void *arg)
{
    if (!lt_config_begin_set(cfg) || !server_only(cfg, "an ALPN selection callback"))
        return lt_config_result(cfg, false);
    cfg->hooks.alpn_select = fn;
    cfg->hooks.alpn_select_arg = arg;
    return LATCH_OK;
}

/* The trace handle calls fn(event, arg): with arg the connection, these
 * call the config-wide callback, if any, and the one naming the
 * connection. */
static void conn_trace(const latch_trace_event *ev, void *arg)
{
    const latch_conn *c = arg;
    const latch_config *cfg = c->cfg;
    if (cfg->trace != NULL)
        cfg->trace(ev, cfg->trace_arg);
    cfg->hooks.trace(c, ev, cfg->hooks.trace_arg);
}

static void conn_keylog(const char *line, void *arg)
{
    const latch_conn *c = arg;
    const latch_config *cfg = c->cfg;
    if (cfg->keylog != NULL)
        cfg->keylog(line, cfg->keylog_arg);
    cfg->hooks.keylog(c, line, cfg->hooks.keylog_arg);
}

void lt_hook_trace_init(latch_conn *c)
{
    if (c->cfg->hooks.trace != NULL) {
        c->trace.fn = conn_trace;
        c->trace.arg = c;
    }
    if (c->cfg->hooks.keylog != NULL) {
        c->trace.keylog = conn_keylog;
        c->trace.keylog_arg = c;
    }
}

/* The callback's refusal becomes the connection's error: a certificate
 * code as it is, anything else as bad_certificate. */
static bool refused(latch_conn *c, latch_err code, latch_verify_result *r)
{
    if (latch_err_category(code) != LATCH_CAT_CERTIFICATE)
        code = LATCH_ERR_BAD_CERTIFICATE;
    r->message[sizeof(r->message) - 1] = '\0';
    return LT_FAIL(&c->err, code, "the application's verify callback refused the peer's chain%s%s",
                   r->message[0] != '\0' ? ": " : "", r->message);
}

bool lt_hook_verify(latch_conn *c, bool ok, const lt_path *path)
{
    const lt_config_hooks *h = &c->cfg->hooks;
    /* Only a certificate's failure is the callback's to judge. */
    if (h->verify == NULL || (!ok && latch_err_category(c->err.code) != LATCH_CAT_CERTIFICATE))
        return ok;
    latch_verify_result *r = calloc(1, sizeof(*r));
    LT_ENSURE(r != NULL, &c->err, LATCH_ERR_MEMORY, "out of memory for the verify callback");
    r->struct_size = sizeof(*r);
    lt_verify_result_set(r, ok ? path : NULL, ok ? NULL : &c->err);
    latch_err verdict = h->verify(c, r, h->verify_arg);
    if (verdict != LATCH_OK) {
        /* A chain latch refused keeps latch's reason. */
        ok = ok && refused(c, verdict, r);
    } else if (!ok && (h->verify_flags & LATCH_VERIFY_CALLBACK_MAY_OVERRIDE) != 0) {
        lt_error_clear(&c->err);
        ok = true;
    }
    free(r);
    return ok;
}

bool lt_hook_select_cert(latch_conn *c)
{
    const lt_config_hooks *h = &c->cfg->hooks;
    c->hs->srv.cert_choice = LATCH_CERT_SELECT_DEFAULT;
    if (h->cert_select == NULL)
        return true;
    const char *name = c->neg.server_name[0] != '\0' ? c->neg.server_name : NULL;
    latch_cert_key *other = NULL;
    int i = h->cert_select(c, name, &other, h->cert_select_arg);
    LT_ENSURE(i != LATCH_CERT_SELECT_REFUSE, &c->err, LATCH_ERR_UNRECOGNIZED_NAME,
              "the application's certificate selection refused the name the client asked for");
    if (i == LATCH_CERT_SELECT_OTHER) {
        LT_ENSURE(other != NULL, &c->err, LATCH_ERR_CONFIG,
                  "the application's certificate selection answered OTHER without a certificate");
        latch_cert_key_free(c->cert_key_other);
        c->cert_key_other = lt_cert_key_ref(other);
        c->hs->srv.cert_choice = i;
        return true;
    }
    LT_ENSURE(i == LATCH_CERT_SELECT_DEFAULT || (i >= 0 && (size_t)i < c->cfg->cert_key_count),
              &c->err, LATCH_ERR_CONFIG,
              "the application's certificate selection chose certificate %d, but the config "
              "holds %zu",
              i, c->cfg->cert_key_count);
    c->hs->srv.cert_choice = i;
    return true;
}

const lt_cert_key *lt_hook_choose_cert(const latch_conn *c, const lt_suite *suite,
                                       const uint16_t *peer_schemes, size_t peer_scheme_count,
                                       const uint16_t *cert_schemes, size_t cert_scheme_count,
                                       uint16_t *scheme)
{
    int i = c->hs->srv.cert_choice;
    if (i == LATCH_CERT_SELECT_OTHER) {
        const lt_cert_key *ck = lt_cert_key_inner(c->cert_key_other);
        return lt_neg_cert_fits(c->cfg, ck, suite, c->neg.version, peer_schemes, peer_scheme_count,
                                scheme)
                   ? ck
                   : NULL;
    }
    if (i < 0) {
        const char *sni = c->neg.server_name[0] != '\0' ? c->neg.server_name : NULL;
        return lt_neg_choose_cert(c->cfg, suite, c->neg.version, sni, peer_schemes,
                                  peer_scheme_count, cert_schemes, cert_scheme_count, scheme);
    }
    const lt_cert_key *ck = &c->cfg->cert_keys[i];
    return lt_neg_cert_fits(c->cfg, ck, suite, c->neg.version, peer_schemes, peer_scheme_count,
                            scheme)
               ? ck
               : NULL;
}

bool lt_hook_select_alpn(latch_conn *c, lt_span client_list)
{
    const lt_config_hooks *h = &c->cfg->hooks;
    size_t count = 0;
    lt_span p;
    lt_reader list = lt_reader_make(client_list.data, client_list.len);
    while (lt_alpn_next(&list, &p))
        count++;
    if (count == 0)
        return true;
    const uint8_t **names = calloc(count + 1, sizeof(*names));
    uint8_t *lens = calloc(count + 1, 1);
    bool ok = names != NULL && lens != NULL;
    if (!ok) {
        (void)LT_FAIL(&c->err, LATCH_ERR_MEMORY, "out of memory listing the client's ALPN");
    } else {
        list = lt_reader_make(client_list.data, client_list.len);
        for (size_t i = 0; i < count && lt_alpn_next(&list, &p); i++) {
            names[i] = p.data;
            lens[i] = (uint8_t)p.len;
        }
        int i = h->alpn_select(c, names, lens, count, h->alpn_select_arg);
        if (i == LATCH_ALPN_SELECT_REFUSE)
            ok = LT_FAIL(&c->err, LATCH_ERR_NO_APPLICATION_PROTOCOL,
                         "the application's ALPN selection refused all %zu of the client's "
                         "protocols",
                         count);
        else if (i != LATCH_ALPN_SELECT_NONE && (i < 0 || (size_t)i >= count))
            ok = LT_FAIL(&c->err, LATCH_ERR_INTERNAL,
                         "the application's ALPN selection chose protocol %d of %zu", i, count);
        else if (i >= 0 && memchr(names[i], '\0', lens[i]) != NULL)
            ok = LT_FAIL(&c->err, LATCH_ERR_NO_APPLICATION_PROTOCOL,
                         "the application chose the client's ALPN protocol %d, whose name holds a "
                         "NUL byte, which latch cannot answer with",
                         i);
        else if (i >= 0) {
            memcpy(c->neg.alpn, names[i], lens[i]);
            c->neg.alpn[lens[i]] = '\0';
        }
    }
    free(names);
    free(lens);
    return ok;
}
