#include "server_rows.h"

#include <stdlib.h>
#include <string.h>

/* ---- the default hello, in one record ---- */

static void hello_record(const wire_hello *h, uint16_t record_version, size_t frag, lt_writer *out)
{
    lt_writer msg;
    lt_writer_init_growable(&msg, 0);
    wire_hello_message(h, &msg);
    wire_records(out, 22, record_version, msg.data, msg.len, frag);
    lt_writer_free(&msg);
}

void server_row_bytes(const server_row *row, lt_writer *out)
{
    if (row->build != NULL) {
        row->build(out, row->arg);
        return;
    }
    wire_hello h;
    wire_hello_default(&h);
    if (row->edit != NULL)
        row->edit(&h, row->arg);
    hello_record(&h, 0x0301, 0, out);
    wire_hello_free(&h);
}

/* ---- ClientHello edits ---- */

static void set_version(wire_hello *h, int v)
{
    h->version = (uint16_t)v;
}

static void set_session_id(wire_hello *h, int len)
{
    h->session_id_len = (size_t)len;
    memset(h->session_id, 0x5a, sizeof(h->session_id));
}

enum {
    SUITES_EMPTY,
    SUITES_ODD,
    SUITES_NONE_KNOWN,
    SUITES_ONLY_SCSV,
    SUITES_GREASE_FIRST,
    SUITES_300_UNKNOWN,
    SUITES_MAX_LIST,
    SUITES_RSA_KX,
    SUITES_DHE,
    SUITES_ECDHE,
    SUITES_FALLBACK_SCSV,
    SUITES_DHE_CBC,
    SUITES_ECDHE_ECDSA,
    SUITES_RSA_CBC,
};

static void set_suites(wire_hello *h, int which)
{
    static const uint16_t rsa_kx[] = {0x009c};
    static const uint16_t dhe[] = {0x009e};
    static const uint16_t ecdhe[] = {0xc02f};
    static const uint16_t none_known[] = {0x1301, 0x0000, 0x0005};
    static const uint16_t dhe_cbc[] = {0x0033, 0x0039, 0x0067, 0x006b};
    static const uint16_t ecdsa[] = {0xc02b};
    static const uint16_t rsa_cbc[] = {0x002f};
    switch (which) {
    case SUITES_EMPTY:
        wire_hello_set_suites(h, NULL, 0);
        break;
    case SUITES_ODD:
        lt_write_u8(&h->suites, 0x00);
        break;
    case SUITES_NONE_KNOWN:
        wire_hello_set_suites(h, none_known, 3);
        break;
    case SUITES_ONLY_SCSV:
        wire_hello_set_suites(h, NULL, 0);
        wire_hello_add_suite(h, 0x00ff);
        break;
    case SUITES_GREASE_FIRST:
        lt_writer_reset(&h->suites);
        wire_hello_add_suite(h, 0x0a0a);
        wire_hello_add_suite(h, 0xfafa);
        wire_hello_add_suite(h, 0xc02f);
        break;
    case SUITES_300_UNKNOWN:
        lt_writer_reset(&h->suites);
        for (int i = 0; i < 300; i++)
            wire_hello_add_suite(h, (uint16_t)(0xe000 + i));
        wire_hello_add_suite(h, 0xc02f);
        break;
    case SUITES_MAX_LIST: /* 32767 entries, the most cipher_suites<2..2^16-2> holds */
        lt_writer_reset(&h->suites);
        for (int i = 0; i < 32766; i++)
            wire_hello_add_suite(h, (uint16_t)(0xe000 + (i % 4096)));
        wire_hello_add_suite(h, 0xc02f);
        break;
    case SUITES_RSA_KX:
        wire_hello_set_suites(h, rsa_kx, 1);
        break;
    case SUITES_DHE:
        wire_hello_set_suites(h, dhe, 1);
        break;
    case SUITES_ECDHE:
        wire_hello_set_suites(h, ecdhe, 1);
        break;
    case SUITES_FALLBACK_SCSV:
        wire_hello_add_suite(h, 0x5600);
        break;
    case SUITES_DHE_CBC:
        wire_hello_set_suites(h, dhe_cbc, 4);
        break;
    case SUITES_ECDHE_ECDSA:
        wire_hello_set_suites(h, ecdsa, 1);
        break;
    case SUITES_RSA_CBC:
        wire_hello_set_suites(h, rsa_cbc, 1);
        break;
    }
}

/* One DHE CBC suite alone (item 3): arg is its code point. */
static void one_suite(wire_hello *h, int suite)
{
    lt_writer_reset(&h->suites);
    wire_hello_add_suite(h, (uint16_t)suite);
}

/* The version edit plus TLS_FALLBACK_SCSV. */
static void fallback(wire_hello *h, int version)
{
    h->version = (uint16_t)version;
    set_suites(h, SUITES_FALLBACK_SCSV);
}

enum { COMP_EMPTY, COMP_DEFLATE_ONLY, COMP_NULL_DEFLATE, COMP_255 };

static void set_compression(wire_hello *h, int which)
{
    lt_writer_reset(&h->compression);
    switch (which) {
    case COMP_EMPTY:
        break;
    case COMP_DEFLATE_ONLY:
        lt_write_u8(&h->compression, 1);
        break;
    case COMP_NULL_DEFLATE:
        lt_write_u8(&h->compression, 1);
        lt_write_u8(&h->compression, 0);
        break;
    case COMP_255:
        for (int i = 1; i < 255; i++)
            lt_write_u8(&h->compression, (uint8_t)(i + 1));
        lt_write_u8(&h->compression, 0);
        break;
    }
}

enum { EXT_NONE_AT_ALL, EXT_EMPTY_BLOCK };

static void extensions_block(wire_hello *h, int which)
{
    if (which == EXT_NONE_AT_ALL) {
        h->no_extensions = true;
        return;
    }
    while (h->ext_count > 0)
        wire_hello_drop_ext(h, h->ext[0].type);
    set_suites(h, SUITES_RSA_KX);
}

/* No extensions but the suites of the default hello: only RSA key
 * exchange is left (item 2). */
static void no_extensions_default_suites(wire_hello *h, int arg)
{
    (void)arg;
    h->no_extensions = true;
}

static void duplicate_ext(wire_hello *h, int type)
{
    static const uint8_t sni[] = {0x00, 0x0c, 0x00, 0x00, 0x09, 'l', 'o',
                                  'c',  'a',  'l',  'h',  'o',  's', 't'};
    if (type == 0)
        wire_hello_add_ext(h, 0, sni, sizeof(sni));
    else if (type == 23)
        wire_hello_add_ext(h, 23, NULL, 0);
    else {
        wire_hello_add_ext(h, (uint16_t)type, NULL, 0);
        wire_hello_add_ext(h, (uint16_t)type, NULL, 0);
    }
}

static void unknown_exts(wire_hello *h, int count)
{
    for (int i = 0; i < count; i++) {
        uint8_t body[2] = {(uint8_t)i, 0x00};
        wire_hello_add_ext(h, (uint16_t)(0x7000 + i), body, (size_t)(i % 3));
    }
}

static void grease_exts(wire_hello *h, int arg)
{
    (void)arg;
    static const uint8_t one[] = {0x00};
    wire_hello_add_ext(h, 0x0a0a, NULL, 0);
    wire_hello_add_ext(h, 0xdada, one, 1);
}

/* server_name (RFC 6066 3) bodies. */
enum {
    SNI_UNKNOWN_TYPE_FIRST,
    SNI_ONLY_UNKNOWN_TYPE,
    SNI_TWO_HOST_NAMES,
    SNI_EMPTY_LIST,
    SNI_EMPTY_NAME,
    SNI_BEL,
    SNI_ESC,
    SNI_NON_ASCII,
    SNI_NUL,
    SNI_UNKNOWN_HOST,
    SNI_LONGEST,
    SNI_LIST_TOO_LONG,
    SNI_SPACE,
    SNI_DEL,
};

static void sni_entry(lt_writer *w, uint8_t type, const char *name, size_t len)
{
    lt_write_u8(w, type);
    lt_wblock n = lt_write_open(w, 2);
    lt_write_bytes(w, (const uint8_t *)name, len);
    lt_write_close(w, n);
}

