#include "trace_render_html_record.h"

#include <string.h>

#include "trace_render_html.h"

/* RFC 8446 5.2: a 5-byte header, a 16-byte tag for every TLS 1.3 suite,
 * a 12-byte nonce (5.3). Bytes shown are cut like TLS 1.2's. */
enum { HEADER_LEN = 5, TAG_LEN = 16, NONCE_LEN = 12, SEQ_LEN = 8, SHOWN = 256 };

static const char *type_name(unsigned type)
{
    switch (type) {
    case 20:
        return "change_cipher_spec";
    case 21:
        return "alert";
    case 22:
        return "handshake";
    case 23:
        return "application_data";
    default:
        return "unknown";
    }
}

static void span(FILE *out, unsigned colour, const char *title, const uint8_t *p, size_t n)
{
    size_t shown = n < SHOWN ? n : SHOWN;
    fprintf(out, "<span class=\"c%u\" title=\"", colour);
    html_text(out, title);
    fputs("\">", out);
    html_hex_bytes(out, p, shown);
    fprintf(out, "%s</span> ", shown < n ? " [...]" : "");
}

/* RFC 8446 5.3: the nonce is the write IV XOR the 64-bit sequence number,
 * left-padded with zeros to the IV's 12 bytes; the IV is found again
 * from the nonce the same way. */
static void nonce(FILE *out, const latch_trace_event *ev)
{
    uint8_t seq[NONCE_LEN] = {0}, iv[NONCE_LEN];
    for (size_t i = 0; i < SEQ_LEN; i++)
        seq[NONCE_LEN - 1 - i] = (uint8_t)(ev->sequence >> (8 * i));
    for (size_t i = 0; i < NONCE_LEN; i++)
        iv[i] = ev->nonce[i] ^ seq[i];
    fputs("<p>The nonce (RFC 8446 5.3): the write IV, made from the traffic secret by "
          "HKDF-Expand-Label(secret, \"iv\", \"\", 12), XOR the record's sequence number padded "
          "to 12 bytes. Never sent: both sides count records.</p>\n<pre class=\"nonce\">",
          out);
    fputs("write IV        <span class=\"secret\">", out);
    html_hex_bytes(out, iv, NONCE_LEN);
    fprintf(out, "</span>\nsequence %-7llu ", (unsigned long long)ev->sequence);
    html_hex_bytes(out, seq, NONCE_LEN);
    fputs("\nnonce (XOR)     <span class=\"secret\">", out);
    html_hex_bytes(out, ev->nonce, NONCE_LEN);
    fputs("</span></pre>\n", out);
}

/* RFC 8446 5.2: TLSInnerPlaintext = content, the real type, zeros. */
static void inner_plaintext(FILE *out, const latch_trace_event *ev, size_t inner_len)
{
    static const uint8_t zeros[SHOWN] = {0};
    unsigned type = (unsigned)ev->content_type;
    size_t padding = inner_len - ev->length - 1;
    char pad[128];
    if (padding == 0)
        snprintf(pad, sizeof pad, "no padding: the sender did not hide the content's length");
    else
        snprintf(pad, sizeof pad, "%zu zero byte%s of padding, which hide the content's length",
                 padding, padding == 1 ? "" : "s");
    fprintf(out,
            "<p>Decrypted: the TLSInnerPlaintext, %zu bytes: the content (%zu bytes), its real "
            "content type (%u, %s), and %s (RFC 8446 5.4).</p>\n<div class=\"hex pt\">",
            inner_len, ev->length, type, type_name(type), pad);
    span(out, 0, "content: what the record carries", ev->data, ev->length);
    char title[96];
    snprintf(title, sizeof title, "content type: %u (%s), the record's real type", type,
             type_name(type));
    uint8_t type_byte = (uint8_t)type;
    span(out, 1, title, &type_byte, 1);
    if (padding > 0)
        span(out, 7, "padding: zeros, which the receiver strips", zeros, padding);
    fputs("</div>\n", out);
}

void html_record13_protection(FILE *out, const latch_trace_event *ev)
{
    size_t frag_len = ev->wire_len - HEADER_LEN;
    if (ev->nonce == NULL || ev->nonce_len != NONCE_LEN || frag_len < TAG_LEN) {
        fprintf(out,
                "<p class=\"hidden\">Encrypted under a traffic secret of TLS 1.3: the outer type "
                "says application_data whatever the record holds (here %s). With "
                "--show-secrets this shows the ciphertext, the nonce (the write IV XOR the "
                "sequence number) and the decrypted TLSInnerPlaintext with its real type and "
                "padding: hidden here, since the IV comes from the traffic secret and the "
                "plaintext is what the encryption protects.</p>\n",
                type_name((unsigned)ev->content_type));
        return;
    }
    fprintf(out,
            "<p>The header is the AEAD's additional data (RFC 8446 5.2). The ciphertext, %zu "
            "bytes as on the wire: the encrypted TLSInnerPlaintext, then a %d-byte tag.</p>\n",
            frag_len, TAG_LEN);
    size_t shown = frag_len < SHOWN ? frag_len : SHOWN;
    fputs("<div class=\"hex ct\">", out);
    html_hex_bytes(out, ev->wire + HEADER_LEN, shown);
    fprintf(out, "%s</div>\n<p>Its last %d bytes, the tag: <code>",
            shown < frag_len ? " [...]" : "", TAG_LEN);
    html_hex_bytes(out, ev->wire + ev->wire_len - TAG_LEN, TAG_LEN);
    fputs("</code></p>\n", out);
    nonce(out, ev);
    size_t inner_len = frag_len - TAG_LEN;
    if (ev->data != NULL && inner_len > ev->length)
        inner_plaintext(out, ev, inner_len);
}
