#include "x509/name.h"

#include <stdio.h>
#include <string.h>

static bool read_attribute(lt_reader *set, lt_span *type, uint8_t *tag, lt_span *value,
                           const char *what, lt_error *err)
{
    lt_reader atv;
    LT_GUARD(lt_der_read(set, LT_DER_SEQUENCE, &atv, what, err));
    LT_GUARD(lt_der_read_oid(&atv, type, what, err));
    uint8_t t = 0;
    if (lt_der_peek_tag(&atv, &t) && lt_der_is_string_tag(t)) {
        LT_GUARD(lt_der_read_string(&atv, tag, value, what, err));
    } else {
        /* Other types keep their whole TLV, rendered as RFC 4514 2.4 asks. */
        lt_reader v;
        value->data = lt_reader_data(&atv);
        size_t before = lt_reader_left(&atv);
        LT_GUARD(lt_der_read_any(&atv, tag, &v, what, err));
        value->len = before - lt_reader_left(&atv);
    }
    return lt_der_done(&atv, what, err);
}

bool lt_name_read(lt_reader *r, lt_name *name, const char *what, lt_error *err)
{
    lt_reader rdns;
    LT_GUARD(lt_der_read_whole(r, LT_DER_SEQUENCE, &name->der, &rdns, what, err));
    size_t count = 0;
    while (!lt_reader_done(&rdns)) {
        LT_ENSURE(++count <= LT_NAME_MAX_RDNS, err, LATCH_ERR_BAD_CERTIFICATE,
                  "%s: Name has more than %d relative distinguished names", what, LT_NAME_MAX_RDNS);
        lt_reader set;
        LT_GUARD(lt_der_read(&rdns, LT_DER_SET, &set, what, err));
        /* RFC 5280 4.1.2.4: RelativeDistinguishedName is SET SIZE (1..MAX). */
        LT_ENSURE(!lt_reader_done(&set), err, LATCH_ERR_BAD_CERTIFICATE,
                  "%s: Name has an empty relative distinguished name", what);
        while (!lt_reader_done(&set)) {
            lt_span type, value;
            uint8_t tag;
            LT_GUARD(read_attribute(&set, &type, &tag, &value, what, err));
        }
    }
    return true;
}

bool lt_name_equal(const lt_name *a, const lt_name *b)
{
    return lt_span_equal(a->der, b->der);
}

bool lt_name_is_empty(const lt_name *name)
{
    lt_reader r = name->der;
    lt_reader rdns;
    lt_error ignored;
    lt_error_clear(&ignored);
    return lt_der_read(&r, LT_DER_SEQUENCE, &rdns, "Name", &ignored) && lt_reader_done(&rdns);
}

/* Bounded text output: once full, it ends in "..." and ignores the rest. */
typedef struct text_out {
    char *buf;
    size_t cap;
    size_t len;
    bool full;
} text_out;

