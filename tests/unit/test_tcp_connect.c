/*
 * latch_tcp_connect_timeout on loopback: a listener answers within the
 * timeout and the socket comes back blocking; a closed port is refused
 * at once; a listener whose accept queue is full drops the SYN, so the
 * connect runs out of time, with ETIMEDOUT and a sentence, after about
 * the time asked for (with slack for a loaded machine). And
 * latch_version() is the header's version.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "latch.h"

/* A listener on 127.0.0.1 at a port the kernel picks; port gets it. */
static int listener(int backlog, char *port, size_t cap)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, backlog) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0)
        return -1;
    snprintf(port, cap, "%u", ntohs(a.sin_port));
    return fd;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_answered(void)
{
    char port[16], why[256] = "";
    int lfd = listener(16, port, sizeof port);
    CHECK(lfd >= 0);
    int fd = latch_tcp_connect_timeout("127.0.0.1", port, 5000, why, sizeof why);
    CHECK(fd >= 0);
    CHECK(fd < 0 || (fcntl(fd, F_GETFL) & O_NONBLOCK) == 0);
    CHECK(fd < 0 || (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    if (fd >= 0)
        close(fd);
    close(lfd);
}

static void test_refused(void)
{
    char port[16], why[256] = "";
    int lfd = listener(1, port, sizeof port);
    close(lfd); /* nothing listens there now */
    errno = 0;
    CHECK(latch_tcp_connect_timeout("127.0.0.1", port, 5000, why, sizeof why) == -1);
    CHECK(errno == ECONNREFUSED);
    CHECK(strstr(why, "cannot connect to 127.0.0.1 port") != NULL);
    CHECK(strstr(why, "refused") != NULL);
}

/* Linux drops a SYN for a listener whose accept queue is full (backlog 0
 * holds one connection): the connect gets no answer at all. */
static void test_times_out(void)
{
    char port[16], why[256] = "";
    int lfd = listener(0, port, sizeof port);
    CHECK(lfd >= 0);
    int fillers[3];
    for (int i = 0; i < 3; i++) {
        /* Non-blocking: the ones past the queue stay unanswered. */
        fillers[i] = latch_tcp_connect_timeout("127.0.0.1", port, 200, why, sizeof why);
    }
    double start = seconds();
    errno = 0;
    int fd = latch_tcp_connect_timeout("127.0.0.1", port, 300, why, sizeof why);
    double took = seconds() - start;
    CHECK(fd == -1);
    CHECK(errno == ETIMEDOUT);
    CHECK(strstr(why, "no answer within 300 ms") != NULL);
    CHECK(took >= 0.29);
    CHECK(took < 5.0);
    if (fd >= 0)
        close(fd);
    for (int i = 0; i < 3; i++)
        if (fillers[i] >= 0)
            close(fillers[i]);
    close(lfd);
}

static void test_resolution_failure(void)
{
    char why[256] = "";
    /* .invalid never resolves (RFC 6761 6.4). */
    CHECK(latch_tcp_connect_timeout("no-such-host.invalid", "443", 1000, why, sizeof why) == -1);
    CHECK(strstr(why, "cannot resolve no-such-host.invalid") != NULL);
}

static void test_version(void)
{
    CHECK(strcmp(latch_version(), LATCH_VERSION_STRING) == 0);
    unsigned major, minor, patch;
    CHECK(sscanf(latch_version(), "%u.%u.%u", &major, &minor, &patch) == 3);
    CHECK(((major << 16) | (minor << 8) | patch) == LATCH_VERSION_NUMBER);
}

int main(void)
{
    test_answered();
    test_refused();
    test_times_out();
    test_resolution_failure();
    test_version();
    return check_finish("tcp_connect");
}
