#include "trace_render_html_bytes.h"

#include <stdbool.h>

/* A walk over the message: each take() names the next n bytes. */
struct walk {
    const uint8_t *p;
    size_t len;
    size_t at;
    html_field *out;
    size_t count;
    bool stopped;
};

static bool take(struct walk *w, size_t n, const char *name, const char *why, int depth,
                 unsigned ext)
{
    if (w->stopped || n > w->len - w->at || w->count >= HTML_FIELDS_MAX - 1) {
        w->stopped = true;
        return false;
    }
    if (n == 0)
        return true;
    w->out[w->count++] = (html_field){w->at, n, name, why, depth, ext};
    w->at += n;
    return true;
}

static size_t peek(const struct walk *w, size_t n)
{
    if (w->stopped || n > w->len - w->at)
        return (size_t)-1;
    size_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | w->p[w->at + i];
    return v;
}

/* A vector: its length prefix of n bytes, then its contents. */
static bool vector(struct walk *w, size_t n, const char *name, const char *why)
{
    size_t body = peek(w, n);
    if (body == (size_t)-1)
        return take(w, n, "length", "", 0, 0);
    return take(w, n, "length", "How many bytes the next field takes.", 0, 0) &&
           take(w, body, name, why, 0, 0);
}

static void extensions(struct walk *w)
{
    if (w->at == w->len)
        return; /* RFC 5246 7.4.1.2: a hello may end before its extensions */
    size_t total = peek(w, 2);
    if (!take(w, 2, "extensions length", "How many bytes all the extensions take.", 0, 0))
        return;
    size_t end = w->at + total;
    while (!w->stopped && w->at < end) {
        unsigned type = (unsigned)peek(w, 2);
        take(w, 2, "extension type", "Which extension this is (IANA TLS ExtensionType).", 1, type);
        size_t n = peek(w, 2);
        take(w, 2, "extension length", "How many bytes this extension's data takes.", 1, type);
        if (n != (size_t)-1)
            take(w, n, "extension data", "The extension's contents.", 1, type);
    }
}

/* RFC 8446 4.1.3: a HelloRetryRequest is a ServerHello whose random is
 * SHA-256("HelloRetryRequest"). */
static const uint8_t hrr_random[32] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

static bool is_hrr_random(const struct walk *w)
{
    if (w->stopped || w->len - w->at < sizeof hrr_random)
        return false;
    for (size_t i = 0; i < sizeof hrr_random; i++)
        if (w->p[w->at + i] != hrr_random[i])
            return false;
    return true;
}

static void hello(struct walk *w, bool client, bool tls13)
{
    if (client)
        take(w, 2, "client_version",
             "The highest version the client speaks up to TLS 1.2 (0x0303); a TLS 1.3 client "
             "says 0x0303 too and lists its versions in supported_versions (RFC 8446 4.1.2).",
             0, 0);
    else
        take(w, 2, tls13 ? "legacy_version" : "server_version",
             tls13 ? "Always 0x0303 in TLS 1.3: the version chosen is in supported_versions."
                   : "The version the server chose.",
             0, 0);
    if (!client && is_hrr_random(w))
        take(w, 32, "random",
             "Not random: SHA-256(\"HelloRetryRequest\"), which makes this ServerHello a "
             "HelloRetryRequest (RFC 8446 4.1.3).",
             0, 0);
    else
        take(w, 32, "random",
             "32 fresh random bytes: they go into every key, so no two connections share keys.", 0,
             0);
    vector(w, 1, "session_id",
           tls13    ? "legacy_session_id: echoed from the ClientHello for middlebox compatibility "
                      "(RFC 8446 D.4); TLS 1.3 resumes with pre_shared_key instead."
           : client ? "A session to resume, or empty; with TLS 1.3 offered, 32 random bytes for "
                      "middlebox compatibility (RFC 8446 D.4)."
                    : "The session's identifier, or empty.");
    if (client) {
        vector(w, 2, "cipher_suites", "The cipher suites the client can use, best first.");
        vector(w, 1, "compression_methods", "Only null (0): compression leaks secrets (CRIME).");
    } else {
        take(w, 2, "cipher_suite", "The one cipher suite the server chose.", 0, 0);
        take(w, 1, "compression_method", "null (0): no compression.", 0, 0);
    }
    extensions(w);
}

/* RFC 8422 5.4 for ECDHE (curve_type 3: named_curve); else DHE's p, g
 * and Ys (RFC 5246 7.4.3). Both end with the signature. */
static void server_key_exchange(struct walk *w)
{
    if (peek(w, 1) == 3) {
        take(w, 1, "curve_type", "named_curve (3): a group by its number.", 0, 0);
        take(w, 2, "named_curve", "The group of the ephemeral key.", 0, 0);
        vector(w, 1, "public", "The server's ephemeral public key.");
    } else {
        vector(w, 2, "dh_p", "The prime of the server's Diffie-Hellman group.");
        vector(w, 2, "dh_g", "The generator.");
        vector(w, 2, "dh_Ys", "The server's ephemeral public value.");
    }
    if (w->at == w->len)
        return; /* anonymous suites have no signature (latch offers none) */
    take(w, 2, "signature_algorithm", "The hash and signature algorithm (SignatureScheme).", 0, 0);
    vector(w, 2, "signature",
           "Over client_random + server_random + the parameters, with the certificate's key.");
}

static void client_key_exchange(struct walk *w)
{
    size_t body = w->len - w->at;
    if (peek(w, 1) + 1 == body)
        vector(w, 1, "public", "The client's ephemeral ECDH public key.");
    else
        vector(w, 2, "exchange_keys",
               "The pre-master secret encrypted to the server's RSA key, or the client's DH "
               "public value.");
}

