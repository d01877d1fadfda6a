/*
 * latch client: a handshake, a summary of it on stderr, then stdin to the
 * server and the server's data to stdout until the server closes.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "deadline.h"
#include "show_certs.h"
#include "starttls.h"
#include "trace_render.h"

const char cmd_client_usage[] =
    "usage: latch client HOST:PORT [OPTIONS]\n"
    "       latch client -connect HOST:PORT [OPTIONS]\n"
    "\n"
    "Connects to a TLS server (TLS 1.3 or 1.2, as negotiated), prints a summary\n"
    "of the handshake to stderr, then copies stdin to the server and the server's\n"
    "data to stdout. At the end of stdin it sends close_notify and reads until\n"
    "the server closes.\n"
    "HOST may be a name, an IPv4 address or an IPv6 address in brackets.\n"
    "After the summary comes one line for scripts, words of the form key=value:\n"
    "  latch: session peer=H:P version=V suite=S group=G alpn=A resumed=yes|no\n"
    "         verify=ok|skipped\n"
    "\n"
    "  --connect HOST:PORT, -connect HOST:PORT  the server, as s_client takes it\n"
    "  --starttls PROTO the plaintext preamble of PROTO first, then TLS on the\n"
    "                   same connection: smtp, imap, pop3, ftp, xmpp or postgres\n"
    "  --showcerts, -showcerts  write the server's chain as PEM to stdout, leaf\n"
    "                   first, before its data\n"
    "  --connect-timeout S  at most S seconds to connect, run the preamble and\n"
    "                   finish the handshake (default 30; exit 28)\n" TOOL_CLIENT_HELP
        TOOL_SESSION_HELP
    "  --reconnect      handshake, close, then connect again resuming that session\n"
    "  --trace          show the handshake message by message on stderr\n"
    "  --format FORMAT  trace as text (default), json, mermaid or html (implies\n"
    "                   --trace; html is one page, written at the end)\n"
    "  -h, --help       this text\n"
    "\n"
    "When SSLKEYLOGFILE is set, the key log line is appended to that file.\n"
    "\n"
    "Exit status: 0 when the server closed with close_notify, 1 on failure,\n"
    "2 on a usage error, 28 when --connect-timeout expired.\n";

/* Data read from stdin that the engine has not taken yet. */
struct pending {
    uint8_t buf[16384];
    size_t off;
    size_t len;
};

struct session {
    latch_conn *conn;
    int fd;
    const char *peer;
};

static int fail(const struct session *s, const char *what, latch_err err)
{
    char why[512];
    int err_no = errno;
    tool_error("%s %s: %s", what, s->peer, tool_failure(s->conn, err, err_no, why, sizeof why));
    return EXIT_FAILED;
}

/*
 * Reads everything the engine can give now and writes it to stdout.
 * Returns LATCH_WANT_READ or LATCH_WANT_WRITE to keep going,
 * LATCH_ERR_CLOSED when the server closed cleanly, or a failure; sets
 * *stdout_failed when it is stdout that failed.
 */
static latch_err drain_to_stdout(const struct session *s, bool *stdout_failed)
{
    uint8_t buf[16384];
    for (;;) {
        size_t got = 0;
        latch_err err = latch_fd_read(s->conn, s->fd, buf, sizeof buf, &got);
        if (err != LATCH_OK)
            return err;
        if (!tool_write_all(STDOUT_FILENO, buf, got)) {
            *stdout_failed = true;
            return LATCH_ERR_IO;
        }
    }
}

static int copy_loop(const struct session *s)
{
    struct pending in = {.off = 0, .len = 0};
    bool stdin_open = true;
    bool close_sent = false;
    for (;;) {
        size_t out_len = 0;
        latch_conn_output(s->conn, &out_len);
        bool have_input = in.off < in.len;
        struct pollfd p[2] = {
            {.fd = s->fd, .events = POLLIN | (have_input || out_len > 0 ? POLLOUT : 0)},
            {.fd = stdin_open && !have_input ? STDIN_FILENO : -1, .events = POLLIN},
        };
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            tool_error("poll: %s", strerror(errno));
            return EXIT_FAILED;
        }
        if (p[0].revents != 0) {
            bool stdout_failed = false;
            latch_err err = drain_to_stdout(s, &stdout_failed);
            if (stdout_failed) {
                tool_error("writing stdout: %s", strerror(errno));
                return EXIT_FAILED;
            }
            if (err == LATCH_ERR_CLOSED) {
                if (!close_sent)
                    (void)latch_fd_close(s->conn, s->fd);
                return EXIT_OK;
            }
            if (err != LATCH_WANT_READ && err != LATCH_WANT_WRITE)
                return fail(s, "reading from", err);
        }
        if (p[1].revents != 0) {
            ssize_t n = read(STDIN_FILENO, in.buf, sizeof in.buf);
            if (n < 0 && errno != EINTR && errno != EAGAIN) {
                tool_error("reading stdin: %s", strerror(errno));
                return EXIT_FAILED;
            }
            if (n == 0)
                stdin_open = false;
            if (n > 0) {
                in.off = 0;
                in.len = (size_t)n;
            }
        }
        if (in.off < in.len) {
            size_t written = 0;
            latch_err err =
                latch_fd_write(s->conn, s->fd, in.buf + in.off, in.len - in.off, &written);
            if (err == LATCH_OK)
                in.off += written;
            else if (err != LATCH_WANT_WRITE && err != LATCH_WANT_READ)
                return fail(s, "writing to", err);
        } else if (out_len > 0) {
            latch_err err = latch_fd_flush(s->conn, s->fd);
            if (err != LATCH_OK && err != LATCH_WANT_WRITE)
                return fail(s, "writing to", err);
        }
        if (!stdin_open && in.off == in.len && !close_sent) {
            latch_err err = latch_fd_close(s->conn, s->fd);
            if (err != LATCH_OK && err != LATCH_WANT_WRITE)
                return fail(s, "closing", err);
            close_sent = true;
        }
    }
}

