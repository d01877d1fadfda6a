/*
 * Helpers shared by the latch subcommands: messages, address and option
 * handling, and the handshake summary. Tools use only the public API.
 */
#ifndef LATCH_TOOLS_COMMON_H
#define LATCH_TOOLS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <getopt.h>
#include <stdio.h>
#include <sys/socket.h>

#include "latch.h"

/* Exit statuses of every subcommand. */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/* Prints "latch: <message>" and a newline to stderr, unless quiet. */
void tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* -s: tool_error prints nothing from now on. */
void tool_set_quiet(bool quiet);

/* A usage error: "latch: <message>; see `latch CMD --help`" on one line.
 * Returns EXIT_USAGE. */
int tool_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* After getopt's own line about an option: where the help is. */
int tool_usage_hint(const char *cmd);

/*
 * A sentence saying why an operation on conn failed with err. err_no is
 * errno as the failing call left it, used for LATCH_ERR_IO. The sentence
 * lives in buf.
 */
const char *tool_failure(const latch_conn *conn, latch_err err, int err_no, char *buf, size_t cap);

/* Splits "host:port" or "[v6addr]:port" in place. false if malformed. */
bool tool_split_host_port(char *arg, char **host, char **port);

/* A client command's HOST:PORT operand. */
struct tool_target {
    const char *text; /* as given, for messages */
    const char *host;
    const char *port;
    const char *sni; /* --sni, or the host */
    char *copy;      /* host and port point into it */
};

/* Takes the one operand left after the options (argv[optind]) and splits
 * it; false after saying, on one line, what is wrong with the operands.
 * Free with tool_target_free(). */
bool tool_target_parse(int argc, char **argv, const char *cmd, const char *sni,
                       struct tool_target *t);
/* The same for a HOST:PORT given as an option's argument. */
bool tool_target_split(const char *text, const char *cmd, const char *sni, struct tool_target *t);
void tool_target_free(struct tool_target *t);

/* A session to offer: from --sess-in, or kept by a first connection. */
struct tool_saved_session {
    uint8_t bytes[LATCH_SESSION_MAX];
    size_t len;
};

/* "192.0.2.1:443" or "[2001:db8::1]:443". */
void tool_format_addr(const struct sockaddr *sa, socklen_t len, char *buf, size_t cap);

/* The TLS options every client command (client, get, trace) takes. */
struct tool_client_opts {
    const char *sni; /* NULL: the host the command connects to */
    const char *ca;
    const char *cert; /* a client certificate chain and its key, PEM */
    const char *key;
    const char *ciphers;
    const char *groups;
    const char *alpn;
    const char *record_size_limit; /* bytes; NULL: not offered */
    const char *max_fragment_length;
    bool insecure;
    bool require_staple;
    const char *sess_in; /* the session options: client and get only */
    const char *sess_out;
    bool no_tickets;
    int version;              /* --tls1_2 or --tls1_3: that version only; 0: the config's range */
    const char *ciphersuites; /* TLS 1.3 suites, in order */
};

/* getopt_long codes of those options; a command's own codes start at
 * TOOL_OPT_OWN. */
enum {
    TOOL_OPT_SNI = 256,
    TOOL_OPT_ALPN,
    TOOL_OPT_CA,
    TOOL_OPT_INSECURE,
    TOOL_OPT_CERT,
    TOOL_OPT_KEY,
    TOOL_OPT_REQUIRE_STAPLE,
    TOOL_OPT_CIPHERS,
    TOOL_OPT_GROUPS,
    TOOL_OPT_SESS_IN,
    TOOL_OPT_SESS_OUT,
    TOOL_OPT_NO_TICKETS,
    TOOL_OPT_TLS1_2,
    TOOL_OPT_TLS1_3,
    TOOL_OPT_RECORD_SIZE_LIMIT,
    TOOL_OPT_MAX_FRAGMENT_LENGTH,
    TOOL_OPT_CIPHERSUITES,
    TOOL_OPT_OWN
};

/* Entries for a getopt_long table. */
/* clang-format off */
#define TOOL_CLIENT_LONG_OPTIONS \
    {"sni", required_argument, NULL, TOOL_OPT_SNI}, \
    {"alpn", required_argument, NULL, TOOL_OPT_ALPN}, \
    {"ca", required_argument, NULL, TOOL_OPT_CA}, \
    {"insecure", no_argument, NULL, TOOL_OPT_INSECURE}, \
    {"cert", required_argument, NULL, TOOL_OPT_CERT}, \
    {"key", required_argument, NULL, TOOL_OPT_KEY}, \
    {"require-staple", no_argument, NULL, TOOL_OPT_REQUIRE_STAPLE}, \
    {"ciphers", required_argument, NULL, TOOL_OPT_CIPHERS}, \
    {"groups", required_argument, NULL, TOOL_OPT_GROUPS}, \
    {"tls1_2", no_argument, NULL, TOOL_OPT_TLS1_2}, \
    {"tls1_3", no_argument, NULL, TOOL_OPT_TLS1_3}, \
    {"record-size-limit", required_argument, NULL, TOOL_OPT_RECORD_SIZE_LIMIT}, \
    {"max-fragment-length", required_argument, NULL, TOOL_OPT_MAX_FRAGMENT_LENGTH}, \
    {"ciphersuites", required_argument, NULL, TOOL_OPT_CIPHERSUITES}

