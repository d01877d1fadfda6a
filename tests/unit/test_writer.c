/* The writer: fixed and growing buffers, nested blocks, sticky failure. */
#include <stdlib.h>
#include <string.h>

#include "base/reader.h"
#include "base/writer.h"
#include "check.h"

static void test_integers_fixed(void)
{
    uint8_t buf[18];
    lt_writer w;
    lt_writer_init_fixed(&w, buf, sizeof(buf));
    lt_write_u8(&w, 0x01);
    lt_write_u16(&w, 0x0203);
    lt_write_u24(&w, 0x040506);
    lt_write_u32(&w, 0x0708090a);
    lt_write_u64(&w, 0x0b0c0d0e0f101112ULL);
    CHECK(lt_writer_ok(&w));
    CHECK(w.len == 18);
    for (int i = 0; i < 18; i++)
        CHECK(buf[i] == i + 1);
    /* The buffer is full: one more byte fails, and stays failed. */
    lt_write_u8(&w, 0);
    CHECK(!lt_writer_ok(&w));
    CHECK(w.len == 18);
    lt_write_bytes(&w, NULL, 0);
    CHECK(!lt_writer_ok(&w));
}

static void test_u24_range(void)
{
    uint8_t buf[8];
    lt_writer w;
    lt_writer_init_fixed(&w, buf, sizeof(buf));
    lt_write_u24(&w, 0xffffff);
    CHECK(lt_writer_ok(&w));
    lt_write_u24(&w, 0x1000000);
    CHECK(!lt_writer_ok(&w));
}

static void test_nested_blocks(void)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_wblock outer = lt_write_open(&w, 2);
    lt_wblock inner = lt_write_open(&w, 1);
    lt_write_u16(&w, 0xaabb);
    lt_write_close(&w, inner);
    lt_wblock deep = lt_write_open(&w, 3);
    lt_write_close(&w, deep);
    lt_write_close(&w, outer);
    CHECK(lt_writer_ok(&w));
    const uint8_t want[] = {0x00, 0x06, 0x02, 0xaa, 0xbb, 0x00, 0x00, 0x00};
    CHECK(w.len == sizeof(want));
    CHECK_MEM(w.data, want, sizeof(want));

    /* What we wrote parses back with the reader. */
    lt_reader r = lt_reader_make(w.data, w.len), o, i, d;
    CHECK(lt_read_block16(&r, &o) && lt_read_block8(&o, &i) && lt_read_block24(&o, &d));
    CHECK(lt_reader_done(&o) && lt_reader_done(&r) && lt_reader_left(&i) == 2);
    lt_writer_free(&w);
}

static void test_block_overflowing_prefix(void)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_wblock b = lt_write_open(&w, 1);
    uint8_t chunk[256] = {0};
    lt_write_bytes(&w, chunk, 255);
    lt_write_close(&w, b);
    CHECK(lt_writer_ok(&w)); /* 255 fits a 1-byte prefix */
    b = lt_write_open(&w, 1);
    lt_write_bytes(&w, chunk, 256);
    lt_write_close(&w, b);
    CHECK(!lt_writer_ok(&w)); /* 256 does not */
    lt_writer_free(&w);
}

static void test_nested_overflowing_parent(void)
{
    /* The child fits its own 2-byte prefix but makes the parent's 1-byte
     * prefix overflow. */
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_wblock parent = lt_write_open(&w, 1);
    lt_wblock child = lt_write_open(&w, 2);
    uint8_t chunk[300] = {0};
    lt_write_bytes(&w, chunk, sizeof(chunk));
    lt_write_close(&w, child);
    CHECK(lt_writer_ok(&w));
    lt_write_close(&w, parent);
    CHECK(!lt_writer_ok(&w));
    lt_writer_free(&w);

    /* In a fixed buffer, a child that runs past the end fails. */
    uint8_t buf[6];
    lt_writer_init_fixed(&w, buf, sizeof(buf));
    parent = lt_write_open(&w, 2);
    child = lt_write_open(&w, 2);
    lt_write_u24(&w, 1);
    CHECK(!lt_writer_ok(&w));
}

static void test_block24_max(void)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_wblock b = lt_write_open(&w, 3);
    size_t n = (1u << 24) - 1;
    uint8_t *body = lt_write_reserve(&w, n);
    CHECK(body != NULL);
    lt_write_close(&w, b);
    CHECK(lt_writer_ok(&w));
    CHECK(w.data[0] == 0xff && w.data[1] == 0xff && w.data[2] == 0xff);
    lt_writer_reset(&w);
    b = lt_write_open(&w, 3);
    CHECK(lt_write_reserve(&w, n + 1) != NULL);
    lt_write_close(&w, b);
    CHECK(!lt_writer_ok(&w));
    lt_writer_free(&w);
}

static void test_growable_ceiling(void)
{
    lt_writer w;
    lt_writer_init_growable(&w, 10);
    uint8_t ten[10] = {0};
    lt_write_bytes(&w, ten, 10);
    CHECK(lt_writer_ok(&w));
    lt_write_u8(&w, 1);
    CHECK(!lt_writer_ok(&w));
    lt_writer_free(&w);
}

static void test_bad_prefix_width(void)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_wblock b = lt_write_open(&w, 4);
    lt_write_close(&w, b);
    CHECK(!lt_writer_ok(&w));
    lt_writer_free(&w);
}

/* The high-water mark is what a wipe covers: it survives a reset and a
 * growth, and never counts reserved capacity that was never written. */
static void test_used_high_water(void)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    CHECK(lt_writer_reserve_capacity(&w, 4096));
    CHECK(w.cap == 4096 && w.used == 0);
    uint8_t hundred[100] = {0};
    lt_write_bytes(&w, hundred, sizeof hundred);
    lt_writer_reset(&w);
    lt_write_u8(&w, 1);
    CHECK(w.len == 1 && w.used == 100);
    CHECK(lt_write_reserve(&w, 8000) != NULL);
    CHECK(w.len == 8001 && w.used == 8001);
    lt_writer_free(&w);
    CHECK(w.used == 0 && w.data == NULL);
}

int main(void)
{
    test_integers_fixed();
    test_u24_range();
    test_nested_blocks();
    test_block_overflowing_prefix();
    test_nested_overflowing_parent();
    test_block24_max();
    test_growable_ceiling();
    test_bad_prefix_width();
    test_used_high_water();
    return check_finish("writer");
}
