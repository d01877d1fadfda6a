/*
 * latch server: its options. Each is a row of one table (its name,
 * whether it takes an argument, and the function that applies it), so
 * a new option is a function and a row.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "server.h"

const char cmd_server_usage[] =
    "usage: latch server --cert FILE --key FILE [--cert FILE --key FILE ...] [OPTIONS]\n"
    "\n"
    "Serves TLS 1.3 and 1.2 on a TCP port until SIGINT or SIGTERM, from --workers\n"
    "processes under a master. Prints `listening on ADDR:PORT` to stderr once\n"
    "every worker listens, and one line per failed\n"
    "connection: `latch: ADDR:PORT: <why>`. When SSLKEYLOGFILE is set, each\n"
    "connection's key log line is appended to that file (mode 0600, never\n"
    "through a symbolic link), after a warning on stderr.\n"
    "\n"
    "  --cert FILE      certificate chain, PEM, leaf first (repeat for more keys)\n"
    "  --key FILE       the private key of the preceding --cert, PEM\n"
    "  --ocsp FILE      a DER OCSP response to staple with the preceding\n"
    "                   --cert and --key, for clients that ask (RFC 6066)\n"
    "  --port N         TCP port (default 4433; 0 picks a free one)\n"
    "  --bind ADDR      local address (default: all addresses)\n"
    "  --ciphers LIST   TLS 1.2 cipher suites to accept, colon-separated, in\n"
    "                   the server's order of preference\n"
    "  --ciphersuites LIST\n"
    "                   TLS 1.3 cipher suites to accept, colon-separated, in\n"
    "                   the server's order of preference (default\n"
    "                   TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:\n"
    "                   TLS_CHACHA20_POLY1305_SHA256)\n"
    "  --groups LIST    key-exchange groups to accept, colon-separated\n"
    "  --tls1_2, --tls1_3  accept only that protocol version\n"
    "  --alpn LIST      ALPN protocols to choose from, comma-separated\n"
    "  --timeout SECS, --handshake-timeout SECS\n"
    "                   drop a connection whose handshake (and, with --http,\n"
    "                   request) is not complete after SECS seconds (default 10),\n"
    "                   however slowly the client keeps sending\n"
    "  --idle-timeout SECS\n"
    "                   --echo, --forward: close a connection that neither sent\n"
    "                   nor took data for SECS seconds (default 300)\n"
    "  --connect-timeout SECS\n"
    "                   --forward: give up on a backend that has not accepted\n"
    "                   the connection after SECS seconds (default 5)\n"
    "  --max-conns N    serve at most N connections at once, per worker (default\n"
    "                   10000); past it, new ones wait in the kernel's backlog\n"
    "                   until one closes\n"
    "  --max-handshakes N\n"
    "                   at most N of them in their handshake (default 512):\n"
    "                   a new connection past it drops the oldest handshake,\n"
    "                   so half-open connections cannot hold much memory\n"
    "  --max-handshake-message BYTES\n"
    "                   the largest handshake message body taken from a\n"
    "                   client, a ClientHello aside (default 65536)\n"
    "  --max-client-hello BYTES\n"
    "                   the largest ClientHello body (default 131396, the\n"
    "                   largest legal one; at least 1024)\n"
    "  --strict-sni     answer a server name that no --cert covers, or none,\n"
    "                   with unrecognized_name instead of the first\n"
    "                   certificate (with --strict-alpn: the ALPACA defence)\n"
    "  --strict-alpn    with --alpn: answer a client that offers none of\n"
    "                   those protocols, or no ALPN, with no_application_protocol\n"
    "  --record-size-limit BYTES\n"
    "                   to a client that offers record_size_limit (RFC 8449),\n"
    "                   answer that its records carry at most BYTES (64 to\n"
    "                   16384) of plaintext (default 16384)\n"
    "  --http           answer each request with a page describing the\n"
    "                   connection (the default); HTTP/1.1 keeps the connection\n"
    "                   for the next request unless it says Connection: close,\n"
    "                   HTTP/1.0 closes; a request head over 8192 bytes gets 431\n"
    "  --root DIR       with --http: serve the files under DIR, read-only, to GET\n"
    "                   and HEAD (a directory means its index.html); a path with\n"
    "                   %00, an encoded '/', or a '.' or '..' segment is refused,\n"
    "                   and no symbolic link is followed, so nothing outside DIR\n"
    "                   is reachable; HTTP/1.1 connections stay open for the\n"
    "                   next request unless the client sends Connection: close\n"
    "                   or a request body\n"
    "  --echo           send application data back as it arrives\n"
    "  --forward HOST:PORT\n"
    "                   relay each connection's plaintext, both ways, to a TCP\n"
    "                   backend (resolved once, at start); the client's\n"
    "                   close_notify shuts the backend's write side, the\n"
    "                   backend's end of file sends close_notify; 16 KiB are\n"
    "                   buffered each way, and a full buffer stops reading the\n"
    "                   side that fills it. A backend that refuses, times out or\n"
    "                   fails gets the client a close_notify and one line naming\n"
    "                   the backend and why\n"
    "  --proxy-protocol with --forward: send the backend a PROXY protocol v2\n"
    "                   header first (the client's address and port, the\n"
    "                   address it reached, its SNI and the ALPN protocol)\n"
    "  --no-tickets     neither issue nor accept session tickets (RFC 5077;\n"
    "                   issued by default, under keys made in process)\n"
    "  --tls13-tickets N\n"
    "                   send N NewSessionTickets (0 to 8) after each TLS 1.3\n"
    "                   handshake (default 2; 0 sends none, and TLS 1.3\n"
    "                   clients cannot resume); a client uses one per\n"
    "                   resumption (RFC 8446 4.6.1)\n"
    "  --ticket-rotation SECONDS\n"
    "                   make a new ticket key every SECONDS (default 14400,\n"
    "                   4 hours; 0: one key until exit); older keys still\n"
    "                   open tickets for the session lifetime. Only with\n"
    "                   --workers 0: workers share the master's one key\n"
    "  --session-cache N\n"
    "                   keep up to N sessions for resumption by session ID\n"
    "                   (default 4096; 0 turns the cache off)\n"
    "  --session-cache redis://HOST[:PORT]\n"
    "                   also keep them in Redis (SET with EX, GET, DEL; port\n"
    "                   6379 by default; HOST resolved once, at start, to its\n"
    "                   first address), so every server using it resumes the\n"
    "                   others' sessions; needs --ticket-keys, whose key seals\n"
    "                   them (Redis never sees a secret). Redis down or slow\n"
    "                   never fails a handshake: a miss, a full handshake, a\n"
    "                   retry after 250 ms to 8 s, and one line a minute\n"
    "  --session-cache-timeout MS\n"
    "                   wait at most MS milliseconds for Redis to connect or\n"
    "                   answer (default 50, at most 10000)\n"
    "  --ticket-keys FILE\n"
    "                   the ticket keys servers share: one per line, 48 bytes\n"
    "                   in base64 (`openssl rand -base64 48`), '#' comments;\n"
    "                   the first seals, all (up to 5) open. Read again on\n"
    "                   SIGHUP and when the file changes (checked each second);\n"
    "                   a file that does not load keeps the keys in use. To\n"
    "                   rotate: add a key at the end, later move it first, and\n"
    "                   a session lifetime later drop the old one\n"
    "  --verify-client FILE\n"
    "                   ask each client for a certificate (CertificateRequest)\n"
    "                   and validate the chain it sends against the CAs in FILE\n"
    "                   (PEM); a client may still send none\n"
    "  --require-client-cert\n"
    "                   with --verify-client: fail the handshake of a client\n"
    "                   that sends no certificate\n"
    "  --log            one line per connection on stderr, when it ends, in place\n"
    "                   of the line per failure: `latch: log peer=ADDR:PORT sni=\n"
    "                   version= suite= group= alpn= resumed=yes|no client_cert=\n"
    "                   verified|none client_subject=\"CN=...\"|none in=BYTES\n"
    "                   out=BYTES ms=DURATION result=ok` or\n"
    "                   `result=failed: <why>` (what the client sent is escaped)\n"
    "  --trace          show each connection's handshake on stderr\n"
    "  --format FORMAT  trace as text (default), json, mermaid or html (implies\n"
    "                   --trace; html: one page per connection, when it ends)\n"
    "  --workers N      serve from N processes, each with its own event loop\n"
    "                   and its own SO_REUSEPORT socket on the port (default:\n"
    "                   the number of online cores; 0: this process serves, with\n"
    "                   no master). The master restarts a worker that dies, and\n"
    "                   makes one session ticket key that all workers share;\n"
    "                   each worker has its own session-ID cache\n"
    "  --drain-timeout SECS\n"
    "                   after a reload, how long a replaced worker may go on\n"
    "                   serving its open connections (default 60)\n"
    "  --crl FILE       with --verify-client: a CRL for the clients' chains\n"
    "  -h, --help       this text\n"
    "\n"
    "SIGHUP reloads: every file named by the options (certificates, keys,\n"
    "OCSP responses, CAs, CRLs) is read and checked again; if all load, new\n"
    "workers serve with them and the old ones stop accepting and finish\n"
    "their connections (up to --drain-timeout); if one does not, the old\n"
    "files stay in service and the reason is logged. Other options keep the\n"
    "values they started with.\n"
    "\n"
    "The server raises its open-file limit to the hard limit. When it runs\n"
    "out of file descriptors anyway, it stops accepting for a moment and\n"
    "serves the connections it has.\n";

/* What parsing keeps between options. */
struct setup {
    struct server_settings *set;
    latch_config *cfg;
    const char *name; /* the option being applied, for messages */
    const char *cert; /* a --cert still waiting for its --key */
    size_t pairs;
    bool verify_client;
    bool require_client_cert;
    bool strict_alpn;
    bool alpn;
    bool crl;
};

