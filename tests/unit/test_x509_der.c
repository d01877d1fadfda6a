/* Strict DER: one test per X.690 / RFC 5280 rule, valid and invalid. */
#include "x509/der.h"
#include "check.h"

#include <string.h>

static uint8_t buf[512];
static lt_error err;

/* A reader over hex; resets the error. */
static lt_reader hex_reader(const char *hex)
{
    lt_error_clear(&err);
    size_t n = check_hex(hex, buf, sizeof(buf));
    return lt_reader_make(buf, n);
}

static bool read_any_hex(const char *hex)
{
    lt_reader r = hex_reader(hex);
    uint8_t tag;
    lt_reader c;
    return lt_der_read_any(&r, &tag, &c, "field", &err) && lt_reader_done(&r);
}

static bool err_says(const char *text)
{
    return err.code == LATCH_ERR_DECODE && strstr(err.message, text) != NULL;
}

static void test_lengths(void)
{
    CHECK(read_any_hex("04 00"));
    CHECK(read_any_hex("04 01 aa"));
    /* 127 is the last short-form length; 128 the first long form. */
    static char hex[2 * 300 + 16];
    strcpy(hex, "04 7f");
    for (int i = 0; i < 127; i++)
        strcat(hex, "00");
    CHECK(read_any_hex(hex));
    strcpy(hex, "04 81 80");
    for (int i = 0; i < 128; i++)
        strcat(hex, "00");
    CHECK(read_any_hex(hex));
    strcpy(hex, "04 82 01 00");
    for (int i = 0; i < 256; i++)
        strcat(hex, "00");
    CHECK(read_any_hex(hex));

    /* Long form where the short form fits, and leading zero length octets. */
    CHECK(!read_any_hex("04 81 7f") && err_says("short form is required"));
    CHECK(!read_any_hex("04 81 01 aa") && err_says("short form is required"));
    CHECK(!read_any_hex("04 82 00 80") && err_says("leading zero"));
    CHECK(!read_any_hex("04 85 01 00 00 00 00") && err_says("at most 4"));
    CHECK(!read_any_hex("30 80 00 00") && err_says("indefinite"));
    /* Lengths that run past the parent, or are cut short. */
    CHECK(!read_any_hex("04 02 aa") && err_says("runs past"));
    CHECK(!read_any_hex("04 82 01") && err_says("inside its length"));
    CHECK(!read_any_hex("04") && err_says("before its length"));
    CHECK(!read_any_hex("") && err_says("missing"));

    /* A child bigger than its parent fails even if the bytes exist after. */
    lt_reader r = hex_reader("30 03 04 03 aa bb cc");
    lt_reader outer, inner;
    CHECK(lt_der_read(&r, LT_DER_SEQUENCE, &outer, "outer", &err));
    CHECK(!lt_der_read(&outer, LT_DER_OCTET_STRING, &inner, "inner", &err));
    CHECK(err_says("inner: length 3 runs past"));
}

