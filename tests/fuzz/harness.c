#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/record.h"
#include "x509/pem.h"

_Noreturn void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    abort();
}

void fuzz_check_result(bool ok, const lt_error *err)
{
    if (ok) {
        FUZZ_CHECK(!lt_error_is_set(err));
        return;
    }
    FUZZ_CHECK(lt_error_is_set(err));
    FUZZ_CHECK(err->message[0] != '\0');
    FUZZ_CHECK(memchr(err->message, '\0', sizeof(err->message)) != NULL);
}

static void dump(const char *name, const uint8_t *p, size_t len)
{
    fprintf(stderr, "%s (%zu bytes):", name, len);
    for (size_t i = 0; i < len && i < 512; i++)
        fprintf(stderr, "%s%02x", i % 32 == 0 ? "\n  " : " ", p[i]);
    fprintf(stderr, "%s\n", len > 512 ? " ..." : "");
}

void fuzz_check_same(const char *what, const lt_writer *a, const lt_writer *b)
{
    FUZZ_CHECK(lt_writer_ok(a) && lt_writer_ok(b));
    if (a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0))
        return;
    fprintf(stderr, "round trip of %s is not stable\n", what);
    dump("first write", a->data, a->len);
    dump("second write", b->data, b->len);
    abort();
}

void fuzz_check_message(const lt_writer *w, uint8_t type, const uint8_t *body, size_t len)
{
    FUZZ_CHECK(lt_writer_ok(w));
    uint8_t header[LT_HS_HEADER_LEN] = {type, (uint8_t)(len >> 16), (uint8_t)(len >> 8),
                                        (uint8_t)len};
    if (w->len == LT_HS_HEADER_LEN + len && memcmp(w->data, header, LT_HS_HEADER_LEN) == 0 &&
        (len == 0 || memcmp(w->data + LT_HS_HEADER_LEN, body, len) == 0))
        return;
    fprintf(stderr, "writing the parsed %s does not give the bytes it was parsed from\n",
            lt_hs_type_title(type));
    dump("parsed body", body, len);
    dump("written message", w->data, w->len);
    abort();
}

lt_span fuzz_message_body(const lt_writer *w, uint8_t type)
{
    FUZZ_CHECK(lt_writer_ok(w));
    uint8_t got;
    lt_span body;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_hs_split(w->data, w->len, &got, &body, &err);
    if (!ok)
        fprintf(stderr, "written %s does not split: %s\n", lt_hs_type_title(type), err.message);
    FUZZ_CHECK(ok);
    FUZZ_CHECK(got == type);
    return body;
}

void fuzz_record_options(lt_record_layer *rl, uint8_t options)
{
    /* The default, and the limits max_fragment_length and record_size_limit can set. */
    static const size_t limits[] = {LT_RECORD_MAX_PLAINTEXT, 4096, 512, 64};
    rl->accept_hello_versions = (options & 1) != 0;
    rl->read_max_plaintext = limits[options >> 1 & 3];
}

size_t fuzz_record_dst_cap(uint8_t options)
{
    return (options & 0x40) == 0 ? 0 : (options & 0x80) != 0 ? 100 : LT_RECORD_MAX_PLAINTEXT;
}

/* What the caller's buffer holds before each open_into. */
#define DST_FILL 0xa5

static void check_record(const lt_record_layer *rl, const uint8_t *at, size_t left,
                         const lt_record *rec, const uint8_t *dst, size_t dst_cap)
{
    FUZZ_CHECK(rec->consumed >= LT_RECORD_HEADER_LEN && rec->consumed <= left);
    if (dst != NULL && rec->data == dst) {
        FUZZ_CHECK(rec->type == LT_CT_APPLICATION_DATA);
        FUZZ_CHECK(rec->len <= dst_cap);
    } else {
        FUZZ_CHECK(rec->data >= at + LT_RECORD_HEADER_LEN);
        FUZZ_CHECK(rec->len <= (size_t)(at + rec->consumed - rec->data));
    }
    FUZZ_CHECK(rec->len <= rl->read_max_plaintext);
    FUZZ_CHECK(rec->type >= LT_CT_CHANGE_CIPHER_SPEC && rec->type <= LT_CT_APPLICATION_DATA);
    /* An empty ChangeCipherSpec passes on to lt_record_check_ccs (record.c). */
    FUZZ_CHECK(rec->len > 0 || rec->type == LT_CT_APPLICATION_DATA ||
               rec->type == LT_CT_CHANGE_CIPHER_SPEC);
    FUZZ_CHECK(rec->version == LT_RECORD_VERSION_TLS12 ||
               (rl->accept_hello_versions && (rec->version >> 8) == 3));
}

/* A record that fails leaves none of its plaintext in the caller's
 * buffer: each byte is the fill it had, or wiped to zero. */
static void check_dst_clean(const uint8_t *dst, size_t cap)
{
    for (size_t i = 0; i < cap; i++)
        FUZZ_CHECK(dst[i] == DST_FILL || dst[i] == 0);
}

/* Round trip: the plaintext of a record sealed again under the same
 * state is the record's own bytes (at the sequence number it was read
 * under; a GCM explicit nonce is that number, as latch writes it). */
