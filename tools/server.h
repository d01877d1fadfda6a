/*
 * latch server: what its files share. server_options.c turns the command
 * line into settings and a config, server_listen.c opens the port,
 * server_loop.c runs one event loop, server_conn.c steps one connection,
 * server_http.c makes --http replies.
 */
#ifndef LATCH_TOOLS_SERVER_H
#define LATCH_TOOLS_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "latch.h"
#include "server_resume.h"
#include "trace_render.h"

enum {
    CONN_BUF = 16384,      /* plaintext waiting to be echoed or sent */
    HEAD_MAX = 8192,       /* the largest request head --http accepts */
    LINGER_MS = 2000,      /* how long a closed connection is drained */
    ACCEPT_RETRY_MS = 100, /* out of descriptors: pause before accepting again */
    FDS_RESERVED = 16,     /* descriptors that are not connections */
    MAX_CONNS_LIMIT = 1000000,
    /* Handshakes in progress at once: each may hold about 200 KiB
     * (README), so the default bounds them to about 110 MB. */
    DEFAULT_MAX_HANDSHAKES = 512,
    MAX_WORKERS = 1024,
    RELAY_BUF = 16384, /* --forward: bytes from the backend not yet sent on */
};

enum mode { MODE_HTTP, MODE_ECHO, MODE_FORWARD };

/* What the command line asked for, apart from the TLS config. */
struct server_settings {
    enum mode mode;
    int timeout_ms;
    int idle_ms;
    size_t max_conns;
    size_t max_handshakes;
    const char *port;
    const char *bind_addr;
    bool trace;
    bool log;
    int root_fd; /* --root: the directory served, or -1 */
    trace_format trace_format;
    /* --forward: the backend, resolved once at start. */
    const char *forward; /* as given, for messages */
    struct sockaddr_storage backend;
    socklen_t backend_len;
    bool proxy_protocol;
    int connect_ms;
    /* --workers: processes (0: this one serves, with no master). */
    unsigned workers;
    int drain_ms; /* a replaced worker's connections get this long */
    /* Ticket keys came from an option: workers share those, not the
     * master's. */
    bool ticket_keys_given;
    const char *ticket_keys; /* --ticket-keys FILE, or NULL */
    struct ticket_keys_watch keys_watch;
    const char *cache_url; /* --session-cache redis://..., or NULL */
    int cache_timeout_ms;  /* --session-cache-timeout */
};

/* Parses argv into set and a new config in *cfg (NULL on failure).
 * Returns -1 to go on serving, or the exit status (after --help, or
 * after saying what was wrong). */
int server_options_parse(int argc, char **argv, struct server_settings *set, latch_config **cfg);
/* Closes what the settings hold open. */
void server_settings_close(struct server_settings *set);

enum phase {
    PH_HANDSHAKE, /* until both Finished messages are through */
    PH_REQUEST,   /* --http: collecting the request head */
    PH_ECHO,      /* --echo: reading, and writing back */
    PH_CONNECT,   /* --forward: connecting to the backend */
    PH_RELAY,     /* --forward: copying both ways */
    PH_SENDING,   /* writing the rest of buf, then closing */
    PH_CLOSING,   /* close_notify is queued: flushing it */
    PH_DRAINING,  /* write side shut: reading until the peer closes */
    PH_DONE,
};

struct client {
    int fd;
    latch_conn *conn;
    enum phase phase;
    short events;        /* what the last step waits for */
    int64_t deadline_ms; /* 0 for none */
    int64_t accepted_ms;
    char peer[64];
    trace_render *trace; /* --trace: this connection's renderer */
    char *diagram;       /* --format mermaid: the diagram, written out at the end */
    size_t diagram_len;
    FILE *diagram_file;
    bool log;               /* --log: one line when it ends */
    latch_config *cfg;      /* --log: the server's, for the client's subject */
    unsigned long long in;  /* plaintext bytes read from the client */
    unsigned long long out; /* and written to it */
    char why[256];          /* the sentence it failed with, or "" */
    int file_fd;            /* --root: the file being sent, or -1 */
    off_t file_left;        /* its bytes still to be read */
    bool keep_alive;        /* read the next request after this reply */
    struct relay *relay;    /* --forward: the backend side, once connecting */
    short registered;       /* the events the loop watches fd for */
    bool touched;           /* stepped since the loop last looked */
    bool hs_counted;        /* counted in server.handshakes */
    size_t off;             /* buf[off..len) is still to be written */
    size_t len;
    uint8_t buf[CONN_BUF];
};

struct server {
    latch_config *cfg;
    struct server_settings set;
    size_t handshakes; /* clients in PH_HANDSHAKE, counted at each poll */
    int listen_fd;
    /* Out of descriptors: the listener rests until a connection closes or
     * this time passes (0: not resting). */
    int64_t accept_resume_ms;
    /* Out of descriptors since the backlog was last emptied. */
    bool starved;
    struct client **clients;
    size_t count;
    bool draining; /* told to stop accepting: ends once the last one closes */
    int64_t drain_end_ms;
    int argc; /* the command line, read again on SIGHUP */
    char **argv;
    /* Workers: the ticket key the master made for all of them. */
    uint8_t ticket_key[LATCH_TICKET_KEY_LEN];
    bool has_ticket_key;
    unsigned connections; /* accepted so far: numbers them in traces */
    /* A worker's pipe to the master, which learns from it that the worker
     * has stopped accepting; -1 without workers. */
    int master_fd;
};

