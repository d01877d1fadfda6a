#include "base/reader.h"

#include <string.h>

static bool read_be(lt_reader *r, size_t n, uint64_t *out)
{
    if (r->len < n)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = (v << 8) | r->data[i];
    r->data += n;
    r->len -= n;
    *out = v;
    return true;
}

bool lt_read_u8(lt_reader *r, uint8_t *out)
{
    uint64_t v;
    if (!read_be(r, 1, &v))
        return false;
    *out = (uint8_t)v;
    return true;
}

bool lt_read_u16(lt_reader *r, uint16_t *out)
{
    uint64_t v;
    if (!read_be(r, 2, &v))
        return false;
    *out = (uint16_t)v;
    return true;
}

bool lt_read_u24(lt_reader *r, uint32_t *out)
{
    uint64_t v;
    if (!read_be(r, 3, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool lt_read_u32(lt_reader *r, uint32_t *out)
{
    uint64_t v;
    if (!read_be(r, 4, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool lt_read_u64(lt_reader *r, uint64_t *out)
{
    return read_be(r, 8, out);
}

bool lt_read_bytes(lt_reader *r, size_t n, const uint8_t **out)
{
    if (r->len < n)
        return false;
    *out = r->data;
    r->data += n;
    r->len -= n;
    return true;
}

bool lt_read_copy(lt_reader *r, uint8_t *out, size_t n)
{
    const uint8_t *p;
    if (!lt_read_bytes(r, n, &p))
        return false;
    if (n > 0)
        memcpy(out, p, n);
    return true;
}

bool lt_read_sub(lt_reader *r, size_t n, lt_reader *child)
{
    const uint8_t *p;
    if (!lt_read_bytes(r, n, &p))
        return false;
    *child = lt_reader_make(p, n);
    return true;
}

static bool read_block(lt_reader *r, size_t prefix, lt_reader *child)
{
    lt_reader saved = *r;
    uint64_t n;
    if (!read_be(r, prefix, &n) || !lt_read_sub(r, (size_t)n, child)) {
        *r = saved;
        return false;
    }
    return true;
}

bool lt_read_block8(lt_reader *r, lt_reader *child)
{
    return read_block(r, 1, child);
}

bool lt_read_block16(lt_reader *r, lt_reader *child)
{
    return read_block(r, 2, child);
}

bool lt_read_block24(lt_reader *r, lt_reader *child)
{
    return read_block(r, 3, child);
}

bool lt_peek_u8(const lt_reader *r, uint8_t *out)
{
    if (r->len < 1)
        return false;
    *out = r->data[0];
    return true;
}

bool lt_read_skip(lt_reader *r, size_t n)
{
    const uint8_t *p;
    return lt_read_bytes(r, n, &p);
}