struct client_opts {
    struct tool_client_opts tls;
    const char *starttls;
    const char *connect;
    bool show_certs;
    bool insecure;
    double connect_timeout;
};

/* The summary line for scripts: key=value words, values escaped and
 * without spaces. */
static void print_session_line(const latch_conn *conn, const char *peer, bool insecure)
{
    char alpn[LATCH_ESCAPED_MAX(255)];
    const char *a = latch_conn_alpn(conn);
    fprintf(stderr,
            "latch: session peer=%s version=%s suite=%s group=%s alpn=%s resumed=%s verify=%s\n",
            peer, latch_conn_version(conn), latch_conn_cipher(conn),
            latch_conn_group(conn) != NULL ? latch_conn_group(conn) : "none",
            a != NULL ? latch_escape(alpn, sizeof alpn, a, strlen(a)) : "none",
            latch_conn_resumed(conn) ? "yes" : "no", insecure ? "skipped" : "ok");
}

/* Connects, runs the STARTTLS preamble and the handshake, offering the
 * saved session if any; prints the summary. false after saying why. */
static bool connect_once(latch_config *cfg, const struct client_opts *o,
                         const struct tool_target *t, const struct tool_saved_session *saved,
                         int *fd, latch_conn **conn)
{
    char why[512];
    tool_deadline_phase("connecting and the handshake (--connect-timeout)", o->connect_timeout);
    *fd = tool_deadline_connect(t->host, t->port, o->connect_timeout, "--connect-timeout", why,
                                sizeof why);
    if (*fd < 0) {
        tool_error("%s", why);
        return false;
    }
    if (o->starttls != NULL && !starttls_run(*fd, o->starttls, t->sni, why, sizeof why)) {
        tool_error("%s: %s", t->text, why);
        return false;
    }
    *conn = latch_conn_new(cfg, t->sni);
    if (*conn == NULL) {
        tool_error("cannot make a connection: out of memory");
        return false;
    }
    if (saved->len > 0)
        tool_session_offer(*conn, saved->bytes, saved->len);
    struct session s = {.conn = *conn, .fd = *fd, .peer = t->text};
    latch_err err = latch_fd_handshake(*conn, *fd);
    if (err != LATCH_OK) {
        fail(&s, "handshake with", err);
        return false;
    }
    tool_deadline_cancel();
    tool_print_summary(stderr, *conn, t->text);
    print_session_line(*conn, t->text, o->insecure);
    if (o->show_certs)
        show_certs(stdout, *conn);
    return true;
}

/* How long --reconnect waits for a TLS 1.3 server's first ticket. */
enum { TICKET_WAIT_MS = 2000 };

/* TLS 1.3 tickets come after the handshake (RFC 8446 4.6.1), in the
 * server's first records: --reconnect reads (and drops) what arrives
 * until the session holds a ticket, or TICKET_WAIT_MS pass. */
static void wait_for_ticket(latch_conn *conn, int fd, struct tool_saved_session *saved)
{
    if (!tool_conn_is_tls13(conn) || !tool_set_nonblocking(fd))
        return;
    int64_t deadline = tool_now_ms() + TICKET_WAIT_MS;
    uint8_t sink[4096];
    for (;;) {
        if (latch_conn_get_session(conn, saved->bytes, sizeof saved->bytes, &saved->len) ==
            LATCH_OK)
            return;
        size_t n = 0;
        latch_err err = latch_fd_read(conn, fd, sink, sizeof sink, &n);
        if (err == LATCH_OK)
            continue;
        int64_t left = deadline - tool_now_ms();
        if (err != LATCH_WANT_READ || left <= 0)
            return;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)left) <= 0)
            return;
    }
}

/* s_client's single-dash spellings, taken as the long options they are. */
static void accept_s_client_spellings(int argc, char **argv)
{
    static char connect[] = "--connect", showcerts[] = "--showcerts";
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "-connect") == 0)
            argv[i] = connect;
        else if (strcmp(argv[i], "-showcerts") == 0)
            argv[i] = showcerts;
    }
}

