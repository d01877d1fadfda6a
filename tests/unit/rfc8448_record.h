/*
 * One RFC 8448 protected record, opened and sealed again with latch's
 * record layer (src/tls/record.c, record13.c) under the traffic secret the
 * RFC prints, at the sequence number the trace had reached. Shared by
 * test_record13.c (section 3) and test_rfc8448_auth.c (section 6).
 */
#ifndef LATCH_TEST_RFC8448_RECORD_H
#define LATCH_TEST_RFC8448_RECORD_H

#include "rfc8448_vectors.h"
#include "tls/record.h"
#include "tls/record13.h"

/* Opens the named record of f under the named secret (AES-128-GCM,
 * SHA-256) at seq: the inner type must be want_type and the plaintext
 * want. Then seals want again at seq: the bytes must be the record's. */
static inline void rfc8448_check_record(const rfc8448_file *f, const char *record_name,
                                        const char *secret_name, uint64_t seq, uint8_t want_type,
                                        const uint8_t *want, size_t want_len)
{
    size_t rec_len;
    const uint8_t *wire = rfc8448_get(f, record_name, &rec_len);
    const uint8_t *secret = rfc8448_get(f, secret_name, NULL);
    uint8_t *buf = malloc(rec_len);
    uint8_t *out = malloc(rec_len);
    if (buf == NULL || out == NULL)
        abort();
    memcpy(buf, wire, rec_len);

    lt_error err;
    lt_error_clear(&err);
    lt_record_layer rl;
    lt_record_init(&rl);
    CHECK(lt_record_set_tls13(&rl, LT_RECORD_READ, LT_HASH_SHA256, LT_AEAD_AES_128_GCM, secret,
                              &err));
    CHECK(lt_record_set_tls13(&rl, LT_RECORD_WRITE, LT_HASH_SHA256, LT_AEAD_AES_128_GCM, secret,
                              &err));
    rl.read.seq = rl.write.seq = seq;
    lt_record rec;
    CHECK(lt_record_open(&rl, buf, rec_len, &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.type == want_type);
    CHECK(rec.len == want_len && memcmp(rec.data, want, want_len) == 0);
    CHECK(rec.consumed == rec_len);
    CHECK(rl.read.seq == seq + 1);

    lt_writer w;
    lt_writer_init_fixed(&w, out, rec_len);
    CHECK(lt_record_sealed_len(&rl, want_len) == rec_len);
    CHECK(lt_record_seal(&rl, (lt_content_type)want_type, want, want_len, &w, &err));
    CHECK(w.len == rec_len);
    CHECK_MEM(out, wire, rec_len);
    if (lt_error_is_set(&err))
        fprintf(stderr, "%s: %s\n", record_name, err.message);
    CHECK(!lt_error_is_set(&err));
    lt_record_free(&rl);
    free(buf);
    free(out);
}

#endif
