/*
 * latch get: a small curl for HTTPS. One HTTP/1.1 request per connection
 * (Connection: close), redirects followed on new connections with -L.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "deadline.h"
#include "get_http.h"
#include "get_request.h"
#include "get_url.h"

const char cmd_get_usage[] =
    "usage: latch get [OPTIONS] https://HOST[:PORT]/PATH\n"
    "\n"
    "Fetches the URL with HTTP/1.1 and writes the response body to stdout.\n"
    "The URL's host is sent as SNI and is the name the certificate must cover,\n"
    "unless --sni names another; an IPv6 address goes in brackets:\n"
    "https://[::1]:8443/. Spaces and bytes above 0x7e in the path are sent\n"
    "percent-encoded; other control characters make the URL an error.\n"
    "\n"
    "  -i, --include    write the response status line and headers before the body\n"
    "  -I, --head       send HEAD and write the status line and headers\n"
    "  -o, --output FILE  write to FILE instead of stdout\n"
    "  -O, --remote-name  write to a file named as the URL's last path segment\n"
    "  -X, --request METHOD  the request method (default GET, or POST with -d)\n"
    "  -H, --header 'NAME: VALUE'  add a header, or replace a default one;\n"
    "                   'NAME:' alone drops it (repeatable, at most 32)\n"
    "  -d, --data DATA  send DATA with POST as a form (application/x-www-form-\n"
    "                   urlencoded); @FILE reads FILE without its CR and LF\n"
    "      --data-binary DATA  the same, @FILE sent byte for byte\n"
    "  -L, --location   follow redirects (301, 302, 303, 307, 308), at most 10,\n"
    "                   never from https to http; 303 (and 301 or 302 after a\n"
    "                   POST) continues with GET\n"
    "  -f, --fail       on a 4xx or 5xx status, write no body and exit 22\n"
    "  -s, --silent     no error messages (the exit status still tells)\n"
    "  -v, --verbose    the handshake summary and the request and response\n"
    "                   heads on stderr\n"
    "      --connect-timeout S  at most S seconds to connect and finish the\n"
    "                   handshake (default 30)\n"
    "  -m, --max-time S at most S seconds in all (default: no total limit; each\n"
    "                   wait for data is limited to 120 s)\n" TOOL_CLIENT_HELP TOOL_SESSION_HELP
    "  -h, --help       this text\n"
    "\n"
    "Exit status: 0 when a whole response arrived (whatever its status, unless\n"
    "-f), 1 on failure, 2 on a usage error, 22 on a 4xx or 5xx status with -f,\n"
    "28 when a time limit expired, 47 after 10 redirects.\n";

enum { EXIT_HTTP_ERROR = 22, EXIT_TOO_MANY_REDIRECTS = 47, REDIRECTS_MAX = 10 };

enum {
    OPT_CONNECT_TIMEOUT = TOOL_OPT_OWN,
    OPT_DATA_BINARY,
};

struct get_opts {
    struct tool_client_opts tls;
    struct request rq;
    struct sink sink;
    const char *output;
    bool remote_name;
    bool follow;
    bool fail;
    bool silent;
    double connect_timeout;
    double max_time;
};

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

static bool is_redirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* The handshake, then the request: false after saying why not. */
static bool send_request(struct get_opts *g, latch_conn *conn, int fd, const struct url *u,
                         const char *text, bool first)
{
    char why[512];
    if (first && g->tls.sess_in != NULL && !offer_saved_session(conn, g->tls.sess_in))
        return false;
    latch_err err = latch_fd_handshake(conn, fd);
    if (err != LATCH_OK) {
        tool_error("%s: %s", text, tool_failure(conn, err, errno, why, sizeof why));
        return false;
    }
    if (latch_conn_resumed(conn) && !g->silent)
        fprintf(stderr, "latch: resumed the session from %s\n", g->tls.sess_in);
    /* TLS 1.3 tickets come after the handshake: saved with the answer read. */
    if (g->tls.sess_out != NULL && !tool_conn_is_tls13(conn) &&
        !tool_session_save(conn, g->tls.sess_out))
        return false;
    if (g->sink.verbose)
        tool_print_summary(stderr, conn, text);
    const char *alpn = latch_conn_alpn(conn);
    if (alpn != NULL && strcmp(alpn, "http/1.1") != 0) {
        tool_error("%s: the server chose ALPN protocol '%s', but latch get speaks only http/1.1",
                   text, alpn);
        return false;
    }
    char head[REQUEST_HEAD_MAX];
    size_t n = request_head(&g->rq, u, head, sizeof head);
    if (n == 0) {
        tool_error("%s: the request head is larger than 16 KiB", text);
        return false;
    }
    if (g->sink.verbose) {
        for (const char *p = head; *p != '\r' && p < head + n;) {
            size_t line = strcspn(p, "\r");
            fprintf(stderr, "> %.*s\n", (int)line, p);
            p += line + 2;
        }
    }
    size_t written = 0;
    err = latch_fd_write(conn, fd, (const uint8_t *)head, n, &written);
    if (err == LATCH_OK && g->rq.has_body)
        err = latch_fd_write(conn, fd, g->rq.body, g->rq.body_len, &written);
    if (err != LATCH_OK) {
        tool_error("%s: %s", text, tool_failure(conn, err, errno, why, sizeof why));
        return false;
    }
    return true;
}

