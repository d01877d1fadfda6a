#include "get_request.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"

enum { DATA_MAX = 64 << 20 };

/* RFC 9110 5.6.2: tchar. */
static bool is_token(const char *s, size_t len)
{
    static const char extra[] = "!#$%&'*+-.^_`|~";
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (c == '\0' || strchr(extra, c) == NULL))
            return false;
    }
    return len > 0;
}

const char *request_check_method(const char *method)
{
    return is_token(method, strlen(method)) ? NULL
                                            : "is not an HTTP method (letters and digits only)";
}

const char *request_add_header(struct request *rq, const char *header)
{
    const char *colon = strchr(header, ':');
    if (colon == NULL || !is_token(header, (size_t)(colon - header)))
        return "is not 'Name: value' with a name of letters, digits and -";
    for (const char *p = colon + 1; *p != '\0'; p++) {
        if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f)
            return "has a control character (CR, LF or another) in its value";
    }
    if (rq->header_count == REQUEST_HEADERS_MAX)
        return "is one header too many (at most 32)";
    rq->headers[rq->header_count++] = header;
    return NULL;
}

/* Room for n more bytes of body; false after saying why not. */
static bool reserve(struct request *rq, size_t n)
{
    if (rq->body_len + n <= rq->body_cap)
        return true;
    if (rq->body_len + n > DATA_MAX) {
        tool_error("the data is larger than 64 MiB");
        return false;
    }
    size_t cap = rq->body_len + n + 65536;
    uint8_t *grown = realloc(rq->body, cap);
    if (grown == NULL) {
        tool_error("out of memory for the data");
        return false;
    }
    rq->body = grown;
    rq->body_cap = cap;
    return true;
}

static bool append(struct request *rq, const void *bytes, size_t n)
{
    if (!reserve(rq, n))
        return false;
    memcpy(rq->body + rq->body_len, bytes, n);
    rq->body_len += n;
    return true;
}

static bool read_data_file(const char *path, bool binary, struct request *rq)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        tool_error("cannot open %s: %s", path, strerror(errno));
        return false;
    }
    int c;
    bool ok = true;
    while (ok && (c = getc(f)) != EOF) {
        uint8_t byte = (uint8_t)c;
        if (binary || (c != '\r' && c != '\n'))
            ok = append(rq, &byte, 1);
    }
    if (ok && ferror(f)) {
        tool_error("cannot read %s: %s", path, strerror(errno));
        ok = false;
    }
    if (f != stdin)
        fclose(f);
    return ok;
}

bool request_add_data(struct request *rq, const char *arg, bool binary)
{
    rq->form = rq->form || !binary;
    if (rq->has_body && !append(rq, "&", 1))
        return false;
    rq->has_body = true;
    return arg[0] == '@' ? read_data_file(arg + 1, binary, rq) : append(rq, arg, strlen(arg));
}

/* The -H header named name, or NULL. */
static const char *user_header(const struct request *rq, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < rq->header_count; i++) {
        if (strncasecmp(rq->headers[i], name, n) == 0 && rq->headers[i][n] == ':')
            return rq->headers[i];
    }
    return NULL;
}

size_t request_head(const struct request *rq, const struct url *u, char *out, size_t cap)
{
    char authority[300], length[40], user_agent[64];
    url_authority(u, authority, sizeof authority);
    snprintf(length, sizeof length, "%zu", rq->body_len);
    snprintf(user_agent, sizeof user_agent, "latch/%s", LATCH_VERSION_STRING);
    const struct {
        const char *name;
        const char *value;
    } defaults[] = {
        {"Host", authority},
        {"User-Agent", user_agent},
        {"Accept", "*/*"},
        {"Content-Type", rq->has_body && rq->form ? "application/x-www-form-urlencoded" : NULL},
        {"Content-Length", rq->has_body ? length : NULL},
        {"Connection", "close"},
    };
    int n = snprintf(out, cap, "%s %s HTTP/1.1\r\n", rq->method, u->target);
    size_t len = n > 0 ? (size_t)n : cap;
    /* A -H header with the same name replaces the default; "Name:" alone drops it. */
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0] && len < cap; i++) {
        if (defaults[i].value != NULL && user_header(rq, defaults[i].name) == NULL)
            len += (size_t)snprintf(out + len, cap - len, "%s: %s\r\n", defaults[i].name,
                                    defaults[i].value);
    }
    for (size_t i = 0; i < rq->header_count && len < cap; i++) {
        const char *value = strchr(rq->headers[i], ':') + 1;
        if (value[strspn(value, " \t")] != '\0')
            len += (size_t)snprintf(out + len, cap - len, "%s\r\n", rq->headers[i]);
    }
    if (len < cap)
        len += (size_t)snprintf(out + len, cap - len, "\r\n");
    return len < cap ? len : 0;
}

void request_free(struct request *rq)
{
    free(rq->body);
    rq->body = NULL;
}
