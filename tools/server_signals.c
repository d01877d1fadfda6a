/*
 * latch server: signals become bytes on a pipe, which the event loop
 * (or the master) reads like any other descriptor.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

static int signal_pipe[2] = {-1, -1};
static pid_t pipe_owner; /* the process that made the pipe */

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    (void)!write(signal_pipe[1], &b, 1);
    errno = saved;
}

int signals_install(const int *sigs, size_t n)
{
    /* A pipe inherited across fork is the parent's: a child makes its own. */
    if (pipe_owner != getpid()) {
        for (int i = 0; i < 2; i++) {
            if (signal_pipe[i] >= 0)
                close(signal_pipe[i]);
            signal_pipe[i] = -1;
        }
        if (pipe2(signal_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
            return -1;
        pipe_owner = getpid();
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (size_t i = 0; i < n; i++) {
        if (sigaction(sigs[i], &sa, NULL) != 0)
            return -1;
    }
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &sa, NULL) != 0)
        return -1;
    return signal_pipe[0];
}

int signals_take(void)
{
    unsigned char b;
    ssize_t n = read(signal_pipe[0], &b, 1);
    return n == 1 ? b : 0;
}
