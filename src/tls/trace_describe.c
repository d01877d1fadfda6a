/*
 * What a handshake message contains, as named text fields for a trace.
 * The message is parsed again here with the same strict parsers; this
 * runs only when a trace callback is set.
 */
#include <string.h>

#include <stdio.h>

#include "crypto/kex.h"
#include "crypto/sig.h"
#include "tls/conn.h"
#include "tls/msg.h"
#include "tls/suites.h"
#include "tls/trace.h"

static const char *suite_name(uint16_t code)
{
    const lt_suite *s = lt_suite_by_code(code);
    if (s != NULL)
        return s->iana_name;
    if (code == LT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV)
        return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
    if (code == LT_TLS_FALLBACK_SCSV)
        return "TLS_FALLBACK_SCSV";
    return NULL;
}

static void describe_suites(lt_trace_scratch *s, size_t *n, const uint16_t *codes, size_t count)
{
    char list[4096];
    size_t at = 0;
    list[0] = '\0';
    for (size_t i = 0; i < count && at < sizeof(list) - 64; i++) {
        const char *name = suite_name(codes[i]);
        int w = name != NULL
                    ? snprintf(list + at, sizeof(list) - at, "%s%s", i ? ", " : "", name)
                    : snprintf(list + at, sizeof(list) - at, "%s0x%04x", i ? ", " : "", codes[i]);
        if (w > 0)
            at += (size_t)w;
    }
    lt_trace_field(s, n, "cipher_suites", "%zu: %s", count, list);
}

static void describe_extensions(lt_trace_scratch *s, size_t *n, const lt_extensions *ext)
{
    char list[1024];
    size_t at = 0;
    list[0] = '\0';
    for (size_t i = 0; i < ext->count && at < sizeof(list) - 48; i++) {
        int w = snprintf(list + at, sizeof(list) - at, "%s%s", i ? ", " : "",
                         lt_ext_type_name(ext->types[i]));
        if (w > 0)
            at += (size_t)w;
    }
    lt_trace_field(s, n, "extensions", "%s", ext->count ? list : "none");
    if (ext->server_name.present && ext->server_name.host_name.len > 0)
        lt_trace_field(s, n, "server_name", "%.*s", (int)ext->server_name.host_name.len,
                       (const char *)ext->server_name.host_name.data);
    if (ext->supported_groups.present) {
        char groups[512];
        size_t g = 0;
        groups[0] = '\0';
        for (size_t i = 0; i < ext->supported_groups.count && g < sizeof(groups) - 32; i++) {
            int w = snprintf(groups + g, sizeof(groups) - g, "%s%s", i ? ", " : "",
                             lt_group_name(ext->supported_groups.groups[i]));
            if (w > 0)
                g += (size_t)w;
        }
        lt_trace_field(s, n, "supported_groups", "%s", groups);
    }
    if (ext->signature_algorithms.present) {
        char schemes[1024];
        size_t g = 0;
        schemes[0] = '\0';
        for (size_t i = 0; i < ext->signature_algorithms.count && g < sizeof(schemes) - 40; i++) {
            int w = snprintf(schemes + g, sizeof(schemes) - g, "%s%s", i ? ", " : "",
                             lt_sig_scheme_name(ext->signature_algorithms.schemes[i]));
            if (w > 0)
                g += (size_t)w;
        }
        lt_trace_field(s, n, "signature_algorithms", "%s", schemes);
    }
    if (ext->alpn.present) {
        char protos[512];
        size_t g = 0;
        protos[0] = '\0';
        for (size_t i = 0; i < ext->alpn.count && g < sizeof(protos) - 260; i++) {
            int w = snprintf(protos + g, sizeof(protos) - g, "%s%.*s", i ? ", " : "",
                             (int)ext->alpn.protocols[i].len,
                             (const char *)ext->alpn.protocols[i].data);
            if (w > 0)
                g += (size_t)w;
        }
        lt_trace_field(s, n, "alpn", "%s", protos);
    }
    if (ext->extended_master_secret.present)
        lt_trace_field(s, n, "extended_master_secret", "offered");
}

