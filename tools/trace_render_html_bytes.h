/*
 * The fields of a handshake message's bytes, for the HTML page: where
 * each field starts, how long it is, its name and one line saying what
 * it is. Only the framing is parsed (lengths, vectors, extensions), never
 * trusted: a length that runs past the end stops the walk, and the rest
 * is one field, "rest".
 */
#ifndef LATCH_TOOLS_TRACE_RENDER_HTML_BYTES_H
#define LATCH_TOOLS_TRACE_RENDER_HTML_BYTES_H

#include <stddef.h>
#include <stdint.h>

typedef struct html_field {
    size_t offset;
    size_t len;
    const char *name; /* a static string */
    const char *why;  /* a static string */
    int depth;        /* 0: a field of the message; 1: inside an extension or certificate list */
    unsigned ext;     /* for depth 1: the extension type or certificate number */
} html_field;

enum { HTML_FIELDS_MAX = 160 };

/* What the bytes are: a handshake message of TLS 1.2 or of TLS 1.3
 * (whose Certificate, CertificateRequest and NewSessionTicket differ from
 * TLS 1.2's under the same type numbers), or a ChangeCipherSpec's byte. */
enum html_form { HTML_TLS12, HTML_CCS, HTML_TLS13 };

/* Splits the message (handshake header included; or the one byte of a
 * ChangeCipherSpec) into fields in order, covering every byte; returns
 * how many. */
size_t html_message_fields(const uint8_t *msg, size_t len, enum html_form form, html_field *out);

/* An extension type's IANA name (RFC 8446 4.2 and the others), for the
 * folded extension's title. */
const char *html_extension_name(unsigned type);

#endif
