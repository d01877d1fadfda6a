/*
 * latch server: one connection, stepped as far as its socket allows each
 * time the loop says it is ready, from the handshake to the last byte.
 * A connection that fails is logged in one line and dropped.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "server.h"
#include "server_log_subject.h"

void client_note(struct client *c, const char *why)
{
    if (c->log)
        snprintf(c->why, sizeof c->why, "%s", why);
    else
        tool_error("%s: %s", c->peer, why);
}

void client_drop(struct client *c, const char *why)
{
    client_note(c, why);
    c->phase = PH_DONE;
}

void client_drop_err(struct client *c, latch_err err)
{
    char why[512];
    int err_no = errno;
    client_drop(c, tool_failure(c->conn, err, err_no, why, sizeof why));
}

static bool is_want(latch_err err)
{
    return err == LATCH_WANT_READ || err == LATCH_WANT_WRITE;
}

static short poll_events(latch_err want)
{
    return want == LATCH_WANT_WRITE ? POLLOUT : POLLIN;
}

static void close_file(struct client *c)
{
    if (c->file_fd >= 0)
        close(c->file_fd);
    c->file_fd = -1;
}

void client_start_close(struct client *c, int timeout_ms)
{
    latch_err err = latch_fd_close(c->conn, c->fd);
    if (err != LATCH_OK && !is_want(err)) {
        client_drop_err(c, err);
        return;
    }
    c->phase = PH_CLOSING;
    c->deadline_ms = tool_now_ms() + timeout_ms;
}

/* Advances a connection as far as its socket allows, leaving in
 * c->events what it waits for, or c->phase == PH_DONE. */
