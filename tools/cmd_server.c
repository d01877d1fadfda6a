/*
 * latch server: one non-blocking poll() loop serving many connections,
 * each its own latch_conn made from one shared config. A connection that
 * fails is logged in one line and dropped; the server goes on.
 */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "server_files.h"
#include "server_log_subject.h"
#include "trace_render.h"

const char cmd_server_usage[] =
    "usage: latch server --cert FILE --key FILE [--cert FILE --key FILE ...] [OPTIONS]\n"
    "\n"
    "Serves TLS 1.2 on a TCP port until SIGINT or SIGTERM. Prints\n"
    "`listening on ADDR:PORT` to stderr once ready, and one line per failed\n"
    "connection: `latch: ADDR:PORT: <why>`. When SSLKEYLOGFILE is set, each\n"
    "connection's key log line is appended to that file (mode 0600, never\n"
    "through a symbolic link), after a warning on stderr.\n"
    "\n"
    "  --cert FILE      certificate chain, PEM, leaf first (repeat for more keys)\n"
    "  --key FILE       the private key of the preceding --cert, PEM\n"
    "  --ocsp FILE      a DER OCSP response to staple with the preceding\n"
    "                   --cert and --key, for clients that ask (RFC 6066)\n"
    "  --port N         TCP port (default 4433; 0 picks a free one)\n"
    "  --bind ADDR      local address (default: all addresses)\n"
    "  --ciphers LIST   cipher suites to accept, colon-separated\n"
    "  --groups LIST    key-exchange groups to accept, colon-separated\n"
    "  --alpn LIST      ALPN protocols to choose from, comma-separated\n"
    "  --timeout SECS   drop a connection whose handshake (and, with --http,\n"
    "                   request) is not complete after SECS seconds (default 10),\n"
    "                   however slowly the client keeps sending\n"
    "  --idle-timeout SECS\n"
    "                   --echo: close a connection that neither sent nor took\n"
    "                   data for SECS seconds (default 300)\n"
    "  --max-conns N    serve at most N connections at once (default 10000);\n"
    "                   past it, new ones wait in the kernel's backlog until\n"
    "                   one closes\n"
    "  --max-handshakes N\n"
    "                   at most N of them in their handshake (default 512):\n"
    "                   a new connection past it drops the oldest handshake,\n"
    "                   so half-open connections cannot hold much memory\n"
    "  --max-handshake-message BYTES\n"
    "                   the largest handshake message body taken from a\n"
    "                   client, a ClientHello aside (default 65536)\n"
    "  --max-client-hello BYTES\n"
    "                   the largest ClientHello body (default 131396, the\n"
    "                   largest legal one; at least 1024)\n"
    "  --strict-sni     answer a server name that no --cert covers, or none,\n"
    "                   with unrecognized_name instead of the first\n"
    "                   certificate (with --strict-alpn: the ALPACA defence)\n"
    "  --strict-alpn    with --alpn: answer a client that offers none of\n"
    "                   those protocols, or no ALPN, with no_application_protocol\n"
    "  --record-size-limit BYTES\n"
    "                   to a client that offers record_size_limit (RFC 8449),\n"
    "                   answer that its records carry at most BYTES (64 to\n"
    "                   16384) of plaintext (default 16384)\n"
    "  --http           answer each request with a page describing the\n"
    "                   connection, then close (the default); a request head\n"
    "                   over 8192 bytes gets 431\n"
    "  --root DIR       with --http: serve the files under DIR, read-only, to GET\n"
    "                   and HEAD (a directory means its index.html); a path with\n"
    "                   %00, an encoded '/', or a '.' or '..' segment is refused,\n"
    "                   and no symbolic link is followed, so nothing outside DIR\n"
    "                   is reachable; HTTP/1.1 connections stay open for the\n"
    "                   next request unless the client sends Connection: close\n"
    "                   or a request body\n"
    "  --echo           send application data back as it arrives\n"
    "  --no-tickets     neither issue nor accept session tickets (RFC 5077;\n"
    "                   issued by default, under keys made in process)\n"
    "  --ticket-rotation SECONDS\n"
    "                   make a new ticket key every SECONDS (default 14400,\n"
    "                   4 hours; 0: one key until exit); older keys still\n"
    "                   open tickets for the session lifetime\n"
    "  --session-cache N\n"
    "                   keep up to N sessions for resumption by session ID\n"
    "                   (default 4096; 0 turns the cache off)\n"
    "  --verify-client FILE\n"
    "                   ask each client for a certificate (CertificateRequest)\n"
    "                   and validate the chain it sends against the CAs in FILE\n"
    "                   (PEM); a client may still send none\n"
    "  --require-client-cert\n"
    "                   with --verify-client: fail the handshake of a client\n"
    "                   that sends no certificate\n"
    "  --log            one line per connection on stderr, when it ends, in place\n"
    "                   of the line per failure: `latch: log peer=ADDR:PORT sni=\n"
    "                   version= suite= group= alpn= resumed=yes|no client_cert=\n"
    "                   verified|none client_subject=\"CN=...\"|none in=BYTES\n"
    "                   out=BYTES ms=DURATION result=ok` or\n"
    "                   `result=failed: <why>` (what the client sent is escaped)\n"
    "  --trace          show each connection's handshake on stderr\n"
    "  --format FORMAT  trace as text (default), json, mermaid or html (implies\n"
    "                   --trace; html: one page per connection, when it ends)\n"
    "  -h, --help       this text\n"
    "\n"
    "The server raises its open-file limit to the hard limit. When it runs\n"
    "out of file descriptors anyway, it stops accepting for a moment and\n"
    "serves the connections it has.\n";

enum {
    CONN_BUF = 16384,      /* plaintext waiting to be echoed or sent */
    HEAD_MAX = 8192,       /* the largest request head --http accepts */
    LINGER_MS = 2000,      /* how long a closed connection is drained */
    ACCEPT_RETRY_MS = 100, /* out of descriptors: pause before accepting again */
    FDS_RESERVED = 16,     /* descriptors that are not connections */
    MAX_CONNS_LIMIT = 1000000,
    /* Handshakes in progress at once: each may hold about 200 KiB
     * (README), so the default bounds them to about 110 MB. */
    DEFAULT_MAX_HANDSHAKES = 512,
};

