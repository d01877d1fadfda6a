/*
 * Helpers shared by the latch subcommands: messages, address and option
 * handling, and the handshake summary. Tools use only the public API.
 */
#ifndef LATCH_TOOLS_COMMON_H
#define LATCH_TOOLS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "latch.h"

/* Exit statuses of every subcommand. */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/* Prints "latch: <message>" and a newline to stderr. */
void tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A sentence saying why an operation on conn failed with err. err_no is
 * errno as the failing call left it, used for LATCH_ERR_IO. The sentence
 * lives in buf.
 */
const char *tool_failure(const latch_conn *conn, latch_err err, int err_no, char *buf, size_t cap);

/* Splits "host:port" or "[v6addr]:port" in place. false if malformed. */
bool tool_split_host_port(char *arg, char **host, char **port);

/* "192.0.2.1:443" or "[2001:db8::1]:443". */
void tool_format_addr(const struct sockaddr *sa, socklen_t len, char *buf, size_t cap);

/* The TLS options a client command takes. */
struct tool_client_opts {
    const char *ca;
    const char *cert; /* a client certificate chain and its key, PEM */
    const char *key;
    const char *ciphers;
    const char *groups;
    const char *alpn;
    bool insecure;
    bool require_staple;
    bool no_tickets;
};

/* A client config from the options, with SSLKEYLOGFILE honoured, or NULL
 * after printing why. */
latch_config *tool_client_config(const struct tool_client_opts *opts);

/* Prints what the handshake negotiated, as one paragraph. */
void tool_print_summary(FILE *out, const latch_conn *conn, const char *peer);

/*
 * Honours SSLKEYLOGFILE: when it is set, every connection made with cfg
 * appends its NSS key log line to that file (created with mode 0600), so
 * Wireshark or tshark can decrypt a capture. false, after saying why, when
 * the file cannot be opened.
 */
bool tool_keylog_from_env(latch_config *cfg);

/* --sess-in: reads a saved session (at most cap bytes); false after
 * saying why. */
bool tool_session_read(const char *path, uint8_t *buf, size_t cap, size_t *len);
/* Offers a saved session; one the connection refuses (another server
 * name, not a session) is reported, and the handshake will be full. */
void tool_session_offer(latch_conn *conn, const uint8_t *buf, size_t len);
/* --sess-out: saves the connection's session (mode 0600: it holds the
 * master secret); false after saying why. */
bool tool_session_save(latch_conn *conn, const char *path);

/* Writes all of buf to fd, retrying short writes and EINTR. */
bool tool_write_all(int fd, const void *buf, size_t len);

/* Sets O_NONBLOCK on fd. */
bool tool_set_nonblocking(int fd);

#endif
