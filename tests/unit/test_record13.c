/*
 * TLS 1.3 record protection (src/tls/record13.c) and the record layer's
 * TLS 1.3 rules (record.c). RFC 8448 section 3's protected records are
 * opened and sealed again byte for byte under keys derived from its
 * traffic secrets; records built by hand with lt_aead_seal (a nonce and
 * additional data laid out here, RFC 8446 5.2-5.3) check each refusal:
 * all-zero inner plaintext, too long an inner plaintext or ciphertext,
 * a protected ChangeCipherSpec, a clear record other than
 * ChangeCipherSpec, a bad tag. Then padding, KeyUpdate and the limits of
 * RFC 8446 5.5.
 */
#include "base/mem.h"
#include "check.h"
#include "rfc8448_record.h"
#include "tls/conn.h"
#include "tls/keysched13.h"
#include "tls/record13.h"
#include "tls/suites13.h"

#include <stdlib.h>
#include <string.h>

static const lt_hash_alg H = LT_HASH_SHA256;
static rfc8448_file s3;
static lt_error err;

static lt_record_status open_all(lt_record_layer *rl, uint8_t *in, size_t len, lt_record *rec)
{
    lt_error_clear(&err);
    return lt_record_open(rl, in, len, rec, &err);
}

/* An RFC 8448 section 3 record, opened and sealed again (rfc8448_record.h). */
static void check_rfc_record(const char *record_name, const char *secret_name, uint64_t seq,
                             uint8_t want_type, const uint8_t *want, size_t want_len)
{
    rfc8448_check_record(&s3, record_name, secret_name, seq, want_type, want, want_len);
}

static void test_rfc8448_records(void)
{
    size_t fin_len;
    const uint8_t *fin = rfc8448_get(&s3, "client_finished", &fin_len);
    check_rfc_record("client_finished_record", "c_hs_traffic", 0, LT_CT_HANDSHAKE, fin, fin_len);

    uint8_t payload[50];
    for (size_t i = 0; i < sizeof(payload); i++)
        payload[i] = (uint8_t)i;
    check_rfc_record("client_app_record", "c_ap_traffic", 0, LT_CT_APPLICATION_DATA, payload, 50);
    check_rfc_record("server_app_record", "s_ap_traffic", 1, LT_CT_APPLICATION_DATA, payload, 50);

    static const uint8_t close_notify[2] = {1, 0};
    check_rfc_record("client_alert_record", "c_ap_traffic", 1, LT_CT_ALERT, close_notify, 2);
    check_rfc_record("server_alert_record", "s_ap_traffic", 2, LT_CT_ALERT, close_notify, 2);

    /* At the wrong sequence number the nonce differs: bad_record_mac. */
    size_t rec_len;
    uint8_t buf[128];
    const uint8_t *wire = rfc8448_get(&s3, "server_app_record", &rec_len);
    memcpy(buf, wire, rec_len);
    lt_record_layer rl;
    lt_record_init(&rl);
    CHECK(lt_record_set_tls13(&rl, LT_RECORD_READ, H, LT_AEAD_AES_128_GCM,
                              rfc8448_get(&s3, "s_ap_traffic", NULL), &err));
    lt_record rec;
    CHECK(open_all(&rl, buf, rec_len, &rec) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_BAD_RECORD_MAC);
    lt_record_free(&rl);
}

/* A reader under the client's application secret of RFC 8448, and the
 * key and IV behind it, to build records by hand. */
typedef struct hand {
    lt_record_layer rl;
    lt_aead aead;
    uint8_t iv[LT_AEAD_NONCE_LEN];
} hand;

static void hand_init(hand *h)
{
    const uint8_t *secret = rfc8448_get(&s3, "c_ap_traffic", NULL);
    uint8_t key[16];
    lt_error_clear(&err);
    lt_record_init(&h->rl);
    CHECK(lt_record_set_tls13(&h->rl, LT_RECORD_READ, H, LT_AEAD_AES_128_GCM, secret, &err));
    CHECK(lt_tls13_traffic_keys(H, LT_AEAD_AES_128_GCM, secret, key, h->iv, &err));
    CHECK(lt_aead_init(&h->aead, LT_AEAD_AES_128_GCM, key, &err));
}

