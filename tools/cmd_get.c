/*
 * latch get: one HTTP/1.1 GET over TLS, body to stdout. The response is
 * framed by chunked transfer coding, by Content-Length, or by the end of
 * the connection (RFC 9112 6.3), and only a close_notify ends a body that
 * runs to the close.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"

const char cmd_get_usage[] =
    "usage: latch get [OPTIONS] https://HOST[:PORT]/PATH\n"
    "\n"
    "Fetches the URL with an HTTP/1.1 GET and prints the response body to stdout.\n"
    "The URL's host is sent as SNI and is the name the certificate must cover,\n"
    "unless --sni names another; an IPv6 address goes in brackets:\n"
    "https://[::1]:8443/.\n"
    "\n"
    "  -i, --include    print the response status line and headers too\n" TOOL_CLIENT_HELP
        TOOL_SESSION_HELP "  -h, --help       this text\n"
    "\n"
    "Exit status: 0 when a whole response arrived (whatever its status code),\n"
    "1 on failure, 2 on a usage error.\n";

enum {
    HEAD_MAX = 65536,    /* the whole response head */
    LINE_MAX_LEN = 1024, /* one chunk-size or trailer line */
};

struct url {
    char *host; /* without brackets */
    const char *port;
    char target[4096]; /* the path and query, starting with '/' */
    bool ipv6;
};

/* Splits https://HOST[:PORT]/PATH, in place. */
static bool parse_url(char *s, struct url *u)
{
    static const char scheme[] = "https://";
    if (strncasecmp(s, scheme, sizeof scheme - 1) != 0)
        return false;
    char *auth = s + sizeof scheme - 1;
    size_t auth_len = strcspn(auth, "/?#");
    char *rest = auth + auth_len;
    if (memchr(auth, '@', auth_len) != NULL)
        return false;
    size_t target_len = strcspn(rest, "#");
    int n = snprintf(u->target, sizeof u->target, "%s%.*s", *rest == '/' ? "" : "/",
                     (int)target_len, rest);
    if (n < 0 || (size_t)n >= sizeof u->target)
        return false;
    u->port = "443";
    u->ipv6 = false;
    char *port = NULL;
    if (auth[0] == '[') {
        char *close = memchr(auth, ']', auth_len);
        if (close == NULL)
            return false;
        if (close + 1 < rest) {
            if (close[1] != ':')
                return false;
            port = close + 2;
        }
        *close = '\0';
        u->host = auth + 1;
        u->ipv6 = true;
    } else {
        char *colon = memchr(auth, ':', auth_len);
        if (colon != NULL) {
            *colon = '\0';
            port = colon + 1;
        }
        u->host = auth;
    }
    if (port != NULL) {
        size_t digits = strspn(port, "0123456789");
        if (digits == 0 || port + digits != rest || digits > 5 || atoi(port) > 65535)
            return false;
        u->port = port;
    }
    *rest = '\0';
    return u->host[0] != '\0';
}

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

/* Reads more plaintext; false at the end of the stream or on failure. */
static bool fill(struct reader *r)
{
    size_t got = 0;
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

/* Copies n bytes of body to stdout, or all of it up to the close when
 * to_close. */
static bool copy_body(struct reader *r, unsigned long long n, bool to_close, bool *out_failed)
{
    while (to_close || n > 0) {
        if (r->pos == r->len && !fill(r))
            return false;
        size_t avail = r->len - r->pos;
        size_t take = !to_close && avail > n ? (size_t)n : avail;
        if (!tool_write_all(STDOUT_FILENO, r->buf + r->pos, take)) {
            *out_failed = true;
            return false;
        }
        r->pos += take;
        n -= to_close ? 0 : take;
    }
    return true;
}

struct head {
    int status;
    bool chunked;
    bool has_length;
    unsigned long long length;
};

static const char *header_value(char *line, const char *name)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) != 0 || line[n] != ':')
        return NULL;
    const char *v = line + n + 1;
    return v + strspn(v, " \t");
}

/*
 * Reads one response head: status line and headers up to the blank line,
 * echoing them to stdout when include. Returns NULL or why it failed.
 */
static const char *read_head(struct reader *r, struct head *h, bool include)
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
        /* The head is the server's text: shown escaped, unlike the body,
         * which is the download. */
        if (include) {
            tool_put_escaped(stdout, line, len);
            fputs("\r\n", stdout);
        }
        if (first) {
            int status = 0;
            if (sscanf(line, "HTTP/1.%*1[01] %3d", &status) != 1 || status < 100)
                return "the response does not start with an HTTP/1.x status line";
            h->status = status;
            continue;
        }
        /* The body goes straight to the descriptor: the head must be out
         * before it. */
        if (len == 0)
            return include && fflush(stdout) != 0 ? "cannot write to stdout" : "";
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
    }
}

/* RFC 9112 7.1: chunk-size [ chunk-ext ] CRLF chunk-data CRLF, ending
 * with a zero-size chunk and optional trailer lines. */
static const char *read_chunked(struct reader *r, bool *out_failed)
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
        if (end == line || errno != 0 || (*end != '\0' && *end != ';' && *end != ' '))
            return "the response has an invalid chunk size";
        if (size == 0)
            break;
        if (!copy_body(r, size, false, out_failed))
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

/* Says why reading stopped early. */
static void report_stop(const struct reader *r, const char *target)
{
    char why[512];
    if (r->err == LATCH_ERR_CLOSED)
        tool_error("%s: the server closed the connection before the response was complete", target);
    else
        tool_error("%s: %s", target, tool_failure(r->conn, r->err, r->err_no, why, sizeof why));
}