enum mode { MODE_HTTP, MODE_ECHO };

enum phase {
    PH_HANDSHAKE, /* until both Finished messages are through */
    PH_REQUEST,   /* --http: collecting the request head */
    PH_ECHO,      /* --echo: reading, and writing back */
    PH_SENDING,   /* writing the rest of buf, then closing */
    PH_CLOSING,   /* close_notify is queued: flushing it */
    PH_DRAINING,  /* write side shut: reading until the peer closes */
    PH_DONE,
};

struct client {
    int fd;
    latch_conn *conn;
    enum phase phase;
    short events;        /* what the last step waits for */
    int64_t deadline_ms; /* 0 for none */
    int64_t accepted_ms;
    char peer[64];
    trace_render *trace; /* --trace: this connection's renderer */
    char *diagram;       /* --format mermaid: the diagram, written out at the end */
    size_t diagram_len;
    FILE *diagram_file;
    bool log;               /* --log: one line when it ends */
    latch_config *cfg;      /* --log: the server's, for the client's subject */
    unsigned long long in;  /* plaintext bytes read from the client */
    unsigned long long out; /* and written to it */
    char why[256];          /* the sentence it failed with, or "" */
    int file_fd;            /* --root: the file being sent, or -1 */
    off_t file_left;        /* its bytes still to be read */
    bool keep_alive;        /* read the next request after this reply */
    size_t off;             /* buf[off..len) is still to be written */
    size_t len;
    uint8_t buf[CONN_BUF];
};

struct server {
    latch_config *cfg;
    enum mode mode;
    int timeout_ms;
    int idle_ms;
    size_t max_conns;
    size_t max_handshakes;
    size_t handshakes; /* clients in PH_HANDSHAKE, counted at each poll */
    int listen_fd;
    /* Out of descriptors: the listener rests until a connection closes or
     * this time passes (0: not resting). */
    int64_t accept_resume_ms;
    /* Out of descriptors since the backlog was last emptied. */
    bool starved;
    struct client **clients;
    size_t count;
    bool trace;
    bool log;
    int root_fd; /* --root: the directory served, or -1 */
    trace_format trace_format;
    unsigned connections;    /* accepted so far: numbers them in traces */
    struct client *stepping; /* whose events the trace callback is seeing */
};

static int signal_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    (void)!write(signal_pipe[1], &b, 1);
    errno = saved;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void drop(struct client *c, const char *why)
{
    if (c->log)
        snprintf(c->why, sizeof c->why, "%s", why);
    else
        tool_error("%s: %s", c->peer, why);
    c->phase = PH_DONE;
}

static void drop_err(struct client *c, latch_err err)
{
    char why[512];
    int err_no = errno;
    drop(c, tool_failure(c->conn, err, err_no, why, sizeof why));
}

static bool is_want(latch_err err)
{
    return err == LATCH_WANT_READ || err == LATCH_WANT_WRITE;
}

static short poll_events(latch_err want)
{
    return want == LATCH_WANT_WRITE ? POLLOUT : POLLIN;
}

/* The version to answer in: HTTP/1.1 for a request line that ends in
 * HTTP/1.1, else HTTP/1.0 (RFC 9110 6.2: no higher than the request's). */
static const char *reply_version(const struct client *c)
{
    static const char v11[] = " HTTP/1.1";
    size_t end = 0;
    while (end < c->len && c->buf[end] != '\r' && c->buf[end] != '\n')
        end++;
    bool is11 =
        end >= sizeof v11 - 1 && memcmp(c->buf + end - (sizeof v11 - 1), v11, sizeof v11 - 1) == 0;
    return is11 ? "HTTP/1.1" : "HTTP/1.0";
}

/* Whether the request head in c->buf has a header name: value whose
 * value contains word (case-insensitive), e.g. Connection: close. */
static bool head_has(const struct client *c, const char *name, const char *word)
{
    size_t n = strlen(name), w = strlen(word);
    for (size_t i = 0; i + n < c->len; i++) {
        if (c->buf[i] != '\n' || strncasecmp((const char *)c->buf + i + 1, name, n) != 0 ||
            c->buf[i + 1 + n] != ':')
            continue;
        for (size_t j = i + 2 + n; j + w <= c->len && c->buf[j] != '\r' && c->buf[j] != '\n'; j++) {
            if (w == 0 || strncasecmp((const char *)c->buf + j, word, w) == 0)
                return true;
        }
        if (w == 0)
            return true;
    }
    return false;
}

/* RFC 9112 9.3: an HTTP/1.1 connection persists unless either side says
 * close; requests with a body are not read past, so they end it too. */
static bool wants_keep_alive(const struct client *c, const char *version)
{
    return strcmp(version, "HTTP/1.1") == 0 && !head_has(c, "Connection", "close") &&
           !head_has(c, "Content-Length", "") && !head_has(c, "Transfer-Encoding", "");
}

/* --root: the reply head for the file the request names (its bytes
 * follow from c->file_fd), or an error page. */
