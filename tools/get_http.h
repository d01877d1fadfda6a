/*
 * The response side of latch get: the head (status line and headers) and
 * the body, framed by chunked transfer coding, by Content-Length, or by
 * the end of the connection (RFC 9112 6.3); only a close_notify ends a
 * body that runs to the close.
 */
#ifndef LATCH_TOOLS_GET_HTTP_H
#define LATCH_TOOLS_GET_HTTP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "latch.h"

/* Buffered reading of plaintext from the connection. */
struct reader {
    latch_conn *conn;
    int fd;
    uint8_t buf[16384];
    size_t pos;
    size_t len;
    latch_err err; /* why the last fill stopped */
    int err_no;
};

/* Where a response goes. */
struct sink {
    FILE *out;      /* the body, and the head with include */
    bool include;   /* -i: the head too, before the body */
    bool verbose;   /* -v: the head on stderr, after "< " */
    bool discard;   /* the body is read and dropped (a redirect, -f) */
    bool head_only; /* the request was HEAD: no body follows */
};

struct head {
    int status;
    char reason[128]; /* escaped */
    bool chunked;
    bool has_length;
    unsigned long long length;
    char location[4096]; /* as sent, NUL-free; empty when none */
};

/* Reads the final head (1xx heads are passed over). NULL when reading
 * stopped (see http_report_stop), "" on success, or what is wrong. */
const char *http_read_head(struct reader *r, struct head *h, const struct sink *s);

/* Reads the body the head announces into the sink; the same results. */
const char *http_read_body(struct reader *r, const struct head *h, const struct sink *s,
                           bool *out_failed);

/* Says why reading stopped early. */
void http_report_stop(const struct reader *r, const char *target);

#endif
