#include "x509/der.h"

#include <stdio.h>
#include <string.h>

#define DER_CLASS_MASK 0xc0
#define DER_CLASS_UNIVERSAL 0x00
#define DER_NUMBER_MASK 0x1f

static bool read_tag(lt_reader *r, uint8_t *tag, const char *what, lt_error *err)
{
    uint8_t t;
    if (!lt_read_u8(r, &t))
        return LT_FAIL(err, LATCH_ERR_DECODE, "%s: missing (input ends before its tag)", what);
    unsigned number = t & DER_NUMBER_MASK;
    /* X.690 8.1.2.4: number 31 starts the high-tag-number form, which no
     * field of a certificate needs. */
    if (number == DER_NUMBER_MASK)
        return LT_FAIL(err, LATCH_ERR_DECODE,
                       "%s: tag 0x%02x uses the high-tag-number form, which is not supported", what,
                       t);
    if ((t & DER_CLASS_MASK) == DER_CLASS_UNIVERSAL) {
        if (number == 0)
            return LT_FAIL(err, LATCH_ERR_DECODE,
                           "%s: tag 0x00 (end-of-contents) is not allowed in DER", what);
        /* SEQUENCE and SET are always constructed; X.690 10.2 forbids the
         * constructed form of every other universal type in DER. */
        bool constructed = (t & LT_DER_CONSTRUCTED) != 0;
        bool must_construct = number == 16 || number == 17;
        if (constructed != must_construct)
            return LT_FAIL(err, LATCH_ERR_DECODE,
                           "%s: universal tag %u must be %s but tag 0x%02x is %s", what, number,
                           must_construct ? "constructed" : "primitive", t,
                           constructed ? "constructed" : "primitive");
    }
    *tag = t;
    return true;
}

static bool read_length(lt_reader *r, size_t *out, const char *what, lt_error *err)
{
    uint8_t first;
    if (!lt_read_u8(r, &first))
        return LT_FAIL(err, LATCH_ERR_DECODE, "%s: input ends before its length", what);
    if (first < 0x80) {
        *out = first;
        return true;
    }
    if (first == 0x80)
        return LT_FAIL(err, LATCH_ERR_DECODE,
                       "%s: indefinite length is not allowed in DER (X.690 10.1)", what);
    size_t octets = first & 0x7f;
    if (octets > 4)
        return LT_FAIL(err, LATCH_ERR_DECODE, "%s: length uses %zu octets, at most 4 are allowed",
                       what, octets);
    size_t len = 0;
    for (size_t i = 0; i < octets; i++) {
        uint8_t b;
        if (!lt_read_u8(r, &b))
            return LT_FAIL(err, LATCH_ERR_DECODE, "%s: input ends inside its length", what);
        if (i == 0 && b == 0)
            return LT_FAIL(err, LATCH_ERR_DECODE,
                           "%s: long-form length has a leading zero octet (not minimal)", what);
        len = (len << 8) | b;
    }
    /* X.690 10.1: lengths below 128 must use the short form. */
    if (len < 0x80)
        return LT_FAIL(err, LATCH_ERR_DECODE,
                       "%s: length %zu uses the long form where the short form is required", what,
                       len);
    *out = len;
    return true;
}

bool lt_der_read_any(lt_reader *r, uint8_t *tag, lt_reader *contents, const char *what,
                     lt_error *err)
{
    uint8_t t = 0;
    size_t len = 0;
    lt_reader saved = *r;
    if (!read_tag(r, &t, what, err) || !read_length(r, &len, what, err)) {
        *r = saved;
        return false;
    }
    if (!lt_read_sub(r, len, contents)) {
        size_t left = lt_reader_left(r);
        *r = saved;
        return LT_FAIL(err, LATCH_ERR_DECODE,
                       "%s: length %zu runs past the end of its container (%zu bytes left)", what,
                       len, left);
    }
    *tag = t;
    return true;
}

bool lt_der_read(lt_reader *r, uint8_t tag, lt_reader *contents, const char *what, lt_error *err)
{
    uint8_t got;
    if (!lt_der_peek_tag(r, &got))
        return LT_FAIL(err, LATCH_ERR_DECODE, "%s: missing (expected tag 0x%02x)", what, tag);
    if (got != tag)
        return LT_FAIL(err, LATCH_ERR_DECODE, "%s: expected tag 0x%02x but found 0x%02x", what, tag,
                       got);
    return lt_der_read_any(r, &got, contents, what, err);
}

