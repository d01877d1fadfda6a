/*
 * A TCP connection to host:port for the tools and for callers that want
 * one line: every address the name resolves to is tried in turn, within
 * one deadline when a timeout is given. Only the public API and libc.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "latch.h"

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for a connect() in progress until deadline (a now_ms() time, or
 * -1 for none), and returns its result: 0, or -1 with errno (ETIMEDOUT
 * when the deadline passed). */
static int finish_connect(int fd, int64_t deadline)
{
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int r;
    do {
        int wait = -1;
        if (deadline >= 0) {
            int64_t left = deadline - now_ms();
            wait = left <= 0 ? 0 : left > INT32_MAX ? INT32_MAX : (int)left;
        }
        r = poll(&p, 1, wait);
    } while (r < 0 && errno == EINTR);
    if (r == 0)
        errno = ETIMEDOUT;
    if (r <= 0)
        return -1;
    int soerr = 0;
    socklen_t len = sizeof soerr;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
        return -1;
    if (soerr != 0) {
        errno = soerr;
        return -1;
    }
    return 0;
}

/* One address: a blocking socket, connected, or -1 with errno. Under a
 * deadline the connect runs non-blocking, then the socket is made
 * blocking again. */
static int connect_one(const struct addrinfo *ai, int64_t deadline)
{
    int fd =
        socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | (deadline >= 0 ? SOCK_NONBLOCK : 0),
               ai->ai_protocol);
    if (fd < 0)
        return -1;
    int r = connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (r < 0 && (errno == EINTR || errno == EINPROGRESS))
        r = finish_connect(fd, deadline);
    if (r == 0 && deadline >= 0) {
        int flags = fcntl(fd, F_GETFL);
        r = flags < 0 ? -1 : fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    }
    if (r < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int latch_tcp_connect_timeout(const char *host, const char *port, int timeout_ms, char *why,
                              size_t why_cap)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *list = NULL;
    int gai = getaddrinfo(host, port, &hints, &list);
    if (gai != 0) {
        if (gai == EAI_SYSTEM)
            snprintf(why, why_cap, "cannot resolve %s: %s", host, strerror(errno));
        else
            snprintf(why, why_cap, "cannot resolve %s: %s", host, gai_strerror(gai));
        errno = gai == EAI_SYSTEM ? errno : EHOSTUNREACH;
        return -1;
    }
    int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    int fd = -1;
    int last_errno = EHOSTUNREACH;
    for (struct addrinfo *ai = list; ai != NULL && fd < 0; ai = ai->ai_next) {
        fd = connect_one(ai, deadline);
        if (fd < 0)
            last_errno = errno;
        if (fd < 0 && last_errno == ETIMEDOUT && deadline >= 0)
            break;
    }
    freeaddrinfo(list);
    if (fd < 0) {
        if (last_errno == ETIMEDOUT && deadline >= 0)
            snprintf(why, why_cap, "cannot connect to %s port %s: no answer within %d ms", host,
                     port, timeout_ms);
        else
            snprintf(why, why_cap, "cannot connect to %s port %s: %s", host, port,
                     strerror(last_errno));
        errno = last_errno;
        return -1;
    }
    /* Handshake flights are small and answered at once. */
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int latch_tcp_connect(const char *host, const char *port, char *why, size_t why_cap)
{
    return latch_tcp_connect_timeout(host, port, -1, why, why_cap);
}