static void server_name(wire_hello *h, int which)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_wblock list = lt_write_open(&w, 2);
    char longest[253];
    switch (which) {
    case SNI_UNKNOWN_TYPE_FIRST:
        sni_entry(&w, 7, "opaque", 6);
        sni_entry(&w, 0, "localhost", 9);
        break;
    case SNI_ONLY_UNKNOWN_TYPE:
        sni_entry(&w, 7, "opaque", 6);
        break;
    case SNI_TWO_HOST_NAMES:
        sni_entry(&w, 0, "localhost", 9);
        sni_entry(&w, 0, "example.com", 11);
        break;
    case SNI_EMPTY_LIST:
        break;
    case SNI_EMPTY_NAME:
        sni_entry(&w, 0, "", 0);
        break;
    case SNI_BEL:
        sni_entry(&w, 0, "local\x07host", 10);
        break;
    case SNI_ESC:
        sni_entry(&w, 0, "\x1b[31mlocalhost", 14);
        break;
    case SNI_NON_ASCII:
        sni_entry(&w, 0, "caf\xc3\xa9.example", 13);
        break;
    case SNI_NUL:
        sni_entry(&w, 0, "localhost\0.evil", 15);
        break;
    case SNI_UNKNOWN_HOST:
        sni_entry(&w, 0, "unknown.test", 12);
        break;
    case SNI_LONGEST: /* 253 characters: the longest DNS name in text */
        for (size_t i = 0; i < sizeof(longest); i++)
            longest[i] = (i % 64 == 63) ? '.' : 'a';
        sni_entry(&w, 0, longest, sizeof(longest));
        break;
    case SNI_LIST_TOO_LONG:
        sni_entry(&w, 0, "localhost", 9);
        lt_write_close(&w, list);
        w.data[1] += 3; /* the list claims 3 bytes more than the extension holds */
        wire_hello_set_ext(h, 0, w.data, w.len);
        lt_writer_free(&w);
        return;
    case SNI_SPACE:
        sni_entry(&w, 0, "local host", 10);
        break;
    case SNI_DEL:
        sni_entry(&w, 0, "localhost\x7f", 10);
        break;
    }
    lt_write_close(&w, list);
    wire_hello_set_ext(h, 0, w.data, w.len);
    lt_writer_free(&w);
}

/* supported_groups (RFC 8422 5.1.1, RFC 7919). */
enum {
    GROUPS_ABSENT_ECDHE,
    GROUPS_X25519,
    GROUPS_SECP384R1,
    GROUPS_X448,
    GROUPS_UNKNOWN_ECDHE,
    GROUPS_UNKNOWN_ALL_SUITES,
    GROUPS_EMPTY,
    GROUPS_ODD,
    GROUPS_100,
    GROUPS_FFDHE2048_DHE,
    GROUPS_FFDHE3072_DHE,
    GROUPS_FFDHE4096_DHE,
    GROUPS_FFDHE6144_DHE,
    GROUPS_FFDHE8192_DHE,
    GROUPS_FFDHE511_DHE,
    GROUPS_FFDHE511_ECDHE_TOO,
    GROUPS_ECC_ONLY_DHE,
    GROUPS_SECP256R1_FIRST,
    GROUPS_ABSENT_ALL_SUITES,
};

static void groups(wire_hello *h, int which)
{
    uint16_t list[200];
    size_t n = 0;
    switch (which) {
    case GROUPS_ABSENT_ECDHE:
        wire_hello_drop_ext(h, 10);
        set_suites(h, SUITES_ECDHE);
        return;
    case GROUPS_ABSENT_ALL_SUITES:
        wire_hello_drop_ext(h, 10);
        return;
    case GROUPS_X25519:
        list[n++] = 0x001d;
        break;
    case GROUPS_SECP384R1:
        list[n++] = 0x0018;
        break;
    case GROUPS_X448:
        list[n++] = 0x001e;
        break;
    case GROUPS_UNKNOWN_ECDHE:
        list[n++] = 0x0fa0;
        set_suites(h, SUITES_ECDHE);
        break;
    case GROUPS_UNKNOWN_ALL_SUITES:
        list[n++] = 0x0fa0;
        break;
    case GROUPS_EMPTY:
        break;
    case GROUPS_ODD: {
        static const uint8_t odd[] = {0x00, 0x03, 0x00, 0x1d, 0x00};
        wire_hello_set_ext(h, 10, odd, sizeof(odd));
        return;
    }
    case GROUPS_100:
        for (int i = 0; i < 99; i++)
            list[n++] = (uint16_t)(0x0fa0 + i);
        list[n++] = 0x0017;
        break;
    case GROUPS_FFDHE2048_DHE:
    case GROUPS_FFDHE3072_DHE:
    case GROUPS_FFDHE4096_DHE:
    case GROUPS_FFDHE6144_DHE:
    case GROUPS_FFDHE8192_DHE:
        list[n++] = (uint16_t)(0x0100 + (which - GROUPS_FFDHE2048_DHE));
        set_suites(h, SUITES_DHE);
        break;
    case GROUPS_FFDHE511_DHE:
        list[n++] = 0x01ff;
        set_suites(h, SUITES_DHE);
        break;
    case GROUPS_FFDHE511_ECDHE_TOO:
        list[n++] = 0x01ff;
        list[n++] = 0x001d;
        break;
    case GROUPS_ECC_ONLY_DHE:
        list[n++] = 0x001d;
        set_suites(h, SUITES_DHE);
        break;
    case GROUPS_SECP256R1_FIRST:
        list[n++] = 0x0017;
        list[n++] = 0x001d;
        break;
    }
    wire_hello_set_u16_list_ext(h, 10, list, n);
}

enum { POINTS_COMPRESSED_ONLY, POINTS_EMPTY, POINTS_ALL_THREE };

static void point_formats(wire_hello *h, int which)
{
    static const uint8_t compressed[] = {0x01, 0x01};
    static const uint8_t empty[] = {0x00};
    static const uint8_t three[] = {0x03, 0x01, 0x02, 0x00};
    set_suites(h, SUITES_ECDHE);
    if (which == POINTS_COMPRESSED_ONLY)
        wire_hello_set_ext(h, 11, compressed, sizeof(compressed));
    else if (which == POINTS_EMPTY)
        wire_hello_set_ext(h, 11, empty, sizeof(empty));
    else
        wire_hello_set_ext(h, 11, three, sizeof(three));
}

/* signature_algorithms (RFC 5246 7.4.1.4.1, RFC 9155). */
enum {
    SIGS_ABSENT_ECDHE,
    SIGS_ABSENT_RSA_KX,
    SIGS_ABSENT_BOTH,
    SIGS_SHA1_ECDHE,
    SIGS_MD5_ECDHE,
    SIGS_SHA1_RSA_KX,
    SIGS_EMPTY,
    SIGS_ODD,
    SIGS_100,
    SIGS_MAX_LIST,
    SIGS_PSS_ONLY,
    SIGS_ECDSA_ONLY,
    SIGS_ABSENT_DHE,
    SIGS_SHA1_DHE,
};

static void sig_algs(wire_hello *h, int which)
{
    static uint16_t list[32767];
    size_t n = 0;
    switch (which) {
    case SIGS_ABSENT_ECDHE:
        wire_hello_drop_ext(h, 13);
        set_suites(h, SUITES_ECDHE);
        return;
    case SIGS_ABSENT_DHE:
        wire_hello_drop_ext(h, 13);
        set_suites(h, SUITES_DHE);
        return;
    case SIGS_ABSENT_RSA_KX:
        wire_hello_drop_ext(h, 13);
        set_suites(h, SUITES_RSA_KX);
        return;
    case SIGS_ABSENT_BOTH:
        wire_hello_drop_ext(h, 13);
        return;
    case SIGS_SHA1_ECDHE:
    case SIGS_SHA1_RSA_KX:
    case SIGS_SHA1_DHE:
        list[n++] = 0x0201;
        list[n++] = 0x0203;
        set_suites(h, which == SIGS_SHA1_ECDHE ? SUITES_ECDHE
                      : which == SIGS_SHA1_DHE ? SUITES_DHE
                                               : SUITES_RSA_KX);
        break;
    case SIGS_MD5_ECDHE:
        list[n++] = 0x0101;
        set_suites(h, SUITES_ECDHE);
        break;
    case SIGS_EMPTY:
        break;
    case SIGS_ODD: {
        static const uint8_t odd[] = {0x00, 0x03, 0x08, 0x04, 0x04};
        wire_hello_set_ext(h, 13, odd, sizeof(odd));
        return;
    }
    case SIGS_100:
        for (int i = 0; i < 99; i++)
            list[n++] = (uint16_t)(0xfe00 + i);
        list[n++] = 0x0804;
        break;
    case SIGS_MAX_LIST: { /* as many as fit in the extensions block beside the others */
        size_t others = 0;
        for (size_t i = 0; i < h->ext_count; i++)
            if (h->ext[i].type != 13)
                others += 4 + h->ext[i].len;
        size_t most = (65535 - others - 4 - 2) / 2;
        for (; n + 1 < most; n++)
            list[n] = (uint16_t)(0xfe00 + (n % 256));
        list[n++] = 0x0804;
        break;
    }
    case SIGS_PSS_ONLY:
        list[n++] = 0x0804;
        set_suites(h, SUITES_ECDHE);
        break;
    case SIGS_ECDSA_ONLY:
        list[n++] = 0x0403;
        set_suites(h, SUITES_ECDHE);
        break;
    }
    wire_hello_set_u16_list_ext(h, 13, list, n);
}

/* application_layer_protocol_negotiation (RFC 7301). */
enum { ALPN_H2_ONLY, ALPN_HTTP11, ALPN_EMPTY_LIST, ALPN_EMPTY_NAME, ALPN_20_NAMES, ALPN_TRAILING };

