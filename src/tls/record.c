#include "tls/record.h"

#include <string.h>

#include "base/mem.h"
#include "base/reader.h"
#include "tls/record13.h"
#include "tls/record_cbc.h"

/* seq_num(8) type(1) version(2) length(2), RFC 5246 6.2.3.3 */
#define AEAD_AAD_LEN 13
#define GCM_FIXED_IV_LEN 4
#define GCM_EXPLICIT_NONCE_LEN 8

const char *lt_content_type_name(uint8_t type)
{
    switch (type) {
    case LT_CT_CHANGE_CIPHER_SPEC:
        return "change_cipher_spec";
    case LT_CT_ALERT:
        return "alert";
    case LT_CT_HANDSHAKE:
        return "handshake";
    case LT_CT_APPLICATION_DATA:
        return "application_data";
    default:
        return "unknown";
    }
}

/* Null protection: the fragment is the plaintext. */

static size_t null_sealed_len(const lt_record_prot *p, size_t len)
{
    (void)p;
    return len;
}

static bool null_seal(lt_record_prot *p, uint64_t seq, uint8_t type, uint16_t version,
                      const uint8_t *in, size_t len, uint8_t *out, lt_error *err)
{
    (void)p;
    (void)seq;
    (void)type;
    (void)version;
    (void)err;
    memcpy(out, in, len);
    return true;
}

static bool null_open(lt_record_prot *p, uint64_t seq, uint8_t *type, uint16_t version,
                      uint8_t *frag, size_t frag_len, uint8_t *dst, size_t dst_cap, uint8_t **plain,
                      size_t *plain_len, lt_error *err)
{
    (void)p;
    (void)seq;
    (void)type;
    (void)version;
    (void)dst;
    (void)dst_cap;
    (void)err;
    *plain = frag;
    *plain_len = frag_len;
    return true;
}

static void null_clear(lt_record_prot *p)
{
    (void)p;
}

static const lt_record_prot_ops null_ops = {
    "null", 0, null_sealed_len, null_seal, null_open, null_clear,
};

/*
 * AEAD protection. Both AEADs build the nonce as iv XOR (0^4 || n), n a
 * big-endian 64-bit number: for ChaCha20-Poly1305 iv is the 12-byte IV and
 * n the sequence number (RFC 7905 2); for AES-GCM iv is the 4-byte salt
 * followed by zeros, so the XOR places the 8-byte explicit nonce after the
 * salt (RFC 5288 3), and n is that explicit nonce, sent in the record.
 */

static void aead_nonce(const lt_record_prot *p, uint64_t n, uint8_t nonce[LT_AEAD_NONCE_LEN])
{
    memcpy(nonce, p->u.aead.iv, LT_AEAD_NONCE_LEN);
    for (size_t i = 0; i < 8; i++)
        nonce[LT_AEAD_NONCE_LEN - 1 - i] ^= (uint8_t)(n >> (8 * i));
}

static void aead_aad(uint64_t seq, uint8_t type, uint16_t version, size_t plain_len,
                     uint8_t aad[AEAD_AAD_LEN])
{
    lt_writer w;
    lt_writer_init_fixed(&w, aad, AEAD_AAD_LEN);
    lt_write_u64(&w, seq);
    lt_write_u8(&w, type);
    lt_write_u16(&w, version);
    lt_write_u16(&w, (uint16_t)plain_len);
}

static size_t aead_sealed_len(const lt_record_prot *p, size_t len)
{
    return p->u.aead.explicit_nonce_len + len + LT_AEAD_TAG_LEN;
}

static bool aead_seal(lt_record_prot *p, uint64_t seq, uint8_t type, uint16_t version,
                      const uint8_t *in, size_t len, uint8_t *out, lt_error *err)
{
    lt_writer w;
    lt_writer_init_fixed(&w, out, aead_sealed_len(p, len));
    /* RFC 5288 3: the sequence number is a fine explicit nonce; it never repeats. */
    if (p->u.aead.explicit_nonce_len > 0)
        lt_write_u64(&w, seq);
    uint8_t *body = lt_write_reserve(&w, len + LT_AEAD_TAG_LEN);
    LT_ENSURE(body != NULL, err, LATCH_ERR_INTERNAL, "no room to seal a %zu-byte record", len);
    uint8_t nonce[LT_AEAD_NONCE_LEN];
    uint8_t aad[AEAD_AAD_LEN];
    aead_nonce(p, seq, nonce);
    aead_aad(seq, type, version, len, aad);
    return lt_aead_seal(&p->u.aead.aead, nonce, aad, sizeof(aad), in, len, body, err);
}

