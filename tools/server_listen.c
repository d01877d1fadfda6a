/*
 * latch server: the listening socket, and enough descriptors for the
 * connections it will accept.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "server.h"

/* How a socket is opened: shared with other workers (SO_REUSEPORT),
 * and listening or only bound. */
enum { SHARED = 1, LISTEN = 2 };

/* A socket on one address, or -1 with errno set. */
static int try_listen(const struct addrinfo *ai, bool dual_stack, int how)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0)
        return -1;
    int one = 1;
    int zero = 0;
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (dual_stack)
        (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    if ((how & SHARED) && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
        close(fd);
        return -1;
    }
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
        (!(how & LISTEN) || listen(fd, SOMAXCONN) == 0))
        return fd;
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

static int open_socket(const char *bind_addr, const char *port, int how)
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
            fd = try_listen(ai, pass == 0, how);
            if (fd < 0)
                last_errno = errno;
        }
    }
    freeaddrinfo(list);
    if (fd < 0)
        tool_error("cannot listen on %s port %s: %s", where, port, strerror(last_errno));
    return fd;
}

int server_listen(const char *bind_addr, const char *port)
{
    return open_socket(bind_addr, port, LISTEN);
}

int server_listen_shared(const struct server_settings *set)
{
    return open_socket(set->bind_addr, set->port, SHARED | LISTEN);
}

int server_reserve_port(struct server_settings *set, char *port, size_t cap)
{
    int fd = open_socket(set->bind_addr, set->port, SHARED);
    if (fd < 0)
        return -1;
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        tool_error("getsockname: %s", strerror(errno));
        close(fd);
        return -1;
    }
    unsigned number = ntohs(addr.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&addr)->sin6_port
                                                       : ((struct sockaddr_in *)&addr)->sin_port);
    snprintf(port, cap, "%u", number);
    set->port = port;
    return fd;
}

void server_no_delay(int fd)
{
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Every connection is a descriptor: takes the hard limit, and says so
 * when even that is below what --max-conns asks for. */
void server_raise_fd_limit(size_t max_conns, size_t fds_per_conn)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return;
    if (lim.rlim_cur < lim.rlim_max) {
        struct rlimit want = {.rlim_cur = lim.rlim_max, .rlim_max = lim.rlim_max};
        if (setrlimit(RLIMIT_NOFILE, &want) == 0)
            lim = want;
    }
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < fds_per_conn * max_conns + FDS_RESERVED)
        tool_error("note: %llu file descriptors allowed, fewer than --max-conns %zu needs%s; "
                   "past them, connections wait in the backlog",
                   (unsigned long long)lim.rlim_cur, max_conns,
                   fds_per_conn > 1 ? " (two each with --forward)" : "");
}
