/*
 * The `html` trace format: one self-contained page (inline CSS, a little
 * plain JavaScript, an inline SVG sequence diagram drawn here) with a
 * card per message, its bytes in hex coloured field by field, the key
 * schedule, the certificate checks, alerts and failures, and a summary.
 *
 * The page needs the whole connection before its top (summary, diagram)
 * can be written, so it is kept in memory and written at the end. Every
 * string that reaches the page is escaped: peer text is never markup.
 */
#ifndef LATCH_TOOLS_TRACE_RENDER_HTML_H
#define LATCH_TOOLS_TRACE_RENDER_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include "latch.h"

typedef struct html_page html_page;

/* What the generic renderer knows about an event. */
struct html_event_ctx {
    int sender;          /* LATCH_CLIENT or LATCH_SERVER */
    bool encrypted;      /* it crossed the wire encrypted */
    unsigned round_trip; /* 0 outside the handshake's flights */
    double ms;           /* since the connection's first event */
    const char *label;   /* what application data from this sender is */
    const char *reason;  /* why a message is there, or NULL */
    bool tls13;          /* a TLS 1.3 handshake: its ServerHello or after it */
    bool hello_retry;    /* the message is a HelloRetryRequest */
};

html_page *html_page_new(latch_role role);
void html_page_free(html_page *p);
void html_page_event(html_page *p, const latch_trace_event *ev, const struct html_event_ctx *ctx);
/* The summary of a completed handshake; kex says how the keys were made. */
void html_page_summary(html_page *p, const latch_conn *conn, const char *kex, unsigned round_trips,
                       double done_ms);
/* Closes the current connection's section; the next event opens one. */
void html_page_end_connection(html_page *p);
/* Writes the whole page; false when out of memory or on a write error. */
bool html_page_write(html_page *p, FILE *out);

/* Text for HTML: printable ASCII with & < > " ' as entities; any other
 * byte as \xNN, so nothing a peer sends becomes markup or a control. */
void html_text(FILE *out, const char *s);
void html_bytes_text(FILE *out, const uint8_t *p, size_t n);

#endif
