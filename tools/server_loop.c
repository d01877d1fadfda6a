/*
 * latch server: one non-blocking poll() loop serving many connections,
 * each its own latch_conn made from one shared config.
 */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "server.h"

static int signal_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    (void)!write(signal_pipe[1], &b, 1);
    errno = saved;
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
    client_drop(oldest,
                "dropped unfinished: a newer connection came at the --max-handshakes limit");
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
    while (s->count < s->set.max_conns) {
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
        if (s->handshakes >= s->set.max_handshakes)
            drop_oldest_handshake(s);
        struct client *c = client_new(s, fd, (struct sockaddr *)&addr, addr_len);
        if (c == NULL)
            return;
        s->clients[s->count++] = c;
        s->handshakes++;
    }
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
    struct pollfd *fds = calloc(s->set.max_conns + 2, sizeof *fds);
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
        bool accepting = s->accept_resume_ms == 0 && s->count < s->set.max_conns;
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
                client_step(s, c);
            if (c->phase != PH_DONE && c->deadline_ms != 0 && c->deadline_ms <= now)
                client_expire(s, c);
            s->stepping = NULL;
        }
        if (ready > 0 && fds[1].revents != 0)
            accept_clients(s);
        size_t kept = 0;
        for (size_t i = 0; i < s->count; i++) {
            struct client *c = s->clients[i];
            if (c->phase == PH_DONE) {
                client_free(c);
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
        client_free(c);
    }
    s->count = 0;
}

bool server_run(struct server *s)
{
    if (!install_signals()) {
        tool_error("cannot set up signals: %s", strerror(errno));
        return false;
    }
    bool ok = serve(s);
    shut_down(s);
    return ok;
}
