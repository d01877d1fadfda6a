/*
 * latch server: one non-blocking epoll loop serving many connections,
 * each its own latch_conn made from one shared config. Level-triggered:
 * a connection is stepped when a socket it waits on is ready, and
 * watched for exactly what its last step waited for (not at all while
 * it waits for nothing there, so a hung-up socket cannot spin the loop).
 */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "common.h"
#include "server.h"

enum {
    EVENTS_PER_WAIT = 256,
    /* Deadlines are checked at least this often, whatever they say. */
    SWEEP_MAX_MS = 1000,
};

/* What an epoll event is about: the signal pipe, the listener, or a
 * client's socket; a client's backend socket is the client's address
 * with the low bit set (a malloc'd struct is never at an odd address). */
static int signal_tag, listen_tag;

struct loop {
    int ep;
    int signal_fd;
    bool listening; /* the listener is registered */
    struct client **touched;
    size_t touched_count;
    int64_t next_sweep_ms;
};

/* Once the last connection is gone, the heap a burst of connections left
 * behind goes back to the system, so an idle server is as small as a
 * fresh one. */
static void give_back_memory(void)
{
#ifdef __GLIBC__
    (void)malloc_trim(0);
#endif
}

static void touch(struct loop *l, struct client *c)
{
    if (c->touched)
        return;
    c->touched = true;
    l->touched[l->touched_count++] = c;
}

static uint32_t to_epoll(short events)
{
    return (events & POLLIN ? EPOLLIN : 0) | (events & POLLOUT ? EPOLLOUT : 0);
}

/* Watches fd for want (0: not at all), given what is watched now. */
static bool watch(struct loop *l, int fd, void *tag, short want, short *registered)
{
    if (want == *registered)
        return true;
    struct epoll_event ev = {.events = to_epoll(want), .data.ptr = tag};
    int op = want == 0 ? EPOLL_CTL_DEL : *registered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    if (epoll_ctl(l->ep, op, fd, &ev) != 0)
        return false;
    *registered = want;
    return true;
}

/* A client is counted among the handshakes while it is in one. */
static void settle_handshake(struct server *s, struct client *c)
{
    if (c->hs_counted && c->phase != PH_HANDSHAKE) {
        c->hs_counted = false;
        s->handshakes--;
    }
}

/* At the --max-handshakes limit a new connection takes the place of the
 * handshake that has been going on longest: a half-open connection is
 * the one that waits, a real client finishes in milliseconds. */
static void drop_oldest_handshake(struct server *s, struct loop *l)
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
    settle_handshake(s, oldest);
    touch(l, oldest);
}

static void accept_clients(struct server *s, struct loop *l)
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
                 * waking the loop at once, again and again) until one of
                 * ours closes or a moment has passed. Said once, until
                 * the backlog has been emptied. */
                if (!s->starved)
                    tool_error("cannot accept connections for now (%s); %zu open", strerror(errno),
                               s->count);
                s->starved = true;
                s->accept_resume_ms = tool_now_ms() + ACCEPT_RETRY_MS;
            } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
                s->starved = false;
            }
            return;
        }
        s->accept_resume_ms = 0;
        server_no_delay(fd);
        if (s->handshakes >= s->set.max_handshakes)
            drop_oldest_handshake(s, l);
        struct client *c = client_new(s, fd, (struct sockaddr *)&addr, addr_len);
        if (c == NULL)
            return;
        s->clients[s->count++] = c;
        c->hs_counted = true;
        s->handshakes++;
        touch(l, c);
        if (c->deadline_ms < l->next_sweep_ms)
            l->next_sweep_ms = c->deadline_ms;
    }
}

/* After its step: watched for what it waits for, or gone. */
static bool settle(struct server *s, struct loop *l, struct client *c)
{
    settle_handshake(s, c);
    short back = 0, *back_registered = NULL;
    int back_fd = relay_fd(c, &back, &back_registered);
    bool done = c->phase == PH_DONE;
    bool ok = watch(l, c->fd, c, done ? 0 : c->events, &c->registered);
    if (back_fd >= 0)
        ok = watch(l, back_fd, (char *)c + 1, done ? 0 : back, back_registered) && ok;
    if (!ok && !done) {
        client_drop(c, "cannot watch the connection's sockets");
        return settle(s, l, c);
    }
    if (!done && c->deadline_ms != 0 && c->deadline_ms < l->next_sweep_ms)
        l->next_sweep_ms = c->deadline_ms;
    return !done;
}

/* Frees the clients that are done, among those stepped. */
static void reap(struct server *s, struct loop *l)
{
    bool freed = false;
    for (size_t i = 0; i < l->touched_count; i++) {
        struct client *c = l->touched[i];
        c->touched = false;
        if (settle(s, l, c))
            continue;
        for (size_t j = 0; j < s->count; j++) {
            if (s->clients[j] == c) {
                s->clients[j] = s->clients[--s->count];
                break;
            }
        }
        client_free(c);
        s->accept_resume_ms = 0;
        freed = true;
    }
    l->touched_count = 0;
    if (freed && s->count == 0)
        give_back_memory();
}

