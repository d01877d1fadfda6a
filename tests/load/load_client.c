/*
 * A load client for `latch server --echo`, on loopback only: one
 * non-blocking poll() loop over many connections, using the public API.
 * Every run is bounded by a count and by --deadline; it stops by itself
 * and exits 0 when the outcome is the one expected.
 *
 *   latch_load --port P [--pid PID] [--concurrency K] [--deadline S] MODE N
 *
 * hold N       N connections each complete a handshake and an echo round
 *              trip and are held open together; then all are closed.
 * slowloris N  one client sends a ClientHello a byte every 2 s while N
 *              normal clients are served; the slow one must be dropped.
 * flood N      N connections each send garbage, a truncated, corrupted or
 *              oversized ClientHello, then half-close; the server must
 *              close every one.
 * exhaust N    N clients, each served (handshake, echo), held --hold-ms,
 *              then closed: for a server short of descriptors.
 * halfopen N   N connections each send all but the last byte of a
 *              ClientHello of --hello-body bytes (default the largest
 *              legal one) and wait; then --normal clients must be served
 *              (handshake, echo, close) while they do; reports the
 *              server's RSS after the flood and its peak (VmHWM).
 * bighello N   N connections each send the largest legal ClientHello
 *              (big_hello.h) and half-close; the server must answer each
 *              with its flight; reports the server's peak RSS.
 *
 * With --pid, the server's VmRSS (with its children's) and CPU time are
 * read from /proc.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "big_hello.h"
#include "latch.h"

enum state {
    ST_IDLE,       /* not started yet */
    ST_CONNECTING, /* non-blocking connect in progress */
    ST_HANDSHAKE,
    ST_ECHO_WRITE,
    ST_ECHO_READ,
    ST_HOLD,    /* served; waiting to be closed */
    ST_CLOSING, /* close_notify queued */
    ST_RAW,     /* flood or slowloris: raw bytes out, waiting for the close */
    ST_OK,
    ST_FAILED,
};

struct lconn {
    int fd;
    latch_conn *conn;
    enum state state;
    short events;
    bool slow;
    bool linger;        /* raw: keep the write side open once all is sent */
    bool await_answer;  /* raw: done (and closed) once the server answers */
    uint8_t first_byte; /* raw: the first byte the server sent, if any */
    bool answered;
    int64_t started_ms;
    int64_t next_ms; /* hold: close at; slowloris: next byte at */
    int64_t done_ms;
    size_t off;   /* echo bytes or raw bytes through so far */
    uint8_t *raw; /* raw bytes to send */
    size_t raw_len;
    char why[160];
};

static const uint8_t ECHO_MSG[] = "latch load test: an echo round trip";
#define ECHO_LEN (sizeof ECHO_MSG - 1)

static struct {
    int port;
    long pid;
    size_t concurrency;
    int deadline_s;
    int hold_ms;
    latch_config *cfg;
    uint8_t hello[2048]; /* a real ClientHello record, for the flood */
    size_t hello_len;
    uint64_t rng;
    size_t normal;     /* halfopen: normal clients served meanwhile */
    size_t hello_body; /* halfopen: the ClientHello body announced */
} g = {.concurrency = 200,
       .deadline_s = 120,
       .hold_ms = 500,
       .rng = 0x9e3779b97f4a7c15u,
       .normal = 100,
       .hello_body = BIG_HELLO_BODY};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint32_t rnd(void)
{
    g.rng ^= g.rng << 13;
    g.rng ^= g.rng >> 7;
    g.rng ^= g.rng << 17;
    return (uint32_t)(g.rng >> 16);
}

/* A field of a process's /proc status ("VmRSS", "VmHWM") in KiB, or -1. */
static long status_kib(long pid, const char *field)
{
    if (pid <= 0)
        return -1;
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/status", pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    char line[256];
    long kib = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, field, n) == 0 && line[n] == ':' &&
            sscanf(line + n + 1, "%ld", &kib) == 1)
            break;
    }
    fclose(f);
    return kib;
}

static long server_status_kib(const char *field)
{
    return status_kib(g.pid, field);
}

