/* PEM output: RFC 4648 base64 vectors, 64-character lines, and blocks that
 * the strict PEM reader takes back. */
#include "x509/pem.h"
#include "x509/pem_write.h"
#include "check.h"

#include <string.h>

static void test_base64_vectors(void)
{
    /* RFC 4648 10. */
    static const char *const vectors[][2] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
    };
    for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        lt_writer w;
        lt_writer_init_growable(&w, 0);
        size_t n = strlen(vectors[i][0]);
        lt_base64_write(&w, (const uint8_t *)vectors[i][0], n);
        CHECK(lt_writer_ok(&w));
        CHECK(w.len == strlen(vectors[i][1]) && w.len == LT_BASE64_LEN(n));
        CHECK(w.len == 0 || memcmp(w.data, vectors[i][1], w.len) == 0);
        lt_writer_free(&w);
    }
    /* Every value of every position survives the strict decoder. */
    uint8_t all[256], back[256];
    for (size_t i = 0; i < sizeof(all); i++)
        all[i] = (uint8_t)(255 - i);
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_base64_write(&w, all, sizeof(all));
    size_t got = 0;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_base64_decode(w.data, w.len, back, &got, &err));
    CHECK(got == sizeof(all));
    CHECK_MEM(back, all, sizeof(all));
    lt_writer_free(&w);
}

/* Writes len bytes as PEM and returns the line lengths in lines[]. */
static size_t pem_lines(size_t len, lt_writer *w, size_t *lines, size_t cap)
{
    static uint8_t der[200];
    for (size_t i = 0; i < sizeof(der); i++)
        der[i] = (uint8_t)(i * 7);
    lt_writer_init_growable(w, 0);
    lt_pem_write(w, "CERTIFICATE", der, len);
    size_t count = 0, start = 0;
    for (size_t i = 0; i < w->len && count < cap; i++) {
        if (w->data[i] == '\n') {
            lines[count++] = i - start;
            start = i + 1;
        }
    }
    return count;
}

static void test_pem_lines(void)
{
    static const char begin[] = "-----BEGIN CERTIFICATE-----\n";
    static const char end[] = "-----END CERTIFICATE-----\n";
    size_t lines[16];
    lt_writer w;

    /* 48 bytes are exactly one full line; 49 spill into a second. */
    CHECK(pem_lines(48, &w, lines, 16) == 3 && lines[1] == 64);
    CHECK(lt_writer_ok(&w) && memcmp(w.data, begin, strlen(begin)) == 0);
    CHECK(memcmp(w.data + w.len - strlen(end), end, strlen(end)) == 0);
    lt_writer_free(&w);
    CHECK(pem_lines(49, &w, lines, 16) == 4 && lines[1] == 64 && lines[2] == 4);
    lt_writer_free(&w);
    CHECK(pem_lines(200, &w, lines, 16) == 7 && lines[4] == 64 && lines[5] == 12);

    /* The reader takes it back byte for byte. */
    lt_pem_iter it;
    lt_pem_block block;
    bool found = false;
    lt_error err;
    lt_error_clear(&err);
    lt_pem_iter_init(&it, w.data, w.len);
    CHECK(lt_pem_next(&it, "CERTIFICATE", &block, &found, &err) && found);
    CHECK(block.der_len == 200 && block.der[199] == (uint8_t)(199 * 7));
    lt_pem_block_free(&block);
    CHECK(lt_pem_next(&it, NULL, &block, &found, &err) && !found);
    lt_writer_free(&w);
}

int main(void)
{
    test_base64_vectors();
    test_pem_lines();
    return check_finish("pem_write");
}
