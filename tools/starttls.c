#include "starttls.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

enum { REPLY_MAX = 16384 };

struct preamble {
    int fd;
    const char *proto;
    char *why;
    size_t cap;
    char text[REPLY_MAX + 1]; /* what the server sent, NUL-terminated */
    size_t len;
};

static bool say(struct preamble *p, const char *text)
{
    if (tool_write_all(p->fd, text, strlen(text)))
        return true;
    snprintf(p->why, p->cap, "--starttls %s: sending to the server: %s", p->proto, strerror(errno));
    return false;
}

/* Reads one byte more into text; false after setting why. */
static bool read_byte(struct preamble *p)
{
    if (p->len == REPLY_MAX) {
        snprintf(p->why, p->cap,
                 "--starttls %s: the server sent over %d bytes without the "
                 "answer expected",
                 p->proto, REPLY_MAX);
        return false;
    }
    uint8_t c;
    ssize_t n;
    do
        n = read(p->fd, &c, 1);
    while (n < 0 && errno == EINTR);
    if (n == 1) {
        p->text[p->len++] = c == '\0' ? ' ' : (char)c;
        p->text[p->len] = '\0';
        return true;
    }
    snprintf(p->why, p->cap, "--starttls %s: %s before the server answered", p->proto,
             n == 0 ? "the connection closed" : strerror(errno));
    return false;
}

/* Reads one line; *line points to it in text (with its CR LF). */
static bool read_line(struct preamble *p, const char **line)
{
    size_t start = p->len;
    do {
        if (!read_byte(p))
            return false;
    } while (p->text[p->len - 1] != '\n');
    *line = p->text + start;
    return true;
}

/* The server's last words, escaped, for a refusal. */
static bool refused(struct preamble *p, const char *expected, const char *line)
{
    char shown[LATCH_ESCAPED_MAX(120)];
    size_t n = strcspn(line, "\r\n");
    snprintf(p->why, p->cap, "--starttls %s: expected %s, but the server said \"%s\"", p->proto,
             expected, latch_escape(shown, sizeof shown, line, n < 120 ? n : 120));
    return false;
}

/* SMTP and FTP replies: "CODE-text" lines, ended by "CODE text" (RFC 5321
 * 4.2.1, RFC 959 4.2). */
static bool reply(struct preamble *p, const char *code)
{
    const char *line;
    do {
        if (!read_line(p, &line))
            return false;
        if (strncmp(line, code, 3) != 0)
            return refused(p, code, line);
    } while (line[3] == '-');
    return true;
}

/* IMAP: untagged lines until the tagged answer (RFC 9051 7.1). */
static bool tagged_ok(struct preamble *p, const char *tag)
{
    const char *line;
    do {
        if (!read_line(p, &line))
            return false;
    } while (strncmp(line, tag, strlen(tag)) != 0);
    return strncmp(line + strlen(tag), "OK", 2) == 0 || refused(p, "OK", line);
}

static bool expect_start(struct preamble *p, const char *start)
{
    const char *line;
    if (!read_line(p, &line))
        return false;
    return strncmp(line, start, strlen(start)) == 0 || refused(p, start, line);
}

/* XMPP: reads until `marker` appears in the stream (RFC 6120 5.4.2). */
static bool until(struct preamble *p, const char *marker, const char *refusal)
{
    while (strstr(p->text, marker) == NULL) {
        const char *no = strstr(p->text, refusal);
        if (no != NULL)
            return refused(p, marker, no);
        if (!read_byte(p))
            return false;
    }
    return true;
}

static bool xmpp(struct preamble *p, const char *host)
{
    if (host[strcspn(host, "'\"<>&")] != '\0' || strlen(host) > 255) {
        snprintf(p->why, p->cap, "--starttls xmpp: the domain cannot hold ' \" < > or &");
        return false;
    }
    char open[512];
    snprintf(open, sizeof open,
             "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
             "xmlns:stream='http://etherx.jabber.org/streams' to='%s' version='1.0'>",
             host);
    if (!say(p, open) || !until(p, "</stream:features>", "<stream:error"))
        return false;
    if (strstr(p->text, "<starttls") == NULL)
        return refused(p, "a <starttls/> feature", strstr(p->text, "<stream:features"));
    p->len = 0;
    p->text[0] = '\0';
    if (!say(p, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>") ||
        !until(p, "<proceed", "<failure"))
        return false;
    /* The rest of the <proceed .../> element: TLS starts after its '>'. */
    while (p->text[p->len - 1] != '>') {
        if (!read_byte(p))
            return false;
    }
    return true;
}

/* PostgreSQL: an SSLRequest (length 8, code 80877103), answered 'S' or
 * 'N' (PostgreSQL protocol, 53.2.10). */
static bool postgres(struct preamble *p)
{
    static const uint8_t request[8] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};
    if (!tool_write_all(p->fd, request, sizeof request)) {
        snprintf(p->why, p->cap, "--starttls postgres: sending to the server: %s", strerror(errno));
        return false;
    }
    if (!read_byte(p))
        return false;
    if (p->text[0] == 'S')
        return true;
    snprintf(p->why, p->cap, "--starttls postgres: the server %s",
             p->text[0] == 'N' ? "does not accept SSL (it answered 'N')"
                               : "answered the SSLRequest with something other than 'S' or 'N'");
    return false;
}

bool starttls_known(const char *proto)
{
    static const char *const known[] = {"smtp", "imap", "pop3", "ftp", "xmpp", "postgres"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(proto, known[i]) == 0)
            return true;
    }
    return false;
}

bool starttls_run(int fd, const char *proto, const char *host, char *why, size_t cap)
{
    static struct preamble p;
    p = (struct preamble){.fd = fd, .proto = proto, .why = why, .cap = cap};
    if (strcmp(proto, "smtp") == 0)
        return reply(&p, "220") && say(&p, "EHLO latch.invalid\r\n") && reply(&p, "250") &&
               say(&p, "STARTTLS\r\n") && reply(&p, "220");
    if (strcmp(proto, "ftp") == 0)
        return reply(&p, "220") && say(&p, "AUTH TLS\r\n") && reply(&p, "234");
    if (strcmp(proto, "imap") == 0)
        return expect_start(&p, "* OK") && say(&p, "L1 STARTTLS\r\n") && tagged_ok(&p, "L1 ");
    if (strcmp(proto, "pop3") == 0)
        return expect_start(&p, "+OK") && say(&p, "STLS\r\n") && expect_start(&p, "+OK");
    if (strcmp(proto, "xmpp") == 0)
        return xmpp(&p, host);
    return postgres(&p);
}
