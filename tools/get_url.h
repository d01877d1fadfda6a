/*
 * The https:// URLs of latch get: parsed strictly, so that nothing typed
 * (or sent by a server in a Location header) reaches the request
 * unvalidated, and redirect targets resolved against the URL they came
 * from.
 */
#ifndef LATCH_TOOLS_GET_URL_H
#define LATCH_TOOLS_GET_URL_H

#include <stdbool.h>
#include <stddef.h>

struct url {
    char *copy;        /* host and port point into it */
    const char *host;  /* without brackets */
    const char *port;  /* "443" when the URL has none */
    char target[4096]; /* the path and query, from '/', percent-encoded */
    bool ipv6;
};

/* Parses https://HOST[:PORT]/PATH; NULL, or what is wrong with it, to
 * follow "the URL '...' ". Free with url_free() either way. */
const char *url_parse(const char *text, struct url *u);
void url_free(struct url *u);

/* "HOST", "[v6]" or either with ":PORT" when it is not 443, for Host:. */
void url_authority(const struct url *u, char *out, size_t cap);

/* A Location value made absolute against base (RFC 3986 5.2 for the
 * forms servers send: an absolute URL, "//host/path", "/path", or a path
 * relative to base's directory); NULL, or why it cannot be followed. */
const char *url_resolve(const struct url *base, const char *location, char *out, size_t cap);

/* The last segment of the path, for -O; NULL when there is none. */
const char *url_file_name(const struct url *u, char *out, size_t cap);

#endif
