/*
 * CBC record protection (RFC 5246 6.2.3.2, RFC 7366): the constant-time
 * HMAC against plain HMAC, records taken apart by hand, round trips, and
 * every kind of tampering giving the same bad_record_mac.
 */
#include "tls/record_cbc.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cbc_case {
    const char *name;
    lt_cbc_alg alg;
    lt_hash_alg mac;
} cbc_case;

static const cbc_case cases[] = {
    {"AES-128-CBC/HMAC-SHA1", LT_CBC_AES_128, LT_HASH_SHA1},
    {"AES-256-CBC/HMAC-SHA1", LT_CBC_AES_256, LT_HASH_SHA1},
    {"AES-128-CBC/HMAC-SHA256", LT_CBC_AES_128, LT_HASH_SHA256},
    {"AES-256-CBC/HMAC-SHA256", LT_CBC_AES_256, LT_HASH_SHA256},
    {"AES-256-CBC/HMAC-SHA384", LT_CBC_AES_256, LT_HASH_SHA384},
};
#define CASE_COUNT (sizeof(cases) / sizeof(cases[0]))

static uint8_t enc_key[32];
static uint8_t mac_key[48];

static void keyed_pair(const cbc_case *c, bool etm, lt_record_layer *tx, lt_record_layer *rx)
{
    lt_error err;
    lt_error_clear(&err);
    lt_record_init(tx);
    lt_record_init(rx);
    CHECK(lt_record_set_cbc(tx, LT_RECORD_WRITE, c->alg, c->mac, enc_key, mac_key, etm, &err));
    CHECK(lt_record_set_cbc(rx, LT_RECORD_READ, c->alg, c->mac, enc_key, mac_key, etm, &err));
    CHECK(!lt_error_is_set(&err));
}

/* lt_hmac_secret_len equals HMAC over the same bytes, for every secret
 * length in range, across block boundaries and the length-field edge. */