static bool aead_open(lt_record_prot *p, uint64_t seq, uint8_t *type, uint16_t version,
                      uint8_t *frag, size_t frag_len, uint8_t *dst, size_t dst_cap, uint8_t **plain,
                      size_t *plain_len, lt_error *err)
{
    size_t explicit_len = p->u.aead.explicit_nonce_len;
    lt_error local;
    lt_error_clear(&local);
    if (frag_len >= explicit_len + LT_AEAD_TAG_LEN) {
        lt_reader rd = lt_reader_make(frag, frag_len);
        uint64_t n = seq;
        if (explicit_len == 0 || lt_read_u64(&rd, &n)) {
            size_t sealed = frag_len - explicit_len;
            size_t len = sealed - LT_AEAD_TAG_LEN;
            uint8_t nonce[LT_AEAD_NONCE_LEN];
            uint8_t aad[AEAD_AAD_LEN];
            aead_nonce(p, n, nonce);
            aead_aad(seq, *type, version, len, aad);
            uint8_t *body = frag + explicit_len;
            /* lt_aead_open wipes what it wrote when the tag is wrong. */
            uint8_t *out = dst != NULL && len <= dst_cap ? dst : body;
            if (lt_aead_open(&p->u.aead.aead, nonce, aad, sizeof(aad), body, sealed, out, &local)) {
                *plain = out;
                *plain_len = len;
                return true;
            }
            if (local.code != LATCH_ERR_BAD_RECORD_MAC) {
                if (!lt_error_is_set(err))
                    *err = local;
                return false;
            }
        }
    }
    /* A short record and a bad tag are one error with one sentence. */
    return LT_FAIL(err, LATCH_ERR_BAD_RECORD_MAC,
                   "a %zu-byte %s record from the peer failed authentication", frag_len,
                   lt_content_type_name(*type));
}

static void aead_clear(lt_record_prot *p)
{
    lt_aead_free(&p->u.aead.aead);
}

static const lt_record_prot_ops gcm_ops = {
    "AES-GCM",  GCM_EXPLICIT_NONCE_LEN + LT_AEAD_TAG_LEN, aead_sealed_len, aead_seal, aead_open,
    aead_clear,
};

static const lt_record_prot_ops chacha_ops = {
    "ChaCha20-Poly1305", LT_AEAD_TAG_LEN, aead_sealed_len, aead_seal, aead_open, aead_clear,
};

size_t lt_record_suite_expansion(const lt_suite *suite)
{
    if (!suite->aead)
        return LT_RECORD_MAX_EXPANSION;
    /* RFC 8446 B.4: TLS 1.3 suites are 0x13XX. */
    if (suite->code >> 8 == 0x13)
        return lt_record13_ops.max_expansion;
    return suite->aead_alg == LT_AEAD_CHACHA20_POLY1305 ? chacha_ops.max_expansion
                                                        : gcm_ops.max_expansion;
}

/* The layer. */

static void prot_reset(lt_record_prot *p)
{
    if (p->ops != NULL)
        p->ops->clear(p);
    lt_wipe(p, sizeof(*p));
    p->ops = &null_ops;
}

void lt_record_init(lt_record_layer *rl)
{
    memset(rl, 0, sizeof(*rl));
    rl->read.ops = &null_ops;
    rl->write.ops = &null_ops;
    rl->read_max_plaintext = LT_RECORD_MAX_PLAINTEXT;
    rl->write_max_plaintext = LT_RECORD_MAX_PLAINTEXT;
    rl->max_empty_records = LT_RECORD_DEFAULT_MAX_EMPTY;
    rl->max_warning_alerts = LT_RECORD_DEFAULT_MAX_WARNINGS;
}

void lt_record_free(lt_record_layer *rl)
{
    prot_reset(&rl->read);
    prot_reset(&rl->write);
}

