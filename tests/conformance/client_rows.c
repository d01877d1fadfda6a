#include "client_rows.h"

#include <stdlib.h>
#include <string.h>

#include "tamper.h"

static void copy(uint8_t type, const uint8_t *body, size_t len, lt_writer *out)
{
    tamper_copy_message(type, body, len, out);
}

/* ---- ServerHello ---- */

/* Where the fields after the session ID start in a ServerHello body. */
static size_t sh_suite_at(const uint8_t *body)
{
    return 35 + body[34];
}

enum {
    SH_VERSION,       /* arg2: the version */
    SH_SUITE,         /* arg2: the suite */
    SH_COMPRESSION_1, /* compression method 1 (deflate) */
    SH_SID_33,
    SH_TRAILING,
    SH_TRUNCATED,
    SH_EXT_LEN_OVER,
    SH_DOWNGRADE, /* arg2: the last byte of the "DOWNGRD" sentinel */
};

/* arg: the variant in the low byte, a value in the high 16 bits. */
#define SHA(variant, value) ((variant) | ((value) << 8))

static void server_hello_field(fake_server *f, uint8_t type, const uint8_t *body, size_t len,
                               lt_writer *out)
{
    if (type != 2) {
        copy(type, body, len, out);
        return;
    }
    int variant = f->arg & 0xff;
    uint16_t value = (uint16_t)(f->arg >> 8);
    uint8_t b[512];
    if (len > sizeof(b) - 40)
        abort();
    memcpy(b, body, len);
    size_t suite_at = sh_suite_at(b), n = len;
    switch (variant) {
    case SH_VERSION:
        b[0] = (uint8_t)(value >> 8);
        b[1] = (uint8_t)value;
        break;
    case SH_SUITE:
        b[suite_at] = (uint8_t)(value >> 8);
        b[suite_at + 1] = (uint8_t)value;
        break;
    case SH_COMPRESSION_1:
        b[suite_at + 2] = 1;
        break;
    case SH_SID_33: /* a session ID of 33 bytes in place of the server's */
        memmove(b + 35 + 33, b + suite_at, len - suite_at);
        memset(b + 35, 0x5a, 33);
        b[34] = 33;
        n = 35 + 33 + (len - suite_at);
        break;
    case SH_TRAILING:
        b[n++] = 0;
        break;
    case SH_TRUNCATED:
        n = suite_at + 1;
        break;
    case SH_EXT_LEN_OVER:
        b[suite_at + 4]++;
        break;
    case SH_DOWNGRADE: /* RFC 8446 4.1.3: the random's last 8 bytes */
        memcpy(b + 2 + 24, "DOWNGRD", 7);
        b[2 + 31] = (uint8_t)value;
        break;
    }
    copy(type, b, n, out);
}

/* ServerHello extensions: the block rebuilt with one added and one
 * dropped. */
enum {
    SHX_ALPN_UNSOLICITED,
    SHX_UNKNOWN,
    SHX_MAX_FRAGMENT,
    SHX_RECORD_SIZE_LIMIT,
    SHX_DUP_EMS,
    SHX_SNI_BODY,
    SHX_EMS_BODY,
    SHX_RENEG_NONEMPTY,
    SHX_POINTS_NO_UNCOMPRESSED,
    SHX_STATUS_BODY,
    SHX_TICKET_BODY,
    SHX_ALPN_TWO_NAMES,
    SHX_HEARTBEAT,
    SHX_NO_EXTENSIONS,
};