static void alpn(wire_hello *h, int which)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_wblock list = lt_write_open(&w, 2);
    switch (which) {
    case ALPN_H2_ONLY:
        lt_write_u8(&w, 2);
        lt_write_bytes(&w, (const uint8_t *)"h2", 2);
        break;
    case ALPN_HTTP11:
        lt_write_u8(&w, 8);
        lt_write_bytes(&w, (const uint8_t *)"http/1.1", 8);
        break;
    case ALPN_EMPTY_LIST:
        break;
    case ALPN_EMPTY_NAME:
        lt_write_u8(&w, 0);
        break;
    case ALPN_20_NAMES:
        for (int i = 0; i < 19; i++) {
            lt_write_u8(&w, 5);
            lt_write_u8(&w, 'p');
            lt_write_u8(&w, 'r');
            lt_write_u8(&w, 'o');
            lt_write_u8(&w, (uint8_t)('a' + i));
            lt_write_u8(&w, '1');
        }
        lt_write_u8(&w, 8);
        lt_write_bytes(&w, (const uint8_t *)"http/1.1", 8);
        break;
    case ALPN_TRAILING:
        lt_write_u8(&w, 8);
        lt_write_bytes(&w, (const uint8_t *)"http/1.1", 8);
        lt_write_close(&w, list);
        lt_write_u8(&w, 0);
        wire_hello_set_ext(h, 16, w.data, w.len);
        lt_writer_free(&w);
        return;
    }
    lt_write_close(&w, list);
    wire_hello_set_ext(h, 16, w.data, w.len);
    lt_writer_free(&w);
}

/* Other extensions, each with one body. */
enum {
    MISC_EMS_BODY,
    MISC_ETM_BODY,
    MISC_RENEG_NONEMPTY,
    MISC_RENEG_AND_SCSV,
    MISC_RSL_63,
    MISC_RSL_64,
    MISC_MFL_5,
    MISC_MFL_1,
    MISC_STATUS_UNKNOWN_TYPE,
    MISC_TICKET_GARBAGE,
    MISC_HEARTBEAT,
    MISC_SUPPORTED_VERSIONS,
    MISC_RENEG_ABSENT_NO_SCSV,
    MISC_EMS_ABSENT,
    MISC_ETM_CBC,
    MISC_PADDING_512,
};

static void misc_ext(wire_hello *h, int which)
{
    static const uint8_t one_byte[] = {0x00};
    static const uint8_t reneg_nonempty[] = {0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const uint8_t rsl_63[] = {0x00, 63};
    static const uint8_t rsl_64[] = {0x00, 64};
    static const uint8_t mfl_5[] = {5};
    static const uint8_t mfl_1[] = {1};
    static const uint8_t status_other[] = {0x07, 0x00, 0x00};
    static const uint8_t ticket[] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03};
    static const uint8_t heartbeat[] = {0x01};
    static const uint8_t versions[] = {0x04, 0x03, 0x04, 0x03, 0x03};
    static uint8_t padding[512];
    switch (which) {
    case MISC_EMS_BODY:
        wire_hello_set_ext(h, 23, one_byte, 1);
        break;
    case MISC_ETM_BODY:
        wire_hello_set_ext(h, 22, one_byte, 1);
        set_suites(h, SUITES_RSA_CBC);
        break;
    case MISC_RENEG_NONEMPTY:
        wire_hello_set_ext(h, 0xff01, reneg_nonempty, sizeof(reneg_nonempty));
        break;
    case MISC_RENEG_AND_SCSV:
        wire_hello_add_suite(h, 0x00ff);
        break;
    case MISC_RSL_63:
        wire_hello_set_ext(h, 28, rsl_63, sizeof(rsl_63));
        break;
    case MISC_RSL_64:
        wire_hello_set_ext(h, 28, rsl_64, sizeof(rsl_64));
        break;
    case MISC_MFL_5:
        wire_hello_set_ext(h, 1, mfl_5, sizeof(mfl_5));
        break;
    case MISC_MFL_1:
        wire_hello_set_ext(h, 1, mfl_1, sizeof(mfl_1));
        break;
    case MISC_STATUS_UNKNOWN_TYPE:
        wire_hello_set_ext(h, 5, status_other, sizeof(status_other));
        break;
    case MISC_TICKET_GARBAGE:
        wire_hello_set_ext(h, 35, ticket, sizeof(ticket));
        break;
    case MISC_HEARTBEAT:
        wire_hello_set_ext(h, 15, heartbeat, sizeof(heartbeat));
        break;
    case MISC_SUPPORTED_VERSIONS:
        wire_hello_set_ext(h, 43, versions, sizeof(versions));
        break;
    case MISC_RENEG_ABSENT_NO_SCSV:
        wire_hello_drop_ext(h, 0xff01);
        break;
    case MISC_EMS_ABSENT:
        wire_hello_drop_ext(h, 23);
        break;
    case MISC_ETM_CBC:
        wire_hello_set_ext(h, 22, NULL, 0);
        set_suites(h, SUITES_RSA_CBC);
        break;
    case MISC_PADDING_512:
        wire_hello_set_ext(h, 21, padding, sizeof(padding));
        break;
    }
}

/* ---- records and messages built whole ---- */

static void hello_in_version(lt_writer *out, int record_version)
{
    wire_hello h;
    wire_hello_default(&h);
    hello_record(&h, (uint16_t)record_version, 0, out);
    wire_hello_free(&h);
}

static void hello_fragmented(lt_writer *out, int frag)
{
    wire_hello h;
    wire_hello_default(&h);
    hello_record(&h, 0x0303, (size_t)frag, out);
    wire_hello_free(&h);
}

static void default_message(lt_writer *msg)
{
    wire_hello h;
    wire_hello_default(&h);
    wire_hello_message(&h, msg);
    wire_hello_free(&h);
}

/* The hello's records with another record put between its two halves. */
enum { BETWEEN_WARNING_ALERT, BETWEEN_CCS, BETWEEN_APP_DATA, BETWEEN_EMPTY_HANDSHAKE };

static void hello_interleaved(lt_writer *out, int what)
{
    static const uint8_t warning[] = {1, 112};
    static const uint8_t ccs[] = {1};
    static const uint8_t data[] = {'G', 'E', 'T'};
    lt_writer msg;
    lt_writer_init_growable(&msg, 0);
    default_message(&msg);
    size_t half = msg.len / 2;
    wire_records(out, 22, 0x0303, msg.data, half, 0);
    if (what == BETWEEN_WARNING_ALERT)
        wire_records(out, 21, 0x0303, warning, 2, 0);
    else if (what == BETWEEN_CCS)
        wire_records(out, 20, 0x0303, ccs, 1, 0);
    else if (what == BETWEEN_APP_DATA)
        wire_records(out, 23, 0x0303, data, 3, 0);
    else
        wire_records(out, 22, 0x0303, NULL, 0, 0);
    wire_records(out, 22, 0x0303, msg.data + half, msg.len - half, 0);
    lt_writer_free(&msg);
}

/* The hello and a second message of type `type` in the same record. */
static void hello_coalesced(lt_writer *out, int type)
{
    static const uint8_t body[12] = {0};
    lt_writer msg;
    lt_writer_init_growable(&msg, 0);
    default_message(&msg);
    if (type == 1)
        default_message(&msg);
    else
        wire_handshake(&msg, (uint8_t)type, body, type == 0 ? 0 : sizeof(body));
    wire_records(out, 22, 0x0303, msg.data, msg.len, 0);
    lt_writer_free(&msg);
}

/* A first handshake message of a type a client never starts with. */
static void first_message(lt_writer *out, int type)
{
    static const uint8_t body[40] = {3, 3};
    lt_writer msg;
    lt_writer_init_growable(&msg, 0);
    wire_handshake(&msg, (uint8_t)type, body, type == 0 ? 0 : sizeof(body));
    wire_records(out, 22, 0x0303, msg.data, msg.len, 0);
    lt_writer_free(&msg);
}

/* The hello's handshake header with a length that lies. */
enum { HSLEN_SHORT, HSLEN_LONG_WAIT, HSLEN_HUGE, HSLEN_OVER_MAX_HELLO };

static void hello_header_length(lt_writer *out, int how)
{
    lt_writer msg;
    lt_writer_init_growable(&msg, 0);
    default_message(&msg);
    size_t body = msg.len - 4;
    size_t claim = how == HSLEN_SHORT       ? body - 1
                   : how == HSLEN_LONG_WAIT ? body + 10
                   : how == HSLEN_HUGE      ? 0xffffff
                                            : WIRE_MAX_HELLO + 1;
    msg.data[1] = (uint8_t)(claim >> 16);
    msg.data[2] = (uint8_t)(claim >> 8);
    msg.data[3] = (uint8_t)claim;
    wire_records(out, 22, 0x0303, msg.data, msg.len, 0);
    lt_writer_free(&msg);
}

/* The default hello's body with one length field bent. */
enum {
    BODY_TRAILING_BYTE,
    BODY_EXT_LEN_OVER,
    BODY_EXT_LEN_UNDER,
    BODY_SUITES_LEN_OVER,
    BODY_EXT_BODY_OVER,
    BODY_TRUNCATED_IN_RANDOM,
    BODY_SID_LEN_OVER
};