bool lt_record_set_aead(lt_record_layer *rl, lt_record_direction dir, lt_aead_alg alg,
                        const uint8_t *key, const uint8_t *fixed_iv, size_t fixed_iv_len,
                        lt_error *err)
{
    bool chacha = alg == LT_AEAD_CHACHA20_POLY1305;
    size_t want_iv = chacha ? LT_AEAD_NONCE_LEN : GCM_FIXED_IV_LEN;
    const lt_record_prot_ops *ops = chacha ? &chacha_ops : &gcm_ops;
    LT_ENSURE(fixed_iv_len == want_iv, err, LATCH_ERR_INTERNAL,
              "%s record protection needs a %zu-byte fixed IV, not %zu bytes", ops->name, want_iv,
              fixed_iv_len);

    lt_record_prot next;
    memset(&next, 0, sizeof(next));
    LT_GUARD(lt_aead_init(&next.u.aead.aead, alg, key, err));
    next.ops = ops;
    memcpy(next.u.aead.iv, fixed_iv, fixed_iv_len);
    next.u.aead.explicit_nonce_len = chacha ? 0 : GCM_EXPLICIT_NONCE_LEN;

    lt_record_prot *p = dir == LT_RECORD_READ ? &rl->read : &rl->write;
    prot_reset(p);
    *p = next;
    lt_wipe(&next, sizeof(next));
    return true;
}

bool lt_record_set_cbc(lt_record_layer *rl, lt_record_direction dir, lt_cbc_alg cbc_alg,
                       lt_hash_alg mac_hash, const uint8_t *enc_key, const uint8_t *mac_key,
                       bool encrypt_then_mac, lt_error *err)
{
    lt_record_prot next;
    memset(&next, 0, sizeof(next));
    LT_GUARD(lt_record_cbc_init(&next, dir == LT_RECORD_WRITE, cbc_alg, mac_hash, enc_key, mac_key,
                                encrypt_then_mac, err));
    lt_record_prot *p = dir == LT_RECORD_READ ? &rl->read : &rl->write;
    prot_reset(p);
    *p = next;
    lt_wipe(&next, sizeof(next));
    return true;
}

static bool known_type(uint8_t type)
{
    return type >= LT_CT_CHANGE_CIPHER_SPEC && type <= LT_CT_APPLICATION_DATA;
}

/* What the peer's first five bytes are, when they are plainly not TLS. */
static const char *not_tls_sentence(const uint8_t hdr[LT_RECORD_HEADER_LEN])
{
    static const char *const requests[] = {"GET ",  "POST ", "HEAD ", "PUT ", "DELET",
                                           "OPTIO", "CONNE", "PATCH", "TRACE"};
    for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
        if (memcmp(hdr, requests[i], strlen(requests[i])) == 0)
            return "the peer sent a plaintext HTTP request, not TLS";
    }
    /* Servers that speak first: what their greeting starts with says what
     * they are, and which of them can switch to TLS on the same port. */
    static const struct {
        const char *start;
        const char *sentence;
    } greetings[] = {
        {"HTTP/", "the peer sent a plaintext HTTP response, not TLS; try http:// instead"},
        {"<", "the peer sent HTML in plaintext, not TLS; try http:// instead"},
        {"SSH-", "the peer is an SSH server (its banner starts \"SSH-\"), not TLS"},
        {"220", "the peer sent a plaintext \"220\" greeting (SMTP or FTP), not TLS; "
                "upgrade with STARTTLS (latch client --starttls smtp or ftp)"},
        {"* OK", "the peer sent a plaintext \"* OK\" greeting (IMAP), not TLS; "
                 "upgrade with STARTTLS (latch client --starttls imap)"},
        {"+OK", "the peer sent a plaintext \"+OK\" greeting (POP3), not TLS; "
                "upgrade with STLS (latch client --starttls pop3)"},
    };
    for (size_t i = 0; i < sizeof(greetings) / sizeof(greetings[0]); i++) {
        if (memcmp(hdr, greetings[i].start, strlen(greetings[i].start)) == 0)
            return greetings[i].sentence;
    }
    /* SSLv2: a 2-byte length with the top bit set, then msg_type 1 (client hello). */
    if ((hdr[0] & 0x80) != 0 && hdr[2] == 1)
        return "the peer sent an SSLv2-style ClientHello, not a TLS 1.2 record";
    return NULL;
}

/* Five printable ASCII bytes cannot start a TLS record: no content type
 * is printable. Line ends inside them are not allowed either, so the
 * sentence quotes the bytes as they are. */
static bool looks_like_text(const uint8_t hdr[LT_RECORD_HEADER_LEN])
{
    for (size_t i = 0; i < LT_RECORD_HEADER_LEN; i++) {
        if (hdr[i] < 0x20 || hdr[i] > 0x7e || hdr[i] == '"' || hdr[i] == '\\')
            return false;
    }
    return true;
}

