#include "base/writer.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

void lt_writer_init_fixed(lt_writer *w, uint8_t *buf, size_t cap)
{
    memset(w, 0, sizeof(*w));
    w->data = buf;
    w->cap = cap;
    w->max = cap;
}

void lt_writer_init_growable(lt_writer *w, size_t max)
{
    memset(w, 0, sizeof(*w));
    w->growable = true;
    w->max = max == 0 ? LT_WRITER_DEFAULT_MAX : max;
}

void lt_writer_free(lt_writer *w)
{
    if (w->growable && w->data != NULL) {
        lt_wipe(w->data, w->used);
        free(w->data);
    }
    w->data = NULL;
    w->len = w->cap = w->used = 0;
}

void lt_writer_free_public(lt_writer *w)
{
    if (w->growable)
        free(w->data);
    w->data = NULL;
    w->len = w->cap = w->used = 0;
}

void lt_writer_reset(lt_writer *w)
{
    w->len = 0;
    w->failed = false;
}

/* Moves the written bytes to a new heap buffer of cap bytes, wiping the
 * old one as far as it was ever written. */
static bool move_to_buffer(lt_writer *w, size_t cap)
{
    uint8_t *grown = malloc(cap);
    if (grown == NULL)
        return false;
    if (w->data != NULL) {
        memcpy(grown, w->data, w->len);
        lt_wipe(w->data, w->used);
        free(w->data);
    }
    w->data = grown;
    w->cap = cap;
    return true;
}

static bool ensure_room(lt_writer *w, size_t n)
{
    if (w->failed)
        return false;
    if (n > w->max - w->len) {
        w->failed = true;
        return false;
    }
    if (w->len + n <= w->cap && w->data != NULL)
        return true;
    if (!w->growable) {
        w->failed = true;
        return false;
    }
    size_t want = w->cap < 256 ? 256 : w->cap;
    if (want > w->max)
        want = w->max;
    while (want < w->len + n)
        want *= 2;
    if (want > w->max)
        want = w->max;
    if (!move_to_buffer(w, want)) {
        w->failed = true;
        return false;
    }
    return true;
}

bool lt_writer_reserve_capacity(lt_writer *w, size_t cap)
{
    if (w->failed || !w->growable || cap > w->max)
        return false;
    if (w->data != NULL && w->cap >= cap)
        return true;
    return move_to_buffer(w, cap);
}

uint8_t *lt_write_reserve(lt_writer *w, size_t n)
{
    if (!ensure_room(w, n))
        return NULL;
    uint8_t *at = w->data + w->len;
    w->len += n;
    if (w->used < w->len)
        w->used = w->len;
    return at;
}

static void write_be(lt_writer *w, uint64_t v, size_t n)
{
    uint8_t *at = lt_write_reserve(w, n);
    if (at == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        at[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

void lt_write_u8(lt_writer *w, uint8_t v)
{
    write_be(w, v, 1);
}

void lt_write_u16(lt_writer *w, uint16_t v)
{
    write_be(w, v, 2);
}

void lt_write_u24(lt_writer *w, uint32_t v)
{
    if (v > 0xffffff) {
        w->failed = true;
        return;
    }
    write_be(w, v, 3);
}

void lt_write_u32(lt_writer *w, uint32_t v)
{
    write_be(w, v, 4);
}

void lt_write_u64(lt_writer *w, uint64_t v)
{
    write_be(w, v, 8);
}

void lt_write_bytes(lt_writer *w, const uint8_t *p, size_t n)
{
    uint8_t *at = lt_write_reserve(w, n);
    if (at != NULL && n > 0)
        memcpy(at, p, n);
}

lt_wblock lt_write_open(lt_writer *w, uint8_t prefix_len)
{
    lt_wblock b = {w->len, prefix_len};
    if (prefix_len < 1 || prefix_len > 3) {
        w->failed = true;
        return b;
    }
    uint8_t *at = lt_write_reserve(w, prefix_len);
    if (at != NULL)
        memset(at, 0, prefix_len);
    return b;
}

void lt_write_close(lt_writer *w, lt_wblock b)
{
    if (w->failed)
        return;
    size_t body_at = b.prefix_at + b.prefix_len;
    if (body_at > w->len) {
        w->failed = true;
        return;
    }
    size_t n = w->len - body_at;
    if (n >> (8 * b.prefix_len) != 0) {
        w->failed = true;
        return;
    }
    for (size_t i = 0; i < b.prefix_len; i++)
        w->data[b.prefix_at + i] = (uint8_t)(n >> (8 * (b.prefix_len - 1 - i)));
}
