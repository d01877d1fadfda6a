/* DER output: each encoder's bytes against hand-written DER, and each read
 * back with the strict reader of x509/der.h. */
#include "x509/der_write.h"
#include "check.h"

#include <string.h>

static lt_writer w;
static lt_error err;

static void start(void)
{
    lt_writer_free(&w);
    lt_writer_init_growable(&w, 0);
    lt_error_clear(&err);
}

/* The writer holds exactly the DER given in hex. */
static bool wrote(const char *hex)
{
    uint8_t want[128];
    size_t n = check_hex(hex, want, sizeof(want));
    return lt_writer_ok(&w) && w.len == n && memcmp(w.data, want, n) == 0;
}

static lt_reader written(void)
{
    return lt_reader_make(w.data, w.len);
}

/* Short form through 127, then the fewest long-form octets (X.690 8.1.3). */
static void test_lengths(void)
{
    static const struct {
        size_t body;
        const char *header;
    } cases[] = {
        {0, "04 00"},      {1, "04 01"},         {127, "04 7f"},         {128, "04 81 80"},
        {255, "04 81 ff"}, {256, "04 82 01 00"}, {65535, "04 82 ff ff"}, {65536, "04 83 01 00 00"},
    };
    static uint8_t body[65536];
    for (size_t i = 0; i < sizeof(body); i++)
        body[i] = (uint8_t)i;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        start();
        lt_der_write_octet_string(&w, body, cases[i].body);
        uint8_t header[8];
        size_t hlen = check_hex(cases[i].header, header, sizeof(header));
        CHECK(lt_writer_ok(&w));
        CHECK(w.len == hlen + cases[i].body);
        CHECK_MEM(w.data, header, hlen);
        CHECK_MEM(w.data + hlen, body, cases[i].body);
        lt_reader r = written();
        lt_span got;
        CHECK(lt_der_read_octet_string(&r, &got, "octets", &err) && lt_reader_done(&r));
        CHECK(got.len == cases[i].body);
    }
}

/* Inner blocks that grow to the long form shift what follows, and the
 * outer block still measures the right length. */
static void test_nested_long_forms(void)
{
    static uint8_t body[300];
    memset(body, 0xab, sizeof(body));
    start();
    lt_der_block outer = lt_der_open(&w, LT_DER_SEQUENCE);
    lt_der_block set = lt_der_open(&w, LT_DER_SET);
    lt_der_write_octet_string(&w, body, 200);
    lt_der_close(&w, set);
    lt_der_write_null(&w);
    lt_der_write_octet_string(&w, body, 300);
    lt_der_close(&w, outer);
    CHECK(lt_writer_ok(&w));
    /* 31 81 cb (04 81 c8 + 200) = 206; 05 00; 04 82 01 2c + 300 = 304: 512. */
    CHECK(w.len == 4 + 206 + 2 + 304);
    const uint8_t head[] = {0x30, 0x82, 0x02, 0x00, 0x31, 0x81, 0xcb, 0x04, 0x81, 0xc8};
    CHECK_MEM(w.data, head, sizeof(head));

    lt_reader r = written(), seq, inner;
    lt_span a, b;
    CHECK(lt_der_read(&r, LT_DER_SEQUENCE, &seq, "outer", &err) && lt_reader_done(&r));
    CHECK(lt_der_read(&seq, LT_DER_SET, &inner, "set", &err));
    CHECK(lt_der_read_octet_string(&inner, &a, "a", &err) && a.len == 200);
    CHECK(lt_der_done(&inner, "set", &err));
    CHECK(lt_der_read_null(&seq, "null", &err));
    CHECK(lt_der_read_octet_string(&seq, &b, "b", &err) && b.len == 300);
    CHECK(lt_der_done(&seq, "outer", &err));
    CHECK(b.data[0] == 0xab && b.data[299] == 0xab);
}

static void test_integers(void)
{
    static const struct {
        const char *magnitude, *der;
    } bytes[] = {
        {"", "02 01 00"},
        {"00 00", "02 01 00"},
        {"01", "02 01 01"},
        {"7f", "02 01 7f"},
        {"80", "02 02 00 80"},
        {"00 00 01 02", "02 02 01 02"},
        {"00 ff ff", "02 03 00 ff ff"},
    };
    for (size_t i = 0; i < sizeof(bytes) / sizeof(bytes[0]); i++) {
        uint8_t mag[8];
        size_t n = check_hex(bytes[i].magnitude, mag, sizeof(mag));
        start();
        lt_der_write_integer_bytes(&w, mag, n);
        CHECK(wrote(bytes[i].der));
        lt_reader r = written();
        lt_span value;
        CHECK(lt_der_read_integer(&r, &value, "integer", &err) && lt_reader_done(&r));
    }

    static const struct {
        uint64_t v;
        const char *der;
    } small[] = {
        {0, "02 01 00"},      {2, "02 01 02"},
        {127, "02 01 7f"},    {128, "02 02 00 80"},
        {256, "02 02 01 00"}, {UINT64_MAX, "02 09 00 ff ff ff ff ff ff ff ff"},
    };
    for (size_t i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
        start();
        lt_der_write_integer_u64(&w, small[i].v);
        CHECK(wrote(small[i].der));
        lt_reader r = written();
        uint64_t back = 0;
        CHECK(lt_der_read_small_uint(&r, UINT64_MAX, &back, "integer", &err));
        CHECK(back == small[i].v);
    }
}

