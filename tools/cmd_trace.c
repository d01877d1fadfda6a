/*
 * latch trace: one connection shown message by message. The handshake is
 * traced as it happens, then a GET / goes through the encrypted channel
 * so the application records show too, and the response's status line is
 * printed before the connection closes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "deadline.h"
#include "trace_render.h"

const char cmd_trace_usage[] =
    "usage: latch trace HOST:PORT [OPTIONS]\n"
    "\n"
    "Connects to a TLS server (TLS 1.3 when both sides have it; --tls1_2 for\n"
    "the TLS 1.2 chapter's handshake) and shows it message by message:\n"
    "what each message carries and why it is there, the key derivation, and a\n"
    "timeline in milliseconds with the round trips marked. Then it sends\n"
    "`GET /` inside the encrypted channel, prints the response's status line\n"
    "and closes. A failed handshake is shown up to the failure, with the alert\n"
    "and the reason. SSLKEYLOGFILE is honoured.\n"
    "\n" TOOL_CLIENT_HELP
    "  --format FORMAT  text (the default), json (one object per event and line)\n"
    "                   mermaid (a sequence diagram) or html (a page of every\n"
    "                   byte, written when the connection ends)\n"
    "  --show-secrets   show the pre-master and master secrets too\n"
    "  --reconnect      then connect again, resuming the session: the second trace\n"
    "                   is an abbreviated handshake (RFC 5246 7.3). Without it no\n"
    "                   session ticket is offered, so the trace is the plain full\n"
    "                   handshake of the TLS 1.2 chapter\n"
    "  -h, --help       this text\n"
    "\n"
    "The trace goes to stdout. With json, mermaid and html the status line goes to\n"
    "stderr, so that stdout holds nothing but the chosen format.\n"
    "\n"
    "Exit status: 0 when the handshake completed and a response arrived, 1 on\n"
    "failure, 2 on a usage error.\n";

enum { READ_TIMEOUT_S = 10 };

/* Reads the response until the server closes, keeping its first line. */
static latch_err read_status_line(latch_conn *conn, int fd, uint8_t *line, size_t cap, size_t *have)
{
    bool line_done = false;
    uint8_t buf[4096];
    *have = 0;
    for (;;) {
        size_t got = 0;
        latch_err err = latch_fd_read(conn, fd, buf, sizeof buf, &got);
        if (err != LATCH_OK)
            return err;
        for (size_t i = 0; i < got && !line_done; i++) {
            if (buf[i] == '\r' || buf[i] == '\n' || *have == cap)
                line_done = true;
            else
                line[(*have)++] = buf[i];
        }
    }
}

/* "Host: name[:port]" for the request (RFC 9112 3.2). */
static void format_host(char *out, size_t cap, const char *name, const char *port)
{
    bool v6 = strchr(name, ':') != NULL;
    bool default_port = strcmp(port, "443") == 0;
    snprintf(out, cap, "%s%s%s%s%s", v6 ? "[" : "", name, v6 ? "]" : "", default_port ? "" : ":",
             default_port ? "" : port);
}

/* One traced connection; offers *saved when it holds a session, and
 * keeps the new one there when keep is set. */