bool lt_der_read_whole(lt_reader *r, uint8_t tag, lt_span *whole, lt_reader *contents,
                       const char *what, lt_error *err)
{
    const uint8_t *start = lt_reader_data(r);
    size_t before = lt_reader_left(r);
    LT_GUARD(lt_der_read(r, tag, contents, what, err));
    whole->data = start;
    whole->len = before - lt_reader_left(r);
    return true;
}

bool lt_der_read_optional(lt_reader *r, uint8_t tag, bool *present, lt_reader *contents,
                          const char *what, lt_error *err)
{
    uint8_t got;
    *present = lt_der_peek_tag(r, &got) && got == tag;
    if (!*present)
        return true;
    return lt_der_read(r, tag, contents, what, err);
}

bool lt_der_peek_tag(const lt_reader *r, uint8_t *tag)
{
    return lt_peek_u8(r, tag);
}

bool lt_der_done(const lt_reader *r, const char *what, lt_error *err)
{
    LT_ENSURE(lt_reader_done(r), err, LATCH_ERR_DECODE, "%s: %zu unexpected bytes after the end",
              what, lt_reader_left(r));
    return true;
}

bool lt_der_read_integer(lt_reader *r, lt_span *value, const char *what, lt_error *err)
{
    lt_reader c;
    LT_GUARD(lt_der_read(r, LT_DER_INTEGER, &c, what, err));
    size_t len = lt_reader_left(&c);
    const uint8_t *data = lt_reader_data(&c);
    uint8_t first, second;
    if (!lt_read_u8(&c, &first))
        return LT_FAIL(err, LATCH_ERR_DECODE, "%s: INTEGER has no content octets", what);
    /* X.690 8.3.2: the first nine bits must not be all zeros or all ones. */
    if (lt_read_u8(&c, &second) &&
        ((first == 0x00 && second < 0x80) || (first == 0xff && second >= 0x80)))
        return LT_FAIL(err, LATCH_ERR_DECODE,
                       "%s: INTEGER has a non-minimal encoding (redundant leading 0x%02x)", what,
                       first);
    value->data = data;
    value->len = len;
    return true;
}

bool lt_der_read_unsigned(lt_reader *r, lt_span *magnitude, const char *what, lt_error *err)
{
    lt_span v;
    LT_GUARD(lt_der_read_integer(r, &v, what, err));
    lt_reader c = v;
    uint8_t first = 0;
    if (!lt_peek_u8(&c, &first) || first >= 0x80)
        return LT_FAIL(err, LATCH_ERR_DECODE, "%s: INTEGER is negative", what);
    if (first == 0x00 && !lt_read_skip(&c, 1))
        return false;
    magnitude->data = lt_reader_data(&c);
    magnitude->len = lt_reader_left(&c);
    return true;
}

bool lt_der_read_small_uint(lt_reader *r, uint64_t max, uint64_t *out, const char *what,
                            lt_error *err)
{
    lt_span mag;
    LT_GUARD(lt_der_read_unsigned(r, &mag, what, err));
    LT_ENSURE(mag.len <= 8, err, LATCH_ERR_DECODE, "%s: INTEGER is larger than %llu", what,
              (unsigned long long)max);
    lt_reader c = mag;
    uint64_t v = 0;
    uint8_t b;
    while (lt_read_u8(&c, &b))
        v = (v << 8) | b;
    LT_ENSURE(v <= max, err, LATCH_ERR_DECODE, "%s: INTEGER %llu is larger than %llu", what,
              (unsigned long long)v, (unsigned long long)max);
    *out = v;
    return true;
}

bool lt_der_read_bool(lt_reader *r, bool *out, const char *what, lt_error *err)
{
    lt_reader c;
    uint8_t b;
    LT_GUARD(lt_der_read(r, LT_DER_BOOLEAN, &c, what, err));
    LT_ENSURE(lt_reader_left(&c) == 1, err, LATCH_ERR_DECODE,
              "%s: BOOLEAN must be one octet, not %zu", what, lt_reader_left(&c));
    if (!lt_read_u8(&c, &b))
        return false;
    /* X.690 11.1: TRUE is 0xFF in DER. */
    LT_ENSURE(b == 0x00 || b == 0xff, err, LATCH_ERR_DECODE,
              "%s: BOOLEAN must be 0x00 or 0xff in DER, not 0x%02x", what, b);
    *out = b == 0xff;
    return true;
}

