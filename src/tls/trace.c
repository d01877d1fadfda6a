#include "tls/trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "crypto/sig.h"
#include "tls/keysched.h"
#include "tls/msg.h"
#include "x509/name.h"
#include "x509/verify.h"

static void emit(const lt_trace *t, latch_trace_event *ev)
{
    t->fn(ev, t->arg);
}

static latch_trace_event event(latch_trace_kind kind, const char *name)
{
    latch_trace_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.kind = kind;
    ev.name = name;
    ev.handshake_type = -1;
    ev.content_type = -1;
    return ev;
}

void lt_trace_state(const lt_trace *t, const char *state_name)
{
    if (!lt_tracing(t))
        return;
    latch_trace_event ev = event(LATCH_TRACE_STATE, state_name);
    emit(t, &ev);
}

static const char *content_type_title(uint8_t type)
{
    switch (type) {
    case 20:
        return "ChangeCipherSpec";
    case 21:
        return "Alert";
    case 22:
        return "Handshake";
    case 23:
        return "ApplicationData";
    default:
        return "unknown";
    }
}

void lt_trace_record(const lt_trace *t, bool outgoing, uint8_t type, const uint8_t *fragment,
                     size_t len, bool protected_record, const lt_trace_wire *wire)
{
    if (!lt_tracing(t))
        return;
    latch_trace_event ev = event(LATCH_TRACE_RECORD, content_type_title(type));
    ev.outgoing = outgoing;
    ev.content_type = type;
    ev.protected_record = protected_record;
    ev.length = len;
    ev.data = fragment;
    ev.wire = wire->bytes;
    ev.wire_len = wire->bytes != NULL ? wire->len : 0;
    ev.sequence = wire->sequence;
    if (t->secrets && protected_record && wire->nonce != NULL) {
        ev.nonce = wire->nonce;
        ev.nonce_len = wire->nonce_len;
    }
    emit(t, &ev);
}

void lt_trace_message(const lt_trace *t, const lt_trace_msg *m)
{
    if (!lt_tracing(t))
        return;
    latch_trace_event ev =
        event(LATCH_TRACE_MESSAGE, m->ccs ? "ChangeCipherSpec" : lt_hs_type_title(m->type));
    ev.outgoing = m->outgoing;
    ev.handshake_type = m->ccs ? -1 : m->type;
    ev.length = m->len;
    ev.data = m->raw;
    lt_trace_scratch s;
    s.used = 0;
    ev.field_count = lt_trace_describe_message(t, m, &s);
    ev.fields = s.fields;
    emit(t, &ev);
}

void lt_trace_keys(const lt_trace *t, const char *name, const char *detail, const uint8_t *secret,
                   size_t secret_len, const lt_trace_scratch *fields, size_t field_count)
{
    if (!lt_tracing(t))
        return;
    latch_trace_event ev = event(LATCH_TRACE_KEYS, name);
    ev.detail = detail;
    if (fields != NULL) {
        ev.fields = fields->fields;
        ev.field_count = field_count;
    }
    if (t->secrets) {
        ev.secret = secret;
        ev.secret_len = secret_len;
    }
    ev.length = secret_len;
    emit(t, &ev);
}

/* Both build their fields only when someone listens: formatting them is
 * a measurable part of a resumed handshake. */
void lt_trace_key_block(const lt_trace *t, const lt_key_block *kb)
{
    if (!lt_tracing(t))
        return;
    lt_trace_scratch s;
    s.used = 0;
    size_t n = 0;
    lt_trace_field(&s, &n, "client_write_MAC_key", "%zu bytes", kb->client.mac_key_len);
    lt_trace_field(&s, &n, "server_write_MAC_key", "%zu bytes", kb->server.mac_key_len);
    lt_trace_field(&s, &n, "client_write_key", "%zu bytes", kb->client.key_len);
    lt_trace_field(&s, &n, "server_write_key", "%zu bytes", kb->server.key_len);
    lt_trace_field(&s, &n, "client_write_IV", "%zu bytes", kb->client.iv_len);
    lt_trace_field(&s, &n, "server_write_IV", "%zu bytes", kb->server.iv_len);
    /* RFC 5246 6.3: the block is the six keys in this order; its bytes
     * are shown, like every secret, only when the trace asks for them. */
    const uint8_t *const parts[] = {kb->client.mac_key, kb->server.mac_key, kb->client.key,
                                    kb->server.key,     kb->client.iv,      kb->server.iv};
    const size_t lens[] = {kb->client.mac_key_len, kb->server.mac_key_len, kb->client.key_len,
                           kb->server.key_len,     kb->client.iv_len,      kb->server.iv_len};
    uint8_t block[2 * (LT_HASH_MAX_LEN + LT_AEAD_MAX_KEY_LEN + LT_AEAD_NONCE_LEN)];
    size_t total = 0;
    for (size_t i = 0; i < 6; i++) {
        memcpy(block + total, parts[i], lens[i]);
        total += lens[i];
    }
    lt_trace_keys(t, "key_block",
                  "PRF(master_secret, \"key expansion\", server_random + client_random) "
                  "(RFC 5246 6.3)",
                  block, total, &s, n);
    lt_wipe(block, sizeof(block));
}

