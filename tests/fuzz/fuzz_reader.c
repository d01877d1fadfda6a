/*
 * The byte reader, driven by a small interpreter: the input is
 * [op count][ops and their operands][data]. Ops take integers, spans and
 * length-prefixed children from a stack of readers over the data; a model
 * of each reader (an offset and a length into the data) predicts every
 * answer, value and pointer, and a failed read must leave both the reader
 * and its output untouched.
 */
#include <string.h>

#include "base/reader.h"
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DEPTH 16
#define UNTOUCHED 0xa5

typedef struct model {
    lt_reader r;
    size_t off; /* into the data */
    size_t len;
} model;

static const uint8_t *base;

static void check(const model *m)
{
    FUZZ_CHECK(lt_reader_data(&m->r) == base + m->off);
    FUZZ_CHECK(lt_reader_left(&m->r) == m->len);
    FUZZ_CHECK(lt_reader_done(&m->r) == (m->len == 0));
}

static uint64_t be(size_t off, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | base[off + i];
    return v;
}

/* One fixed-width integer read: the result, the value and the advance. */
static void integer(model *m, unsigned width)
{
    uint64_t got;
    uint8_t u8 = UNTOUCHED;
    uint16_t u16 = UNTOUCHED;
    uint32_t u32 = UNTOUCHED;
    uint64_t u64 = UNTOUCHED;
    bool ok;
    switch (width) {
    case 1:
        ok = lt_read_u8(&m->r, &u8);
        got = u8;
        break;
    case 2:
        ok = lt_read_u16(&m->r, &u16);
        got = u16;
        break;
    case 3:
        ok = lt_read_u24(&m->r, &u32);
        got = u32;
        break;
    case 4:
        ok = lt_read_u32(&m->r, &u32);
        got = u32;
        break;
    default:
        ok = lt_read_u64(&m->r, &u64);
        got = u64;
        break;
    }
    FUZZ_CHECK(ok == (m->len >= width));
    if (ok) {
        FUZZ_CHECK(got == be(m->off, width));
        m->off += width;
        m->len -= width;
    } else {
        FUZZ_CHECK(got == UNTOUCHED);
    }
}

/* A block with a 1..3 byte length prefix into a new child. */
static bool block(model *m, unsigned prefix, model *child)
{
    lt_reader c = lt_reader_make(NULL, 0);
    bool ok = prefix == 1   ? lt_read_block8(&m->r, &c)
              : prefix == 2 ? lt_read_block16(&m->r, &c)
                            : lt_read_block24(&m->r, &c);
    bool fits = m->len >= prefix && m->len - prefix >= be(m->off, prefix);
    FUZZ_CHECK(ok == fits);
    if (!ok) {
        FUZZ_CHECK(c.data == NULL && c.len == 0);
        return false;
    }
    size_t n = (size_t)be(m->off, prefix);
    child->r = c;
    child->off = m->off + prefix;
    child->len = n;
    m->off += prefix + n;
    m->len -= prefix + n;
    return true;
}

/* An n-byte take: as a pointer, a copy, a child or a skip. */
static bool take(model *m, unsigned how, size_t n, model *child)
{
    uint8_t copy[256];
    memset(copy, UNTOUCHED, sizeof(copy));
    const uint8_t *p = NULL;
    lt_reader c = lt_reader_make(NULL, 0);
    bool ok;
    switch (how) {
    case 0:
        ok = lt_read_bytes(&m->r, n, &p);
        FUZZ_CHECK(!ok || p == base + m->off);
        FUZZ_CHECK(ok || p == NULL);
        break;
    case 1:
        ok = lt_read_copy(&m->r, copy, n);
        FUZZ_CHECK(!ok || n == 0 || memcmp(copy, base + m->off, n) == 0);
        FUZZ_CHECK(ok || n == 0 || copy[0] == UNTOUCHED);
        break;
    case 2:
        ok = lt_read_sub(&m->r, n, &c);
        FUZZ_CHECK(ok || (c.data == NULL && c.len == 0));
        if (ok) {
            child->r = c;
            child->off = m->off;
            child->len = n;
        }
        break;
    default:
        ok = lt_read_skip(&m->r, n);
        break;
    }
    FUZZ_CHECK(ok == (m->len >= n));
    if (ok) {
        m->off += n;
        m->len -= n;
    }
    return ok && how == 2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_reader in = lt_reader_make(data, size);
    uint8_t count;
    lt_reader ops;
    if (!lt_read_u8(&in, &count) || !lt_read_sub(&in, count < size - 1 ? count : size - 1, &ops))
        return 0;
    base = lt_reader_data(&in);

    model stack[DEPTH];
    size_t depth = 1;
    stack[0].r = in;
    stack[0].off = 0;
    stack[0].len = lt_reader_left(&in);

    static const unsigned widths[] = {1, 2, 3, 4, 8};
    uint8_t op;
    while (lt_read_u8(&ops, &op)) {
        model *m = &stack[depth - 1];
        model child;
        bool push = false;
        uint8_t arg = 0;
        switch (op % 8) {
        case 0:
            integer(m, widths[op / 8 % 5]);
            break;
        case 1:
            push = block(m, 1 + op / 8 % 3, &child);
            break;
        case 2:
            if (lt_read_u8(&ops, &arg))
                push = take(m, op / 8 % 4, arg, &child);
            break;
        case 3: {
            uint8_t peeked = UNTOUCHED;
            bool ok = lt_peek_u8(&m->r, &peeked);
            FUZZ_CHECK(ok == (m->len > 0));
            FUZZ_CHECK(ok ? peeked == base[m->off] : peeked == UNTOUCHED);
            break;
        }
        case 4:
            /* A length near SIZE_MAX must fail, not wrap around. */
            FUZZ_CHECK(!lt_read_skip(&m->r, SIZE_MAX - op / 8));
            break;
        default:
            if (depth > 1)
                depth--;
            break;
        }
        check(m);
        if (push && depth < DEPTH) {
            check(&child);
            stack[depth++] = child;
        }
    }
    return 0;
}
