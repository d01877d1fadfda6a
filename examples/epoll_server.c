/*
 * An echo server for many connections at once: one thread, epoll, and
 * the sans-IO engine (latch_conn_input_window / _output) driven by hand.
 * It listens on 127.0.0.1, prints "listening on PORT" (PORT 0 picks a
 * free one), echoes every line back, and exits after COUNT connections:
 *   epoll_server PORT CERT KEY COUNT
 */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <latch.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct client {
    int fd;
    latch_conn *conn;
    size_t echoed; /* bytes echoed back */
} client;

/* Sends what the engine has queued. 1 when all went out, 0 when the
 * socket is full (wait for EPOLLOUT), -1 when it failed. */
static int flush_output(client *c)
{
    size_t len;
    const uint8_t *out;
    while ((out = latch_conn_output(c->conn, &len)) != NULL && len > 0) {
        ssize_t n = send(c->fd, out, len, MSG_NOSIGNAL);
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
        latch_conn_output_done(c->conn, (size_t)n);
    }
    return 1;
}

/* Reads until the engine says WANT_READ (a record may hold more than one
 * read's worth: polling before that could wait on data already here),
 * echoes what came, and sends. Returns 0 while the connection goes on, 1
 * when it is over. */
static int process(client *c)
{
    uint8_t buf[16384];
    size_t n, written;
    latch_err err;
    while ((err = latch_conn_read(c->conn, buf, sizeof buf, &n)) == LATCH_OK) {
        /* The output buffer takes a whole record; a slow reader would need
         * the rest kept until EPOLLOUT, which an echo of lines never meets. */
        if (latch_conn_write(c->conn, buf, n, &written) != LATCH_OK || written != n)
            return 1;
        c->echoed += n;
    }
    if (err == LATCH_ERR_CLOSED)
        latch_conn_close(c->conn);
    /* A peer that ends without close_notify (LATCH_ERR_TRUNCATED) is no
     * harm to an echo: everything it sent was answered. */
    else if (err != LATCH_WANT_READ && err != LATCH_WANT_WRITE && err != LATCH_ERR_TRUNCATED)
        fprintf(stderr, "epoll_server: connection %d: %s\n", c->fd, latch_conn_error(c->conn));
    int sent = flush_output(c);
    return sent < 0 || (err != LATCH_WANT_READ && err != LATCH_WANT_WRITE);
}

/* Edge-triggered: moves what the socket has into the engine's input
 * window until the socket is empty, processing each piece. */
static int step(client *c)
{
    for (;;) {
        size_t cap;
        uint8_t *window = latch_conn_input_window(c->conn, &cap);
        if (window == NULL || cap == 0)
            return 1;
        ssize_t got = recv(c->fd, window, cap, 0);
        if (got > 0)
            latch_conn_input_done(c->conn, (size_t)got);
        else if (got == 0)
            latch_conn_input_eof(c->conn);
        else if (errno != EAGAIN && errno != EWOULDBLOCK)
            return 1;
        if (process(c))
            return 1;
        if (got <= 0)
            return got == 0;
    }
}

static int listen_on(const char *port)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 512) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &alen) != 0)
        return -1;
    printf("listening on %u\n", ntohs(addr.sin_port));
    fflush(stdout);
    return fd;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: epoll_server PORT CERT KEY COUNT\n");
        return 2;
    }
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    if (cfg == NULL || latch_config_add_cert_key_file(cfg, argv[2], argv[3]) != LATCH_OK) {
        fprintf(stderr, "epoll_server: %s\n", cfg ? latch_config_error(cfg) : "out of memory");
        return 1;
    }
    int lfd = listen_on(argv[1]);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    if (lfd < 0 || ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) != 0) {
        perror("epoll_server");
        return 1;
    }
    long left = atol(argv[4]), open_now = 0, served = 0;
    while (left > 0 || open_now > 0) {
        struct epoll_event events[64];
        int ready = epoll_wait(ep, events, 64, -1);
        for (int i = 0; i < ready; i++) {
            client *c = events[i].data.ptr;
            if (c == NULL) { /* the listening socket */
                int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (fd < 0 || left == 0) {
                    if (fd >= 0)
                        close(fd);
                    continue;
                }
                c = malloc(sizeof *c);
                latch_conn *conn = latch_conn_new(cfg, NULL);
                if (c == NULL || conn == NULL) {
                    free(c);
                    latch_conn_free(conn);
                    close(fd);
                    continue;
                }
                *c = (client){.fd = fd, .conn = conn};
                ev = (struct epoll_event){.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                left--;
                open_now++;
            }
            if (step(c)) {
                served += c->echoed > 0;
                close(c->fd); /* also removes it from the epoll set */
                latch_conn_free(c->conn);
                free(c);
                open_now--;
            }
        }
    }
    printf("echoed to %ld connections\n", served);
    close(ep);
    close(lfd);
    latch_config_free(cfg);
    return 0;
}
