/*
 * The page's sequence diagram, drawn as inline SVG: the client's and the
 * server's lifelines, one arrow per message, alert or application-data
 * record that crossed the wire, round trips marked, encrypted ones
 * dashed; each arrow links to its card.
 */
#ifndef LATCH_TOOLS_TRACE_RENDER_HTML_SVG_H
#define LATCH_TOOLS_TRACE_RENDER_HTML_SVG_H

#include <stdbool.h>
#include <stdio.h>

enum html_row_kind { ROW_ARROW, ROW_NOTE };

struct html_row {
    enum html_row_kind kind;
    int sender;      /* arrows: LATCH_CLIENT or LATCH_SERVER */
    bool encrypted;  /* arrows */
    bool failure;    /* notes: a failure, drawn in red */
    char text[96];   /* as the library or the renderer wrote it; escaped when drawn */
    char target[32]; /* arrows: the id of the card */
};

/* Draws rows for connection number conn (which keeps ids unique). */
void html_svg(FILE *out, const struct html_row *rows, size_t n, unsigned conn);

/* The page's inline style sheet and script. */
extern const char html_style[];
extern const char html_script[];

#endif
