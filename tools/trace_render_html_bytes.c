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

static void hello(struct walk *w, bool client)
{
    take(w, 2, client ? "client_version" : "server_version",
         client ? "The highest version the client speaks (0x0303 is TLS 1.2)."
                : "The version the server chose.",
         0, 0);
    take(w, 32, "random",
         "32 fresh random bytes: they go into every key, so no two connections share keys.", 0, 0);
    vector(w, 1, "session_id",
           client ? "A session to resume, or empty." : "The session's identifier, or empty.");
    if (client) {
        vector(w, 2, "cipher_suites", "The cipher suites the client can use, best first.");
        vector(w, 1, "compression_methods", "Only null (0): compression leaks secrets (CRIME).");
    } else {
        take(w, 2, "cipher_suite", "The one cipher suite the server chose.", 0, 0);
        take(w, 1, "compression_method", "null (0): no compression.", 0, 0);
    }
    extensions(w);
}

static void certificates(struct walk *w)
{
    if (!take(w, 3, "certificate_list length", "How many bytes all the certificates take.", 0, 0))
        return;
    unsigned i = 0;
    while (!w->stopped && w->at < w->len) {
        size_t n = peek(w, 3);
        take(w, 3, "certificate length", "How many bytes this certificate takes.", 1, i);
        if (n != (size_t)-1)
            take(w, n, "certificate (DER)",
                 "One X.509 certificate: the leaf first, then who signed it.", 1, i);
        i++;
    }
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

size_t html_message_fields(const uint8_t *msg, size_t len, int ccs, html_field *out)
{
    struct walk w = {.p = msg, .len = len, .out = out};
    if (ccs) {
        take(&w, 1, "change_cipher_spec", "Always 1: the next records use the new keys.", 0, 0);
    } else if (take(&w, 1, "msg_type", "The handshake message type.", 0, 0) &&
               take(&w, 3, "length", "How many bytes the message body takes.", 0, 0)) {
        switch (msg[0]) {
        case 1:
            hello(&w, true);
            break;
        case 2:
            hello(&w, false);
            break;
        case 11:
            certificates(&w);
            break;
        case 12:
            server_key_exchange(&w);
            break;
        case 16:
            client_key_exchange(&w);
            break;
        case 20:
            take(&w, len - w.at, "verify_data",
                 "PRF(master_secret, finished_label, Hash(handshake_messages)).", 0, 0);
            break;
        case 4:
            take(&w, 4, "ticket_lifetime_hint", "Seconds the ticket may be kept.", 0, 0);
            vector(&w, 2, "ticket", "The session, encrypted with a key only the server has.");
            break;
        default:
            break;
        }
    }
    if (w.at < len)
        out[w.count++] = (html_field){w.at, len - w.at, "rest", "Bytes not split further.", 0, 0};
    return w.count;
}
