#include "get_url.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The request target as it goes on the wire: a space or a byte above
 * 0x7e is percent-encoded (as curl does); any other control byte is
 * refused, so nothing typed can end the request line early (RFC 9112
 * 3.2: the target is a run of visible characters). */
static const char *encode_target(const char *in, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    if (*in != '/')
        out[o++] = '/';
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)in[i];
        if (c < 0x20 || c == 0x7f)
            return "holds a control character; write it as %XX if it is meant";
        if (o + 4 > cap)
            return "is longer than 4 KiB";
        if (c == ' ' || c > 0x7e)
            o += (size_t)snprintf(out + o, cap - o, "%%%02X", c);
        else
            out[o++] = (char)c;
    }
    out[o] = '\0';
    return NULL;
}

/* A host name or address: letters, digits, '-', '.', '_' (hex digits,
 * ':', '.' and '%' for an IPv6 literal), nothing that could end a header
 * line. */
static bool host_ok(const char *host, bool ipv6)
{
    const char *allowed = ipv6 ? "0123456789abcdefABCDEF:.%" : "-._";
    for (const char *p = host; *p != '\0'; p++) {
        bool alnum =
            (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
        if (!(alnum && !ipv6) && strchr(allowed, *p) == NULL)
            return false;
    }
    return host[0] != '\0';
}

static const char *split_authority(char *auth, char *rest, struct url *u)
{
    size_t auth_len = (size_t)(rest - auth);
    char *port = NULL;
    if (auth[0] == '[') {
        char *close = memchr(auth, ']', auth_len);
        if (close == NULL)
            return "has an IPv6 address without its closing ']'";
        if (close + 1 < rest) {
            if (close[1] != ':')
                return "has text between ']' and the path";
            port = close + 2;
        }
        *close = '\0';
        u->host = auth + 1;
        u->ipv6 = true;
    } else {
        char *colon = memchr(auth, ':', auth_len);
        if (colon != NULL) {
            *colon = '\0';
            port = colon + 1;
        }
        u->host = auth;
    }
    if (port != NULL) {
        size_t digits = strspn(port, "0123456789");
        if (digits == 0 || port + digits != rest || digits > 5 || atoi(port) > 65535)
            return "has a port that is not a number from 0 to 65535";
        u->port = port;
    }
    *rest = '\0';
    return host_ok(u->host, u->ipv6) ? NULL : "has a host with characters a host name cannot hold";
}

const char *url_parse(const char *text, struct url *u)
{
    static const char scheme[] = "https://";
    *u = (struct url){.port = "443"};
    if (strncasecmp(text, scheme, sizeof scheme - 1) != 0)
        return strncasecmp(text, "http://", 7) == 0
                   ? "is plain http://; latch get fetches https:// URLs only"
                   : "does not start with https://";
    u->copy = strdup(text);
    if (u->copy == NULL)
        return "cannot be copied: out of memory";
    char *auth = u->copy + sizeof scheme - 1;
    char *rest = auth + strcspn(auth, "/?#");
    if (memchr(auth, '@', (size_t)(rest - auth)) != NULL)
        return "has a user name ('@' before the host), which latch get does not send";
    const char *bad = encode_target(rest, strcspn(rest, "#"), u->target, sizeof u->target);
    return bad != NULL ? bad : split_authority(auth, rest, u);
}

void url_free(struct url *u)
{
    free(u->copy);
    u->copy = NULL;
}

void url_authority(const struct url *u, char *out, size_t cap)
{
    bool default_port = strcmp(u->port, "443") == 0;
    snprintf(out, cap, "%s%s%s%s%s", u->ipv6 ? "[" : "", u->host, u->ipv6 ? "]" : "",
             default_port ? "" : ":", default_port ? "" : u->port);
}

const char *url_resolve(const struct url *base, const char *location, char *out, size_t cap)
{
    char authority[300];
    url_authority(base, authority, sizeof authority);
    int n;
    if (strncasecmp(location, "https://", 8) == 0)
        n = snprintf(out, cap, "%s", location);
    else if (strncasecmp(location, "http://", 7) == 0)
        return "it points to plain http://, and latch get never follows https to http";
    else if (strncmp(location, "//", 2) == 0)
        n = snprintf(out, cap, "https:%s", location);
    else if (location[0] == '/')
        n = snprintf(out, cap, "https://%s%s", authority, location);
    else if (location[strcspn(location, ":")] != '\0' &&
             strcspn(location, ":") < strcspn(location, "/?#"))
        return "it names a scheme other than https";
    else {
        /* RFC 3986 5.2.3: merge with base's path up to its last '/'. */
        size_t dir = strcspn(base->target, "?");
        while (dir > 0 && base->target[dir - 1] != '/')
            dir--;
        n = snprintf(out, cap, "https://%s%.*s%s", authority, (int)dir, base->target, location);
    }
    return n > 0 && (size_t)n < cap ? NULL : "it is too long";
}

const char *url_file_name(const struct url *u, char *out, size_t cap)
{
    size_t end = strcspn(u->target, "?");
    size_t start = end;
    while (start > 0 && u->target[start - 1] != '/')
        start--;
    size_t len = end - start;
    if (len == 0 || len >= cap || (len <= 2 && strncmp(u->target + start, "..", len) == 0))
        return NULL;
    memcpy(out, u->target + start, len);
    out[len] = '\0';
    return out;
}
