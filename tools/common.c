#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static bool quiet;

void tool_set_quiet(bool q)
{
    quiet = q;
}

void tool_error(const char *fmt, ...)
{
    if (quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("latch: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int tool_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("latch: ", stderr);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "; see `latch %s --help`\n", cmd);
    va_end(ap);
    return EXIT_USAGE;
}

int tool_usage_hint(const char *cmd)
{
    fprintf(stderr, "latch: see `latch %s --help`\n", cmd);
    return EXIT_USAGE;
}

const char *tool_failure(const latch_conn *conn, latch_err err, int err_no, char *buf, size_t cap)
{
    const char *sentence = conn != NULL ? latch_conn_error(conn) : "";
    if (sentence[0] != '\0')
        snprintf(buf, cap, "%s", sentence);
    else if (err == LATCH_ERR_IO)
        snprintf(buf, cap, "socket error: %s", strerror(err_no));
    else if (err == LATCH_ERR_CLOSED)
        snprintf(buf, cap, "the peer closed the connection");
    else if (err == LATCH_ERR_TRUNCATED)
        snprintf(buf, cap, "the connection ended without close_notify");
    else
        snprintf(buf, cap, "%s", latch_err_name(err));
    return buf;
}

bool tool_split_host_port(char *arg, char **host, char **port)
{
    char *colon;
    if (arg[0] == '[') {
        char *close = strchr(arg, ']');
        if (close == NULL || close[1] != ':')
            return false;
        *close = '\0';
        *host = arg + 1;
        colon = close + 1;
    } else {
        colon = strrchr(arg, ':');
        if (colon == NULL || memchr(arg, ':', (size_t)(colon - arg)) != NULL)
            return false;
        *colon = '\0';
        *host = arg;
    }
    *port = colon + 1;
    return **host != '\0' && **port != '\0';
}

bool tool_target_parse(int argc, char **argv, const char *cmd, const char *sni,
                       struct tool_target *t)
{
    *t = (struct tool_target){.copy = NULL};
    if (optind == argc) {
        tool_usage_error(cmd, "give the server as HOST:PORT");
        return false;
    }
    if (optind != argc - 1) {
        tool_usage_error(cmd, "give one HOST:PORT operand, not %d (write '%s:%s', not '%s %s')",
                         argc - optind, argv[optind], argv[optind + 1], argv[optind],
                         argv[optind + 1]);
        return false;
    }
    return tool_target_split(argv[optind], cmd, sni, t);
}

bool tool_target_split(const char *text, const char *cmd, const char *sni, struct tool_target *t)
{
    *t = (struct tool_target){.text = text};
    t->copy = strdup(t->text);
    char *host = NULL;
    char *port = NULL;
    if (t->copy == NULL || !tool_split_host_port(t->copy, &host, &port)) {
        tool_usage_error(cmd, "'%s' is not HOST:PORT (an IPv6 address goes in brackets: [::1]:443)",
                         t->text);
        tool_target_free(t);
        return false;
    }
    t->host = host;
    t->port = port;
    t->sni = sni != NULL ? sni : host;
    return true;
}

void tool_target_free(struct tool_target *t)
{
    free(t->copy);
    t->copy = NULL;
}

void tool_format_addr(const struct sockaddr *sa, socklen_t len, char *buf, size_t cap)
{
    char host[NI_MAXHOST];
    char serv[NI_MAXSERV];
    if (getnameinfo(sa, len, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        snprintf(buf, cap, "(unknown address)");
        return;
    }
    if (sa->sa_family == AF_INET6)
        snprintf(buf, cap, "[%s]:%s", host, serv);
    else
        snprintf(buf, cap, "%s:%s", host, serv);
}

/* A size in bytes for a record-size setter; no text: not set. */
static bool record_size_option(latch_config *cfg, const char *text,
                               latch_err (*set)(latch_config *, unsigned))
{
    if (text == NULL)
        return true;
    char *end = NULL;
    unsigned long n = strtoul(text, &end, 10);
    if (end == text || *end != '\0' || text[0] == '-' || n > 65535)
        n = 1; /* not a size: the setter says which sizes are */
    return set(cfg, (unsigned)n) == LATCH_OK;
}

latch_config *tool_client_config(const struct tool_client_opts *opts)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    if (cfg == NULL) {
        tool_error("out of memory");
        return NULL;
    }
    const char *what = NULL;
    if ((opts->cert == NULL) != (opts->key == NULL)) {
        tool_error("--cert and --key go together: a client certificate needs its key");
        latch_config_free(cfg);
        return NULL;
    }
    if (opts->ca != NULL && latch_config_add_ca_file(cfg, opts->ca) != LATCH_OK)
        what = "--ca";
    else if (opts->cert != NULL &&
             latch_config_add_cert_key_file(cfg, opts->cert, opts->key) != LATCH_OK)
        what = "--cert/--key";
    else if (opts->ciphers != NULL && latch_config_set_ciphers(cfg, opts->ciphers) != LATCH_OK)
        what = "--ciphers";
    else if (opts->ciphersuites != NULL &&
             latch_config_set_tls13_suites(cfg, opts->ciphersuites) != LATCH_OK)
        what = "--ciphersuites";
    else if (opts->groups != NULL && latch_config_set_groups(cfg, opts->groups) != LATCH_OK)
        what = "--groups";
    else if (opts->alpn != NULL && latch_config_set_alpn(cfg, opts->alpn) != LATCH_OK)
        what = "--alpn";
    else if (opts->insecure && latch_config_insecure_noverify(cfg) != LATCH_OK)
        what = "--insecure";
    else if (opts->require_staple && latch_config_require_ocsp_staple(cfg) != LATCH_OK)
        what = "--require-staple";
    else if (opts->no_tickets && latch_config_set_tickets(cfg, 0) != LATCH_OK)
        what = "--no-tickets";
    else if (opts->version != 0 &&
             latch_config_set_versions(cfg, opts->version, opts->version) != LATCH_OK)
        what = opts->version == LATCH_TLS1_3 ? "--tls1_3" : "--tls1_2";
    else if (!record_size_option(cfg, opts->record_size_limit, latch_config_set_record_size_limit))
        what = "--record-size-limit";
    else if (!record_size_option(cfg, opts->max_fragment_length,
                                 latch_config_set_max_fragment_length))
        what = "--max-fragment-length";
    if (what != NULL) {
        tool_error("%s: %s", what, latch_config_error(cfg));
        latch_config_free(cfg);
        return NULL;
    }
    if (!tool_keylog_from_env(cfg)) {
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

static const char *or_none(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : "none";
}

void tool_put_escaped(FILE *out, const void *bytes, size_t len)
{
    enum { CHUNK = 256 };
    const uint8_t *p = bytes;
    char text[LATCH_ESCAPED_MAX(CHUNK)];
    while (len > 0) {
        size_t n = len < CHUNK ? len : CHUNK;
        fputs(latch_escape(text, sizeof text, p, n), out);
        p += n;
        len -= n;
    }
}

/* A name the peer chose or sent, escaped for the summary. */
static const char *peer_text(const char *s, char *buf, size_t cap)
{
    return s != NULL ? latch_escape(buf, cap, s, strlen(s)) : NULL;
}

int64_t tool_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *tool_tls12_flag(const latch_conn *conn, bool on)
{
    /* TLS 1.3 hashes the transcript into every secret and has only AEADs:
     * extended master secret and encrypt-then-MAC mean nothing there. */
    const char *version = latch_conn_version(conn);
    if (version != NULL && strcmp(version, "TLSv1.3") == 0)
        return "n/a (TLS 1.3)";
    return on ? "yes" : "no";
}

void tool_print_summary(FILE *out, const latch_conn *conn, const char *peer)
{
    size_t certs = latch_conn_peer_cert_count(conn);
    char sni_text[LATCH_ESCAPED_MAX(255)], alpn_text[LATCH_ESCAPED_MAX(255)];
    const char *sni = peer_text(latch_conn_server_name(conn), sni_text, sizeof sni_text);
    const char *alpn = peer_text(latch_conn_alpn(conn), alpn_text, sizeof alpn_text);
    fprintf(out,
            "Connected to %s with %s, cipher suite %s (0x%04x), group %s, "
            "signature scheme %s; ALPN %s; SNI %s; extended master secret %s; "
            "encrypt-then-MAC %s; %s; the peer sent %zu certificate%s.\n",
            peer, or_none(latch_conn_version(conn)), or_none(latch_conn_cipher(conn)),
            latch_conn_cipher_id(conn), or_none(latch_conn_group(conn)),
            or_none(latch_conn_sig_scheme(conn)), or_none(alpn), sni != NULL ? sni : "not sent",
            tool_tls12_flag(conn, latch_conn_ems(conn)),
            tool_tls12_flag(conn, latch_conn_encrypt_then_mac(conn)),
            latch_conn_resumed(conn) ? "session resumed (abbreviated handshake)" : "new session",
            certs, certs == 1 ? "" : "s");
}

static void append_keylog(const char *line, void *arg)
{
    const int *fd = arg;
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%s\n", line);
    /* One write per line: with O_APPEND, lines from several processes
     * sharing the file do not interleave. */
    if (n > 0 && (size_t)n < sizeof buf && !tool_write_all(*fd, buf, (size_t)n))
        tool_error("SSLKEYLOGFILE: %s", strerror(errno));
    explicit_bzero(buf, sizeof buf);
}

/* Opens the key log for appending: never through a symbolic link (a
 * link planted in a shared directory would send the keys elsewhere), and
 * created readable by its owner only. */
static int open_keylog(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        tool_error("SSLKEYLOGFILE %s: %s%s", path, strerror(errno),
                   errno == ELOOP ? " (it is a symbolic link, which latch does not follow)" : "");
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && (st.st_mode & 077) != 0)
        tool_error("warning: SSLKEYLOGFILE %s is readable or writable by others (mode %03o)", path,
                   (unsigned)(st.st_mode & 0777));
    return fd;
}

bool tool_keylog_from_env(latch_config *cfg)
{
    static int fd = -1;
    const char *path = secure_getenv("SSLKEYLOGFILE");
    if (path == NULL || path[0] == '\0')
        return true;
    if (fd < 0) {
        tool_error("warning: SSLKEYLOGFILE is set: the secrets of every connection are written to "
                   "%s, and whoever reads it can decrypt that traffic",
                   path);
        fd = open_keylog(path);
    }
    if (fd < 0)
        return false;
    if (latch_config_set_keylog(cfg, append_keylog, &fd) != LATCH_OK) {
        tool_error("SSLKEYLOGFILE: %s", latch_config_error(cfg));
        return false;
    }
    return true;
}

bool tool_write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

bool tool_set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}