static void test_tags(void)
{
    CHECK(!read_any_hex("1f 01 00") && err_says("high-tag-number"));
    CHECK(!read_any_hex("00 00") && err_says("end-of-contents"));
    CHECK(!read_any_hex("10 00") && err_says("must be constructed")); /* primitive SEQUENCE */
    CHECK(!read_any_hex("11 00") && err_says("must be constructed")); /* primitive SET */
    CHECK(!read_any_hex("24 00") && err_says("must be primitive"));   /* constructed OCTET STRING */
    CHECK(!read_any_hex("23 00") && err_says("must be primitive"));   /* constructed BIT STRING */
    CHECK(read_any_hex("30 00"));
    CHECK(read_any_hex("a0 00"));
    CHECK(read_any_hex("80 00"));
    CHECK(read_any_hex("c1 00")); /* private class, either form is fine */

    lt_reader r = hex_reader("02 01 05");
    lt_reader c;
    CHECK(!lt_der_read(&r, LT_DER_SEQUENCE, &c, "version", &err));
    CHECK(err_says("version: expected tag 0x30 but found 0x02"));
    CHECK(lt_reader_left(&r) == 3);

    uint8_t tag = 0;
    CHECK(lt_der_peek_tag(&r, &tag) && tag == LT_DER_INTEGER);

    bool present = true;
    r = hex_reader("02 01 05");
    CHECK(lt_der_read_optional(&r, LT_DER_CONTEXT_CONSTRUCTED(0), &present, &c, "v", &err));
    CHECK(!present && lt_reader_left(&r) == 3);
    r = hex_reader("a0 03 02 01 02");
    CHECK(lt_der_read_optional(&r, LT_DER_CONTEXT_CONSTRUCTED(0), &present, &c, "v", &err));
    CHECK(present && lt_reader_done(&r) && lt_reader_left(&c) == 3);

    r = hex_reader("a3 03 02 01 02");
    lt_reader inner;
    CHECK(lt_der_read_explicit(&r, 3, &inner, "ext", &err));
    uint64_t v = 0;
    CHECK(lt_der_read_small_uint(&inner, 10, &v, "n", &err) && v == 2);
    CHECK(lt_der_done(&inner, "ext", &err));
    r = hex_reader("a3 04 02 01 02 00");
    CHECK(lt_der_read_explicit(&r, 3, &inner, "ext", &err));
    CHECK(lt_der_read_small_uint(&inner, 10, &v, "n", &err));
    CHECK(!lt_der_done(&inner, "ext", &err) && err_says("1 unexpected bytes"));

    /* The whole-TLV span covers the header too. */
    r = hex_reader("30 02 05 00 ff");
    lt_span whole;
    CHECK(lt_der_read_whole(&r, LT_DER_SEQUENCE, &whole, &c, "seq", &err));
    CHECK(whole.data == buf && whole.len == 4 && lt_reader_left(&r) == 1);
}

static bool integer_hex(const char *hex, lt_span *v)
{
    lt_reader r = hex_reader(hex);
    return lt_der_read_integer(&r, v, "serial", &err);
}

static void test_integers(void)
{
    lt_span v;
    CHECK(integer_hex("02 01 00", &v) && v.len == 1);
    CHECK(integer_hex("02 01 7f", &v));
    CHECK(integer_hex("02 02 00 80", &v) && v.len == 2);
    CHECK(integer_hex("02 01 80", &v)); /* -128 */
    CHECK(integer_hex("02 02 ff 7f", &v));
    CHECK(!integer_hex("02 00", &v) && err_says("no content"));
    CHECK(!integer_hex("02 02 00 7f", &v) && err_says("non-minimal"));
    CHECK(!integer_hex("02 02 ff 80", &v) && err_says("non-minimal"));
    CHECK(!integer_hex("02 03 00 00 01", &v) && err_says("non-minimal"));

    lt_reader r = hex_reader("02 03 00 ff 01");
    CHECK(lt_der_read_unsigned(&r, &v, "modulus", &err) && v.len == 2 && v.data[0] == 0xff);
    r = hex_reader("02 01 00");
    CHECK(lt_der_read_unsigned(&r, &v, "zero", &err) && v.len == 0);
    r = hex_reader("02 01 ff");
    CHECK(!lt_der_read_unsigned(&r, &v, "modulus", &err) && err_says("negative"));

    uint64_t n = 0;
    r = hex_reader("02 02 01 00");
    CHECK(lt_der_read_small_uint(&r, 1000, &n, "pathLen", &err) && n == 256);
    r = hex_reader("02 02 01 00");
    CHECK(!lt_der_read_small_uint(&r, 255, &n, "pathLen", &err) && err_says("larger than 255"));
    r = hex_reader("02 09 01 00 00 00 00 00 00 00 00");
    CHECK(!lt_der_read_small_uint(&r, UINT64_MAX, &n, "x", &err) && err_says("larger"));
    r = hex_reader("02 09 00 ff ff ff ff ff ff ff ff");
    CHECK(lt_der_read_small_uint(&r, UINT64_MAX, &n, "x", &err) && n == UINT64_MAX);
    r = hex_reader("02 01 fe");
    CHECK(!lt_der_read_small_uint(&r, 10, &n, "x", &err) && err_says("negative"));
}