static bool check_header(lt_record_layer *rl, const uint8_t *hdr, uint8_t type, uint16_t version,
                         uint16_t length, lt_error *err)
{
    if (!known_type(type)) {
        const char *not_tls = rl->opened_any ? NULL : not_tls_sentence(hdr);
        LT_ENSURE(not_tls == NULL, err, LATCH_ERR_NOT_TLS, "%s", not_tls);
        LT_ENSURE(rl->opened_any || !looks_like_text(hdr), err, LATCH_ERR_NOT_TLS,
                  "the peer sent plain text (it begins \"%.5s\"), not TLS", (const char *)hdr);
        return LT_FAIL(err, LATCH_ERR_UNEXPECTED_MESSAGE, "record of unknown content type %u",
                       type);
    }
    rl->opened_any = true;

    /* RFC 5246 E.1: a server MUST accept any {03,XX} as the record version
     * of a ClientHello, later versions than 1.2 included. */
    bool hello_ok = rl->accept_hello_versions && (version >> 8) == 3;
    LT_ENSURE(version == LT_RECORD_VERSION_TLS12 || hello_ok, err, LATCH_ERR_PROTOCOL_VERSION,
              "%s record carries version %u.%u; TLS 1.2 records carry 3.3",
              lt_content_type_name(type), version >> 8, version & 0xff);

    /* A longer fragment could not decrypt to read_max_plaintext bytes or
     * fewer: refused before it is buffered. */
    bool is_null = rl->read.ops == &null_ops;
    size_t limit = rl->read_max_plaintext + rl->read.ops->max_expansion;
    LT_ENSURE(length <= limit, err, LATCH_ERR_RECORD_OVERFLOW,
              "record of %u bytes exceeds the %zu-byte %s limit", length, limit,
              is_null ? "plaintext" : "ciphertext");
    return true;
}

static bool check_plaintext(lt_record_layer *rl, lt_record *rec, lt_error *err)
{
    LT_ENSURE(rec->len <= rl->read_max_plaintext, err, LATCH_ERR_RECORD_OVERFLOW,
              "decrypted record of %zu bytes exceeds the %zu-byte plaintext limit", rec->len,
              rl->read_max_plaintext);
    /* RFC 5246 6.2.1: only application data may come in empty fragments.
     * An empty ChangeCipherSpec goes on to lt_record_check_ccs, which
     * answers every wrong body alike, with unexpected_message. */
    LT_ENSURE(rec->len > 0 || rec->type == LT_CT_APPLICATION_DATA ||
                  rec->type == LT_CT_CHANGE_CIPHER_SPEC,
              err, LATCH_ERR_DECODE,
              "empty %s record; only application data may have zero-length fragments",
              lt_content_type_name(rec->type));
    if (rec->len == 0) {
        rl->empty_records++;
        LT_ENSURE(rl->empty_records <= rl->max_empty_records, err, LATCH_ERR_UNEXPECTED_MESSAGE,
                  "the peer sent %u empty application-data records in a row (limit %u)",
                  rl->empty_records, rl->max_empty_records);
    } else {
        rl->empty_records = 0;
    }

    if (rec->type != LT_CT_ALERT) {
        rl->warning_alerts = 0;
        return true;
    }
    LT_GUARD(lt_alert_parse(rec->data, rec->len, &rec->alert, err));
    if (lt_alert_is_warning(&rec->alert) && !lt_alert_is_close_notify(&rec->alert)) {
        rl->warning_alerts++;
        LT_ENSURE(rl->warning_alerts <= rl->max_warning_alerts, err, LATCH_ERR_UNEXPECTED_MESSAGE,
                  "the peer sent %u warning alerts in a row (limit %u), the last %s",
                  rl->warning_alerts, rl->max_warning_alerts,
                  latch_alert_name(rec->alert.description));
    }
    return true;
}

/* A record whose outer type is not application_data while TLS 1.3
 * protection is in force: only an unprotected ChangeCipherSpec may come
 * so, which the handshake accepts or refuses (RFC 8446 5, middlebox
 * compatibility); it is returned as is, and the sequence number stays. */