/* What an option's function returns: go on, or this exit status. */
enum { NEXT = -1 };

/* The result of a config setter, said with the option's name. */
static int setter(struct setup *st, const char *arg, latch_err err)
{
    if (err == LATCH_OK)
        return NEXT;
    tool_error("--%s %s: %s", st->name, arg != NULL ? arg : "", latch_config_error(st->cfg));
    return EXIT_FAILED;
}

/* A whole number from lo to hi, or a usage error naming the option. */
static bool number(const char *arg, long long lo, long long hi, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long n = strtoll(arg, &end, 10);
    if (end == arg || *end != '\0' || errno != 0 || n < lo || n > hi)
        return false;
    *out = n;
    return true;
}

static int opt_cert(struct setup *st, const char *arg)
{
    if (st->cert != NULL)
        return tool_usage_error("server", "--cert %s has no --key", st->cert);
    st->cert = arg;
    return NEXT;
}

static int opt_key(struct setup *st, const char *arg)
{
    if (st->cert == NULL)
        return tool_usage_error("server", "--key %s must follow its --cert", arg);
    if (latch_config_add_cert_key_file(st->cfg, st->cert, arg) != LATCH_OK) {
        tool_error("--cert %s --key %s: %s", st->cert, arg, latch_config_error(st->cfg));
        return EXIT_FAILED;
    }
    st->cert = NULL;
    st->pairs++;
    return NEXT;
}