static void file_reply(const struct server *s, struct client *c, const char *version)
{
    size_t method_len = 0, target = 0, target_len = 0;
    while (method_len < c->len && c->buf[method_len] != ' ')
        method_len++;
    target = method_len + 1;
    while (target + target_len < c->len && c->buf[target + target_len] != ' ' &&
           c->buf[target + target_len] != '\r' && c->buf[target + target_len] != '\n')
        target_len++;
    bool head = method_len == 4 && memcmp(c->buf, "HEAD", 4) == 0;
    bool get = method_len == 3 && memcmp(c->buf, "GET", 3) == 0;
    struct served_file f = {.fd = -1};
    int status = get || head
                     ? served_file_open(s->root_fd, (const char *)c->buf + target, target_len, &f)
                     : 405;
    static const char *const reasons[] = {"200 OK", "400 Bad Request", "403 Forbidden",
                                          "404 Not Found", "405 Method Not Allowed"};
    const char *reason = status == 200   ? reasons[0]
                         : status == 400 ? reasons[1]
                         : status == 403 ? reasons[2]
                         : status == 404 ? reasons[3]
                                         : reasons[4];
    char body[64] = "";
    if (status != 200)
        snprintf(body, sizeof body, "%s\n", reason);
    long long length = status == 200 ? (long long)f.size : (long long)strlen(body);
    int n = snprintf((char *)c->buf, sizeof c->buf,
                     "%s %s\r\n"
                     "Server: latch/" LATCH_VERSION_STRING "\r\n"
                     "Content-Type: %s\r\n"
                     "Content-Length: %lld\r\n"
                     "%s"
                     "Connection: %s\r\n"
                     "\r\n"
                     "%s",
                     version, reason, status == 200 ? f.type : "text/plain; charset=utf-8", length,
                     status == 405 ? "Allow: GET, HEAD\r\n" : "",
                     c->keep_alive ? "keep-alive" : "close", head ? "" : body);
    c->off = 0;
    c->len = (size_t)n;
    if (f.fd >= 0 && head)
        close(f.fd);
    else if (f.fd >= 0) {
        c->file_fd = f.fd;
        c->file_left = f.size;
    }
}

/* Makes the reply to a request head in c->buf and queues it in c->buf. */
static void make_reply(const struct server *s, struct client *c, bool head_complete)
{
    const char *version = reply_version(c);
    /* The status page closes after its one reply; files are fetched in
     * numbers, so --root keeps connections open. */
    c->keep_alive = head_complete && s->root_fd >= 0 && wants_keep_alive(c, version);
    if (head_complete && s->root_fd >= 0) {
        file_reply(s, c, version);
        return;
    }
    char request[256] = "";
    if (head_complete) {
        size_t n = 0;
        while (n < c->len && n + 1 < sizeof request && c->buf[n] != '\r' && c->buf[n] != '\n') {
            uint8_t ch = c->buf[n];
            request[n++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
        }
        request[n] = '\0';
    }
    char body[2048];
    const char *sni = latch_conn_server_name(c->conn);
    char sni_text[LATCH_ESCAPED_MAX(255)];
    if (sni != NULL)
        sni = latch_escape(sni_text, sizeof sni_text, sni, strlen(sni));
    const char *alpn = latch_conn_alpn(c->conn);
    /* Both NULL with RSA key transport. */
    const char *group = latch_conn_group(c->conn);
    const char *scheme = latch_conn_sig_scheme(c->conn);
    int body_len;
    const char *status;
    if (head_complete) {
        status = "200 OK";
        body_len =
            snprintf(body, sizeof body,
                     "latch " LATCH_VERSION_STRING " served this page over TLS.\n"
                     "\n"
                     "client: %s\n"
                     "version: %s\n"
                     "cipher suite: %s\n"
                     "group: %s\n"
                     "signature scheme: %s\n"
                     "SNI: %s\n"
                     "ALPN: %s\n"
                     "extended master secret: %s\n"
                     "encrypt-then-MAC: %s\n"
                     "session: %s\n"
                     "client certificate: %s\n"
                     "request: %s\n",
                     c->peer, latch_conn_version(c->conn), latch_conn_cipher(c->conn),
                     group != NULL ? group : "(none)", scheme != NULL ? scheme : "(none)",
                     sni != NULL ? sni : "(none)", alpn != NULL ? alpn : "(none)",
                     latch_conn_ems(c->conn) ? "yes" : "no",
                     latch_conn_encrypt_then_mac(c->conn) ? "yes" : "no",
                     latch_conn_resumed(c->conn) ? "resumed" : "new",
                     latch_conn_client_authenticated(c->conn) ? "verified" : "(none)", request);
    } else {
        status = "431 Request Header Fields Too Large";
        body_len =
            snprintf(body, sizeof body, "The request head is larger than %d bytes.\n", HEAD_MAX);
    }
    int n = snprintf((char *)c->buf, sizeof c->buf,
                     "%s %s\r\n"
                     "Server: latch/" LATCH_VERSION_STRING "\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n"
                     "Content-Length: %d\r\n"
                     "Connection: %s\r\n"
                     "\r\n"
                     "%s",
                     version, status, body_len, c->keep_alive ? "keep-alive" : "close", body);
    c->off = 0;
    c->len = (size_t)n;
}

/* An empty line ends the head. RFC 9112 2.2: a recipient may take a bare
 * LF as a line end (ignoring a CR before it), as test tools and old
 * clients send, so "\n\n", "\r\n\n" and "\n\r\n" end it too. */
static bool head_complete(const struct client *c)
{
    for (size_t i = 0; i + 1 < c->len; i++) {
        if (c->buf[i] != '\n')
            continue;
        size_t next = i + 1;
        if (c->buf[next] == '\r')
            next++;
        if (next < c->len && c->buf[next] == '\n')
            return true;
    }
    return false;
}

static void close_file(struct client *c)
{
    if (c->file_fd >= 0)
        close(c->file_fd);
    c->file_fd = -1;
}

/* Queues close_notify and moves on to flushing it. */
static void start_close(struct client *c, int timeout_ms)
{
    latch_err err = latch_fd_close(c->conn, c->fd);
    if (err != LATCH_OK && !is_want(err)) {
        drop_err(c, err);
        return;
    }
    c->phase = PH_CLOSING;
    c->deadline_ms = now_ms() + timeout_ms;
}

/* Advances a connection as far as its socket allows, leaving in
 * c->events what it waits for, or c->phase == PH_DONE. */
static void step(const struct server *s, struct client *c)
{
    for (;;) {
        latch_err err = LATCH_ERR_INTERNAL;
        size_t n = 0;
        switch (c->phase) {
        case PH_HANDSHAKE:
            err = latch_fd_handshake(c->conn, c->fd);
            if (err == LATCH_OK) {
                c->phase = s->mode == MODE_HTTP ? PH_REQUEST : PH_ECHO;
                if (s->mode == MODE_ECHO)
                    c->deadline_ms = now_ms() + s->idle_ms;
                continue;
            }
            break;
        case PH_REQUEST:
            if (head_complete(c) || c->len == HEAD_MAX) {
                make_reply(s, c, head_complete(c));
                c->phase = PH_SENDING;
                c->deadline_ms = now_ms() + s->timeout_ms;
                continue;
            }
            err = latch_fd_read(c->conn, c->fd, c->buf + c->len, HEAD_MAX - c->len, &n);
            if (err == LATCH_OK) {
                c->len += n;
                c->in += n;
                continue;
            }
            if (err == LATCH_ERR_CLOSED && c->len == 0 && c->out > 0) {
                /* Between kept-alive requests: the client is done. */
                start_close(c, s->timeout_ms);
                continue;
            }
            if (err == LATCH_ERR_CLOSED) {
                drop(c, "the client closed the connection before sending a whole request");
                return;
            }
            break;
        case PH_ECHO:
            if (c->off < c->len) {
                err = latch_fd_write(c->conn, c->fd, c->buf + c->off, c->len - c->off, &n);
                if (err == LATCH_OK) {
                    c->off += n;
                    c->out += n;
                    c->deadline_ms = now_ms() + s->idle_ms;
                    continue;
                }
                break;
            }
            c->off = c->len = 0;
            err = latch_fd_read(c->conn, c->fd, c->buf, sizeof c->buf, &n);
            if (err == LATCH_OK) {
                c->len = n;
                c->in += n;
                c->deadline_ms = now_ms() + s->idle_ms;
                continue;
            }
            if (err == LATCH_ERR_CLOSED) {
                start_close(c, s->timeout_ms);
                continue;
            }
            break;
        case PH_SENDING:
            if (c->off == c->len && c->file_fd >= 0 && c->file_left > 0) {
                ssize_t got = read(c->file_fd, c->buf, sizeof c->buf);
                if (got <= 0) {
                    drop(c, got < 0 ? "reading the file to send failed"
                                    : "the file to send became shorter");
                    return;
                }
                c->off = 0;
                c->len = (size_t)got < (size_t)c->file_left ? (size_t)got : (size_t)c->file_left;
                c->file_left -= (off_t)c->len;
                continue;
            }
            if (c->off == c->len && c->keep_alive) {
                close_file(c);
                c->off = c->len = 0;
                c->phase = PH_REQUEST;
                c->deadline_ms = now_ms() + s->timeout_ms;
                continue;
            }
            if (c->off == c->len) {
                start_close(c, s->timeout_ms);
                continue;
            }
            err = latch_fd_write(c->conn, c->fd, c->buf + c->off, c->len - c->off, &n);
            if (err == LATCH_OK) {
                c->off += n;
                c->out += n;
                continue;
            }
            break;
        case PH_CLOSING:
            err = latch_fd_flush(c->conn, c->fd);
            if (err == LATCH_OK) {
                /* Draining before close() keeps the kernel from answering
                 * late client bytes with a reset that could destroy the
                 * reply before the client has read it. */
                (void)shutdown(c->fd, SHUT_WR);
                c->phase = PH_DRAINING;
                c->deadline_ms = now_ms() + LINGER_MS;
                continue;
            }
            break;
        case PH_DRAINING: {
            ssize_t got = recv(c->fd, c->buf, sizeof c->buf, 0);
            if (got > 0 || (got < 0 && errno == EINTR))
                continue;
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                c->events = POLLIN;
                return;
            }
            c->phase = PH_DONE;
            return;
        }
        case PH_DONE:
            return;
        }
        if (!is_want(err)) {
            drop_err(c, err);
            return;
        }
        /* A connection waiting for its client holds no record buffers:
         * about 33 KiB each, which adds up over thousands of quiet ones. */
        if (err == LATCH_WANT_READ && (c->phase == PH_ECHO || c->phase == PH_REQUEST))
            (void)latch_conn_release_buffers(c->conn);
        c->events = poll_events(err);
        return;
    }
}

