/*
 * latch server --forward: after the handshake, a plaintext connection to
 * the backend, and the bytes copied both ways. Each direction has one
 * bounded buffer (client to backend: c->buf; backend to client:
 * relay->buf); while one is full its source is not read, so a slow side
 * slows the other down instead of growing memory. A close_notify from
 * the client becomes shutdown(SHUT_WR) to the backend; the backend's end
 * of file becomes close_notify to the client.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "server.h"

struct relay {
    int fd;           /* the backend socket */
    short events;     /* what it waits for */
    short registered; /* what the loop watches it for */
    bool connected;
    bool client_eof;   /* close_notify came from the client */
    bool backend_shut; /* and the backend's write side is shut */
    bool backend_eof;  /* the backend sent its end of file */
    bool notified;     /* close_notify is queued for the client */
    size_t off;        /* buf[off..len) is still to go to the client */
    size_t len;
    uint8_t *buf; /* RELAY_BUF bytes while bytes move; NULL while quiet */
};

/* A backend that refused or failed: one line naming it and why, and a
 * clean close towards the client. */
static void backend_failed(const struct server *s, struct client *c, const char *what, int err_no)
{
    char why[256];
    snprintf(why, sizeof why, "backend %s %s: %s", s->set.forward, what, strerror(err_no));
    client_note(c, why);
    client_start_close(c, s->set.timeout_ms);
}