static int opt_ocsp(struct setup *st, const char *arg)
{
    if (st->cert != NULL || st->pairs == 0)
        return tool_usage_error("server", "--ocsp %s must follow the --cert and --key it is about",
                                arg);
    if (latch_config_set_ocsp_response_file(st->cfg, arg) != LATCH_OK) {
        tool_error("--ocsp: %s", latch_config_error(st->cfg));
        return EXIT_FAILED;
    }
    return NEXT;
}

static int opt_port(struct setup *st, const char *arg)
{
    if (strspn(arg, "0123456789") != strlen(arg) || strlen(arg) > 5 || atoi(arg) > 65535)
        return tool_usage_error("server", "--port %s is not a port number", arg);
    st->set->port = arg;
    return NEXT;
}

static int opt_bind(struct setup *st, const char *arg)
{
    st->set->bind_addr = arg;
    return NEXT;
}

static int opt_ciphers(struct setup *st, const char *arg)
{
    return setter(st, arg, latch_config_set_ciphers(st->cfg, arg));
}

static int opt_ciphersuites(struct setup *st, const char *arg)
{
    return setter(st, arg, latch_config_set_tls13_suites(st->cfg, arg));
}

static int opt_groups(struct setup *st, const char *arg)
{
    return setter(st, arg, latch_config_set_groups(st->cfg, arg));
}