static void check_reseal(const lt_record_layer *rl, lt_record_layer *reseal,
                         const uint8_t *original, const lt_record *rec)
{
    if (rec->version != LT_RECORD_VERSION_TLS12 || rec->len == 0)
        return;
    reseal->write.seq = rl->read.seq - 1;
    lt_writer sealed, read;
    lt_writer_init_growable(&sealed, 0);
    lt_error err;
    lt_error_clear(&err);
    bool ok =
        lt_record_seal(reseal, (lt_content_type)rec->type, rec->data, rec->len, &sealed, &err);
    fuzz_check_result(ok, &err);
    FUZZ_CHECK(ok);
    lt_writer_init_fixed(&read, (uint8_t *)original, rec->consumed);
    read.len = rec->consumed;
    fuzz_check_same("a record", &read, &sealed);
    lt_writer_free(&sealed);
}

void fuzz_open_records(lt_record_layer *rl, lt_record_layer *reseal, const uint8_t *data,
                       size_t size, size_t dst_cap)
{
    /* Heap copies of exactly these sizes, so ASan sees any access past
     * them. */
    uint8_t *buf = malloc(size > 0 ? size : 1);
    uint8_t *dst = dst_cap > 0 ? malloc(dst_cap) : NULL;
    FUZZ_CHECK(buf != NULL && (dst_cap == 0 || dst != NULL));
    if (size > 0)
        memcpy(buf, data, size);
    size_t off = 0;
    for (;;) {
        lt_record rec;
        lt_error err;
        lt_error_clear(&err);
        if (dst != NULL)
            memset(dst, DST_FILL, dst_cap);
        lt_record_status st =
            dst != NULL ? lt_record_open_into(rl, buf + off, size - off, dst, dst_cap, &rec, &err)
                        : lt_record_open(rl, buf + off, size - off, &rec, &err);
        if (st == LT_RECORD_ERROR) {
            fuzz_check_result(false, &err);
            if (dst != NULL)
                check_dst_clean(dst, dst_cap);
            break;
        }
        FUZZ_CHECK(!lt_error_is_set(&err));
        if (st == LT_RECORD_NEED_MORE) {
            FUZZ_CHECK(rec.need > 0);
            FUZZ_CHECK(size - off + rec.need <= LT_RECORD_IN_BUF_LEN);
            break;
        }
        FUZZ_CHECK(st == LT_RECORD_DONE);
        check_record(rl, buf + off, size - off, &rec, dst, dst_cap);
        if (reseal != NULL)
            check_reseal(rl, reseal, data + off, &rec);
        if (rec.type == LT_CT_CHANGE_CIPHER_SPEC) {
            bool ok = lt_record_check_ccs(&rec, &err);
            fuzz_check_result(ok, &err);
        }
        off += rec.consumed;
    }
    free(dst);
    free(buf);
}

int64_t fuzz_clock(void *arg)
{
    (void)arg;
    return 1893456000;
}

static bool progress(latch_err e)
{
    return e == LATCH_OK || e == LATCH_WANT_READ || e == LATCH_WANT_WRITE;
}

/* One handshake or read call, counting application data read into
 * *app; false once the connection has failed. */
static bool step(latch_conn *conn, size_t *app)
{
    latch_err e;
    if (!latch_conn_handshake_done(conn)) {
        e = latch_conn_handshake(conn);
    } else {
        uint8_t buf[4096];
        size_t got = 0;
        e = latch_conn_read(conn, buf, sizeof(buf), &got);
        FUZZ_CHECK(got <= sizeof(buf));
        FUZZ_CHECK(e != LATCH_OK || got > 0);
        *app += got;
    }
    size_t pending;
    latch_conn_output(conn, &pending);
    latch_conn_output_done(conn, pending);
    if (progress(e))
        return true;
    FUZZ_CHECK(latch_conn_error_code(conn) != LATCH_OK);
    FUZZ_CHECK(latch_conn_error(conn)[0] != '\0');
    return false;
}

size_t fuzz_engine_run(latch_conn *conn, const uint8_t *data, size_t size, size_t chunk)
{
    FUZZ_CHECK(conn != NULL);
    size_t off = 0, app = 0;
    bool alive = step(conn, &app);
    /* Every call either takes input or ends; the bound only guards the harness. */
    for (size_t calls = 0; alive && calls < 4 * size + 64; calls++) {
        size_t room;
        uint8_t *window = latch_conn_input_window(conn, &room);
        size_t n = size - off;
        if (chunk > 0 && n > chunk)
            n = chunk;
        if (n > room)
            n = room;
        if (n == 0 && off == size) {
            latch_conn_input_eof(conn);
            step(conn, &app);
            break;
        }
        memcpy(window, data + off, n);
        latch_conn_input_done(conn, n);
        off += n;
        alive = step(conn, &app);
    }
    latch_conn_free(conn);
    return app;
}

void fuzz_load_cert(const char *file, size_t index, lt_cert *out)
{
    FILE *f = fopen(file, "rb");
    FUZZ_CHECK(f != NULL);
    static uint8_t text[65536];
    size_t len = fread(text, 1, sizeof(text), f);
    fclose(f);
    lt_pem_iter it;
    lt_pem_iter_init(&it, text, len);
    lt_error err;
    lt_error_clear(&err);
    for (size_t i = 0;; i++) {
        lt_pem_block block;
        bool found = false;
        FUZZ_CHECK(lt_pem_next(&it, "CERTIFICATE", &block, &found, &err) && found);
        bool ok = i < index || lt_cert_parse(out, block.der, block.der_len, &err);
        lt_pem_block_free(&block);
        FUZZ_CHECK(ok);
        if (i == index)
            return;
    }
}
