/*
 * latch server --http: the reply to a request head, either a page that
 * describes the connection or, with --root, a file.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common.h"
#include "server.h"
#include "server_files.h"

/* The version to answer in: HTTP/1.1 for a request line that ends in
 * HTTP/1.1, else HTTP/1.0 (RFC 9110 6.2: no higher than the request's). */
static const char *reply_version(const struct client *c)
{
    static const char v11[] = " HTTP/1.1";
    size_t end = 0;
    while (end < c->len && c->buf[end] != '\r' && c->buf[end] != '\n')
        end++;
    bool is11 =
        end >= sizeof v11 - 1 && memcmp(c->buf + end - (sizeof v11 - 1), v11, sizeof v11 - 1) == 0;
    return is11 ? "HTTP/1.1" : "HTTP/1.0";
}

/* Whether the request head in c->buf has a header name: value whose
 * value contains word (case-insensitive), e.g. Connection: close. */
static bool head_has(const struct client *c, const char *name, const char *word)
{
    size_t n = strlen(name), w = strlen(word);
    for (size_t i = 0; i + n < c->len; i++) {
        if (c->buf[i] != '\n' || strncasecmp((const char *)c->buf + i + 1, name, n) != 0 ||
            c->buf[i + 1 + n] != ':')
            continue;
        for (size_t j = i + 2 + n; j + w <= c->len && c->buf[j] != '\r' && c->buf[j] != '\n'; j++) {
            if (w == 0 || strncasecmp((const char *)c->buf + j, word, w) == 0)
                return true;
        }
        if (w == 0)
            return true;
    }
    return false;
}

/* RFC 9112 9.3: an HTTP/1.1 connection persists unless either side says
 * close; requests with a body are not read past, so they end it too. */
static bool wants_keep_alive(const struct client *c, const char *version)
{
    return strcmp(version, "HTTP/1.1") == 0 && !head_has(c, "Connection", "close") &&
           !head_has(c, "Content-Length", "") && !head_has(c, "Transfer-Encoding", "");
}

/* --root: the reply head for the file the request names (its bytes
 * follow from c->file_fd), or an error page. */
static void file_reply(const struct server *s, struct client *c, const char *version)
{
    size_t method_len = 0, target = 0, target_len = 0;
    while (method_len < c->len && c->buf[method_len] != ' ')
        method_len++;
    target = method_len + 1;
    while (target + target_len < c->len && c->buf[target + target_len] != ' ' &&
           c->buf[target + target_len] != '\r' && c->buf[target + target_len] != '\n')
        target_len++;
    bool head = method_len == 4 && memcmp(c->buf, "HEAD", 4) == 0;
    bool get = method_len == 3 && memcmp(c->buf, "GET", 3) == 0;
    struct served_file f = {.fd = -1};
    int status = get || head ? served_file_open(s->set.root_fd, (const char *)c->buf + target,
                                                target_len, &f)
                             : 405;
    static const char *const reasons[] = {"200 OK", "400 Bad Request", "403 Forbidden",
                                          "404 Not Found", "405 Method Not Allowed"};
    const char *reason = status == 200   ? reasons[0]
                         : status == 400 ? reasons[1]
                         : status == 403 ? reasons[2]
                         : status == 404 ? reasons[3]
                                         : reasons[4];
    char body[64] = "";
    if (status != 200)
        snprintf(body, sizeof body, "%s\n", reason);
    long long length = status == 200 ? (long long)f.size : (long long)strlen(body);
    int n = snprintf((char *)c->buf, sizeof c->buf,
                     "%s %s\r\n"
                     "Server: latch/" LATCH_VERSION_STRING "\r\n"
                     "Content-Type: %s\r\n"
                     "Content-Length: %lld\r\n"
                     "%s"
                     "Connection: %s\r\n"
                     "\r\n"
                     "%s",
                     version, reason, status == 200 ? f.type : "text/plain; charset=utf-8", length,
                     status == 405 ? "Allow: GET, HEAD\r\n" : "",
                     c->keep_alive ? "keep-alive" : "close", head ? "" : body);
    c->off = 0;
    c->len = (size_t)n;
    if (f.fd >= 0 && head)
        close(f.fd);
    else if (f.fd >= 0) {
        c->file_fd = f.fd;
        c->file_left = f.size;
    }
}