/* Trace events arrive on the shared config; they belong to the connection
 * being stepped, as the engine calls back only from inside its calls. */
static void on_trace(const latch_trace_event *ev, void *arg)
{
    const struct server *s = arg;
    if (s->stepping != NULL && s->stepping->trace != NULL)
        trace_render_event(ev, s->stepping->trace);
}

/* A renderer for a new connection. Text and JSON go straight to stderr
 * (each step's events come together); a diagram is kept whole until the
 * connection ends, so that diagrams of concurrent connections do not mix. */
static bool start_trace(struct server *s, struct client *c)
{
    c->trace = NULL;
    c->diagram = NULL;
    c->diagram_file = NULL;
    if (!s->trace)
        return true;
    unsigned id = ++s->connections;
    FILE *out = stderr;
    if (s->trace_format == TRACE_MERMAID) {
        c->diagram_file = open_memstream(&c->diagram, &c->diagram_len);
        if (c->diagram_file == NULL)
            return false;
        fprintf(c->diagram_file, "%%%% connection %u from %s\n", id, c->peer);
        out = c->diagram_file;
    } else if (s->trace_format == TRACE_TEXT) {
        fprintf(stderr, "#%u connection from %s\n", id, c->peer);
    }
    c->trace = trace_render_new(out, s->trace_format, LATCH_SERVER, id);
    return c->trace != NULL;
}

static void end_trace(struct client *c)
{
    trace_render_free(c->trace);
    if (c->diagram_file != NULL) {
        fclose(c->diagram_file);
        fwrite(c->diagram, 1, c->diagram_len, stderr);
        fflush(stderr);
        free(c->diagram);
    }
}

/* Once the last connection is gone, the heap a burst of connections left
 * behind goes back to the system, so an idle server is as small as a
 * fresh one. */
static void give_back_memory(void)
{
#ifdef __GLIBC__
    (void)malloc_trim(0);
#endif
}

