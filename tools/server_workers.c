/*
 * latch server --workers N: a master process that serves nothing itself.
 * It opens N listening sockets on one port with SO_REUSEPORT, one per
 * worker slot, and keeps them; it forks a worker per slot that accepts
 * from that slot's socket and runs its own event loop over the config the
 * master loaded before forking; it restarts a worker that dies, passes
 * SIGTERM and SIGINT on, and on SIGHUP loads the files again and replaces
 * the workers one by one: each new worker takes over its slot's socket
 * and says it is ready before the old one is told (SIGUSR2) to stop
 * accepting from it and to finish the connections it has; the master
 * waits until the old one says it has stopped.
 *
 * A slot's socket outlives its workers, so the connections waiting in
 * its backlog are never reset by a worker closing its listener (on Linux
 * closing one SO_REUSEPORT listener resets its queue): whichever worker
 * holds the slot next accepts them.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "server.h"

enum {
    READY_WAIT_MS = 10000, /* a new worker has this long to start */
    STOP_WAIT_MS = 10000,  /* a replaced one, to stop accepting */
};

struct worker {
    pid_t pid;
    unsigned slot;
    int ctl_fd;   /* from the worker: 'r' once ready, 'd' once it stops accepting */
    bool current; /* serving new connections (else draining, or stopped) */
};

struct master {
    struct server *s;
    int port_fd;    /* the port held between workers */
    int *listeners; /* a listening socket per slot */
    struct worker *workers;
    size_t count; /* current and draining */
    size_t cap;
};

/* In the child: say on ctl_fd that it is ready, and serve from its
 * slot's socket until told to stop. Never returns. */
static void worker_main(struct master *m, unsigned slot, int ctl_fd)
{
    struct server *s = m->s;
    /* A worker whose master is gone ends too. */
    (void)prctl(PR_SET_PDEATHSIG, SIGTERM);
    close(m->port_fd);
    for (unsigned i = 0; i < s->set.workers; i++) {
        if (i != slot)
            close(m->listeners[i]);
    }
    for (size_t i = 0; i < m->count; i++)
        close(m->workers[i].ctl_fd);
    s->listen_fd = m->listeners[slot];
    /* The worker's own signal pipe before it says it is ready: from then
     * on the master may signal it. */
    if (signals_install(worker_signals, WORKER_SIGNALS) < 0)
        exit(EXIT_FAILED);
    int status = EXIT_FAILED;
    if (tool_write_all(ctl_fd, "r", 1)) {
        s->master_fd = ctl_fd;
        status = server_run(s) ? EXIT_OK : EXIT_FAILED;
    }
    if (s->master_fd >= 0)
        close(s->master_fd);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    free(m->listeners);
    free(m->workers);
    free(s->clients);
    latch_config_free(s->cfg);
    redis_cache_free_all();
    server_settings_close(&s->set);
    explicit_bzero(s->ticket_key, sizeof s->ticket_key);
    exit(status);
}

/* Reads one byte from fd within ms milliseconds: the byte, or 0 at end
 * of file, on error or when the time is up. */
static char read_within(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int64_t end = tool_now_ms() + ms;
    int got;
    /* A retired worker's SIGCHLD interrupts the wait: wait on. */
    while ((got = poll(&p, 1, (int)(end > tool_now_ms() ? end - tool_now_ms() : 0))) < 0 &&
           errno == EINTR)
        ;
    char b = 0;
    if (got == 1 && read(fd, &b, 1) == 1)
        return b;
    return 0;
}

/* Forks a worker serving cfg from slot; the worker (its pid and its end
 * of the control pipe) once it is ready, or pid -1 after saying why. */
static struct worker spawn(struct master *m, latch_config *cfg, unsigned slot)
{
    struct worker w = {.pid = -1, .slot = slot, .ctl_fd = -1, .current = true};
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        tool_error("cannot start a worker: %s", strerror(errno));
        return w;
    }
    fflush(stderr);
    latch_config *serving = m->s->cfg;
    m->s->cfg = cfg;
    pid_t pid = fork();
    if (pid == 0) {
        close(ready[0]);
        /* A worker started by a reload holds the master's config too. */
        if (serving != cfg)
            latch_config_free(serving);
        worker_main(m, slot, ready[1]);
    }
    m->s->cfg = serving;
    close(ready[1]);
    if (pid < 0) {
        tool_error("cannot start a worker: %s", strerror(errno));
        close(ready[0]);
        return w;
    }
    if (read_within(ready[0], READY_WAIT_MS) != 'r') {
        tool_error("worker %d did not start", (int)pid);
        close(ready[0]);
        (void)kill(pid, SIGKILL);
        (void)waitpid(pid, NULL, 0);
        return w;
    }
    w.pid = pid;
    w.ctl_fd = ready[0];
    return w;
}

static bool add(struct master *m, struct worker w)
{
    if (m->count == m->cap) {
        size_t cap = m->cap * 2 + 4;
        struct worker *grown = realloc(m->workers, cap * sizeof *grown);
        if (grown == NULL)
            return false;
        m->workers = grown;
        m->cap = cap;
    }
    m->workers[m->count++] = w;
    return true;
}

/* Starts a worker in slot and keeps track of it; false after saying
 * why. */
static bool start_worker(struct master *m, latch_config *cfg, unsigned slot)
{
    struct worker w = spawn(m, cfg, slot);
    if (w.pid < 0)
        return false;
    if (!add(m, w)) {
        tool_error("cannot keep track of worker %d: out of memory", (int)w.pid);
        (void)kill(w.pid, SIGTERM);
        close(w.ctl_fd);
        return false;
    }
    return true;
}