static int opt_tls1_2(struct setup *st, const char *arg)
{
    return setter(st, arg, latch_config_set_versions(st->cfg, LATCH_TLS1_2, LATCH_TLS1_2));
}

static int opt_tls1_3(struct setup *st, const char *arg)
{
    return setter(st, arg, latch_config_set_versions(st->cfg, LATCH_TLS1_3, LATCH_TLS1_3));
}

static int opt_alpn(struct setup *st, const char *arg)
{
    st->alpn = true;
    return setter(st, arg, latch_config_set_alpn(st->cfg, arg));
}

/* Seconds from 1 to 86400 into *ms. */
static int seconds(struct setup *st, const char *arg, int *ms)
{
    long long secs;
    if (!number(arg, 1, 86400, &secs))
        return tool_usage_error("server", "--%s %s is not a number of seconds from 1 to 86400",
                                st->name, arg);
    *ms = (int)secs * 1000;
    return NEXT;
}

static int opt_timeout(struct setup *st, const char *arg)
{
    return seconds(st, arg, &st->set->timeout_ms);
}

static int opt_idle_timeout(struct setup *st, const char *arg)
{
    return seconds(st, arg, &st->set->idle_ms);
}

/* A count from 1 to MAX_CONNS_LIMIT into *out. */
static int count(struct setup *st, const char *arg, size_t *out)
{
    long long n;
    if (!number(arg, 1, MAX_CONNS_LIMIT, &n))
        return tool_usage_error("server", "--%s %s is not a number from 1 to %d", st->name, arg,
                                MAX_CONNS_LIMIT);
    *out = (size_t)n;
    return NEXT;
}

static int opt_max_conns(struct setup *st, const char *arg)
{
    return count(st, arg, &st->set->max_conns);
}

static int opt_max_handshakes(struct setup *st, const char *arg)
{
    return count(st, arg, &st->set->max_handshakes);
}

static int bytes(struct setup *st, const char *arg, size_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long n = strtoull(arg, &end, 10);
    if (end == arg || *end != '\0' || arg[0] == '-' || errno != 0 || n > SIZE_MAX)
        return tool_usage_error("server", "--%s %s is not a number of bytes", st->name, arg);
    *out = (size_t)n;
    return NEXT;
}

static int opt_max_handshake_message(struct setup *st, const char *arg)
{
    size_t n = 0;
    int r = bytes(st, arg, &n);
    return r != NEXT ? r : setter(st, arg, latch_config_set_max_handshake_message(st->cfg, n));
}

static int opt_max_client_hello(struct setup *st, const char *arg)
{
    size_t n = 0;
    int r = bytes(st, arg, &n);
    return r != NEXT ? r : setter(st, arg, latch_config_set_max_client_hello(st->cfg, n));
}

static int opt_strict_sni(struct setup *st, const char *arg)
{
    return setter(st, arg, latch_config_set_strict_sni(st->cfg, 1));
}

static int opt_strict_alpn(struct setup *st, const char *arg)
{
    st->strict_alpn = true;
    return setter(st, arg, latch_config_set_strict_alpn(st->cfg, 1));
}

static int opt_record_size_limit(struct setup *st, const char *arg)
{
    long long n;
    if (!number(arg, 64, 16384, &n))
        return tool_usage_error(
            "server", "--record-size-limit %s is not a number of bytes from 64 to 16384", arg);
    return setter(st, arg, latch_config_set_record_size_limit(st->cfg, (unsigned)n));
}

static int opt_no_tickets(struct setup *st, const char *arg)
{
    return setter(st, arg, latch_config_set_tickets(st->cfg, 0));
}

static int opt_tls13_tickets(struct setup *st, const char *arg)
{
    long long n;
    if (!number(arg, 0, LATCH_TLS13_TICKETS_MAX, &n))
        return tool_usage_error("server", "--tls13-tickets %s is not a number from 0 to %d", arg,
                                LATCH_TLS13_TICKETS_MAX);
    return setter(st, arg, latch_config_set_tls13_tickets(st->cfg, (unsigned)n));
}

