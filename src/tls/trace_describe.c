/*
 * What a handshake message contains, as named text fields for a trace.
 * The handshake hands over the value it parsed (msg_value.h), so nothing
 * is parsed twice; this runs only when a trace callback is set. Besides the decoded contents, a
 * message may carry a "note" field: what a reader should know about this
 * message as it went over the wire (that a hello is in plain text, what
 * a signature covers). The library prints nothing; the fields are text.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto/kex.h"
#include "crypto/sig.h"
#include "tls/msg.h"
#include "tls/msg13.h"
#include "tls/msg_value.h"
#include "tls/suites.h"
#include "tls/suites13.h"
#include "tls/ticket.h"
#include "tls/trace.h"
#include "tls/trace_describe13.h"
#include "tls/trace_list.h"
#include "x509/cert.h"
#include "x509/name.h"

/* A field name made at run time ("cert[1].subject"), kept in the scratch
 * text next to the values; NULL when the scratch is full. */
static const char *scratch_name(lt_trace_scratch *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *scratch_name(lt_trace_scratch *s, const char *fmt, ...)
{
    size_t room = sizeof(s->text) - s->used;
    char *at = s->text + s->used;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(at, room, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= room)
        return NULL;
    s->used += (size_t)n + 1;
    return at;
}

static void field_named(lt_trace_scratch *s, size_t *n, const char *name, const char *value)
{
    if (name != NULL)
        lt_trace_field(s, n, name, "%s", value);
}

/* A field whose value is the peer's bytes, escaped. */
static void field_peer(lt_trace_scratch *s, size_t *n, const char *name, lt_span value)
{
    char text[LATCH_ESCAPED_MAX(LT_MAX_HOST_NAME)];
    lt_trace_field(s, n, name, "%s", latch_escape(text, sizeof(text), value.data, value.len));
}

static const char *version_name(uint16_t v)
{
    switch (v) {
    case 0x0303:
        return "TLS 1.2";
    case 0x0302:
        return "TLS 1.1";
    case 0x0301:
        return "TLS 1.0";
    case 0x0300:
        return "SSL 3.0";
    default:
        return "unknown";
    }
}

static const char *suite_name(uint16_t code)
{
    const lt_suite *s = lt_suite_by_code(code);
    if (s == NULL)
        s = lt_suite13_by_code(code);
    if (s != NULL)
        return s->iana_name;
    if (code == LT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV)
        return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
    if (code == LT_TLS_FALLBACK_SCSV)
        return "TLS_FALLBACK_SCSV";
    return NULL;
}

/* RFC 8701: 0x0a0a, 0x1a1a, ... 0xfafa are reserved so that peers learn
 * to ignore values they do not know. */
static bool is_grease(uint16_t v)
{
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

static void add_group(lt_text_list *l, uint16_t group)
{
    if (is_grease(group))
        lt_text_list_add(l, "GREASE (0x%04x)", group);
    else if (strcmp(lt_group_name(group), "unknown group") == 0)
        lt_text_list_add(l, "0x%04x", group);
    else
        lt_text_list_add(l, "%s", lt_group_name(group));
}

static void add_scheme(lt_text_list *l, uint16_t scheme)
{
    if (lt_sig_scheme_supported(scheme))
        lt_text_list_add(l, "%s", lt_sig_scheme_name(scheme));
    else
        lt_text_list_add(l, "0x%04x", scheme);
}

/* The suites kept, and how many the client listed when the hello's
 * bounded store dropped some (repeats, unknown values past its room). */
static void describe_suites(lt_trace_scratch *s, size_t *n, const uint16_t *codes, size_t count,
                            size_t listed)
{
    lt_text_list l;
    lt_text_list_init(&l);
    for (size_t i = 0; i < count; i++) {
        const char *name = suite_name(codes[i]);
        if (name != NULL)
            lt_text_list_add(&l, "%s", name);
        else if (is_grease(codes[i]))
            lt_text_list_add(&l, "GREASE (0x%04x)", codes[i]);
        else
            lt_text_list_add(&l, "0x%04x", codes[i]);
    }
    if (listed > count)
        lt_trace_field(s, n, "cipher_suites", "%zu listed, %zu kept: %s", listed, count, l.buf);
    else
        lt_trace_field(s, n, "cipher_suites", "%zu: %s", count, l.buf);
}

static void describe_session_id(lt_trace_scratch *s, size_t *n, const uint8_t *id, size_t len,
                                lt_ext_context ctx)
{
    if (len > 0)
        lt_trace_field_hex(s, n, "session_id", id, len);
    else if (ctx == LT_EXT_IN_CLIENT_HELLO)
        lt_trace_field(s, n, "session_id", "empty (no earlier session to resume)");
    else
        lt_trace_field(s, n, "session_id", "empty (the server will not cache this session)");
}

static const char *point_format_name(uint8_t f)
{
    switch (f) {
    case 0:
        return "uncompressed";
    case 1:
        return "ansiX962_compressed_prime";
    case 2:
        return "ansiX962_compressed_char2";
    default:
        return NULL;
    }
}

/* One field per extension, in the order they came. A ServerHello's
 * extension answers one the client offered, so the values say what the
 * server agreed to. */
static void describe_one_extension(lt_trace_scratch *s, size_t *n, const lt_extensions *ext,
                                   uint16_t type, lt_ext_context ctx)
{
    bool server = ctx == LT_EXT_IN_SERVER_HELLO;
    const char *name = lt_ext_type_name(type);
    lt_text_list l;
    lt_text_list_init(&l);
    switch (type) {
    case LT_EXT_SERVER_NAME:
        if (server)
            lt_trace_field(s, n, name, "acknowledged (the server used the name sent)");
        else if (ext->server_name.host_name.len == 0)
            lt_trace_field(s, n, name, "no host_name (only name types latch skips)");
        else
            field_peer(s, n, name, ext->server_name.host_name);
        return;
    case LT_EXT_MAX_FRAGMENT_LENGTH:
        lt_trace_field(s, n, name, "%u bytes", 1u << (8 + ext->max_fragment_length.value));
        return;
    case LT_EXT_STATUS_REQUEST:
        if (server)
            lt_trace_field(s, n, name, "the server will send a CertificateStatus (OCSP)");
        else if (ext->status_request.status_type == LT_STATUS_TYPE_OCSP)
            lt_trace_field(s, n, name,
                           "ocsp (responder ids: %zu bytes, request extensions: %zu bytes)",
                           ext->status_request.responder_id_list.len,
                           ext->status_request.request_extensions.len);
        else
            lt_trace_field(s, n, name, "status type %u", ext->status_request.status_type);
        return;
    case LT_EXT_SUPPORTED_GROUPS:
        for (size_t i = 0; i < ext->supported_groups.count; i++)
            add_group(&l, ext->supported_groups.groups[i]);
        break;
    case LT_EXT_EC_POINT_FORMATS:
        for (size_t i = 0; i < ext->ec_point_formats.formats.len; i++) {
            uint8_t f = ext->ec_point_formats.formats.data[i];
            const char *fname = point_format_name(f);
            if (fname != NULL)
                lt_text_list_add(&l, "%s", fname);
            else
                lt_text_list_add(&l, "%u", f);
        }
        break;
    case LT_EXT_SIGNATURE_ALGORITHMS:
        for (size_t i = 0; i < ext->signature_algorithms.count; i++)
            add_scheme(&l, ext->signature_algorithms.schemes[i]);
        break;
    case LT_EXT_ALPN:
        name = "alpn";
        for (size_t i = 0; i < ext->alpn.count; i++)
            lt_text_list_add_peer(&l, "", ext->alpn.protocols[i].data, ext->alpn.protocols[i].len);
        break;
    case LT_EXT_ENCRYPT_THEN_MAC:
        lt_trace_field(s, n, name,
                       server ? "accepted: CBC records are encrypted, then MACed (RFC 7366)"
                              : "offered: MAC over the ciphertext for CBC suites (RFC 7366)");
        return;
    case LT_EXT_EXTENDED_MASTER_SECRET:
        lt_trace_field(s, n, name,
                       server ? "accepted: the master secret will cover the whole handshake "
                                "(RFC 7627)"
                              : "offered: bind the master secret to the handshake (RFC 7627)");
        return;
    case LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP:
        name = "sct";
        if (server)
            lt_trace_field(s, n, name, "signed certificate timestamps: %zu bytes, not checked",
                           ext->tls13.signed_certificate_timestamp.list.len);
        else
            lt_trace_field(s, n, name,
                           "requested: signed certificate timestamps for Certificate "
                           "Transparency (RFC 6962)");
        return;
    case LT_EXT_RECORD_SIZE_LIMIT:
        lt_trace_field(s, n, name, "%u bytes of plaintext per record",
                       ext->record_size_limit.limit);
        return;
    case LT_EXT_SESSION_TICKET:
        if (server)
            lt_trace_field(s, n, name, "the server will send a NewSessionTicket");
        else if (ext->session_ticket.ticket.len == 0)
            lt_trace_field(s, n, name, "empty (no ticket yet; the client would take one)");
        else
            lt_trace_field(s, n, name, "a %zu-byte ticket to resume a session",
                           ext->session_ticket.ticket.len);
        return;
    case LT_EXT_RENEGOTIATION_INFO:
        if (ext->renegotiation_info.renegotiated_connection.len == 0)
            lt_trace_field(s, n, name,
                           "empty: a first handshake, secure renegotiation "
                           "understood (RFC 5746)");
        else
            lt_trace_field_hex(s, n, name, ext->renegotiation_info.renegotiated_connection.data,
                               ext->renegotiation_info.renegotiated_connection.len);
        return;
    default:
        for (size_t i = 0; i < ext->unknown_count; i++) {
            if (ext->unknown[i].type != type)
                continue;
            const char *fname = scratch_name(s, "extension_0x%04x", type);
            char value[96];
            snprintf(value, sizeof(value), "%s%zu bytes, not known to latch",
                     is_grease(type) ? "GREASE, " : "", ext->unknown[i].data.len);
            field_named(s, n, fname, value);
        }
        return;
    }
    lt_trace_field(s, n, name, "%s", l.buf);
}

static void describe_extensions(lt_trace_scratch *s, size_t *n, const lt_extensions *ext,
                                lt_ext_context ctx)
{
    if (ext->count == 0)
        lt_trace_field(s, n, "extensions", "none");
    for (size_t i = 0; i < ext->count; i++)
        describe_one_extension(s, n, ext, ext->types[i], ctx);
}

static void describe_client_hello(lt_trace_scratch *s, size_t *n, const lt_client_hello *ch)
{
    lt_trace_field(s, n, "version", "%s (0x%04x)", version_name(ch->version), ch->version);
    lt_trace_field_hex(s, n, "random", ch->random, sizeof(ch->random));
    describe_session_id(s, n, ch->session_id, ch->session_id_len, LT_EXT_IN_CLIENT_HELLO);
    describe_suites(s, n, ch->cipher_suites, ch->cipher_suites_count, ch->cipher_suites_listed);
    lt_text_list l;
    lt_text_list_init(&l);
    for (size_t i = 0; i < ch->compression_methods.len; i++) {
        uint8_t m = ch->compression_methods.data[i];
        if (m == 0)
            lt_text_list_add(&l, "null");
        else
            lt_text_list_add(&l, "%u", m);
    }
    lt_trace_field(s, n, "compression_methods", "%s", l.buf);
    describe_extensions(s, n, &ch->ext, LT_EXT_IN_CLIENT_HELLO);
    lt_trace_field(s, n, "note",
                   "sent in plain text: everything here, the SNI included, is visible on the "
                   "wire");
}

static void describe_server_hello(lt_trace_scratch *s, size_t *n, const lt_server_hello *sh,
                                  bool resumes)
{
    lt_trace_field(s, n, "version", "%s (0x%04x)", version_name(sh->version), sh->version);
    lt_trace_field_hex(s, n, "random", sh->random, sizeof(sh->random));
    describe_session_id(s, n, sh->session_id, sh->session_id_len, LT_EXT_IN_SERVER_HELLO);
    if (resumes)
        lt_trace_field(s, n, "resumption",
                       "the session ID echoes the client's: the server resumes the session. An "
                       "abbreviated handshake follows (RFC 5246 7.3): no Certificate and no key "
                       "exchange, since both sides already hold the master secret; the server "
                       "sends ChangeCipherSpec and Finished at once, and the client finishes "
                       "second");
    const char *name = suite_name(sh->cipher_suite);
    lt_trace_field(s, n, "cipher_suite", "%s (0x%04x)", name ? name : "unknown", sh->cipher_suite);
    lt_trace_field(s, n, "compression_method", "null");
    describe_extensions(s, n, &sh->ext, LT_EXT_IN_SERVER_HELLO);
    if (sh->ext.tls13.supported_versions.present)
        lt_trace_field(s, n, "tls13",
                       lt_random_is_hrr(sh->random)
                           ? "a HelloRetryRequest (RFC 8446 4.1.4): the server asks for another "
                             "ClientHello with a key share for the group it names"
                           : "supported_versions chooses TLS 1.3 (RFC 8446 4.2.1): from here on "
                             "every handshake message is encrypted under a handshake traffic "
                             "secret");
    lt_trace_field(s, n, "note", "still plain text: the server's choices are visible on the wire");
}

/* RFC 5077 3.3, 4: the ticket is opaque to the client; latch's own are
 * key_name | nonce | AES-256-GCM(session state) | tag. */
static void describe_ticket(lt_trace_scratch *s, size_t *n, bool server,
                            const lt_new_session_ticket *nst)
{
    lt_trace_field(s, n, "lifetime_hint", "%u seconds", nst->lifetime_hint);
    if (nst->ticket.len == 0) {
        lt_trace_field(s, n, "ticket", "empty: the server chose not to issue one after all");
        return;
    }
    lt_trace_field(s, n, "ticket", "%zu bytes", nst->ticket.len);
    if (server && nst->ticket.len >= LT_TICKET_OVERHEAD) {
        lt_trace_field_hex(s, n, "key_name", nst->ticket.data, LT_TICKET_KEY_NAME_LEN);
        lt_trace_field(s, n, "sealed_state",
                       "%zu bytes: protocol version, cipher suite, extended master secret, "
                       "master secret, creation time and server name, AES-256-GCM encrypted "
                       "under the ticket key with a 12-byte nonce and a 16-byte tag",
                       nst->ticket.len - LT_TICKET_OVERHEAD);
    }
    lt_trace_field(s, n, "note",
                   "the server keeps nothing: the client stores this ticket, opaque to it, with "
                   "the master secret, and offers it in a later ClientHello to resume "
                   "(RFC 5077)");
}

static void utc_date(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, cap, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
        snprintf(out, cap, "%lld (Unix seconds)", (long long)t);
}

static void describe_names(const lt_cert *cert, lt_text_list *l)
{
    for (size_t i = 0; i < cert->san.count; i++) {
        const lt_general_name *g = &cert->san.items[i];
        const uint8_t *v = g->value.data;
        char ip[INET6_ADDRSTRLEN];
        if (g->kind == LT_GN_DNS)
            lt_text_list_add_peer(l, "DNS:", v, g->value.len);
        else if ((g->value.len == 4 || g->value.len == 16) &&
                 inet_ntop(g->value.len == 4 ? AF_INET : AF_INET6, v, ip, sizeof(ip)) != NULL)
            lt_text_list_add(l, "IP:%s", ip);
    }
    if (cert->san.other > 0)
        lt_text_list_add(l, "%zu of other kinds", cert->san.other);
}

/* Each certificate as the peer sent it: who it names, who signed it,
 * when it is valid, its key. Whether the chain is trusted is the
 * validator's to say (LATCH_TRACE_CERTIFICATE events). */
static void describe_certificate(lt_trace_scratch *s, size_t *n, const lt_span *certs, size_t count)
{
    lt_trace_field(s, n, "certificates", "%zu", count);
    for (size_t i = 0; i < count; i++) {
        lt_cert cert;
        lt_error err;
        lt_error_clear(&err);
        if (!lt_cert_parse(&cert, certs[i].data, certs[i].len, &err)) {
            field_named(s, n, scratch_name(s, "cert[%zu]", i), err.message);
            continue;
        }
        char text[1024];
        lt_name_format(&cert.subject, text, sizeof(text));
        field_named(s, n, scratch_name(s, "cert[%zu].subject", i), text);
        lt_name_format(&cert.issuer, text, sizeof(text));
        field_named(s, n, scratch_name(s, "cert[%zu].issuer", i), text);
        char from[48];
        char until[48];
        utc_date(cert.not_before, from, sizeof(from));
        utc_date(cert.not_after, until, sizeof(until));
        snprintf(text, sizeof(text), "%s to %s", from, until);
        field_named(s, n, scratch_name(s, "cert[%zu].validity", i), text);
        snprintf(text, sizeof(text), "%s, %u bits", lt_key_type_name(cert.key_type), cert.key_bits);
        field_named(s, n, scratch_name(s, "cert[%zu].key", i), text);
        field_named(s, n, scratch_name(s, "cert[%zu].signature", i),
                    lt_x509_sig_alg_name(cert.sig_alg));
        lt_text_list l;
        lt_text_list_init(&l);
        describe_names(&cert, &l);
        if (l.items > 0)
            field_named(s, n, scratch_name(s, "cert[%zu].names", i), l.buf);
        if (cert.ca) {
            if (cert.path_len >= 0)
                snprintf(text, sizeof(text), "yes, at most %d intermediates below it",
                         cert.path_len);
            else
                snprintf(text, sizeof(text), "yes");
            field_named(s, n, scratch_name(s, "cert[%zu].ca", i), text);
        }
        lt_cert_free(&cert);
    }
    if (count == 0)
        lt_trace_field(s, n, "note",
                       "empty: the client has no certificate that fits the server's "
                       "CertificateRequest, and the server decides whether to go on "
                       "(RFC 5246 7.4.6)");
    else
        lt_trace_field(s, n, "note",
                       "the sender's own certificate comes first, then the ones that sign it; "
                       "in TLS 1.2 all of this is visible on the wire");
}

/* TLS 1.3 CertificateEntry extensions (RFC 8446 4.4.2.1). */
static void describe_entry_extensions(lt_trace_scratch *s, size_t *n, const lt_certificate13 *c)
{
    for (size_t i = 0; i < c->count; i++) {
        char text[96];
        if (c->ocsp[i].len > 0) {
            snprintf(text, sizeof(text), "a stapled OCSP response, %zu bytes", c->ocsp[i].len);
            field_named(s, n, scratch_name(s, "cert[%zu].ocsp", i), text);
        }
        if (c->sct[i].len > 0) {
            snprintf(text, sizeof(text), "signed certificate timestamps: %zu bytes, not checked",
                     c->sct[i].len);
            field_named(s, n, scratch_name(s, "cert[%zu].sct", i), text);
        }
    }
}

static void describe_server_key_exchange(lt_trace_scratch *s, size_t *n,
                                         const lt_server_key_exchange *ske)
{
    if (ske->kind == LT_MSG_KEX_ECDHE) {
        lt_trace_field(s, n, "curve_type", "named_curve");
        lt_trace_field(s, n, "group", "%s", lt_group_name(ske->group));
        lt_trace_field_hex(s, n, "public_key", ske->point.data, ske->point.len);
    } else {
        lt_trace_field(s, n, "dh_p", "%zu bits", ske->dh_p.len * 8);
        lt_trace_field_hex(s, n, "dh_g", ske->dh_g.data, ske->dh_g.len);
        lt_trace_field_hex(s, n, "public_key", ske->dh_ys.data, ske->dh_ys.len);
    }
    lt_trace_field(s, n, "signature_scheme", "%s", lt_sig_scheme_name(ske->sig.scheme));
    lt_trace_field(s, n, "signature", "%zu bytes", ske->sig.signature.len);
    lt_trace_field(s, n, "note",
                   "signed with the certificate's key over client_random + server_random + "
                   "these params: a key share swapped in transit fails the check");
}

static void describe_certificate_request(lt_trace_scratch *s, size_t *n,
                                         const lt_certificate_request *cr)
{
    lt_text_list l;
    lt_text_list_init(&l);
    for (size_t i = 0; i < cr->cert_types_count; i++) {
        switch (cr->cert_types[i]) {
        case LT_CERT_TYPE_RSA_SIGN:
            lt_text_list_add(&l, "rsa_sign");
            break;
        case LT_CERT_TYPE_DSS_SIGN:
            lt_text_list_add(&l, "dss_sign");
            break;
        case LT_CERT_TYPE_ECDSA_SIGN:
            lt_text_list_add(&l, "ecdsa_sign");
            break;
        default:
            lt_text_list_add(&l, "%u", cr->cert_types[i]);
            break;
        }
    }
    lt_trace_field(s, n, "certificate_types", "%s", l.buf);
    lt_text_list_init(&l);
    for (size_t i = 0; i < cr->sig_schemes_count; i++)
        add_scheme(&l, cr->sig_schemes[i]);
    lt_trace_field(s, n, "signature_algorithms", "%s", l.buf);
    lt_text_list_init(&l);
    for (size_t i = 0; i < cr->ca_names_count; i++) {
        lt_reader r = lt_reader_make(cr->ca_names[i].data, cr->ca_names[i].len);
        lt_name name;
        lt_error err;
        lt_error_clear(&err);
        char text[512];
        if (lt_name_read(&r, &name, "certificate_authorities", &err) && lt_reader_done(&r))
            lt_name_format(&name, text, sizeof(text));
        else
            snprintf(text, sizeof(text), "(a name that does not parse)");
        lt_text_list_add(&l, "%s", text);
    }
    lt_trace_field(s, n, "certificate_authorities", "%s",
                   cr->ca_names_count > 0 ? l.buf : "any (none named)");
    lt_trace_field(s, n, "note",
                   "the server asks the client to prove who it is too: the client answers with "
                   "its Certificate (or an empty one) and, after ClientKeyExchange, a "
                   "CertificateVerify signed with that certificate's key (RFC 5246 7.4.4)");
}

static void describe_client_key_exchange(lt_trace_scratch *s, size_t *n,
                                         const lt_client_key_exchange *cke)
{
    if (cke->kind == LT_MSG_KEX_RSA) {
        lt_trace_field_hex(s, n, "encrypted_pre_master", cke->exchange.data, cke->exchange.len);
        lt_trace_field(s, n, "note",
                       "the pre-master secret, encrypted to the RSA key in the server's "
                       "certificate: only the holder of its private key can read it");
        return;
    }
    lt_trace_field_hex(s, n, "public_key", cke->exchange.data, cke->exchange.len);
    lt_trace_field(s, n, "note",
                   "the client's key share: with the server's, each side computes the same "
                   "pre-master secret, which never crosses the wire");
}

/* The fields of a parsed message, by its type. */
static void describe_value(lt_trace_scratch *s, size_t *n, const lt_trace *t, const lt_trace_msg *m)
{
    const lt_msg_value *v = m->value;
    switch (m->type) {
    case LT_HS_CLIENT_HELLO:
        describe_client_hello(s, n, &v->client_hello);
        break;
    case LT_HS_SERVER_HELLO:
        describe_server_hello(s, n, &v->server_hello, m->resumes);
        break;
    case LT_HS_CERTIFICATE:
        describe_certificate(s, n, v->certificate.certs, v->certificate.count);
        break;
    case LT_HS_CERTIFICATE_STATUS:
        lt_trace_field(s, n, "status_type", "ocsp (%u)", v->certificate_status.status_type);
        lt_trace_field(s, n, "response_length", "%zu", v->certificate_status.response.len);
        break;
    case LT_HS_SERVER_KEY_EXCHANGE:
        describe_server_key_exchange(s, n, &v->server_key_exchange);
        break;
    case LT_HS_CERTIFICATE_REQUEST:
        describe_certificate_request(s, n, &v->certificate_request);
        break;
    case LT_HS_CERTIFICATE_VERIFY:
        lt_trace_field(s, n, "signature_scheme", "%s",
                       lt_sig_scheme_name(v->certificate_verify.sig.scheme));
        lt_trace_field(s, n, "signature", "%zu bytes", v->certificate_verify.sig.signature.len);
        lt_trace_field(s, n, "note",
                       "signed with the client certificate's key over every handshake message "
                       "before this one: it proves the client holds that key, which the "
                       "certificate alone does not (RFC 5246 7.4.8)");
        break;
    case LT_HS_CLIENT_KEY_EXCHANGE:
        describe_client_key_exchange(s, n, &v->client_key_exchange);
        break;
    case LT_HS_NEW_SESSION_TICKET:
        describe_ticket(s, n, t->server, &v->new_session_ticket);
        break;
    case LT_HS_FINISHED:
        lt_trace_field_hex(s, n, "verify_data", v->finished.verify_data,
                           sizeof(v->finished.verify_data));
        lt_trace_field(s, n, "note",
                       "the first message under the new keys: its record is encrypted, and "
                       "verify_data covers every handshake message before it");
        break;
    default:
        break;
    }
}

size_t lt_trace_describe_message(const lt_trace *t, const lt_trace_msg *m, lt_trace_scratch *s)
{
    size_t n = 0;
    if (m->ccs) {
        if (m->len == 1)
            lt_trace_field(s, &n, "value", "0x%02x", m->raw[0]);
        if (m->tls13) {
            lt_trace_field(s, &n, "middlebox_compatibility",
                           "a dummy ChangeCipherSpec (RFC 8446 D.4) that switches nothing: it "
                           "only makes the handshake look like TLS 1.2 to middleboxes");
            return n;
        }
        lt_trace_field(s, &n, "note",
                       "one byte in a record of its own: from here on, this side's records are "
                       "encrypted with the new keys");
        return n;
    }
    if (m->tls13 && lt_trace_describe13(m, s, &n))
        return n;
    /* TLS 1.3's Certificate adds a request context and extensions per
     * entry; its list is described as TLS 1.2's. */
    lt_certificate13 cert13;
    lt_error err;
    lt_error_clear(&err);
    if (m->tls13 && m->type == LT_HS_CERTIFICATE && m->len >= LT_HS_HEADER_LEN) {
        if (lt_certificate13_parse(m->raw + LT_HS_HEADER_LEN, m->len - LT_HS_HEADER_LEN, &cert13,
                                   &err)) {
            describe_certificate(s, &n, cert13.certs, cert13.count);
            describe_entry_extensions(s, &n, &cert13);
        } else
            lt_trace_field(s, &n, "parse_error", "%s", err.message);
        return n;
    }
    /* Neither has contents to show or a parse error worth one. */
    if (m->type == LT_HS_HELLO_REQUEST)
        lt_trace_field(s, &n, "note", "the server asks for a new handshake; latch refuses");
    else if (m->value != NULL)
        describe_value(s, &n, t, m);
    else if (m->parse_error != NULL && m->type != LT_HS_SERVER_HELLO_DONE)
        lt_trace_field(s, &n, "parse_error", "%s", m->parse_error);
    return n;
}