static void test_hmac_secret_len(void)
{
    const lt_hash_alg algs[] = {LT_HASH_SHA1, LT_HASH_SHA256, LT_HASH_SHA384};
    const size_t maxes[] = {0, 1, 50, 55, 56, 64, 111, 112, 128, 300, 1000, 16384 + 48};
    uint8_t *data = malloc(16384 + 64);
    for (size_t i = 0; i < 16384 + 64; i++)
        data[i] = (uint8_t)(i * 7 + 3);
    uint8_t header[13];
    lt_error err;
    lt_error_clear(&err);
    int compared = 0;
    for (size_t a = 0; a < 3; a++) {
        for (size_t m = 0; m < sizeof(maxes) / sizeof(maxes[0]); m++) {
            size_t max = maxes[m];
            size_t min = max > 255 ? max - 255 : 0;
            for (size_t len = min; len <= max; len++) {
                for (size_t i = 0; i < 13; i++)
                    header[i] = (uint8_t)(len + i);
                uint8_t *joined = malloc(13 + len + 1);
                memcpy(joined, header, 13);
                memcpy(joined + 13, data, len);
                uint8_t want[LT_HASH_MAX_LEN], got[LT_HASH_MAX_LEN];
                size_t key_len = lt_hash_len(algs[a]);
                CHECK(lt_hmac_oneshot(algs[a], mac_key, key_len, joined, 13 + len, want, &err));
                CHECK(lt_hmac_secret_len(algs[a], mac_key, key_len, header, 13, data, min, max, len,
                                         got, &err));
                CHECK_MEM(got, want, lt_hash_len(algs[a]));
                free(joined);
                compared++;
            }
        }
    }
    CHECK(!lt_error_is_set(&err));
    /* SHA-512 is not a record MAC; its 16-byte length field is refused. */
    uint8_t out[64];
    CHECK(!lt_hmac_secret_len(LT_HASH_SHA512, mac_key, 16, header, 13, data, 0, 10, 5, out, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
    printf("constant-time HMAC: %d lengths matched plain HMAC\n", compared);
    free(data);
}

/* A MAC-then-encrypt record taken apart with the raw cipher: a random IV,
 * then content || HMAC(seq, type, version, length, content) || minimal
 * padding, encrypted. An encrypt-then-MAC one: IV || E(content ||
 * padding) || HMAC over seq, type, version, length of IV and ciphertext,
 * IV and ciphertext. */
static void test_layout(const cbc_case *c, bool etm)
{
    lt_record_layer tx, rx;
    keyed_pair(c, etm, &tx, &rx);
    tx.write.seq = 0x0102030405060708ULL;
    size_t mac_len = lt_hash_len(c->mac);
    lt_error err;
    lt_error_clear(&err);
    for (size_t n = 0; n < 40; n++) {
        uint8_t plain[40];
        memset(plain, 'a' + (int)n % 26, sizeof(plain));
        lt_writer w;
        lt_writer_init_growable(&w, 0);
        if (n == 0) {
            /* lt_record_seal sends nothing for no data; the op itself can. */
            uint8_t *frag = lt_write_reserve(&w, 5 + tx.write.ops->sealed_len(&tx.write, 0));
            CHECK(frag != NULL);
            CHECK(tx.write.ops->seal(&tx.write, tx.write.seq, LT_CT_APPLICATION_DATA, 0x0303, plain,
                                     0, frag + 5, &err));
            tx.write.seq++;
        } else {
            CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, plain, n, &w, &err));
        }
        size_t frag_len = w.len - 5;
        size_t padded = etm ? (n + 1 + 15) / 16 * 16 : (n + mac_len + 1 + 15) / 16 * 16;
        CHECK(frag_len == 16 + padded + (etm ? mac_len : 0));
        CHECK(lt_record_sealed_len(&tx, n) == (n == 0 ? 0 : 5 + frag_len));

        uint8_t hdr[13];
        uint64_t seq = tx.write.seq - 1;
        for (int i = 0; i < 8; i++)
            hdr[i] = (uint8_t)(seq >> (56 - 8 * i));
        hdr[8] = LT_CT_APPLICATION_DATA;
        hdr[9] = 3;
        hdr[10] = 3;
        uint8_t *frag = w.data + 5;
        uint8_t body[128], mac[LT_HASH_MAX_LEN], joined[256];
        lt_cbc dec;
        CHECK(lt_cbc_init(&dec, c->alg, false, enc_key, &err));
        CHECK(lt_cbc_run(&dec, frag, frag + 16, padded, body, &err));
        lt_cbc_free(&dec);
        size_t pad = padded - 1 - (etm ? n : n + mac_len);
        CHECK(pad < 16);
        for (size_t i = 0; i <= pad; i++)
            CHECK(body[padded - 1 - i] == pad);
        CHECK_MEM(body, plain, n);
        if (etm) {
            hdr[11] = (uint8_t)((16 + padded) >> 8);
            hdr[12] = (uint8_t)(16 + padded);
            memcpy(joined, hdr, 13);
            memcpy(joined + 13, frag, 16 + padded);
            CHECK(lt_hmac_oneshot(c->mac, mac_key, mac_len, joined, 13 + 16 + padded, mac, &err));
            CHECK_MEM(frag + 16 + padded, mac, mac_len);
        } else {
            hdr[11] = 0;
            hdr[12] = (uint8_t)n;
            memcpy(joined, hdr, 13);
            memcpy(joined + 13, plain, n);
            CHECK(lt_hmac_oneshot(c->mac, mac_key, mac_len, joined, 13 + n, mac, &err));
            CHECK_MEM(body + n, mac, mac_len);
        }
        /* The next record's IV is fresh. */
        lt_writer_free(&w);
    }
    CHECK(!lt_error_is_set(&err));
    lt_record_free(&tx);
    lt_record_free(&rx);
}

static void test_round_trip(const cbc_case *c, bool etm)
{
    lt_record_layer tx, rx;
    keyed_pair(c, etm, &tx, &rx);
    uint8_t *data = malloc(LT_RECORD_MAX_PLAINTEXT);
    for (size_t i = 0; i < LT_RECORD_MAX_PLAINTEXT; i++)
        data[i] = (uint8_t)(i ^ 0xa5);
    const size_t lens[] = {1, 15, 16, 17, 31, 32, 33, 100, 255, 256, 1000, LT_RECORD_MAX_PLAINTEXT};
    const size_t count = sizeof(lens) / sizeof(lens[0]);
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_error err;
    lt_error_clear(&err);
    for (size_t i = 0; i < count; i++)
        CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, data, lens[i], &w, &err));
    /* The largest record fits the output buffer. */
    CHECK(lt_record_sealed_len(&tx, LT_RECORD_MAX_PLAINTEXT) <= LT_RECORD_OUT_BUF_LEN);
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        lt_record rec;
        CHECK(lt_record_open(&rx, w.data + at, w.len - at, &rec, &err) == LT_RECORD_DONE);
        CHECK(rec.len == lens[i]);
        CHECK_MEM(rec.data, data, rec.len);
        at += rec.consumed;
    }
    CHECK(at == w.len);
    /* Two records of the same plaintext differ: each has its own IV. */
    lt_writer_reset(&w);
    CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, data, 32, &w, &err));
    CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, data, 32, &w, &err));
    size_t one = w.len / 2;
    CHECK(memcmp(w.data + 5, w.data + one + 5, 16) != 0);
    CHECK(!lt_error_is_set(&err));
    lt_writer_free(&w);
    free(data);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

