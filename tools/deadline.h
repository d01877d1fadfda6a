/*
 * Time limits of the client commands, so that a peer that accepts and
 * never answers cannot hold them forever: one for connecting and the
 * handshake, one for each wait for data, and an optional total. When one
 * expires the process says which and exits with EXIT_TIMEOUT (28, as curl
 * does).
 */
#ifndef LATCH_TOOLS_DEADLINE_H
#define LATCH_TOOLS_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>

enum { EXIT_TIMEOUT = 28 };

/* The defaults: connect and handshake, and each wait for data. */
#define TOOL_CONNECT_TIMEOUT_DEFAULT 30.0
#define TOOL_IDLE_TIMEOUT_DEFAULT 120.0

/* Parses a number of seconds, more than 0 and at most a day. */
bool tool_seconds_parse(const char *text, double *out);

/* Starts the clock; max_time 0 is no total limit; quiet (-s) drops the
 * message. */
void tool_deadline_start(const char *target, double max_time, bool quiet);

/* Arms the timer for a phase that may take at most `seconds` (cut to
 * what is left of the total); `what` says which for the message, for
 * example "connecting and the handshake (--connect-timeout)". */
void tool_deadline_phase(const char *what, double seconds);

/* Disarms the timer: the phase is over and nothing else is limited. */
void tool_deadline_cancel(void);

/* A TCP connection to host:port (latch_tcp_connect_timeout) whose
 * connects may take `seconds` in all: the socket, or -1 with a sentence in
 * why. When the time runs out it says so and exits with EXIT_TIMEOUT, as
 * an expired phase does; `option` names what sets the time. */
int tool_deadline_connect(const char *host, const char *port, double seconds, const char *option,
                          char *why, size_t why_cap);

#endif
