/* The bounds-checked reader at every boundary. */
#include "base/reader.h"
#include "check.h"

#include <stdlib.h>

static void test_empty_input(void)
{
    lt_reader r = lt_reader_make(NULL, 0);
    uint8_t b;
    uint16_t s;
    lt_reader child;
    CHECK(lt_reader_done(&r));
    CHECK(!lt_read_u8(&r, &b));
    CHECK(!lt_read_u16(&r, &s));
    CHECK(!lt_read_block8(&r, &child));
    CHECK(!lt_peek_u8(&r, &b));
    CHECK(lt_read_skip(&r, 0));
}

static void test_integers(void)
{
    const uint8_t in[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
                          0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12};
    lt_reader r = lt_reader_make(in, sizeof(in));
    uint8_t a;
    uint16_t b;
    uint32_t c, d;
    uint64_t e;
    CHECK(lt_read_u8(&r, &a) && a == 0x01);
    CHECK(lt_read_u16(&r, &b) && b == 0x0203);
    CHECK(lt_read_u24(&r, &c) && c == 0x040506);
    CHECK(lt_read_u32(&r, &d) && d == 0x0708090a);
    CHECK(lt_read_u64(&r, &e) && e == 0x0b0c0d0e0f101112ULL);
    CHECK(lt_reader_done(&r));
}

static void test_short_reads_leave_state(void)
{
    const uint8_t in[] = {0xaa, 0xbb};
    lt_reader r = lt_reader_make(in, sizeof(in));
    uint32_t v = 7;
    CHECK(!lt_read_u24(&r, &v));
    CHECK(v == 7);
    CHECK(lt_reader_left(&r) == 2);
    CHECK(!lt_read_u32(&r, &v));
    uint16_t s;
    CHECK(lt_read_u16(&r, &s) && s == 0xaabb);
}

static void test_block_one_past_end(void)
{
    /* A 1-byte prefix claiming 3 bytes when only 2 follow. */
    const uint8_t in8[] = {0x03, 0x01, 0x02};
    lt_reader r = lt_reader_make(in8, sizeof(in8));
    lt_reader child;
    CHECK(!lt_read_block8(&r, &child));
    CHECK(lt_reader_left(&r) == 3); /* a failed block read takes nothing */

    const uint8_t in16[] = {0x00, 0x03, 0x01, 0x02};
    r = lt_reader_make(in16, sizeof(in16));
    CHECK(!lt_read_block16(&r, &child));

    const uint8_t in24[] = {0x00, 0x00, 0x03, 0x01, 0x02};
    r = lt_reader_make(in24, sizeof(in24));
    CHECK(!lt_read_block24(&r, &child));

    /* A prefix that is itself cut short. */
    const uint8_t cut[] = {0x00};
    r = lt_reader_make(cut, sizeof(cut));
    CHECK(!lt_read_block16(&r, &child));
}

static void test_block_exact_and_nested(void)
{
    /* outer u16 block of 5: inner u8 block of 2, then u16 */
    const uint8_t in[] = {0x00, 0x05, 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
    lt_reader r = lt_reader_make(in, sizeof(in));
    lt_reader outer, inner;
    CHECK(lt_read_block16(&r, &outer));
    CHECK(lt_reader_left(&outer) == 5);
    CHECK(lt_read_block8(&outer, &inner));
    CHECK(lt_reader_left(&inner) == 2);
    uint16_t v;
    CHECK(lt_read_u16(&outer, &v) && v == 0xccdd);
    CHECK(lt_reader_done(&outer));
    CHECK(!lt_reader_done(&r)); /* trailing 0xee is visible to "expect end" */

    /* An inner block that claims more than its parent holds fails even
     * though the bytes exist further on in the input. */
    const uint8_t over[] = {0x00, 0x02, 0x05, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
    r = lt_reader_make(over, sizeof(over));
    CHECK(lt_read_block16(&r, &outer));
    CHECK(!lt_read_block8(&outer, &inner));
}

static void test_empty_blocks(void)
{
    const uint8_t in[] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
    lt_reader r = lt_reader_make(in, sizeof(in));
    lt_reader child;
    CHECK(lt_read_block8(&r, &child) && lt_reader_done(&child));
    CHECK(lt_read_block16(&r, &child) && lt_reader_done(&child));
    CHECK(lt_read_block24(&r, &child) && lt_reader_done(&child));
    CHECK(lt_reader_done(&r));
}

static void test_block24_max(void)
{
    size_t n = (1u << 24) - 1;
    uint8_t *buf = calloc(n + 3, 1);
    CHECK(buf != NULL);
    buf[0] = 0xff;
    buf[1] = 0xff;
    buf[2] = 0xff;
    lt_reader r = lt_reader_make(buf, n + 3);
    lt_reader child;
    CHECK(lt_read_block24(&r, &child));
    CHECK(lt_reader_left(&child) == n);
    CHECK(lt_reader_done(&r));
    /* One byte short of 2^24-1 of body must fail. */
    r = lt_reader_make(buf, n + 2);
    CHECK(!lt_read_block24(&r, &child));
    free(buf);
}

static void test_bytes_and_copy(void)
{
    const uint8_t in[] = {1, 2, 3, 4, 5};
    lt_reader r = lt_reader_make(in, sizeof(in));
    const uint8_t *p;
    uint8_t out[3] = {0};
    CHECK(lt_read_bytes(&r, 2, &p) && p == in);
    CHECK(lt_read_copy(&r, out, 3) && out[0] == 3 && out[2] == 5);
    CHECK(!lt_read_copy(&r, out, 1));
    CHECK(!lt_read_bytes(&r, 1, &p));
    r = lt_reader_make(in, sizeof(in));
    CHECK(!lt_read_skip(&r, 6));
    CHECK(lt_read_skip(&r, 5) && lt_reader_done(&r));
}

int main(void)
{
    test_empty_input();
    test_integers();
    test_short_reads_leave_state();
    test_block_one_past_end();
    test_block_exact_and_nested();
    test_empty_blocks();
    test_block24_max();
    test_bytes_and_copy();
    return check_finish("reader");
}
