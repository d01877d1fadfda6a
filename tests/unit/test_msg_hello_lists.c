/* The ClientHello's long lists (issue 15): every legal hello parses, up to
 * the largest (131,396 bytes: 32,767 suites, 64 KiB of extensions), with
 * every entry read and checked and only what latch can use sure to be
 * stored; repeats are still refused where the RFC forbids them. */
#include "big_hello.h"
#include "test_msg_util.h"
#include "tls/msg_list.h"
#include "tls/suites.h"

static bool has_u16(const uint16_t *list, size_t n, uint16_t v)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == v)
            return true;
    return false;
}

static void test_largest_hello(void)
{
    uint8_t *msg = malloc(BIG_HELLO_LEN);
    CHECK(big_hello_write(msg) == BIG_HELLO_LEN);
    CHECK(msg[1] == 0x02 && msg[2] == 0x01 && msg[3] == 0x44); /* 131396 */
    lt_client_hello ch;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_client_hello_parse(msg + 4, BIG_HELLO_BODY, &ch, &err);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  largest hello: %s\n", err.message);

    CHECK(ch.cipher_suites_listed == BIG_HELLO_SUITES);
    CHECK(ch.cipher_suites_count <= LT_MAX_CIPHER_SUITES);
    CHECK(lt_client_hello_offers(&ch, 0xc02b) && lt_client_hello_offers(&ch, 0xc02f));
    CHECK(lt_client_hello_offers(&ch, LT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
    /* Unknown values filled only the room not held for known ones. */
    CHECK(ch.cipher_suites_count == LT_MAX_CIPHER_SUITES - LT_KNOWN_SUITES_RESERVE + 3);
    CHECK(ch.compression_methods.len == 255);

    const lt_extensions *e = &ch.ext;
    CHECK(e->listed == BIG_HELLO_EXTS);
    CHECK(e->supported_groups.listed == BIG_HELLO_GROUPS);
    CHECK(has_u16(e->supported_groups.groups, e->supported_groups.count, LT_GROUP_X25519));
    CHECK(has_u16(e->supported_groups.groups, e->supported_groups.count, LT_GROUP_SECP256R1));
    CHECK(e->supported_groups.count == LT_MAX_GROUPS - LT_KNOWN_GROUPS_RESERVE + 2);
    CHECK(e->signature_algorithms.listed == BIG_HELLO_SCHEMES);
    CHECK(has_u16(e->signature_algorithms.schemes, e->signature_algorithms.count,
                  LT_SIG_ECDSA_SECP256R1_SHA256));
    CHECK(has_u16(e->signature_algorithms.schemes, e->signature_algorithms.count,
                  LT_SIG_RSA_PSS_RSAE_SHA256));
    CHECK(e->alpn.listed == BIG_HELLO_ALPN && e->alpn.count == LT_MAX_ALPN);
    CHECK(span_is(e->alpn.protocols[0], "p000"));
    /* The whole ALPN list is there to choose from, its last name too. */
    lt_reader list = lt_reader_make(e->alpn.list.data, e->alpn.list.len);
    lt_span name = {0};
    size_t names = 0;
    while (lt_alpn_next(&list, &name))
        names++;
    CHECK(names == BIG_HELLO_ALPN && span_is(name, "http/1.1"));
    /* Every known extension is among the stored types, in order. */
    CHECK(e->server_name.present && span_is(e->server_name.host_name, "localhost"));
    CHECK(lt_extensions_has(e, LT_EXT_EXTENDED_MASTER_SECRET));
    CHECK(lt_extensions_has(e, LT_EXT_RENEGOTIATION_INFO));
    CHECK(e->count <= LT_EXT_MAX && e->unknown_count == LT_EXT_MAX_UNKNOWN);
    free(msg);
}

/* An extensions block of n empty unknown extensions, with the one at
 * `repeat` (if below n) the same type as the first. */
static size_t many_extensions(uint8_t *buf, size_t cap, size_t n, size_t repeat)
{
    lt_writer w;
    lt_writer_init_fixed(&w, buf, cap);
    for (size_t i = 0; i < n; i++) {
        lt_write_u16(&w, (uint16_t)(i == repeat ? 0x1000 : 0x1000 + i));
        lt_write_u16(&w, 0);
    }
    lt_write_u16(&w, LT_EXT_EXTENDED_MASTER_SECRET);
    lt_write_u16(&w, 0);
    CHECK(lt_writer_ok(&w));
    return w.len;
}

static void test_many_extensions(void)
{
    static uint8_t buf[65535];
    lt_extensions ext;
    lt_error err;
    size_t most = (sizeof(buf) - 4) / 4;
    size_t n = many_extensions(buf, sizeof(buf), most, most);
    lt_error_clear(&err);
    CHECK(lt_extensions_parse(buf, n, LT_EXT_IN_CLIENT_HELLO, &ext, &err));
    CHECK(ext.listed == most + 1 && ext.extended_master_secret.present);
    CHECK(lt_extensions_has(&ext, LT_EXT_EXTENDED_MASTER_SECRET));
    CHECK(ext.count == LT_EXT_MAX - LT_EXT_KNOWN_RESERVE + 1);
    CHECK(ext.unknown_count == LT_EXT_MAX_UNKNOWN);

    /* RFC 5246 7.4.1.4: a repeat is refused even far past what is stored. */
    n = many_extensions(buf, sizeof(buf), most, most - 5);
    lt_error_clear(&err);
    CHECK_FAILS(lt_extensions_parse(buf, n, LT_EXT_IN_CLIENT_HELLO, &ext, &err), err,
                LATCH_ERR_DECODE);
    CHECK(strstr(err.message, "appears twice") != NULL);
}

/* An extension of `type` whose body is a u16-prefixed list of n values:
 * value(i) for i < n - 1, then last. */
static size_t u16_list_ext(uint8_t *buf, size_t cap, uint16_t type, size_t n, uint16_t first,
                           uint16_t last)
{
    lt_writer w;
    lt_writer_init_fixed(&w, buf, cap);
    lt_write_u16(&w, type);
    lt_wblock e = lt_write_open(&w, 2);
    lt_wblock l = lt_write_open(&w, 2);
    for (size_t i = 0; i + 1 < n; i++)
        lt_write_u16(&w, (uint16_t)(first + i));
    lt_write_u16(&w, last);
    lt_write_close(&w, l);
    lt_write_close(&w, e);
    CHECK(lt_writer_ok(&w));
    return w.len;
}

/* 32,766 groups or schemes (a full extension body): the known value at
 * the end is kept; repeats are kept once. */
static void test_long_u16_lists(void)
{
    static uint8_t buf[65540];
    lt_extensions ext;
    lt_error err;
    size_t n = (65535 - 2) / 2;
    size_t len =
        u16_list_ext(buf, sizeof(buf), LT_EXT_SUPPORTED_GROUPS, n, 0x2000, LT_GROUP_SECP384R1);
    lt_error_clear(&err);
    CHECK(lt_extensions_parse(buf, len, LT_EXT_IN_CLIENT_HELLO, &ext, &err));
    CHECK(ext.supported_groups.listed == n);
    CHECK(ext.supported_groups.count == LT_MAX_GROUPS - LT_KNOWN_GROUPS_RESERVE + 1);
    CHECK(ext.supported_groups.groups[ext.supported_groups.count - 1] == LT_GROUP_SECP384R1);

    len = u16_list_ext(buf, sizeof(buf), LT_EXT_SIGNATURE_ALGORITHMS, n, 0xf000 - 0x7000,
                       LT_SIG_ED25519);
    lt_error_clear(&err);
    CHECK(lt_extensions_parse(buf, len, LT_EXT_IN_CLIENT_HELLO, &ext, &err));
    CHECK(ext.signature_algorithms.listed == n);
    CHECK(
        has_u16(ext.signature_algorithms.schemes, ext.signature_algorithms.count, LT_SIG_ED25519));

    /* The same known group thousands of times is stored once. */
    lt_writer w;
    lt_writer_init_fixed(&w, buf, sizeof(buf));
    lt_write_u16(&w, LT_EXT_SUPPORTED_GROUPS);
    lt_wblock e = lt_write_open(&w, 2);
    lt_wblock l = lt_write_open(&w, 2);
    for (size_t i = 0; i < 5000; i++)
        lt_write_u16(&w, LT_GROUP_X25519);
    lt_write_u16(&w, LT_GROUP_SECP256R1);
    lt_write_close(&w, l);
    lt_write_close(&w, e);
    CHECK(lt_writer_ok(&w));
    lt_error_clear(&err);
    CHECK(lt_extensions_parse(buf, w.len, LT_EXT_IN_CLIENT_HELLO, &ext, &err));
    CHECK(ext.supported_groups.count == 2 && ext.supported_groups.listed == 5001);
    CHECK(ext.supported_groups.groups[1] == LT_GROUP_SECP256R1);
}

/* The store itself: known values always find a slot. */
static bool is_even(uint16_t v)
{
    return v % 2 == 0;
}

static void test_store(void)
{
    uint8_t bytes[2 * 100];
    for (size_t i = 0; i < 100; i++) {
        bytes[2 * i] = 0;
        bytes[2 * i + 1] = (uint8_t)(2 * i + 1); /* odd: unknown */
    }
    bytes[199] = 4; /* the last one known */
    uint16_t items[10];
    lt_u16_store s = {.items = items, .cap = 10, .reserve = 3, .known = is_even};
    lt_reader r = lt_reader_make(bytes, sizeof(bytes));
    CHECK(lt_u16_store_read(&s, &r));
    CHECK(s.listed == 100 && s.count == 8 && items[7] == 4);
    lt_reader odd = lt_reader_make(bytes, 3);
    CHECK(!lt_u16_store_read(&s, &odd));
}

int main(void)
{
    test_largest_hello();
    test_many_extensions();
    test_long_u16_lists();
    test_store();
    return check_finish("msg_hello_lists");
}
