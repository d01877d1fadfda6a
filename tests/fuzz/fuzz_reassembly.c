/*
 * Handshake reassembly: the input is [limit][records], each record a u16
 * length and that many bytes of handshake plaintext (at most a record's
 * worth). After each record every whole message is taken out; the
 * messages must be exactly the bytes fed, in order, cut where their
 * headers say, and a failure can only be a message over the limit.
 */
#include <string.h>

#include "base/reader.h"
#include "harness.h"
#include "tls/hs_reassembly.h"
#include "tls/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_message(const lt_hs_message *m, const lt_writer *fed, size_t taken, size_t max)
{
    FUZZ_CHECK(m->raw_len == LT_HS_HEADER_LEN + m->body_len);
    FUZZ_CHECK(m->raw_len <= fed->len - taken);
    FUZZ_CHECK(memcmp(m->raw, fed->data + taken, m->raw_len) == 0);
    FUZZ_CHECK(m->body == m->raw + LT_HS_HEADER_LEN);
    FUZZ_CHECK(m->type == m->raw[0]);
    FUZZ_CHECK(m->body_len == ((size_t)m->raw[1] << 16 | (size_t)m->raw[2] << 8 | m->raw[3]));
    FUZZ_CHECK(m->body_len <= max);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t limits[] = {0, 16, 1024, 70000};
    lt_reader in = lt_reader_make(data, size);
    uint8_t options;
    if (!lt_read_u8(&in, &options))
        return 0;
    lt_hs_reasm r;
    lt_hs_reasm_init(&r, limits[options & 3]);
    lt_writer fed;
    lt_writer_init_growable(&fed, 0);
    size_t taken = 0;

    uint16_t len;
    while (lt_read_u16(&in, &len)) {
        size_t n = len < lt_reader_left(&in) ? len : lt_reader_left(&in);
        if (n > LT_RECORD_MAX_PLAINTEXT)
            n = LT_RECORD_MAX_PLAINTEXT;
        const uint8_t *record;
        FUZZ_CHECK(lt_read_bytes(&in, n, &record));
        lt_error err;
        lt_error_clear(&err);
        bool ok = lt_hs_reasm_feed(&r, record, n, &err);
        fuzz_check_result(ok, &err);
        if (!ok) {
            FUZZ_CHECK(err.code == LATCH_ERR_DECODE);
            break;
        }
        lt_write_bytes(&fed, record, n);
        lt_hs_message m;
        while (lt_hs_reasm_next(&r, &m)) {
            check_message(&m, &fed, taken, r.max_message);
            taken += m.raw_len;
        }
        FUZZ_CHECK(fed.len - taken < LT_HS_HEADER_LEN + r.max_message);
        FUZZ_CHECK(lt_hs_reasm_empty(&r) == (taken == fed.len));
        ok = lt_hs_reasm_check_key_change(&r, &err);
        FUZZ_CHECK(ok == (taken == fed.len));
    }
    FUZZ_CHECK(lt_writer_ok(&fed));
    lt_writer_free(&fed);
    lt_hs_reasm_free(&r);
    return 0;
}