static bool opens_bad_mac(lt_record_layer *rx, const uint8_t *bytes, size_t len)
{
    uint8_t *copy = malloc(len + 1);
    memcpy(copy, bytes, len);
    lt_record rec;
    lt_error err;
    lt_error_clear(&err);
    uint64_t seq = rx->read.seq;
    char want[128];
    snprintf(want, sizeof(want), "a %zu-byte %s record from the peer failed authentication",
             len - 5, lt_content_type_name(bytes[0]));
    bool ok = lt_record_open(rx, copy, len, &rec, &err) == LT_RECORD_ERROR &&
              err.code == LATCH_ERR_BAD_RECORD_MAC && strcmp(err.message, want) == 0 &&
              rx->read.seq == seq;
    free(copy);
    return ok;
}

/* A MAC-then-encrypt record built by hand with any padding: content, its
 * correct MAC, then pad_bytes bytes of pad_value and a padding_length of
 * pad_len_byte, encrypted under a fixed IV. */
static size_t forge_mte(const cbc_case *c, uint64_t seq, const uint8_t *content, size_t n,
                        size_t pad_bytes, uint8_t pad_value, uint8_t pad_len_byte, bool good_mac,
                        uint8_t *out)
{
    lt_error err;
    lt_error_clear(&err);
    size_t mac_len = lt_hash_len(c->mac);
    uint8_t body[1024], joined[512];
    for (int i = 0; i < 8; i++)
        joined[i] = (uint8_t)(seq >> (56 - 8 * i));
    joined[8] = LT_CT_APPLICATION_DATA;
    joined[9] = 3;
    joined[10] = 3;
    joined[11] = (uint8_t)(n >> 8);
    joined[12] = (uint8_t)n;
    memcpy(joined + 13, content, n);
    memcpy(body, content, n);
    CHECK(lt_hmac_oneshot(c->mac, mac_key, mac_len, joined, 13 + n, body + n, &err));
    if (!good_mac)
        body[n] ^= 1;
    memset(body + n + mac_len, pad_value, pad_bytes);
    size_t len = n + mac_len + pad_bytes;
    body[len++] = pad_len_byte;
    CHECK(len % 16 == 0);
    uint8_t *frag = out + 5;
    memset(frag, 0x42, 16);
    lt_cbc enc;
    CHECK(lt_cbc_init(&enc, c->alg, true, enc_key, &err));
    CHECK(lt_cbc_run(&enc, frag, body, len, frag + 16, &err));
    lt_cbc_free(&enc);
    out[0] = LT_CT_APPLICATION_DATA;
    out[1] = 3;
    out[2] = 3;
    out[3] = (uint8_t)((16 + len) >> 8);
    out[4] = (uint8_t)(16 + len);
    return 5 + 16 + len;
}