static void hello_body_bent(lt_writer *out, int how)
{
    wire_hello h;
    wire_hello_default(&h);
    lt_writer body;
    lt_writer_init_growable(&body, 0);
    wire_hello_body(&h, &body);
    size_t suites_at = 2 + 32 + 1 + h.session_id_len;
    size_t ext_at = suites_at + 2 + h.suites.len + 1 + h.compression.len;
    size_t len = body.len;
    switch (how) {
    case BODY_TRAILING_BYTE:
        lt_write_u8(&body, 0);
        len++;
        break;
    case BODY_EXT_LEN_OVER:
        body.data[ext_at + 1]++;
        break;
    case BODY_EXT_LEN_UNDER:
        body.data[ext_at + 1]--;
        break;
    case BODY_SUITES_LEN_OVER:
        body.data[suites_at] = 0xff;
        break;
    case BODY_EXT_BODY_OVER: /* the first extension's body runs past the block */
        body.data[ext_at + 2 + 2] = 0xff;
        break;
    case BODY_TRUNCATED_IN_RANDOM:
        len = 20;
        break;
    case BODY_SID_LEN_OVER:
        body.data[34] = 0xf0;
        break;
    }
    lt_writer msg;
    lt_writer_init_growable(&msg, 0);
    wire_handshake(&msg, 1, body.data, len);
    wire_records(out, 22, 0x0303, msg.data, msg.len, 0);
    lt_writer_free(&msg);
    lt_writer_free(&body);
    wire_hello_free(&h);
}

/* A record of content type `type` first, with a two-byte body. */
static void first_record_type(lt_writer *out, int type)
{
    static const uint8_t body[] = {1, 0};
    wire_records(out, (uint8_t)type, 0x0303, body, sizeof(body), 0);
}

/* An empty record of this type, then the hello. */
static void empty_record_first(lt_writer *out, int type)
{
    lt_write_u8(out, (uint8_t)type);
    lt_write_u16(out, 0x0303);
    lt_write_u16(out, 0);
    hello_fragmented(out, 0);
}

/* A handshake record whose length is over 2^14 (RFC 5246 6.2.1). */
static void oversized_record(lt_writer *out, int len)
{
    wire_hello h;
    wire_hello_default(&h);
    if (!wire_hello_pad_to(&h, (size_t)len - 4))
        abort();
    hello_record(&h, 0x0303, (size_t)len, out);
    wire_hello_free(&h);
}

/* A record header whose version major is not 3. */
static void record_major(lt_writer *out, int version)
{
    hello_in_version(out, version);
}

/* ChangeCipherSpec variants (RFC 5246 7.1): first, or after the hello. */
enum {
    CCS_FIRST_01,
    CCS_FIRST_02,
    CCS_FIRST_EMPTY,
    CCS_FIRST_0101,
    CCS_AFTER_HELLO_01,
    CCS_AFTER_HELLO_02,
    CCS_AFTER_HELLO_EMPTY
};

static void ccs(lt_writer *out, int which)
{
    static const uint8_t one[] = {1};
    static const uint8_t two[] = {2};
    static const uint8_t double_one[] = {1, 1};
    if (which >= CCS_AFTER_HELLO_01)
        hello_fragmented(out, 0);
    switch (which) {
    case CCS_FIRST_01:
    case CCS_AFTER_HELLO_01:
        wire_records(out, 20, 0x0303, one, 1, 0);
        break;
    case CCS_FIRST_02:
    case CCS_AFTER_HELLO_02:
        wire_records(out, 20, 0x0303, two, 1, 0);
        break;
    case CCS_FIRST_EMPTY:
    case CCS_AFTER_HELLO_EMPTY:
        wire_records(out, 20, 0x0303, NULL, 0, 0);
        break;
    case CCS_FIRST_0101:
        wire_records(out, 20, 0x0303, double_one, 2, 0);
        break;
    }
}

/* Alerts where none is expected (RFC 5246 7.2). */
enum {
    ALERT_FATAL_FIRST,
    ALERT_ONE_BYTE,
    ALERT_THREE_BYTES,
    ALERT_LEVEL_3,
    ALERT_CLOSE_NOTIFY_FIRST,
    ALERT_AFTER_HELLO_FATAL,
    ALERT_WARNING_THEN_HELLO
};

static void alerts(lt_writer *out, int which)
{
    static const uint8_t fatal[] = {2, 40};
    static const uint8_t one[] = {2};
    static const uint8_t three[] = {2, 40, 0};
    static const uint8_t level3[] = {3, 40};
    static const uint8_t close_notify[] = {1, 0};
    static const uint8_t warning[] = {1, 112};
    switch (which) {
    case ALERT_FATAL_FIRST:
        wire_records(out, 21, 0x0303, fatal, 2, 0);
        break;
    case ALERT_ONE_BYTE:
        wire_records(out, 21, 0x0303, one, 1, 0);
        break;
    case ALERT_THREE_BYTES:
        wire_records(out, 21, 0x0303, three, 3, 0);
        break;
    case ALERT_LEVEL_3:
        wire_records(out, 21, 0x0303, level3, 2, 0);
        break;
    case ALERT_CLOSE_NOTIFY_FIRST:
        wire_records(out, 21, 0x0303, close_notify, 2, 0);
        break;
    case ALERT_AFTER_HELLO_FATAL:
        hello_fragmented(out, 0);
        wire_records(out, 21, 0x0303, fatal, 2, 0);
        break;
    case ALERT_WARNING_THEN_HELLO:
        wire_records(out, 21, 0x0303, warning, 2, 0);
        hello_fragmented(out, 0);
        break;
    }
}

/* A hello whose body is exactly `size` bytes, in records of 2^14. */
static void hello_of_size(lt_writer *out, int size)
{
    wire_hello h;
    wire_hello_default(&h);
    if (!wire_hello_pad_to(&h, (size_t)size))
        abort();
    hello_record(&h, 0x0303, 0, out);
    wire_hello_free(&h);
}

/* The smallest legal hello: no session ID, one suite, the null
 * compression method, no extensions (RSA key exchange). */
static void smallest_hello(lt_writer *out, int arg)
{
    (void)arg;
    wire_hello h;
    wire_hello_default(&h);
    h.no_extensions = true;
    set_suites(&h, SUITES_RSA_KX);
    hello_record(&h, 0x0303, 0, out);
    wire_hello_free(&h);
}

/* The handshake header split across records: 1 byte, 3 bytes, the body. */
static void header_split(lt_writer *out, int arg)
{
    (void)arg;
    lt_writer msg;
    lt_writer_init_growable(&msg, 0);
    default_message(&msg);
    wire_records(out, 22, 0x0303, msg.data, 1, 0);
    wire_records(out, 22, 0x0303, msg.data + 1, 3, 0);
    wire_records(out, 22, 0x0303, msg.data + 4, msg.len - 4, 0);
    lt_writer_free(&msg);
}

#define R(id, rfc, what, ans, suite, group, edit, build, arg, flags)                               \
    {                                                                                              \
        {id, rfc, what, ans, suite, group}, edit, build, arg, flags                                \
    }
#define HELLO EXPECT_HELLO
#define A_UNEXPECTED 10
#define A_RECORD_OVERFLOW 22
#define A_HANDSHAKE_FAILURE 40
#define A_ILLEGAL_PARAMETER 47
#define A_DECODE_ERROR 50
#define A_PROTOCOL_VERSION 70
#define A_INSUFFICIENT_SECURITY 71
#define A_INAPPROPRIATE_FALLBACK 86
#define A_MISSING_EXTENSION 109
#define A_NO_APPLICATION_PROTOCOL 120
#define T ROW_TCP
#define G ROW_ALL_GROUPS