void lt_trace_finished_check(const lt_trace *t, const uint8_t *expected, const uint8_t *received)
{
    if (!lt_tracing(t))
        return;
    lt_trace_scratch s;
    s.used = 0;
    size_t n = 0;
    lt_trace_field_hex(&s, &n, "expected", expected, LT_VERIFY_DATA_LEN);
    lt_trace_field_hex(&s, &n, "received", received, LT_VERIFY_DATA_LEN);
    lt_trace_keys(t, "finished_check",
                  "PRF(master_secret, finished_label, Hash(handshake_messages)) (RFC 5246 7.4.9)",
                  NULL, 0, &s, n);
}

void lt_trace_session(const lt_trace *t, const char *fmt, ...)
{
    if (!lt_tracing(t))
        return;
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    latch_trace_event ev = event(LATCH_TRACE_KEYS, "session");
    ev.detail = detail;
    emit(t, &ev);
}

void lt_trace_signature(const lt_trace *t, uint16_t scheme, bool verified)
{
    if (!lt_tracing(t))
        return;
    latch_trace_event ev = event(LATCH_TRACE_SIGNATURE, lt_sig_scheme_name(scheme));
    if (!verified)
        ev.detail = "the signature does not verify";
    else if (t->server)
        ev.detail = "the CertificateVerify signature over the handshake messages so far verifies "
                    "with the client certificate's key";
    else
        ev.detail = "the signature over client_random + server_random + params verifies with the "
                    "server certificate's key";
    emit(t, &ev);
}

void lt_trace_chain(const lt_trace *t, const lt_trace_chain_facts *f)
{
    const lt_path *path = f->path;
    if (!lt_tracing(t))
        return;
    latch_trace_event ev = event(LATCH_TRACE_CERTIFICATE, "chain");
    lt_trace_scratch s;
    s.used = 0;
    size_t n = 0;
    if (path == NULL) {
        ev.detail = f->error_message;
        lt_trace_field(&s, &n, "result", "invalid: %s", f->error_name);
    } else {
        ev.detail = t->server ? "the client's chain is valid"
                              : "the server's chain is valid: the client may answer";
        char subject[256];
        char when[40];
        int64_t now = f->now;
        time_t when_t = (time_t)now;
        struct tm tm;
        if (gmtime_r(&when_t, &tm) == NULL ||
            strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
            snprintf(when, sizeof(when), "%lld", (long long)now);
        if (path->len > 1)
            lt_trace_field(&s, &n, "signatures",
                           "the %zu certificate%s below the trust anchor %s signed by the next "
                           "one up",
                           path->len - 1, path->len == 2 ? "" : "s", path->len == 2 ? "is" : "are");
        else
            lt_trace_field(&s, &n, "signatures",
                           "none to check: the certificate is a trust anchor");
        lt_trace_field(&s, &n, "validity", "every certificate is valid at %s", when);
        if (f->host != NULL)
            lt_trace_field(&s, &n, "domain", "the server's certificate covers %s", f->host);
        else
            lt_trace_field(&s, &n, "domain",
                           "not checked: a client certificate is not for a name, and its "
                           "extendedKeyUsage, if any, allows clientAuth");
        bool stapled = f->stapled;
        size_t crls = f->crls;
        if (stapled && crls > 0)
            lt_trace_field(&s, &n, "revocation",
                           "the stapled OCSP response says the server's certificate is good, and "
                           "none is revoked by the %zu CRLs loaded",
                           crls);
        else if (stapled)
            lt_trace_field(&s, &n, "revocation",
                           "the stapled OCSP response says the server's certificate is good");
        else if (crls > 0)
            lt_trace_field(&s, &n, "revocation", "no certificate is revoked by the %zu CRLs loaded",
                           crls);
        else
            lt_trace_field(&s, &n, "revocation",
                           "not checked: no CRL is loaded and no OCSP response was stapled");
        lt_name_format(&path->certs[path->len - 1]->subject, subject, sizeof(subject));
        lt_trace_field(&s, &n, "trust", "the path ends at the trust anchor %s", subject);
    }
    ev.fields = s.fields;
    ev.field_count = n;
    emit(t, &ev);
}

void lt_trace_alert(const lt_trace *t, bool outgoing, uint8_t level, uint8_t description)
{
    if (!lt_tracing(t))
        return;
    latch_trace_event ev = event(LATCH_TRACE_ALERT, latch_alert_name(description));
    ev.outgoing = outgoing;
    ev.detail = level == 2 ? "fatal" : "warning";
    emit(t, &ev);
}

void lt_trace_error(const lt_trace *t, latch_err code, const char *message)
{
    if (!lt_tracing(t))
        return;
    latch_trace_event ev = event(LATCH_TRACE_ERROR, latch_err_name(code));
    ev.detail = message;
    emit(t, &ev);
}

void lt_trace_keylog(const lt_trace *t, const uint8_t *client_random, const uint8_t *master_secret)
{
    if (t->keylog == NULL)
        return;
    /* NSS key log format: CLIENT_RANDOM <64 hex> <96 hex>. */
    static const char label[] = "CLIENT_RANDOM ";
    char line[sizeof(label) - 1 + 2 * LT_RANDOM_LEN + 1 + 2 * LT_MASTER_SECRET_LEN + 1];
    char *at = line;
    memcpy(at, label, sizeof(label) - 1);
    at += sizeof(label) - 1;
    lt_trace_put_hex(at, client_random, LT_RANDOM_LEN);
    at += 2 * LT_RANDOM_LEN;
    *at++ = ' ';
    lt_trace_put_hex(at, master_secret, LT_MASTER_SECRET_LEN);
    at[2 * LT_MASTER_SECRET_LEN] = '\0';
    t->keylog(line, t->keylog_arg);
    lt_wipe(line, sizeof(line));
}
