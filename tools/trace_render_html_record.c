#include "trace_render_html_record.h"

#include "trace_render_html.h"

/* Ciphertext and plaintext are cut here: a page stays small, and a
 * reader follows one record's first bytes. */
enum { RECORD_BYTES_SHOWN = 256, HEADER_LEN = 5 };

void html_hex_bytes(FILE *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, i == 0 ? "%02x" : " %02x", p[i]);
}

static void span(FILE *out, unsigned colour, const char *title, const uint8_t *p, size_t n)
{
    fprintf(out, "<span class=\"c%u\" title=\"", colour);
    html_text(out, title);
    fputs("\">", out);
    html_hex_bytes(out, p, n);
    fputs("</span> ", out);
}

/* RFC 5246 6.2.1: type(1) version(2) length(2), always in the clear. A
 * protected TLS 1.3 record's type is application_data whatever it holds
 * (RFC 8446 5.2). */
static void header(FILE *out, const latch_trace_event *ev, bool tls13)
{
    const uint8_t *h = ev->wire;
    char title[160];
    fprintf(out, "<p>Record %llu <small>(sequence number; %zu bytes on the wire)</small></p>\n",
            (unsigned long long)ev->sequence, ev->wire_len);
    fputs("<div class=\"hex rec\">", out);
    if (tls13)
        snprintf(title, sizeof title,
                 "opaque_type: %u (application_data), as on every protected TLS 1.3 record; "
                 "the real type is inside",
                 h[0]);
    else
        snprintf(title, sizeof title, "content type: %u (%s)", h[0], ev->name);
    span(out, 0, title, h, 1);
    snprintf(title, sizeof title, "legacy record version: 0x%02x%02x", h[1], h[2]);
    span(out, 1, title, h + 1, 2);
    snprintf(title, sizeof title, "length: %zu bytes of fragment follow",
             ev->wire_len - HEADER_LEN);
    span(out, 2, title, h + 3, 2);
    fputs("</div>\n", out);
}

static void cut_hex(FILE *out, const char *class, const uint8_t *p, size_t n)
{
    size_t shown = n < RECORD_BYTES_SHOWN ? n : RECORD_BYTES_SHOWN;
    fprintf(out, "<div class=\"%s\">", class);
    html_hex_bytes(out, p, shown);
    fprintf(out, "%s</div>\n", shown < n ? " [...]" : "");
}

/* The fragment as sent, the nonce it was sealed with, and what it
 * decrypts to. */
static void protection(FILE *out, const latch_trace_event *ev)
{
    if (ev->nonce == NULL) {
        fputs("<p class=\"hidden\">The fragment is encrypted. With --show-secrets this shows "
              "its ciphertext, the nonce built from the IV and the sequence number, and the "
              "decrypted bytes: hidden here, since the plaintext is what the encryption "
              "protects and the IV comes from the key block.</p>\n",
              out);
        return;
    }
    fprintf(out, "<p>ciphertext, %zu bytes as on the wire:</p>\n", ev->wire_len - HEADER_LEN);
    cut_hex(out, "hex ct", ev->wire + HEADER_LEN, ev->wire_len - HEADER_LEN);
    fputs("<p>nonce (the write IV with the sequence or explicit number; for CBC the record's "
          "IV): <span class=\"secret\">",
          out);
    html_hex_bytes(out, ev->nonce, ev->nonce_len);
    fprintf(out, "</span></p>\n<p>plaintext, %zu bytes:</p>\n", ev->length);
    if (ev->data != NULL)
        cut_hex(out, "hex pt", ev->data, ev->length);
}

void html_record_block(FILE *out, const latch_trace_event *ev, int sender, bool tls13)
{
    if (ev->wire == NULL || ev->wire_len < HEADER_LEN)
        return;
    fprintf(out, "<div class=\"record\" data-sender=\"%s\">\n",
            sender == LATCH_CLIENT ? "client" : "server");
    bool protected13 = tls13 && ev->protected_record && ev->wire[0] == 23;
    header(out, ev, protected13);
    if (protected13)
        html_record13_protection(out, ev);
    else if (ev->protected_record)
        protection(out, ev);
    fputs("</div>\n", out);
}