static void test_booleans_and_null(void)
{
    bool b = false;
    lt_reader r = hex_reader("01 01 ff");
    CHECK(lt_der_read_bool(&r, &b, "cA", &err) && b);
    r = hex_reader("01 01 00");
    CHECK(lt_der_read_bool(&r, &b, "cA", &err) && !b);
    r = hex_reader("01 01 01");
    CHECK(!lt_der_read_bool(&r, &b, "cA", &err) && err_says("0x00 or 0xff"));
    r = hex_reader("01 02 ff ff");
    CHECK(!lt_der_read_bool(&r, &b, "cA", &err) && err_says("one octet"));
    r = hex_reader("01 00");
    CHECK(!lt_der_read_bool(&r, &b, "cA", &err));

    r = hex_reader("05 00");
    CHECK(lt_der_read_null(&r, "parameters", &err));
    r = hex_reader("05 01 00");
    CHECK(!lt_der_read_null(&r, "parameters", &err) && err_says("no content"));
}

static void test_bit_strings(void)
{
    lt_span bits;
    unsigned unused = 9;
    lt_reader r = hex_reader("03 01 00");
    CHECK(lt_der_read_bit_string(&r, &bits, &unused, "k", &err) && bits.len == 0 && unused == 0);
    r = hex_reader("03 02 07 80");
    CHECK(lt_der_read_bit_string(&r, &bits, &unused, "k", &err) && bits.len == 1 && unused == 7);
    r = hex_reader("03 03 05 a0 a0");
    CHECK(lt_der_read_bit_string(&r, &bits, &unused, "k", &err) && unused == 5);
    r = hex_reader("03 00");
    CHECK(!lt_der_read_bit_string(&r, &bits, &unused, "k", &err) && err_says("unused-bits"));
    r = hex_reader("03 01 01");
    CHECK(!lt_der_read_bit_string(&r, &bits, &unused, "k", &err) && err_says("empty BIT STRING"));
    r = hex_reader("03 02 08 00");
    CHECK(!lt_der_read_bit_string(&r, &bits, &unused, "k", &err) && err_says("max 7"));
    r = hex_reader("03 02 07 c0");
    CHECK(!lt_der_read_bit_string(&r, &bits, &unused, "k", &err) && err_says("non-zero unused"));
    r = hex_reader("03 02 01 01");
    CHECK(!lt_der_read_bit_string(&r, &bits, &unused, "k", &err) && err_says("non-zero unused"));
    r = hex_reader("03 02 00 ff");
    CHECK(lt_der_read_bit_string_octets(&r, &bits, "sig", &err) && bits.len == 1);
    r = hex_reader("03 02 04 f0");
    CHECK(!lt_der_read_bit_string_octets(&r, &bits, "sig", &err) && err_says("whole octets"));
    r = hex_reader("81 02 00 ff");
    CHECK(lt_der_read_bit_string_tagged(&r, LT_DER_CONTEXT(1), &bits, &unused, "uid", &err));
}

