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
static size_t split(const char *hex, html_field *f)
{
    uint8_t msg[128];
    size_t len = check_hex(hex, msg, sizeof msg);
    size_t n = html_message_fields(msg, len, 0, f);
    CHECK(covers(f, n, len));
    return n;
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

/* Every prefix, and 20000 corruptions (a fixed xorshift sequence). */
static void hostile_bytes(const char *hex)
{
    uint8_t good[128];
    uint8_t msg[128];
    size_t len = check_hex(hex, good, sizeof good);
    html_field f[HTML_FIELDS_MAX];
    for (size_t cut = 0; cut <= len; cut++)
        CHECK(covers(f, html_message_fields(good, cut, 0, f), cut));
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
        if (!covers(f, html_message_fields(msg, cut, 0, f), cut)) {
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
    hostile_bytes(client_hello_hex);
    hostile_bytes(certificate_hex);
    escaping();
    return check_finish("test_trace_html_bytes");
}