/* The server's VmRSS and its children's (a master's workers), or -1. */
static long server_rss_kib(void)
{
    long kib = server_status_kib("VmRSS");
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/task/%ld/children", g.pid, g.pid);
    FILE *f = kib < 0 ? NULL : fopen(path, "r");
    if (f == NULL)
        return kib;
    long child;
    while (fscanf(f, "%ld", &child) == 1) {
        long more = status_kib(child, "VmRSS");
        if (more > 0)
            kib += more;
    }
    fclose(f);
    return kib;
}

/* The server's user+system CPU time in clock ticks, or -1. */
static long server_cpu_ticks(void)
{
    if (g.pid <= 0)
        return -1;
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/stat", g.pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    char buf[1024];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* Fields after the command name, which may hold spaces. */
    const char *p = strrchr(buf, ')');
    unsigned long utime = 0, stime = 0;
    if (p == NULL ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
        return -1;
    return (long)(utime + stime);
}

static void fail(struct lconn *c, const char *what)
{
    snprintf(c->why, sizeof c->why, "%s", what);
    c->state = ST_FAILED;
    c->done_ms = now_ms();
}

static void fail_tls(struct lconn *c, const char *step, latch_err err)
{
    char why[160];
    const char *sentence = latch_conn_error(c->conn);
    snprintf(why, sizeof why, "%s: %s", step, sentence[0] != '\0' ? sentence : latch_err_name(err));
    fail(c, why);
}

static bool want(latch_err err, struct lconn *c)
{
    if (err == LATCH_WANT_READ || err == LATCH_WANT_WRITE) {
        c->events = err == LATCH_WANT_WRITE ? POLLOUT : POLLIN;
        return true;
    }
    return false;
}

static void start(struct lconn *c)
{
    c->started_ms = now_ms();
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        fail(c, strerror(errno));
        return;
    }
    int one = 1;
    (void)setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g.port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0 && errno != EINPROGRESS) {
        fail(c, strerror(errno));
        return;
    }
    c->state = ST_CONNECTING;
    c->events = POLLOUT;
}

/* Advances one connection as far as its socket allows. */
static void step(struct lconn *c)
{
    for (;;) {
        latch_err err;
        size_t n = 0;
        switch (c->state) {
        case ST_CONNECTING: {
            int soerr = 0;
            socklen_t len = sizeof soerr;
            if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0 || soerr != 0) {
                fail(c, strerror(soerr != 0 ? soerr : errno));
                return;
            }
            if (c->raw != NULL) {
                c->state = ST_RAW;
                c->next_ms = now_ms();
                continue;
            }
            c->conn = latch_conn_new(g.cfg, "localhost");
            if (c->conn == NULL) {
                fail(c, "out of memory");
                return;
            }
            c->state = ST_HANDSHAKE;
            continue;
        }
        case ST_HANDSHAKE:
            err = latch_fd_handshake(c->conn, c->fd);
            if (err == LATCH_OK) {
                c->state = ST_ECHO_WRITE;
                continue;
            }
            if (!want(err, c))
                fail_tls(c, "handshake", err);
            return;
        case ST_ECHO_WRITE:
            err = latch_fd_write(c->conn, c->fd, ECHO_MSG + c->off, ECHO_LEN - c->off, &n);
            if (err == LATCH_OK) {
                c->off += n;
                if (c->off == ECHO_LEN) {
                    c->off = 0;
                    c->state = ST_ECHO_READ;
                }
                continue;
            }
            if (!want(err, c))
                fail_tls(c, "echo write", err);
            return;
        case ST_ECHO_READ: {
            uint8_t buf[ECHO_LEN];
            err = latch_fd_read(c->conn, c->fd, buf, ECHO_LEN - c->off, &n);
            if (err == LATCH_OK) {
                if (memcmp(buf, ECHO_MSG + c->off, n) != 0) {
                    fail(c, "the echo differs from what was sent");
                    return;
                }
                c->off += n;
                if (c->off == ECHO_LEN) {
                    c->state = ST_HOLD;
                    c->done_ms = now_ms();
                    c->next_ms = c->done_ms + g.hold_ms;
                    c->events = 0;
                    return;
                }
                continue;
            }
            if (!want(err, c))
                fail_tls(c, "echo read", err);
            return;
        }
        case ST_CLOSING:
            err = latch_fd_flush(c->conn, c->fd);
            if (err == LATCH_OK) {
                c->state = ST_OK;
                return;
            }
            if (!want(err, c))
                fail_tls(c, "close", err);
            return;
        case ST_RAW: {
            uint8_t sink[4096];
            ssize_t got = recv(c->fd, sink, sizeof sink, 0);
            if (got == 0 || (got < 0 && errno == ECONNRESET)) {
                /* The server closed it: what a flood or slowloris
                 * connection is for. */
                c->state = ST_OK;
                c->done_ms = now_ms();
                return;
            }
            if (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                fail(c, strerror(errno));
                return;
            }
            if (got > 0) {
                if (!c->answered)
                    c->first_byte = sink[0];
                c->answered = true;
                if (c->await_answer) {
                    c->state = ST_OK;
                    c->done_ms = now_ms();
                    return;
                }
                continue; /* an alert or a ServerHello: read on */
            }
            size_t chunk = c->slow ? 1 : c->raw_len - c->off;
            if (c->off < c->raw_len && now_ms() >= c->next_ms) {
                ssize_t sent = send(c->fd, c->raw + c->off, chunk, MSG_NOSIGNAL);
                if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                    c->state = ST_OK; /* reset before we were done */
                    c->done_ms = now_ms();
                    return;
                }
                c->off += sent > 0 ? (size_t)sent : 0;
                c->next_ms = now_ms() + (c->slow ? 2000 : 0);
                if (c->off == c->raw_len && !c->slow && !c->linger)
                    (void)shutdown(c->fd, SHUT_WR);
                if (!c->slow && c->off < c->raw_len)
                    continue;
            }
            c->events = POLLIN;
            return;
        }
        default:
            return;
        }
    }
}

