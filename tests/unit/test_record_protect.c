/* Record protection: AES-GCM (RFC 5288) and ChaCha20-Poly1305 (RFC 7905)
 * records checked against a layout written out by hand, round trips,
 * sequence numbers, and tampering. */
#include "tls/record.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct suite {
    const char *name;
    lt_aead_alg alg;
    size_t iv_len;
    size_t overhead; /* explicit nonce + tag */
    uint16_t code;   /* a cipher suite with this protection */
} suite;

static const suite suites[] = {
    {"AES-128-GCM", LT_AEAD_AES_128_GCM, 4, 24, 0xc02b},
    {"AES-256-GCM", LT_AEAD_AES_256_GCM, 4, 24, 0xc02c},
    {"ChaCha20-Poly1305", LT_AEAD_CHACHA20_POLY1305, 12, 16, 0xcca9},
};

static const uint8_t key[32] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
                                0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
                                0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
static const uint8_t iv[12] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
                               0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab};

/* A writer and a reader keyed alike. */
static void keyed_pair(const suite *s, lt_record_layer *tx, lt_record_layer *rx)
{
    lt_error err;
    lt_error_clear(&err);
    lt_record_init(tx);
    lt_record_init(rx);
    CHECK(lt_record_set_aead(tx, LT_RECORD_WRITE, s->alg, key, iv, s->iv_len, &err));
    CHECK(lt_record_set_aead(rx, LT_RECORD_READ, s->alg, key, iv, s->iv_len, &err));
    CHECK(!lt_error_is_set(&err));
}

/* The expected record, from lt_aead_seal and a nonce and AAD laid out by
 * hand: AES-128-GCM, sequence number 0x0102030405060708, type 23,
 * plaintext "hello". */