static void test_simple_types(void)
{
    bool b = false;
    start();
    lt_der_write_bool(&w, true);
    CHECK(wrote("01 01 ff"));
    lt_reader r = written();
    CHECK(lt_der_read_bool(&r, &b, "bool", &err) && b);

    start();
    lt_der_write_bool(&w, false);
    CHECK(wrote("01 01 00"));
    r = written();
    CHECK(lt_der_read_bool(&r, &b, "bool", &err) && !b);

    start();
    lt_der_write_null(&w);
    CHECK(wrote("05 00"));
    r = written();
    CHECK(lt_der_read_null(&r, "null", &err));

    /* sha256WithRSAEncryption, 1.2.840.113549.1.1.11 */
    static const uint8_t oid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};
    start();
    LT_DER_WRITE_OID(&w, oid);
    CHECK(wrote("06 09 2a 86 48 86 f7 0d 01 01 0b"));
    r = written();
    lt_span got;
    char dotted[64];
    CHECK(lt_der_read_oid(&r, &got, "oid", &err) && LT_DER_OID_IS(got, oid));
    lt_der_oid_text(got, dotted, sizeof(dotted));
    CHECK(strcmp(dotted, "1.2.840.113549.1.1.11") == 0);

    const uint8_t octets[] = {0xde, 0xad};
    start();
    lt_der_write_octet_string(&w, octets, sizeof(octets));
    CHECK(wrote("04 02 de ad"));
}

static void test_bit_strings(void)
{
    const uint8_t key[] = {0x04, 0xaa, 0xbb};
    start();
    lt_der_write_bit_string(&w, key, sizeof(key));
    CHECK(wrote("03 04 00 04 aa bb"));
    lt_reader r = written();
    lt_span bits;
    CHECK(lt_der_read_bit_string_octets(&r, &bits, "bits", &err) && bits.len == 3);

    /* Named bits drop trailing zeros (X.690 11.2.2): keyUsage values. */
    static const struct {
        uint32_t bits;
        const char *der;
        unsigned unused;
    } named[] = {
        {0, "03 01 00", 0},
        {1u << 0, "03 02 07 80", 7},               /* digitalSignature */
        {(1u << 0) | (1u << 2), "03 02 05 a0", 5}, /* + keyEncipherment */
        {(1u << 5) | (1u << 6), "03 02 01 06", 1}, /* keyCertSign, cRLSign */
        {(1u << 7), "03 02 00 01", 0},             /* encipherOnly */
        {(1u << 8), "03 03 07 00 80", 7},          /* decipherOnly */
        {(1u << 0) | (1u << 9), "03 03 06 80 40", 6},
    };
    for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        start();
        lt_der_write_named_bits(&w, named[i].bits);
        CHECK(wrote(named[i].der));
        r = written();
        unsigned unused = 99;
        CHECK(lt_der_read_bit_string(&r, &bits, &unused, "named", &err));
        CHECK(unused == named[i].unused);
    }
}

static void test_strings(void)
{
    start();
    lt_der_write_utf8_string(&w, "caf\xc3\xa9", 5);
    CHECK(wrote("0c 05 63 61 66 c3 a9"));
    lt_reader r = written();
    uint8_t tag;
    lt_span value;
    CHECK(lt_der_read_string(&r, &tag, &value, "utf8", &err) && tag == LT_DER_UTF8_STRING);

    start();
    lt_der_write_printable_string(&w, "Ab 1'()+,-./:=?", 15);
    CHECK(wrote("13 0f 41 62 20 31 27 28 29 2b 2c 2d 2e 2f 3a 3d 3f"));
    r = written();
    CHECK(lt_der_read_string(&r, &tag, &value, "printable", &err) &&
          tag == LT_DER_PRINTABLE_STRING);

    /* Outside the PrintableString alphabet: nothing is written. */
    const char *bad[] = {"a@b", "a*", "x_y", "caf\xc3\xa9"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        start();
        lt_der_write_printable_string(&w, bad[i], strlen(bad[i]));
        CHECK(!lt_writer_ok(&w) && w.len == 0);
    }
    start();
    lt_der_write_printable_string(&w, "a\0b", 3);
    CHECK(!lt_writer_ok(&w));
}

