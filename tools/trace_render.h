/*
 * Rendering trace events for people and programs: `text` (each message
 * with its fields and why it is there, on a timeline), `json` (one object
 * per event per line; the schema is in the README), `mermaid` (a
 * sequenceDiagram of what really went over the wire) and `html` (a page
 * of the connection byte by byte: trace_render_html.h).
 *
 * A renderer follows one connection, seen from one side (role). It
 * timestamps events as they arrive with CLOCK_MONOTONIC, counts the round
 * trips by the direction changes of the handshake flights, and writes to
 * its FILE as it goes; text is coloured only when that FILE is a terminal
 * (and NO_COLOR is not set).
 */
#ifndef LATCH_TOOLS_TRACE_RENDER_H
#define LATCH_TOOLS_TRACE_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "latch.h"

typedef enum trace_format {
    TRACE_TEXT,
    TRACE_JSON,
    TRACE_MERMAID,
    TRACE_HTML, /* one self-contained page, written when the renderer is freed */
} trace_format;

/* "text", "json", "mermaid" or "html"; false for anything else. */
bool trace_format_parse(const char *name, trace_format *out);

typedef struct trace_render trace_render;

/*
 * A renderer writing to out. role is the side whose events these are.
 * connection numbers the connection in JSON output and, when it is not 0,
 * prefixes text lines with "#N" (for a server with many connections).
 * Returns NULL when out of memory.
 */
trace_render *trace_render_new(FILE *out, trace_format format, latch_role role,
                               unsigned connection);
void trace_render_free(trace_render *r);
/* Starts over for the next connection (latch client --reconnect), which
 * is numbered one more (start the first at 1 to number them all); in
 * mermaid it begins a diagram of its own. */
void trace_render_next_connection(trace_render *r);

/* What the application data is, for text and mermaid: e.g. "HTTP request"
 * for what the client sends and "HTTP response" for what the server does.
 * The strings must outlive the renderer. */
void trace_render_set_data_labels(trace_render *r, const char *from_client,
                                  const char *from_server);

/* A latch_trace_fn: arg is the trace_render. */
void trace_render_event(const latch_trace_event *ev, void *arg);

/* For text: one paragraph saying what was negotiated, the round trips and
 * the handshake time; for html the same at the top of the connection's
 * section; nothing for the other formats. */
void trace_render_summary(const trace_render *r, const latch_conn *conn);

/* Why a message is in the handshake, in one line; NULL when unknown. */
const char *trace_message_reason(const char *name);
/* The same for a TLS 1.3 handshake (trace_reason13.c): a HelloRetryRequest
 * and the dummy ChangeCipherSpec have reasons of their own; NULL where
 * TLS 1.2's reason holds. */
const char *trace_message_reason13(const char *name, bool from_server, bool hello_retry,
                                   bool dummy_ccs);
/* Whether a message event is a HelloRetryRequest: a ServerHello with the
 * random of RFC 8446 4.1.3. */
bool trace_is_hello_retry(const latch_trace_event *ev);

#endif