static void test_gcm_known_answer(void)
{
    const uint8_t plain[] = "hello";
    const size_t n = 5;
    /* RFC 5288 3: nonce = salt(4) || explicit(8), explicit = seq. */
    uint8_t nonce[12], aad[13], expect[5 + 8 + 5 + 16];
    check_hex("a0a1a2a3 0102030405060708", nonce, sizeof(nonce));
    /* RFC 5246 6.2.3.3: seq(8) type(1) version(2) length(2). */
    check_hex("0102030405060708 17 0303 0005", aad, sizeof(aad));
    check_hex("17 0303 001d 0102030405060708", expect, 13);
    lt_aead a;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_aead_init(&a, LT_AEAD_AES_128_GCM, key, &err));
    CHECK(lt_aead_seal(&a, nonce, aad, sizeof(aad), plain, n, expect + 13, &err));
    lt_aead_free(&a);

    lt_record_layer tx, rx;
    keyed_pair(&suites[0], &tx, &rx);
    tx.write.seq = 0x0102030405060708ULL;
    rx.read.seq = 0x0102030405060708ULL;
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, plain, n, &w, &err));
    CHECK(w.len == sizeof(expect));
    CHECK_MEM(w.data, expect, sizeof(expect));

    lt_record rec;
    CHECK(lt_record_open(&rx, w.data, w.len, &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.len == n && rec.data == w.data + 13);
    CHECK_MEM(rec.data, plain, n);
    CHECK(!lt_error_is_set(&err));
    lt_writer_free(&w);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

/* ChaCha20-Poly1305: same inputs, RFC 7905 2 nonce = iv XOR (0^4 || seq),
 * no explicit nonce on the wire. */
static void test_chacha_known_answer(void)
{
    const uint8_t plain[] = "hello";
    const size_t n = 5;
    uint8_t nonce[12], aad[13], expect[5 + 5 + 16];
    /* a4^01 a5^02 a6^03 a7^04 a8^05 a9^06 aa^07 ab^08 */
    check_hex("a0a1a2a3 a5a7a5a3 adafada3", nonce, sizeof(nonce));
    check_hex("0102030405060708 16 0303 0005", aad, sizeof(aad));
    check_hex("16 0303 0015", expect, 5);
    lt_aead a;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_aead_init(&a, LT_AEAD_CHACHA20_POLY1305, key, &err));
    CHECK(lt_aead_seal(&a, nonce, aad, sizeof(aad), plain, n, expect + 5, &err));
    lt_aead_free(&a);

    lt_record_layer tx, rx;
    keyed_pair(&suites[2], &tx, &rx);
    tx.write.seq = 0x0102030405060708ULL;
    rx.read.seq = 0x0102030405060708ULL;
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    CHECK(lt_record_seal(&tx, LT_CT_HANDSHAKE, plain, n, &w, &err));
    CHECK(w.len == sizeof(expect));
    CHECK_MEM(w.data, expect, sizeof(expect));
    lt_record rec;
    CHECK(lt_record_open(&rx, w.data, w.len, &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.type == LT_CT_HANDSHAKE && rec.len == n && rec.data == w.data + 5);
    CHECK_MEM(rec.data, plain, n);
    CHECK(!lt_error_is_set(&err));
    lt_writer_free(&w);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

static void test_round_trip(const suite *s)
{
    lt_record_layer tx, rx;
    keyed_pair(s, &tx, &rx);
    uint8_t *data = malloc(LT_RECORD_MAX_PLAINTEXT + 1);
    for (size_t i = 0; i <= LT_RECORD_MAX_PLAINTEXT; i++)
        data[i] = (uint8_t)(i ^ 0x5a);
    const size_t lens[] = {1, 100, LT_RECORD_MAX_PLAINTEXT};
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_error err;
    lt_error_clear(&err);
    for (size_t i = 0; i < 3; i++)
        CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, data, lens[i], &w, &err));
    CHECK(tx.write.seq == 3);
    CHECK(w.len == 3 * (5 + s->overhead) + 1 + 100 + LT_RECORD_MAX_PLAINTEXT);
    CHECK(w.len - 2 * (5 + s->overhead) - 101 <= LT_RECORD_OUT_BUF_LEN);
    if (s->overhead == 24) {
        /* The explicit nonce of the second record is its sequence number. */
        const uint8_t one[8] = {0, 0, 0, 0, 0, 0, 0, 1};
        CHECK_MEM(w.data + (5 + 24 + 1) + 5, one, 8);
    }
    size_t at = 0;
    for (size_t i = 0; i < 3; i++) {
        lt_record rec;
        CHECK(lt_record_open(&rx, w.data + at, w.len - at, &rec, &err) == LT_RECORD_DONE);
        CHECK(rec.len == lens[i]);
        CHECK_MEM(rec.data, data, rec.len);
        at += rec.consumed;
        CHECK(rx.read.seq == i + 1);
    }
    CHECK(at == w.len);
    CHECK(!lt_error_is_set(&err));

    /* A record opened twice (a replay) fails: the sequence number moved on. */
    lt_writer_reset(&w);
    CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, data, 10, &w, &err));
    uint8_t copy[64];
    memcpy(copy, w.data, w.len);
    lt_record rec;
    CHECK(lt_record_open(&rx, w.data, w.len, &rec, &err) == LT_RECORD_DONE);
    CHECK(lt_record_open(&rx, copy, w.len, &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_BAD_RECORD_MAC);

    /* A key change starts the sequence number again at 0. */
    lt_error_clear(&err);
    CHECK(lt_record_set_aead(&tx, LT_RECORD_WRITE, s->alg, key, iv, s->iv_len, &err));
    CHECK(tx.write.seq == 0);
    lt_writer_free(&w);
    free(data);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

static void expect_bad_mac(lt_record_layer *rx, uint8_t *rec_bytes, size_t len, const char *what)
{
    lt_record rec;
    lt_error err;
    lt_error_clear(&err);
    uint64_t seq = rx->read.seq;
    lt_record_status st = lt_record_open(rx, rec_bytes, len, &rec, &err);
    if (st != LT_RECORD_ERROR || err.code != LATCH_ERR_BAD_RECORD_MAC ||
        strstr(err.message, "failed authentication") == NULL)
        check_fail(__FILE__, __LINE__, what);
    CHECK(rx->read.seq == seq);
}

static void test_tampering(const suite *s)
{
    lt_record_layer tx, rx;
    keyed_pair(s, &tx, &rx);
    const uint8_t plain[40] = "a record to tamper with, bit by bit";
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_record_seal(&tx, LT_CT_HANDSHAKE, plain, sizeof(plain), &w, &err));
    size_t len = w.len;
    uint8_t sealed[128], buf[128];
    memcpy(sealed, w.data, len);
    lt_writer_free(&w);

    /* Every bit of explicit nonce, ciphertext and tag. */
    for (size_t i = 5; i < len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            memcpy(buf, sealed, len);
            buf[i] ^= (uint8_t)(1u << bit);
            expect_bad_mac(&rx, buf, len, "flipped body bit");
        }
    }
    /* The header: another valid type, another version (accepted only by a
     * hello-lenient layer, still authenticated), a shorter length. */
    const uint8_t other_types[] = {LT_CT_CHANGE_CIPHER_SPEC, LT_CT_ALERT, LT_CT_APPLICATION_DATA};
    for (size_t i = 0; i < sizeof(other_types); i++) {
        memcpy(buf, sealed, len);
        buf[0] = other_types[i];
        expect_bad_mac(&rx, buf, len, "changed type");
    }
    rx.accept_hello_versions = true;
    memcpy(buf, sealed, len);
    buf[2] ^= 0x02; /* 3.3 -> 3.1 */
    expect_bad_mac(&rx, buf, len, "changed version");
    rx.accept_hello_versions = false;
    memcpy(buf, sealed, len);
    buf[4]--;
    expect_bad_mac(&rx, buf, len - 1, "shortened length");

    /* Fragments shorter than explicit nonce + tag, down to empty. */
    for (size_t n = 0; n < s->overhead; n++) {
        memcpy(buf, sealed, len);
        buf[3] = 0;
        buf[4] = (uint8_t)n;
        expect_bad_mac(&rx, buf, 5 + n, "short fragment");
    }

    /* The untouched record still opens: failures did not move the state. */
    lt_record rec;
    memcpy(buf, sealed, len);
    CHECK(lt_record_open(&rx, buf, len, &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.len == sizeof(plain));
    CHECK_MEM(rec.data, plain, sizeof(plain));
    lt_record_free(&tx);
    lt_record_free(&rx);
}