/* RFC 5280 4.1.2.5: UTCTime for 1950-2049, GeneralizedTime outside. */
static void test_times(void)
{
    static const struct {
        int64_t t;
        const char *der;
    } cases[] = {
        {0, "17 0d 373030313031303030303030 5a"},                /* 700101000000Z */
        {1709208000, "17 0d 323430323239313230303030 5a"},       /* 240229120000Z */
        {2524607999, "17 0d 343931323331323335393539 5a"},       /* 491231235959Z */
        {2524608000, "18 0f 3230353030313031303030303030 5a"},   /* 20500101000000Z */
        {-631152000, "17 0d 353030313031303030303030 5a"},       /* 500101000000Z */
        {-631152001, "18 0f 3139343931323331323335393539 5a"},   /* 19491231235959Z */
        {253402300799, "18 0f 3939393931323331323335393539 5a"}, /* 99991231235959Z */
        {951868800, "17 0d 303030333031303030303030 5a"},        /* 000301000000Z */
        {-62135596800, "18 0f 3030303130313031303030303030 5a"}, /* 00010101000000Z */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        start();
        lt_der_write_time(&w, cases[i].t);
        CHECK(wrote(cases[i].der));
        lt_reader r = written();
        int64_t back = 0;
        CHECK(lt_der_read_time(&r, &back, "time", &err) && lt_reader_done(&r));
        CHECK(back == cases[i].t);
    }
    /* Every second across the UTCTime/GeneralizedTime boundary reads back. */
    for (int64_t t = 2524608000 - 90000; t < 2524608000 + 90000; t += 997) {
        start();
        lt_der_write_time(&w, t);
        lt_reader r = written();
        int64_t back = 0;
        CHECK(lt_der_read_time(&r, &back, "time", &err) && back == t);
        CHECK(w.data[0] == (t < 2524608000 ? LT_DER_UTC_TIME : LT_DER_GENERALIZED_TIME));
    }
    /* After 9999 there is no encoding. */
    start();
    lt_der_write_time(&w, 253402300800);
    CHECK(!lt_writer_ok(&w));
    start();
    lt_der_write_time(&w, -62167219201);
    CHECK(!lt_writer_ok(&w));
}

static void test_context_tags(void)
{
    start();
    lt_der_block explicit3 = lt_der_open(&w, LT_DER_CONTEXT_CONSTRUCTED(3));
    lt_der_write_integer_u64(&w, 5);
    lt_der_close(&w, explicit3);
    lt_der_write_tlv(&w, LT_DER_CONTEXT(2), (const uint8_t *)"a.b", 3);
    CHECK(wrote("a3 03 02 01 05 82 03 61 2e 62"));

    lt_reader r = written(), inner;
    uint64_t v = 0;
    lt_span name;
    CHECK(lt_der_read_explicit(&r, 3, &inner, "explicit", &err));
    CHECK(lt_der_read_small_uint(&inner, 10, &v, "value", &err) && v == 5);
    CHECK(lt_der_read_ia5_tagged(&r, LT_DER_CONTEXT(2), &name, "dNSName", &err));
    CHECK(name.len == 3 && memcmp(name.data, "a.b", 3) == 0 && lt_reader_done(&r));
}

/* A fixed buffer that is too small fails and stays failed. */
static void test_sticky_failure(void)
{
    uint8_t buf[8];
    lt_writer fixed;
    lt_writer_init_fixed(&fixed, buf, sizeof(buf));
    lt_der_block seq = lt_der_open(&fixed, LT_DER_SEQUENCE);
    lt_der_write_octet_string(&fixed, (const uint8_t *)"0123456789", 10);
    lt_der_close(&fixed, seq);
    CHECK(!lt_writer_ok(&fixed));
    lt_der_write_null(&fixed);
    CHECK(!lt_writer_ok(&fixed));

    /* Exactly enough room, including the long form the close adds. */
    static uint8_t body[130], exact[3 + 3 + 130];
    lt_writer_init_fixed(&fixed, exact, sizeof(exact));
    seq = lt_der_open(&fixed, LT_DER_SEQUENCE);
    lt_der_write_octet_string(&fixed, body, sizeof(body));
    lt_der_close(&fixed, seq);
    CHECK(lt_writer_ok(&fixed) && fixed.len == sizeof(exact));
    CHECK(exact[0] == 0x30 && exact[1] == 0x81 && exact[2] == 0x85);
    CHECK(exact[3] == 0x04 && exact[4] == 0x81 && exact[5] == 0x82);
}

int main(void)
{
    test_lengths();
    test_nested_long_forms();
    test_integers();
    test_simple_types();
    test_bit_strings();
    test_strings();
    test_times();
    test_context_tags();
    test_sticky_failure();
    lt_writer_free(&w);
    return check_finish("der_write");
}