/* Makes the reply to a request head in c->buf and queues it in c->buf. */
void http_make_reply(const struct server *s, struct client *c, bool head_complete)
{
    const char *version = reply_version(c);
    c->keep_alive = head_complete && wants_keep_alive(c, version);
    if (head_complete && s->set.root_fd >= 0) {
        file_reply(s, c, version);
        return;
    }
    char request[256] = "";
    if (head_complete) {
        size_t n = 0;
        while (n < c->len && n + 1 < sizeof request && c->buf[n] != '\r' && c->buf[n] != '\n') {
            uint8_t ch = c->buf[n];
            request[n++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
        }
        request[n] = '\0';
    }
    char body[2048];
    const char *sni = latch_conn_server_name(c->conn);
    char sni_text[LATCH_ESCAPED_MAX(255)];
    if (sni != NULL)
        sni = latch_escape(sni_text, sizeof sni_text, sni, strlen(sni));
    const char *alpn = latch_conn_alpn(c->conn);
    /* Both NULL with RSA key transport. */
    const char *group = latch_conn_group(c->conn);
    const char *scheme = latch_conn_sig_scheme(c->conn);
    int body_len;
    const char *status;
    if (head_complete) {
        status = "200 OK";
        body_len =
            snprintf(body, sizeof body,
                     "latch " LATCH_VERSION_STRING " served this page over TLS.\n"
                     "\n"
                     "client: %s\n"
                     "version: %s\n"
                     "cipher suite: %s\n"
                     "group: %s\n"
                     "signature scheme: %s\n"
                     "SNI: %s\n"
                     "ALPN: %s\n"
                     "extended master secret: %s\n"
                     "encrypt-then-MAC: %s\n"
                     "session: %s\n"
                     "client certificate: %s\n"
                     "request: %s\n",
                     c->peer, latch_conn_version(c->conn), latch_conn_cipher(c->conn),
                     group != NULL ? group : "(none)", scheme != NULL ? scheme : "(none)",
                     sni != NULL ? sni : "(none)", alpn != NULL ? alpn : "(none)",
                     tool_tls12_flag(c->conn, latch_conn_ems(c->conn)),
                     tool_tls12_flag(c->conn, latch_conn_encrypt_then_mac(c->conn)),
                     latch_conn_resumed(c->conn) ? "resumed" : "new",
                     latch_conn_client_authenticated(c->conn) ? "verified" : "(none)", request);
    } else {
        status = "431 Request Header Fields Too Large";
        body_len =
            snprintf(body, sizeof body, "The request head is larger than %d bytes.\n", HEAD_MAX);
    }
    int n = snprintf((char *)c->buf, sizeof c->buf,
                     "%s %s\r\n"
                     "Server: latch/" LATCH_VERSION_STRING "\r\n"
                     "Content-Type: text/plain; charset=utf-8\r\n"
                     "Content-Length: %d\r\n"
                     "Connection: %s\r\n"
                     "\r\n"
                     "%s",
                     version, status, body_len, c->keep_alive ? "keep-alive" : "close", body);
    c->off = 0;
    c->len = (size_t)n;
}

/* An empty line ends the head. RFC 9112 2.2: a recipient may take a bare
 * LF as a line end (ignoring a CR before it), as test tools and old
 * clients send, so "\n\n", "\r\n\n" and "\n\r\n" end it too. */
bool http_head_complete(const struct client *c)
{
    for (size_t i = 0; i + 1 < c->len; i++) {
        if (c->buf[i] != '\n')
            continue;
        size_t next = i + 1;
        if (c->buf[next] == '\r')
            next++;
        if (next < c->len && c->buf[next] == '\n')
            return true;
    }
    return false;
}