static void test_limits(const suite *s)
{
    lt_record_layer tx, rx;
    keyed_pair(s, &tx, &rx);
    uint8_t *buf = calloc(1, LT_RECORD_IN_BUF_LEN + 1);
    lt_record rec;
    lt_error err;
    lt_error_clear(&err);

    /* Ciphertext: 2^14 plus the AEAD's expansion is waited for, one more
     * byte could never decrypt to 2^14 and is refused at once. */
    size_t limit = LT_RECORD_MAX_PLAINTEXT + s->overhead;
    CHECK(lt_record_suite_expansion(lt_suite_by_code(s->code)) == s->overhead);
    const uint8_t at_limit[] = {LT_CT_APPLICATION_DATA, 3, 3, (uint8_t)(limit >> 8),
                                (uint8_t)limit};
    memcpy(buf, at_limit, 5);
    CHECK(lt_record_open(&rx, buf, 5, &rec, &err) == LT_RECORD_NEED_MORE);
    CHECK(rec.need == limit);
    CHECK(lt_record_open(&rx, buf, 5 + limit, &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_BAD_RECORD_MAC);
    lt_error_clear(&err);
    buf[4]++;
    CHECK(lt_record_open(&rx, buf, 5, &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_RECORD_OVERFLOW);
    char want[80];
    snprintf(want, sizeof(want), "record of %zu bytes exceeds the %zu-byte ciphertext limit",
             limit + 1, limit);
    CHECK(strcmp(err.message, want) == 0);

    /* A reader limited to 512 bytes: an AEAD record's length gives its
     * plaintext's, so 513 bytes are refused from the header. */
    rx.read_max_plaintext = 512;
    tx.write_max_plaintext = 1024;
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_error_clear(&err);
    CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, buf, 512, &w, &err));
    CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, buf, 513, &w, &err));
    CHECK(lt_record_open(&rx, w.data, w.len, &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.len == 512);
    size_t at = rec.consumed;
    CHECK(lt_record_open(&rx, w.data + at, w.len - at, &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_RECORD_OVERFLOW);
    snprintf(want, sizeof(want), "record of %zu bytes exceeds the %zu-byte ciphertext limit",
             513 + s->overhead, 512 + s->overhead);
    CHECK(strcmp(err.message, want) == 0);
    lt_writer_free(&w);
    free(buf);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

/* Empty application data under protection opens, and is counted. */
static void test_empty_protected(const suite *s)
{
    lt_record_layer tx, rx;
    keyed_pair(s, &tx, &rx);
    uint8_t rec_bytes[64];
    lt_error err;
    lt_error_clear(&err);
    const uint8_t hdr[] = {LT_CT_APPLICATION_DATA, 3, 3, 0, (uint8_t)s->overhead};
    memcpy(rec_bytes, hdr, 5);
    CHECK(tx.write.ops->seal(&tx.write, 0, LT_CT_APPLICATION_DATA, 0x0303, NULL, 0, rec_bytes + 5,
                             &err));
    lt_record rec;
    CHECK(lt_record_open(&rx, rec_bytes, 5 + s->overhead, &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.len == 0 && rx.empty_records == 1);
    CHECK(!lt_error_is_set(&err));
    lt_record_free(&tx);
    lt_record_free(&rx);
}

static void test_sequence_exhausted(void)
{
    lt_record_layer tx, rx;
    keyed_pair(&suites[0], &tx, &rx);
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_error err;
    lt_error_clear(&err);
    const uint8_t data[20] = {0};

    /* Two records needed, one sequence number left: nothing is sent. */
    tx.write_max_plaintext = 10;
    tx.write.seq = UINT64_MAX - 1;
    CHECK(!lt_record_seal(&tx, LT_CT_APPLICATION_DATA, data, 20, &w, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL && w.len == 0 && tx.write.seq == UINT64_MAX - 1);
    CHECK(strstr(err.message, "write sequence number exhausted") != NULL);
    lt_error_clear(&err);
    CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, data, 10, &w, &err));
    CHECK(tx.write.seq == UINT64_MAX);
    CHECK(!lt_record_seal(&tx, LT_CT_APPLICATION_DATA, data, 1, &w, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);

    rx.read.seq = UINT64_MAX - 1;
    lt_record rec;
    lt_error_clear(&err);
    CHECK(lt_record_open(&rx, w.data, w.len, &rec, &err) == LT_RECORD_DONE);
    CHECK(lt_record_open(&rx, w.data, w.len, &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_INTERNAL);
    CHECK(strstr(err.message, "read sequence number exhausted") != NULL);
    lt_writer_free(&w);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

static void test_wrong_iv_length(void)
{
    lt_record_layer rl;
    lt_record_init(&rl);
    lt_error err;
    lt_error_clear(&err);
    CHECK(!lt_record_set_aead(&rl, LT_RECORD_READ, LT_AEAD_AES_128_GCM, key, iv, 12, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
    CHECK(strcmp(err.message, "AES-GCM record protection needs a 4-byte fixed IV, not 12 bytes") ==
          0);
    lt_error_clear(&err);
    CHECK(!lt_record_set_aead(&rl, LT_RECORD_WRITE, LT_AEAD_CHACHA20_POLY1305, key, iv, 4, &err));
    CHECK(strstr(err.message, "ChaCha20-Poly1305") != NULL);
    CHECK(rl.read.seq == 0 && lt_record_sealed_len(&rl, 7) == 12); /* still null */
    lt_record_free(&rl);
}

int main(void)
{
    test_gcm_known_answer();
    test_chacha_known_answer();
    for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        test_round_trip(&suites[i]);
        test_tampering(&suites[i]);
        test_limits(&suites[i]);
        test_empty_protected(&suites[i]);
    }
    test_sequence_exhausted();
    test_wrong_iv_length();
    return check_finish("test_record_protect");
}