static int opt_session_cache(struct setup *st, const char *arg)
{
    if (strncmp(arg, "redis://", 8) == 0) {
        st->set->cache_url = arg;
        return NEXT;
    }
    long long n;
    if (!number(arg, 0, LATCH_SESSION_CACHE_MAX, &n))
        return tool_usage_error("server", "--session-cache %s is not a number from 0 to %d", arg,
                                LATCH_SESSION_CACHE_MAX);
    return setter(st, arg, latch_config_set_session_cache(st->cfg, (size_t)n));
}

static int opt_ticket_rotation(struct setup *st, const char *arg)
{
    long long n;
    if (!number(arg, 0, LATCH_TICKET_ROTATION_MAX, &n))
        return tool_usage_error("server", "--ticket-rotation %s is not a number of seconds", arg);
    return setter(st, arg, latch_config_set_ticket_rotation(st->cfg, (uint32_t)n));
}

static int opt_ticket_keys(struct setup *st, const char *arg)
{
    st->set->ticket_keys = arg;
    st->set->ticket_keys_given = true;
    ticket_keys_watch_start(&st->set->keys_watch, arg, tool_now_ms());
    return setter(st, arg, latch_config_set_ticket_keys_file(st->cfg, arg));
}

static int opt_session_cache_timeout(struct setup *st, const char *arg)
{
    long long n;
    if (!number(arg, 1, REDIS_TIMEOUT_MAX_MS, &n))
        return tool_usage_error("server", "--session-cache-timeout %s is not a number from 1 to %d",
                                arg, REDIS_TIMEOUT_MAX_MS);
    st->set->cache_timeout_ms = (int)n;
    return NEXT;
}

/* --session-cache redis://: the cache is made once the timeout is known. */
static int check_resume(struct setup *st)
{
    const char *url = st->set->cache_url;
    if (url == NULL)
        return NEXT;
    if (st->set->ticket_keys == NULL)
        return tool_usage_error("server",
                                "--session-cache %s needs --ticket-keys FILE: the sessions it "
                                "keeps are sealed under the ticket key, which every server "
                                "sharing the cache must hold",
                                url);
    struct redis_cache *rc = redis_cache_get(url, st->set->cache_timeout_ms);
    if (rc == NULL)
        return EXIT_FAILED;
    return setter(st, url, redis_cache_attach(rc, st->cfg));
}

static int opt_verify_client(struct setup *st, const char *arg)
{
    st->verify_client = true;
    return setter(st, arg, latch_config_add_ca_file(st->cfg, arg));
}

static int opt_require_client_cert(struct setup *st, const char *arg)
{
    (void)arg;
    st->require_client_cert = true;
    return NEXT;
}

static int opt_http(struct setup *st, const char *arg)
{
    (void)arg;
    st->set->mode = MODE_HTTP;
    return NEXT;
}

static int opt_echo(struct setup *st, const char *arg)
{
    (void)arg;
    st->set->mode = MODE_ECHO;
    return NEXT;
}

static int opt_log(struct setup *st, const char *arg)
{
    (void)arg;
    st->set->log = true;
    return NEXT;
}

