/* Helpers shared by the tests of handshake messages (test_msg_*.c). */
#ifndef LATCH_TEST_MSG_UTIL_H
#define LATCH_TEST_MSG_UTIL_H

#include "check.h"
#include "crypto/kex.h"
#include "crypto/sig.h"
#include "tls/msg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A parse under test: the message body in, success or a failure out. The
 * ctx carries the struct to fill and anything else the parse needs. */
typedef bool (*msg_parse_fn)(const uint8_t *body, size_t len, void *ctx, lt_error *err);

/* Loads tests/data/msgs/<name>.hex: lines starting with '#' are notes. */
static inline uint8_t *msg_fixture(const char *name, size_t *len)
{
    char path[256];
    snprintf(path, sizeof(path), "msgs/%s.hex", name);
    size_t text_len;
    char *text = (char *)check_read_file(check_data_path(path), &text_len);
    for (char *line = text; *line;) {
        char *next = strchr(line, '\n');
        if (*line == '#')
            memset(line, ' ', next != NULL ? (size_t)(next - line) : strlen(line));
        if (next == NULL)
            break;
        line = next + 1;
    }
    uint8_t *out = check_hex_alloc(text, len);
    free(text);
    return out;
}

/* Checks that a parse failed with this code and said why. */
#define CHECK_FAILS(ok, err, want)                                                                 \
    do {                                                                                           \
        CHECK(!(ok));                                                                              \
        CHECK((err).code == (want));                                                               \
        CHECK((err).message[0] != '\0');                                                           \
        if ((err).code != (want))                                                                  \
            fprintf(stderr, "  got %s: %s\n", latch_err_name((err).code), (err).message);          \
    } while (0)

/* Parses a copy of body[0..len) in a buffer of exactly that size, so the
 * sanitizer sees any read past the end. */
static inline bool msg_parse_exact(msg_parse_fn parse, const uint8_t *body, size_t len, void *ctx,
                                   lt_error *err)
{
    uint8_t *copy = malloc(len > 0 ? len : 1);
    if (len > 0)
        memcpy(copy, body, len);
    lt_error_clear(err);
    bool ok = parse(copy, len, ctx, err);
    free(copy);
    return ok;
}

/* Expects a parse of body with these bytes to fail with code. */
static inline void msg_expect_fail(msg_parse_fn parse, const uint8_t *body, size_t len, void *ctx,
                                   latch_err code)
{
    lt_error err;
    bool ok = msg_parse_exact(parse, body, len, ctx, &err);
    CHECK_FAILS(ok, err, code);
}

/* Every proper prefix of a valid body fails with LATCH_ERR_DECODE, except
 * one length that is itself a complete message (a hello that stops before
 * its optional extensions); pass SIZE_MAX when there is none. Then one
 * extra trailing byte fails with LATCH_ERR_DECODE too. */
static inline void msg_check_truncations(msg_parse_fn parse, const uint8_t *body, size_t len,
                                         void *ctx, size_t complete_prefix)
{
    for (size_t n = 0; n < len; n++) {
        lt_error err;
        bool ok = msg_parse_exact(parse, body, n, ctx, &err);
        if (n == complete_prefix) {
            CHECK(ok);
            continue;
        }
        CHECK(!ok);
        CHECK(err.code == LATCH_ERR_DECODE);
        CHECK(err.message[0] != '\0');
        if (ok || err.code != LATCH_ERR_DECODE)
            fprintf(stderr, "  prefix %zu of %zu: %s\n", n, len, ok ? "parsed" : err.message);
    }
    uint8_t *longer = malloc(len + 1);
    memcpy(longer, body, len);
    longer[len] = 0;
    msg_expect_fail(parse, longer, len + 1, ctx, LATCH_ERR_DECODE);
    free(longer);
}

/* Adds delta to the big-endian length field of width bytes at offset and
 * expects the parse to fail with code. */
static inline void msg_check_length_field(msg_parse_fn parse, const uint8_t *body, size_t len,
                                          void *ctx, size_t offset, size_t width, int delta,
                                          latch_err code)
{
    uint8_t *copy = malloc(len);
    memcpy(copy, body, len);
    uint32_t v = 0;
    for (size_t i = 0; i < width; i++)
        v = (v << 8) | copy[offset + i];
    v = (uint32_t)((int64_t)v + delta);
    for (size_t i = width; i > 0; i--) {
        copy[offset + i - 1] = (uint8_t)v;
        v >>= 8;
    }
    msg_expect_fail(parse, copy, len, ctx, code);
    free(copy);
}

/* The length field at offset one too long and one too short both fail
 * with LATCH_ERR_DECODE. */
static inline void msg_check_inner_length(msg_parse_fn parse, const uint8_t *body, size_t len,
                                          void *ctx, size_t offset, size_t width)
{
    msg_check_length_field(parse, body, len, ctx, offset, width, +1, LATCH_ERR_DECODE);
    msg_check_length_field(parse, body, len, ctx, offset, width, -1, LATCH_ERR_DECODE);
}

/* Writes with fn into a fresh growing writer; the caller frees. */
#define MSG_WRITE(w, call)                                                                         \
    do {                                                                                           \
        lt_writer_init_growable(&(w), 1 << 20);                                                    \
        call;                                                                                      \
        CHECK(lt_writer_ok(&(w)));                                                                 \
    } while (0)

/* Splits a whole written message, checking its type; body points into msg. */
static inline lt_span msg_body(const uint8_t *msg, size_t len, uint8_t want_type)
{
    uint8_t type = 0;
    lt_span body = {NULL, 0};
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_hs_split(msg, len, &type, &body, &err));
    CHECK(type == want_type);
    return body;
}

static inline bool span_eq(lt_span a, lt_span b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

static inline bool span_is(lt_span a, const char *s)
{
    return span_eq(a, lt_span_make((const uint8_t *)s, strlen(s)));
}

#endif
