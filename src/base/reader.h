/*
 * The bounds-checked reader: the only way untrusted bytes are read.
 *
 * A reader is a window (pointer and length) that shrinks from the front as
 * values are taken. Every getter returns false and leaves the output
 * untouched when the window is too short; it never reads past the end. A
 * length-prefixed block yields a child reader bounded to that block. Every
 * parser ends with lt_reader_done() so that trailing bytes are rejected.
 */
#ifndef LT_BASE_READER_H
#define LT_BASE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/span.h"

/* The window still to read. */
typedef lt_span lt_reader;

static inline lt_reader lt_reader_make(const uint8_t *data, size_t len)
{
    lt_reader r = {data, len};
    return r;
}

static inline size_t lt_reader_left(const lt_reader *r)
{
    return r->len;
}

static inline const uint8_t *lt_reader_data(const lt_reader *r)
{
    return r->data;
}

/* True when every byte has been taken ("expect end"). */
static inline bool lt_reader_done(const lt_reader *r)
{
    return r->len == 0;
}

bool lt_read_u8(lt_reader *r, uint8_t *out) LT_MUST_CHECK;
bool lt_read_u16(lt_reader *r, uint16_t *out) LT_MUST_CHECK;
bool lt_read_u24(lt_reader *r, uint32_t *out) LT_MUST_CHECK;
bool lt_read_u32(lt_reader *r, uint32_t *out) LT_MUST_CHECK;
bool lt_read_u64(lt_reader *r, uint64_t *out) LT_MUST_CHECK;

/* Takes n bytes and points *out at them (no copy; valid while the input is). */
bool lt_read_bytes(lt_reader *r, size_t n, const uint8_t **out) LT_MUST_CHECK;
/* Takes n bytes and copies them to out. */
bool lt_read_copy(lt_reader *r, uint8_t *out, size_t n) LT_MUST_CHECK;
/* Takes n bytes into a child reader. */
bool lt_read_sub(lt_reader *r, size_t n, lt_reader *child) LT_MUST_CHECK;
/* Takes a block prefixed by a 1, 2 or 3 byte big-endian length. */
bool lt_read_block8(lt_reader *r, lt_reader *child) LT_MUST_CHECK;
bool lt_read_block16(lt_reader *r, lt_reader *child) LT_MUST_CHECK;
bool lt_read_block24(lt_reader *r, lt_reader *child) LT_MUST_CHECK;
/* Looks at the next byte without taking it. */
bool lt_peek_u8(const lt_reader *r, uint8_t *out) LT_MUST_CHECK;
/* Takes n bytes and discards them. */
bool lt_read_skip(lt_reader *r, size_t n) LT_MUST_CHECK;

#endif