int cmd_client(int argc, char **argv)
{
    enum {
        OPT_TRACE = TOOL_OPT_OWN,
        OPT_FORMAT,
        OPT_RECONNECT,
        OPT_CONNECT,
        OPT_STARTTLS,
        OPT_SHOWCERTS,
        OPT_CONNECT_TIMEOUT
    };
    static const struct option options[] = {
        TOOL_CLIENT_LONG_OPTIONS,
        TOOL_SESSION_LONG_OPTIONS,
        {"connect", required_argument, NULL, OPT_CONNECT},
        {"starttls", required_argument, NULL, OPT_STARTTLS},
        {"showcerts", no_argument, NULL, OPT_SHOWCERTS},
        {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
        {"trace", no_argument, NULL, OPT_TRACE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"reconnect", no_argument, NULL, OPT_RECONNECT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct client_opts o = {.connect_timeout = TOOL_CONNECT_TIMEOUT_DEFAULT};
    struct tool_client_opts opts = {0};
    bool reconnect = false;
    bool trace = false;
    trace_format format = TRACE_TEXT;
    int c;
    accept_s_client_spellings(argc, argv);
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        if (tool_client_option(c, optarg, &opts))
            continue;
        switch (c) {
        case OPT_CONNECT:
            o.connect = optarg;
            break;
        case OPT_STARTTLS:
            if (!starttls_known(optarg))
                return tool_usage_error(
                    "client", "--starttls %s: use smtp, imap, pop3, ftp, xmpp or postgres", optarg);
            o.starttls = optarg;
            break;
        case OPT_SHOWCERTS:
            o.show_certs = true;
            break;
        case OPT_CONNECT_TIMEOUT:
            if (!tool_seconds_parse(optarg, &o.connect_timeout))
                return tool_usage_error(
                    "client", "--connect-timeout '%s' is not a number of seconds", optarg);
            break;
        case OPT_TRACE:
            trace = true;
            break;
        case OPT_FORMAT:
            trace = true;
            if (!trace_format_parse(optarg, &format)) {
                tool_error("--format %s: use text, json, mermaid or html", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_RECONNECT:
            reconnect = true;
            break;
        case 'h':
            fputs(cmd_client_usage, stdout);
            return EXIT_OK;
        default:
            return tool_usage_hint("client");
        }
    }
    struct tool_target target;
    if (o.connect != NULL && optind != argc)
        return tool_usage_error("client", "give the server once: -connect %s, or '%s'", o.connect,
                                argv[optind]);
    if (!(o.connect != NULL ? tool_target_split(o.connect, "client", opts.sni, &target)
                            : tool_target_parse(argc, argv, "client", opts.sni, &target)))
        return EXIT_USAGE;
    o.tls = opts;
    o.insecure = opts.insecure;
    tool_deadline_start(target.text, 0, false);

    int status = EXIT_FAILED;
    struct tool_saved_session saved = {.len = 0};
    latch_config *cfg = tool_client_config(&opts);
    latch_conn *conn = NULL;
    trace_render *render = NULL;
    int fd = -1;
    if (cfg == NULL)
        goto out;
    if (trace) {
        render = trace_render_new(stderr, format, LATCH_CLIENT, reconnect ? 1 : 0);
        if (render == NULL ||
            latch_config_set_trace(cfg, trace_render_event, render, 0) != LATCH_OK) {
            tool_error("--trace: cannot set up the trace");
            goto out;
        }
    }
    if (opts.sess_in != NULL &&
        !tool_session_read(opts.sess_in, saved.bytes, sizeof saved.bytes, &saved.len))
        goto out;
    if (reconnect) {
        if (!connect_once(cfg, &o, &target, &saved, &fd, &conn))
            goto out;
        saved.len = 0;
        wait_for_ticket(conn, fd, &saved);
        if (latch_conn_get_session(conn, saved.bytes, sizeof saved.bytes, &saved.len) != LATCH_OK) {
            tool_error("--reconnect: the server gave no session to resume; connecting anew");
            saved.len = 0;
        }
        (void)latch_fd_close(conn, fd);
        latch_conn_free(conn);
        conn = NULL;
        close(fd);
        fd = -1;
        if (render != NULL)
            trace_render_next_connection(render);
    }
    if (!connect_once(cfg, &o, &target, &saved, &fd, &conn))
        goto out;
    /* TLS 1.3 tickets come after the handshake (RFC 8446 4.6.1): the
     * session is saved once the connection is over. */
    bool tls13 = tool_conn_is_tls13(conn);
    if (opts.sess_out != NULL && !tls13 && !tool_session_save(conn, opts.sess_out))
        goto out;
    struct session s = {.conn = conn, .fd = fd, .peer = target.text};
    if (!tool_set_nonblocking(fd)) {
        tool_error("cannot make the socket non-blocking: %s", strerror(errno));
        goto out;
    }
    status = copy_loop(&s);
    if (opts.sess_out != NULL && tls13 && !tool_session_save(conn, opts.sess_out))
        status = EXIT_FAILED;
out:
    if (conn != NULL)
        latch_conn_free(conn);
    if (cfg != NULL)
        latch_config_free(cfg);
    trace_render_free(render);
    if (fd >= 0)
        close(fd);
    explicit_bzero(&saved, sizeof saved);
    tool_target_free(&target);
    return status;
}
