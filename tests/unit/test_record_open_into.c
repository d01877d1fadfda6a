/* Opening application data straight into a caller's buffer
 * (lt_record_open_into): when it is used, when the record opens in place
 * instead, and that a failed record leaves none of its plaintext there. */
#include "tls/record.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

#define PLAIN_BYTE 0x5a
#define FILL_BYTE 0xee
#define DST_CAP 2048

static const uint8_t key[32] = {7, 6, 5, 4, 3, 2, 1};
static const uint8_t mac_key[48] = {9, 8, 7};
static const uint8_t iv[12] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
                               0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab};

static const struct {
    lt_aead_alg alg;
    size_t iv_len;
} aeads[] = {
    {LT_AEAD_AES_128_GCM, 4},
    {LT_AEAD_AES_256_GCM, 4},
    {LT_AEAD_CHACHA20_POLY1305, 12},
};

static void aead_pair(size_t i, lt_record_layer *tx, lt_record_layer *rx)
{
    lt_error err;
    lt_error_clear(&err);
    lt_record_init(tx);
    lt_record_init(rx);
    CHECK(lt_record_set_aead(tx, LT_RECORD_WRITE, aeads[i].alg, key, iv, aeads[i].iv_len, &err));
    CHECK(lt_record_set_aead(rx, LT_RECORD_READ, aeads[i].alg, key, iv, aeads[i].iv_len, &err));
}

/* One record of len PLAIN_BYTEs of the given type, sealed into w. */
static void seal(lt_record_layer *tx, lt_content_type type, size_t len, lt_writer *w)
{
    uint8_t plain[DST_CAP + 1];
    memset(plain, PLAIN_BYTE, sizeof(plain));
    lt_error err;
    lt_error_clear(&err);
    lt_writer_init_growable(w, 0);
    CHECK(lt_record_seal(tx, type, plain, len, w, &err));
}

static bool all(const uint8_t *p, size_t len, uint8_t value)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] != value)
            return false;
    return true;
}

/* The plaintext lands in dst, which takes exactly its length; the input
 * buffer is not where it went. */
static void test_into_dst(size_t i)
{
    lt_record_layer tx, rx;
    aead_pair(i, &tx, &rx);
    uint8_t dst[DST_CAP];
    const size_t lens[] = {1, 100, DST_CAP};
    for (size_t k = 0; k < 3; k++) {
        lt_writer w;
        seal(&tx, LT_CT_APPLICATION_DATA, lens[k], &w);
        memset(dst, FILL_BYTE, sizeof(dst));
        lt_record rec;
        lt_error err;
        lt_error_clear(&err);
        CHECK(lt_record_open_into(&rx, w.data, w.len, dst, lens[k], &rec, &err) == LT_RECORD_DONE);
        CHECK(rec.data == dst && rec.len == lens[k] && rec.consumed == w.len);
        CHECK(all(dst, lens[k], PLAIN_BYTE));
        CHECK(all(dst + lens[k], sizeof(dst) - lens[k], FILL_BYTE));
        CHECK(rx.read.seq == k + 1);
        lt_writer_free(&w);
    }
    lt_record_free(&tx);
    lt_record_free(&rx);
}

/* In place, dst untouched: a plaintext one byte longer than dst_cap, a
 * handshake record, and no dst at all. */
static void test_in_place(size_t i)
{
    lt_record_layer tx, rx;
    aead_pair(i, &tx, &rx);
    uint8_t dst[DST_CAP];
    memset(dst, FILL_BYTE, sizeof(dst));
    const struct {
        lt_content_type type;
        size_t len, cap;
        uint8_t *dst;
    } cases[] = {
        {LT_CT_APPLICATION_DATA, 101, 100, dst},
        {LT_CT_HANDSHAKE, 10, DST_CAP, dst},
        {LT_CT_APPLICATION_DATA, 10, DST_CAP, NULL},
    };
    for (size_t k = 0; k < 3; k++) {
        lt_writer w;
        seal(&tx, cases[k].type, cases[k].len, &w);
        lt_record rec;
        lt_error err;
        lt_error_clear(&err);
        CHECK(lt_record_open_into(&rx, w.data, w.len, cases[k].dst, cases[k].cap, &rec, &err) ==
              LT_RECORD_DONE);
        CHECK(rec.len == cases[k].len && rec.type == cases[k].type);
        CHECK(rec.data > w.data && rec.data + rec.len <= w.data + w.len);
        CHECK(all(rec.data, rec.len, PLAIN_BYTE));
        lt_writer_free(&w);
    }
    CHECK(all(dst, sizeof(dst), FILL_BYTE));
    lt_record_free(&tx);
    lt_record_free(&rx);
}