void relay_start(const struct server *s, struct client *c)
{
    struct relay *r = malloc(sizeof *r);
    if (r == NULL) {
        client_drop(c, "cannot forward: out of memory");
        return;
    }
    *r = (struct relay){.fd = -1};
    c->relay = r;
    c->off = c->len = 0;
    c->phase = PH_CONNECT;
    c->deadline_ms = tool_now_ms() + s->set.connect_ms;
    c->events = 0;
    r->fd = socket(s->set.backend.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (r->fd < 0) {
        backend_failed(s, c, "cannot be reached", errno);
        return;
    }
    server_no_delay(r->fd);
    if (connect(r->fd, (const struct sockaddr *)&s->set.backend, s->set.backend_len) != 0 &&
        errno != EINPROGRESS) {
        backend_failed(s, c, "refused the connection", errno);
        return;
    }
    r->events = POLLOUT;
}

/* The connect finished one way or the other. */
static bool connected(const struct server *s, struct client *c)
{
    struct relay *r = c->relay;
    /* SO_ERROR is 0 while the connect is still going on too: only a
     * writable socket has an answer. */
    struct pollfd p = {.fd = r->fd, .events = POLLOUT};
    if (poll(&p, 1, 0) == 0)
        return false;
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(r->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
        err = errno;
    if (err == EINPROGRESS || err == EALREADY)
        return false;
    if (err != 0) {
        backend_failed(s, c, "refused the connection", err);
        return false;
    }
    r->connected = true;
    c->phase = PH_RELAY;
    c->deadline_ms = tool_now_ms() + s->set.idle_ms;
    if (s->set.proxy_protocol) {
        c->len = proxy_v2_header(c, c->buf, sizeof c->buf);
        if (c->len == 0) {
            client_drop(c, "cannot make the PROXY protocol header");
            return false;
        }
    }
    return true;
}

static bool is_want(latch_err err)
{
    return err == LATCH_WANT_READ || err == LATCH_WANT_WRITE;
}

static short want_events(latch_err want)
{
    return want == LATCH_WANT_WRITE ? POLLOUT : POLLIN;
}

/* The client's side did not move: waiting on its socket (added to
 * *front), or failed (and dropped). */
static bool tls_blocked(struct client *c, latch_err err, short *front, bool *ended)
{
    if (is_want(err)) {
        *front |= want_events(err);
        return false;
    }
    client_drop_err(c, err);
    *ended = true;
    return false;
}

/* One direction of one pass; each returns true when it moved a byte or
 * a state, and adds what it waits for to *front or *back. Returns false
 * and leaves c->phase at PH_DONE or closing when the connection ended. */

static bool client_to_backend(const struct server *s, struct client *c, short *front, short *back,
                              bool *ended)
{
    struct relay *r = c->relay;
    if (c->off < c->len) {
        ssize_t n = send(r->fd, c->buf + c->off, c->len - c->off, MSG_NOSIGNAL);
        if (n > 0) {
            c->off += (size_t)n;
            return true;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            *back |= POLLOUT;
            return false;
        }
        if (n < 0 && errno == EINTR)
            return true;
        backend_failed(s, c, "failed", errno);
        *ended = true;
        return false;
    }
    c->off = c->len = 0;
    if (r->client_eof) {
        if (!r->backend_shut) {
            (void)shutdown(r->fd, SHUT_WR);
            r->backend_shut = true;
            return true;
        }
        return false;
    }
    size_t got = 0;
    latch_err err = latch_fd_read(c->conn, c->fd, c->buf, sizeof c->buf, &got);
    if (err == LATCH_OK) {
        c->len = got;
        c->in += got;
        return true;
    }
    if (err == LATCH_ERR_CLOSED) {
        r->client_eof = true;
        return true;
    }
    return tls_blocked(c, err, front, ended);
}

static bool backend_to_client(const struct server *s, struct client *c, short *front, short *back,
                              bool *ended)
{
    struct relay *r = c->relay;
    latch_err err;
    if (r->off < r->len) {
        size_t n = 0;
        err = latch_fd_write(c->conn, c->fd, r->buf + r->off, r->len - r->off, &n);
        if (err == LATCH_OK) {
            r->off += n;
            c->out += n;
            return true;
        }
    } else {
        /* What latch_fd_write took may still wait to leave. */
        err = latch_fd_flush(c->conn, c->fd);
        if (err == LATCH_OK && !r->backend_eof) {
            if (r->buf == NULL && (r->buf = malloc(RELAY_BUF)) == NULL) {
                client_drop(c, "cannot forward: out of memory");
                *ended = true;
                return false;
            }
            ssize_t n = recv(r->fd, r->buf, RELAY_BUF, 0);
            if (n > 0) {
                r->off = 0;
                r->len = (size_t)n;
                return true;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                *back |= POLLIN;
                return false;
            }
            if (n < 0 && errno == EINTR)
                return true;
            if (n < 0) {
                backend_failed(s, c, "failed", errno);
                *ended = true;
                return false;
            }
            r->backend_eof = true;
            return true;
        }
        if (err == LATCH_OK && !r->notified) {
            /* The backend is done: so is the client's read side. */
            r->notified = true;
            err = latch_conn_close(c->conn);
            return err == LATCH_OK;
        }
        if (err == LATCH_OK)
            return false;
    }
    return tls_blocked(c, err, front, ended);
}

bool relay_step(const struct server *s, struct client *c)
{
    struct relay *r = c->relay;
    if (c->phase == PH_CONNECT && !connected(s, c))
        return c->phase != PH_CONNECT;
    for (;;) {
        short front = 0, back = 0;
        bool ended = false;
        bool moved = client_to_backend(s, c, &front, &back, &ended);
        if (!ended)
            moved |= backend_to_client(s, c, &front, &back, &ended);
        if (ended)
            return true;
        if (moved) {
            c->deadline_ms = tool_now_ms() + s->set.idle_ms;
            continue;
        }
        if (r->backend_shut && r->notified && r->off == r->len && front == 0) {
            /* Both ways closed and everything sent: linger as any
             * connection does. */
            c->phase = PH_CLOSING;
            c->deadline_ms = tool_now_ms() + s->set.timeout_ms;
            return true;
        }
        /* Quiet both ways: the buffers can go until bytes come. */
        if (front == POLLIN && c->off == c->len && r->off == r->len) {
            (void)latch_conn_release_buffers(c->conn);
            free(r->buf);
            r->buf = NULL;
        }
        c->events = front;
        r->events = back;
        return false;
    }
}

void relay_expire(const struct server *s, struct client *c)
{
    if (c->phase == PH_CONNECT) {
        char why[256];
        snprintf(why, sizeof why, "backend %s did not accept the connection within %d s",
                 s->set.forward, s->set.connect_ms / 1000);
        client_note(c, why);
        client_start_close(c, s->set.timeout_ms);
        return;
    }
    tool_error("%s: closing after %d s without data", c->peer, s->set.idle_ms / 1000);
    client_start_close(c, s->set.timeout_ms);
}

void relay_free(struct client *c)
{
    if (c->relay == NULL)
        return;
    if (c->relay->fd >= 0)
        close(c->relay->fd);
    free(c->relay->buf);
    free(c->relay);
    c->relay = NULL;
}

int relay_fd(const struct client *c, short *events, short **registered)
{
    if (c->relay == NULL || c->relay->fd < 0) {
        *events = 0;
        *registered = NULL;
        return -1;
    }
    /* A connection on its way out no longer moves backend bytes. */
    bool live = c->phase == PH_CONNECT || c->phase == PH_RELAY;
    *events = live ? c->relay->events : 0;
    *registered = &c->relay->registered;
    return c->relay->fd;
}
