#include "engine13.h"

#include <stdlib.h>
#include <string.h>

#include "tls/conn.h"
#include "tls/record13.h"

/* The read state of the engine under test: the peer's write state. */
static void keep(fuzz_keys13 *k, const lt_record_prot *read)
{
    k->hash = read->u.tls13.hash;
    k->alg = read->u.tls13.alg;
    memcpy(k->secret, read->u.tls13.secret, sizeof(k->secret));
    k->seq = read->seq;
}

void fuzz_engine13_mark(fuzz_engine_case *c, const latch_conn *conn, size_t start, uint8_t type)
{
    /* RFC 8446 5: a ChangeCipherSpec goes unprotected whatever the keys. */
    if (type == LT_CT_CHANGE_CIPHER_SPEC)
        return;
    if (!lt_record_is_tls13(&conn->rl, LT_RECORD_READ)) {
        c->hellos13++;
        return;
    }
    const lt_record_prot *read = &conn->rl.read;
    if (c->cut[FUZZ_CUT_BEFORE_FINISHED] == 0) {
        c->cut[FUZZ_CUT_BEFORE_FINISHED] = start;
        keep(&c->keys13[0], read);
        FUZZ_CHECK(c->keys13[0].seq == 0);
        c->suite = conn->neg.suite;
    } else if (c->app13 == 0 && memcmp(read->u.tls13.secret, c->keys13[0].secret,
                                       sizeof(c->keys13[0].secret)) != 0) {
        c->app13 = start;
    }
}

void fuzz_engine13_finish(fuzz_engine_case *c, const latch_conn *conn, size_t end)
{
    FUZZ_CHECK(c->cut[FUZZ_CUT_BEFORE_FINISHED] > 0);
    FUZZ_CHECK(lt_record_is_tls13(&conn->rl, LT_RECORD_READ));
    c->cut[FUZZ_CUT_AFTER_FINISHED] = end;
    if (c->app13 == 0)
        c->app13 = end;
    keep(&c->keys13[1], &conn->rl.read);
    FUZZ_CHECK(memcmp(c->keys13[0].secret, c->keys13[1].secret, sizeof(c->keys13[0].secret)) != 0);
}

void fuzz_engine13_seal_state(const fuzz_engine_case *c, unsigned cut, lt_record_layer *rl)
{
    if (cut < FUZZ_CUT_BEFORE_FINISHED)
        return;
    const fuzz_keys13 *k = &c->keys13[cut - FUZZ_CUT_BEFORE_FINISHED];
    lt_error err;
    lt_error_clear(&err);
    FUZZ_CHECK(lt_record_set_tls13(rl, LT_RECORD_WRITE, k->hash, k->alg, k->secret, &err));
    rl->write.seq = k->seq;
}

void fuzz_engine13_follow(lt_record_layer *rl, uint8_t type, const uint8_t *body, size_t len)
{
    if (type != LT_CT_HANDSHAKE || !lt_record_is_tls13(rl, LT_RECORD_WRITE))
        return;
    lt_reader r = lt_reader_make(body, len);
    uint8_t msg_type;
    uint32_t msg_len;
    const uint8_t *msg;
    while (lt_read_u8(&r, &msg_type) && lt_read_u24(&r, &msg_len) &&
           lt_read_bytes(&r, msg_len, &msg)) {
        if (msg_type != LT_HS_KEY_UPDATE)
            continue;
        lt_error err;
        lt_error_clear(&err);
        FUZZ_CHECK(lt_record_tls13_update(rl, LT_RECORD_WRITE, &err));
    }
}

void fuzz_engine13_flight(const fuzz_engine_case *c, lt_writer *out)
{
    const fuzz_keys13 *k = &c->keys13[0];
    lt_record_layer rl;
    lt_record_init(&rl);
    lt_error err;
    lt_error_clear(&err);
    FUZZ_CHECK(lt_record_set_tls13(&rl, LT_RECORD_READ, k->hash, k->alg, k->secret, &err));
    /* Opened in place, so a copy. */
    size_t len = c->app13 - c->cut[FUZZ_CUT_BEFORE_FINISHED];
    uint8_t *copy = malloc(len);
    FUZZ_CHECK(copy != NULL);
    memcpy(copy, c->peer_bytes + c->cut[FUZZ_CUT_BEFORE_FINISHED], len);
    for (size_t off = 0; off < len;) {
        lt_record rec;
        FUZZ_CHECK(lt_record_open(&rl, copy + off, len - off, &rec, &err) == LT_RECORD_DONE);
        lt_write_u8(out, rec.type);
        lt_write_u16(out, (uint16_t)rec.len);
        lt_write_bytes(out, rec.data, rec.len);
        off += rec.consumed;
    }
    free(copy);
    lt_record_free(&rl);
}