static lt_record_status open_outside_tls13(lt_record_layer *rl, uint8_t *in, uint8_t type,
                                           uint16_t version, uint16_t length, lt_record *rec,
                                           lt_error *err)
{
    if (type != LT_CT_CHANGE_CIPHER_SPEC) {
        LT_FAIL(err, LATCH_ERR_UNEXPECTED_MESSAGE,
                "a %s record arrived in the clear under TLS 1.3 protection; protected records "
                "have outer type application_data",
                lt_content_type_name(type));
        return LT_RECORD_ERROR;
    }
    rec->type = type;
    rec->version = version;
    rec->data = in + LT_RECORD_HEADER_LEN;
    rec->len = length;
    rec->consumed = LT_RECORD_HEADER_LEN + (size_t)length;
    return check_plaintext(rl, rec, err) ? LT_RECORD_DONE : LT_RECORD_ERROR;
}

lt_record_status lt_record_open(lt_record_layer *rl, uint8_t *in, size_t in_len, lt_record *rec,
                                lt_error *err)
{
    return lt_record_open_into(rl, in, in_len, NULL, 0, rec, err);
}

lt_record_status lt_record_open_into(lt_record_layer *rl, uint8_t *in, size_t in_len, uint8_t *dst,
                                     size_t dst_cap, lt_record *rec, lt_error *err)
{
    memset(rec, 0, sizeof(*rec));
    lt_reader rd = lt_reader_make(in, in_len);
    uint8_t type;
    uint16_t version, length;
    if (!lt_read_u8(&rd, &type) || !lt_read_u16(&rd, &version) || !lt_read_u16(&rd, &length)) {
        rec->need = LT_RECORD_HEADER_LEN - in_len;
        return LT_RECORD_NEED_MORE;
    }
    if (!check_header(rl, in, type, version, length, err))
        return LT_RECORD_ERROR;
    if (lt_reader_left(&rd) < length) {
        rec->need = length - lt_reader_left(&rd);
        return LT_RECORD_NEED_MORE;
    }

    lt_record_prot *p = &rl->read;
    bool tls13 = p->ops == &lt_record13_ops;
    if (tls13 && type != LT_CT_APPLICATION_DATA)
        return open_outside_tls13(rl, in, type, version, length, rec, err);
    if (p->seq == UINT64_MAX) {
        LT_FAIL(err, LATCH_ERR_INTERNAL, "read sequence number exhausted; keys must change");
        return LT_RECORD_ERROR;
    }
    rec->type = type;
    rec->version = version;
    rec->consumed = LT_RECORD_HEADER_LEN + (size_t)length;
    if (type != LT_CT_APPLICATION_DATA)
        dst = NULL;
    if (!p->ops->open(p, p->seq, &rec->type, version, in + LT_RECORD_HEADER_LEN, length, dst,
                      dst_cap, &rec->data, &rec->len, err))
        return LT_RECORD_ERROR;
    p->seq++;
    /* RFC 8446 5: a protected ChangeCipherSpec is unexpected_message. */
    if (tls13 && (!known_type(rec->type) || rec->type == LT_CT_CHANGE_CIPHER_SPEC)) {
        lt_wipe(rec->data, rec->len);
        LT_FAIL(err, LATCH_ERR_UNEXPECTED_MESSAGE,
                "a protected TLS 1.3 record holds content type %u (%s), which may not be "
                "encrypted",
                rec->type, lt_content_type_name(rec->type));
        return LT_RECORD_ERROR;
    }
    if (!check_plaintext(rl, rec, err))
        return LT_RECORD_ERROR;
    return LT_RECORD_DONE;
}

bool lt_record_check_ccs(const lt_record *rec, lt_error *err)
{
    LT_ENSURE(rec->type == LT_CT_CHANGE_CIPHER_SPEC, err, LATCH_ERR_INTERNAL,
              "a %s record is not a ChangeCipherSpec", lt_content_type_name(rec->type));
    lt_reader rd = lt_reader_make(rec->data, rec->len);
    uint8_t value;
    /* Not a decode_error: OpenSSL and GnuTLS answer any other body with
     * unexpected_message, since no other ChangeCipherSpec message exists
     * (RFC 5246 7.1). */
    LT_ENSURE(lt_read_u8(&rd, &value) && value == 1 && lt_reader_done(&rd), err,
              LATCH_ERR_UNEXPECTED_MESSAGE,
              "ChangeCipherSpec record of %zu bytes is not the single byte 1", rec->len);
    return true;
}