bool lt_der_read_null(lt_reader *r, const char *what, lt_error *err)
{
    lt_reader c;
    LT_GUARD(lt_der_read(r, LT_DER_NULL, &c, what, err));
    LT_ENSURE(lt_reader_done(&c), err, LATCH_ERR_DECODE, "%s: NULL must have no content", what);
    return true;
}

bool lt_der_read_bit_string_tagged(lt_reader *r, uint8_t tag, lt_span *bits, unsigned *unused_bits,
                                   const char *what, lt_error *err)
{
    lt_reader c;
    uint8_t unused;
    LT_GUARD(lt_der_read(r, tag, &c, what, err));
    if (!lt_read_u8(&c, &unused))
        return LT_FAIL(err, LATCH_ERR_DECODE, "%s: BIT STRING lacks its unused-bits octet", what);
    LT_ENSURE(unused <= 7, err, LATCH_ERR_DECODE, "%s: BIT STRING claims %u unused bits (max 7)",
              what, unused);
    LT_ENSURE(unused == 0 || !lt_reader_done(&c), err, LATCH_ERR_DECODE,
              "%s: empty BIT STRING must have 0 unused bits, not %u", what, unused);
    bits->data = lt_reader_data(&c);
    bits->len = lt_reader_left(&c);
    if (unused > 0) {
        uint8_t last = 0;
        if (!lt_read_skip(&c, bits->len - 1) || !lt_read_u8(&c, &last))
            return false;
        /* X.690 11.2.1: the unused bits are zero in DER. */
        LT_ENSURE((last & ((1u << unused) - 1)) == 0, err, LATCH_ERR_DECODE,
                  "%s: BIT STRING has non-zero unused bits", what);
    }
    *unused_bits = unused;
    return true;
}

bool lt_der_read_bit_string(lt_reader *r, lt_span *bits, unsigned *unused_bits, const char *what,
                            lt_error *err)
{
    return lt_der_read_bit_string_tagged(r, LT_DER_BIT_STRING, bits, unused_bits, what, err);
}

bool lt_der_read_bit_string_octets(lt_reader *r, lt_span *bits, const char *what, lt_error *err)
{
    unsigned unused;
    LT_GUARD(lt_der_read_bit_string(r, bits, &unused, what, err));
    LT_ENSURE(unused == 0, err, LATCH_ERR_DECODE,
              "%s: BIT STRING must hold whole octets but has %u unused bits", what, unused);
    return true;
}

bool lt_der_read_octet_string(lt_reader *r, lt_span *out, const char *what, lt_error *err)
{
    lt_reader c;
    LT_GUARD(lt_der_read(r, LT_DER_OCTET_STRING, &c, what, err));
    out->data = lt_reader_data(&c);
    out->len = lt_reader_left(&c);
    return true;
}

bool lt_der_oid_valid(lt_span oid)
{
    lt_reader c = oid;
    if (lt_reader_done(&c))
        return false;
    bool at_start = true;
    uint8_t b = 0;
    while (lt_read_u8(&c, &b)) {
        /* X.690 8.19.2: a sub-identifier has no leading 0x80 octet. */
        if (at_start && b == 0x80)
            return false;
        at_start = (b & 0x80) == 0;
    }
    return (b & 0x80) == 0;
}

bool lt_der_read_oid(lt_reader *r, lt_span *oid, const char *what, lt_error *err)
{
    lt_reader c;
    LT_GUARD(lt_der_read(r, LT_DER_OID, &c, what, err));
    oid->data = lt_reader_data(&c);
    oid->len = lt_reader_left(&c);
    LT_ENSURE(lt_der_oid_valid(*oid), err, LATCH_ERR_DECODE,
              "%s: OBJECT IDENTIFIER is empty or not minimal base-128", what);
    return true;
}

bool lt_der_oid_is(lt_span oid, const uint8_t *expected, size_t len)
{
    lt_span e = {expected, len};
    return lt_span_equal(oid, e);
}

/* Appends text to out (used so far); on overflow ends out with "..." and
 * returns false. */
static bool append_text(char *out, size_t cap, size_t *used, const char *text)
{
    size_t n = strlen(text);
    if (*used + n + 1 > cap) {
        size_t at = cap >= 4 && *used + 4 > cap ? cap - 4 : *used;
        snprintf(out + at, cap - at, "...");
        return false;
    }
    memcpy(out + *used, text, n + 1);
    *used += n;
    return true;
}