static void hand_free(hand *h)
{
    lt_aead_free(&h->aead);
    lt_record_free(&h->rl);
}

/* Writes header || AEAD(inner) at seq into out, with outer type `outer`;
 * returns the record's length. Nonce and additional data per RFC 8446
 * 5.2-5.3, laid out by hand. */
static size_t hand_seal(hand *h, uint64_t seq, uint8_t outer, const uint8_t *inner, size_t len,
                        uint8_t *out)
{
    size_t frag = len + LT_AEAD_TAG_LEN;
    uint8_t nonce[12];
    memcpy(nonce, h->iv, 12);
    for (int i = 0; i < 8; i++)
        nonce[11 - i] ^= (uint8_t)(seq >> (8 * i));
    out[0] = outer;
    out[1] = 0x03;
    out[2] = 0x03;
    out[3] = (uint8_t)(frag >> 8);
    out[4] = (uint8_t)frag;
    /* The additional data is the header: type 23 for every protected record. */
    uint8_t aad[5] = {23, 0x03, 0x03, out[3], out[4]};
    CHECK(lt_aead_seal(&h->aead, nonce, aad, 5, inner, len, out + 5, &err));
    return 5 + frag;
}

static uint8_t big_in[5 + 16384 + 400], big_out[5 + 16384 + 400];

static void expect_refusal(hand *h, uint8_t *rec_bytes, size_t len, latch_err code,
                           const char *phrase)
{
    lt_record rec;
    CHECK(open_all(&h->rl, rec_bytes, len, &rec) == LT_RECORD_ERROR);
    CHECK(err.code == code);
    if (strstr(err.message, phrase) == NULL) {
        fprintf(stderr, "sentence \"%s\" lacks \"%s\"\n", err.message, phrase);
        CHECK(!"the error names the cause");
    }
}

static void test_inner_plaintext(void)
{
    hand h;
    hand_init(&h);
    lt_record rec;

    /* Content, type, then padding: the type is the last non-zero byte. */
    uint8_t inner[40] = {'h', 'i', 0, 'x', LT_CT_HANDSHAKE}; /* then 35 zeros */
    size_t n = hand_seal(&h, 0, 23, inner, sizeof(inner), big_in);
    CHECK(open_all(&h.rl, big_in, n, &rec) == LT_RECORD_DONE);
    CHECK(rec.type == LT_CT_HANDSHAKE && rec.len == 4 && memcmp(rec.data, "hi\0x", 4) == 0);

    /* Only application data may be empty. */
    uint8_t empty_app[3] = {LT_CT_APPLICATION_DATA, 0, 0};
    n = hand_seal(&h, 1, 23, empty_app, sizeof(empty_app), big_in);
    CHECK(open_all(&h.rl, big_in, n, &rec) == LT_RECORD_DONE);
    CHECK(rec.type == LT_CT_APPLICATION_DATA && rec.len == 0);

    /* RFC 8446 5.4: no non-zero byte at all. */
    uint8_t zeros[17] = {0};
    n = hand_seal(&h, 2, 23, zeros, sizeof(zeros), big_in);
    expect_refusal(&h, big_in, n, LATCH_ERR_UNEXPECTED_MESSAGE, "all zeros");
    hand_free(&h);

    /* An empty inner plaintext (just the tag) is all zeros too. */
    hand_init(&h);
    n = hand_seal(&h, 0, 23, zeros, 0, big_in);
    expect_refusal(&h, big_in, n, LATCH_ERR_UNEXPECTED_MESSAGE, "all zeros");
    hand_free(&h);

    /* RFC 8446 5: a protected ChangeCipherSpec; an unknown type. */
    hand_init(&h);
    uint8_t ccs[2] = {1, LT_CT_CHANGE_CIPHER_SPEC};
    n = hand_seal(&h, 0, 23, ccs, sizeof(ccs), big_in);
    expect_refusal(&h, big_in, n, LATCH_ERR_UNEXPECTED_MESSAGE, "change_cipher_spec");
    hand_free(&h);
    hand_init(&h);
    uint8_t odd[2] = {1, 0x42};
    n = hand_seal(&h, 0, 23, odd, sizeof(odd), big_in);
    expect_refusal(&h, big_in, n, LATCH_ERR_UNEXPECTED_MESSAGE, "content type 66");
    hand_free(&h);
}

