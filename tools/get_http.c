#include "get_http.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common.h"
#include "deadline.h"

enum {
    HEAD_MAX = 65536,    /* the whole response head */
    LINE_MAX_LEN = 1024, /* one chunk-size or trailer line */
};

/* Reads more plaintext; false at the end of the stream or on failure.
 * Each wait for data has its own time limit. */
static bool fill(struct reader *r)
{
    size_t got = 0;
    tool_deadline_phase("waiting for data from the server", TOOL_IDLE_TIMEOUT_DEFAULT);
    r->err = latch_fd_read(r->conn, r->fd, r->buf, sizeof r->buf, &got);
    r->err_no = errno;
    if (r->err != LATCH_OK)
        return false;
    r->pos = 0;
    r->len = got;
    return true;
}

/* Reads a line ending in LF into line (without CR LF, NUL-terminated;
 * *len counts any NUL bytes inside). */
static bool read_line(struct reader *r, char *line, size_t cap, size_t *len, bool *too_long)
{
    size_t n = 0;
    for (;;) {
        if (r->pos == r->len && !fill(r))
            return false;
        char ch = (char)r->buf[r->pos++];
        if (ch == '\n')
            break;
        if (n + 1 >= cap) {
            *too_long = true;
            return false;
        }
        line[n++] = ch;
    }
    if (n > 0 && line[n - 1] == '\r')
        n--;
    line[n] = '\0';
    *len = n;
    return true;
}

/* Copies n bytes of body to the sink, or all of it up to the close when
 * to_close. */
static bool copy_body(struct reader *r, unsigned long long n, bool to_close, const struct sink *s,
                      bool *out_failed)
{
    while (to_close || n > 0) {
        if (r->pos == r->len && !fill(r))
            return false;
        size_t avail = r->len - r->pos;
        size_t take = !to_close && avail > n ? (size_t)n : avail;
        if (!s->discard && !tool_write_all(fileno(s->out), r->buf + r->pos, take)) {
            *out_failed = true;
            return false;
        }
        r->pos += take;
        n -= to_close ? 0 : take;
    }
    return true;
}

static const char *header_value(const char *line, const char *name)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) != 0 || line[n] != ':')
        return NULL;
    const char *v = line + n + 1;
    return v + strspn(v, " \t");
}

/* The head is the server's text: shown escaped, unlike the body, which
 * is the download. */
static void echo_line(const struct sink *s, const char *line, size_t len)
{
    if (s->include) {
        tool_put_escaped(s->out, line, len);
        fputs("\r\n", s->out);
    }
    if (s->verbose) {
        fputs("< ", stderr);
        tool_put_escaped(stderr, line, len);
        fputc('\n', stderr);
    }
}

static const char *status_line(struct head *h, const char *line, size_t len)
{
    int status = 0, used = 0;
    if (sscanf(line, "HTTP/1.%*1[01] %3d%n", &status, &used) != 1 || status < 100)
        return "the response does not start with an HTTP/1.x status line";
    h->status = status;
    const char *reason = line + used + strspn(line + used, " ");
    latch_escape(h->reason, sizeof h->reason, reason, len - (size_t)(reason - line));
    return "";
}

static const char *header_line(struct head *h, const char *line, size_t len)
{
    const char *v = header_value(line, "Content-Length");
    if (v != NULL) {
        char *end = NULL;
        errno = 0;
        unsigned long long n = strtoull(v, &end, 10);
        if (end == v || *end != '\0' || errno != 0 || *v == '-' ||
            (h->has_length && n != h->length))
            return "the response has an invalid Content-Length";
        h->has_length = true;
        h->length = n;
    }
    v = header_value(line, "Transfer-Encoding");
    if (v != NULL) {
        size_t vl = strlen(v);
        while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
            vl--;
        h->chunked = vl >= 7 && strncasecmp(v + vl - 7, "chunked", 7) == 0;
    }
    v = header_value(line, "Location");
    if (v != NULL) {
        if (strlen(v) != len - (size_t)(v - line) || strlen(v) >= sizeof h->location)
            return "the response has a Location header with a NUL byte or over 4 KiB";
        strcpy(h->location, v);
    }
    return "";
}

/* One head: status line and headers up to the blank line. */
static const char *read_one_head(struct reader *r, struct head *h, const struct sink *s)
{
    char line[LINE_MAX_LEN * 8];
    size_t total = 0;
    bool too_long = false;
    memset(h, 0, sizeof *h);
    for (bool first = true;; first = false) {
        size_t len;
        if (!read_line(r, line, sizeof line, &len, &too_long))
            return too_long ? "a response header line is too long" : NULL;
        total += len + 2;
        if (total > HEAD_MAX)
            return "the response head is larger than 64 KiB";
        echo_line(s, line, len);
        /* The body goes straight to the descriptor: the head must be out
         * before it. */
        if (!first && len == 0)
            return s->include && fflush(s->out) != 0 ? "cannot write the output" : "";
        const char *problem = first ? status_line(h, line, len) : header_line(h, line, len);
        if (problem[0] != '\0')
            return problem;
    }
}

const char *http_read_head(struct reader *r, struct head *h, const struct sink *s)
{
    const char *problem;
    do
        problem = read_one_head(r, h, s);
    while (problem != NULL && problem[0] == '\0' && h->status < 200);
    return problem;
}

/* RFC 9112 7.1: chunk-size [ chunk-ext ] CRLF chunk-data CRLF, ending
 * with a zero-size chunk and optional trailer lines. */
static const char *read_chunked(struct reader *r, const struct sink *s, bool *out_failed)
{
    char line[LINE_MAX_LEN];
    size_t len;
    bool too_long = false;
    for (;;) {
        if (!read_line(r, line, sizeof line, &len, &too_long))
            return too_long ? "a chunk-size line is too long" : NULL;
        char *end = NULL;
        errno = 0;
        unsigned long long size = strtoull(line, &end, 16);
        if (end == line || errno != 0 || line[0] == '-' ||
            (*end != '\0' && *end != ';' && *end != ' '))
            return "the response has an invalid chunk size";
        if (size == 0)
            break;
        if (!copy_body(r, size, false, s, out_failed))
            return NULL;
        if (!read_line(r, line, sizeof line, &len, &too_long))
            return too_long ? "chunk data runs past its size" : NULL;
        if (len != 0)
            return "chunk data runs past its size";
    }
    do {
        if (!read_line(r, line, sizeof line, &len, &too_long))
            return too_long ? "a trailer line is too long" : NULL;
    } while (len != 0);
    return "";
}

const char *http_read_body(struct reader *r, const struct head *h, const struct sink *s,
                           bool *out_failed)
{
    /* RFC 9112 6.3: no body after HEAD, 204 or 304, whatever the headers say. */
    if (s->head_only || h->status == 204 || h->status == 304)
        return "";
    if (h->chunked)
        return read_chunked(r, s, out_failed);
    if (h->has_length)
        return copy_body(r, h->length, false, s, out_failed) ? "" : NULL;
    if (!copy_body(r, 0, true, s, out_failed))
        return r->err == LATCH_ERR_CLOSED && !*out_failed ? "" : NULL;
    return "";
}

void http_report_stop(const struct reader *r, const char *target)
{
    char why[512];
    if (r->err == LATCH_ERR_CLOSED)
        tool_error("%s: the server closed the connection before the response was complete", target);
    else
        tool_error("%s: %s", target, tool_failure(r->conn, r->err, r->err_no, why, sizeof why));
}