void lt_der_oid_text(lt_span oid, char *out, size_t cap)
{
    if (cap == 0)
        return;
    out[0] = '\0';
    lt_reader c = oid;
    size_t used = 0;
    uint64_t arc = 0;
    bool first = true;
    uint8_t b;
    while (lt_read_u8(&c, &b)) {
        if (arc > (UINT64_MAX >> 7)) {
            append_text(out, cap, &used, "(oversized arc)");
            return;
        }
        arc = (arc << 7) | (b & 0x7f);
        if (b & 0x80)
            continue;
        char part[48];
        if (first) {
            /* X.690 8.19.4: the first sub-identifier is 40 * arc1 + arc2. */
            uint64_t top = arc < 80 ? arc / 40 : 2;
            snprintf(part, sizeof(part), "%llu.%llu", (unsigned long long)top,
                     (unsigned long long)(arc - top * 40));
        } else {
            snprintf(part, sizeof(part), ".%llu", (unsigned long long)arc);
        }
        if (!append_text(out, cap, &used, part))
            return;
        arc = 0;
        first = false;
    }
}

bool lt_der_is_string_tag(uint8_t tag)
{
    switch (tag) {
    case LT_DER_UTF8_STRING:
    case LT_DER_PRINTABLE_STRING:
    case LT_DER_T61_STRING:
    case LT_DER_IA5_STRING:
    case LT_DER_VISIBLE_STRING:
    case LT_DER_UNIVERSAL_STRING:
    case LT_DER_BMP_STRING:
        return true;
    default:
        return false;
    }
}

/* X.680 41.4: the PrintableString alphabet. */
static bool printable_char(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           strchr(" '()+,-./:=?", c) != NULL;
}

