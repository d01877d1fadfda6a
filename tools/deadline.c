#include "deadline.h"

#include <errno.h>
#include <latch.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

/* Written by the handler with write(2) alone: it must be ready before
 * the timer is armed. */
static char message[512];
static size_t message_len;
static double total_end; /* CLOCK_MONOTONIC seconds; 0: no total limit */
static double total_seconds;
static const char *deadline_target = "";
static bool silent;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void expired(int sig)
{
    (void)sig;
    ssize_t n = write(STDERR_FILENO, message, message_len);
    (void)n;
    _exit(EXIT_TIMEOUT);
}

bool tool_seconds_parse(const char *text, double *out)
{
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(v) || v <= 0 || v > 86400)
        return false;
    *out = v;
    return true;
}

void tool_deadline_start(const char *target, double max_time, bool quiet)
{
    silent = quiet;
    deadline_target = target;
    total_end = max_time > 0 ? now() + max_time : 0;
    total_seconds = max_time;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = expired;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
}

void tool_deadline_phase(const char *what, double seconds)
{
    double limit = seconds, shown = seconds;
    const char *which = what;
    if (total_end > 0 && total_end - now() < limit) {
        limit = total_end - now();
        which = "the whole transfer (-m/--max-time)";
        shown = total_seconds;
    }
    if (limit < 0.001)
        limit = 0.001;
    int n = snprintf(message, sizeof message, "latch: %s: timed out: %s took longer than %g s\n",
                     deadline_target, which, shown);
    message_len = silent ? 0 : n > 0 && (size_t)n < sizeof message ? (size_t)n : sizeof message - 1;
    struct itimerval it = {.it_interval = {0, 0}};
    it.it_value.tv_sec = (time_t)limit;
    it.it_value.tv_usec = (suseconds_t)((limit - (double)(time_t)limit) * 1e6);
    if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
        it.it_value.tv_usec = 1000;
    setitimer(ITIMER_REAL, &it, NULL);
}

void tool_deadline_cancel(void)
{
    struct itimerval it = {.it_value = {0, 0}};
    setitimer(ITIMER_REAL, &it, NULL);
}

int tool_deadline_connect(const char *host, const char *port, double seconds, const char *option,
                          char *why, size_t why_cap)
{
    int fd = latch_tcp_connect_timeout(host, port, (int)(seconds * 1000), why, why_cap);
    if (fd < 0 && errno == ETIMEDOUT) {
        tool_error("%s: timed out: connecting (%s) took longer than %g s", why, option, seconds);
        exit(EXIT_TIMEOUT);
    }
    return fd;
}