void client_step(const struct server *s, struct client *c)
{
    for (;;) {
        latch_err err = LATCH_ERR_INTERNAL;
        size_t n = 0;
        switch (c->phase) {
        case PH_HANDSHAKE:
            err = latch_fd_handshake(c->conn, c->fd);
            if (err == LATCH_OK && s->set.mode == MODE_FORWARD) {
                relay_start(s, c);
                continue;
            }
            if (err == LATCH_OK) {
                c->phase = s->set.mode == MODE_HTTP ? PH_REQUEST : PH_ECHO;
                if (s->set.mode == MODE_ECHO)
                    c->deadline_ms = tool_now_ms() + s->set.idle_ms;
                continue;
            }
            break;
        case PH_CONNECT:
        case PH_RELAY:
            if (relay_step(s, c))
                continue;
            return;
        case PH_REQUEST:
            if (http_head_complete(c) || c->len == HEAD_MAX) {
                http_make_reply(s, c, http_head_complete(c));
                c->phase = PH_SENDING;
                c->deadline_ms = tool_now_ms() + s->set.timeout_ms;
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
                client_start_close(c, s->set.timeout_ms);
                continue;
            }
            if (err == LATCH_ERR_CLOSED) {
                /* Logged as a failure, but the close_notify is still
                 * answered (RFC 5246 7.2.1: at once, with one of ours). */
                client_note(c, "the client closed the connection before sending a whole request");
                client_start_close(c, s->set.timeout_ms);
                continue;
            }
            break;
        case PH_ECHO:
            if (c->off < c->len) {
                err = latch_fd_write(c->conn, c->fd, c->buf + c->off, c->len - c->off, &n);
                if (err == LATCH_OK) {
                    c->off += n;
                    c->out += n;
                    c->deadline_ms = tool_now_ms() + s->set.idle_ms;
                    continue;
                }
                break;
            }
            c->off = c->len = 0;
            err = latch_fd_read(c->conn, c->fd, c->buf, sizeof c->buf, &n);
            if (err == LATCH_OK) {
                c->len = n;
                c->in += n;
                c->deadline_ms = tool_now_ms() + s->set.idle_ms;
                continue;
            }
            if (err == LATCH_ERR_CLOSED) {
                client_start_close(c, s->set.timeout_ms);
                continue;
            }
            break;
        case PH_SENDING:
            if (c->off == c->len && c->file_fd >= 0 && c->file_left > 0) {
                ssize_t got = read(c->file_fd, c->buf, sizeof c->buf);
                if (got <= 0) {
                    client_drop(c, got < 0 ? "reading the file to send failed"
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
                c->deadline_ms = tool_now_ms() + s->set.timeout_ms;
                continue;
            }
            if (c->off == c->len) {
                client_start_close(c, s->set.timeout_ms);
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
                c->deadline_ms = tool_now_ms() + LINGER_MS;
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
            client_drop_err(c, err);
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

/* Trace events name their connection, whose user data is its client. */
void client_on_trace(const latch_conn *conn, const latch_trace_event *ev, void *arg)
{
    (void)arg;
    const struct client *c = latch_conn_get_user_data(conn);
    if (c != NULL && c->trace != NULL)
        trace_render_event(ev, c->trace);
}

/* A renderer for a new connection. Text and JSON go straight to stderr
 * (each step's events come together); a diagram is kept whole until the
 * connection ends, so that diagrams of concurrent connections do not mix. */
static bool start_trace(struct server *s, struct client *c)
{
    c->trace = NULL;
    c->diagram = NULL;
    c->diagram_file = NULL;
    if (!s->set.trace)
        return true;
    unsigned id = ++s->connections;
    FILE *out = stderr;
    if (s->set.trace_format == TRACE_MERMAID) {
        c->diagram_file = open_memstream(&c->diagram, &c->diagram_len);
        if (c->diagram_file == NULL)
            return false;
        fprintf(c->diagram_file, "%%%% connection %u from %s\n", id, c->peer);
        out = c->diagram_file;
    } else if (s->set.trace_format == TRACE_TEXT) {
        fprintf(stderr, "#%u connection from %s\n", id, c->peer);
    }
    c->trace = trace_render_new(out, s->set.trace_format, LATCH_SERVER, id);
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
            (long long)(tool_now_ms() - c->accepted_ms), c->why[0] != '\0' ? "failed: " : "ok",
            c->why);
}

void client_free(struct client *c)
{
    close_file(c);
    relay_free(c);
    if (c->log)
        log_connection(c);
    latch_conn_free(c->conn);
    close(c->fd);
    end_trace(c);
    free(c);
}

void client_expire(const struct server *s, struct client *c)
{
    switch (c->phase) {
    case PH_HANDSHAKE:
        client_drop(c, "the handshake did not finish in time");
        break;
    case PH_ECHO:
        tool_error("%s: closing after %d s without data", c->peer, s->set.idle_ms / 1000);
        client_start_close(c, s->set.timeout_ms);
        if (c->phase != PH_DONE)
            client_step(s, c);
        break;
    case PH_REQUEST:
        if (c->len == 0 && c->out > 0) {
            client_start_close(c, s->set.timeout_ms); /* an idle kept-alive connection */
            if (c->phase != PH_DONE)
                client_step(s, c);
        } else {
            client_drop(c, "no whole request arrived in time");
        }
        break;
    case PH_CONNECT:
    case PH_RELAY:
        relay_expire(s, c);
        if (c->phase != PH_DONE)
            client_step(s, c);
        break;
    case PH_SENDING:
    case PH_CLOSING:
        client_drop(c, "the client did not take the reply in time");
        break;
    default:
        c->phase = PH_DONE;
        break;
    }
}

struct client *client_new(struct server *s, int fd, const struct sockaddr *addr, socklen_t len)
{
    struct client *c = malloc(sizeof *c);
    latch_conn *conn = c != NULL ? latch_conn_new(s->cfg, NULL) : NULL;
    if (conn == NULL) {
        tool_error("cannot make a connection: out of memory");
        free(c);
        close(fd);
        return NULL;
    }
    latch_conn_set_user_data(conn, c);
    c->fd = fd;
    c->conn = conn;
    c->log = s->set.log;
    c->cfg = s->cfg;
    c->file_fd = -1;
    c->file_left = 0;
    c->keep_alive = false;
    c->relay = NULL;
    c->registered = 0;
    c->touched = false;
    c->hs_counted = false;
    c->in = c->out = 0;
    c->why[0] = '\0';
    tool_format_addr(addr, len, c->peer, sizeof c->peer);
    if (!start_trace(s, c)) {
        tool_error("cannot trace a connection: out of memory");
        client_free(c);
        return NULL;
    }
    c->phase = PH_HANDSHAKE;
    c->events = POLLIN;
    c->accepted_ms = tool_now_ms();
    c->deadline_ms = c->accepted_ms + s->set.timeout_ms;
    c->off = c->len = 0;
    return c;
}