size_t lt_record_sealed_len(const lt_record_layer *rl, size_t len)
{
    const lt_record_prot *p = &rl->write;
    size_t max = rl->write_max_plaintext;
    size_t full = len / max;
    size_t rest = len % max;
    size_t total = full * (LT_RECORD_HEADER_LEN + p->ops->sealed_len(p, max));
    if (rest > 0)
        total += LT_RECORD_HEADER_LEN + p->ops->sealed_len(p, rest);
    return total;
}

bool lt_record_seal(lt_record_layer *rl, lt_content_type type, const uint8_t *data, size_t len,
                    lt_writer *out, lt_error *err)
{
    if (len == 0)
        return true;
    lt_record_prot *p = &rl->write;
    size_t max = rl->write_max_plaintext;
    LT_ENSURE(max >= 1 && max <= LT_RECORD_MAX_PLAINTEXT, err, LATCH_ERR_INTERNAL,
              "write fragment limit of %zu bytes is outside 1..%d", max, LT_RECORD_MAX_PLAINTEXT);
    size_t room = out->failed ? 0 : out->max - out->len;
    /* len <= room first, so the total cannot overflow. */
    LT_ENSURE(len <= room, err, LATCH_ERR_INTERNAL,
              "%zu bytes of %s do not fit the output buffer's %zu free bytes", len,
              lt_content_type_name(type), room);
    size_t total = lt_record_sealed_len(rl, len);
    LT_ENSURE(total <= room, err, LATCH_ERR_INTERNAL,
              "%zu bytes of %s need %zu bytes of records; the output buffer has %zu free", len,
              lt_content_type_name(type), total, room);
    size_t records = len / max + (len % max > 0);
    LT_ENSURE(records <= UINT64_MAX - p->seq, err, LATCH_ERR_INTERNAL,
              "write sequence number exhausted; keys must change");

    size_t start_len = out->len;
    uint64_t start_seq = p->seq;
    uint8_t *dst = lt_write_reserve(out, total);
    LT_ENSURE(dst != NULL, err, LATCH_ERR_MEMORY, "no memory for %zu bytes of records", total);
    lt_writer w;
    lt_writer_init_fixed(&w, dst, total);
    lt_reader src = lt_reader_make(data, len);
    while (!lt_reader_done(&src)) {
        size_t n = lt_reader_left(&src) < max ? lt_reader_left(&src) : max;
        const uint8_t *chunk;
        size_t sealed = p->ops->sealed_len(p, n);
        /* RFC 8446 5.2: TLS 1.3 hides the real type inside the encryption. */
        lt_write_u8(&w, p->ops == &lt_record13_ops ? LT_CT_APPLICATION_DATA : (uint8_t)type);
        lt_write_u16(&w, LT_RECORD_VERSION_TLS12);
        lt_write_u16(&w, (uint16_t)sealed);
        uint8_t *frag = lt_write_reserve(&w, sealed);
        if (frag == NULL || !lt_read_bytes(&src, n, &chunk) ||
            !p->ops->seal(p, p->seq, (uint8_t)type, LT_RECORD_VERSION_TLS12, chunk, n, frag, err)) {
            /* Leave the output and the sequence number as they were. */
            lt_wipe(dst, total);
            out->len = start_len;
            p->seq = start_seq;
            return LT_FAIL(err, LATCH_ERR_INTERNAL, "sealing a %zu-byte %s record failed", n,
                           lt_content_type_name(type));
        }
        p->seq++;
    }
    return true;
}

size_t lt_record_nonce(const lt_record_prot *p, uint64_t seq, const uint8_t *fragment,
                       size_t frag_len, uint8_t out[LT_RECORD_NONCE_MAX])
{
    lt_reader r = lt_reader_make(fragment, frag_len);
    if (p->ops == &lt_record13_ops) {
        lt_record13_nonce(p, seq, out);
        return LT_AEAD_NONCE_LEN;
    }
    if (p->ops == &gcm_ops || p->ops == &chacha_ops) {
        uint64_t n = seq;
        if (p->u.aead.explicit_nonce_len > 0 && !lt_read_u64(&r, &n))
            return 0;
        aead_nonce(p, n, out);
        return LT_AEAD_NONCE_LEN;
    }
    if (!lt_record_cbc_is(p) || !lt_read_copy(&r, out, LT_CBC_BLOCK_LEN))
        return 0;
    return LT_CBC_BLOCK_LEN;
}
