/*
 * The one slice type: a borrowed byte range, a pointer into someone
 * else's buffer and a length. Parsed TLS messages and DER values point
 * into their input with it, and a reader (reader.h) is one that shrinks
 * from the front.
 */
#ifndef LT_BASE_SPAN_H
#define LT_BASE_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct lt_span {
    const uint8_t *data;
    size_t len;
} lt_span;

static inline lt_span lt_span_make(const uint8_t *data, size_t len)
{
    lt_span s = {data, len};
    return s;
}

/* Same length and bytes (not constant time: for public data). */
static inline bool lt_span_equal(lt_span a, lt_span b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

#endif