static void test_lengths(void)
{
    hand h;
    lt_record rec;
    static uint8_t inner[16384 + 2];

    /* The longest inner plaintext, 2^14 + 1 bytes (content and type), opens. */
    hand_init(&h);
    memset(inner, 'a', sizeof(inner));
    inner[16384] = LT_CT_APPLICATION_DATA;
    size_t n = hand_seal(&h, 0, 23, inner, 16385, big_in);
    CHECK(open_all(&h.rl, big_in, n, &rec) == LT_RECORD_DONE);
    CHECK(rec.len == 16384);
    hand_free(&h);

    /* Padding that takes it to 2^14 + 2 is record_overflow (RFC 8446
     * 5.4), found from the header, before any byte is decrypted. */
    hand_init(&h);
    inner[16385] = 0;
    n = hand_seal(&h, 0, 23, inner, 16386, big_in);
    CHECK(n == 5 + 16384 + 18);
    expect_refusal(&h, big_in, 5, LATCH_ERR_RECORD_OVERFLOW, "16401-byte ciphertext limit");
    /* So is a header announcing 2^14 + 256 bytes (RFC 8446 5.2's bound). */
    big_in[3] = (uint8_t)((16384 + 256) >> 8);
    big_in[4] = (uint8_t)(16384 + 256);
    expect_refusal(&h, big_in, 5, LATCH_ERR_RECORD_OVERFLOW, "16401-byte ciphertext limit");
    /* A lower fragment limit (record_size_limit) lowers it alike. */
    h.rl.read_max_plaintext = 1000;
    big_in[3] = (uint8_t)(1018 >> 8);
    big_in[4] = (uint8_t)1018;
    expect_refusal(&h, big_in, 5, LATCH_ERR_RECORD_OVERFLOW, "1017-byte ciphertext limit");
    hand_free(&h);

    /* Shorter than a tag, and a flipped tag bit: bad_record_mac. */
    hand_init(&h);
    uint8_t tiny[5 + 15] = {23, 3, 3, 0, 15};
    expect_refusal(&h, tiny, sizeof(tiny), LATCH_ERR_BAD_RECORD_MAC, "shorter than its");
    uint8_t msg[3] = {'o', 'k', LT_CT_APPLICATION_DATA};
    n = hand_seal(&h, 0, 23, msg, sizeof(msg), big_in);
    big_in[n - 1] ^= 0x01;
    expect_refusal(&h, big_in, n, LATCH_ERR_BAD_RECORD_MAC, "failed authentication");
    hand_free(&h);
}

static void test_outer_type(void)
{
    hand h;
    lt_record rec;
    hand_init(&h);
    /* A protected record must say application_data outside. */
    uint8_t msg[3] = {'o', 'k', LT_CT_APPLICATION_DATA};
    size_t n = hand_seal(&h, 0, LT_CT_HANDSHAKE, msg, sizeof(msg), big_in);
    expect_refusal(&h, big_in, n, LATCH_ERR_UNEXPECTED_MESSAGE, "in the clear");
    hand_free(&h);

    hand_init(&h);
    uint8_t clear_alert[] = {LT_CT_ALERT, 3, 3, 0, 2, 2, 40};
    expect_refusal(&h, clear_alert, sizeof(clear_alert), LATCH_ERR_UNEXPECTED_MESSAGE,
                   "alert record arrived in the clear");
    hand_free(&h);

    /* RFC 8446 5: an unprotected ChangeCipherSpec passes while the
     * handshake decides; it takes no sequence number, so the next
     * protected record still opens at 0. */
    hand_init(&h);
    uint8_t ccs[] = {LT_CT_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1};
    CHECK(open_all(&h.rl, ccs, sizeof(ccs), &rec) == LT_RECORD_DONE);
    CHECK(rec.type == LT_CT_CHANGE_CIPHER_SPEC && rec.len == 1 && rec.consumed == 6);
    CHECK(lt_record_check_ccs(&rec, &err));
    CHECK(h.rl.read.seq == 0);
    n = hand_seal(&h, 0, 23, msg, sizeof(msg), big_in);
    CHECK(open_all(&h.rl, big_in, n, &rec) == LT_RECORD_DONE);
    CHECK(rec.type == LT_CT_APPLICATION_DATA && rec.len == 2);
    /* A ChangeCipherSpec of another body is passed up, and refused there. */
    uint8_t bad_ccs[] = {LT_CT_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 2};
    CHECK(open_all(&h.rl, bad_ccs, sizeof(bad_ccs), &rec) == LT_RECORD_DONE);
    CHECK(!lt_record_check_ccs(&rec, &err) && err.code == LATCH_ERR_UNEXPECTED_MESSAGE);
    hand_free(&h);
}