/*
 * One request on its own connection. Returns an exit status, or -1 with
 * next holding the URL a redirect points to.
 */
static int exchange(struct get_opts *g, latch_config *cfg, const struct url *u, const char *text,
                    bool first, char *next, size_t next_cap)
{
    char why[512];
    tool_deadline_phase("connecting and the handshake (--connect-timeout)", g->connect_timeout);
    int fd = tool_deadline_connect(u->host, u->port, g->connect_timeout, "--connect-timeout", why,
                                   sizeof why);
    if (fd < 0) {
        tool_error("%s", why);
        return EXIT_FAILED;
    }
    int status = EXIT_FAILED;
    struct reader *r = calloc(1, sizeof *r);
    latch_conn *conn = latch_conn_new(cfg, first && g->tls.sni != NULL ? g->tls.sni : u->host);
    if (r == NULL || conn == NULL) {
        tool_error("cannot make a connection: out of memory");
        goto out;
    }
    *r = (struct reader){.conn = conn, .fd = fd};
    if (!send_request(g, conn, fd, u, text, first))
        goto out;
    struct head h;
    struct sink sink = g->sink;
    const char *problem = http_read_head(r, &h, &sink);
    bool redirect = g->follow && is_redirect(h.status) && h.location[0] != '\0';
    bool failed = g->fail && h.status >= 400;
    sink.discard = redirect || failed;
    bool out_failed = false;
    if (problem != NULL && problem[0] == '\0')
        problem = http_read_body(r, &h, &sink, &out_failed);
    if (out_failed)
        tool_error("writing the output: %s", strerror(errno));
    else if (problem == NULL)
        http_report_stop(r, text);
    else if (problem[0] != '\0')
        tool_error("%s: %s", text, problem);
    else if (fflush(g->sink.out) != 0)
        tool_error("writing the output: %s", strerror(errno));
    else if (failed) {
        tool_error("%s: the server answered %d %s", text, h.status, h.reason);
        status = EXIT_HTTP_ERROR;
    } else if (redirect) {
        const char *bad = url_resolve(u, h.location, next, next_cap);
        if (bad != NULL) {
            char shown[LATCH_ESCAPED_MAX(256)];
            tool_error("%s: the redirect to '%s' is not followed: %s", text,
                       latch_escape(shown, sizeof shown, h.location, strlen(h.location)), bad);
        } else {
            /* RFC 9110 15.4.4: 303 continues with GET, and so do 301
             * and 302 after a POST, as browsers and curl do. */
            if (h.status == 303 ||
                ((h.status == 301 || h.status == 302) && strcmp(g->rq.method, "POST") == 0)) {
                g->rq.method = strcmp(g->rq.method, "HEAD") == 0 ? "HEAD" : "GET";
                g->rq.has_body = false;
            }
            status = -1;
        }
    } else
        status = EXIT_OK;
    if (status != EXIT_FAILED && g->tls.sess_out != NULL && tool_conn_is_tls13(conn) &&
        !tool_session_save(conn, g->tls.sess_out))
        status = EXIT_FAILED;
    if (status != EXIT_FAILED)
        (void)latch_fd_close(conn, fd);
out:
    latch_conn_free(conn);
    close(fd);
    free(r);
    return status;
}

static int run(struct get_opts *g, const char *first_url)
{
    latch_config *cfg = tool_client_config(&g->tls);
    if (cfg == NULL)
        return EXIT_FAILED;
    char text[4200];
    snprintf(text, sizeof text, "%s", first_url);
    int status = EXIT_FAILED;
    for (int hop = 0;; hop++) {
        struct url u;
        const char *bad = url_parse(text, &u);
        if (bad != NULL) {
            char shown[LATCH_ESCAPED_MAX(512)];
            size_t len = strlen(text);
            tool_error("the URL '%s%s' %s",
                       latch_escape(shown, sizeof shown, text, len < 512 ? len : 512),
                       len > 512 ? "..." : "", bad);
            url_free(&u);
            status = hop == 0 ? EXIT_USAGE : EXIT_FAILED;
            break;
        }
        char next[sizeof text];
        status = exchange(g, cfg, &u, text, hop == 0, next, sizeof next);
        url_free(&u);
        if (status != -1)
            break;
        if (hop + 1 == REDIRECTS_MAX + 1) {
            tool_error("%s: more than %d redirects; stopped", first_url, REDIRECTS_MAX);
            status = EXIT_TOO_MANY_REDIRECTS;
            break;
        }
        if (g->sink.verbose)
            fprintf(stderr, "* following the redirect to %s\n", next);
        memcpy(text, next, sizeof text);
    }
    latch_config_free(cfg);
    return status;
}

