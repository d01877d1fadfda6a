/*
 * The TLS 1.3 cases' own seeds (engine_seeds.h), from their recordings:
 *
 * - flight13-case<k>: the plaintext of the peer's encrypted flight,
 *   sealed at cut 2 (engine13.h). It replays the handshake, and each of
 *   EncryptedExtensions, Certificate, CertificateRequest,
 *   CertificateVerify and Finished (a client's Certificate,
 *   CertificateVerify and Finished) is the fuzzer's to change as a
 *   message, not as ciphertext.
 * - cookie-case<k>, for a HelloRetryRequest case: the whole recording,
 *   raw, with a cookie extension added to the hello it belongs in (RFC
 *   8446 4.2.2): the HelloRetryRequest to a client under test, which
 *   must echo it in its second ClientHello; the second ClientHello to a
 *   server under test, which sent no cookie. latch's server keeps its
 *   state instead of sending one, so no recording has a cookie.
 */
#include <stdio.h>

#include "engine13.h"
#include "engine_seeds.h"
#include "tls/config.h"
#include "tls/ext13.h"

static const uint8_t cookie[] = "a cookie of the fuzz seeds";

/* Appends the record at r (one ClientHello or ServerHello in a
 * handshake record) with a cookie first among its extensions. */
static void add_cookie(lt_reader *r, lt_writer *out)
{
    uint8_t type, hs_type, sid_len, comp_len = 1;
    uint16_t version, rec_len, legacy, suites_len = 2;
    uint32_t hs_len;
    const uint8_t *body, *skip;
    FUZZ_CHECK(lt_read_u8(r, &type) && type == LT_CT_HANDSHAKE && lt_read_u16(r, &version) &&
               lt_read_u16(r, &rec_len) && lt_read_u8(r, &hs_type) && lt_read_u24(r, &hs_len) &&
               hs_len + LT_HS_HEADER_LEN == rec_len);
    lt_reader m;
    FUZZ_CHECK(lt_read_bytes(r, hs_len, &body));
    m = lt_reader_make(body, hs_len);
    bool client = hs_type == LT_HS_CLIENT_HELLO;
    FUZZ_CHECK(lt_read_u16(&m, &legacy) && lt_read_bytes(&m, LT_RANDOM_LEN, &skip) &&
               lt_read_u8(&m, &sid_len) && lt_read_bytes(&m, sid_len, &skip) &&
               (!client || lt_read_u16(&m, &suites_len)) && lt_read_bytes(&m, suites_len, &skip) &&
               (!client || lt_read_u8(&m, &comp_len)) && lt_read_bytes(&m, comp_len, &skip) &&
               lt_read_bytes(&m, 2, &skip));
    size_t head = hs_len - lt_reader_left(&m) - 2;
    lt_write_u8(out, type);
    lt_write_u16(out, version);
    lt_wblock rec = lt_write_open(out, 2);
    lt_write_u8(out, hs_type);
    lt_wblock msg = lt_write_open(out, 3);
    lt_write_bytes(out, body, head);
    lt_wblock exts = lt_write_open(out, 2);
    lt_write_u16(out, LT_EXT_COOKIE);
    lt_wblock ext = lt_write_open(out, 2);
    lt_wblock value = lt_write_open(out, 2);
    lt_write_bytes(out, cookie, sizeof(cookie) - 1);
    lt_write_close(out, value);
    lt_write_close(out, ext);
    lt_write_bytes(out, lt_reader_data(&m), lt_reader_left(&m));
    lt_write_close(out, exts);
    lt_write_close(out, msg);
    lt_write_close(out, rec);
}

/* The recording with the cookie added to the first hello in the clear
 * (a server's) or the second (a client's). */
static void cookie_seed(const fuzz_engine_case *c, lt_writer *out)
{
    size_t clear_end = c->cut[FUZZ_CUT_BEFORE_FINISHED], hellos = 0;
    size_t which = c->target->role == LATCH_CLIENT ? 1 : 2;
    lt_reader r = lt_reader_make(c->peer_bytes, clear_end);
    while (!lt_reader_done(&r)) {
        const uint8_t *rec = lt_reader_data(&r);
        FUZZ_CHECK(lt_reader_left(&r) >= LT_RECORD_HEADER_LEN);
        size_t len = LT_RECORD_HEADER_LEN + ((size_t)rec[3] << 8 | rec[4]);
        if (rec[0] == LT_CT_HANDSHAKE && ++hellos == which) {
            add_cookie(&r, out);
        } else {
            const uint8_t *skip;
            FUZZ_CHECK(lt_read_bytes(&r, len, &skip));
            lt_write_bytes(out, rec, len);
        }
    }
    FUZZ_CHECK(hellos == 2);
    lt_write_bytes(out, c->peer_bytes + clear_end, c->peer_len - clear_end);
}

void fuzz_engine13_write_seeds(const fuzz_engine_case *c, size_t k, const char *dir)
{
    char name[64];
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    fuzz_engine13_flight(c, &w);
    FUZZ_CHECK(lt_writer_ok(&w));
    snprintf(name, sizeof(name), "flight13-case%zu", k);
    fuzz_engine_write_seed(dir, name, k, FUZZ_CUT_BEFORE_FINISHED, true, w.data, w.len);
    if (c->hellos13 == 2) {
        lt_writer_reset(&w);
        cookie_seed(c, &w);
        FUZZ_CHECK(lt_writer_ok(&w));
        snprintf(name, sizeof(name), "cookie-case%zu", k);
        fuzz_engine_write_seed(dir, name, k, FUZZ_CUT_NONE, false, w.data, w.len);
    }
    lt_writer_free(&w);
}
