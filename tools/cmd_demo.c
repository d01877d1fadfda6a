/*
 * latch demo: the whole story on loopback. A freshly minted CA signs a
 * certificate for localhost; a latch server in a thread serves with it; a
 * latch client that trusts only that CA connects, its handshake is traced
 * message by message, an HTTP GET travels through the encrypted channel,
 * and a summary closes. Uses only the public API.
 */
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "deadline.h"
#include "demo.h"
#include "trace_render.h"

const char cmd_demo_usage[] =
    "usage: latch demo [OPTIONS]\n"
    "\n"
    "Mints a development CA and a certificate for localhost, starts a latch\n"
    "server with it on 127.0.0.1, and connects a latch client that trusts only\n"
    "that CA. The client's handshake is shown message by message, then an HTTP\n"
    "GET goes through the encrypted channel, the response is printed, and a\n"
    "summary gives the suite, the group, the round trips and the time taken.\n"
    "Nothing is written to disk; SSLKEYLOGFILE is honoured.\n"
    "\n"
    "  --format FORMAT  the trace as text (the default), json, mermaid or html;\n"
    "                   the rest then goes to stderr\n"
    "  --html FILE      write the trace as an HTML page to FILE (see README), and\n"
    "                   the rest as text to stdout\n"
    "  --show-secrets   show the pre-master and master secrets too\n"
    "  --compare        instead: one TLS 1.2 and one TLS 1.3 handshake side by\n"
    "                   side (round trips, messages in the clear and encrypted,\n"
    "                   time), client and server in memory; with --format\n"
    "                   mermaid, each handshake as a sequence diagram of its own\n"
    "  -h, --help       this text\n";

enum { WAIT_MS = 10000, RESPONSE_MAX = 8192 };

/* The server side: one connection, one request, one answer. */
struct demo_server {
    latch_config *cfg;
    int listen_fd;
    char error[512]; /* empty when all went well */
};

static bool wait_readable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, WAIT_MS) == 1;
}

/* Reads the request head; false at the end of the stream or on failure. */
static bool read_request(latch_conn *conn, int fd, char *buf, size_t cap, latch_err *err)
{
    size_t have = 0;
    while (have + 1 < cap) {
        size_t got = 0;
        *err = latch_fd_read(conn, fd, (uint8_t *)buf + have, cap - 1 - have, &got);
        if (*err != LATCH_OK)
            return false;
        have += got;
        buf[have] = '\0';
        if (strstr(buf, "\r\n\r\n") != NULL)
            return true;
    }
    return true;
}

static void *serve_one(void *arg)
{
    struct demo_server *s = arg;
    char why[256];
    if (!wait_readable(s->listen_fd)) {
        snprintf(s->error, sizeof s->error, "no client connected within %d seconds",
                 WAIT_MS / 1000);
        return NULL;
    }
    int fd = accept(s->listen_fd, NULL, NULL);
    if (fd < 0) {
        snprintf(s->error, sizeof s->error, "accept: %s", strerror(errno));
        return NULL;
    }
    latch_conn *conn = latch_conn_new(s->cfg, NULL);
    char request[2048];
    latch_err err = LATCH_ERR_MEMORY;
    if (conn == NULL || (err = latch_fd_handshake(conn, fd)) != LATCH_OK ||
        !read_request(conn, fd, request, sizeof request, &err)) {
        snprintf(s->error, sizeof s->error, "the server: %s",
                 tool_failure(conn, err, errno, why, sizeof why));
        goto out;
    }
    request[strcspn(request, "\r\n")] = '\0';
    char body[1024];
    int body_len = snprintf(body, sizeof body,
                            "Hello from the latch demo server.\n"
                            "You asked: %s\n"
                            "This answer left in an encrypted application data record, "
                            "under %s.\n",
                            request, latch_conn_cipher(conn));
    char response[RESPONSE_MAX];
    int n = snprintf(response, sizeof response,
                     "HTTP/1.1 200 OK\r\n"
                     "Server: latch/" LATCH_VERSION_STRING "\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n"
                     "Content-Length: %d\r\n"
                     "Connection: close\r\n"
                     "\r\n"
                     "%s",
                     body_len, body);
    size_t written = 0;
    err = latch_fd_write(conn, fd, (const uint8_t *)response, (size_t)n, &written);
    if (err == LATCH_OK)
        err = latch_fd_close(conn, fd);
    if (err != LATCH_OK)
        snprintf(s->error, sizeof s->error, "the server: %s",
                 tool_failure(conn, err, errno, why, sizeof why));
out:
    latch_conn_free(conn);
    close(fd);
    return NULL;
}