/* -o FILE or -O: the output file, created or truncated. */
static bool open_output(struct get_opts *g, const char *url_text)
{
    char name[256];
    const char *path = g->output;
    if (g->remote_name) {
        struct url u;
        path = url_parse(url_text, &u) == NULL ? url_file_name(&u, name, sizeof name) : NULL;
        url_free(&u);
        if (path == NULL) {
            tool_error("-O: the URL has no file name at the end of its path; use -o FILE");
            return false;
        }
    }
    if (path == NULL)
        return true;
    g->sink.out = fopen(path, "wb");
    if (g->sink.out == NULL) {
        tool_error("cannot create %s: %s", path, strerror(errno));
        return false;
    }
    return true;
}

static int option(struct get_opts *g, int c, const char *arg)
{
    const char *bad = NULL;
    switch (c) {
    case 'i':
        g->sink.include = true;
        return 0;
    case 'I':
        g->sink.include = true;
        g->sink.head_only = true;
        g->rq.method = "HEAD";
        return 0;
    case 'o':
        g->output = arg;
        return 0;
    case 'O':
        g->remote_name = true;
        return 0;
    case 'X':
        bad = request_check_method(arg);
        g->rq.method = arg;
        break;
    case 'H':
        bad = request_add_header(&g->rq, arg);
        break;
    case 'd':
    case OPT_DATA_BINARY:
        if (g->rq.method == NULL || strcmp(g->rq.method, "GET") == 0)
            g->rq.method = "POST";
        return request_add_data(&g->rq, arg, c == OPT_DATA_BINARY) ? 0 : EXIT_USAGE;
    case 'L':
        g->follow = true;
        return 0;
    case 'f':
        g->fail = true;
        return 0;
    case 's':
        g->silent = true;
        return 0;
    case 'v':
        g->sink.verbose = true;
        return 0;
    case OPT_CONNECT_TIMEOUT:
        if (!tool_seconds_parse(arg, &g->connect_timeout))
            return tool_usage_error("get", "--connect-timeout '%s' is not a number of seconds",
                                    arg);
        return 0;
    case 'm':
        if (!tool_seconds_parse(arg, &g->max_time))
            return tool_usage_error("get", "--max-time '%s' is not a number of seconds", arg);
        return 0;
    case 'h':
        fputs(cmd_get_usage, stdout);
        return -1;
    default:
        return tool_usage_hint("get");
    }
    if (bad != NULL)
        return tool_usage_error("get", "%s '%s' %s", c == 'X' ? "-X" : "-H", arg, bad);
    return 0;
}

int cmd_get(int argc, char **argv)
{
    static const struct option options[] = {
        TOOL_CLIENT_LONG_OPTIONS,
        TOOL_SESSION_LONG_OPTIONS,
        {"include", no_argument, NULL, 'i'},
        {"head", no_argument, NULL, 'I'},
        {"output", required_argument, NULL, 'o'},
        {"remote-name", no_argument, NULL, 'O'},
        {"request", required_argument, NULL, 'X'},
        {"header", required_argument, NULL, 'H'},
        {"data", required_argument, NULL, 'd'},
        {"data-binary", required_argument, NULL, OPT_DATA_BINARY},
        {"location", no_argument, NULL, 'L'},
        {"fail", no_argument, NULL, 'f'},
        {"silent", no_argument, NULL, 's'},
        {"verbose", no_argument, NULL, 'v'},
        {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
        {"max-time", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct get_opts g = {.sink = {.out = stdout}, .connect_timeout = TOOL_CONNECT_TIMEOUT_DEFAULT};
    int c, status = EXIT_USAGE;
    while ((c = getopt_long(argc, argv, "iIo:OX:H:d:Lfsvm:h", options, NULL)) != -1) {
        if (tool_client_option(c, optarg, &g.tls))
            continue;
        status = option(&g, c, optarg);
        if (status != 0)
            goto out;
    }
    status = EXIT_USAGE;
    if (g.rq.method == NULL)
        g.rq.method = "GET";
    if (optind == argc) {
        tool_usage_error("get", "give the URL to fetch, https://HOST[:PORT]/PATH");
        goto out;
    }
    if (optind != argc - 1) {
        tool_usage_error("get", "give one URL, not %d (quote a URL with spaces)", argc - optind);
        goto out;
    }
    if (g.output != NULL && g.remote_name) {
        tool_usage_error("get", "-o and -O both name the output; give one");
        goto out;
    }
    tool_set_quiet(g.silent);
    tool_deadline_start(argv[optind], g.max_time, g.silent);
    status = EXIT_FAILED;
    if (!open_output(&g, argv[optind]))
        goto out;
    status = run(&g, argv[optind]);
    if (g.sink.out != stdout && fclose(g.sink.out) != 0 && status == EXIT_OK) {
        tool_error("writing %s: %s", g.output, strerror(errno));
        status = EXIT_FAILED;
    }
out:
    request_free(&g.rq);
    return status == -1 ? EXIT_OK : status;
}