/* Tells a worker that a newer one serves its slot, and waits until it
 * has stopped accepting (or has ended). */
static void retire(struct worker *w)
{
    w->current = false;
    (void)kill(w->pid, SIGUSR2);
    if (read_within(w->ctl_fd, STOP_WAIT_MS) != 'd' && kill(w->pid, 0) == 0)
        tool_error("SIGHUP: worker %d has not said it stopped accepting", (int)w->pid);
}

static void describe_exit(int status, char *buf, size_t cap)
{
    if (WIFSIGNALED(status))
        snprintf(buf, cap, "killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        snprintf(buf, cap, "exit status %d", WEXITSTATUS(status));
}

/* SIGCHLD: a worker that ended on its own is replaced; one that was
 * draining is simply gone. */
static void reap(struct master *m)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        size_t i = 0;
        while (i < m->count && m->workers[i].pid != pid)
            i++;
        if (i == m->count)
            continue;
        struct worker gone = m->workers[i];
        m->workers[i] = m->workers[--m->count];
        close(gone.ctl_fd);
        if (!gone.current)
            continue;
        char how[96];
        describe_exit(status, how, sizeof how);
        tool_error("worker %d ended (%s); starting another", (int)pid, how);
        (void)start_worker(m, m->s->cfg, gone.slot);
    }
}

/* SIGHUP: the files loaded again, then each current worker replaced by
 * one with the new config. */
static void reload(struct master *m)
{
    latch_config *cfg = server_reload_config(m->s);
    if (cfg == NULL)
        return;
    size_t old = m->count;
    size_t replaced = 0;
    for (size_t i = 0; i < old; i++) {
        if (!m->workers[i].current)
            continue;
        if (!start_worker(m, cfg, m->workers[i].slot)) {
            tool_error("SIGHUP: worker %d keeps serving with the files loaded before",
                       (int)m->workers[i].pid);
            continue;
        }
        retire(&m->workers[i]);
        replaced++;
    }
    latch_config_free(m->s->cfg);
    m->s->cfg = cfg;
    tool_error("SIGHUP: reloaded; %zu workers replaced, the old ones finish their connections",
               replaced);
}

/* SIGTERM or SIGINT: passed on, then every worker waited for. */
static int stop_all(struct master *m)
{
    for (size_t i = 0; i < m->count; i++)
        (void)kill(m->workers[i].pid, SIGTERM);
    int result = EXIT_OK;
    for (size_t i = 0; i < m->count; i++) {
        int status = 0;
        while (waitpid(m->workers[i].pid, &status, 0) < 0 && errno == EINTR)
            ;
        if (m->workers[i].current && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
            result = EXIT_FAILED;
        close(m->workers[i].ctl_fd);
    }
    m->count = 0;
    return result;
}

static void say_listening(int fd)
{
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    char where[64] = "?";
    if (getsockname(fd, (struct sockaddr *)&addr, &len) == 0)
        tool_format_addr((struct sockaddr *)&addr, len, where, sizeof where);
    fprintf(stderr, "listening on %s\n", where);
}

/* A listening socket per slot on the reserved port; false after saying
 * why. */
static bool open_listeners(struct master *m)
{
    unsigned n = m->s->set.workers;
    m->listeners = malloc(n * sizeof *m->listeners);
    if (m->listeners == NULL) {
        tool_error("cannot set up the workers: out of memory");
        return false;
    }
    for (unsigned i = 0; i < n; i++)
        m->listeners[i] = -1;
    for (unsigned i = 0; i < n; i++) {
        m->listeners[i] = server_listen_shared(&m->s->set);
        if (m->listeners[i] < 0)
            return false;
    }
    return true;
}

static void close_listeners(struct master *m)
{
    for (unsigned i = 0; m->listeners != NULL && i < m->s->set.workers; i++) {
        if (m->listeners[i] >= 0)
            close(m->listeners[i]);
    }
    free(m->listeners);
}

int server_master(struct server *s)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGCHLD};
    char port[8];
    struct master m = {.s = s, .port_fd = server_reserve_port(&s->set, port, sizeof port)};
    if (m.port_fd < 0)
        return EXIT_FAILED;
    int signal_fd = signals_install(sigs, sizeof sigs / sizeof sigs[0]);
    if (signal_fd < 0)
        tool_error("cannot set up signals: %s", strerror(errno));
    int status = signal_fd >= 0 && open_listeners(&m) ? EXIT_OK : EXIT_FAILED;
    for (unsigned i = 0; i < s->set.workers && status == EXIT_OK; i++) {
        if (!start_worker(&m, s->cfg, i))
            status = EXIT_FAILED;
    }
    if (status == EXIT_OK)
        say_listening(m.port_fd);
    while (status == EXIT_OK) {
        struct pollfd p = {.fd = signal_fd, .events = POLLIN};
        if (poll(&p, 1, ticket_keys_wait_ms(&s->set.keys_watch, tool_now_ms())) < 0 &&
            errno != EINTR) {
            tool_error("poll: %s", strerror(errno));
            break;
        }
        if (ticket_keys_changed(&s->set.keys_watch, tool_now_ms()))
            reload(&m);
        int sig;
        bool stop = false;
        while ((sig = signals_take()) != 0) {
            if (sig == SIGCHLD)
                reap(&m);
            else if (sig == SIGHUP)
                reload(&m);
            else
                stop = true;
        }
        if (stop)
            break;
    }
    int stopped = stop_all(&m);
    if (status == EXIT_OK)
        status = stopped;
    free(m.workers);
    close_listeners(&m);
    close(m.port_fd);
    return status;
}