/* --log: one line per connection, key=value words; what the client
 * chose or sent is escaped, and the error sentence comes last. */
static void log_connection(const struct client *c)
{
    const latch_conn *conn = c->conn;
    bool done = latch_conn_handshake_done(conn);
    char sni[LATCH_ESCAPED_MAX(255)], alpn[LATCH_ESCAPED_MAX(255)];
    char subject[LATCH_ESCAPED_MAX(256) + 2];
    const char *name = latch_conn_server_name(conn), *proto = latch_conn_alpn(conn);
    const char *group = latch_conn_group(conn);
    fprintf(stderr,
            "latch: log peer=%s sni=%s version=%s suite=%s group=%s alpn=%s resumed=%s "
            "client_cert=%s client_subject=%s in=%llu out=%llu ms=%lld result=%s%s\n",
            c->peer, name != NULL ? latch_escape(sni, sizeof sni, name, strlen(name)) : "none",
            done ? latch_conn_version(conn) : "none", done ? latch_conn_cipher(conn) : "none",
            done && group != NULL ? group : "none",
            proto != NULL ? latch_escape(alpn, sizeof alpn, proto, strlen(proto)) : "none",
            done && latch_conn_resumed(conn) ? "yes" : "no",
            latch_conn_client_authenticated(conn) ? "verified" : "none",
            server_log_subject(c->cfg, conn, subject, sizeof subject), c->in, c->out,
            (long long)(now_ms() - c->accepted_ms), c->why[0] != '\0' ? "failed: " : "ok", c->why);
}

static void free_client(struct client *c)
{
    close_file(c);
    if (c->log)
        log_connection(c);
    latch_conn_free(c->conn);
    close(c->fd);
    end_trace(c);
    free(c);
}

static void expire(const struct server *s, struct client *c)
{
    switch (c->phase) {
    case PH_HANDSHAKE:
        drop(c, "the handshake did not finish in time");
        break;
    case PH_ECHO:
        tool_error("%s: closing after %d s without data", c->peer, s->idle_ms / 1000);
        start_close(c, s->timeout_ms);
        if (c->phase != PH_DONE)
            step(s, c);
        break;
    case PH_REQUEST:
        if (c->len == 0 && c->out > 0) {
            start_close(c, s->timeout_ms); /* an idle kept-alive connection */
            if (c->phase != PH_DONE)
                step(s, c);
        } else {
            drop(c, "no whole request arrived in time");
        }
        break;
    case PH_SENDING:
    case PH_CLOSING:
        drop(c, "the client did not take the reply in time");
        break;
    default:
        c->phase = PH_DONE;
        break;
    }
}

/* At the --max-handshakes limit a new connection takes the place of the
 * handshake that has been going on longest: a half-open connection is
 * the one that waits, a real client finishes in milliseconds. */
static void drop_oldest_handshake(struct server *s)
{
    struct client *oldest = NULL;
    for (size_t i = 0; i < s->count; i++) {
        struct client *c = s->clients[i];
        if (c->phase == PH_HANDSHAKE && (oldest == NULL || c->accepted_ms < oldest->accepted_ms))
            oldest = c;
    }
    if (oldest == NULL)
        return;
    drop(oldest, "dropped unfinished: a newer connection came at the --max-handshakes limit");
    s->handshakes--;
}

static size_t count_handshakes(const struct server *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->count; i++)
        n += s->clients[i]->phase == PH_HANDSHAKE;
    return n;
}

static void accept_clients(struct server *s)
{
    while (s->count < s->max_conns) {
        struct sockaddr_storage addr;
        socklen_t addr_len = sizeof addr;
        int fd = accept4(s->listen_fd, (struct sockaddr *)&addr, &addr_len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0 && (errno == ECONNABORTED || errno == EINTR))
            continue;
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                /* Out of descriptors or memory: the connections wait in
                 * the backlog, and the listener rests (rather than
                 * waking poll at once, again and again) until one of ours
                 * closes or a moment has passed. Said once, until the
                 * backlog has been emptied. */
                if (!s->starved)
                    tool_error("cannot accept connections for now (%s); %zu open", strerror(errno),
                               s->count);
                s->starved = true;
                s->accept_resume_ms = now_ms() + ACCEPT_RETRY_MS;
            } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
                s->starved = false;
            }
            return;
        }
        s->accept_resume_ms = 0;
        if (s->handshakes >= s->max_handshakes)
            drop_oldest_handshake(s);
        struct client *c = malloc(sizeof *c);
        latch_conn *conn = c != NULL ? latch_conn_new(s->cfg, NULL) : NULL;
        if (conn == NULL) {
            tool_error("cannot make a connection: out of memory");
            free(c);
            close(fd);
            return;
        }
        c->fd = fd;
        c->conn = conn;
        c->log = s->log;
        c->cfg = s->cfg;
        c->file_fd = -1;
        c->file_left = 0;
        c->keep_alive = false;
        c->accepted_ms = now_ms();
        c->in = c->out = 0;
        c->why[0] = '\0';
        tool_format_addr((struct sockaddr *)&addr, addr_len, c->peer, sizeof c->peer);
        if (!start_trace(s, c)) {
            tool_error("cannot trace a connection: out of memory");
            free_client(c);
            return;
        }
        c->phase = PH_HANDSHAKE;
        c->events = POLLIN;
        c->accepted_ms = now_ms();
        c->deadline_ms = c->accepted_ms + s->timeout_ms;
        c->off = c->len = 0;
        s->clients[s->count++] = c;
        s->handshakes++;
    }
}

/* A listening socket on one address, or -1 with errno set. */
static int try_listen(const struct addrinfo *ai, bool dual_stack)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0)
        return -1;
    int one = 1;
    int zero = 0;
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (dual_stack)
        (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0)
        return fd;
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

