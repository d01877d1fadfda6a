/*
 * The handshake's side of the trace (conn.h, "hs_trace.c"): it gathers
 * the few facts an event needs from the connection and hands the trace
 * the message values the handshake parsed, so the trace (trace*.c) reads
 * no connection state and parses nothing again.
 */
#include "tls/conn.h"
#include "tls/hooks_call.h"
#include "tls/msg_value.h"
#include "tls/resume.h"
#include "tls/trace.h"
#include "tls/version.h"

void lt_hs_trace_init(latch_conn *c)
{
    const latch_config *cfg = c->cfg;
    c->trace = (lt_trace){cfg->trace,  cfg->trace_arg, cfg->trace_secrets, c->role == LATCH_SERVER,
                          cfg->keylog, cfg->keylog_arg};
    lt_hook_trace_init(c);
}

/* Does this ServerHello resume a session? The server knows; the client
 * sees its own session ID echoed (RFC 5246 7.4.1.3, RFC 5077 3.4). */
static bool resumes(const latch_conn *c, uint8_t type, const lt_msg_value *value)
{
    if (type != LT_HS_SERVER_HELLO || value == NULL)
        return false;
    if (c->role == LATCH_SERVER)
        return c->neg.resumed;
    /* A TLS 1.3 server echoes the legacy_session_id in every hello. */
    return c->hs != NULL && !value->server_hello.ext.tls13.supported_versions.present &&
           lt_client_server_resumes(c, &value->server_hello);
}

/* TLS 1.3 gives the messages after the hellos other forms (msg13.h):
 * its own code parses those, and so does the trace. */
static bool other_form(const latch_conn *c, uint8_t type)
{
    return c->neg.version > LT_VERSION_TLS12 && type != LT_HS_CLIENT_HELLO &&
           type != LT_HS_SERVER_HELLO;
}

static void trace_message(latch_conn *c, bool outgoing, uint8_t type, const uint8_t *raw,
                          size_t len, const lt_msg_value *value, const char *parse_error)
{
    lt_trace_msg m = {outgoing, false, type, raw, len, value, parse_error, false, false, false};
    m.resumes = resumes(c, m.type, value);
    m.tls13 = c->neg.version == LT_VERSION_TLS13;
    m.app_keys = c->state == LT_ST_DONE;
    lt_trace_message(&c->trace, &m);
}

void lt_hs_trace_ccs(latch_conn *c, bool outgoing, const uint8_t *data, size_t len)
{
    if (!lt_tracing(&c->trace))
        return;
    lt_trace_msg m = {outgoing, true, 0, data, len, NULL, NULL, false, false, false};
    m.tls13 = c->neg.version == LT_VERSION_TLS13;
    lt_trace_message(&c->trace, &m);
}

void lt_hs_trace_received(latch_conn *c, const uint8_t *raw, size_t len)
{
    if (lt_tracing(&c->trace) && len >= LT_HS_HEADER_LEN)
        trace_message(c, false, raw[0], raw, len, NULL, NULL);
}

/* Before a suite is chosen no key-exchange message is expected; ECDHE is
 * only a harmless guess for decoding an unexpected one. */
static lt_msg_kex msg_kex(const latch_conn *c)
{
    return c->neg.suite == NULL ? LT_MSG_KEX_ECDHE : lt_suite_kex_kind(c->neg.suite);
}

void lt_hs_trace_sent(latch_conn *c, const uint8_t *raw, size_t len)
{
    lt_msg_value v;
    lt_error err;
    lt_error_clear(&err);
    if (len >= LT_HS_HEADER_LEN && other_form(c, raw[0])) {
        trace_message(c, true, raw[0], raw, len, NULL, NULL);
        return;
    }
    bool ok =
        len >= LT_HS_HEADER_LEN && lt_msg_value_parse(raw[0], raw + LT_HS_HEADER_LEN,
                                                      len - LT_HS_HEADER_LEN, msg_kex(c), &v, &err);
    trace_message(c, true, raw[0], raw, len, ok ? &v : NULL, ok ? NULL : err.message);
}

bool lt_hs_parse_message(latch_conn *c, const lt_hs_msg *msg, bool expected, lt_msg_value *v,
                         const lt_msg_value **out)
{
    *out = NULL;
    bool tracing = lt_tracing(&c->trace);
    if (other_form(c, (uint8_t)msg->type) || (!expected && !tracing)) {
        if (tracing)
            trace_message(c, false, (uint8_t)msg->type, msg->raw, msg->raw_len, NULL, NULL);
        return true;
    }
    lt_error unexpected;
    if (!expected)
        lt_error_clear(&unexpected);
    lt_error *err = expected ? &c->err : &unexpected;
    bool ok = lt_msg_value_parse((uint8_t)msg->type, msg->body, msg->len, msg_kex(c), v, err);
    if (tracing)
        trace_message(c, false, (uint8_t)msg->type, msg->raw, msg->raw_len, ok ? v : NULL,
                      ok ? NULL : err->message);
    if (ok)
        *out = v;
    return ok || !expected;
}

void lt_hs_trace_chain(latch_conn *c, const lt_path *path, const char *host)
{
    if (!lt_tracing(&c->trace))
        return;
    const lt_handshake *hs = c->hs;
    lt_trace_chain_facts f = {path,
                              latch_err_name(c->err.code),
                              c->err.message,
                              host,
                              hs != NULL && hs->cli.staple_len > 0,
                              c->cfg->crls.count,
                              path != NULL ? lt_config_now(c->cfg) : 0};
    lt_trace_chain(&c->trace, &f);
}

void lt_hs_trace_keylog(latch_conn *c)
{
    if (c->hs != NULL)
        lt_trace_keylog(&c->trace, c->hs->client_random, c->hs->master_secret);
}
