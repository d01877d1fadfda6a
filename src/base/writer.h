/*
 * The writer: builds wire bytes into a fixed buffer or a growing one.
 *
 * Length-prefixed blocks are opened with a placeholder and patched when
 * closed. Errors are sticky: after a failed write (buffer full, block too
 * long for its prefix, allocation failure) every further write does
 * nothing, so a sequence of writes needs one lt_writer_ok() at the end.
 */
#ifndef LT_BASE_WRITER_H
#define LT_BASE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef struct lt_writer {
    uint8_t *data;
    size_t len;
    size_t cap;
    size_t max;    /* a growing writer never exceeds this */
    size_t used;   /* the most len has been: what a wipe must cover */
    bool growable; /* data is ours, from the heap */
    bool failed;
} lt_writer;

/* An open length-prefixed block: where its prefix sits and how wide it is. */
typedef struct lt_wblock {
    size_t prefix_at;
    uint8_t prefix_len;
} lt_wblock;

/* A growing writer's ceiling when none is given: the largest 3-byte block. */
#define LT_WRITER_DEFAULT_MAX ((size_t)1 << 25)

void lt_writer_init_fixed(lt_writer *w, uint8_t *buf, size_t cap);
void lt_writer_init_growable(lt_writer *w, size_t max);
/* Wipes and frees a growing writer's buffer; a fixed writer is left as is. */
void lt_writer_free(lt_writer *w);
/* Frees a growing writer's buffer without wiping it: for buffers that
 * never hold a secret (sealed records). */
void lt_writer_free_public(lt_writer *w);
/* Makes a growing writer's buffer hold at least cap bytes in one
 * allocation, so a buffer of known size is not reached by doubling. */
bool lt_writer_reserve_capacity(lt_writer *w, size_t cap) LT_MUST_CHECK;
/* Forgets the contents but keeps the buffer. */
void lt_writer_reset(lt_writer *w);

static inline bool lt_writer_ok(const lt_writer *w)
{
    return !w->failed;
}

void lt_write_u8(lt_writer *w, uint8_t v);
void lt_write_u16(lt_writer *w, uint16_t v);
void lt_write_u24(lt_writer *w, uint32_t v);
void lt_write_u32(lt_writer *w, uint32_t v);
void lt_write_u64(lt_writer *w, uint64_t v);
void lt_write_bytes(lt_writer *w, const uint8_t *p, size_t n);
/* Makes room for n bytes and returns where to put them, or NULL on failure. */
uint8_t *lt_write_reserve(lt_writer *w, size_t n);

/* Opens a block with a 1, 2 or 3 byte length prefix. */
lt_wblock lt_write_open(lt_writer *w, uint8_t prefix_len);
/* Closes the block, patching its length; fails if it does not fit the prefix. */
void lt_write_close(lt_writer *w, lt_wblock block);

#endif
