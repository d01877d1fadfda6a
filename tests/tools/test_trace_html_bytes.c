/*
 * The HTML page's field split of message bytes (tools/trace_render_html_
 * bytes.c) and its escaping: a known ClientHello and Certificate split
 * where RFC 5246 7.4 puts their fields, and every truncation and many
 * corruptions of them still split into fields that cover each byte once,
 * in order, within bounds (under ASan in `make test-asan`).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "trace_render_html.h"
#include "trace_render_html_bytes.h"

static const char client_hello_hex[] =
    "01000035"                                                         /* type, length */
    "0303"                                                             /* client_version */
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" /* random */
    "00"                                                               /* session_id */
    "0002c02b"                                                         /* cipher_suites */
    "0100"                                                             /* compression */
    "0008"                                                             /* extensions */
    "000a00040002001d";                                                /* supported_groups */

static const char certificate_hex[] = "0b00000e"
                                      "00000b"
                                      "000003aabbcc"
                                      "000002ddee";

/* RFC 8446 4.4.2: an empty context, then one entry of a 3-byte
 * certificate with a 4-byte extension block. */
static const char certificate13_hex[] = "0b000010"
                                        "00"
                                        "00000c"
                                        "000003aabbcc"
                                        "0004"
                                        "00050000";

/* RFC 8446 4.6.1: lifetime, age_add, a 1-byte nonce, a 2-byte ticket, no
 * extensions. */
static const char ticket13_hex[] = "04000010"
                                   "00001c20"
                                   "01020304"
                                   "0100"
                                   "0002eeff"
                                   "0000";

/* Fields cover [0, len) in order, none empty, within the cap. */
static bool covers(const html_field *f, size_t n, size_t len)
{
    if (n > HTML_FIELDS_MAX || (len > 0 && n == 0))
        return false;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        if (f[i].offset != at || f[i].len == 0 || f[i].len > len - at)
            return false;
        at += f[i].len;
    }
    return at == len;
}

/* Splits the message in hex into f, checking the cover; the count. */
static size_t split_as(const char *hex, enum html_form form, html_field *f)
{
    uint8_t msg[128];
    size_t len = check_hex(hex, msg, sizeof msg);
    size_t n = html_message_fields(msg, len, form, f);
    CHECK(covers(f, n, len));
    return n;
}

static size_t split(const char *hex, html_field *f)
{
    return split_as(hex, HTML_TLS12, f);
}

static void known_client_hello(void)
{
    html_field f[HTML_FIELDS_MAX];
    size_t n = split(client_hello_hex, f);
    /* An empty session_id is its length byte alone. */
    static const char *const names[] = {
        "msg_type",
        "length",
        "client_version",
        "random",
        "length",
        "length",
        "cipher_suites",
        "length",
        "compression_methods",
        "extensions length",
        "extension type",
        "extension length",
        "extension data",
    };
    CHECK(n == sizeof names / sizeof names[0]);
    for (size_t i = 0; i < n && i < sizeof names / sizeof names[0]; i++)
        CHECK(strcmp(f[i].name, names[i]) == 0);
    CHECK(f[3].offset == 6 && f[3].len == 32);
    CHECK(f[5].offset == 39 && f[5].len == 2);
    CHECK(f[10].depth == 1 && f[10].ext == 10 && f[12].len == 4);
}

static void known_certificate(void)
{
    html_field f[HTML_FIELDS_MAX];
    size_t n = split(certificate_hex, f);
    CHECK(n == 7);
    CHECK(f[4].depth == 1 && f[4].ext == 0 && f[4].len == 3);
    CHECK(f[6].depth == 1 && f[6].ext == 1 && f[6].len == 2);
}

/* The same type number, TLS 1.3's form: a context, then entries with
 * extensions of their own (RFC 8446 4.4.2). */