/* Expires every client whose deadline has passed. */
static void sweep(struct server *s, struct loop *l, int64_t now)
{
    l->next_sweep_ms = now + SWEEP_MAX_MS;
    for (size_t i = 0; i < s->count; i++) {
        struct client *c = s->clients[i];
        if (c->deadline_ms != 0 && c->deadline_ms <= now) {
            client_expire(s, c);
            touch(l, c);
        } else if (c->deadline_ms != 0 && c->deadline_ms < l->next_sweep_ms) {
            l->next_sweep_ms = c->deadline_ms;
        }
    }
}

/* The listener is watched while connections may be taken. */
static bool watch_listener(struct server *s, struct loop *l, int64_t now)
{
    if (s->accept_resume_ms != 0 && s->accept_resume_ms <= now)
        s->accept_resume_ms = 0;
    bool want = !s->draining && s->accept_resume_ms == 0 && s->count < s->set.max_conns;
    if (want == l->listening)
        return true;
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &listen_tag};
    if (epoll_ctl(l->ep, want ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, s->listen_fd, &ev) != 0)
        return false;
    l->listening = want;
    return true;
}

/* SIGUSR2: a newer worker has taken over this worker's listening socket;
 * stop accepting (what waits in the backlog is the newer one's), say so
 * to the master, and end when the connections have (or the drain time is
 * up). */
static void start_draining(struct server *s, struct loop *l)
{
    if (s->draining)
        return;
    if (l->listening)
        (void)epoll_ctl(l->ep, EPOLL_CTL_DEL, s->listen_fd, NULL);
    l->listening = false;
    s->draining = true;
    s->drain_end_ms = tool_now_ms() + s->set.drain_ms;
    close(s->listen_fd);
    s->listen_fd = -1;
    if (s->master_fd >= 0)
        (void)tool_write_all(s->master_fd, "d", 1);
}

/* A signal: false when it says to stop. */
static bool take_signal(struct server *s, struct loop *l)
{
    int sig;
    while ((sig = signals_take()) != 0) {
        if (sig == SIGUSR2)
            start_draining(s, l);
        else if (sig == SIGHUP)
            server_reload_here(s);
        else
            return false;
    }
    return true;
}

static bool serve(struct server *s, struct loop *l)
{
    struct epoll_event evs[EVENTS_PER_WAIT];
    struct epoll_event sig = {.events = EPOLLIN, .data.ptr = &signal_tag};
    if (epoll_ctl(l->ep, EPOLL_CTL_ADD, l->signal_fd, &sig) != 0) {
        tool_error("epoll: %s", strerror(errno));
        return false;
    }
    l->next_sweep_ms = tool_now_ms() + SWEEP_MAX_MS;
    for (;;) {
        int64_t now = tool_now_ms();
        if (s->draining && (s->count == 0 || now >= s->drain_end_ms))
            return true;
        if (!s->draining && !watch_listener(s, l, now)) {
            tool_error("epoll: %s", strerror(errno));
            return false;
        }
        int64_t next = l->next_sweep_ms;
        if (s->accept_resume_ms != 0 && s->accept_resume_ms < next)
            next = s->accept_resume_ms;
        if (s->draining && s->drain_end_ms < next)
            next = s->drain_end_ms;
        int wait = next <= now ? 0 : (int)(next - now);
        int ready = epoll_wait(l->ep, evs, EVENTS_PER_WAIT, wait);
        if (ready < 0 && errno != EINTR) {
            tool_error("epoll_wait: %s", strerror(errno));
            return false;
        }
        for (int i = 0; i < ready; i++) {
            void *tag = evs[i].data.ptr;
            if (tag == &signal_tag) {
                if (!take_signal(s, l))
                    return true;
            } else if (tag == &listen_tag) {
                if (!s->draining)
                    accept_clients(s, l);
            } else {
                struct client *c = (struct client *)((uintptr_t)tag & ~(uintptr_t)1);
                if (c->phase == PH_DONE)
                    continue;
                client_step(s, c);
                touch(l, c);
            }
        }
        now = tool_now_ms();
        if (now >= l->next_sweep_ms)
            sweep(s, l, now);
        reap(s, l);
        /* The loop wakes at least once a second (SWEEP_MAX_MS). */
        if (s->set.workers == 0 && ticket_keys_changed(&s->set.keys_watch, now))
            server_reload_here(s);
    }
}

/* Says goodbye to every connection that got as far as the handshake. */
static void shut_down(struct server *s)
{
    for (size_t i = 0; i < s->count; i++) {
        struct client *c = s->clients[i];
        if (latch_conn_handshake_done(c->conn) && c->phase < PH_CLOSING)
            (void)latch_fd_close(c->conn, c->fd);
        client_free(c);
    }
    s->count = 0;
}

const int worker_signals[WORKER_SIGNALS] = {SIGINT, SIGTERM, SIGHUP, SIGUSR2};

bool server_run(struct server *s)
{
    struct loop l = {.ep = epoll_create1(EPOLL_CLOEXEC)};
    l.signal_fd = signals_install(worker_signals, WORKER_SIGNALS);
    l.touched = calloc(s->set.max_conns + 1, sizeof *l.touched);
    bool ok = false;
    if (l.ep < 0 || l.signal_fd < 0 || l.touched == NULL)
        tool_error("cannot set up the event loop: %s", strerror(errno));
    else
        ok = serve(s, &l);
    shut_down(s);
    free(l.touched);
    if (l.ep >= 0)
        close(l.ep);
    return ok;
}