static void test_tampering(const cbc_case *c, bool etm)
{
    lt_record_layer tx, rx;
    keyed_pair(c, etm, &tx, &rx);
    size_t mac_len = lt_hash_len(c->mac);
    lt_error err;
    lt_error_clear(&err);
    const uint8_t plain[37] = "thirty-seven bytes of record content";
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, plain, sizeof(plain), &w, &err));
    size_t len = w.len;
    uint8_t sealed[256], buf[256];
    memcpy(sealed, w.data, len);
    lt_writer_free(&w);

    /* Every byte after the header: IV (a flipped IV byte changes the
     * first plaintext block, so the MAC fails), ciphertext, MAC. */
    for (size_t i = 5; i < len; i++) {
        memcpy(buf, sealed, len);
        buf[i] ^= 0x01;
        if (!opens_bad_mac(&rx, buf, len))
            check_fail(__FILE__, __LINE__, "a flipped byte was not bad_record_mac");
    }
    /* Another type, a shorter length, a truncated record. */
    memcpy(buf, sealed, len);
    buf[0] = LT_CT_HANDSHAKE;
    CHECK(opens_bad_mac(&rx, buf, len));
    memcpy(buf, sealed, len);
    buf[4] -= 16;
    CHECK(opens_bad_mac(&rx, buf, len - 16));
    /* Short records: every length below IV + one block + MAC, and
     * lengths that are not whole blocks. */
    size_t shortest = etm ? 32 + mac_len : 16 + (mac_len + 1 + 15) / 16 * 16;
    for (size_t n = 0; n < shortest + 20; n++) {
        bool whole = etm ? (n >= mac_len && (n - mac_len) % 16 == 0) : n % 16 == 0;
        if (n >= shortest && whole)
            continue;
        memcpy(buf, sealed, 5);
        memset(buf + 5, 0x33, n);
        buf[3] = (uint8_t)(n >> 8);
        buf[4] = (uint8_t)n;
        if (!opens_bad_mac(&rx, buf, 5 + n))
            check_fail(__FILE__, __LINE__, "a short record was not bad_record_mac");
    }
    /* The untouched record still opens. */
    lt_record rec;
    memcpy(buf, sealed, len);
    CHECK(lt_record_open(&rx, buf, len, &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.len == sizeof(plain) && memcmp(rec.data, plain, sizeof(plain)) == 0);

    if (!etm) {
        /* Padding forged under the right keys: a good MAC with bad
         * padding, good padding with a bad MAC, padding too long for the
         * record; each fails like the others. Controls with good padding
         * of several lengths open. */
        uint8_t rec_bytes[1100];
        const uint8_t content[64] = "content under forged padding";
        /* Content and MAC end on a block boundary, so 15 or 255 bytes of
         * padding and the padding_length byte make whole blocks. */
        size_t n0 = (64 - mac_len) % 16 + 16;
        size_t fill = 15;
        size_t m = forge_mte(c, rx.read.seq, content, n0, fill, (uint8_t)fill, (uint8_t)fill, true,
                             rec_bytes);
        CHECK(lt_record_open(&rx, rec_bytes, m, &rec, &err) == LT_RECORD_DONE);
        CHECK(rec.len == n0);
        m = forge_mte(c, rx.read.seq, content, n0, 255, 255, 255, true, rec_bytes);
        CHECK(lt_record_open(&rx, rec_bytes, m, &rec, &err) == LT_RECORD_DONE);
        CHECK(rec.len == n0);
        /* Bad padding bytes, one wrong byte at each place. */
        for (size_t at = 0; at < fill; at++) {
            m = forge_mte(c, rx.read.seq, content, n0, fill, (uint8_t)fill, (uint8_t)fill, true,
                          rec_bytes);
            uint8_t body[1100];
            lt_cbc dec;
            CHECK(lt_cbc_init(&dec, c->alg, false, enc_key, &err));
            CHECK(lt_cbc_run(&dec, rec_bytes + 5, rec_bytes + 21, m - 21, body, &err));
            lt_cbc_free(&dec);
            body[n0 + mac_len + at] ^= 0x80;
            lt_cbc enc;
            CHECK(lt_cbc_init(&enc, c->alg, true, enc_key, &err));
            CHECK(lt_cbc_run(&enc, rec_bytes + 5, body, m - 21, rec_bytes + 21, &err));
            lt_cbc_free(&enc);
            if (!opens_bad_mac(&rx, rec_bytes, m))
                check_fail(__FILE__, __LINE__, "bad padding byte was not bad_record_mac");
        }
        /* Good padding, bad MAC. */
        m = forge_mte(c, rx.read.seq, content, n0, fill, (uint8_t)fill, (uint8_t)fill, false,
                      rec_bytes);
        CHECK(opens_bad_mac(&rx, rec_bytes, m));
        /* A padding_length longer than the record, or eating into the MAC. */
        m = forge_mte(c, rx.read.seq, content, n0, fill, 0xff, 0xff, true, rec_bytes);
        CHECK(opens_bad_mac(&rx, rec_bytes, m));
        uint8_t eat = (uint8_t)(fill + 1);
        m = forge_mte(c, rx.read.seq, content, n0, fill, eat, eat, true, rec_bytes);
        CHECK(opens_bad_mac(&rx, rec_bytes, m));
    }
    CHECK(!lt_error_is_set(&err));
    lt_record_free(&tx);
    lt_record_free(&rx);
}

int main(void)
{
    for (size_t i = 0; i < sizeof(enc_key); i++)
        enc_key[i] = (uint8_t)(0x10 + i);
    for (size_t i = 0; i < sizeof(mac_key); i++)
        mac_key[i] = (uint8_t)(0x80 + i);
    test_hmac_secret_len();
    for (size_t i = 0; i < CASE_COUNT; i++) {
        for (int etm = 0; etm < 2; etm++) {
            test_layout(&cases[i], etm);
            test_round_trip(&cases[i], etm);
            test_tampering(&cases[i], etm);
        }
    }
    return check_finish("record_cbc");
}