static int run(const struct tool_target *t, latch_config *cfg, trace_render *r, FILE *info,
               struct tool_saved_session *saved, bool keep)
{
    char why[512];
    int fd = tool_deadline_connect(t->host, t->port, TOOL_CONNECT_TIMEOUT_DEFAULT, "the default",
                                   why, sizeof why);
    if (fd < 0) {
        tool_error("%s", why);
        return EXIT_FAILED;
    }
    struct timeval tv = {.tv_sec = READ_TIMEOUT_S, .tv_usec = 0};
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int status = EXIT_FAILED;
    latch_conn *conn = latch_conn_new(cfg, t->sni);
    if (conn == NULL) {
        tool_error("cannot make a connection: out of memory");
        close(fd);
        return EXIT_FAILED;
    }
    if (saved->len > 0)
        tool_session_offer(conn, saved->bytes, saved->len);
    latch_err err = latch_fd_handshake(conn, fd);
    if (err == LATCH_WANT_READ) {
        tool_error("handshake with %s: no answer within %d seconds", t->text, READ_TIMEOUT_S);
        goto out;
    }
    if (err != LATCH_OK) {
        tool_error("handshake with %s: %s", t->text,
                   tool_failure(conn, err, errno, why, sizeof why));
        goto out;
    }
    char host_header[300];
    format_host(host_header, sizeof host_header, t->sni, t->port);
    char request[512];
    int n = snprintf(request, sizeof request,
                     "GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: latch/" LATCH_VERSION_STRING
                     "\r\nAccept: */*\r\nConnection: close\r\n\r\n",
                     host_header);
    size_t written = 0;
    err = latch_fd_write(conn, fd, (const uint8_t *)request, (size_t)n, &written);
    if (err != LATCH_OK) {
        tool_error("sending the request to %s: %s", t->text,
                   tool_failure(conn, err, errno, why, sizeof why));
        goto out;
    }
    uint8_t line[255];
    size_t line_len;
    err = read_status_line(conn, fd, line, sizeof line, &line_len);
    if (line_len == 0) {
        tool_error("%s sent no response: %s", t->text,
                   err == LATCH_WANT_READ ? "timed out"
                                          : tool_failure(conn, err, errno, why, sizeof why));
        goto out;
    }
    fputs("HTTP response: ", info);
    tool_put_escaped(info, line, line_len);
    fputc('\n', info);
    if (err == LATCH_ERR_CLOSED || err == LATCH_WANT_READ)
        (void)latch_fd_close(conn, fd);
    status = EXIT_OK;
    trace_render_summary(r, conn);
    if (keep &&
        latch_conn_get_session(conn, saved->bytes, sizeof saved->bytes, &saved->len) != LATCH_OK)
        saved->len = 0;
out:
    latch_conn_free(conn);
    close(fd);
    return status;
}

int cmd_trace(int argc, char **argv)
{
    enum { OPT_FORMAT = TOOL_OPT_OWN, OPT_SHOW_SECRETS, OPT_RECONNECT };
    static const struct option options[] = {
        TOOL_CLIENT_LONG_OPTIONS,
        {"format", required_argument, NULL, OPT_FORMAT},
        {"show-secrets", no_argument, NULL, OPT_SHOW_SECRETS},
        {"reconnect", no_argument, NULL, OPT_RECONNECT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct tool_client_opts opts = {0};
    trace_format format = TRACE_TEXT;
    bool show_secrets = false;
    bool reconnect = false;
    int c;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (tool_client_option(c, optarg, &opts))
            continue;
        switch (c) {
        case OPT_FORMAT:
            if (!trace_format_parse(optarg, &format)) {
                tool_error("--format %s: use text, json, mermaid or html", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_SHOW_SECRETS:
            show_secrets = true;
            break;
        case OPT_RECONNECT:
            reconnect = true;
            break;
        case 'h':
            fputs(cmd_trace_usage, stdout);
            return EXIT_OK;
        default:
            return tool_usage_hint("trace");
        }
    }
    struct tool_target target;
    if (!tool_target_parse(argc, argv, "trace", opts.sni, &target))
        return EXIT_USAGE;

    opts.no_tickets = !reconnect;
    int status = EXIT_FAILED;
    struct tool_saved_session saved = {.len = 0};
    FILE *info = format == TRACE_TEXT ? stdout : stderr;
    trace_render *r = trace_render_new(stdout, format, LATCH_CLIENT, reconnect ? 1 : 0);
    latch_config *cfg = r != NULL ? tool_client_config(&opts) : NULL;
    if (cfg != NULL &&
        latch_config_set_trace(cfg, trace_render_event, r, show_secrets) == LATCH_OK) {
        trace_render_set_data_labels(r, "HTTP request", "HTTP response");
        fprintf(info, "Tracing a TLS connection to %s (server name %s; %s).\n\n", target.text,
                target.sni,
                opts.insecure ? "certificate verification OFF: --insecure"
                              : "the certificate must be valid for that name");
        status = run(&target, cfg, r, info, &saved, reconnect);
    }
    if (status == EXIT_OK && reconnect) {
        fprintf(info, "\nConnecting again, offering the session just made (%s).\n\n",
                saved.len > 0 ? "the server may resume it: an abbreviated handshake"
                              : "none: the server gave nothing to resume with");
        trace_render_next_connection(r);
        status = run(&target, cfg, r, info, &saved, false);
    }
    explicit_bzero(&saved, sizeof saved);
    latch_config_free(cfg);
    trace_render_free(r);
    tool_target_free(&target);
    return status;
}
