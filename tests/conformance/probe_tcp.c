/*
 * The server rows marked ROW_TCP, sent to a running `latch server` over
 * TCP: `conformance_probe_tcp PORT` connects to 127.0.0.1:PORT once per
 * row, sends the row's bytes, closes its sending side, and reads what
 * the server sends until it closes, then judges it like the in-process
 * run. The server must be started as server_rows.h describes.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server_rows.h"

#define ROW_DEADLINE_MS 20000

static int connect_port(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        perror("connect");
        exit(1);
    }
    return fd;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sends while reading, so a server that answers (and closes) before it
 * has taken every byte is read, not deadlocked on; then reads to EOF. */
static void exchange(int fd, const uint8_t *out, size_t out_len, lt_writer *in, char *why,
                     size_t why_cap)
{
    size_t sent = 0;
    bool write_open = true;
    long deadline = now_ms() + ROW_DEADLINE_MS;
    for (;;) {
        if (write_open && sent == out_len) {
            shutdown(fd, SHUT_WR);
            write_open = false;
        }
        struct pollfd p = {fd, (short)(POLLIN | (write_open ? POLLOUT : 0)), 0};
        long left = deadline - now_ms();
        if (left <= 0) {
            snprintf(why, why_cap, "no end after %d ms", ROW_DEADLINE_MS);
            return;
        }
        if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
            return;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            uint8_t buf[16384];
            ssize_t n = read(fd, buf, sizeof(buf));
            if (n <= 0) {
                if (n < 0)
                    snprintf(why, why_cap, "read: %s", strerror(errno));
                return;
            }
            lt_write_bytes(in, buf, (size_t)n);
        }
        if (write_open && (p.revents & POLLOUT)) {
            ssize_t n = write(fd, out + sent, out_len - sent);
            if (n < 0) { /* the server closed first: what it said is still readable */
                shutdown(fd, SHUT_WR);
                write_open = false;
            } else {
                sent += (size_t)n;
            }
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: conformance_probe_tcp PORT\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    int port = atoi(argv[1]);
    size_t passed = 0, total = 0;
    for (size_t i = 0; i < server_row_count; i++) {
        const server_row *row = &server_rows[i];
        if (!(row->flags & ROW_TCP))
            continue;
        total++;
        lt_writer out, in;
        lt_writer_init_growable(&out, 0);
        lt_writer_init_growable(&in, 0);
        server_row_bytes(row, &out);
        char why[128] = "";
        int fd = connect_port(port);
        exchange(fd, out.data, out.len, &in, why, sizeof(why));
        close(fd);
        verdict v;
        verdict_from_server_bytes(in.data, in.len, &v);
        if (v.answer == EXPECT_SILENCE && why[0] == '\0')
            v.answer = EXPECT_CLOSED; /* closed without a word */
        passed += verdict_report(&row->e, &v, why);
        lt_writer_free(&out);
        lt_writer_free(&in);
    }
    printf("latch server over TCP: %zu of %zu rows answered as the RFCs require\n", passed, total);
    return passed == total && total > 0 ? 0 : 1;
}