static lt_msg_kex msg_kex(const latch_conn *c)
{
    if (c->neg.suite == NULL)
        return LT_MSG_KEX_ECDHE;
    switch (c->neg.suite->kx) {
    case LT_KX_RSA:
        return LT_MSG_KEX_RSA;
    case LT_KX_DHE:
        return LT_MSG_KEX_DHE;
    default:
        return LT_MSG_KEX_ECDHE;
    }
}

size_t lt_trace_describe_message(const latch_conn *c, int type, const uint8_t *raw, size_t len,
                                 lt_trace_scratch *s)
{
    size_t n = 0;
    uint8_t t;
    lt_span body;
    lt_error err;
    lt_error_clear(&err);
    if (type == LT_MSG_CHANGE_CIPHER_SPEC || !lt_hs_split(raw, len, &t, &body, &err))
        return 0;
    switch (type) {
    case LT_HS_CLIENT_HELLO: {
        lt_client_hello ch;
        if (!lt_client_hello_parse(body.data, body.len, &ch, &err))
            break;
        lt_trace_field(s, &n, "version", "0x%04x", ch.version);
        lt_trace_field_hex(s, &n, "random", ch.random, sizeof(ch.random));
        lt_trace_field_hex(s, &n, "session_id", ch.session_id, ch.session_id_len);
        describe_suites(s, &n, ch.cipher_suites, ch.cipher_suites_count);
        describe_extensions(s, &n, &ch.ext);
        break;
    }
    case LT_HS_SERVER_HELLO: {
        lt_server_hello sh;
        if (!lt_server_hello_parse(body.data, body.len, &sh, &err))
            break;
        lt_trace_field(s, &n, "version", "0x%04x", sh.version);
        lt_trace_field_hex(s, &n, "random", sh.random, sizeof(sh.random));
        lt_trace_field_hex(s, &n, "session_id", sh.session_id, sh.session_id_len);
        const char *name = suite_name(sh.cipher_suite);
        lt_trace_field(s, &n, "cipher_suite", "%s (0x%04x)", name ? name : "unknown",
                       sh.cipher_suite);
        describe_extensions(s, &n, &sh.ext);
        break;
    }
    case LT_HS_CERTIFICATE: {
        lt_certificate chain;
        if (!lt_certificate_parse(body.data, body.len, &chain, &err))
            break;
        lt_trace_field(s, &n, "certificates", "%zu", chain.count);
        break;
    }
    case LT_HS_CERTIFICATE_STATUS: {
        lt_certificate_status cs;
        if (!lt_certificate_status_parse(body.data, body.len, &cs, &err))
            break;
        lt_trace_field(s, &n, "status_type", "ocsp (%u)", cs.status_type);
        lt_trace_field(s, &n, "response_length", "%zu", cs.response.len);
        break;
    }
    case LT_HS_SERVER_KEY_EXCHANGE: {
        lt_server_key_exchange ske;
        if (!lt_server_key_exchange_parse(body.data, body.len, msg_kex(c), &ske, &err))
            break;
        if (ske.kind == LT_MSG_KEX_ECDHE) {
            lt_trace_field(s, &n, "group", "%s", lt_group_name(ske.group));
            lt_trace_field_hex(s, &n, "public_key", ske.point.data, ske.point.len);
        } else {
            lt_trace_field(s, &n, "dh_p_bits", "%zu", ske.dh_p.len * 8);
            lt_trace_field_hex(s, &n, "public_key", ske.dh_ys.data, ske.dh_ys.len);
        }
        lt_trace_field(s, &n, "signature_scheme", "%s", lt_sig_scheme_name(ske.sig.scheme));
        lt_trace_field(s, &n, "signature_length", "%zu", ske.sig.signature.len);
        break;
    }
    case LT_HS_CLIENT_KEY_EXCHANGE: {
        lt_client_key_exchange cke;
        if (!lt_client_key_exchange_parse(body.data, body.len, msg_kex(c), &cke, &err))
            break;
        lt_trace_field_hex(s, &n,
                           cke.kind == LT_MSG_KEX_RSA ? "encrypted_pre_master" : "public_key",
                           cke.exchange.data, cke.exchange.len);
        break;
    }
    case LT_HS_FINISHED: {
        lt_finished fin;
        if (lt_finished_parse(body.data, body.len, &fin, &err))
            lt_trace_field_hex(s, &n, "verify_data", fin.verify_data, sizeof(fin.verify_data));
        break;
    }
    default:
        break;
    }
    return n;
}