/* A flipped bit in the ciphertext or the tag: the AEAD decrypts before it
 * checks the tag, and what it wrote to dst is wiped. */
static void test_bad_tag_wipes(size_t i)
{
    lt_record_layer tx, rx;
    aead_pair(i, &tx, &rx);
    const size_t len = 300;
    lt_writer w;
    seal(&tx, LT_CT_APPLICATION_DATA, len, &w);
    size_t flips[] = {w.len - 300, w.len - 1};
    uint8_t *copy = malloc(w.len);
    for (size_t k = 0; k < 2; k++) {
        memcpy(copy, w.data, w.len);
        copy[flips[k]] ^= 0x10;
        uint8_t dst[DST_CAP];
        memset(dst, FILL_BYTE, sizeof(dst));
        lt_record rec;
        lt_error err;
        lt_error_clear(&err);
        CHECK(lt_record_open_into(&rx, copy, w.len, dst, sizeof(dst), &rec, &err) ==
              LT_RECORD_ERROR);
        CHECK(err.code == LATCH_ERR_BAD_RECORD_MAC);
        CHECK(memchr(dst, PLAIN_BYTE, sizeof(dst)) == NULL);
        CHECK(all(dst + len, sizeof(dst) - len, FILL_BYTE));
        CHECK(rx.read.seq == 0);
    }
    free(copy);
    lt_writer_free(&w);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

/* An AEAD record longer than the plaintext limit allows is refused from
 * its header, before anything is decrypted into dst. */
static void test_overflow_refused_first(size_t i)
{
    lt_record_layer tx, rx;
    aead_pair(i, &tx, &rx);
    rx.read_max_plaintext = 512;
    lt_writer w;
    seal(&tx, LT_CT_APPLICATION_DATA, 513, &w);
    uint8_t dst[DST_CAP];
    memset(dst, FILL_BYTE, sizeof(dst));
    lt_record rec;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_record_open_into(&rx, w.data, w.len, dst, sizeof(dst), &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_RECORD_OVERFLOW);
    CHECK(strstr(err.message, "ciphertext limit") != NULL);
    CHECK(all(dst, sizeof(dst), FILL_BYTE));
    lt_writer_free(&w);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

/* CBC learns the plaintext's length only from the padding: it opens in
 * place whatever dst offers, and leaves dst alone when the MAC fails. */
static void test_cbc_in_place(void)
{
    lt_record_layer tx, rx;
    lt_error err;
    lt_error_clear(&err);
    lt_record_init(&tx);
    lt_record_init(&rx);
    CHECK(lt_record_set_cbc(&tx, LT_RECORD_WRITE, LT_CBC_AES_128, LT_HASH_SHA256, key, mac_key,
                            false, &err));
    CHECK(lt_record_set_cbc(&rx, LT_RECORD_READ, LT_CBC_AES_128, LT_HASH_SHA256, key, mac_key,
                            false, &err));
    lt_writer w;
    seal(&tx, LT_CT_APPLICATION_DATA, 40, &w);
    uint8_t dst[DST_CAP];
    memset(dst, FILL_BYTE, sizeof(dst));
    uint8_t *copy = malloc(w.len);
    memcpy(copy, w.data, w.len);
    lt_record rec;
    CHECK(lt_record_open_into(&rx, w.data, w.len, dst, sizeof(dst), &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.len == 40 && rec.data > w.data && rec.data < w.data + w.len);
    CHECK(all(rec.data, rec.len, PLAIN_BYTE));
    copy[LT_RECORD_HEADER_LEN + 20] ^= 1;
    rx.read.seq = 0;
    CHECK(lt_record_open_into(&rx, copy, w.len, dst, sizeof(dst), &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_BAD_RECORD_MAC);
    CHECK(all(dst, sizeof(dst), FILL_BYTE));
    free(copy);
    lt_writer_free(&w);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

int main(void)
{
    for (size_t i = 0; i < sizeof(aeads) / sizeof(aeads[0]); i++) {
        test_into_dst(i);
        test_in_place(i);
        test_bad_tag_wipes(i);
        test_overflow_refused_first(i);
    }
    test_cbc_in_place();
    return check_finish("test_record_open_into");
}