static void test_oids(void)
{
    static const uint8_t sha256_rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};
    lt_span oid;
    char text[64];
    lt_reader r = hex_reader("06 09 2a 86 48 86 f7 0d 01 01 0b");
    CHECK(lt_der_read_oid(&r, &oid, "algorithm", &err));
    CHECK(LT_DER_OID_IS(oid, sha256_rsa));
    lt_der_oid_text(oid, text, sizeof(text));
    CHECK(strcmp(text, "1.2.840.113549.1.1.11") == 0);
    lt_der_oid_text(oid, text, 10);
    CHECK(strcmp(text, "1.2.84...") == 0 || strcmp(text, "1.2...") == 0);
    CHECK(strlen(text) < 10);

    r = hex_reader("06 03 55 1d 13");
    CHECK(lt_der_read_oid(&r, &oid, "extnID", &err));
    CHECK(!LT_DER_OID_IS(oid, sha256_rsa));
    lt_der_oid_text(oid, text, sizeof(text));
    CHECK(strcmp(text, "2.5.29.19") == 0);
    /* 2.999: the first sub-identifier is above 80. */
    r = hex_reader("06 02 88 37");
    CHECK(lt_der_read_oid(&r, &oid, "x", &err));
    lt_der_oid_text(oid, text, sizeof(text));
    CHECK(strcmp(text, "2.999") == 0);

    r = hex_reader("06 00");
    CHECK(!lt_der_read_oid(&r, &oid, "algorithm", &err) && err_says("not minimal base-128"));
    r = hex_reader("06 03 2a 80 01");
    CHECK(!lt_der_read_oid(&r, &oid, "algorithm", &err) && err_says("base-128"));
    r = hex_reader("06 02 80 01");
    CHECK(!lt_der_read_oid(&r, &oid, "algorithm", &err));
    r = hex_reader("06 02 2a 86");
    CHECK(!lt_der_read_oid(&r, &oid, "algorithm", &err) && err_says("base-128"));
    r = hex_reader("06 03 2a 00 01");
    CHECK(lt_der_read_oid(&r, &oid, "algorithm", &err)); /* a zero arc is fine */
}

static void test_strings(void)
{
    uint8_t tag;
    lt_span s;
    lt_reader r = hex_reader("13 0b 45 78 61 6d 70 6c 65 20 49 6e 63"); /* "Example Inc" */
    CHECK(lt_der_read_string(&r, &tag, &s, "O", &err) && tag == LT_DER_PRINTABLE_STRING);
    CHECK(s.len == 11 && memcmp(s.data, "Example Inc", 11) == 0);
    r = hex_reader("13 01 40"); /* '@' is not printable */
    CHECK(!lt_der_read_string(&r, &tag, &s, "O", &err) && err_says("outside its alphabet"));
    r = hex_reader("0c 02 c3 a9"); /* e acute */
    CHECK(lt_der_read_string(&r, &tag, &s, "O", &err) && tag == LT_DER_UTF8_STRING);
    r = hex_reader("0c 02 c0 80"); /* overlong NUL */
    CHECK(!lt_der_read_string(&r, &tag, &s, "O", &err) && err_says("not valid UTF-8"));
    r = hex_reader("0c 03 ed a0 80"); /* a surrogate */
    CHECK(!lt_der_read_string(&r, &tag, &s, "O", &err));
    r = hex_reader("0c 01 c3");
    CHECK(!lt_der_read_string(&r, &tag, &s, "O", &err));
    r = hex_reader("16 01 80");
    CHECK(!lt_der_read_string(&r, &tag, &s, "email", &err) && err_says("non-ASCII"));
    r = hex_reader("1e 03 00 41 00");
    CHECK(!lt_der_read_string(&r, &tag, &s, "O", &err) && err_says("multiple of 2"));
    r = hex_reader("1c 02 00 41");
    CHECK(!lt_der_read_string(&r, &tag, &s, "O", &err) && err_says("multiple of 4"));
    r = hex_reader("14 01 ff");
    CHECK(lt_der_read_string(&r, &tag, &s, "O", &err) && tag == LT_DER_T61_STRING);
    r = hex_reader("04 01 41");
    CHECK(!lt_der_read_string(&r, &tag, &s, "O", &err) && err_says("expected a string"));
    r = hex_reader("82 03 61 2e 62");
    CHECK(lt_der_read_ia5_tagged(&r, LT_DER_CONTEXT(2), &s, "dNSName", &err) && s.len == 3);
    r = hex_reader("82 01 ff");
    CHECK(!lt_der_read_ia5_tagged(&r, LT_DER_CONTEXT(2), &s, "dNSName", &err));
}

/* Reads a time from its tag and text. */
static bool time_of(uint8_t tag, const char *text, int64_t *out)
{
    lt_error_clear(&err);
    size_t n = strlen(text);
    buf[0] = tag;
    buf[1] = (uint8_t)n;
    memcpy(buf + 2, text, n);
    lt_reader r = lt_reader_make(buf, n + 2);
    return lt_der_read_time(&r, out, "notBefore", &err);
}

