/*
 * What the trace says about TLS 1.3 messages: their fields, and which
 * secret protects them (RFC 8446 2: everything after ServerHello is
 * encrypted).
 */
#include "tls/trace_describe13.h"

#include "crypto/sig.h"
#include "tls/msg13.h"

/* Which secret protects a message after ServerHello: its sender's
 * handshake traffic secret during the handshake, an application one
 * after it. */
static void note_protection(lt_trace_scratch *s, size_t *n, const lt_trace_msg *m)
{
    lt_trace_field(s, n, "encrypted_under", "%s",
                   m->app_keys ? "the sender's application traffic secret"
                               : "the sender's handshake traffic secret");
}

static void describe_finished(lt_trace_scratch *s, size_t *n, lt_span body)
{
    lt_trace_field_hex(s, n, "verify_data", body.data, body.len);
}

static void describe_ticket(lt_trace_scratch *s, size_t *n, lt_span body)
{
    lt_new_session_ticket13 t;
    lt_error err;
    lt_error_clear(&err);
    if (!lt_new_session_ticket13_parse(body.data, body.len, &t, &err)) {
        lt_trace_field(s, n, "parse_error", "%s", err.message);
        return;
    }
    lt_trace_field(s, n, "ticket_lifetime", "%u s", t.lifetime);
    lt_trace_field(s, n, "ticket", "%zu bytes", t.ticket.len);
}

bool lt_trace_describe13(const lt_trace_msg *m, lt_trace_scratch *s, size_t *n)
{
    if (m->type == LT_HS_CLIENT_HELLO || m->type == LT_HS_SERVER_HELLO || m->len < LT_HS_HEADER_LEN)
        return false;
    lt_span body = {m->raw + LT_HS_HEADER_LEN, m->len - LT_HS_HEADER_LEN};
    note_protection(s, n, m);
    switch (m->type) {
    case LT_HS_ENCRYPTED_EXTENSIONS:
        lt_trace_field(s, n, "note",
                       "the server's extensions that need no key exchange, now encrypted: an "
                       "eavesdropper no longer sees the ALPN choice");
        return true;
    case LT_HS_CERTIFICATE:
        lt_trace_field(s, n, "note", "the certificate chain travels encrypted in TLS 1.3");
        return false;
    case LT_HS_CERTIFICATE_REQUEST:
        lt_trace_field(s, n, "note", "the server asks for a client certificate");
        return true;
    case LT_HS_CERTIFICATE_VERIFY: {
        lt_certificate_verify cv;
        lt_error err;
        lt_error_clear(&err);
        if (lt_certificate_verify_parse(body.data, body.len, &cv, &err))
            lt_trace_field(s, n, "signature_scheme", "%s", lt_sig_scheme_name(cv.sig.scheme));
        lt_trace_field(s, n, "note",
                       "a signature over 64 spaces, \"TLS 1.3, server/client CertificateVerify\", "
                       "0 and the transcript hash (RFC 8446 4.4.3)");
        return true;
    }
    case LT_HS_FINISHED:
        describe_finished(s, n, body);
        lt_trace_field(s, n, "note",
                       "HMAC of the transcript hash under a key from this side's handshake "
                       "traffic secret (RFC 8446 4.4.4)");
        return true;
    case LT_HS_NEW_SESSION_TICKET:
        describe_ticket(s, n, body);
        return true;
    case LT_HS_KEY_UPDATE:
        if (body.len == 1)
            lt_trace_field(s, n, "request_update", "%u", body.data[0]);
        return true;
    default:
        return true;
    }
}