#define TOOL_SESSION_LONG_OPTIONS \
    {"sess-in", required_argument, NULL, TOOL_OPT_SESS_IN}, \
    {"sess-out", required_argument, NULL, TOOL_OPT_SESS_OUT}, \
    {"no-tickets", no_argument, NULL, TOOL_OPT_NO_TICKETS}
/* clang-format on */

#define TOOL_CLIENT_HELP                                                                           \
    "  --sni NAME       server name to send and verify (default: HOST)\n"                          \
    "  --alpn LIST      offer these ALPN protocols, comma-separated\n"                             \
    "  --ca FILE        trust the certificates in FILE instead of the system store\n"              \
    "  --insecure       do not verify the server's certificate or name\n"                          \
    "  --cert FILE      a client certificate chain, PEM, leaf first, sent when\n"                  \
    "                   the server asks for one (needs --key)\n"                                   \
    "  --key FILE       the private key of --cert, PEM\n"                                          \
    "  --require-staple fail unless the server staples an OCSP response\n"                         \
    "                   (one that comes is always checked)\n"                                      \
    "  --ciphers LIST   TLS 1.2 cipher suites to offer, colon-separated\n"                         \
    "  --ciphersuites LIST\n"                                                                      \
    "                   TLS 1.3 cipher suites to offer, colon-separated, in order\n"               \
    "                   (default TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:\n"                 \
    "                   TLS_CHACHA20_POLY1305_SHA256)\n"                                           \
    "  --groups LIST    key-exchange groups to offer, colon-separated\n"                           \
    "  --tls1_2, --tls1_3  offer only that protocol version\n"                                     \
    "  --record-size-limit BYTES\n"                                                                \
    "                   offer record_size_limit (RFC 8449): the server's records\n"                \
    "                   to us carry at most BYTES (64 to 16385) of plaintext\n"                    \
    "  --max-fragment-length BYTES\n"                                                              \
    "                   offer max_fragment_length (RFC 6066): 512, 1024, 2048\n"                   \
    "                   or 4096-byte records both ways\n"

#define TOOL_SESSION_HELP                                                                          \
    "  --sess-in FILE   offer the session saved in FILE, to resume it\n"                           \
    "  --sess-out FILE  save the session to FILE (it holds the master secret)\n"                   \
    "  --no-tickets     do not offer session tickets (resume by session ID only)\n"

/* Takes getopt_long's code and argument into opts; false when the code
 * is not one of the shared options. */
bool tool_client_option(int code, const char *arg, struct tool_client_opts *opts);

/* A client config from the options, with SSLKEYLOGFILE honoured, or NULL
 * after printing why. */
latch_config *tool_client_config(const struct tool_client_opts *opts);

/* Prints what the handshake negotiated, as one paragraph. */
void tool_print_summary(FILE *out, const latch_conn *conn, const char *peer);
/* "yes" or "no" for a TLS 1.2 extension's use (extended master secret,
 * encrypt-then-MAC), or "n/a (TLS 1.3)" on a TLS 1.3 connection. */
const char *tool_tls12_flag(const latch_conn *conn, bool on);

/* Milliseconds on the monotonic clock, for timeouts and deadlines. */
int64_t tool_now_ms(void);

/* Writes bytes from the peer to out, however many, escaped with
 * latch_escape so that no control byte reaches a terminal. */
void tool_put_escaped(FILE *out, const void *bytes, size_t len);

/*
 * Honours SSLKEYLOGFILE (read with secure_getenv): when it is set, a
 * warning goes to stderr (once per process) and every connection made
 * with cfg appends its NSS key log line to that file, so Wireshark or
 * tshark can decrypt a capture. The file is created with mode 0600 and
 * never opened through a symbolic link. false, after saying why, when the
 * file cannot be opened.
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
/* True when the connection speaks TLS 1.3, whose session (a ticket) comes
 * after the handshake: save it once the answer has been read. */
bool tool_conn_is_tls13(const latch_conn *conn);

/* Writes all of buf to fd, retrying short writes and EINTR. */
bool tool_write_all(int fd, const void *buf, size_t len);

/* Sets O_NONBLOCK on fd. */
bool tool_set_nonblocking(int fd);

#endif