/* A TCP socket listening on 127.0.0.1 at a port the kernel picks. */
static int listen_loopback(char *port, size_t cap)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 1) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        tool_error("cannot listen on 127.0.0.1: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    snprintf(port, cap, "%u", ntohs(addr.sin_port));
    return fd;
}

bool demo_mint(demo_certs *certs)
{
    latch_mkcert_result *ca = &certs->ca, *leaf = &certs->leaf;
    memset(certs, 0, sizeof(*certs));
    static const char *const names[] = {"localhost", "127.0.0.1"};
    if (latch_mkcert_ca(NULL, ca) != LATCH_OK) {
        tool_error("cannot make a CA: %s", ca->error);
        return false;
    }
    if (latch_mkcert_leaf(NULL, names, 2, ca->cert_pem, ca->cert_len, ca->key_pem, ca->key_len,
                          leaf) != LATCH_OK) {
        tool_error("cannot make a certificate: %s", leaf->error);
        return false;
    }
    return true;
}

void demo_certs_free(demo_certs *certs)
{
    latch_mkcert_result_free(&certs->leaf);
    latch_mkcert_result_free(&certs->ca);
}

latch_config *demo_server_config(const latch_mkcert_result *leaf)
{
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    if (cfg == NULL) {
        tool_error("out of memory");
        return NULL;
    }
    if (latch_config_add_cert_key_mem(cfg, (const uint8_t *)leaf->cert_pem, leaf->cert_len,
                                      (const uint8_t *)leaf->key_pem, leaf->key_len) != LATCH_OK) {
        tool_error("the server cannot use the new certificate: %s", latch_config_error(cfg));
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* The client trusts the new CA and nothing else, offers only TLS 1.2
 * and no session ticket: the demo is the chapter's full TLS 1.2
 * handshake (`latch trace --reconnect` shows resumption). */
static latch_config *client_config(const latch_mkcert_result *ca, trace_render *r,
                                   bool show_secrets)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    if (cfg == NULL) {
        tool_error("out of memory");
        return NULL;
    }
    if (latch_config_add_ca_mem(cfg, (const uint8_t *)ca->cert_pem, ca->cert_len) != LATCH_OK ||
        latch_config_set_tickets(cfg, 0) != LATCH_OK ||
        latch_config_set_versions(cfg, LATCH_TLS1_2, LATCH_TLS1_2) != LATCH_OK ||
        latch_config_set_trace(cfg, trace_render_event, r, show_secrets) != LATCH_OK) {
        tool_error("client configuration: %s", latch_config_error(cfg));
        latch_config_free(cfg);
        return NULL;
    }
    if (!tool_keylog_from_env(cfg)) {
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

/* The client's side of the conversation, traced; the response goes to
 * info. */
static int converse(latch_config *cfg, const char *port, trace_render *r, FILE *info)
{
    char why[512];
    int fd = tool_deadline_connect("127.0.0.1", port, TOOL_CONNECT_TIMEOUT_DEFAULT, "the default",
                                   why, sizeof why);
    if (fd < 0) {
        tool_error("%s", why);
        return EXIT_FAILED;
    }
    int status = EXIT_FAILED;
    latch_conn *conn = latch_conn_new(cfg, "localhost");
    latch_err err = LATCH_ERR_MEMORY;
    if (conn == NULL || (err = latch_fd_handshake(conn, fd)) != LATCH_OK) {
        tool_error("the handshake failed: %s", tool_failure(conn, err, errno, why, sizeof why));
        goto out;
    }
    char request[256];
    int n =
        snprintf(request, sizeof request,
                 "GET / HTTP/1.1\r\nHost: localhost:%s\r\nUser-Agent: latch/" LATCH_VERSION_STRING
                 "\r\nConnection: close\r\n\r\n",
                 port);
    size_t written = 0;
    err = latch_fd_write(conn, fd, (const uint8_t *)request, (size_t)n, &written);
    char response[RESPONSE_MAX];
    size_t have = 0;
    while (err == LATCH_OK && have + 1 < sizeof response) {
        size_t got = 0;
        err = latch_fd_read(conn, fd, (uint8_t *)response + have, sizeof response - 1 - have, &got);
        have += got;
    }
    response[have] = '\0';
    if (err != LATCH_ERR_CLOSED && err != LATCH_OK) {
        tool_error("the request failed: %s", tool_failure(conn, err, errno, why, sizeof why));
        goto out;
    }
    (void)latch_fd_close(conn, fd);
    fprintf(info, "\nThe server's response, decrypted:\n\n");
    for (char *line = strtok(response, "\n"); line != NULL; line = strtok(NULL, "\n"))
        fprintf(info, "    %.*s\n", (int)strcspn(line, "\r"), line);
    trace_render_summary(r, conn);
    status = EXIT_OK;
out:
    latch_conn_free(conn);
    close(fd);
    return status;
}

/* The trace goes to trace_out; the prose to stdout unless the trace
 * takes stdout in a format made for programs. */
static int run(trace_format format, bool show_secrets, FILE *trace_out)
{
    FILE *info = format == TRACE_TEXT || trace_out != stdout ? stdout : stderr;
    int status = EXIT_FAILED;
    demo_certs certs = {0};
    latch_config *server_cfg = NULL;
    latch_config *client_cfg = NULL;
    trace_render *r = NULL;
    struct demo_server server = {.listen_fd = -1};
    char port[8];
    if (!demo_mint(&certs) || (server_cfg = demo_server_config(&certs.leaf)) == NULL)
        goto out;
    r = trace_render_new(trace_out, format, LATCH_CLIENT, 0);
    if (r == NULL || (client_cfg = client_config(&certs.ca, r, show_secrets)) == NULL)
        goto out;
    trace_render_set_data_labels(r, "HTTP request", "HTTP response");
    server.cfg = server_cfg;
    server.listen_fd = listen_loopback(port, sizeof port);
    if (server.listen_fd < 0)
        goto out;
    fprintf(info,
            "latch demo: a TLS 1.2 handshake on loopback, message by message.\n"
            "\n"
            "A development CA was just minted (ECDSA P-256); it signed a certificate for\n"
            "localhost and 127.0.0.1. A latch server listens on 127.0.0.1:%s with that\n"
            "certificate; a latch client connects to it as localhost, with the new CA as\n"
            "its only trust anchor, and validates the server's chain before it answers.\n"
            "\n",
            port);
    pthread_t thread;
    int e = pthread_create(&thread, NULL, serve_one, &server);
    if (e != 0) {
        tool_error("cannot start the server thread: %s", strerror(e));
        goto out;
    }
    status = converse(client_cfg, port, r, info);
    /* A client that failed before connecting leaves the server waiting
     * for its WAIT_MS; shutting the listener down wakes it at once. */
    (void)shutdown(server.listen_fd, SHUT_RDWR);
    pthread_join(thread, NULL);
    if (server.error[0] != '\0' && status == EXIT_OK) {
        tool_error("%s", server.error);
        status = EXIT_FAILED;
    }
out:
    if (server.listen_fd >= 0)
        close(server.listen_fd);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
    trace_render_free(r);
    demo_certs_free(&certs);
    return status;
}

int cmd_demo(int argc, char **argv)
{
    enum { OPT_FORMAT = 256, OPT_SHOW_SECRETS, OPT_HTML, OPT_COMPARE };
    static const struct option options[] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        {"html", required_argument, NULL, OPT_HTML},
        {"show-secrets", no_argument, NULL, OPT_SHOW_SECRETS},
        {"compare", no_argument, NULL, OPT_COMPARE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    trace_format format = TRACE_TEXT;
    bool show_secrets = false;
    const char *html_file = NULL;
    bool compare = false;
    int c;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case OPT_FORMAT:
            if (!trace_format_parse(optarg, &format)) {
                tool_error("--format %s: use text, json, mermaid or html", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_HTML:
            html_file = optarg;
            break;
        case OPT_SHOW_SECRETS:
            show_secrets = true;
            break;
        case OPT_COMPARE:
            compare = true;
            break;
        case 'h':
            fputs(cmd_demo_usage, stdout);
            return EXIT_OK;
        default:
            return tool_usage_hint("demo");
        }
    }
    if (optind != argc)
        return tool_usage_error("demo", "unexpected operand '%s': demo takes only options",
                                argv[optind]);
    if (compare && (format == TRACE_JSON || format == TRACE_HTML || html_file != NULL))
        return tool_usage_error("demo", "--compare shows text or mermaid, not json or html");
    if (compare)
        return demo_compare(format);
    if (html_file == NULL)
        return run(format, show_secrets, stdout);
    FILE *page = fopen(html_file, "w");
    if (page == NULL) {
        tool_error("--html %s: cannot create the file: %s", html_file, strerror(errno));
        return EXIT_FAILED;
    }
    int status = run(TRACE_HTML, show_secrets, page);
    if (fclose(page) != 0) {
        tool_error("--html %s: cannot write the file: %s", html_file, strerror(errno));
        status = EXIT_FAILED;
    }
    return status;
}