static int open_listener(const char *bind_addr, const char *port)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
    };
    struct addrinfo *list = NULL;
    const char *where = bind_addr != NULL ? bind_addr : "*";
    int gai = getaddrinfo(bind_addr, port, &hints, &list);
    if (gai != 0) {
        tool_error("cannot listen on %s port %s: %s", where, port, gai_strerror(gai));
        return -1;
    }
    /* Without --bind, the IPv6 wildcard comes first: it takes IPv4 too. */
    int fd = -1;
    int last_errno = EADDRNOTAVAIL;
    for (int pass = bind_addr == NULL ? 0 : 1; pass < 2 && fd < 0; pass++) {
        for (struct addrinfo *ai = list; ai != NULL && fd < 0; ai = ai->ai_next) {
            bool v6 = ai->ai_family == AF_INET6;
            if (pass == 0 && !v6)
                continue;
            fd = try_listen(ai, pass == 0);
            if (fd < 0)
                last_errno = errno;
        }
    }
    freeaddrinfo(list);
    if (fd < 0)
        tool_error("cannot listen on %s port %s: %s", where, port, strerror(last_errno));
    return fd;
}

/* Every connection is a descriptor: takes the hard limit, and says so
 * when even that is below what --max-conns asks for. */
static void raise_fd_limit(size_t max_conns)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return;
    if (lim.rlim_cur < lim.rlim_max) {
        struct rlimit want = {.rlim_cur = lim.rlim_max, .rlim_max = lim.rlim_max};
        if (setrlimit(RLIMIT_NOFILE, &want) == 0)
            lim = want;
    }
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < max_conns + FDS_RESERVED)
        tool_error("note: %llu file descriptors allowed, fewer than --max-conns %zu needs; "
                   "past them, connections wait in the backlog",
                   (unsigned long long)lim.rlim_cur, max_conns);
}