static void finish(struct lconn *c)
{
    if (c->conn != NULL)
        latch_conn_free(c->conn);
    if (c->fd >= 0)
        close(c->fd);
    c->conn = NULL;
    c->fd = -1;
    free(c->raw);
    c->raw = NULL;
}

static void start_close(struct lconn *c)
{
    latch_err err = latch_fd_close(c->conn, c->fd);
    c->state = err == LATCH_OK ? ST_OK : ST_CLOSING;
    if (err != LATCH_OK && !want(err, c))
        fail_tls(c, "close", err);
}

/* On its way to being served; a lingering raw connection is done once
 * all its bytes are out. */
static bool busy(const struct lconn *c)
{
    if (c->state == ST_RAW && c->linger && !c->await_answer)
        return c->off < c->raw_len;
    return c->state == ST_CONNECTING || c->state == ST_HANDSHAKE || c->state == ST_ECHO_WRITE ||
           c->state == ST_ECHO_READ || c->state == ST_RAW;
}

enum close_policy {
    CLOSE_NONE,       /* keep every served connection open */
    CLOSE_ALL,        /* close every served connection */
    CLOSE_AFTER_HOLD, /* close each --hold-ms after it was served */
};

struct run {
    struct lconn *c;
    size_t n;
    size_t next; /* the first not started */
    enum close_policy close;
    int64_t deadline_ms;
};

/*
 * Starts connections up to the concurrency limit, polls, steps. Returns
 * when every connection is finished, or (stop_when_served) when none is
 * still on its way to being served; false if the deadline passed first.
 */