const server_row server_rows[] = {
    R("S-base", "RFC 5246 7.4.1.2", "a common TLS 1.2 hello", HELLO, 0xc02f, 0x001d, NULL, NULL, 0,
      T),
    /* Record layer: versions (item 5), lengths, types. */
    R("S-recver-0300", "RFC 5246 E.1", "hello in a record {03,00}", HELLO, 0, 0, NULL,
      hello_in_version, 0x0300, T),
    R("S-recver-0301", "RFC 5246 E.1", "hello in a record {03,01}", HELLO, 0, 0, NULL,
      hello_in_version, 0x0301, T),
    R("S-recver-0302", "RFC 5246 E.1", "hello in a record {03,02}", HELLO, 0, 0, NULL,
      hello_in_version, 0x0302, 0),
    R("S-recver-0303", "RFC 5246 E.1", "hello in a record {03,03}", HELLO, 0, 0, NULL,
      hello_in_version, 0x0303, 0),
    R("S-recver-0304", "RFC 5246 E.1", "hello in a record {03,04} (item 5)", HELLO, 0, 0, NULL,
      hello_in_version, 0x0304, T),
    R("S-recver-03fe", "RFC 5246 E.1", "hello in a record {03,FE} (item 5)", HELLO, 0, 0, NULL,
      hello_in_version, 0x03fe, T),
    R("S-recver-03ff", "RFC 5246 E.1", "hello in a record {03,FF} (item 5)", HELLO, 0, 0, NULL,
      hello_in_version, 0x03ff, 0),
    R("S-recver-0403", "RFC 5246 E.1", "record version major 4: not TLS", A_PROTOCOL_VERSION, 0, 0,
      NULL, record_major, 0x0403, 0),
    R("S-reclen-16385", "RFC 5246 6.2.1", "handshake record of 2^14+1 bytes", A_RECORD_OVERFLOW, 0,
      0, NULL, oversized_record, 16385, T),
    R("S-reclen-18000", "RFC 5246 6.2.1", "handshake record of 18000 bytes", A_RECORD_OVERFLOW, 0,
      0, NULL, oversized_record, 18000, 0),
    R("S-rectype-appdata", "RFC 5246 6", "application data before the hello", A_UNEXPECTED, 0, 0,
      NULL, first_record_type, 23, T),
    R("S-rectype-99", "RFC 5246 6", "unknown record type 99 first", A_UNEXPECTED, 0, 0, NULL,
      first_record_type, 99, T),
    R("S-rectype-24", "RFC 5246 6", "heartbeat record (not negotiated) first", A_UNEXPECTED, 0, 0,
      NULL, first_record_type, 24, 0),
    R("S-empty-handshake-rec", "RFC 5246 6.2.1", "empty handshake record (MUST NOT be sent)",
      A_DECODE_ERROR, 0, 0, NULL, empty_record_first, 22, 0),
    R("S-empty-appdata-rec", "RFC 5246 6", "empty application data record before the hello",
      A_UNEXPECTED, 0, 0, NULL, empty_record_first, 23, 0),
    /* Handshake framing: fragmented and coalesced messages. */
    R("S-frag-2", "RFC 5246 6.2.1", "hello in records of 2 bytes", HELLO, 0, 0, NULL,
      hello_fragmented, 2, T),
    R("S-frag-1", "RFC 5246 6.2.1", "hello in records of 1 byte", HELLO, 0, 0, NULL,
      hello_fragmented, 1, 0),
    R("S-frag-100", "RFC 5246 6.2.1", "hello in records of 100 bytes", HELLO, 0, 0, NULL,
      hello_fragmented, 100, 0),
    R("S-frag-header", "RFC 5246 6.2.1", "handshake header split 1+3 across records", HELLO, 0, 0,
      NULL, header_split, 0, T),
    R("S-frag-empty-between", "RFC 5246 6.2.1", "empty handshake record between fragments",
      A_DECODE_ERROR, 0, 0, NULL, hello_interleaved, BETWEEN_EMPTY_HANDSHAKE, 0),
    R("S-frag-alert-between", "RFC 5246 6.2.1", "warning alert between the hello's fragments",
      HELLO, 0, 0, NULL, hello_interleaved, BETWEEN_WARNING_ALERT, 0),
    R("S-frag-ccs-between", "RFC 5246 7.1", "ChangeCipherSpec between the hello's fragments",
      A_UNEXPECTED, 0, 0, NULL, hello_interleaved, BETWEEN_CCS, T),
    R("S-frag-data-between", "RFC 5246 6", "application data between the hello's fragments",
      A_UNEXPECTED, 0, 0, NULL, hello_interleaved, BETWEEN_APP_DATA, 0),
    R("S-coalesce-finished", "RFC 5246 7.4", "hello and Finished in one record", A_UNEXPECTED, 0, 0,
      NULL, hello_coalesced, 20, T),
    R("S-coalesce-hello", "RFC 5246 7.4", "two ClientHellos in one record", A_UNEXPECTED, 0, 0,
      NULL, hello_coalesced, 1, 0),
    R("S-coalesce-hellorequest", "RFC 5246 7.4.1.1", "hello and a HelloRequest from the client",
      A_UNEXPECTED, 0, 0, NULL, hello_coalesced, 0, 0),
    R("S-coalesce-certverify", "RFC 5246 7.4.8", "hello and CertificateVerify in one record",
      A_UNEXPECTED, 0, 0, NULL, hello_coalesced, 15, 0),
    R("S-first-serverhello", "RFC 5246 7.4", "a ServerHello from the client", A_UNEXPECTED, 0, 0,
      NULL, first_message, 2, T),
    R("S-first-finished", "RFC 5246 7.4", "Finished first", A_UNEXPECTED, 0, 0, NULL, first_message,
      20, 0),
    R("S-first-cke", "RFC 5246 7.4", "ClientKeyExchange first", A_UNEXPECTED, 0, 0, NULL,
      first_message, 16, 0),
    R("S-first-certificate", "RFC 5246 7.4", "Certificate first", A_UNEXPECTED, 0, 0, NULL,
      first_message, 11, 0),
    R("S-first-hellorequest", "RFC 5246 7.4.1.1", "HelloRequest from the client", A_UNEXPECTED, 0,
      0, NULL, first_message, 0, 0),
    R("S-first-type-99", "RFC 5246 7.4", "unknown handshake type 99 first", A_UNEXPECTED, 0, 0,
      NULL, first_message, 99, T),
    R("S-hslen-short", "RFC 5246 7.4.1.2", "hello header 1 byte short of its body", A_DECODE_ERROR,
      0, 0, NULL, hello_header_length, HSLEN_SHORT, T),
    R("S-hslen-long", "RFC 5246 6.2.1", "hello header 10 bytes longer than sent: wait",
      EXPECT_SILENCE, 0, 0, NULL, hello_header_length, HSLEN_LONG_WAIT, 0),
    R("S-hslen-huge", "RFC 5246 7.4.1.2", "hello header claims 2^24-1 bytes", A_DECODE_ERROR, 0, 0,
      NULL, hello_header_length, HSLEN_HUGE, T),
    R("S-hslen-over-max", "RFC 5246 7.4.1.2", "hello header claims 131397 bytes", A_DECODE_ERROR, 0,
      0, NULL, hello_header_length, HSLEN_OVER_MAX_HELLO, 0),
    /* ClientHello fields. */
    R("S-chver-0300", "RFC 5246 E.1", "client_version SSL 3.0", A_PROTOCOL_VERSION, 0, 0,
      set_version, NULL, 0x0300, T),
    R("S-chver-0301", "RFC 5246 E.1", "client_version TLS 1.0", A_PROTOCOL_VERSION, 0, 0,
      set_version, NULL, 0x0301, 0),
    R("S-chver-0302", "RFC 5246 E.1", "client_version TLS 1.1", A_PROTOCOL_VERSION, 0, 0,
      set_version, NULL, 0x0302, T),
    R("S-chver-0304", "RFC 5246 E.1", "client_version 1.3 negotiates 1.2 (item 5)", HELLO, 0, 0,
      set_version, NULL, 0x0304, T),
    R("S-chver-03ff", "RFC 5246 E.1", "client_version {03,FF} negotiates 1.2 (item 5)", HELLO, 0, 0,
      set_version, NULL, 0x03ff, 0),
    R("S-chver-0400", "RFC 5246 E.1", "client_version {04,00} negotiates 1.2", HELLO, 0, 0,
      set_version, NULL, 0x0400, 0),
    R("S-chver-0200", "RFC 5246 E.1", "client_version {02,00}", A_PROTOCOL_VERSION, 0, 0,
      set_version, NULL, 0x0200, 0),
    R("S-sid-32", "RFC 5246 7.4.1.2", "unknown 32-byte session ID: full handshake", HELLO, 0, 0,
      set_session_id, NULL, 32, 0),
    R("S-sid-1", "RFC 5246 7.4.1.2", "unknown 1-byte session ID: full handshake", HELLO, 0, 0,
      set_session_id, NULL, 1, 0),
    R("S-sid-33", "RFC 5246 7.4.1.2", "session ID of 33 bytes", A_DECODE_ERROR, 0, 0,
      set_session_id, NULL, 33, T),
    R("S-sid-len-over", "RFC 5246 7.4.1.2", "session ID length past the body", A_DECODE_ERROR, 0, 0,
      NULL, hello_body_bent, BODY_SID_LEN_OVER, 0),
    R("S-suites-empty", "RFC 5246 7.4.1.2", "empty cipher_suites", A_DECODE_ERROR, 0, 0, set_suites,
      NULL, SUITES_EMPTY, T),
    R("S-suites-odd", "RFC 5246 7.4.1.2", "cipher_suites of odd length", A_DECODE_ERROR, 0, 0,
      set_suites, NULL, SUITES_ODD, 0),
    R("S-suites-none-known", "RFC 5246 7.4.1.3", "no suite in common", A_HANDSHAKE_FAILURE, 0, 0,
      set_suites, NULL, SUITES_NONE_KNOWN, T),
    R("S-suites-only-scsv", "RFC 5746 3.6", "only TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
      A_HANDSHAKE_FAILURE, 0, 0, set_suites, NULL, SUITES_ONLY_SCSV, 0),
    R("S-suites-grease", "RFC 8701 3", "GREASE suites before a known one", HELLO, 0xc02f, 0,
      set_suites, NULL, SUITES_GREASE_FIRST, 0),
    R("S-suites-301", "RFC 5246 7.4.1.2", "300 unknown suites, then one known (item 6)", HELLO,
      0xc02f, 0, set_suites, NULL, SUITES_300_UNKNOWN, T),
    R("S-suites-32767", "RFC 5246 7.4.1.2", "the longest cipher_suites list (item 6)", HELLO,
      0xc02f, 0, set_suites, NULL, SUITES_MAX_LIST, T),
    R("S-suites-len-over", "RFC 5246 7.4.1.2", "cipher_suites length past the body", A_DECODE_ERROR,
      0, 0, NULL, hello_body_bent, BODY_SUITES_LEN_OVER, 0),
    R("S-suites-ecdsa-rsa-cert", "RFC 5246 7.4.2", "only ECDHE-ECDSA, server has RSA",
      A_HANDSHAKE_FAILURE, 0, 0, set_suites, NULL, SUITES_ECDHE_ECDSA, 0),
    R("S-dhe-cbc-0033", "RFC 5246 A.5", "DHE-RSA-AES128-SHA alone (item 3)", HELLO, 0x0033, 0,
      one_suite, NULL, 0x0033, T),
    R("S-dhe-cbc-0039", "RFC 5246 A.5", "DHE-RSA-AES256-SHA alone (item 3)", HELLO, 0x0039, 0,
      one_suite, NULL, 0x0039, 0),
    R("S-dhe-cbc-0067", "RFC 5246 A.5", "DHE-RSA-AES128-SHA256 alone (item 3)", HELLO, 0x0067, 0,
      one_suite, NULL, 0x0067, 0),
    R("S-dhe-cbc-006b", "RFC 5246 A.5", "DHE-RSA-AES256-SHA256 alone (item 3)", HELLO, 0x006b, 0,
      one_suite, NULL, 0x006b, 0),
    R("S-comp-empty", "RFC 5246 7.4.1.2", "no compression methods", A_DECODE_ERROR, 0, 0,
      set_compression, NULL, COMP_EMPTY, T),
    R("S-comp-no-null", "RFC 5246 7.4.1.2", "compression without null", A_ILLEGAL_PARAMETER, 0, 0,
      set_compression, NULL, COMP_DEFLATE_ONLY, T),
    R("S-comp-deflate-null", "RFC 5246 7.4.1.2", "deflate and null: null chosen", HELLO, 0, 0,
      set_compression, NULL, COMP_NULL_DEFLATE, 0),
    R("S-comp-255", "RFC 5246 7.4.1.2", "255 compression methods, null last", HELLO, 0, 0,
      set_compression, NULL, COMP_255, 0),
    R("S-trailing-byte", "RFC 5246 7.4.1.2", "a byte after the extensions block", A_DECODE_ERROR, 0,
      0, NULL, hello_body_bent, BODY_TRAILING_BYTE, T),
    R("S-truncated", "RFC 5246 7.4.1.2", "hello cut inside its random", A_DECODE_ERROR, 0, 0, NULL,
      hello_body_bent, BODY_TRUNCATED_IN_RANDOM, 0),
    /* Extensions block. */
    R("S-ext-none", "RFC 5246 7.4.1.4", "no extensions: RSA key exchange (item 2)", HELLO, 0x009c,
      0, no_extensions_default_suites, NULL, 0, T),
    R("S-ext-none-rsa", "RFC 5246 7.4.1.4", "no extensions, RSA suite only", HELLO, 0x009c, 0,
      extensions_block, NULL, EXT_NONE_AT_ALL, 0),
    R("S-ext-empty-block", "RFC 5246 7.4.1.4", "an empty extensions block", HELLO, 0x009c, 0,
      extensions_block, NULL, EXT_EMPTY_BLOCK, 0),
    R("S-ext-len-over", "RFC 5246 7.4.1.4", "extensions length 1 past the body", A_DECODE_ERROR, 0,
      0, NULL, hello_body_bent, BODY_EXT_LEN_OVER, T),
    R("S-ext-len-under", "RFC 5246 7.4.1.4", "extensions length 1 short", A_DECODE_ERROR, 0, 0,
      NULL, hello_body_bent, BODY_EXT_LEN_UNDER, 0),
    R("S-ext-body-over", "RFC 5246 7.4.1.4", "an extension's body runs past the block",
      A_DECODE_ERROR, 0, 0, NULL, hello_body_bent, BODY_EXT_BODY_OVER, 0),
    R("S-ext-dup-sni", "RFC 5246 7.4.1.4", "server_name twice", A_DECODE_ERROR, 0, 0, duplicate_ext,
      NULL, 0, T),
    R("S-ext-dup-ems", "RFC 5246 7.4.1.4", "extended_master_secret twice", A_DECODE_ERROR, 0, 0,
      duplicate_ext, NULL, 23, 0),
    R("S-ext-dup-unknown", "RFC 5246 7.4.1.4", "an unknown extension twice", A_DECODE_ERROR, 0, 0,
      duplicate_ext, NULL, 0x7777, 0),
    R("S-ext-unknown-1", "RFC 5246 7.4.1.4", "one unknown extension: ignored", HELLO, 0, 0,
      unknown_exts, NULL, 1, 0),
    R("S-ext-unknown-100", "RFC 5246 7.4.1.4", "100 unknown extensions (item 6)", HELLO, 0, 0,
      unknown_exts, NULL, 100, T),
    R("S-ext-unknown-1000", "RFC 5246 7.4.1.4", "1000 unknown extensions (item 6)", HELLO, 0, 0,
      unknown_exts, NULL, 1000, 0),
    R("S-ext-grease", "RFC 8701 3", "GREASE extensions", HELLO, 0, 0, grease_exts, NULL, 0, 0),
    /* server_name (item 8). */
    R("S-sni-unknown-type", "RFC 6066 3", "an unknown name_type entry, then host_name (item 8)",
      HELLO, 0, 0, server_name, NULL, SNI_UNKNOWN_TYPE_FIRST, T),
    R("S-sni-only-unknown-type", "RFC 6066 3", "only an unknown name_type entry (item 8)", HELLO, 0,
      0, server_name, NULL, SNI_ONLY_UNKNOWN_TYPE, 0),
    R("S-sni-two-host-names", "RFC 6066 3", "two host_name entries", A_ILLEGAL_PARAMETER, 0, 0,
      server_name, NULL, SNI_TWO_HOST_NAMES, 0),
    R("S-sni-empty-list", "RFC 6066 3", "empty server_name_list", A_DECODE_ERROR, 0, 0, server_name,
      NULL, SNI_EMPTY_LIST, T),
    R("S-sni-empty-name", "RFC 6066 3", "empty host_name", A_DECODE_ERROR, 0, 0, server_name, NULL,
      SNI_EMPTY_NAME, 0),
    R("S-sni-bel", "RFC 6066 3", "host_name with BEL (item 8)", A_ILLEGAL_PARAMETER, 0, 0,
      server_name, NULL, SNI_BEL, T),
    R("S-sni-esc", "RFC 6066 3", "host_name with an ESC sequence (item 8)", A_ILLEGAL_PARAMETER, 0,
      0, server_name, NULL, SNI_ESC, T),
    R("S-sni-non-ascii", "RFC 6066 3", "host_name with UTF-8 bytes (item 8)", A_ILLEGAL_PARAMETER,
      0, 0, server_name, NULL, SNI_NON_ASCII, 0),
    R("S-sni-nul", "RFC 6066 3", "host_name with a NUL (item 8)", A_ILLEGAL_PARAMETER, 0, 0,
      server_name, NULL, SNI_NUL, 0),
    R("S-sni-space", "RFC 6066 3", "host_name with a space (item 8)", A_ILLEGAL_PARAMETER, 0, 0,
      server_name, NULL, SNI_SPACE, 0),
    R("S-sni-del", "RFC 6066 3", "host_name with DEL (item 8)", A_ILLEGAL_PARAMETER, 0, 0,
      server_name, NULL, SNI_DEL, 0),
    R("S-sni-unknown-host", "RFC 6066 3", "a name the server has no certificate for", HELLO, 0, 0,
      server_name, NULL, SNI_UNKNOWN_HOST, 0),
    R("S-sni-longest", "RFC 6066 3", "a 253-character host_name", HELLO, 0, 0, server_name, NULL,
      SNI_LONGEST, 0),
    R("S-sni-list-len-over", "RFC 6066 3", "server_name_list longer than its extension",
      A_DECODE_ERROR, 0, 0, server_name, NULL, SNI_LIST_TOO_LONG, 0),
    /* supported_groups (items 4, 6, 9). */
    R("S-groups-absent", "RFC 8422 5.1.1", "no supported_groups: secp256r1 (item 9)", HELLO, 0xc02f,
      0x0017, groups, NULL, GROUPS_ABSENT_ECDHE, T),
    R("S-groups-absent-all", "RFC 8422 5.1.1", "no supported_groups, every suite (item 9)", HELLO,
      0, 0x0017, groups, NULL, GROUPS_ABSENT_ALL_SUITES, 0),
    R("S-groups-x25519", "RFC 8422 5.1.1", "x25519 only", HELLO, 0xc02f, 0x001d, groups, NULL,
      GROUPS_X25519, 0),
    R("S-groups-secp384r1", "RFC 8422 5.1.1", "secp384r1 only", HELLO, 0xc02f, 0x0018, groups, NULL,
      GROUPS_SECP384R1, 0),
    R("S-groups-secp256r1-first", "RFC 8422 5.1.1", "secp256r1, x25519: server's order", HELLO,
      0xc02f, 0x001d, groups, NULL, GROUPS_SECP256R1_FIRST, 0),
    R("S-groups-x448", "RFC 8422 5.1.1", "x448 only, server enables it (item 4)", HELLO, 0xc02f,
      0x001e, groups, NULL, GROUPS_X448, G),
    R("S-groups-unknown-ecdhe", "RFC 8422 5.1.1", "only an unknown group, ECDHE only",
      A_HANDSHAKE_FAILURE, 0, 0, groups, NULL, GROUPS_UNKNOWN_ECDHE, T),
    R("S-groups-unknown-all", "RFC 8422 5.1.1", "only an unknown group: a non-ECC suite", HELLO,
      0x009e, 0x0100, groups, NULL, GROUPS_UNKNOWN_ALL_SUITES, 0),
    R("S-groups-empty", "RFC 8422 5.1.1", "empty named_group_list", A_DECODE_ERROR, 0, 0, groups,
      NULL, GROUPS_EMPTY, T),
    R("S-groups-odd", "RFC 8422 5.1.1", "named_group_list of odd length", A_DECODE_ERROR, 0, 0,
      groups, NULL, GROUPS_ODD, 0),
    R("S-groups-100", "RFC 8422 5.1.1", "99 unknown groups, then secp256r1 (item 6)", HELLO, 0,
      0x0017, groups, NULL, GROUPS_100, T),
    R("S-ffdhe2048", "RFC 7919 4", "DHE, client names ffdhe2048", HELLO, 0x009e, 0x0100, groups,
      NULL, GROUPS_FFDHE2048_DHE, 0),
    R("S-ffdhe3072", "RFC 7919 4", "DHE, client names ffdhe3072", HELLO, 0x009e, 0x0101, groups,
      NULL, GROUPS_FFDHE3072_DHE, G),
    R("S-ffdhe4096", "RFC 7919 4", "DHE, client names ffdhe4096", HELLO, 0x009e, 0x0102, groups,
      NULL, GROUPS_FFDHE4096_DHE, G),
    R("S-ffdhe3072-not-enabled", "RFC 7919 4", "DHE, only ffdhe3072, server has no FFDHE",
      A_INSUFFICIENT_SECURITY, 0, 0, groups, NULL, GROUPS_FFDHE3072_DHE, 0),
    R("S-ffdhe6144-not-enabled", "RFC 7919 4", "DHE, only ffdhe6144, not enabled (item 4)",
      A_INSUFFICIENT_SECURITY, 0, 0, groups, NULL, GROUPS_FFDHE6144_DHE, T),
    R("S-ffdhe8192-not-enabled", "RFC 7919 4", "DHE, only ffdhe8192, not enabled (item 4)",
      A_INSUFFICIENT_SECURITY, 0, 0, groups, NULL, GROUPS_FFDHE8192_DHE, 0),
    R("S-ffdhe6144-enabled", "RFC 7919 4", "DHE, only ffdhe6144, enabled (item 4)", HELLO, 0x009e,
      0x0103, groups, NULL, GROUPS_FFDHE6144_DHE, G),
    R("S-ffdhe8192-enabled", "RFC 7919 4", "DHE, only ffdhe8192, enabled (item 4)", HELLO, 0x009e,
      0x0104, groups, NULL, GROUPS_FFDHE8192_DHE, G),
    R("S-ffdhe-511", "RFC 7919 4", "DHE, only the unknown FFDHE 511 (item 4)",
      A_INSUFFICIENT_SECURITY, 0, 0, groups, NULL, GROUPS_FFDHE511_DHE, T),
    R("S-ffdhe-511-ecdhe", "RFC 7919 4", "FFDHE 511 and x25519: an ECDHE suite (item 4)", HELLO,
      0xc02f, 0x001d, groups, NULL, GROUPS_FFDHE511_ECDHE_TOO, 0),
    R("S-ffdhe-none-named", "RFC 7919 4", "DHE, client names no FFDHE group", HELLO, 0x009e, 0x0100,
      groups, NULL, GROUPS_ECC_ONLY_DHE, 0),
    R("S-points-compressed-only", "RFC 8422 5.1.2", "ec_point_formats without uncompressed",
      A_ILLEGAL_PARAMETER, 0, 0, point_formats, NULL, POINTS_COMPRESSED_ONLY, T),
    R("S-points-empty", "RFC 8422 5.1.2", "empty ec_point_format_list", A_DECODE_ERROR, 0, 0,
      point_formats, NULL, POINTS_EMPTY, 0),
    R("S-points-three", "RFC 8422 5.1.2", "three point formats with uncompressed", HELLO, 0xc02f, 0,
      point_formats, NULL, POINTS_ALL_THREE, 0),
    /* signature_algorithms (items 2, 6). */
    R("S-sigs-absent-ecdhe", "RFC 9155 2", "no signature_algorithms, ECDHE only (item 2)",
      A_HANDSHAKE_FAILURE, 0, 0, sig_algs, NULL, SIGS_ABSENT_ECDHE, T),
    R("S-sigs-absent-dhe", "RFC 9155 2", "no signature_algorithms, DHE only (item 2)",
      A_HANDSHAKE_FAILURE, 0, 0, sig_algs, NULL, SIGS_ABSENT_DHE, 0),
    R("S-sigs-absent-rsa-kx", "RFC 5246 7.4.1.4.1", "no signature_algorithms, RSA kx (item 2)",
      HELLO, 0x009c, 0, sig_algs, NULL, SIGS_ABSENT_RSA_KX, T),
    R("S-sigs-absent-both", "RFC 5246 7.4.1.4.1", "no signature_algorithms: RSA kx (item 2)", HELLO,
      0x009c, 0, sig_algs, NULL, SIGS_ABSENT_BOTH, 0),
    R("S-sigs-sha1-ecdhe", "RFC 9155 2", "only SHA-1 schemes, ECDHE only (item 2)",
      A_HANDSHAKE_FAILURE, 0, 0, sig_algs, NULL, SIGS_SHA1_ECDHE, 0),
    R("S-sigs-sha1-dhe", "RFC 9155 2", "only SHA-1 schemes, DHE only (item 2)", A_HANDSHAKE_FAILURE,
      0, 0, sig_algs, NULL, SIGS_SHA1_DHE, 0),
    R("S-sigs-md5-ecdhe", "RFC 9155 2", "only MD5, ECDHE only", A_HANDSHAKE_FAILURE, 0, 0, sig_algs,
      NULL, SIGS_MD5_ECDHE, 0),
    R("S-sigs-sha1-rsa-kx", "RFC 5246 7.4.1.4.1", "only SHA-1 schemes, RSA kx (item 2)", HELLO,
      0x009c, 0, sig_algs, NULL, SIGS_SHA1_RSA_KX, 0),
    R("S-sigs-empty", "RFC 5246 7.4.1.4.1", "empty supported_signature_algorithms", A_DECODE_ERROR,
      0, 0, sig_algs, NULL, SIGS_EMPTY, T),
    R("S-sigs-odd", "RFC 5246 7.4.1.4.1", "signature list of odd length", A_DECODE_ERROR, 0, 0,
      sig_algs, NULL, SIGS_ODD, 0),
    R("S-sigs-100", "RFC 5246 7.4.1.4.1", "99 unknown schemes, then rsa_pss (item 6)", HELLO,
      0xc02f, 0, sig_algs, NULL, SIGS_100, T),
    R("S-sigs-longest", "RFC 5246 7.4.1.4.1", "the longest scheme list that fits (item 6)", HELLO,
      0xc02f, 0, sig_algs, NULL, SIGS_MAX_LIST, 0),
    R("S-sigs-pss-only", "RFC 8446 4.2.3", "only rsa_pss_rsae_sha256", HELLO, 0xc02f, 0, sig_algs,
      NULL, SIGS_PSS_ONLY, 0),
    R("S-sigs-ecdsa-only", "RFC 5246 7.4.1.4.1", "only ECDSA schemes, RSA certificate",
      A_HANDSHAKE_FAILURE, 0, 0, sig_algs, NULL, SIGS_ECDSA_ONLY, 0),
    /* ALPN (items 6). */
    R("S-alpn-h2-only", "RFC 7301 3.2", "ALPN h2, server speaks http/1.1",
      A_NO_APPLICATION_PROTOCOL, 0, 0, alpn, NULL, ALPN_H2_ONLY, T),
    R("S-alpn-http11", "RFC 7301 3.1", "ALPN http/1.1", HELLO, 0, 0, alpn, NULL, ALPN_HTTP11, 0),
    R("S-alpn-empty-list", "RFC 7301 3.1", "empty protocol_name_list", A_DECODE_ERROR, 0, 0, alpn,
      NULL, ALPN_EMPTY_LIST, 0),
    R("S-alpn-empty-name", "RFC 7301 3.1", "an empty ProtocolName", A_DECODE_ERROR, 0, 0, alpn,
      NULL, ALPN_EMPTY_NAME, T),
    R("S-alpn-20-names", "RFC 7301 3.1", "20 protocol names, http/1.1 last (item 6)", HELLO, 0, 0,
      alpn, NULL, ALPN_20_NAMES, T),
    R("S-alpn-trailing", "RFC 7301 3.1", "a byte after protocol_name_list", A_DECODE_ERROR, 0, 0,
      alpn, NULL, ALPN_TRAILING, 0),
    /* Other extensions. */
    R("S-ems-body", "RFC 7627 5.1", "extended_master_secret with a body", A_DECODE_ERROR, 0, 0,
      misc_ext, NULL, MISC_EMS_BODY, 0),
    R("S-ems-absent", "RFC 7627 5.1", "no extended_master_secret: full handshake", HELLO, 0, 0,
      misc_ext, NULL, MISC_EMS_ABSENT, 0),
    R("S-etm-body", "RFC 7366 2", "encrypt_then_mac with a body", A_DECODE_ERROR, 0, 0, misc_ext,
      NULL, MISC_ETM_BODY, 0),
    R("S-etm-cbc", "RFC 7366 2", "encrypt_then_mac with a CBC suite", HELLO, 0x002f, 0, misc_ext,
      NULL, MISC_ETM_CBC, 0),
    R("S-reneg-nonempty", "RFC 5746 3.6", "renegotiation_info not empty in a first hello",
      A_HANDSHAKE_FAILURE, 0, 0, misc_ext, NULL, MISC_RENEG_NONEMPTY, T),
    R("S-reneg-and-scsv", "RFC 5746 3.6", "renegotiation_info and the SCSV together", HELLO, 0, 0,
      misc_ext, NULL, MISC_RENEG_AND_SCSV, 0),
    R("S-reneg-absent", "RFC 5746 3.6", "neither renegotiation_info nor the SCSV", HELLO, 0, 0,
      misc_ext, NULL, MISC_RENEG_ABSENT_NO_SCSV, 0),
    R("S-rsl-63", "RFC 8449 4", "record_size_limit 63", A_ILLEGAL_PARAMETER, 0, 0, misc_ext, NULL,
      MISC_RSL_63, T),
    R("S-rsl-64", "RFC 8449 4", "record_size_limit 64", HELLO, 0, 0, misc_ext, NULL, MISC_RSL_64,
      0),
    R("S-mfl-5", "RFC 6066 4", "max_fragment_length 5", A_ILLEGAL_PARAMETER, 0, 0, misc_ext, NULL,
      MISC_MFL_5, T),
    R("S-mfl-1", "RFC 6066 4", "max_fragment_length 2^9", HELLO, 0, 0, misc_ext, NULL, MISC_MFL_1,
      0),
    R("S-status-other-type", "RFC 6066 8", "status_request of an unknown type: ignored", HELLO, 0,
      0, misc_ext, NULL, MISC_STATUS_UNKNOWN_TYPE, 0),
    R("S-ticket-garbage", "RFC 5077 3.4", "an unreadable ticket: full handshake", HELLO, 0, 0,
      misc_ext, NULL, MISC_TICKET_GARBAGE, 0),
    R("S-heartbeat-ext", "RFC 6520 2", "heartbeat extension: ignored", HELLO, 0, 0, misc_ext, NULL,
      MISC_HEARTBEAT, 0),
    /* A TLS 1.3 server takes TLS 1.3 from the list, and then key_share is
     * required (the row's hello has none). */
    R("S-supported-versions", "RFC 8446 9.2", "supported_versions 1.3, 1.2 without key_share",
      A_MISSING_EXTENSION, 0, 0, misc_ext, NULL, MISC_SUPPORTED_VERSIONS, T),
    R("S-padding-512", "RFC 7685 3", "a 512-byte padding extension", HELLO, 0, 0, misc_ext, NULL,
      MISC_PADDING_512, 0),
    /* The server's highest version is TLS 1.3: a 1.2 hello with the SCSV fell back. */
    R("S-fallback-0303", "RFC 7507 3", "TLS_FALLBACK_SCSV with TLS 1.2 to a 1.3 server",
      A_INAPPROPRIATE_FALLBACK, 0, 0, fallback, NULL, 0x0303, T),
    R("S-fallback-0302", "RFC 7507 3", "TLS_FALLBACK_SCSV with TLS 1.1", A_INAPPROPRIATE_FALLBACK,
      0, 0, fallback, NULL, 0x0302, T),
    /* ChangeCipherSpec (item 7). */
    R("S-ccs-first", "RFC 5246 7.1", "ChangeCipherSpec before the hello", A_UNEXPECTED, 0, 0, NULL,
      ccs, CCS_FIRST_01, T),
    R("S-ccs-first-02", "RFC 5246 7.1", "ChangeCipherSpec body 02 first (item 7)", A_UNEXPECTED, 0,
      0, NULL, ccs, CCS_FIRST_02, T),
    R("S-ccs-first-empty", "RFC 5246 7.1", "empty ChangeCipherSpec first (item 7)", A_UNEXPECTED, 0,
      0, NULL, ccs, CCS_FIRST_EMPTY, 0),
    R("S-ccs-first-0101", "RFC 5246 7.1", "ChangeCipherSpec body 01 01 first (item 7)",
      A_UNEXPECTED, 0, 0, NULL, ccs, CCS_FIRST_0101, 0),
    R("S-ccs-after-hello", "RFC 5246 7.1", "ChangeCipherSpec right after the hello", A_UNEXPECTED,
      0, 0, NULL, ccs, CCS_AFTER_HELLO_01, T),
    R("S-ccs-after-hello-02", "RFC 5246 7.1", "ChangeCipherSpec 02 after the hello (item 7)",
      A_UNEXPECTED, 0, 0, NULL, ccs, CCS_AFTER_HELLO_02, 0),
    R("S-ccs-after-hello-empty", "RFC 5246 7.1", "empty ChangeCipherSpec after the hello (item 7)",
      A_UNEXPECTED, 0, 0, NULL, ccs, CCS_AFTER_HELLO_EMPTY, 0),
    /* Alerts where none belongs. */
    R("S-alert-fatal-first", "RFC 5246 7.2.2", "a fatal alert first: closed, no answer",
      EXPECT_CLOSED, 0, 0, NULL, alerts, ALERT_FATAL_FIRST, 0),
    R("S-alert-one-byte", "RFC 5246 7.2", "an alert record of 1 byte", A_DECODE_ERROR, 0, 0, NULL,
      alerts, ALERT_ONE_BYTE, T),
    R("S-alert-three-bytes", "RFC 5246 7.2", "an alert record of 3 bytes", A_DECODE_ERROR, 0, 0,
      NULL, alerts, ALERT_THREE_BYTES, 0),
    R("S-alert-level-3", "RFC 5246 7.2.2", "an alert of level 3 (out of range)", A_DECODE_ERROR, 0,
      0, NULL, alerts, ALERT_LEVEL_3, 0),
    R("S-alert-fatal-after-hello", "RFC 5246 7.2.2", "hello, then a fatal alert", HELLO, 0, 0, NULL,
      alerts, ALERT_AFTER_HELLO_FATAL, 0),
    R("S-alert-warning-first", "RFC 5246 7.2", "a warning alert, then the hello", HELLO, 0, 0, NULL,
      alerts, ALERT_WARNING_THEN_HELLO, 0),
    R("S-alert-close-first", "RFC 5246 7.2.1", "close_notify first: closed, no answer",
      EXPECT_CLOSED, 0, 0, NULL, alerts, ALERT_CLOSE_NOTIFY_FIRST, 0),
    /* Hellos of every legal size (item 6): the body in bytes. */
    R("S-size-smallest", "RFC 5246 7.4.1.2", "the smallest legal hello (41 bytes)", HELLO, 0x009c,
      0, NULL, smallest_hello, 0, T),
    R("S-size-255", "RFC 7685 1", "hello of 255 bytes", HELLO, 0, 0, NULL, hello_of_size, 255, 0),
    R("S-size-256", "RFC 7685 1", "hello of 256 bytes", HELLO, 0, 0, NULL, hello_of_size, 256, 0),
    R("S-size-511", "RFC 7685 1", "hello of 511 bytes", HELLO, 0, 0, NULL, hello_of_size, 511, 0),
    R("S-size-512", "RFC 7685 1", "hello of 512 bytes", HELLO, 0, 0, NULL, hello_of_size, 512, 0),
    R("S-size-16380", "RFC 5246 6.2.1", "hello filling one record exactly", HELLO, 0, 0, NULL,
      hello_of_size, 16380, 0),
    R("S-size-16381", "RFC 5246 6.2.1", "hello one byte over one record", HELLO, 0, 0, NULL,
      hello_of_size, 16381, T),
    R("S-size-65535", "RFC 5246 7.4.1.2", "hello of 65535 bytes", HELLO, 0, 0, NULL, hello_of_size,
      65535, 0),
    R("S-size-65536", "RFC 5246 7.4.1.2", "hello of 64 KiB (item 6)", HELLO, 0, 0, NULL,
      hello_of_size, 65536, T),
    R("S-size-65537", "RFC 5246 7.4.1.2", "hello of 64 KiB + 1 (item 6)", HELLO, 0, 0, NULL,
      hello_of_size, 65537, 0),
    R("S-size-100000", "RFC 5246 7.4.1.2", "hello of 100000 bytes (item 6)", HELLO, 0, 0, NULL,
      hello_of_size, 100000, 0),
    R("S-size-max", "RFC 5246 7.4.1.2", "the largest legal hello, 131396 (item 6)", HELLO, 0, 0,
      NULL, hello_of_size, WIRE_MAX_HELLO, T),
};

const size_t server_row_count = sizeof(server_rows) / sizeof(server_rows[0]);
