#include "x509/der_write.h"

#include <stdio.h>
#include <string.h>

/* X.690 8.1.3.5: lengths take at most this many octets here, as the reader
 * accepts. */
#define MAX_LENGTH_OCTETS 4

lt_der_block lt_der_open(lt_writer *w, uint8_t tag)
{
    lt_write_u8(w, tag);
    lt_der_block b = {w->len};
    lt_write_u8(w, 0);
    return b;
}

void lt_der_close(lt_writer *w, lt_der_block b)
{
    if (!lt_writer_ok(w))
        return;
    size_t body_at = b.len_at + 1;
    if (body_at > w->len) {
        w->failed = true;
        return;
    }
    size_t n = w->len - body_at;
    if (n < 0x80) {
        w->data[b.len_at] = (uint8_t)n;
        return;
    }
    uint8_t octets = 0;
    for (size_t v = n; v != 0; v >>= 8)
        octets++;
    if (octets > MAX_LENGTH_OCTETS) {
        w->failed = true;
        return;
    }
    /* Reserving may move the buffer: take pointers only afterwards. */
    if (lt_write_reserve(w, octets) == NULL)
        return;
    memmove(w->data + body_at + octets, w->data + body_at, n);
    w->data[b.len_at] = (uint8_t)(0x80 | octets);
    for (uint8_t i = 0; i < octets; i++)
        w->data[body_at + i] = (uint8_t)(n >> (8 * (octets - 1 - i)));
}

void lt_der_write_tlv(lt_writer *w, uint8_t tag, const uint8_t *value, size_t len)
{
    lt_der_block b = lt_der_open(w, tag);
    lt_write_bytes(w, value, len);
    lt_der_close(w, b);
}

void lt_der_write_integer_bytes(lt_writer *w, const uint8_t *magnitude, size_t len)
{
    /* X.690 8.3.2: no leading 0x00 unless the next octet's top bit is set. */
    while (len > 0 && magnitude[0] == 0) {
        magnitude++;
        len--;
    }
    lt_der_block b = lt_der_open(w, LT_DER_INTEGER);
    if (len == 0 || (magnitude[0] & 0x80) != 0)
        lt_write_u8(w, 0);
    lt_write_bytes(w, magnitude, len);
    lt_der_close(w, b);
}

void lt_der_write_integer_u64(lt_writer *w, uint64_t v)
{
    uint8_t be[8];
    for (size_t i = 0; i < sizeof(be); i++)
        be[i] = (uint8_t)(v >> (8 * (sizeof(be) - 1 - i)));
    lt_der_write_integer_bytes(w, be, sizeof(be));
}

void lt_der_write_bool(lt_writer *w, bool v)
{
    uint8_t octet = v ? 0xff : 0x00;
    lt_der_write_tlv(w, LT_DER_BOOLEAN, &octet, 1);
}

void lt_der_write_null(lt_writer *w)
{
    lt_der_write_tlv(w, LT_DER_NULL, NULL, 0);
}

void lt_der_write_oid(lt_writer *w, const uint8_t *oid, size_t len)
{
    lt_der_write_tlv(w, LT_DER_OID, oid, len);
}

void lt_der_write_bit_string(lt_writer *w, const uint8_t *bits, size_t len)
{
    lt_der_block b = lt_der_open(w, LT_DER_BIT_STRING);
    lt_write_u8(w, 0); /* unused bits in the last octet */
    lt_write_bytes(w, bits, len);
    lt_der_close(w, b);
}

void lt_der_write_named_bits(lt_writer *w, uint32_t bits)
{
    lt_der_block b = lt_der_open(w, LT_DER_BIT_STRING);
    unsigned count = 0; /* bits up to the last one set */
    for (uint32_t v = bits; v != 0; v >>= 1)
        count++;
    unsigned octets = (count + 7) / 8;
    lt_write_u8(w, (uint8_t)(octets * 8 - count));
    for (unsigned o = 0; o < octets; o++) {
        uint8_t octet = 0;
        for (unsigned i = 0; i < 8; i++)
            if (bits & (1u << (8 * o + i)))
                octet |= (uint8_t)(0x80u >> i);
        lt_write_u8(w, octet);
    }
    lt_der_close(w, b);
}

void lt_der_write_octet_string(lt_writer *w, const uint8_t *p, size_t len)
{
    lt_der_write_tlv(w, LT_DER_OCTET_STRING, p, len);
}

void lt_der_write_utf8_string(lt_writer *w, const char *s, size_t len)
{
    lt_der_write_tlv(w, LT_DER_UTF8_STRING, (const uint8_t *)s, len);
}

static bool printable(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           strchr(" '()+,-./:=?", c) != NULL;
}

void lt_der_write_printable_string(lt_writer *w, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\0' || !printable(s[i])) {
            w->failed = true;
            return;
        }
    }
    lt_der_write_tlv(w, LT_DER_PRINTABLE_STRING, (const uint8_t *)s, len);
}

/* The proleptic Gregorian date of a day count from 1970-01-01, by 400-year
 * eras of 146097 days that start on March 1st (so the leap day is last). */
static void civil_from_days(int64_t days, int64_t *year, unsigned *month, unsigned *day)
{
    days += 719468; /* 0000-03-01 to 1970-01-01 */
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;                                   /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                                    /* 0 is March */
    *day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (*month <= 2);
}

void lt_der_write_time(lt_writer *w, int64_t unix_seconds)
{
    int64_t days = unix_seconds / 86400, rem = unix_seconds % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    if (year < 0 || year > 9999) {
        w->failed = true;
        return;
    }
    unsigned hour = (unsigned)(rem / 3600), minute = (unsigned)(rem / 60 % 60),
             second = (unsigned)(rem % 60);
    char text[16];
    int n;
    /* RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050
     * (and before 1950, which UTCTime cannot express). */
    bool utc = year >= 1950 && year <= 2049;
    if (utc)
        n = snprintf(text, sizeof(text), "%02u%02u%02u%02u%02u%02uZ", (unsigned)(year % 100), month,
                     day, hour, minute, second);
    else
        n = snprintf(text, sizeof(text), "%04u%02u%02u%02u%02u%02uZ", (unsigned)year, month, day,
                     hour, minute, second);
    lt_der_write_tlv(w, utc ? LT_DER_UTC_TIME : LT_DER_GENERALIZED_TIME, (const uint8_t *)text,
                     (size_t)n);
}