/* Opening straight into the caller's buffer: application data lands
 * there, anything else stays out of it. */
static void test_open_into(void)
{
    hand h;
    lt_record rec;
    uint8_t dst[64];
    hand_init(&h);
    uint8_t app[4] = {'a', 'b', 'c', LT_CT_APPLICATION_DATA};
    size_t n = hand_seal(&h, 0, 23, app, sizeof(app), big_in);
    lt_error_clear(&err);
    CHECK(lt_record_open_into(&h.rl, big_in, n, dst, sizeof(dst), &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.data == dst && rec.len == 3 && memcmp(dst, "abc", 3) == 0);

    memset(dst, 0, sizeof(dst));
    uint8_t hs[5] = {'s', 'e', 'c', 'r', LT_CT_HANDSHAKE};
    n = hand_seal(&h, 1, 23, hs, sizeof(hs), big_in);
    CHECK(lt_record_open_into(&h.rl, big_in, n, dst, sizeof(dst), &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.type == LT_CT_HANDSHAKE && rec.data != dst && rec.len == 4);
    CHECK(memcmp(rec.data, "secr", 4) == 0);
    static const uint8_t zeros[64];
    CHECK_MEM(dst, zeros, sizeof(dst));
    hand_free(&h);
}

/* A writer and a reader of one secret, for round trips. */
static void pair(lt_record_layer *tx, lt_record_layer *rx, lt_aead_alg alg, size_t pad)
{
    const uint8_t *secret = rfc8448_get(&s3, "s_ap_traffic", NULL);
    lt_record_init(tx);
    lt_record_init(rx);
    tx->pad_multiple = pad;
    lt_error_clear(&err);
    CHECK(lt_record_set_tls13(tx, LT_RECORD_WRITE, H, alg, secret, &err));
    CHECK(lt_record_set_tls13(rx, LT_RECORD_READ, H, alg, secret, &err));
}

static bool round_trip(lt_record_layer *tx, lt_record_layer *rx, const uint8_t *data, size_t len,
                       size_t *wire_len)
{
    lt_writer w;
    lt_writer_init_fixed(&w, big_out, sizeof(big_out));
    lt_error_clear(&err);
    if (!lt_record_seal(tx, LT_CT_APPLICATION_DATA, data, len, &w, &err))
        return false;
    *wire_len = w.len;
    CHECK(w.len == lt_record_sealed_len(tx, len));
    CHECK(big_out[0] == LT_CT_APPLICATION_DATA && big_out[1] == 3 && big_out[2] == 3);
    lt_record rec;
    if (open_all(rx, big_out, w.len, &rec) != LT_RECORD_DONE)
        return false;
    return rec.type == LT_CT_APPLICATION_DATA && rec.len == len &&
           (len == 0 || memcmp(rec.data, data, len) == 0);
}

static void test_padding(void)
{
    static uint8_t data[16384];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 7 + 1);
    lt_record_layer tx, rx;
    size_t wire;
    static const lt_aead_alg algs[] = {LT_AEAD_AES_128_GCM, LT_AEAD_AES_256_GCM,
                                       LT_AEAD_CHACHA20_POLY1305};
    for (size_t a = 0; a < 3; a++) {
        /* No padding: content + type + tag. */
        pair(&tx, &rx, algs[a], 0);
        CHECK(round_trip(&tx, &rx, data, 10, &wire) && wire == 5 + 10 + 1 + 16);
        lt_record_free(&tx);
        lt_record_free(&rx);

        /* Padded to multiples of 64: the inner plaintext is 64 or 128. */
        pair(&tx, &rx, algs[a], 64);
        CHECK(round_trip(&tx, &rx, data, 10, &wire) && wire == 5 + 64 + 16);
        CHECK(round_trip(&tx, &rx, data, 63, &wire) && wire == 5 + 64 + 16);
        CHECK(round_trip(&tx, &rx, data, 64, &wire) && wire == 5 + 128 + 16);
        /* A full record cannot grow past 2^14 + 1. */
        CHECK(round_trip(&tx, &rx, data, 16384, &wire) && wire == 5 + 16385 + 16);
        CHECK(round_trip(&tx, &rx, data, 16380, &wire) && wire == 5 + 16384 + 16);
        lt_record_free(&tx);
        lt_record_free(&rx);
    }
}

static void test_key_update(void)
{
    lt_record_layer tx, rx;
    size_t wire;
    const uint8_t msg[] = "after the update";
    pair(&tx, &rx, LT_AEAD_AES_128_GCM, 0);
    CHECK(round_trip(&tx, &rx, msg, sizeof(msg), &wire));
    CHECK(tx.write.seq == 1 && rx.read.seq == 1);

    /* The writer moves to the next secret; the reader has not: its tag check fails. */
    CHECK(lt_record_tls13_update(&tx, LT_RECORD_WRITE, &err));
    CHECK(tx.write.seq == 0);
    uint8_t next[32];
    memcpy(next, rfc8448_get(&s3, "s_ap_traffic", NULL), 32);
    CHECK(lt_tls13_next_traffic_secret(H, next, &err));
    CHECK_MEM(tx.write.u.tls13.secret, next, 32);
    CHECK(!round_trip(&tx, &rx, msg, sizeof(msg), &wire) && err.code == LATCH_ERR_BAD_RECORD_MAC);
    lt_record_free(&tx);
    lt_record_free(&rx);

    /* Both move: records flow again, from sequence number 0. */
    pair(&tx, &rx, LT_AEAD_CHACHA20_POLY1305, 0);
    CHECK(round_trip(&tx, &rx, msg, sizeof(msg), &wire));
    CHECK(lt_record_tls13_update(&tx, LT_RECORD_WRITE, &err));
    CHECK(lt_record_tls13_update(&rx, LT_RECORD_READ, &err));
    CHECK(round_trip(&tx, &rx, msg, sizeof(msg), &wire));
    CHECK(tx.write.seq == 1 && rx.read.seq == 1);
    lt_record_free(&tx);
    lt_record_free(&rx);

    /* No KeyUpdate without TLS 1.3 protection. */
    lt_record_layer plain;
    lt_record_init(&plain);
    lt_error_clear(&err);
    CHECK(!lt_record_tls13_update(&plain, LT_RECORD_WRITE, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL && strstr(err.message, "write side") != NULL);
    CHECK(!lt_record_is_tls13(&plain, LT_RECORD_READ));
}

static void test_limits(void)
{
    lt_record_layer tx, rx;
    size_t wire;
    const uint8_t msg[] = "x";
    pair(&tx, &rx, LT_AEAD_AES_128_GCM, 0);
    CHECK(lt_record_is_tls13(&tx, LT_RECORD_WRITE) && lt_record_is_tls13(&rx, LT_RECORD_READ));
    CHECK(!lt_record_needs_key_update(&tx, LT_RECORD_WRITE));
    /* RFC 8446 5.5: AES-GCM asks for a new key at 2^24 records... */
    tx.write.seq = rx.read.seq = LT_RECORD13_GCM_UPDATE_AT - 1;
    CHECK(!lt_record_needs_key_update(&tx, LT_RECORD_WRITE));
    CHECK(round_trip(&tx, &rx, msg, 1, &wire));
    CHECK(lt_record_needs_key_update(&tx, LT_RECORD_WRITE));
    CHECK(lt_record_needs_key_update(&rx, LT_RECORD_READ));
    CHECK(!lt_record_needs_key_update(&tx, LT_RECORD_READ)); /* not under 1.3 */
    /* ...and refuses to seal past 2^24.5, leaving the output as it was. */
    tx.write.seq = LT_RECORD13_GCM_LIMIT - 1;
    rx.read.seq = LT_RECORD13_GCM_LIMIT - 1;
    CHECK(round_trip(&tx, &rx, msg, 1, &wire));
    lt_writer w;
    lt_writer_init_fixed(&w, big_out, sizeof(big_out));
    lt_error_clear(&err);
    CHECK(!lt_record_seal(&tx, LT_CT_APPLICATION_DATA, msg, 1, &w, &err));
    CHECK(w.len == 0 && tx.write.seq == LT_RECORD13_GCM_LIMIT);
    CHECK(strstr(err.message, "KeyUpdate") != NULL);
    /* After a KeyUpdate the count starts again. */
    CHECK(lt_record_tls13_update(&tx, LT_RECORD_WRITE, &err));
    CHECK(!lt_record_needs_key_update(&tx, LT_RECORD_WRITE));
    lt_record_free(&tx);
    lt_record_free(&rx);

    /* ChaCha20-Poly1305 never asks: its limit is past the sequence number's. */
    pair(&tx, &rx, LT_AEAD_CHACHA20_POLY1305, 0);
    tx.write.seq = (uint64_t)1 << 40;
    CHECK(!lt_record_needs_key_update(&tx, LT_RECORD_WRITE));
    /* The sequence number never wraps. */
    tx.write.seq = UINT64_MAX;
    lt_writer_init_fixed(&w, big_out, sizeof(big_out));
    lt_error_clear(&err);
    CHECK(!lt_record_seal(&tx, LT_CT_APPLICATION_DATA, msg, 1, &w, &err));
    CHECK(w.len == 0 && tx.write.seq == UINT64_MAX);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

/* A connection sizes its input buffer by the suite's expansion: for
 * each TLS 1.3 suite it must hold the largest record a peer may send. */
static void test_suite_expansion(void)
{
    for (size_t i = 0; i < LT_SUITE13_COUNT; i++) {
        const lt_suite *suite = lt_suite13_at(i);
        lt_record_layer tx, rx;
        pair(&tx, &rx, suite->aead_alg, 4096);
        static uint8_t full[16384];
        size_t wire;
        CHECK(round_trip(&tx, &rx, full, sizeof(full), &wire));
        CHECK(wire ==
              LT_RECORD_HEADER_LEN + LT_RECORD_MAX_PLAINTEXT + lt_record_suite_expansion(suite));
        lt_record_free(&tx);
        lt_record_free(&rx);
    }
}

/* The config's padding reaches each connection's record layer. */
static void test_config_padding(void)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_set_record_padding(cfg, 16385) == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), "from 0 (none) to 16384") != NULL);
    CHECK(latch_config_set_record_padding(cfg, 256) == LATCH_OK);
    latch_conn *c = latch_conn_new(cfg, "example.com");
    CHECK(c != NULL && c->rl.pad_multiple == 256);
    latch_conn_free(c);
    latch_config_free(cfg);

    cfg = latch_config_new(LATCH_SERVER);
    c = latch_conn_new(cfg, NULL);
    CHECK(c != NULL && c->rl.pad_multiple == 0);
    latch_conn_free(c);
    latch_config_free(cfg);
}

int main(void)
{
    rfc8448_load(&s3, "section3.txt");
    test_rfc8448_records();
    test_inner_plaintext();
    test_lengths();
    test_outer_type();
    test_open_into();
    test_padding();
    test_key_update();
    test_limits();
    test_suite_expansion();
    test_config_padding();
    rfc8448_free(&s3);
    return check_finish("record13");
}