static void put(text_out *o, const char *s, size_t n)
{
    if (o->full)
        return;
    if (o->len + n + 1 > o->cap) {
        o->full = true;
        size_t at = o->cap >= 4 ? (o->len + 4 <= o->cap ? o->len : o->cap - 4) : 0;
        if (o->cap >= 4)
            memcpy(o->buf + at, "...", 4);
        return;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void put_str(text_out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_hex_byte(text_out *o, uint8_t b)
{
    char hex[8];
    snprintf(hex, sizeof(hex), "\\x%02x", b);
    put_str(o, hex);
}

/* One code point: escapes for RFC 4514 specials; ASCII controls and
 * every non-ASCII character as the \xNN of its UTF-8 bytes, since a name
 * comes from a peer and goes to terminals and logs, where a C1 control or
 * a bidirectional override would act on what is shown. */
static void put_code_point(text_out *o, uint32_t cp)
{
    uint8_t s[4];
    size_t n;
    if (cp < 0x20 || cp == 0x7f) {
        put_hex_byte(o, (uint8_t)cp);
        return;
    }
    if (cp < 0x80) {
        if (strchr(",+\";<>\\", (int)cp) != NULL)
            put_str(o, "\\");
        char c = (char)cp;
        put(o, &c, 1);
        return;
    }
    if (cp < 0x800) {
        s[0] = (uint8_t)(0xc0 | (cp >> 6));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (uint8_t)(0xe0 | (cp >> 12));
        n = 3;
    } else {
        s[0] = (uint8_t)(0xf0 | (cp >> 18));
        n = 4;
    }
    for (size_t i = 1; i < n; i++)
        s[i] = (uint8_t)(0x80 | ((cp >> (6 * (n - 1 - i))) & 0x3f));
    for (size_t i = 0; i < n; i++)
        put_hex_byte(o, s[i]);
}

static void put_value(text_out *o, uint8_t tag, lt_span value)
{
    lt_reader r = value;
    uint8_t b;
    uint16_t unit;
    uint32_t cp;
    switch (tag) {
    case LT_DER_BMP_STRING:
        while (lt_read_u16(&r, &unit)) {
            if (unit >= 0xd800 && unit <= 0xdfff) {
                put_hex_byte(o, (uint8_t)(unit >> 8));
                put_hex_byte(o, (uint8_t)unit);
            } else {
                put_code_point(o, unit);
            }
        }
        return;
    case LT_DER_UNIVERSAL_STRING:
        while (lt_read_u32(&r, &cp)) {
            if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                for (int shift = 24; shift >= 0; shift -= 8)
                    put_hex_byte(o, (uint8_t)(cp >> shift));
            } else {
                put_code_point(o, cp);
            }
        }
        return;
    default:
        if (!lt_der_is_string_tag(tag)) {
            /* RFC 4514 2.4: a value of another type as # and its DER in hex. */
            put_str(o, "#");
            while (lt_read_u8(&r, &b)) {
                char hex[4];
                snprintf(hex, sizeof(hex), "%02x", b);
                put_str(o, hex);
            }
            return;
        }
        while (lt_read_u8(&r, &b)) {
            if (b < 0x80)
                put_code_point(o, b);
            else
                put_hex_byte(o, b);
        }
        return;
    }
}

static const struct {
    const char *label;
    uint8_t oid[10];
    size_t len;
} attribute_names[] = {
    {"CN", {0x55, 0x04, 0x03}, 3},
    {"serialNumber", {0x55, 0x04, 0x05}, 3},
    {"C", {0x55, 0x04, 0x06}, 3},
    {"L", {0x55, 0x04, 0x07}, 3},
    {"ST", {0x55, 0x04, 0x08}, 3},
    {"O", {0x55, 0x04, 0x0a}, 3},
    {"OU", {0x55, 0x04, 0x0b}, 3},
    {"emailAddress", {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01}, 9},
    {"DC", {0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19}, 10},
};

static void put_type(text_out *o, lt_span type)
{
    for (size_t i = 0; i < sizeof(attribute_names) / sizeof(attribute_names[0]); i++) {
        if (lt_der_oid_is(type, attribute_names[i].oid, attribute_names[i].len)) {
            put_str(o, attribute_names[i].label);
            return;
        }
    }
    char dotted[96];
    lt_der_oid_text(type, dotted, sizeof(dotted));
    put_str(o, dotted);
}

void lt_name_format(const lt_name *name, char *out, size_t cap)
{
    if (cap == 0)
        return;
    out[0] = '\0';
    text_out o = {out, cap, 0, false};
    lt_error ignored;
    lt_error_clear(&ignored);
    lt_reader r = name->der;
    lt_reader rdns;
    lt_reader sets[LT_NAME_MAX_RDNS];
    size_t count = 0;
    if (!lt_der_read(&r, LT_DER_SEQUENCE, &rdns, "Name", &ignored))
        return;
    while (count < LT_NAME_MAX_RDNS &&
           lt_der_read(&rdns, LT_DER_SET, &sets[count], "Name", &ignored))
        count++;
    /* RFC 4514 2.1: the last RDN of the sequence is written first. */
    for (size_t i = count; i-- > 0;) {
        if (i + 1 < count)
            put_str(&o, ", ");
        bool first = true;
        while (!lt_reader_done(&sets[i])) {
            lt_span type, value;
            uint8_t tag;
            if (!read_attribute(&sets[i], &type, &tag, &value, "Name", &ignored))
                return;
            if (!first)
                put_str(&o, "+");
            put_type(&o, type);
            put_str(&o, "=");
            put_value(&o, tag, value);
            first = false;
        }
    }
}
