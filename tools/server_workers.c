/*
 * latch server --workers N: a master process that serves nothing itself.
 * It holds the port (bound, not listening), forks N workers that each
 * listen on it with their own SO_REUSEPORT socket and run their own
 * event loop over the config the master loaded before forking, restarts
 * a worker that dies, passes SIGTERM and SIGINT on, and on SIGHUP loads
 * the files again and replaces the workers one by one: each new worker
 * is listening before the old one it replaces is told (SIGUSR2) to stop
 * accepting and to finish the connections it has.
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
    READY_WAIT_MS = 10000, /* a new worker has this long to listen */
};

struct worker {
    pid_t pid;
    bool current; /* serving new connections (else draining, or stopped) */
};

struct master {
    struct server *s;
    int port_fd; /* the port held between workers */
    struct worker *workers;
    size_t count; /* current and draining */
    size_t cap;
};

/* In the child: listen, say so on ready_fd, and serve until told to
 * stop. Never returns. */
static void worker_main(struct master *m, int ready_fd)
{
    struct server *s = m->s;
    /* A worker whose master is gone ends too. */
    (void)prctl(PR_SET_PDEATHSIG, SIGTERM);
    close(m->port_fd);
    /* The worker's own signal pipe before it says it is ready: from then
     * on the master may signal it. */
    if (signals_install(worker_signals, WORKER_SIGNALS) < 0)
        exit(EXIT_FAILED);
    s->listen_fd = server_listen_shared(&s->set);
    int status = EXIT_FAILED;
    if (s->listen_fd >= 0 && tool_write_all(ready_fd, "r", 1)) {
        close(ready_fd);
        status = server_run(s) ? EXIT_OK : EXIT_FAILED;
    }
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    free(m->workers);
    free(s->clients);
    latch_config_free(s->cfg);
    redis_cache_free_all();
    server_settings_close(&s->set);
    explicit_bzero(s->ticket_key, sizeof s->ticket_key);
    exit(status);
}

/* Forks a worker serving cfg; its pid once it listens, or -1 after
 * saying why. */
static pid_t spawn(struct master *m, latch_config *cfg)
{
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        tool_error("cannot start a worker: %s", strerror(errno));
        return -1;
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
        worker_main(m, ready[1]);
    }
    m->s->cfg = serving;
    close(ready[1]);
    if (pid < 0) {
        tool_error("cannot start a worker: %s", strerror(errno));
        close(ready[0]);
        return -1;
    }
    struct pollfd p = {.fd = ready[0], .events = POLLIN};
    char b = 0;
    int got;
    /* A retired worker's SIGCHLD interrupts the wait: wait on. */
    while ((got = poll(&p, 1, READY_WAIT_MS)) < 0 && errno == EINTR)
        ;
    bool ok = got == 1 && read(ready[0], &b, 1) == 1;
    close(ready[0]);
    if (!ok) {
        tool_error("worker %d did not start listening", (int)pid);
        (void)kill(pid, SIGKILL);
        (void)waitpid(pid, NULL, 0);
        return -1;
    }
    return pid;
}

static bool add(struct master *m, pid_t pid)
{
    if (m->count == m->cap) {
        size_t cap = m->cap * 2 + 4;
        struct worker *w = realloc(m->workers, cap * sizeof *w);
        if (w == NULL)
            return false;
        m->workers = w;
        m->cap = cap;
    }
    m->workers[m->count++] = (struct worker){.pid = pid, .current = true};
    return true;
}

/* Starts a worker and keeps track of it; false after saying why. */
static bool start_worker(struct master *m, latch_config *cfg)
{
    pid_t pid = spawn(m, cfg);
    if (pid < 0)
        return false;
    if (!add(m, pid)) {
        tool_error("cannot keep track of worker %d: out of memory", (int)pid);
        (void)kill(pid, SIGTERM);
        return false;
    }
    return true;
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
        bool current = m->workers[i].current;
        m->workers[i] = m->workers[--m->count];
        if (!current)
            continue;
        char how[96];
        describe_exit(status, how, sizeof how);
        tool_error("worker %d ended (%s); starting another", (int)pid, how);
        (void)start_worker(m, m->s->cfg);
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
        if (!start_worker(m, cfg)) {
            tool_error("SIGHUP: worker %d keeps serving with the files loaded before",
                       (int)m->workers[i].pid);
            continue;
        }
        m->workers[i].current = false;
        (void)kill(m->workers[i].pid, SIGUSR2);
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

int server_master(struct server *s)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGCHLD};
    char port[8];
    struct master m = {.s = s, .port_fd = server_reserve_port(&s->set, port, sizeof port)};
    if (m.port_fd < 0)
        return EXIT_FAILED;
    int signal_fd = signals_install(sigs, sizeof sigs / sizeof sigs[0]);
    if (signal_fd < 0) {
        tool_error("cannot set up signals: %s", strerror(errno));
        close(m.port_fd);
        return EXIT_FAILED;
    }
    int status = EXIT_OK;
    for (unsigned i = 0; i < s->set.workers && status == EXIT_OK; i++) {
        if (!start_worker(&m, s->cfg))
            status = EXIT_FAILED;
    }
    if (status == EXIT_OK)
        say_listening(m.port_fd);
    while (status == EXIT_OK) {
        struct pollfd p = {.fd = signal_fd, .events = POLLIN};
        if (poll(&p, 1, ticket_keys_wait_ms(&s->set.keys_watch, now_ms())) < 0 && errno != EINTR) {
            tool_error("poll: %s", strerror(errno));
            break;
        }
        if (ticket_keys_changed(&s->set.keys_watch, now_ms()))
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
    close(m.port_fd);
    return status;
}
