/*
 * The record layer under TLS 1.3 protection (record13.c), keyed from a
 * fixed traffic secret (record_keys.h): the input is [options][bytes from
 * the peer]. The options byte picks the AEAD (bits 4-5), the read
 * options (bits 0-2), padding for the round trip (bit 3) and whether
 * records are opened into a caller's buffer (bit 6), one that holds a
 * whole record or a smaller one (bit 7).
 * Seeds are records sealed under the same secret, padded and not, so
 * mutations start from records that authenticate. Every record is held
 * to the layer's promises (harness.c); then the peer's bytes themselves,
 * sealed as application data by a writer under the same secret, must
 * open to the same bytes.
 */
#include "harness.h"
#include "record_keys.h"
#include "tls/record13.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Seals the input as application data and opens it again. */
static void round_trip(lt_aead_alg alg, size_t pad, const uint8_t *data, size_t size)
{
    lt_hash_alg hash = fuzz_record13_hash(alg);
    lt_record_layer tx, rx;
    lt_record_init(&tx);
    lt_record_init(&rx);
    tx.pad_multiple = pad;
    lt_error err;
    lt_error_clear(&err);
    FUZZ_CHECK(lt_record_set_tls13(&tx, LT_RECORD_WRITE, hash, alg, FUZZ_RECORD13_SECRET, &err));
    FUZZ_CHECK(lt_record_set_tls13(&rx, LT_RECORD_READ, hash, alg, FUZZ_RECORD13_SECRET, &err));
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    FUZZ_CHECK(lt_record_seal(&tx, LT_CT_APPLICATION_DATA, data, size, &w, &err));
    FUZZ_CHECK(w.len == lt_record_sealed_len(&tx, size));
    size_t off = 0, got = 0;
    while (off < w.len) {
        lt_record rec;
        lt_record_status st = lt_record_open(&rx, w.data + off, w.len - off, &rec, &err);
        FUZZ_CHECK(st == LT_RECORD_DONE);
        FUZZ_CHECK(rec.type == LT_CT_APPLICATION_DATA);
        FUZZ_CHECK(got + rec.len <= size && memcmp(rec.data, data + got, rec.len) == 0);
        /* Padded to the multiple, but never past 2^14 + 1. */
        size_t inner = rec.consumed - LT_RECORD_HEADER_LEN - LT_AEAD_TAG_LEN;
        FUZZ_CHECK(inner >= rec.len + 1 && inner <= LT_RECORD13_MAX_INNER);
        FUZZ_CHECK(pad <= 1 || inner % pad == 0 || inner == LT_RECORD13_MAX_INNER);
        got += rec.len;
        off += rec.consumed;
    }
    FUZZ_CHECK(got == size);
    lt_writer_free(&w);
    lt_record_free(&tx);
    lt_record_free(&rx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    lt_aead_alg alg = fuzz_record_alg(data[0]);
    lt_record_layer rl;
    lt_record_init(&rl);
    fuzz_record_options(&rl, data[0]);
    lt_error err;
    lt_error_clear(&err);
    FUZZ_CHECK(lt_record_set_tls13(&rl, LT_RECORD_READ, fuzz_record13_hash(alg), alg,
                                   FUZZ_RECORD13_SECRET, &err));
    fuzz_open_records(&rl, NULL, data + 1, size - 1, fuzz_record_dst_cap(data[0]));
    lt_record_free(&rl);
    if (size - 1 <= 3 * LT_RECORD_MAX_PLAINTEXT)
        round_trip(alg, (data[0] & 0x08) != 0 ? 1 + data[size - 1] : 0, data + 1, size - 1);
    return 0;
}