static void server_hello_ext(fake_server *f, uint8_t type, const uint8_t *body, size_t len,
                             lt_writer *out)
{
    static const uint8_t alpn_h2[] = {0x00, 0x03, 0x02, 'h', '2'};
    static const uint8_t alpn_two[] = {0x00, 0x0c, 0x08, 'h', 't',  't', 'p',
                                       '/',  '1',  '.',  '1', 0x02, 'h', '2'};
    static const uint8_t mfl[] = {0x01};
    static const uint8_t rsl[] = {0x40, 0x00};
    static const uint8_t two[] = {0x00, 0x00};
    static const uint8_t one[] = {0x00};
    static const uint8_t reneg[] = {0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const uint8_t compressed[] = {0x01, 0x01};
    static const uint8_t ticket[] = {1, 2, 3, 4};
    if (type != 2) {
        copy(type, body, len, out);
        return;
    }
    size_t ext_at = sh_suite_at(body) + 3;
    int add = -1, drop = -1; /* -1: none */
    const uint8_t *add_body = NULL;
    size_t add_len = 0;
    switch (f->arg) {
    case SHX_ALPN_UNSOLICITED:
        add = 16, add_body = alpn_h2, add_len = sizeof(alpn_h2);
        break;
    case SHX_UNKNOWN:
        add = 0x1234;
        break;
    case SHX_MAX_FRAGMENT:
        add = 1, add_body = mfl, add_len = 1;
        break;
    case SHX_RECORD_SIZE_LIMIT:
        add = 28, add_body = rsl, add_len = 2;
        break;
    case SHX_DUP_EMS:
        add = 23;
        break;
    case SHX_SNI_BODY:
        drop = 0, add = 0, add_body = two, add_len = 2;
        break;
    case SHX_EMS_BODY:
        drop = 23, add = 23, add_body = one, add_len = 1;
        break;
    case SHX_RENEG_NONEMPTY:
        drop = 0xff01, add = 0xff01, add_body = reneg, add_len = sizeof(reneg);
        break;
    case SHX_POINTS_NO_UNCOMPRESSED:
        drop = 11, add = 11, add_body = compressed, add_len = 2;
        break;
    case SHX_STATUS_BODY:
        drop = 5, add = 5, add_body = one, add_len = 1;
        break;
    case SHX_TICKET_BODY:
        drop = 35, add = 35, add_body = ticket, add_len = sizeof(ticket);
        break;
    case SHX_ALPN_TWO_NAMES:
        drop = 16, add = 16, add_body = alpn_two, add_len = sizeof(alpn_two);
        break;
    case SHX_HEARTBEAT:
        add = 15, add_body = one, add_len = 1;
        break;
    }
    lt_write_u8(out, 2);
    lt_wblock msg = lt_write_open(out, 3);
    lt_write_bytes(out, body, ext_at);
    if (f->arg != SHX_NO_EXTENSIONS) {
        lt_wblock exts = lt_write_open(out, 2);
        size_t off = ext_at + 2;
        while (off + 4 <= len) {
            uint16_t t = (uint16_t)(body[off] << 8 | body[off + 1]);
            size_t l = (size_t)body[off + 2] << 8 | body[off + 3];
            if (t != drop)
                lt_write_bytes(out, body + off, 4 + l);
            off += 4 + l;
        }
        if (add >= 0) {
            lt_write_u16(out, (uint16_t)add);
            lt_wblock b = lt_write_open(out, 2);
            lt_write_bytes(out, add_body, add_len);
            lt_write_close(out, b);
        }
        lt_write_close(out, exts);
    }
    lt_write_close(out, msg);
}

/* ---- the order of messages ---- */

enum { ORDER_DROP, ORDER_DUPLICATE, ORDER_INSERT_AFTER };

/* arg: the variant, the message type it acts on, and for an insertion the
 * type inserted. */
#define ORD(variant, type, inserted) ((variant) | ((type) << 8) | ((inserted) << 16))

static void message_order(fake_server *f, uint8_t type, const uint8_t *body, size_t len,
                          lt_writer *out)
{
    static const uint8_t filler[40] = {3, 3};
    int variant = f->arg & 0xff, target = (f->arg >> 8) & 0xff, inserted = f->arg >> 16;
    if (type != target) {
        copy(type, body, len, out);
        return;
    }
    if (variant == ORDER_DUPLICATE || variant == ORDER_INSERT_AFTER)
        copy(type, body, len, out);
    if (variant == ORDER_DUPLICATE)
        copy(type, body, len, out);
    if (variant == ORDER_INSERT_AFTER)
        copy((uint8_t)inserted, filler, inserted == 14 ? 0 : sizeof(filler), out);
}

/* The ServerKeyExchange held back and written after the ServerHelloDone. */
static void swap_ske_shd(fake_server *f, uint8_t type, const uint8_t *body, size_t len,
                         lt_writer *out)
{
    static uint8_t held[4096];
    static size_t held_len;
    (void)f;
    if (type == 12 && len <= sizeof(held)) {
        memcpy(held, body, len);
        held_len = len;
        return;
    }
    copy(type, body, len, out);
    if (type == 14)
        copy(12, held, held_len, out);
}

/* A HelloRequest before the ServerHello (RFC 5246 7.4.1.1: a client
 * that is negotiating ignores it). */
static void hello_request_first(fake_server *f, uint8_t type, const uint8_t *body, size_t len,
                                lt_writer *out)
{
    (void)f;
    if (type == 2)
        copy(0, NULL, 0, out);
    copy(type, body, len, out);
}

static void server_hello_done_body(fake_server *f, uint8_t type, const uint8_t *body, size_t len,
                                   lt_writer *out)
{
    static const uint8_t one[] = {0};
    (void)f;
    if (type == 14)
        copy(type, one, 1, out);
    else
        copy(type, body, len, out);
}

/* A CertificateRequest before the ServerHelloDone. */
enum { CR_EMPTY_TYPES, CR_EMPTY_SCHEMES, CR_GOOD };

static void certificate_request(fake_server *f, uint8_t type, const uint8_t *body, size_t len,
                                lt_writer *out)
{
    static const uint8_t empty_types[] = {0x00, 0x00, 0x02, 0x04, 0x01, 0x00, 0x00};
    static const uint8_t empty_schemes[] = {0x01, 0x01, 0x00, 0x00, 0x00, 0x00};
    static const uint8_t good[] = {0x02, 0x01, 0x40, 0x00, 0x04, 0x04,
                                   0x01, 0x04, 0x03, 0x00, 0x00};
    if (type == 14) {
        if (f->arg == CR_EMPTY_TYPES)
            copy(13, empty_types, sizeof(empty_types), out);
        else if (f->arg == CR_EMPTY_SCHEMES)
            copy(13, empty_schemes, sizeof(empty_schemes), out);
        else
            copy(13, good, sizeof(good), out);
    }
    copy(type, body, len, out);
}

/* ---- Certificate ---- */

enum {
    CERT_EMPTY_LIST,
    CERT_GARBAGE,
    CERT_ENTRY_LEN_OVER,
    CERT_LIST_LEN_SHORT,
    CERT_ZERO_ENTRY,
    CERT_TRUNCATED_DER
};

static void certificate(fake_server *f, uint8_t type, const uint8_t *body, size_t len,
                        lt_writer *out)
{
    static const uint8_t empty[] = {0, 0, 0};
    static const uint8_t garbage[] = {0,   0,   13,  0,   0,   10,  'n', 'o',
                                      't', ' ', 'a', ' ', 'c', 'e', 'r', 't'};
    static const uint8_t entry_over[] = {0, 0, 8, 0, 0, 9, 0x30, 0x03, 0x02, 0x01, 0x01};
    static const uint8_t zero_entry[] = {0, 0, 3, 0, 0, 0};
    if (type != 11) {
        copy(type, body, len, out);
        return;
    }
    uint8_t b[16384];
    switch (f->arg) {
    case CERT_EMPTY_LIST:
        copy(type, empty, sizeof(empty), out);
        break;
    case CERT_GARBAGE:
        copy(type, garbage, sizeof(garbage), out);
        break;
    case CERT_ENTRY_LEN_OVER:
        copy(type, entry_over, sizeof(entry_over), out);
        break;
    case CERT_LIST_LEN_SHORT:
        if (len > sizeof(b))
            abort();
        memcpy(b, body, len);
        b[2]--;
        copy(type, b, len, out);
        break;
    case CERT_ZERO_ENTRY:
        copy(type, zero_entry, sizeof(zero_entry), out);
        break;
    case CERT_TRUNCATED_DER: /* the leaf's DER cut by 20 bytes, lengths kept consistent */
        if (len > sizeof(b) || len < 40)
            abort();
        memcpy(b, body, len);
        {
            size_t leaf = (size_t)b[3] << 16 | (size_t)b[4] << 8 | b[5];
            size_t cut = leaf - 20, list = cut + 3;
            b[0] = (uint8_t)(list >> 16), b[1] = (uint8_t)(list >> 8), b[2] = (uint8_t)list;
            b[3] = (uint8_t)(cut >> 16), b[4] = (uint8_t)(cut >> 8), b[5] = (uint8_t)cut;
            copy(type, b, 3 + list, out);
        }
        break;
    }
}

/* ---- ServerKeyExchange ---- */

enum {
    SKE_GROUP,           /* arg2: the named group put in, re-signed */
    SKE_CURVE_TYPE,      /* arg2: the curve_type put in, re-signed */
    SKE_POINT_LEN,       /* arg2: the point's new length, re-signed */
    SKE_POINT_OFF_CURVE, /* a P-256 point not on the curve, re-signed */
    SKE_POINT_COMPRESSED,
    SKE_SIG_FLIPPED,
    SKE_SIG_EMPTY,
    SKE_SCHEME, /* arg2: re-signed with this scheme */
    SKE_TRAILING,
    SKE_TRUNCATED,
    SKE_DHE_G,  /* arg2: g */
    SKE_DHE_YS, /* arg2: Ys */
    SKE_DHE_SMALL_P,
    SKE_RESIGNED, /* unchanged params, signed again with the same scheme */
};

static void server_key_exchange(fake_server *f, uint8_t type, const uint8_t *body, size_t len,
                                lt_writer *out)
{
    if (type != 12) {
        copy(type, body, len, out);
        return;
    }
    int variant = f->arg & 0xff;
    uint16_t value = (uint16_t)(f->arg >> 8);
    size_t plen = fake_server_ske_params_len(body, len);
    if (plen == 0 || plen + 4 > len)
        abort();
    uint16_t scheme = (uint16_t)(body[plen] << 8 | body[plen + 1]);
    uint8_t p[2048];
    if (plen > sizeof(p) - 128)
        abort();
    memcpy(p, body, plen);
    size_t n = plen;
    uint8_t b[4096];
    switch (variant) {
    case SKE_GROUP:
        p[1] = (uint8_t)(value >> 8), p[2] = (uint8_t)value;
        break;
    case SKE_CURVE_TYPE:
        p[0] = (uint8_t)value;
        break;
    case SKE_POINT_LEN:
        p[3] = (uint8_t)value;
        n = 4 + value;
        memset(p + plen, 0x42, n > plen ? n - plen : 0);
        break;
    case SKE_POINT_OFF_CURVE:
        memset(p + 5, 0x01, n - 5);
        break;
    case SKE_POINT_COMPRESSED: /* 02 || x, 33 bytes */
        p[3] = 33;
        p[4] = 0x02;
        n = 4 + 33;
        break;
    case SKE_SIG_FLIPPED:
    case SKE_TRAILING:
    case SKE_TRUNCATED:
        if (len > sizeof(b) - 1)
            abort();
        memcpy(b, body, len);
        if (variant == SKE_SIG_FLIPPED)
            b[len - 1] ^= 0x01;
        if (variant == SKE_TRAILING)
            b[len++] = 0;
        if (variant == SKE_TRUNCATED)
            len -= 10;
        copy(type, b, len, out);
        return;
    case SKE_SIG_EMPTY:
        lt_write_u8(out, 12);
        lt_write_u24(out, (uint32_t)(plen + 4));
        lt_write_bytes(out, p, plen);
        lt_write_u16(out, scheme);
        lt_write_u16(out, 0);
        return;
    case SKE_SCHEME:
        scheme = value;
        break;
    case SKE_DHE_G: { /* dh_p, then dh_g of one byte */
        size_t p_len = (size_t)p[0] << 8 | p[1];
        size_t g_at = 2 + p_len, g_len = (size_t)p[g_at] << 8 | p[g_at + 1];
        size_t ys_at = g_at + 2 + g_len;
        lt_writer w;
        lt_writer_init_fixed(&w, b, sizeof(b));
        lt_write_bytes(&w, p, g_at);
        lt_write_u16(&w, 1);
        lt_write_u8(&w, (uint8_t)value);
        lt_write_bytes(&w, p + ys_at, plen - ys_at);
        memcpy(p, b, w.len);
        n = w.len;
        break;
    }
    case SKE_DHE_YS: {
        size_t p_len = (size_t)p[0] << 8 | p[1];
        size_t g_at = 2 + p_len, g_len = (size_t)p[g_at] << 8 | p[g_at + 1];
        size_t ys_at = g_at + 2 + g_len;
        p[ys_at] = 0, p[ys_at + 1] = 1;
        p[ys_at + 2] = (uint8_t)value;
        n = ys_at + 3;
        break;
    }
    case SKE_DHE_SMALL_P: { /* a 1024-bit p: ffdhe2048's top half */
        size_t p_len = (size_t)p[0] << 8 | p[1];
        lt_writer w;
        lt_writer_init_fixed(&w, b, sizeof(b));
        lt_write_u16(&w, 128);
        lt_write_bytes(&w, p + 2, 127);
        lt_write_u8(&w, 0xff);
        lt_write_bytes(&w, p + 2 + p_len, plen - 2 - p_len);
        memcpy(p, b, w.len);
        n = w.len;
        break;
    }
    case SKE_RESIGNED:
        break;
    }
    fake_server_signed_ske(f, p, n, scheme, out);
}

/* ---- records ---- */

enum {
    REC_CCS_BEFORE_HELLO,
    REC_APPDATA_BEFORE_HELLO,
    REC_FATAL_ALERT_FIRST,
    REC_WARNING_BEFORE_HELLO,
    REC_OVERSIZED_FIRST,
    REC_ONE_BYTE_RECORDS,
    REC_CCS_BODY, /* arg2: 0 = 02, 1 = empty, 2 = 01 01 */
    REC_CCS_TWICE,
    REC_FINISHED_FLIPPED,
    REC_FINISHED_WRONG,
    REC_FINISHED_SHORT,
    REC_HELLO_VERSION_0301,
    REC_HELLO_VERSION_0304,
    REC_EMPTY_HANDSHAKE_FIRST,
};

static void prepend(pair_record *rec, const uint8_t *bytes, size_t n)
{
    uint8_t buf[32768];
    if (rec->len + n > sizeof(buf))
        abort();
    memcpy(buf, bytes, n);
    memcpy(buf + n, rec->bytes, rec->len);
    fake_server_set_record(rec, buf, rec->len + n);
}

static void records(fake_server *f, size_t index, pair_record *rec)
{
    static const uint8_t ccs[] = {20, 3, 3, 0, 1, 1};
    static const uint8_t appdata[] = {23, 3, 3, 0, 3, 'a', 'b', 'c'};
    static const uint8_t fatal[] = {21, 3, 3, 0, 2, 2, 40};
    static const uint8_t warning[] = {21, 3, 3, 0, 2, 1, 112};
    static const uint8_t empty_hs[] = {22, 3, 3, 0, 0};
    int variant = f->arg & 0xff, value = f->arg >> 8;
    bool first = index == 0;
    bool is_ccs = rec->bytes[0] == 20;
    switch (variant) {
    case REC_CCS_BEFORE_HELLO:
        if (first)
            prepend(rec, ccs, sizeof(ccs));
        break;
    case REC_APPDATA_BEFORE_HELLO:
        if (first)
            prepend(rec, appdata, sizeof(appdata));
        break;
    case REC_FATAL_ALERT_FIRST:
        if (first)
            fake_server_set_record(rec, fatal, sizeof(fatal));
        break;
    case REC_WARNING_BEFORE_HELLO:
        if (first)
            prepend(rec, warning, sizeof(warning));
        break;
    case REC_EMPTY_HANDSHAKE_FIRST:
        if (first)
            prepend(rec, empty_hs, sizeof(empty_hs));
        break;
    case REC_OVERSIZED_FIRST:
        if (first) {
            uint8_t big[5 + 16385] = {22, 3, 3, 0x40, 0x01};
            memcpy(big + 5, rec->bytes + 5, rec->len - 5);
            fake_server_set_record(rec, big, sizeof(big));
        }
        break;
    case REC_ONE_BYTE_RECORDS:
        if (!f->after_ccs && !is_ccs) {
            uint8_t buf[8 * 16384];
            size_t n = 0;
            for (size_t i = 5; i < rec->len && n + 6 <= sizeof(buf); i++) {
                memcpy(buf + n, rec->bytes, 3);
                buf[n + 3] = 0, buf[n + 4] = 1, buf[n + 5] = rec->bytes[i];
                n += 6;
            }
            fake_server_set_record(rec, buf, n);
        }
        break;
    case REC_HELLO_VERSION_0301:
    case REC_HELLO_VERSION_0304:
        if (first)
            rec->bytes[2] = variant == REC_HELLO_VERSION_0301 ? 1 : 4;
        break;
    case REC_CCS_BODY:
        if (is_ccs && !f->after_ccs) {
            static const uint8_t two[] = {20, 3, 3, 0, 1, 2};
            static const uint8_t empty[] = {20, 3, 3, 0, 0};
            static const uint8_t double_one[] = {20, 3, 3, 0, 2, 1, 1};
            if (value == 0)
                fake_server_set_record(rec, two, sizeof(two));
            else if (value == 1)
                fake_server_set_record(rec, empty, sizeof(empty));
            else
                fake_server_set_record(rec, double_one, sizeof(double_one));
        }
        break;
    case REC_CCS_TWICE:
        if (is_ccs && !f->after_ccs)
            prepend(rec, ccs, sizeof(ccs));
        break;
    case REC_FINISHED_FLIPPED:
        if (f->after_ccs && index == f->ccs_index + 1)
            rec->bytes[rec->len - 1] ^= 0x01;
        break;
    case REC_FINISHED_WRONG:
    case REC_FINISHED_SHORT:
        if (f->after_ccs && index == f->ccs_index + 1)
            bend_finished(f->p->server, rec, variant == REC_FINISHED_SHORT);
        break;
    }
}

#define C(id, rfc, what, ans, msg, record, arg, flags)                                             \
    {                                                                                              \
        {id, rfc, what, ans, 0, 0}, msg, record, arg, flags                                        \
    }
#define A_UNEXPECTED 10
#define A_BAD_RECORD_MAC 20
#define A_RECORD_OVERFLOW 22
#define A_HANDSHAKE_FAILURE 40
#define A_BAD_CERTIFICATE 42
#define A_UNSUPPORTED_CERTIFICATE 43
#define A_CERTIFICATE_UNKNOWN 46
#define A_ILLEGAL_PARAMETER 47
#define A_UNKNOWN_CA 48
#define A_DECODE_ERROR 50
#define A_DECRYPT_ERROR 51
#define A_PROTOCOL_VERSION 70
#define A_INSUFFICIENT_SECURITY 71
#define A_UNSUPPORTED_EXTENSION 110

const client_row client_rows[] = {
    C("C-base", "RFC 5246 7.3", "the server unchanged", EXPECT_COMPLETE, NULL, NULL, 0, 0),
    C("C-base-resumed", "RFC 5246 7.3", "a resumed handshake unchanged", EXPECT_COMPLETE, NULL,
      NULL, 0, CF_RESUME),
    C("C-base-rsa-kx", "RFC 5246 7.4.7.1", "RSA key exchange unchanged", EXPECT_COMPLETE, NULL,
      NULL, 0, CF_RSA_KX),
    C("C-base-dhe", "RFC 5246 7.4.3", "DHE unchanged", EXPECT_COMPLETE, NULL, NULL, 0, CF_DHE),
    /* ServerHello. */
    C("C-sh-version-0302", "RFC 5246 E.1", "ServerHello TLS 1.1", A_PROTOCOL_VERSION,
      server_hello_field, NULL, SHA(SH_VERSION, 0x0302), 0),
    C("C-sh-version-0300", "RFC 5246 E.1", "ServerHello SSL 3.0", A_PROTOCOL_VERSION,
      server_hello_field, NULL, SHA(SH_VERSION, 0x0300), 0),
    C("C-sh-version-0304", "RFC 5246 E.1", "ServerHello {03,04}, not offered", A_PROTOCOL_VERSION,
      server_hello_field, NULL, SHA(SH_VERSION, 0x0304), 0),
    C("C-sh-version-0200", "RFC 5246 E.1", "ServerHello {02,00}", A_PROTOCOL_VERSION,
      server_hello_field, NULL, SHA(SH_VERSION, 0x0200), 0),
    /* RFC 8446 4.1.3: a client that offered TLS 1.3 and gets TLS 1.2
     * with the sentinel aborts; without it (a TLS 1.2 server) it goes on. */
    C("C-sh-offer13-tls12", "RFC 8446 4.1.3", "TLS 1.2 to a client offering 1.3, no sentinel",
      EXPECT_COMPLETE, NULL, NULL, 0, CF_OFFER13),
    C("C-sh-downgrade-12", "RFC 8446 4.1.3", "TLS 1.2 with the DOWNGRD 01 sentinel",
      A_ILLEGAL_PARAMETER, server_hello_field, NULL, SHA(SH_DOWNGRADE, 1), CF_OFFER13),
    C("C-sh-downgrade-11", "RFC 8446 4.1.3", "TLS 1.2 with the DOWNGRD 00 sentinel",
      A_ILLEGAL_PARAMETER, server_hello_field, NULL, SHA(SH_DOWNGRADE, 0), CF_OFFER13),
    C("C-sh-suite-not-offered", "RFC 5246 7.4.1.3", "a suite the client did not offer (0x0035)",
      A_ILLEGAL_PARAMETER, server_hello_field, NULL, SHA(SH_SUITE, 0x0035), 0),
    C("C-sh-suite-null", "RFC 5246 7.4.1.3", "TLS_NULL_WITH_NULL_NULL", A_ILLEGAL_PARAMETER,
      server_hello_field, NULL, SHA(SH_SUITE, 0x0000), 0),
    C("C-sh-suite-scsv", "RFC 5746 3.3", "the renegotiation SCSV as the suite", A_ILLEGAL_PARAMETER,
      server_hello_field, NULL, SHA(SH_SUITE, 0x00ff), 0),
    C("C-sh-suite-tls13", "RFC 5246 7.4.1.3", "TLS_AES_128_GCM_SHA256 (a 1.3 suite)",
      A_ILLEGAL_PARAMETER, server_hello_field, NULL, SHA(SH_SUITE, 0x1301), 0),
    C("C-sh-compression", "RFC 5246 7.4.1.3", "compression method 1, not offered",
      A_ILLEGAL_PARAMETER, server_hello_field, NULL, SHA(SH_COMPRESSION_1, 0), 0),
    C("C-sh-sid-33", "RFC 5246 7.4.1.3", "a 33-byte session ID", A_DECODE_ERROR, server_hello_field,
      NULL, SHA(SH_SID_33, 0), 0),
    C("C-sh-trailing", "RFC 5246 7.4.1.3", "a byte after the extensions", A_DECODE_ERROR,
      server_hello_field, NULL, SHA(SH_TRAILING, 0), 0),
    C("C-sh-truncated", "RFC 5246 7.4.1.3", "cut inside the cipher suite", A_DECODE_ERROR,
      server_hello_field, NULL, SHA(SH_TRUNCATED, 0), 0),
    C("C-sh-ext-len-over", "RFC 5246 7.4.1.4", "extensions length past the body", A_DECODE_ERROR,
      server_hello_field, NULL, SHA(SH_EXT_LEN_OVER, 0), 0),
    C("C-shx-alpn-unsolicited", "RFC 5246 7.4.1.4", "ALPN the client did not offer",
      A_UNSUPPORTED_EXTENSION, server_hello_ext, NULL, SHX_ALPN_UNSOLICITED, 0),
    C("C-shx-unknown", "RFC 5246 7.4.1.4", "an unknown extension", A_UNSUPPORTED_EXTENSION,
      server_hello_ext, NULL, SHX_UNKNOWN, 0),
    C("C-shx-max-fragment", "RFC 6066 4", "max_fragment_length, not offered",
      A_UNSUPPORTED_EXTENSION, server_hello_ext, NULL, SHX_MAX_FRAGMENT, 0),
    C("C-shx-record-size-limit", "RFC 8449 4", "record_size_limit, not offered",
      A_UNSUPPORTED_EXTENSION, server_hello_ext, NULL, SHX_RECORD_SIZE_LIMIT, 0),
    C("C-shx-heartbeat", "RFC 6520 2", "heartbeat, not offered", A_UNSUPPORTED_EXTENSION,
      server_hello_ext, NULL, SHX_HEARTBEAT, 0),
    C("C-shx-dup-ems", "RFC 5246 7.4.1.4", "extended_master_secret twice", A_DECODE_ERROR,
      server_hello_ext, NULL, SHX_DUP_EMS, 0),
    C("C-shx-sni-body", "RFC 6066 3", "server_name with a body", A_DECODE_ERROR, server_hello_ext,
      NULL, SHX_SNI_BODY, 0),
    C("C-shx-ems-body", "RFC 7627 5.1", "extended_master_secret with a body", A_DECODE_ERROR,
      server_hello_ext, NULL, SHX_EMS_BODY, 0),
    C("C-shx-reneg-nonempty", "RFC 5746 3.4", "renegotiation_info not empty", A_HANDSHAKE_FAILURE,
      server_hello_ext, NULL, SHX_RENEG_NONEMPTY, 0),
    C("C-shx-points-compressed", "RFC 8422 5.2", "ec_point_formats without uncompressed",
      A_ILLEGAL_PARAMETER, server_hello_ext, NULL, SHX_POINTS_NO_UNCOMPRESSED, 0),
    C("C-shx-status-body", "RFC 6066 8", "status_request with a body", A_DECODE_ERROR,
      server_hello_ext, NULL, SHX_STATUS_BODY, 0),
    C("C-shx-ticket-body", "RFC 5077 3.2", "session_ticket with a body", A_DECODE_ERROR,
      server_hello_ext, NULL, SHX_TICKET_BODY, 0),
    C("C-shx-alpn-two-names", "RFC 7301 3.1", "ALPN with two names (no alert named)",
      A_ILLEGAL_PARAMETER, server_hello_ext, NULL, SHX_ALPN_TWO_NAMES, CF_ALPN),
    C("C-shx-none", "RFC 7627 5.3", "no extensions: a full handshake without EMS goes on",
      EXPECT_ACCEPTED, server_hello_ext, NULL, SHX_NO_EXTENSIONS, 0),
    /* The order of messages. */
    C("C-order-hellorequest", "RFC 5246 7.4.1.1", "HelloRequest before ServerHello: ignored",
      EXPECT_COMPLETE, hello_request_first, NULL, 0, 0),
    C("C-order-sh-twice", "RFC 5246 7.4", "ServerHello twice", A_UNEXPECTED, message_order, NULL,
      ORD(ORDER_DUPLICATE, 2, 0), 0),
    C("C-order-cert-twice", "RFC 5246 7.4", "Certificate twice", A_UNEXPECTED, message_order, NULL,
      ORD(ORDER_DUPLICATE, 11, 0), 0),
    C("C-order-no-cert", "RFC 5246 7.4.2", "no Certificate", A_UNEXPECTED, message_order, NULL,
      ORD(ORDER_DROP, 11, 0), 0),
    C("C-order-no-ske", "RFC 5246 7.4.3", "no ServerKeyExchange for ECDHE", A_UNEXPECTED,
      message_order, NULL, ORD(ORDER_DROP, 12, 0), 0),
    C("C-order-no-ske-dhe", "RFC 5246 7.4.3", "no ServerKeyExchange for DHE", A_UNEXPECTED,
      message_order, NULL, ORD(ORDER_DROP, 12, 0), CF_DHE),
    C("C-order-ske-after-shd", "RFC 5246 7.4", "ServerKeyExchange after ServerHelloDone",
      A_UNEXPECTED, swap_ske_shd, NULL, 0, 0),
    C("C-order-ske-rsa-kx", "RFC 5246 7.4.3", "ServerKeyExchange in RSA key exchange", A_UNEXPECTED,
      message_order, NULL, ORD(ORDER_INSERT_AFTER, 11, 12), CF_RSA_KX),
    C("C-order-clienthello", "RFC 5246 7.4", "a ClientHello from the server", A_UNEXPECTED,
      message_order, NULL, ORD(ORDER_INSERT_AFTER, 2, 1), 0),
    C("C-order-finished-early", "RFC 5246 7.4", "Finished after ServerHello", A_UNEXPECTED,
      message_order, NULL, ORD(ORDER_INSERT_AFTER, 2, 20), 0),
    C("C-order-cke-from-server", "RFC 5246 7.4", "ClientKeyExchange from the server", A_UNEXPECTED,
      message_order, NULL, ORD(ORDER_INSERT_AFTER, 11, 16), 0),
    C("C-order-type-99", "RFC 5246 7.4", "unknown handshake type 99", A_UNEXPECTED, message_order,
      NULL, ORD(ORDER_INSERT_AFTER, 2, 99), 0),
    C("C-order-shd-twice", "RFC 5246 7.4", "ServerHelloDone twice", A_UNEXPECTED, message_order,
      NULL, ORD(ORDER_DUPLICATE, 14, 0), 0),
    C("C-order-cr-after-shd", "RFC 5246 7.4.4", "CertificateRequest after ServerHelloDone",
      A_UNEXPECTED, message_order, NULL, ORD(ORDER_INSERT_AFTER, 14, 13), 0),
    C("C-shd-body", "RFC 5246 7.4.5", "ServerHelloDone with a body", A_DECODE_ERROR,
      server_hello_done_body, NULL, 0, 0),
    C("C-cr-empty-types", "RFC 5246 7.4.4", "CertificateRequest without certificate_types",
      A_DECODE_ERROR, certificate_request, NULL, CR_EMPTY_TYPES, 0),
    C("C-cr-empty-schemes", "RFC 5246 7.4.4", "CertificateRequest with no schemes", A_DECODE_ERROR,
      certificate_request, NULL, CR_EMPTY_SCHEMES, 0),
    C("C-cr-no-cert", "RFC 5246 7.4.6", "CertificateRequest, client has none: goes on",
      EXPECT_ACCEPTED, certificate_request, NULL, CR_GOOD, 0),
    /* Certificate. */
    /* RFC 5246 names no alert for these three; the rows record latch's. */
    C("C-cert-empty", "RFC 5246 7.4.2", "an empty certificate_list", A_BAD_CERTIFICATE, certificate,
      NULL, CERT_EMPTY_LIST, 0),
    C("C-cert-garbage", "RFC 5246 7.2.2", "a certificate that is not DER", A_DECODE_ERROR,
      certificate, NULL, CERT_GARBAGE, 0),
    C("C-cert-truncated-der", "RFC 5246 7.2.2", "the leaf's DER cut by 20 bytes", A_DECODE_ERROR,
      certificate, NULL, CERT_TRUNCATED_DER, 0),
    C("C-cert-entry-len-over", "RFC 5246 7.4.2", "an entry longer than the list", A_DECODE_ERROR,
      certificate, NULL, CERT_ENTRY_LEN_OVER, 0),
    C("C-cert-list-len-short", "RFC 5246 7.4.2", "certificate_list length 1 short", A_DECODE_ERROR,
      certificate, NULL, CERT_LIST_LEN_SHORT, 0),
    C("C-cert-zero-entry", "RFC 5246 7.4.2", "an empty ASN.1Cert", A_DECODE_ERROR, certificate,
      NULL, CERT_ZERO_ENTRY, 0),
    C("C-cert-untrusted", "RFC 5246 7.2.2", "a chain from a CA the client does not trust",
      A_UNKNOWN_CA, NULL, NULL, 0, CF_UNTRUSTED),
    C("C-cert-other-name", "RFC 6125 6", "a certificate for other.example", A_BAD_CERTIFICATE, NULL,
      NULL, 0, CF_OTHER_NAME),
    /* ServerKeyExchange, re-signed by the script (items 11 and the RFC 8422 rules). */
    C("C-ske-resigned", "RFC 5246 7.4.3", "the same params signed again", EXPECT_ACCEPTED,
      server_key_exchange, NULL, SHA(SKE_RESIGNED, 0), 0),
    C("C-ske-group-not-offered", "RFC 8422 5.4", "secp521r1, not offered", A_ILLEGAL_PARAMETER,
      server_key_exchange, NULL, SHA(SKE_GROUP, 0x0019), 0),
    C("C-ske-group-unknown", "RFC 8422 5.4", "an unknown group 0x0fa0", A_ILLEGAL_PARAMETER,
      server_key_exchange, NULL, SHA(SKE_GROUP, 0x0fa0), 0),
    C("C-ske-group-ffdhe", "RFC 8422 5.4", "an FFDHE group in ECDHE params", A_ILLEGAL_PARAMETER,
      server_key_exchange, NULL, SHA(SKE_GROUP, 0x0100), 0),
    C("C-ske-explicit-curve", "RFC 8422 5.4", "curve_type explicit_prime (deprecated)",
      A_ILLEGAL_PARAMETER, server_key_exchange, NULL, SHA(SKE_CURVE_TYPE, 1), 0),
    C("C-ske-curve-type-9", "RFC 8422 5.4", "curve_type 9", A_ILLEGAL_PARAMETER,
      server_key_exchange, NULL, SHA(SKE_CURVE_TYPE, 9), 0),
    C("C-ske-x25519-31", "RFC 8422 5.4", "an x25519 share of 31 bytes", A_ILLEGAL_PARAMETER,
      server_key_exchange, NULL, SHA(SKE_POINT_LEN, 31), 0),
    C("C-ske-x25519-33", "RFC 8422 5.4", "an x25519 share of 33 bytes", A_ILLEGAL_PARAMETER,
      server_key_exchange, NULL, SHA(SKE_POINT_LEN, 33), 0),
    C("C-ske-point-empty", "RFC 8422 5.4", "an empty point", A_DECODE_ERROR, server_key_exchange,
      NULL, SHA(SKE_POINT_LEN, 0), 0),
    C("C-ske-p256-off-curve", "RFC 8422 5.4", "a P-256 point off the curve", A_ILLEGAL_PARAMETER,
      server_key_exchange, NULL, SHA(SKE_POINT_OFF_CURVE, 0), CF_P256),
    C("C-ske-p256-compressed", "RFC 8422 5.1.2", "a compressed P-256 point, not negotiated",
      A_ILLEGAL_PARAMETER, server_key_exchange, NULL, SHA(SKE_POINT_COMPRESSED, 0), CF_P256),
    C("C-ske-sig-flipped", "RFC 5246 7.4.3", "one signature bit flipped", A_DECRYPT_ERROR,
      server_key_exchange, NULL, SHA(SKE_SIG_FLIPPED, 0), 0),
    C("C-ske-sig-empty", "RFC 5246 7.4.3", "an empty signature", A_DECRYPT_ERROR,
      server_key_exchange, NULL, SHA(SKE_SIG_EMPTY, 0), 0),
    C("C-ske-scheme-sha1", "RFC 5246 7.4.1.4.1", "signed rsa_pkcs1_sha1, not offered",
      A_ILLEGAL_PARAMETER, server_key_exchange, NULL, SHA(SKE_SCHEME, 0x0201), 0),
    C("C-ske-scheme-ecdsa-rsa-key", "RFC 5246 7.4.1.4.1", "an ECDSA scheme on an RSA key",
      A_ILLEGAL_PARAMETER, server_key_exchange, NULL, SHA(SKE_SCHEME, 0x0403), 0),
    C("C-ske-scheme-pkcs1", "RFC 5246 7.4.1.4.1", "signed rsa_pkcs1_sha256 instead",
      EXPECT_ACCEPTED, server_key_exchange, NULL, SHA(SKE_SCHEME, 0x0401), 0),
    C("C-ske-scheme-pss384", "RFC 8446 4.2.3", "signed rsa_pss_rsae_sha384 instead",
      EXPECT_ACCEPTED, server_key_exchange, NULL, SHA(SKE_SCHEME, 0x0805), 0),
    C("C-ske-trailing", "RFC 5246 7.4.3", "a byte after the signature", A_DECODE_ERROR,
      server_key_exchange, NULL, SHA(SKE_TRAILING, 0), 0),
    C("C-ske-truncated", "RFC 5246 7.4.3", "cut 10 bytes short", A_DECODE_ERROR,
      server_key_exchange, NULL, SHA(SKE_TRUNCATED, 0), 0),
    C("C-ske-p384-sha256", "RFC 5246 7.4.1.4.1", "P-384 key signs ecdsa_secp256r1_sha256 (item 11)",
      EXPECT_ACCEPTED, server_key_exchange, NULL, SHA(SKE_SCHEME, 0x0403), CF_P384_CERT),
    C("C-ske-p384-sha384", "RFC 5246 7.4.1.4.1", "P-384 key signs ecdsa_secp384r1_sha384",
      EXPECT_ACCEPTED, server_key_exchange, NULL, SHA(SKE_SCHEME, 0x0503), CF_P384_CERT),
    C("C-ske-dhe-small-p", "RFC 7919 3", "a 1024-bit DH prime", A_INSUFFICIENT_SECURITY,
      server_key_exchange, NULL, SHA(SKE_DHE_SMALL_P, 0), CF_DHE),
    C("C-ske-dhe-g-1", "RFC 7919 3", "DH generator 1", A_ILLEGAL_PARAMETER, server_key_exchange,
      NULL, SHA(SKE_DHE_G, 1), CF_DHE),
    C("C-ske-dhe-ys-1", "RFC 7919 3", "DH public value 1", A_ILLEGAL_PARAMETER, server_key_exchange,
      NULL, SHA(SKE_DHE_YS, 1), CF_DHE),
    C("C-ske-dhe-ys-0", "RFC 7919 3", "DH public value 0", A_ILLEGAL_PARAMETER, server_key_exchange,
      NULL, SHA(SKE_DHE_YS, 0), CF_DHE),
    C("C-ske-dhe-resigned", "RFC 5246 7.4.3", "DHE params signed again", EXPECT_ACCEPTED,
      server_key_exchange, NULL, SHA(SKE_RESIGNED, 0), CF_DHE),
    /* Records. */
    C("C-rec-ccs-first", "RFC 5246 7.1", "ChangeCipherSpec before ServerHello", A_UNEXPECTED, NULL,
      records, REC_CCS_BEFORE_HELLO, 0),
    C("C-rec-appdata-first", "RFC 5246 6", "application data before ServerHello", A_UNEXPECTED,
      NULL, records, REC_APPDATA_BEFORE_HELLO, 0),
    C("C-rec-fatal-alert", "RFC 5246 7.2.2", "a fatal alert instead of ServerHello: no answer",
      EXPECT_CLOSED, NULL, records, REC_FATAL_ALERT_FIRST, 0),
    C("C-rec-warning-first", "RFC 6066 3", "warning unrecognized_name before ServerHello",
      EXPECT_COMPLETE, NULL, records, REC_WARNING_BEFORE_HELLO, 0),
    C("C-rec-empty-handshake", "RFC 5246 6.2.1", "an empty handshake record (MUST NOT be sent)",
      A_DECODE_ERROR, NULL, records, REC_EMPTY_HANDSHAKE_FIRST, 0),
    C("C-rec-oversized", "RFC 5246 6.2.1", "a handshake record of 2^14+1 bytes", A_RECORD_OVERFLOW,
      NULL, records, REC_OVERSIZED_FIRST, 0),
    C("C-rec-one-byte", "RFC 5246 6.2.1", "the server's flight in 1-byte records", EXPECT_COMPLETE,
      NULL, records, REC_ONE_BYTE_RECORDS, 0),
    C("C-rec-version-0301", "RFC 5246 E.1", "ServerHello in a record {03,01}", A_PROTOCOL_VERSION,
      NULL, records, REC_HELLO_VERSION_0301, 0),
    C("C-rec-version-0304", "RFC 5246 E.1", "ServerHello in a record {03,04}", A_PROTOCOL_VERSION,
      NULL, records, REC_HELLO_VERSION_0304, 0),
    /* ChangeCipherSpec and Finished (item 7). */
    C("C-ccs-02", "RFC 5246 7.1", "ChangeCipherSpec body 02 (item 7)", A_UNEXPECTED, NULL, records,
      SHA(REC_CCS_BODY, 0), 0),
    C("C-ccs-empty", "RFC 5246 7.1", "empty ChangeCipherSpec (item 7)", A_UNEXPECTED, NULL, records,
      SHA(REC_CCS_BODY, 1), 0),
    C("C-ccs-0101", "RFC 5246 7.1", "ChangeCipherSpec body 01 01 (item 7)", A_UNEXPECTED, NULL,
      records, SHA(REC_CCS_BODY, 2), 0),
    C("C-ccs-twice", "RFC 5246 6.2.3", "ChangeCipherSpec twice: the second is not protected",
      A_BAD_RECORD_MAC, NULL, records, REC_CCS_TWICE, 0),
    C("C-ccs-02-resumed", "RFC 5246 7.1", "ChangeCipherSpec 02 in a resumption (item 7)",
      A_UNEXPECTED, NULL, records, SHA(REC_CCS_BODY, 0), CF_RESUME),
    C("C-fin-flipped", "RFC 5246 6.2.3.3", "server Finished record bit flipped", A_BAD_RECORD_MAC,
      NULL, records, REC_FINISHED_FLIPPED, CF_RESUME),
    C("C-fin-wrong", "RFC 5246 7.4.9", "server Finished verify_data wrong", A_DECRYPT_ERROR, NULL,
      records, REC_FINISHED_WRONG, CF_RESUME),
    C("C-fin-short", "RFC 5246 7.4.9", "server Finished of 11 bytes", A_DECODE_ERROR, NULL, records,
      REC_FINISHED_SHORT, CF_RESUME),
};

const size_t client_row_count = sizeof(client_rows) / sizeof(client_rows[0]);
