/*
 * TLS 1.3's other messages: EncryptedExtensions (RFC 8446 4.3.1),
 * Finished (4.4.4), NewSessionTicket (4.6.1), KeyUpdate (4.6.3), and the
 * ServerHello.random values that mean something (4.1.3).
 */
#include <string.h>

#include "tls/msg13.h"

const uint8_t lt_hrr_random[LT_RANDOM_LEN] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};
const uint8_t lt_downgrade_tls12[LT_DOWNGRADE_LEN] = {0x44, 0x4f, 0x57, 0x4e,
                                                      0x47, 0x52, 0x44, 0x01};
const uint8_t lt_downgrade_tls11[LT_DOWNGRADE_LEN] = {0x44, 0x4f, 0x57, 0x4e,
                                                      0x47, 0x52, 0x44, 0x00};

bool lt_random_is_hrr(const uint8_t random[LT_RANDOM_LEN])
{
    return memcmp(random, lt_hrr_random, LT_RANDOM_LEN) == 0;
}

bool lt_random_has_downgrade(const uint8_t random[LT_RANDOM_LEN])
{
    const uint8_t *tail = random + LT_RANDOM_LEN - LT_DOWNGRADE_LEN;
    return memcmp(tail, lt_downgrade_tls12, LT_DOWNGRADE_LEN) == 0 ||
           memcmp(tail, lt_downgrade_tls11, LT_DOWNGRADE_LEN) == 0;
}

bool lt_encrypted_extensions_parse(const uint8_t *body, size_t len, lt_encrypted_extensions *out,
                                   lt_error *err)
{
    static const char msg[] = "EncryptedExtensions";
    lt_reader r = lt_reader_make(body, len);
    lt_reader exts;
    LT_MSG_NEED(lt_read_block16(&r, &exts), err, msg, "extensions");
    LT_MSG_END(&r, err, msg, "extensions");
    LT_GUARD(lt_extensions_parse(lt_reader_data(&exts), lt_reader_left(&exts),
                                 LT_EXT_IN_ENCRYPTED_EXTENSIONS, &out->ext, err));
    return lt_ext13_check_allowed(out->ext.types, out->ext.count, LT_EXT13_EE, err);
}

void lt_encrypted_extensions_write(const lt_encrypted_extensions *ee, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_ENCRYPTED_EXTENSIONS);
    lt_extensions_write(&ee->ext, LT_EXT_IN_ENCRYPTED_EXTENSIONS, w);
    lt_write_close(w, msg);
}

bool lt_finished13_parse(const uint8_t *body, size_t len, size_t hash_len, lt_finished13 *out,
                         lt_error *err)
{
    LT_ENSURE(hash_len <= LT_FINISHED13_MAX && len == hash_len, err, LATCH_ERR_DECODE,
              "Finished: verify_data is %zu bytes; the suite's hash makes %zu", len, hash_len);
    memcpy(out->verify_data, body, len);
    out->len = len;
    return true;
}

void lt_finished13_write(const lt_finished13 *f, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_FINISHED);
    lt_write_bytes(w, f->verify_data, f->len);
    lt_write_close(w, msg);
}

/* RFC 8446 4.6.1: only early_data is defined for its extensions; others
 * are ignored, as for any unknown extension. */
static bool parse_ticket_extensions(lt_reader *exts, lt_new_session_ticket13 *out, lt_error *err)
{
    static const char msg[] = "NewSessionTicket";
    bool early_seen = false;
    while (!lt_reader_done(exts)) {
        uint16_t type;
        lt_reader body;
        LT_MSG_NEED(lt_read_u16(exts, &type) && lt_read_block16(exts, &body), err, msg,
                    "extension");
        if (type != LT_EXT_EARLY_DATA)
            continue;
        LT_ENSURE(!early_seen, err, LATCH_ERR_DECODE, "%s: early_data appears twice", msg);
        early_seen = true;
        LT_MSG_NEED(lt_read_u32(&body, &out->max_early_data), err, msg, "max_early_data_size");
        LT_MSG_END(&body, err, msg, "max_early_data_size");
    }
    return true;
}

bool lt_new_session_ticket13_parse(const uint8_t *body, size_t len, lt_new_session_ticket13 *out,
                                   lt_error *err)
{
    static const char msg[] = "NewSessionTicket";
    memset(out, 0, sizeof(*out));
    lt_reader r = lt_reader_make(body, len);
    lt_reader nonce, ticket, exts;
    LT_MSG_NEED(lt_read_u32(&r, &out->lifetime), err, msg, "ticket_lifetime");
    LT_MSG_NEED(lt_read_u32(&r, &out->age_add), err, msg, "ticket_age_add");
    LT_MSG_NEED(lt_read_block8(&r, &nonce), err, msg, "ticket_nonce");
    LT_MSG_NEED(lt_read_block16(&r, &ticket), err, msg, "ticket");
    LT_MSG_NEED(lt_read_block16(&r, &exts), err, msg, "extensions");
    LT_MSG_END(&r, err, msg, "extensions");
    /* RFC 8446 4.6.1: "Servers MUST NOT use any value greater than
     * 604800 seconds". */
    LT_ENSURE(out->lifetime <= LT_TICKET13_MAX_LIFETIME, err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s: ticket_lifetime %u is more than 7 days (RFC 8446 4.6.1)", msg, out->lifetime);
    LT_ENSURE(!lt_reader_done(&ticket), err, LATCH_ERR_DECODE, "%s: the ticket is empty", msg);
    out->nonce = lt_span_make(lt_reader_data(&nonce), lt_reader_left(&nonce));
    out->ticket = lt_span_make(lt_reader_data(&ticket), lt_reader_left(&ticket));
    return parse_ticket_extensions(&exts, out, err);
}

void lt_new_session_ticket13_write(const lt_new_session_ticket13 *t, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_NEW_SESSION_TICKET);
    lt_write_u32(w, t->lifetime);
    lt_write_u32(w, t->age_add);
    lt_wblock b = lt_write_open(w, 1);
    lt_write_bytes(w, t->nonce.data, t->nonce.len);
    lt_write_close(w, b);
    b = lt_write_open(w, 2);
    lt_write_bytes(w, t->ticket.data, t->ticket.len);
    lt_write_close(w, b);
    b = lt_write_open(w, 2);
    if (t->max_early_data > 0) {
        lt_write_u16(w, LT_EXT_EARLY_DATA);
        lt_wblock e = lt_write_open(w, 2);
        lt_write_u32(w, t->max_early_data);
        lt_write_close(w, e);
    }
    lt_write_close(w, b);
    lt_write_close(w, msg);
}

bool lt_key_update_parse(const uint8_t *body, size_t len, lt_key_update_request *out, lt_error *err)
{
    static const char msg[] = "KeyUpdate";
    lt_reader r = lt_reader_make(body, len);
    uint8_t v;
    LT_MSG_NEED(lt_read_u8(&r, &v), err, msg, "request_update");
    LT_MSG_END(&r, err, msg, "request_update");
    LT_ENSURE(v <= LT_KEY_UPDATE_REQUESTED, err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s: request_update %u is neither update_not_requested (0) nor update_requested (1)",
              msg, v);
    *out = (lt_key_update_request)v;
    return true;
}

void lt_key_update_write(lt_key_update_request req, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_KEY_UPDATE);
    lt_write_u8(w, (uint8_t)req);
    lt_write_close(w, msg);
}