static bool utf8_valid(lt_span s)
{
    lt_reader c = s;
    uint8_t b;
    while (lt_read_u8(&c, &b)) {
        unsigned extra;
        uint32_t cp, min;
        if (b < 0x80)
            continue;
        if ((b & 0xe0) == 0xc0) {
            extra = 1, cp = b & 0x1f, min = 0x80;
        } else if ((b & 0xf0) == 0xe0) {
            extra = 2, cp = b & 0x0f, min = 0x800;
        } else if ((b & 0xf8) == 0xf0) {
            extra = 3, cp = b & 0x07, min = 0x10000;
        } else {
            return false;
        }
        for (unsigned i = 0; i < extra; i++) {
            if (!lt_read_u8(&c, &b) || (b & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (b & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
    }
    return true;
}

static bool check_string(uint8_t tag, lt_span s, const char *what, lt_error *err)
{
    lt_reader c = s;
    uint8_t b;
    switch (tag) {
    case LT_DER_PRINTABLE_STRING:
        while (lt_read_u8(&c, &b))
            LT_ENSURE(printable_char(b), err, LATCH_ERR_DECODE,
                      "%s: PrintableString contains character 0x%02x outside its alphabet", what,
                      b);
        return true;
    case LT_DER_IA5_STRING:
    case LT_DER_VISIBLE_STRING:
        while (lt_read_u8(&c, &b))
            LT_ENSURE(b < 0x80, err, LATCH_ERR_DECODE, "%s: %s contains non-ASCII byte 0x%02x",
                      what, tag == LT_DER_IA5_STRING ? "IA5String" : "VisibleString", b);
        return true;
    case LT_DER_UTF8_STRING:
        LT_ENSURE(utf8_valid(s), err, LATCH_ERR_DECODE, "%s: UTF8String is not valid UTF-8", what);
        return true;
    case LT_DER_BMP_STRING:
        LT_ENSURE(s.len % 2 == 0, err, LATCH_ERR_DECODE,
                  "%s: BMPString length %zu is not a multiple of 2", what, s.len);
        return true;
    case LT_DER_UNIVERSAL_STRING:
        LT_ENSURE(s.len % 4 == 0, err, LATCH_ERR_DECODE,
                  "%s: UniversalString length %zu is not a multiple of 4", what, s.len);
        return true;
    default:
        return true; /* T61String: any octets (X.690 leaves its repertoire open) */
    }
}

bool lt_der_read_string(lt_reader *r, uint8_t *tag, lt_span *value, const char *what, lt_error *err)
{
    uint8_t t;
    lt_reader c;
    LT_GUARD(lt_der_read_any(r, &t, &c, what, err));
    LT_ENSURE(lt_der_is_string_tag(t), err, LATCH_ERR_DECODE,
              "%s: expected a string type but found tag 0x%02x", what, t);
    value->data = lt_reader_data(&c);
    value->len = lt_reader_left(&c);
    LT_GUARD(check_string(t, *value, what, err));
    *tag = t;
    return true;
}

bool lt_der_read_ia5_tagged(lt_reader *r, uint8_t tag, lt_span *value, const char *what,
                            lt_error *err)
{
    lt_reader c;
    LT_GUARD(lt_der_read(r, tag, &c, what, err));
    value->data = lt_reader_data(&c);
    value->len = lt_reader_left(&c);
    return check_string(LT_DER_IA5_STRING, *value, what, err);
}

/* Days from 1970-01-01 to a civil date (the well-known era arithmetic). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t lt_der_unix_time(int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                         unsigned second)
{
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

static bool leap_year(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool read_digits(lt_reader *c, unsigned n, unsigned *out)
{
    unsigned v = 0;
    for (unsigned i = 0; i < n; i++) {
        uint8_t b;
        if (!lt_read_u8(c, &b) || b < '0' || b > '9')
            return false;
        v = v * 10 + (unsigned)(b - '0');
    }
    *out = v;
    return true;
}

bool lt_der_read_time(lt_reader *r, int64_t *out, const char *what, lt_error *err)
{
    uint8_t tag;
    lt_reader c;
    LT_GUARD(lt_der_read_any(r, &tag, &c, what, err));
    bool utc = tag == LT_DER_UTC_TIME;
    LT_ENSURE(utc || tag == LT_DER_GENERALIZED_TIME, err, LATCH_ERR_DECODE,
              "%s: expected UTCTime or GeneralizedTime but found tag 0x%02x", what, tag);
    const char *type = utc ? "UTCTime" : "GeneralizedTime";
    size_t want = utc ? 13 : 15;
    /* RFC 5280 4.1.2.5.1 and 4.1.2.5.2: seconds always present, no
     * fractional seconds, and the zone is always Z. */
    LT_ENSURE(lt_reader_left(&c) == want, err, LATCH_ERR_DECODE,
              "%s: %s must be %zu characters (%s), not %zu", what, type, want,
              utc ? "YYMMDDHHMMSSZ" : "YYYYMMDDHHMMSSZ", lt_reader_left(&c));
    unsigned year, month, day, hour, minute, second;
    uint8_t zone;
    if (!read_digits(&c, utc ? 2 : 4, &year) || !read_digits(&c, 2, &month) ||
        !read_digits(&c, 2, &day) || !read_digits(&c, 2, &hour) || !read_digits(&c, 2, &minute) ||
        !read_digits(&c, 2, &second) || !lt_read_u8(&c, &zone))
        return LT_FAIL(err, LATCH_ERR_DECODE, "%s: %s has a non-digit where a digit belongs", what,
                       type);
    LT_ENSURE(zone == 'Z', err, LATCH_ERR_DECODE, "%s: %s must end in Z (UTC)", what, type);
    /* RFC 5280 4.1.2.5.1: YY >= 50 is 19YY, YY < 50 is 20YY. */
    if (utc)
        year += year >= 50 ? 1900 : 2000;
    static const unsigned month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    LT_ENSURE(month >= 1 && month <= 12, err, LATCH_ERR_DECODE, "%s: month %02u is not valid", what,
              month);
    unsigned max_day = month_days[month - 1] + (month == 2 && leap_year(year));
    LT_ENSURE(day >= 1 && day <= max_day, err, LATCH_ERR_DECODE,
              "%s: day %02u is not valid in %04u-%02u", what, day, year, month);
    LT_ENSURE(hour <= 23 && minute <= 59 && second <= 59, err, LATCH_ERR_DECODE,
              "%s: time of day %02u:%02u:%02u is not valid", what, hour, minute, second);
    *out = lt_der_unix_time(year, month, day, hour, minute, second);
    return true;
}

bool lt_der_read_explicit(lt_reader *r, unsigned n, lt_reader *inner, const char *what,
                          lt_error *err)
{
    return lt_der_read(r, LT_DER_CONTEXT_CONSTRUCTED(n), inner, what, err);
}