static void test_times(void)
{
    int64_t t = 0;
    const uint8_t U = LT_DER_UTC_TIME, G = LT_DER_GENERALIZED_TIME;
    CHECK(time_of(U, "700101000000Z", &t) && t == 0);
    CHECK(time_of(U, "000101000000Z", &t) && t == 946684800);
    /* The pivot (RFC 5280 4.1.2.5.1): 49 is 2049, 50 is 1950. */
    CHECK(time_of(U, "491231235959Z", &t) && t == 2524607999);
    CHECK(time_of(U, "500101000000Z", &t) && t == -631152000);
    CHECK(time_of(U, "991231235959Z", &t) && t == 946684799);
    CHECK(time_of(G, "20500101000000Z", &t) && t == 2524608000);
    CHECK(time_of(G, "19700101000000Z", &t) && t == 0);
    CHECK(time_of(G, "99991231235959Z", &t) && t == 253402300799);
    CHECK(time_of(G, "16010101000000Z", &t) && t == -11644473600);
    CHECK(time_of(U, "380119031408Z", &t) && t == 2147483648); /* past 32 bits */

    /* Leap years: 2000 and 2024 are, 2100 and 1900 are not. */
    CHECK(time_of(U, "000229000000Z", &t) && t == 951782400);
    CHECK(time_of(U, "240229120000Z", &t) && t == 1709208000);
    CHECK(!time_of(U, "230229000000Z", &t) && err_says("day 29 is not valid in 2023-02"));
    CHECK(!time_of(G, "21000229000000Z", &t) && err_says("day 29"));
    CHECK(!time_of(G, "19000229000000Z", &t));
    CHECK(time_of(G, "24000229000000Z", &t));
    CHECK(!time_of(U, "240230000000Z", &t) && err_says("day 30"));
    CHECK(!time_of(U, "240431000000Z", &t) && err_says("day 31"));
    CHECK(time_of(U, "241231000000Z", &t));
    CHECK(!time_of(U, "241200000000Z", &t) && err_says("day 00"));
    CHECK(!time_of(U, "241301000000Z", &t) && err_says("month 13"));
    CHECK(!time_of(U, "240001000000Z", &t) && err_says("month 00"));

    /* Time of day. */
    CHECK(!time_of(U, "240101240000Z", &t) && err_says("24:00:00"));
    CHECK(!time_of(U, "240101236000Z", &t) && err_says("not valid"));
    CHECK(!time_of(U, "240101235960Z", &t) && err_says("not valid"));

    /* Format: seconds required, Z only, no fractions, digits only. */
    CHECK(!time_of(U, "2401010000Z", &t) && err_says("13 characters"));
    CHECK(!time_of(U, "240101000000+0000", &t) && err_says("13 characters"));
    CHECK(!time_of(U, "240101000000z", &t) && err_says("end in Z"));
    CHECK(!time_of(U, "2401010000000", &t) && err_says("end in Z"));
    CHECK(!time_of(G, "20240101000000.5Z", &t) && err_says("15 characters"));
    CHECK(!time_of(G, "20240101000000", &t) && err_says("15 characters"));
    CHECK(!time_of(G, "2024010100000Z", &t));
    CHECK(!time_of(U, "24010100000aZ", &t) && err_says("non-digit"));
    CHECK(!time_of(U, "2401010000 0Z", &t) && err_says("non-digit"));
    CHECK(!time_of(U, "-40101000000Z", &t) && err_says("non-digit"));
    /* Wrong tag. */
    CHECK(!time_of(LT_DER_IA5_STRING, "240101000000Z", &t) && err_says("expected UTCTime"));
}

int main(void)
{
    test_lengths();
    test_tags();
    test_integers();
    test_booleans_and_null();
    test_bit_strings();
    test_oids();
    test_strings();
    test_times();
    return check_finish("x509_der");
}
