/* The request side of latch get: method, headers and body, validated. */
#ifndef LATCH_TOOLS_GET_REQUEST_H
#define LATCH_TOOLS_GET_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "get_url.h"

enum { REQUEST_HEADERS_MAX = 32, REQUEST_HEAD_MAX = 16384 };

struct request {
    const char *method;                       /* -X, or GET, HEAD (-I), POST (-d) */
    const char *headers[REQUEST_HEADERS_MAX]; /* -H, checked */
    size_t header_count;
    uint8_t *body; /* -d, --data-binary; owned */
    size_t body_len;
    size_t body_cap;
    bool has_body;
    bool form; /* -d: Content-Type application/x-www-form-urlencoded unless -H sets one */
};

/* -H 'Name: value' ('Name:' alone drops a default header): NULL, or why
 * it is refused (a name that is not a token, CR, LF or another control
 * byte in the value, too many). */
const char *request_add_header(struct request *rq, const char *header);

/* -X: NULL, or why METHOD is not an HTTP token. */
const char *request_check_method(const char *method);

/* -d DATA / --data-binary DATA: "@FILE" reads FILE (-d drops its CR and
 * LF, as curl does); repeated, the parts are joined with '&'. false after
 * saying why. */
bool request_add_data(struct request *rq, const char *arg, bool binary);

/* The request head for u into out; its length, or 0 when it does not fit. */
size_t request_head(const struct request *rq, const struct url *u, char *out, size_t cap);

void request_free(struct request *rq);

#endif
