/*
 * Many HTTPS requests at once from one thread: COUNT non-blocking sockets
 * in an epoll set, each driving its own sans-IO engine. Every connection
 * verifies the server against CAFILE, sends "GET / HTTP/1.0" and reads
 * the answer to the server's close_notify:
 *   nonblock_client HOST PORT CAFILE COUNT
 * It prints how many answers began with "HTTP/1." and fails unless all.
 */
#include <errno.h>
#include <latch.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static const char request[] = "GET / HTTP/1.0\r\n\r\n";

typedef struct request_state {
    int fd;
    latch_conn *conn;
    int sent;     /* the request was handed to the engine */
    char head[8]; /* the answer's first bytes */
    size_t head_len;
} request_state;

/* One turn of the engine: the handshake, the request once, the answer,
 * then whatever the engine queued goes out. LATCH_WANT_READ while the
 * exchange goes on, LATCH_ERR_CLOSED at its clean end, else the error. */
static latch_err turn(request_state *r)
{
    latch_err err = latch_conn_handshake(r->conn);
    if (err == LATCH_OK && !r->sent) {
        size_t written;
        err = latch_conn_write(r->conn, (const uint8_t *)request, strlen(request), &written);
        r->sent = err == LATCH_OK && written == strlen(request);
    }
    uint8_t buf[16384];
    size_t n;
    while (err == LATCH_OK && (err = latch_conn_read(r->conn, buf, sizeof buf, &n)) == LATCH_OK) {
        size_t take = n < sizeof r->head - r->head_len ? n : sizeof r->head - r->head_len;
        memcpy(r->head + r->head_len, buf, take);
        r->head_len += take;
    }
    size_t len;
    const uint8_t *out;
    while ((out = latch_conn_output(r->conn, &len)) != NULL && len > 0) {
        ssize_t sent = send(r->fd, out, len, MSG_NOSIGNAL);
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            latch_conn_fail_io(r->conn, "send", errno);
            return LATCH_ERR_IO;
        }
        if (sent < 0)
            break; /* EPOLLOUT says when to go on */
        latch_conn_output_done(r->conn, (size_t)sent);
    }
    return err == LATCH_WANT_WRITE ? LATCH_WANT_READ : err;
}

/* Called on every readiness edge: receives until the socket is empty. */
static latch_err step(request_state *r)
{
    for (;;) {
        latch_err err = turn(r);
        if (err != LATCH_WANT_READ)
            return err;
        size_t cap;
        uint8_t *window = latch_conn_input_window(r->conn, &cap);
        ssize_t got = recv(r->fd, window, cap, 0);
        if (got > 0) {
            latch_conn_input_done(r->conn, (size_t)got);
        } else if (got == 0) {
            latch_conn_input_eof(r->conn);
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return LATCH_WANT_READ;
        } else {
            latch_conn_fail_io(r->conn, "recv", errno);
            return LATCH_ERR_IO;
        }
    }
}

static int start(request_state *r, const struct addrinfo *ai, latch_config *cfg, const char *host,
                 int ep)
{
    r->fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    r->conn = latch_conn_new(cfg, host);
    if (r->fd < 0 || r->conn == NULL)
        return -1;
    if (connect(r->fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS)
        return -1;
    /* Edge-triggered; the first EPOLLOUT comes when the connect is done. */
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = r};
    return epoll_ctl(ep, EPOLL_CTL_ADD, r->fd, &ev);
}

int main(int argc, char **argv)
{
    if (argc != 5 || atoi(argv[4]) < 1) {
        fprintf(stderr, "usage: nonblock_client HOST PORT CAFILE COUNT\n");
        return 2;
    }
    int count = atoi(argv[4]);
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    if (cfg == NULL || latch_config_add_ca_file(cfg, argv[3]) != LATCH_OK) {
        fprintf(stderr, "nonblock_client: %s\n", cfg ? latch_config_error(cfg) : "out of memory");
        return 1;
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai;
    int gai = getaddrinfo(argv[1], argv[2], &hints, &ai);
    if (gai != 0) {
        fprintf(stderr, "nonblock_client: %s: %s\n", argv[1], gai_strerror(gai));
        return 1;
    }
    request_state *all = calloc((size_t)count, sizeof *all);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    for (int i = 0; all != NULL && ep >= 0 && i < count; i++) {
        if (start(&all[i], ai, cfg, argv[1], ep) != 0) {
            perror("nonblock_client: connect");
            return 1;
        }
    }
    freeaddrinfo(ai);
    int open_now = count, good = 0;
    while (open_now > 0) {
        struct epoll_event events[64];
        int ready = epoll_wait(ep, events, 64, -1);
        for (int i = 0; i < ready; i++) {
            request_state *r = events[i].data.ptr;
            latch_err err = step(r);
            if (err == LATCH_WANT_READ)
                continue;
            if (err == LATCH_ERR_CLOSED && r->head_len >= 7 && memcmp(r->head, "HTTP/1.", 7) == 0)
                good++;
            else
                fprintf(stderr, "nonblock_client: connection %d: %s\n", r->fd,
                        err == LATCH_ERR_CLOSED ? "the answer is not HTTP"
                                                : latch_conn_error(r->conn));
            close(r->fd); /* also leaves the epoll set */
            latch_conn_free(r->conn);
            r->conn = NULL;
            open_now--;
        }
    }
    printf("%d of %d answers\n", good, count);
    free(all);
    close(ep);
    latch_config_free(cfg);
    return good == count ? 0 : 1;
}