static bool drive(struct run *r, bool stop_when_served)
{
    struct pollfd *fds = calloc(r->n, sizeof *fds);
    size_t *idx = calloc(r->n, sizeof *idx);
    if (fds == NULL || idx == NULL) {
        fprintf(stderr, "latch_load: out of memory\n");
        exit(1);
    }
    bool in_time = true;
    for (;;) {
        int64_t now = now_ms();
        if (now > r->deadline_ms) {
            in_time = false;
            break;
        }
        size_t active = 0;
        for (size_t i = 0; i < r->n; i++)
            active += busy(&r->c[i]);
        while (r->next < r->n && active < g.concurrency) {
            start(&r->c[r->next++]);
            active++;
        }
        if (stop_when_served && active == 0 && r->next == r->n)
            break;
        size_t nfds = 0, open = 0;
        int64_t wake = now + 1000;
        for (size_t i = 0; i < r->n; i++) {
            struct lconn *c = &r->c[i];
            if (c->state == ST_HOLD &&
                (r->close == CLOSE_ALL || (r->close == CLOSE_AFTER_HOLD && now >= c->next_ms)))
                start_close(c);
            if (c->state == ST_HOLD && r->close == CLOSE_AFTER_HOLD && c->next_ms < wake)
                wake = c->next_ms;
            if (c->state == ST_RAW && c->slow && c->off < c->raw_len && c->next_ms < wake)
                wake = c->next_ms;
            if (c->state == ST_OK || c->state == ST_FAILED) {
                finish(c);
                continue;
            }
            if (c->state == ST_IDLE)
                continue;
            open++;
            if (c->events != 0) {
                fds[nfds] = (struct pollfd){.fd = c->fd, .events = c->events};
                idx[nfds++] = i;
            }
        }
        if (open == 0 && r->next == r->n)
            break;
        int wait = wake <= now ? 0 : (int)(wake - now);
        if (poll(fds, nfds, wait) < 0 && errno != EINTR) {
            perror("latch_load: poll");
            exit(1);
        }
        now = now_ms();
        for (size_t k = 0; k < nfds; k++) {
            struct lconn *c = &r->c[idx[k]];
            if (fds[k].revents != 0 || (c->state == ST_RAW && c->slow && now >= c->next_ms))
                step(c);
        }
    }
    free(fds);
    free(idx);
    return in_time;
}