/* server_conn.c: one connection. */
void client_drop(struct client *c, const char *why);
/* The same with the sentence for err (errno as the failing call left it). */
void client_drop_err(struct client *c, latch_err err);
/* Advances a connection as far as its socket allows, leaving in
 * c->events what it waits for, or c->phase == PH_DONE. */
void client_step(const struct server *s, struct client *c);
/* Its deadline has passed. */
void client_expire(const struct server *s, struct client *c);
/* A new connection on fd, accepted from addr; NULL after saying why. */
struct client *client_new(struct server *s, int fd, const struct sockaddr *addr, socklen_t len);
void client_free(struct client *c);
/* Trace events of the shared config go to their connection's renderer
 * (its user data is its client). */
void client_on_trace(const latch_conn *conn, const latch_trace_event *ev, void *arg);

/* Notes why a connection failed (on stderr, or for its --log line)
 * without ending it. */
void client_note(struct client *c, const char *why);
/* Queues close_notify and moves on to flushing it. */
void client_start_close(struct client *c, int timeout_ms);

/* server_relay.c: --forward. */
/* The handshake is done: starts connecting to the backend. */
void relay_start(const struct server *s, struct client *c);
/* Moves bytes both ways as far as both sockets allow; true when c's
 * phase moved on to closing (or PH_DONE), false when it waits on
 * c->events and c->relay->events. */
bool relay_step(const struct server *s, struct client *c);
void relay_expire(const struct server *s, struct client *c);
void relay_free(struct client *c);
/* The backend socket and the events it waits for (0 when none). */
int relay_fd(const struct client *c, short *events, short **registered);

/* server_proxy.c: the PROXY protocol v2 header to the backend, for the
 * client c (its addresses, SNI and ALPN), into buf; its length, or 0 when
 * it does not fit. */
size_t proxy_v2_header(const struct client *c, uint8_t *buf, size_t cap);

/* server_http.c: --http. */
/* Whether c->buf holds a whole request head. */
bool http_head_complete(const struct client *c);
/* Makes the reply to the request head in c->buf and queues it in c->buf. */
void http_make_reply(const struct server *s, struct client *c, bool head_complete);

/* server_listen.c */
/* A listening socket on bind_addr (NULL: all) and port, or -1 after
 * saying why. */
int server_listen(const char *bind_addr, const char *port);
/* Takes the hard limit on descriptors; says so when it is below what
 * max_conns connections of fds_per_conn descriptors each need. */
void server_raise_fd_limit(size_t max_conns, size_t fds_per_conn);

/* Turns Nagle's algorithm off on a connection: each write is a whole
 * record or reply, and a small one behind another (a reply's last
 * record, then close_notify) would otherwise wait for the peer's delayed
 * ACK, 40 ms on Linux (RFC 1122 4.2.3.4). */
void server_no_delay(int fd);

/* A listening socket that shares its port (SO_REUSEPORT) with the
 * other workers'; -1 after saying why. */
int server_listen_shared(const struct server_settings *set);
/* Binds (without listening) the address the workers will share, so that
 * port 0 becomes a real one and the port stays ours between workers;
 * -1 after saying why. The port chosen goes into port (cap bytes). */
int server_reserve_port(struct server_settings *set, char *port, size_t cap);

/* server_signals.c: each of the n signals becomes a byte on a pipe
 * whose read end is returned (-1 on failure); SIGPIPE is ignored. A
 * process calling it again keeps its pipe; a child after fork makes its
 * own. */
int signals_install(const int *sigs, size_t n);
/* The next signal that arrived, or 0. */
int signals_take(void);

/* server_loop.c: runs until SIGINT or SIGTERM (or, when told to drain
 * with SIGUSR2, until the last connection closes or the drain time is
 * up); false if the loop itself failed. Says goodbye to every connection
 * before it returns. */
bool server_run(struct server *s);
/* The signals a serving process takes: SIGINT and SIGTERM stop it,
 * SIGHUP reloads (without workers), SIGUSR2 drains. */
enum { WORKER_SIGNALS = 4 };
extern const int worker_signals[WORKER_SIGNALS];

/* server_workers.c: the master. Forks set->workers workers, each
 * serving with its own listener, restarts one that dies, and replaces
 * them all with a fresh config on SIGHUP. Returns the exit status. */
int server_master(struct server *s);

/* server_reload.c: a config read again from the same options, for
 * SIGHUP; NULL (after saying why) when a file no longer loads. */
latch_config *server_reload_config(struct server *s);
/* SIGHUP in a server without workers: serves new connections with the
 * reloaded config (connections already open keep theirs). */
void server_reload_here(struct server *s);
/* What every config of s gets beside the options: the trace callback
 * and, for workers, the ticket key they share. false after saying why. */
bool server_finish_config(struct server *s, latch_config *cfg);

#endif