static int opt_root(struct setup *st, const char *arg)
{
    if (st->set->root_fd >= 0)
        close(st->set->root_fd);
    st->set->root_fd = open(arg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (st->set->root_fd < 0) {
        tool_error("--root %s: %s", arg, strerror(errno));
        return EXIT_FAILED;
    }
    st->set->mode = MODE_HTTP;
    return NEXT;
}

static int opt_trace(struct setup *st, const char *arg)
{
    (void)arg;
    st->set->trace = true;
    return NEXT;
}

static int opt_format(struct setup *st, const char *arg)
{
    st->set->trace = true;
    if (!trace_format_parse(arg, &st->set->trace_format))
        return tool_usage_error("server", "--format %s: use text, json, mermaid or html", arg);
    return NEXT;
}

/* HOST:PORT, resolved now: a backend that cannot be named is a usage
 * error at start, not a failure per connection. */
static int opt_forward(struct setup *st, const char *arg)
{
    char *copy = strdup(arg);
    char *host = NULL, *port = NULL;
    if (copy == NULL || !tool_split_host_port(copy, &host, &port)) {
        free(copy);
        return tool_usage_error("server",
                                "--forward %s is not HOST:PORT (an IPv6 address goes in "
                                "brackets: [::1]:8080)",
                                arg);
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *list = NULL;
    int gai = getaddrinfo(host, port, &hints, &list);
    free(copy);
    if (gai != 0) {
        tool_error("--forward %s: %s", arg, gai_strerror(gai));
        return EXIT_FAILED;
    }
    memcpy(&st->set->backend, list->ai_addr, list->ai_addrlen);
    st->set->backend_len = list->ai_addrlen;
    freeaddrinfo(list);
    st->set->forward = arg;
    st->set->mode = MODE_FORWARD;
    return NEXT;
}

static int opt_proxy_protocol(struct setup *st, const char *arg)
{
    (void)arg;
    st->set->proxy_protocol = true;
    return NEXT;
}

static int opt_connect_timeout(struct setup *st, const char *arg)
{
    return seconds(st, arg, &st->set->connect_ms);
}

static int opt_drain_timeout(struct setup *st, const char *arg)
{
    return seconds(st, arg, &st->set->drain_ms);
}

static int opt_workers(struct setup *st, const char *arg)
{
    long long n;
    if (!number(arg, 0, MAX_WORKERS, &n))
        return tool_usage_error("server", "--workers %s is not a number from 0 to %d", arg,
                                MAX_WORKERS);
    st->set->workers = (unsigned)n;
    return NEXT;
}

static int opt_crl(struct setup *st, const char *arg)
{
    st->crl = true;
    return setter(st, arg, latch_config_add_crl_file(st->cfg, arg));
}

static int opt_help(struct setup *st, const char *arg)
{
    (void)st;
    (void)arg;
    fputs(cmd_server_usage, stdout);
    return EXIT_OK;
}

struct server_option {
    const char *name;
    int has_arg;
    int (*apply)(struct setup *st, const char *arg);
};

static const struct server_option table[] = {
    {"cert", required_argument, opt_cert},
    {"key", required_argument, opt_key},
    {"ocsp", required_argument, opt_ocsp},
    {"port", required_argument, opt_port},
    {"bind", required_argument, opt_bind},
    {"ciphers", required_argument, opt_ciphers},
    {"ciphersuites", required_argument, opt_ciphersuites},
    {"groups", required_argument, opt_groups},
    {"tls1_2", no_argument, opt_tls1_2},
    {"tls1_3", no_argument, opt_tls1_3},
    {"alpn", required_argument, opt_alpn},
    {"timeout", required_argument, opt_timeout},
    {"idle-timeout", required_argument, opt_idle_timeout},
    {"max-conns", required_argument, opt_max_conns},
    {"max-handshakes", required_argument, opt_max_handshakes},
    {"max-handshake-message", required_argument, opt_max_handshake_message},
    {"max-client-hello", required_argument, opt_max_client_hello},
    {"strict-sni", no_argument, opt_strict_sni},
    {"strict-alpn", no_argument, opt_strict_alpn},
    {"record-size-limit", required_argument, opt_record_size_limit},
    {"no-tickets", no_argument, opt_no_tickets},
    {"tls13-tickets", required_argument, opt_tls13_tickets},
    {"session-cache", required_argument, opt_session_cache},
    {"ticket-rotation", required_argument, opt_ticket_rotation},
    {"ticket-keys", required_argument, opt_ticket_keys},
    {"session-cache-timeout", required_argument, opt_session_cache_timeout},
    {"verify-client", required_argument, opt_verify_client},
    {"require-client-cert", no_argument, opt_require_client_cert},
    {"http", no_argument, opt_http},
    {"echo", no_argument, opt_echo},
    {"log", no_argument, opt_log},
    {"root", required_argument, opt_root},
    {"trace", no_argument, opt_trace},
    {"format", required_argument, opt_format},
    {"forward", required_argument, opt_forward},
    {"proxy-protocol", no_argument, opt_proxy_protocol},
    {"handshake-timeout", required_argument, opt_timeout},
    {"connect-timeout", required_argument, opt_connect_timeout},
    {"workers", required_argument, opt_workers},
    {"drain-timeout", required_argument, opt_drain_timeout},
    {"crl", required_argument, opt_crl},
    {"help", no_argument, opt_help},
};

enum { OPTIONS = sizeof table / sizeof table[0] };

/* -h is --help. */
static int help_row(void)
{
    int i = 0;
    while (table[i].apply != opt_help)
        i++;
    return i;
}

/* What the options say together, once all are read. */
static int check_together(struct setup *st, int argc, char **argv)
{
    if (st->set->root_fd >= 0 && st->set->mode != MODE_HTTP)
        return tool_usage_error("server", "--root serves files over --http, not with %s",
                                st->set->mode == MODE_ECHO ? "--echo" : "--forward");
    if (st->set->proxy_protocol && st->set->mode != MODE_FORWARD)
        return tool_usage_error("server", "--proxy-protocol needs --forward HOST:PORT");
    if (st->crl && !st->verify_client)
        return tool_usage_error("server", "--crl needs --verify-client FILE (the clients' CAs)");
    if (optind != argc)
        return tool_usage_error("server", "unexpected operand '%s': every setting is an option",
                                argv[optind]);
    if (st->cert != NULL)
        return tool_usage_error("server", "--cert %s has no --key", st->cert);
    if (st->pairs == 0)
        return tool_usage_error("server", "a server needs at least one --cert and --key");
    if (st->strict_alpn && !st->alpn)
        return tool_usage_error("server",
                                "--strict-alpn needs --alpn LIST (the protocols to require)");
    if (st->require_client_cert && !st->verify_client)
        return tool_usage_error(
            "server", "--require-client-cert needs --verify-client FILE (the clients' CAs)");
    if (st->verify_client &&
        latch_config_request_client_cert(st->cfg, st->require_client_cert
                                                      ? LATCH_CLIENT_CERT_REQUIRED
                                                      : LATCH_CLIENT_CERT_OPTIONAL) != LATCH_OK) {
        tool_error("--verify-client: %s", latch_config_error(st->cfg));
        return EXIT_FAILED;
    }
    return tool_keylog_from_env(st->cfg) ? NEXT : EXIT_FAILED;
}

static unsigned online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (unsigned)n;
}

int server_options_parse(int argc, char **argv, struct server_settings *set, latch_config **cfg)
{
    *set = (struct server_settings){
        .mode = MODE_HTTP,
        .root_fd = -1,
        .timeout_ms = 10000,
        .idle_ms = 300000,
        .max_conns = 10000,
        .max_handshakes = DEFAULT_MAX_HANDSHAKES,
        .port = "4433",
        .connect_ms = 5000,
        .drain_ms = 60000,
        .workers = online_cores(),
        .cache_timeout_ms = REDIS_TIMEOUT_MS,
    };
    *cfg = NULL;
    struct setup st = {.set = set, .cfg = latch_config_new(LATCH_SERVER)};
    if (st.cfg == NULL) {
        tool_error("out of memory");
        return EXIT_FAILED;
    }
    struct option longopts[OPTIONS + 1];
    for (size_t i = 0; i < OPTIONS; i++)
        longopts[i] = (struct option){table[i].name, table[i].has_arg, NULL, 256 + (int)i};
    longopts[OPTIONS] = (struct option){NULL, 0, NULL, 0};
    int status = NEXT;
    optind = 0; /* glibc: start afresh, as a reload parses again */
    int c;
    while (status == NEXT && (c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'h')
            c = 256 + help_row();
        if (c < 256 || c >= 256 + OPTIONS) {
            status = tool_usage_hint("server");
            break;
        }
        st.name = table[c - 256].name;
        status = table[c - 256].apply(&st, optarg);
    }
    if (status == NEXT)
        status = check_together(&st, argc, argv);
    if (status == NEXT)
        status = check_resume(&st);
    if (status != NEXT) {
        latch_config_free(st.cfg);
        server_settings_close(set);
        return status;
    }
    *cfg = st.cfg;
    return NEXT;
}

void server_settings_close(struct server_settings *set)
{
    if (set->root_fd >= 0)
        close(set->root_fd);
    set->root_fd = -1;
}