static int fetch(struct reader *r, const char *target, bool include)
{
    struct head h;
    bool out_failed = false;
    const char *problem;
    do {
        problem = read_head(r, &h, include);
        if (problem == NULL) {
            report_stop(r, target);
            return EXIT_FAILED;
        }
        if (problem[0] != '\0') {
            tool_error("%s: %s", target, problem);
            return EXIT_FAILED;
        }
    } while (h.status < 200);

    if (h.status == 204 || h.status == 304)
        problem = "";
    else if (h.chunked)
        problem = read_chunked(r, &out_failed);
    else if (h.has_length)
        problem = copy_body(r, h.length, false, &out_failed) ? "" : NULL;
    else if (!copy_body(r, 0, true, &out_failed))
        problem = r->err == LATCH_ERR_CLOSED && !out_failed ? "" : NULL;
    if (out_failed) {
        tool_error("writing stdout: %s", strerror(errno));
        return EXIT_FAILED;
    }
    if (problem == NULL) {
        report_stop(r, target);
        return EXIT_FAILED;
    }
    if (problem[0] != '\0') {
        tool_error("%s: %s", target, problem);
        return EXIT_FAILED;
    }
    if (fflush(stdout) != 0) {
        tool_error("writing stdout: %s", strerror(errno));
        return EXIT_FAILED;
    }
    return EXIT_OK;
}

static bool offer_saved_session(latch_conn *conn, const char *path)
{
    uint8_t buf[LATCH_SESSION_MAX];
    size_t len = 0;
    bool ok = tool_session_read(path, buf, sizeof buf, &len);
    if (ok)
        tool_session_offer(conn, buf, len);
    explicit_bzero(buf, sizeof buf);
    return ok;
}

int cmd_get(int argc, char **argv)
{
    static const struct option options[] = {
        TOOL_CLIENT_LONG_OPTIONS,
        TOOL_SESSION_LONG_OPTIONS,
        {"include", no_argument, NULL, 'i'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct tool_client_opts opts = {0};
    bool include = false;
    int c;
    while ((c = getopt_long(argc, argv, "ih", options, NULL)) != -1) {
        if (tool_client_option(c, optarg, &opts))
            continue;
        switch (c) {
        case 'i':
            include = true;
            break;
        case 'h':
            fputs(cmd_get_usage, stdout);
            return EXIT_OK;
        default:
            fputs(cmd_get_usage, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fputs(cmd_get_usage, stderr);
        return EXIT_USAGE;
    }
    const char *target = argv[optind];
    char *copy = strdup(target);
    if (copy == NULL) {
        tool_error("out of memory");
        return EXIT_FAILED;
    }
    struct url u;
    if (!parse_url(copy, &u)) {
        tool_error("'%s' is not an https://HOST[:PORT]/PATH URL", target);
        free(copy);
        return EXIT_USAGE;
    }
    /* RFC 9112 3.2: Host carries the port only when it is not the
     * default. */
    char request[8192];
    bool default_port = strcmp(u.port, "443") == 0;
    int n = snprintf(request, sizeof request,
                     "GET %s HTTP/1.1\r\nHost: %s%s%s%s%s\r\nUser-Agent: latch/%s\r\n"
                     "Accept: */*\r\nConnection: close\r\n\r\n",
                     u.target, u.ipv6 ? "[" : "", u.host, u.ipv6 ? "]" : "",
                     default_port ? "" : ":", default_port ? "" : u.port, LATCH_VERSION_STRING);
    if (n < 0 || (size_t)n >= sizeof request) {
        tool_error("the URL is too long");
        free(copy);
        return EXIT_USAGE;
    }

    int status = EXIT_FAILED;
    struct reader *r = calloc(1, sizeof *r);
    latch_config *cfg = tool_client_config(&opts);
    latch_conn *conn = NULL;
    int fd = -1;
    if (r == NULL || cfg == NULL)
        goto out;
    char why[512];
    fd = latch_tcp_connect(u.host, u.port, why, sizeof why);
    if (fd < 0) {
        tool_error("%s", why);
        goto out;
    }
    conn = latch_conn_new(cfg, opts.sni != NULL ? opts.sni : u.host);
    if (conn == NULL) {
        tool_error("cannot make a connection: out of memory");
        goto out;
    }
    r->conn = conn;
    r->fd = fd;
    if (opts.sess_in != NULL && !offer_saved_session(conn, opts.sess_in))
        goto out;
    latch_err err = latch_fd_handshake(conn, fd);
    if (err != LATCH_OK) {
        tool_error("%s: %s", target, tool_failure(conn, err, errno, why, sizeof why));
        goto out;
    }
    if (latch_conn_resumed(conn))
        fprintf(stderr, "latch: resumed the session from %s\n", opts.sess_in);
    if (opts.sess_out != NULL && !tool_session_save(conn, opts.sess_out))
        goto out;
    const char *alpn = latch_conn_alpn(conn);
    if (alpn != NULL && strcmp(alpn, "http/1.1") != 0) {
        tool_error("%s: the server chose ALPN protocol '%s', but latch get speaks only http/1.1",
                   target, alpn);
        goto out;
    }
    size_t written = 0;
    err = latch_fd_write(conn, fd, (const uint8_t *)request, (size_t)n, &written);
    if (err != LATCH_OK) {
        tool_error("%s: %s", target, tool_failure(conn, err, errno, why, sizeof why));
        goto out;
    }
    status = fetch(r, target, include);
    if (status == EXIT_OK)
        (void)latch_fd_close(conn, fd);
out:
    if (conn != NULL)
        latch_conn_free(conn);
    if (cfg != NULL)
        latch_config_free(cfg);
    if (fd >= 0)
        close(fd);
    free(r);
    free(copy);
    return status;
}