static struct run new_run(size_t n, enum close_policy close)
{
    struct run r = {.n = n, .close = close};
    r.c = calloc(n, sizeof *r.c);
    if (r.c == NULL) {
        fprintf(stderr, "latch_load: out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < n; i++)
        r.c[i].fd = -1;
    r.deadline_ms = now_ms() + (int64_t)g.deadline_s * 1000;
    return r;
}

/* Prints the first few connections that did not end well; returns how
 * many there were. */
static size_t failures(const struct run *r)
{
    size_t failed = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct lconn *c = &r->c[i];
        if (c->state != ST_OK && failed++ < 5)
            fprintf(stderr, "connection %zu: %s\n", i,
                    c->state == ST_FAILED ? c->why : "not finished in time");
    }
    return failed;
}

static double secs(int64_t ms)
{
    return (double)ms / 1000.0;
}

static double cpu_secs(long ticks)
{
    return (double)ticks / (double)sysconf(_SC_CLK_TCK);
}

static void free_run(struct run *r)
{
    for (size_t i = 0; i < r->n; i++)
        finish(&r->c[i]);
    free(r->c);
}

/* Every connection served and held open at once, then all closed. */
static int mode_hold(size_t n)
{
    struct run r = new_run(n, CLOSE_NONE);
    long rss_before = server_rss_kib();
    long cpu_before = server_cpu_ticks();
    int64_t t0 = now_ms();
    bool ok = drive(&r, true);
    int64_t t1 = now_ms();
    size_t held = 0;
    for (size_t i = 0; i < n; i++)
        held += r.c[i].state == ST_HOLD;
    long cpu = server_cpu_ticks() - cpu_before;
    long rss_during = server_rss_kib();
    printf("held %zu of %zu connections open at once; all served in %.2f s: %.0f handshakes "
           "(with an echo) per second; server CPU %.2f s\n",
           held, n, secs(t1 - t0), (double)held / secs(t1 - t0 > 0 ? t1 - t0 : 1), cpu_secs(cpu));
    r.close = CLOSE_ALL;
    ok = drive(&r, false) && ok;
    size_t failed = failures(&r);
    usleep(1000 * 1000); /* the server frees what the closes left */
    long rss_after = server_rss_kib();
    printf("server VmRSS: before %ld KiB, with all open %ld KiB, after closing %ld KiB\n",
           rss_before, rss_during, rss_after);
    printf("result: held=%zu failed=%zu rss_before=%ld rss_during=%ld rss_after=%ld\n", held,
           failed, rss_before, rss_during, rss_after);
    free_run(&r);
    return ok && held == n && failed == 0 ? 0 : 1;
}

/* Served one by one as descriptors free up: each held, then closed. */
static int mode_exhaust(size_t n)
{
    struct run r = new_run(n, CLOSE_AFTER_HOLD);
    long cpu_before = server_cpu_ticks();
    int64_t t0 = now_ms();
    bool ok = drive(&r, false);
    int64_t t1 = now_ms();
    long cpu = server_cpu_ticks() - cpu_before;
    size_t failed = failures(&r);
    printf("%zu of %zu connections served in %.2f s; server CPU %.2f s (%.0f%% of the time)\n",
           n - failed, n, secs(t1 - t0), cpu_secs(cpu),
           100.0 * cpu_secs(cpu) / secs(t1 - t0 > 0 ? t1 - t0 : 1));
    printf("result: served=%zu failed=%zu cpu_percent=%.0f\n", n - failed, failed,
           100.0 * cpu_secs(cpu) / secs(t1 - t0 > 0 ? t1 - t0 : 1));
    free_run(&r);
    return ok && failed == 0 ? 0 : 1;
}

static uint8_t *copy(const uint8_t *p, size_t len)
{
    uint8_t *q = malloc(len > 0 ? len : 1);
    if (q == NULL) {
        fprintf(stderr, "latch_load: out of memory\n");
        exit(1);
    }
    memcpy(q, p, len);
    return q;
}

/* A ClientHello of our own, as the first flight's bytes. */
static void make_hello(void)
{
    latch_conn *conn = latch_conn_new(g.cfg, "localhost");
    size_t len = 0;
    const uint8_t *out = NULL;
    if (conn != NULL && latch_conn_handshake(conn) == LATCH_WANT_READ)
        out = latch_conn_output(conn, &len);
    if (out == NULL || len == 0 || len > sizeof g.hello) {
        fprintf(stderr, "latch_load: cannot make a ClientHello\n");
        exit(1);
    }
    memcpy(g.hello, out, len);
    g.hello_len = len;
    latch_conn_free(conn);
}

/* Flood connection i's bytes: random bytes, a truncated ClientHello, a
 * ClientHello with bytes changed, or one announcing a huge message. */
static void flood_bytes(struct lconn *c, size_t i)
{
    uint8_t buf[sizeof g.hello];
    size_t len;
    switch (i % 4) {
    case 0:
        len = 1 + rnd() % sizeof buf;
        for (size_t k = 0; k < len; k++)
            buf[k] = (uint8_t)rnd();
        break;
    case 1:
        len = 1 + rnd() % (g.hello_len - 1);
        memcpy(buf, g.hello, len);
        break;
    case 2:
        len = g.hello_len;
        memcpy(buf, g.hello, len);
        for (int k = 1 + (int)(rnd() % 4); k > 0; k--)
            buf[rnd() % len] ^= (uint8_t)(1 + rnd() % 255);
        break;
    default:
        len = g.hello_len;
        memcpy(buf, g.hello, len);
        buf[6] = buf[7] = buf[8] = 0xff; /* the handshake length */
        break;
    }
    c->raw = copy(buf, len);
    c->raw_len = len;
}

static int mode_flood(size_t n)
{
    make_hello();
    struct run r = new_run(n, CLOSE_ALL);
    for (size_t i = 0; i < n; i++)
        flood_bytes(&r.c[i], i);
    long rss_before = server_rss_kib();
    int64_t t0 = now_ms();
    bool ok = drive(&r, false);
    int64_t t1 = now_ms();
    size_t failed = failures(&r);
    usleep(1000 * 1000);
    long rss_after = server_rss_kib();
    printf("%zu malformed connections in %.2f s; the server closed %zu; server VmRSS before %ld "
           "KiB, after %ld KiB\n",
           n, secs(t1 - t0), n - failed, rss_before, rss_after);
    printf("result: closed=%zu failed=%zu rss_before=%ld rss_after=%ld\n", n - failed, failed,
           rss_before, rss_after);
    free_run(&r);
    return ok && failed == 0 ? 0 : 1;
}

/* One slow ClientHello, a byte every 2 s, and n normal clients meanwhile. */
static int mode_slowloris(size_t n)
{
    make_hello();
    struct run r = new_run(n + 1, CLOSE_ALL);
    struct lconn *slow = &r.c[0];
    slow->slow = true;
    slow->raw = copy(g.hello, g.hello_len);
    slow->raw_len = g.hello_len;
    int64_t t0 = now_ms();
    bool ok = drive(&r, false);
    int64_t normal_ms = 0;
    for (size_t i = 1; i <= n; i++)
        if (r.c[i].done_ms - t0 > normal_ms)
            normal_ms = r.c[i].done_ms - t0;
    bool dropped = slow->state == ST_OK;
    int64_t slow_ms = slow->done_ms - slow->started_ms;
    size_t sent = slow->off;
    size_t failed = failures(&r) - !dropped;
    printf("%zu normal clients served in %.2f s (%zu failed) while the slow client sent; the "
           "slow client %s after %.1f s, having sent %zu of %zu bytes\n",
           n - failed, secs(normal_ms), failed, dropped ? "was dropped" : "was NOT dropped",
           secs(slow_ms), sent, slow->raw_len);
    printf("result: served=%zu failed=%zu normal_ms=%lld slow_dropped=%d slow_ms=%lld\n",
           n - failed, failed, (long long)normal_ms, dropped, (long long)slow_ms);
    free_run(&r);
    return ok && failed == 0 && dropped ? 0 : 1;
}

/* Handshake records carrying the first `len` bytes of a ClientHello
 * message (header included) that announces `body` bytes: the rest is
 * zeros, which nobody reads before the message is whole. */
static uint8_t *hello_records(const uint8_t *hello, size_t body, size_t len, size_t *out_len)
{
    size_t records = (len + 16383) / 16384;
    uint8_t *out = calloc(1, len + 5 * records);
    if (out == NULL) {
        fprintf(stderr, "latch_load: out of memory\n");
        exit(1);
    }
    size_t at = 0;
    for (size_t off = 0; off < len; off += 16384) {
        size_t n = len - off < 16384 ? len - off : 16384;
        const uint8_t header[5] = {22, 3, 1, (uint8_t)(n >> 8), (uint8_t)n};
        memcpy(out + at, header, 5);
        if (hello != NULL)
            memcpy(out + at + 5, hello + off, n);
        at += 5 + n;
    }
    if (hello == NULL) {
        out[5] = 1; /* client_hello */
        out[6] = (uint8_t)(body >> 16);
        out[7] = (uint8_t)(body >> 8);
        out[8] = (uint8_t)body;
    }
    *out_len = at;
    return out;
}

/* n half-open handshakes, all opened first; then --normal clients, served
 * while the half-open ones that the server kept are still open. */
static int mode_halfopen(size_t n)
{
    struct run flood = new_run(n, CLOSE_ALL);
    size_t len;
    uint8_t *partial = hello_records(NULL, g.hello_body, 4 + g.hello_body - 1, &len);
    for (size_t i = 0; i < n; i++) {
        flood.c[i].raw = copy(partial, len);
        flood.c[i].raw_len = len;
        flood.c[i].linger = true;
    }
    free(partial);
    long rss_before = server_rss_kib();
    int64_t t0 = now_ms();
    bool ok = drive(&flood, true);
    usleep(500 * 1000); /* let the server read what was sent */
    long rss_flood = server_rss_kib();
    struct run normal = new_run(g.normal, CLOSE_ALL);
    ok = drive(&normal, false) && ok;
    int64_t t1 = now_ms();
    long peak = server_status_kib("VmHWM");
    size_t failed = failures(&normal);
    for (size_t i = 0; i < n; i++)
        finish(&flood.c[i]);
    usleep(1000 * 1000); /* the server frees what the closes left */
    long rss_after = server_rss_kib();
    printf("%zu half-open handshakes (each all but the last byte of a %zu-byte ClientHello "
           "body), then %zu normal clients in %.2f s: %zu served; "
           "server VmRSS before %ld KiB, after the flood %ld KiB, peak %ld KiB, after %ld KiB\n",
           n, g.hello_body, g.normal, secs(t1 - t0), g.normal - failed, rss_before, rss_flood, peak,
           rss_after);
    printf("result: served=%zu failed=%zu rss_before=%ld rss_flood=%ld rss_peak=%ld "
           "rss_after=%ld\n",
           g.normal - failed, failed, rss_before, rss_flood, peak, rss_after);
    free_run(&normal);
    free_run(&flood);
    return ok && failed == 0 ? 0 : 1;
}

/* The largest legal ClientHello, over and over: each must be answered. */
static int mode_bighello(size_t n)
{
    uint8_t *hello = malloc(BIG_HELLO_LEN);
    if (hello == NULL || big_hello_write(hello) != BIG_HELLO_LEN) {
        fprintf(stderr, "latch_load: cannot make the largest ClientHello\n");
        return 1;
    }
    size_t len;
    uint8_t *records = hello_records(hello, BIG_HELLO_BODY, BIG_HELLO_LEN, &len);
    free(hello);
    struct run r = new_run(n, CLOSE_ALL);
    for (size_t i = 0; i < n; i++) {
        r.c[i].raw = copy(records, len);
        r.c[i].raw_len = len;
        r.c[i].linger = true;
        r.c[i].await_answer = true;
    }
    free(records);
    long rss_before = server_rss_kib();
    int64_t t0 = now_ms();
    bool ok = drive(&r, false);
    int64_t t1 = now_ms();
    long peak = server_status_kib("VmHWM");
    size_t failed = failures(&r), answered = 0;
    for (size_t i = 0; i < n; i++)
        answered += r.c[i].answered && r.c[i].first_byte == 22; /* a handshake record */
    usleep(1000 * 1000);
    long rss_after = server_rss_kib();
    printf("%zu ClientHellos of %d bytes in %.2f s, %zu answered with a handshake flight; server "
           "VmRSS before %ld KiB, peak %ld KiB, after %ld KiB\n",
           n, BIG_HELLO_LEN, secs(t1 - t0), answered, rss_before, peak, rss_after);
    printf("result: answered=%zu failed=%zu rss_before=%ld rss_peak=%ld rss_after=%ld\n", answered,
           failed, rss_before, peak, rss_after);
    free_run(&r);
    return ok && failed == 0 && answered == n ? 0 : 1;
}

static void usage(void)
{
    fprintf(stderr, "usage: latch_load --port P [--pid PID] [--concurrency K] [--deadline S]\n"
                    "                  [--hold-ms MS] [--normal N] [--hello-body BYTES]\n"
                    "                  hold|exhaust|flood|slowloris|halfopen|bighello N\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        long v = strtol(argv[i + 1], NULL, 10);
        if (strcmp(argv[i], "--port") == 0)
            g.port = (int)v;
        else if (strcmp(argv[i], "--pid") == 0)
            g.pid = v;
        else if (strcmp(argv[i], "--concurrency") == 0 && v > 0)
            g.concurrency = (size_t)v;
        else if (strcmp(argv[i], "--deadline") == 0 && v > 0)
            g.deadline_s = (int)v;
        else if (strcmp(argv[i], "--hold-ms") == 0 && v >= 0)
            g.hold_ms = (int)v;
        else if (strcmp(argv[i], "--normal") == 0 && v >= 0)
            g.normal = (size_t)v;
        else if (strcmp(argv[i], "--hello-body") == 0 && v >= 1 && v <= 0xffffff)
            g.hello_body = (size_t)v;
        else
            usage();
    }
    if (i + 2 != argc || g.port <= 0 || g.port > 65535)
        usage();
    long n = strtol(argv[i + 1], NULL, 10);
    if (n < 1 || n > 100000)
        usage();
    /* Each connection is a descriptor here too. */
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &lim);
    }
    g.cfg = latch_config_new(LATCH_CLIENT);
    if (g.cfg == NULL || latch_config_insecure_noverify(g.cfg) != LATCH_OK) {
        fprintf(stderr, "latch_load: cannot make a client config\n");
        return 1;
    }
    int status;
    const char *mode = argv[i];
    if (strcmp(mode, "hold") == 0)
        status = mode_hold((size_t)n);
    else if (strcmp(mode, "exhaust") == 0)
        status = mode_exhaust((size_t)n);
    else if (strcmp(mode, "flood") == 0)
        status = mode_flood((size_t)n);
    else if (strcmp(mode, "slowloris") == 0)
        status = mode_slowloris((size_t)n);
    else if (strcmp(mode, "halfopen") == 0)
        status = mode_halfopen((size_t)n);
    else if (strcmp(mode, "bighello") == 0)
        status = mode_bighello((size_t)n);
    else
        usage();
    latch_config_free(g.cfg);
    return status;
}