static bool install_signals(void)
{
    if (pipe2(signal_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
        return false;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
        return false;
    sa.sa_handler = SIG_IGN;
    return sigaction(SIGPIPE, &sa, NULL) == 0;
}

/* Runs until a signal arrives; false if poll itself failed. */
static bool serve(struct server *s)
{
    struct pollfd *fds = calloc(s->max_conns + 2, sizeof *fds);
    if (fds == NULL) {
        tool_error("out of memory");
        return false;
    }
    bool ok = true;
    for (;;) {
        int64_t now = now_ms();
        if (s->accept_resume_ms != 0 && s->accept_resume_ms <= now)
            s->accept_resume_ms = 0;
        int64_t next = s->accept_resume_ms != 0 ? s->accept_resume_ms : -1;
        bool accepting = s->accept_resume_ms == 0 && s->count < s->max_conns;
        fds[0] = (struct pollfd){.fd = signal_pipe[0], .events = POLLIN};
        fds[1] = (struct pollfd){.fd = accepting ? s->listen_fd : -1, .events = POLLIN};
        for (size_t i = 0; i < s->count; i++) {
            const struct client *c = s->clients[i];
            fds[i + 2] = (struct pollfd){.fd = c->fd, .events = c->events};
            if (c->deadline_ms != 0 && (next < 0 || c->deadline_ms < next))
                next = c->deadline_ms;
        }
        int wait = next < 0 ? -1 : next <= now ? 0 : (int)(next - now);
        int ready = poll(fds, s->count + 2, wait);
        if (ready < 0 && errno != EINTR) {
            tool_error("poll: %s", strerror(errno));
            ok = false;
            break;
        }
        if (ready > 0 && fds[0].revents != 0)
            break;
        size_t polled = s->count;
        now = now_ms();
        for (size_t i = 0; i < polled; i++) {
            struct client *c = s->clients[i];
            s->stepping = c;
            if (ready > 0 && fds[i + 2].revents != 0)
                step(s, c);
            if (c->phase != PH_DONE && c->deadline_ms != 0 && c->deadline_ms <= now)
                expire(s, c);
            s->stepping = NULL;
        }
        if (ready > 0 && fds[1].revents != 0)
            accept_clients(s);
        size_t kept = 0;
        for (size_t i = 0; i < s->count; i++) {
            struct client *c = s->clients[i];
            if (c->phase == PH_DONE) {
                free_client(c);
                s->accept_resume_ms = 0;
            } else {
                s->clients[kept++] = c;
            }
        }
        if (kept == 0 && s->count > 0)
            give_back_memory();
        s->count = kept;
        s->handshakes = count_handshakes(s);
    }
    free(fds);
    return ok;
}

/* Says goodbye to every connection that got as far as the handshake. */
static void shut_down(struct server *s)
{
    for (size_t i = 0; i < s->count; i++) {
        struct client *c = s->clients[i];
        s->stepping = c;
        if (latch_conn_handshake_done(c->conn) && c->phase < PH_CLOSING)
            (void)latch_fd_close(c->conn, c->fd);
        s->stepping = NULL;
        free_client(c);
    }
    s->count = 0;
}

int cmd_server(int argc, char **argv)
{
    enum {
        OPT_CERT = 256,
        OPT_KEY,
        OPT_PORT,
        OPT_BIND,
        OPT_CIPHERS,
        OPT_GROUPS,
        OPT_ALPN,
        OPT_TIMEOUT,
        OPT_HTTP,
        OPT_ECHO,
        OPT_TRACE,
        OPT_LOG,
        OPT_ROOT,
        OPT_FORMAT,
        OPT_OCSP,
        OPT_IDLE_TIMEOUT,
        OPT_MAX_CONNS,
        OPT_NO_TICKETS,
        OPT_SESSION_CACHE,
        OPT_TICKET_ROTATION,
        OPT_VERIFY_CLIENT,
        OPT_REQUIRE_CLIENT_CERT,
        OPT_MAX_HANDSHAKES,
        OPT_MAX_HANDSHAKE_MESSAGE,
        OPT_MAX_CLIENT_HELLO,
        OPT_STRICT_SNI,
        OPT_STRICT_ALPN,
        OPT_RECORD_SIZE_LIMIT
    };
    static const struct option options[] = {
        {"cert", required_argument, NULL, OPT_CERT},
        {"key", required_argument, NULL, OPT_KEY},
        {"port", required_argument, NULL, OPT_PORT},
        {"bind", required_argument, NULL, OPT_BIND},
        {"ciphers", required_argument, NULL, OPT_CIPHERS},
        {"groups", required_argument, NULL, OPT_GROUPS},
        {"alpn", required_argument, NULL, OPT_ALPN},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"http", no_argument, NULL, OPT_HTTP},
        {"echo", no_argument, NULL, OPT_ECHO},
        {"trace", no_argument, NULL, OPT_TRACE},
        {"log", no_argument, NULL, OPT_LOG},
        {"root", required_argument, NULL, OPT_ROOT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"ocsp", required_argument, NULL, OPT_OCSP},
        {"idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT},
        {"max-conns", required_argument, NULL, OPT_MAX_CONNS},
        {"no-tickets", no_argument, NULL, OPT_NO_TICKETS},
        {"session-cache", required_argument, NULL, OPT_SESSION_CACHE},
        {"ticket-rotation", required_argument, NULL, OPT_TICKET_ROTATION},
        {"verify-client", required_argument, NULL, OPT_VERIFY_CLIENT},
        {"require-client-cert", no_argument, NULL, OPT_REQUIRE_CLIENT_CERT},
        {"max-handshakes", required_argument, NULL, OPT_MAX_HANDSHAKES},
        {"max-handshake-message", required_argument, NULL, OPT_MAX_HANDSHAKE_MESSAGE},
        {"max-client-hello", required_argument, NULL, OPT_MAX_CLIENT_HELLO},
        {"strict-sni", no_argument, NULL, OPT_STRICT_SNI},
        {"strict-alpn", no_argument, NULL, OPT_STRICT_ALPN},
        {"record-size-limit", required_argument, NULL, OPT_RECORD_SIZE_LIMIT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct server s = {
        .mode = MODE_HTTP,
        .root_fd = -1,
        .timeout_ms = 10000,
        .idle_ms = 300000,
        .max_conns = 10000,
        .max_handshakes = DEFAULT_MAX_HANDSHAKES,
        .listen_fd = -1,
    };
    const char *port = "4433";
    const char *bind_addr = NULL;
    const char *cert = NULL;
    size_t pairs = 0;
    bool verify_client = false;
    bool require_client_cert = false;
    bool strict_alpn = false;
    bool alpn = false;
    int status = EXIT_FAILED;
    s.cfg = latch_config_new(LATCH_SERVER);
    if (s.cfg == NULL) {
        tool_error("out of memory");
        return EXIT_FAILED;
    }
    int c;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        latch_err err = LATCH_OK;
        char *end = NULL;
        switch (c) {
        case OPT_CERT:
            if (cert != NULL) {
                tool_error("--cert %s has no --key", cert);
                status = EXIT_USAGE;
                goto out;
            }
            cert = optarg;
            break;
        case OPT_KEY:
            if (cert == NULL) {
                tool_error("--key %s must follow its --cert", optarg);
                status = EXIT_USAGE;
                goto out;
            }
            err = latch_config_add_cert_key_file(s.cfg, cert, optarg);
            if (err != LATCH_OK) {
                tool_error("--cert %s --key %s: %s", cert, optarg, latch_config_error(s.cfg));
                goto out;
            }
            cert = NULL;
            pairs++;
            break;
        case OPT_OCSP:
            if (cert != NULL || pairs == 0) {
                tool_error("--ocsp %s must follow the --cert and --key it is about", optarg);
                status = EXIT_USAGE;
                goto out;
            }
            if (latch_config_set_ocsp_response_file(s.cfg, optarg) != LATCH_OK) {
                tool_error("--ocsp: %s", latch_config_error(s.cfg));
                goto out;
            }
            break;
        case OPT_PORT:
            port = optarg;
            if (strspn(port, "0123456789") != strlen(port) || strlen(port) > 5 ||
                atoi(port) > 65535) {
                tool_error("--port %s is not a port number", port);
                status = EXIT_USAGE;
                goto out;
            }
            break;
        case OPT_BIND:
            bind_addr = optarg;
            break;
        case OPT_CIPHERS:
            err = latch_config_set_ciphers(s.cfg, optarg);
            break;
        case OPT_GROUPS:
            err = latch_config_set_groups(s.cfg, optarg);
            break;
        case OPT_ALPN:
            alpn = true;
            err = latch_config_set_alpn(s.cfg, optarg);
            break;
        case OPT_TIMEOUT:
        case OPT_IDLE_TIMEOUT: {
            long secs = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || secs < 1 || secs > 86400) {
                tool_error("--%s %s is not a number of seconds from 1 to 86400",
                           options[c - OPT_CERT].name, optarg);
                status = EXIT_USAGE;
                goto out;
            }
            *(c == OPT_TIMEOUT ? &s.timeout_ms : &s.idle_ms) = (int)secs * 1000;
            break;
        }
        case OPT_MAX_CONNS: {
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || n < 1 || n > MAX_CONNS_LIMIT) {
                tool_error("--max-conns %s is not a number from 1 to %d", optarg, MAX_CONNS_LIMIT);
                status = EXIT_USAGE;
                goto out;
            }
            s.max_conns = (size_t)n;
            break;
        }
        case OPT_MAX_HANDSHAKES: {
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || n < 1 || n > MAX_CONNS_LIMIT) {
                tool_error("--max-handshakes %s is not a number from 1 to %d", optarg,
                           MAX_CONNS_LIMIT);
                status = EXIT_USAGE;
                goto out;
            }
            s.max_handshakes = (size_t)n;
            break;
        }
        case OPT_MAX_HANDSHAKE_MESSAGE:
        case OPT_MAX_CLIENT_HELLO: {
            unsigned long long n = strtoull(optarg, &end, 10);
            if (end == optarg || *end != '\0' || optarg[0] == '-' || n > SIZE_MAX) {
                tool_error("--%s %s is not a number of bytes", options[c - OPT_CERT].name, optarg);
                status = EXIT_USAGE;
                goto out;
            }
            err = c == OPT_MAX_CLIENT_HELLO
                      ? latch_config_set_max_client_hello(s.cfg, (size_t)n)
                      : latch_config_set_max_handshake_message(s.cfg, (size_t)n);
            break;
        }
        case OPT_STRICT_SNI:
            err = latch_config_set_strict_sni(s.cfg, 1);
            break;
        case OPT_STRICT_ALPN:
            strict_alpn = true;
            err = latch_config_set_strict_alpn(s.cfg, 1);
            break;
        case OPT_RECORD_SIZE_LIMIT: {
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || n < 64 || n > 16384) {
                tool_error("--record-size-limit %s is not a number of bytes from 64 to 16384",
                           optarg);
                status = EXIT_USAGE;
                goto out;
            }
            err = latch_config_set_record_size_limit(s.cfg, (unsigned)n);
            break;
        }
        case OPT_NO_TICKETS:
            if (latch_config_set_tickets(s.cfg, 0) != LATCH_OK) {
                tool_error("--no-tickets: %s", latch_config_error(s.cfg));
                goto out;
            }
            break;
        case OPT_SESSION_CACHE: {
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || n < 0 || n > LATCH_SESSION_CACHE_MAX) {
                tool_error("--session-cache %s is not a number from 0 to %d", optarg,
                           LATCH_SESSION_CACHE_MAX);
                status = EXIT_USAGE;
                goto out;
            }
            err = latch_config_set_session_cache(s.cfg, (size_t)n);
            break;
        }
        case OPT_TICKET_ROTATION: {
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || n < 0 || n > LATCH_TICKET_ROTATION_MAX) {
                tool_error("--ticket-rotation %s is not a number of seconds", optarg);
                status = EXIT_USAGE;
                goto out;
            }
            err = latch_config_set_ticket_rotation(s.cfg, (uint32_t)n);
            break;
        }
        case OPT_VERIFY_CLIENT:
            verify_client = true;
            err = latch_config_add_ca_file(s.cfg, optarg);
            break;
        case OPT_REQUIRE_CLIENT_CERT:
            require_client_cert = true;
            break;
        case OPT_HTTP:
            s.mode = MODE_HTTP;
            break;
        case OPT_ECHO:
            s.mode = MODE_ECHO;
            break;
        case OPT_LOG:
            s.log = true;
            break;
        case OPT_ROOT:
            if (s.root_fd >= 0)
                close(s.root_fd);
            s.root_fd = open(optarg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (s.root_fd < 0) {
                tool_error("--root %s: %s", optarg, strerror(errno));
                goto out;
            }
            s.mode = MODE_HTTP;
            break;
        case OPT_TRACE:
            s.trace = true;
            break;
        case OPT_FORMAT:
            s.trace = true;
            if (!trace_format_parse(optarg, &s.trace_format)) {
                tool_error("--format %s: use text, json, mermaid or html", optarg);
                status = EXIT_USAGE;
                goto out;
            }
            break;
        case 'h':
            fputs(cmd_server_usage, stdout);
            status = EXIT_OK;
            goto out;
        default:
            status = tool_usage_hint("server");
            goto out;
        }
        if (err != LATCH_OK) {
            tool_error("--%s %s: %s", options[c - OPT_CERT].name, optarg != NULL ? optarg : "",
                       latch_config_error(s.cfg));
            goto out;
        }
    }
    if (s.root_fd >= 0 && s.mode == MODE_ECHO) {
        status = tool_usage_error("server", "--root serves files over --http, not with --echo");
        goto out;
    }
    if (optind != argc || cert != NULL || pairs == 0 || (require_client_cert && !verify_client) ||
        (strict_alpn && !alpn)) {
        if (optind != argc)
            status = tool_usage_error(
                "server", "unexpected operand '%s': every setting is an option", argv[optind]);
        else if (cert != NULL)
            status = tool_usage_error("server", "--cert %s has no --key", cert);
        else if (pairs == 0)
            status = tool_usage_error("server", "a server needs at least one --cert and --key");
        else if (strict_alpn && !alpn)
            status = tool_usage_error("server",
                                      "--strict-alpn needs --alpn LIST (the protocols to require)");
        else
            status = tool_usage_error(
                "server", "--require-client-cert needs --verify-client FILE (the clients' CAs)");
        goto out;
    }
    if (verify_client && latch_config_request_client_cert(
                             s.cfg, require_client_cert ? LATCH_CLIENT_CERT_REQUIRED
                                                        : LATCH_CLIENT_CERT_OPTIONAL) != LATCH_OK) {
        tool_error("--verify-client: %s", latch_config_error(s.cfg));
        goto out;
    }
    if (s.trace && latch_config_set_trace(s.cfg, on_trace, &s, 0) != LATCH_OK) {
        tool_error("--trace: %s", latch_config_error(s.cfg));
        goto out;
    }
    if (!tool_keylog_from_env(s.cfg))
        goto out;
    raise_fd_limit(s.max_conns);
    s.clients = calloc(s.max_conns, sizeof *s.clients);
    if (s.clients == NULL || !install_signals()) {
        tool_error("cannot set up: %s", strerror(errno));
        goto out;
    }
    s.listen_fd = open_listener(bind_addr, port);
    if (s.listen_fd < 0)
        goto out;
    struct sockaddr_storage addr;
    socklen_t addr_len = sizeof addr;
    char where[64];
    if (getsockname(s.listen_fd, (struct sockaddr *)&addr, &addr_len) != 0) {
        tool_error("getsockname: %s", strerror(errno));
        goto out;
    }
    tool_format_addr((struct sockaddr *)&addr, addr_len, where, sizeof where);
    fprintf(stderr, "listening on %s\n", where);
    status = serve(&s) ? EXIT_OK : EXIT_FAILED;
    shut_down(&s);
out:
    if (s.root_fd >= 0)
        close(s.root_fd);
    if (s.listen_fd >= 0)
        close(s.listen_fd);
    free(s.clients);
    latch_config_free(s.cfg);
    return status;
}