static void known_certificate13(void)
{
    html_field f[HTML_FIELDS_MAX];
    size_t n = split_as(certificate13_hex, HTML_TLS13, f);
    static const char *const names[] = {"msg_type",
                                        "length",
                                        "length",
                                        "certificate_list length",
                                        "certificate length",
                                        "cert_data (DER)",
                                        "entry extensions length",
                                        "entry extensions"};
    CHECK(n == sizeof names / sizeof names[0]);
    for (size_t i = 0; i < n && i < sizeof names / sizeof names[0]; i++)
        CHECK(strcmp(f[i].name, names[i]) == 0);
    CHECK(f[5].len == 3 && f[5].depth == 1 && f[7].len == 4 && f[7].ext == 0);
    /* Read as TLS 1.2's, the same bytes do not split this way. */
    CHECK(split_as(certificate13_hex, HTML_TLS12, f) != n ||
          strcmp(f[5].name, "cert_data (DER)") != 0);
}

static void known_ticket13(void)
{
    html_field f[HTML_FIELDS_MAX];
    size_t n = split_as(ticket13_hex, HTML_TLS13, f);
    CHECK(n == 9);
    CHECK(strcmp(f[3].name, "ticket_age_add") == 0 && f[3].len == 4);
    CHECK(strcmp(f[5].name, "ticket_nonce") == 0 && f[5].len == 1);
    CHECK(strcmp(f[7].name, "ticket") == 0 && f[7].len == 2);
    CHECK(strcmp(f[8].name, "extensions length") == 0 && f[8].offset == 18);
}

/* KeyUpdate's one byte, and EncryptedExtensions' list (RFC 8446 4.6.3,
 * 4.3.1). */
static void known_small13(void)
{
    html_field f[HTML_FIELDS_MAX];
    CHECK(split_as("1800000101", HTML_TLS13, f) == 3 && strcmp(f[2].name, "request_update") == 0);
    size_t n = split_as("08000006000400000000", HTML_TLS13, f);
    CHECK(n == 5 && strcmp(f[2].name, "extensions length") == 0 && f[3].depth == 1 &&
          f[3].ext == 0 && f[4].len == 2);
}

/* Every prefix, and 20000 corruptions (a fixed xorshift sequence). */
static void hostile_bytes(const char *hex, enum html_form form)
{
    uint8_t good[128];
    uint8_t msg[128];
    size_t len = check_hex(hex, good, sizeof good);
    html_field f[HTML_FIELDS_MAX];
    for (size_t cut = 0; cut <= len; cut++)
        CHECK(covers(f, html_message_fields(good, cut, form, f), cut));
    uint32_t x = 2463534242u;
    for (int round = 0; round < 20000; round++) {
        memcpy(msg, good, len);
        for (int k = 0; k < 3; k++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            msg[x % len] = (uint8_t)(x >> 8);
        }
        size_t cut = (x >> 16) % (len + 1);
        if (!covers(f, html_message_fields(msg, cut, form, f), cut)) {
            CHECK(false);
            return;
        }
    }
}

static void escaping(void)
{
    char buf[256];
    FILE *out = fmemopen(buf, sizeof buf, "w");
    CHECK(out != NULL);
    if (out == NULL)
        return;
    html_text(out, "<script>\"q'&\x01\x7f\xc3\xa9");
    fputc('\0', out);
    fclose(out);
    CHECK(strcmp(buf, "&lt;script&gt;&quot;q&#39;&amp;\\x01\\x7f\\xc3\\xa9") == 0);
}

int main(void)
{
    known_client_hello();
    known_certificate();
    known_certificate13();
    known_ticket13();
    known_small13();
    hostile_bytes(client_hello_hex, HTML_TLS12);
    hostile_bytes(certificate_hex, HTML_TLS12);
    hostile_bytes(client_hello_hex, HTML_TLS13);
    hostile_bytes(certificate13_hex, HTML_TLS13);
    hostile_bytes(ticket13_hex, HTML_TLS13);
    escaping();
    return check_finish("test_trace_html_bytes");
}
