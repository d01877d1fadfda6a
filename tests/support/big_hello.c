#include "big_hello.h"

#include <string.h>

typedef struct out {
    uint8_t *p;
    size_t len;
} out;

static void u8(out *o, unsigned v)
{
    o->p[o->len++] = (uint8_t)v;
}

static void u16(out *o, unsigned v)
{
    u8(o, v >> 8);
    u8(o, v & 0xff);
}

/* Opens a length prefix of n bytes; close() fills it in. */
static size_t open_len(out *o, size_t n)
{
    size_t at = o->len;
    o->len += n;
    return at;
}

static void close_len(out *o, size_t at, size_t n)
{
    size_t len = o->len - at - n;
    for (size_t i = 0; i < n; i++)
        o->p[at + i] = (uint8_t)(len >> (8 * (n - 1 - i)));
}

static void suites(out *o)
{
    size_t at = open_len(o, 2);
    /* Unknown values, none of them an SCSV (0x5600 is skipped). */
    for (unsigned i = 0; i < BIG_HELLO_SUITES - 3; i++) {
        unsigned v = 0x1000 + i;
        u16(o, v >= 0x5600 ? v + 1 : v);
    }
    u16(o, 0xc02b); /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
    u16(o, 0xc02f); /* TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
    u16(o, 0x00ff); /* TLS_EMPTY_RENEGOTIATION_INFO_SCSV */
    close_len(o, at, 2);
}

/* An extension whose body is a u16-prefixed list of n values: first,
 * first + 1, ..., then a and b. */
static void u16_list(out *o, unsigned type, unsigned n, unsigned first, unsigned a, unsigned b)
{
    u16(o, type);
    size_t e = open_len(o, 2), list = open_len(o, 2);
    for (unsigned i = 0; i < n - 2; i++)
        u16(o, first + i);
    u16(o, a);
    u16(o, b);
    close_len(o, list, 2);
    close_len(o, e, 2);
}

static void extensions(out *o)
{
    size_t block = open_len(o, 2);
    /* server_name: localhost */
    u16(o, 0);
    size_t e = open_len(o, 2), list = open_len(o, 2);
    u8(o, 0);
    u16(o, 9);
    memcpy(o->p + o->len, "localhost", 9);
    o->len += 9;
    close_len(o, list, 2);
    close_len(o, e, 2);
    /* supported_groups: unknown ones, then x25519 and secp256r1. */
    u16_list(o, 10, BIG_HELLO_GROUPS, 0x2000, 0x001d, 0x0017);
    /* ec_point_formats: uncompressed */
    u16(o, 11);
    u16(o, 2);
    u8(o, 1);
    u8(o, 0);
    /* signature_algorithms: unknown ones, then ecdsa_secp256r1_sha256 and
     * rsa_pss_rsae_sha256. */
    u16_list(o, 13, BIG_HELLO_SCHEMES, 0xf000, 0x0403, 0x0804);
    /* ALPN: "p000" to "p999", then http/1.1. */
    u16(o, 16);
    e = open_len(o, 2);
    list = open_len(o, 2);
    for (unsigned i = 0; i < BIG_HELLO_ALPN - 1; i++) {
        u8(o, 4);
        o->p[o->len++] = 'p';
        o->p[o->len++] = (uint8_t)('0' + i / 100);
        o->p[o->len++] = (uint8_t)('0' + i / 10 % 10);
        o->p[o->len++] = (uint8_t)('0' + i % 10);
    }
    u8(o, 8);
    memcpy(o->p + o->len, "http/1.1", 8);
    o->len += 8;
    close_len(o, list, 2);
    close_len(o, e, 2);
    /* extended_master_secret, renegotiation_info */
    u16(o, 23);
    u16(o, 0);
    u16(o, 0xff01);
    u16(o, 1);
    u8(o, 0);
    /* Unknown empty extensions (0x3000...). */
    for (unsigned i = 0; i < BIG_HELLO_UNKNOWN_EXTS; i++) {
        u16(o, 0x3000 + i);
        u16(o, 0);
    }
    /* padding (RFC 7685) to the end of a full block. */
    u16(o, 21);
    size_t pad = open_len(o, 2);
    size_t end = block + 2 + 0xffff;
    memset(o->p + o->len, 0, end - o->len);
    o->len = end;
    close_len(o, pad, 2);
    close_len(o, block, 2);
}

size_t big_hello_write(uint8_t out_buf[BIG_HELLO_LEN])
{
    out o = {out_buf, 0};
    u8(&o, 1); /* client_hello */
    size_t msg = open_len(&o, 3);
    u16(&o, 0x0303);
    for (unsigned i = 0; i < 32; i++)
        u8(&o, i * 13 + 7); /* random */
    u8(&o, 32);             /* a session_id no server knows */
    for (unsigned i = 0; i < 32; i++)
        u8(&o, 0xa0 + i);
    suites(&o);
    u8(&o, 255); /* compression_methods: 1 to 254, then null */
    for (unsigned i = 1; i < 255; i++)
        u8(&o, i);
    u8(&o, 0);
    extensions(&o);
    close_len(&o, msg, 3);
    return o.len;
}