/* TLS 1.2's list of certificates; TLS 1.3's has a request context first
 * and each certificate's own extensions (an OCSP staple, an SCT) after it
 * (RFC 8446 4.4.2). */
static void certificates(struct walk *w, bool tls13)
{
    if (tls13)
        vector(w, 1, "certificate_request_context",
               "Empty for a server; a client echoes the CertificateRequest's context.");
    if (!take(w, 3, "certificate_list length", "How many bytes all the certificates take.", 0, 0))
        return;
    unsigned i = 0;
    while (!w->stopped && w->at < w->len) {
        size_t n = peek(w, 3);
        take(w, 3, "certificate length", "How many bytes this certificate takes.", 1, i);
        if (n != (size_t)-1)
            take(w, n, tls13 ? "cert_data (DER)" : "certificate (DER)",
                 "One X.509 certificate: the sender's own first, then who signed it.", 1, i);
        if (tls13) {
            n = peek(w, 2);
            take(w, 2, "entry extensions length",
                 "This certificate's extensions: an OCSP staple or SCTs, or none.", 1, i);
            if (n != (size_t)-1)
                take(w, n, "entry extensions", "The extensions of this entry.", 1, i);
        }
        i++;
    }
}

static void new_session_ticket13(struct walk *w)
{
    take(w, 4, "ticket_lifetime", "Seconds the ticket may be used, at most 7 days.", 0, 0);
    take(w, 4, "ticket_age_add",
         "A random number the client adds to the ticket's age, so that an eavesdropper cannot "
         "link the resumption to this connection (RFC 8446 4.6.1).",
         0, 0);
    vector(w, 1, "ticket_nonce", "Makes each ticket's PSK different, from one resumption secret.");
    vector(w, 2, "ticket", "The session, sealed under a key only the server has.");
    extensions(w);
}

static void split12(struct walk *w, uint8_t type)
{
    switch (type) {
    case 1:
    case 2:
        hello(w, type == 1, false);
        break;
    case 11:
        certificates(w, false);
        break;
    case 12:
        server_key_exchange(w);
        break;
    case 15:
        take(w, 2, "signature_algorithm", "The hash and signature algorithm (SignatureScheme).", 0,
             0);
        vector(w, 2, "signature",
               "Over every handshake message so far, with the client certificate's key (RFC "
               "5246 7.4.8).");
        break;
    case 16:
        client_key_exchange(w);
        break;
    case 20:
        take(w, w->len - w->at, "verify_data",
             "PRF(master_secret, finished_label, Hash(handshake_messages)).", 0, 0);
        break;
    case 4:
        take(w, 4, "ticket_lifetime_hint", "Seconds the ticket may be kept.", 0, 0);
        vector(w, 2, "ticket", "The session, encrypted with a key only the server has.");
        break;
    default:
        break;
    }
}

static void split13(struct walk *w, uint8_t type)
{
    switch (type) {
    case 1:
    case 2:
        hello(w, type == 1, type == 2);
        break;
    case 8:
        extensions(w);
        break;
    case 11:
        certificates(w, true);
        break;
    case 13:
        vector(w, 1, "certificate_request_context", "Echoed in the client's Certificate.");
        extensions(w);
        break;
    case 15:
        take(w, 2, "algorithm", "The signature scheme (RSA-PSS, ECDSA or EdDSA).", 0, 0);
        vector(w, 2, "signature",
               "Over 64 spaces, a context string, 0 and the transcript hash, with the "
               "certificate's key (RFC 8446 4.4.3).");
        break;
    case 20:
        take(w, w->len - w->at, "verify_data",
             "HMAC(finished_key, Transcript-Hash(handshake messages)) (RFC 8446 4.4.4).", 0, 0);
        break;
    case 4:
        new_session_ticket13(w);
        break;
    case 24:
        take(w, 1, "request_update",
             "1: the peer must update its sending key too; 0: it need not (RFC 8446 4.6.3).", 0, 0);
        break;
    default:
        break;
    }
}

size_t html_message_fields(const uint8_t *msg, size_t len, enum html_form form, html_field *out)
{
    struct walk w = {.p = msg, .len = len, .out = out};
    if (form == HTML_CCS) {
        take(&w, 1, "change_cipher_spec",
             "Always 1. In TLS 1.2 the next records use the new keys; TLS 1.3's is a dummy that "
             "changes nothing.",
             0, 0);
    } else if (take(&w, 1, "msg_type", "The handshake message type.", 0, 0) &&
               take(&w, 3, "length", "How many bytes the message body takes.", 0, 0)) {
        if (form == HTML_TLS13)
            split13(&w, msg[0]);
        else
            split12(&w, msg[0]);
    }
    if (w.at < len)
        out[w.count++] = (html_field){w.at, len - w.at, "rest", "Bytes not split further.", 0, 0};
    return w.count;
}

const char *html_extension_name(unsigned type)
{
    static const struct {
        unsigned type;
        const char *name;
    } names[] = {
        {0, "server_name"},
        {1, "max_fragment_length"},
        {5, "status_request"},
        {10, "supported_groups"},
        {11, "ec_point_formats"},
        {13, "signature_algorithms"},
        {16, "application_layer_protocol_negotiation"},
        {18, "signed_certificate_timestamp"},
        {22, "encrypt_then_mac"},
        {23, "extended_master_secret"},
        {28, "record_size_limit"},
        {35, "session_ticket"},
        {41, "pre_shared_key"},
        {42, "early_data"},
        {43, "supported_versions"},
        {44, "cookie"},
        {45, "psk_key_exchange_modes"},
        {47, "certificate_authorities"},
        {50, "signature_algorithms_cert"},
        {51, "key_share"},
        {65281, "renegotiation_info"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].type == type)
            return names[i].name;
    return "unknown to this page";
}
