#include "x509/name_match.h"

typedef struct ava {
    lt_span type;
    uint8_t tag;
    lt_span value; /* string contents, or the whole TLV of other types */
} ava;

static bool read_ava(lt_reader *set, ava *out, lt_error *err)
{
    lt_reader atv, v;
    LT_GUARD(lt_der_read(set, LT_DER_SEQUENCE, &atv, "Name", err));
    LT_GUARD(lt_der_read_oid(&atv, &out->type, "Name", err));
    uint8_t t = 0;
    if (lt_der_peek_tag(&atv, &t) && lt_der_is_string_tag(t)) {
        LT_GUARD(lt_der_read_string(&atv, &out->tag, &out->value, "Name", err));
    } else {
        out->value.data = lt_reader_data(&atv);
        size_t before = lt_reader_left(&atv);
        LT_GUARD(lt_der_read_any(&atv, &out->tag, &v, "Name", err));
        out->value.len = before - lt_reader_left(&atv);
    }
    return lt_reader_done(&atv);
}

static uint8_t fold(uint8_t c)
{
    return c >= 'A' && c <= 'Z' ? (uint8_t)(c - 'A' + 'a') : c;
}

/* The next byte of a string value with spaces trimmed and folded and ASCII
 * case ignored; false at the end. */
static bool next_char(lt_reader *r, uint8_t *c)
{
    uint8_t b;
    bool space = false;
    while (lt_peek_u8(r, &b) && b == ' ' && lt_read_u8(r, &b))
        space = true;
    if (!lt_peek_u8(r, &b))
        return false;
    /* A run of spaces before more text reads as one space; trailing ones
     * vanish here, leading ones in the caller. */
    if (space) {
        *c = ' ';
        return true;
    }
    if (!lt_read_u8(r, &b))
        return false;
    *c = fold(b);
    return true;
}

static bool strings_match(lt_span a, lt_span b)
{
    lt_reader ra = a, rb = b;
    uint8_t ca, cb;
    bool started = false;
    for (;;) {
        bool more_a = next_char(&ra, &ca), more_b = next_char(&rb, &cb);
        /* Leading spaces do not count. */
        while (!started && more_a && ca == ' ')
            more_a = next_char(&ra, &ca);
        while (!started && more_b && cb == ' ')
            more_b = next_char(&rb, &cb);
        started = true;
        if (!more_a || !more_b)
            return more_a == more_b;
        if (ca != cb)
            return false;
    }
}

static bool ava_match(const ava *a, const ava *b)
{
    if (!lt_span_equal(a->type, b->type))
        return false;
    if (lt_der_is_string_tag(a->tag) && lt_der_is_string_tag(b->tag))
        return strings_match(a->value, b->value);
    return a->tag == b->tag && lt_span_equal(a->value, b->value);
}

/* Every attribute of `want` is in `have`, and they hold as many. */
static bool rdn_match(lt_reader want, lt_reader have, lt_error *err)
{
    size_t wanted = 0, had = 0;
    lt_reader count = have;
    ava a, b;
    while (!lt_reader_done(&count)) {
        LT_GUARD(read_ava(&count, &b, err));
        had++;
    }
    while (!lt_reader_done(&want)) {
        LT_GUARD(read_ava(&want, &a, err));
        wanted++;
        bool found = false;
        lt_reader scan = have;
        while (!found && !lt_reader_done(&scan)) {
            LT_GUARD(read_ava(&scan, &b, err));
            found = ava_match(&a, &b);
        }
        if (!found)
            return false;
    }
    return wanted == had;
}

bool lt_name_within(lt_span name, lt_span subtree)
{
    lt_error err;
    lt_error_clear(&err);
    lt_reader rn = name, rs = subtree, n, s;
    if (!lt_der_read(&rn, LT_DER_SEQUENCE, &n, "Name", &err) ||
        !lt_der_read(&rs, LT_DER_SEQUENCE, &s, "Name", &err))
        return false;
    while (!lt_reader_done(&s)) {
        lt_reader want, have;
        if (!lt_der_read(&s, LT_DER_SET, &want, "Name", &err) ||
            !lt_der_read(&n, LT_DER_SET, &have, "Name", &err) || !rdn_match(want, have, &err))
            return false;
    }
    return true;
}

void lt_name_emails(lt_span name, lt_span *out, size_t cap, size_t *count)
{
    static const uint8_t email_oid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01};
    lt_error err;
    lt_error_clear(&err);
    *count = 0;
    lt_reader r = name, rdns, set;
    if (!lt_der_read(&r, LT_DER_SEQUENCE, &rdns, "Name", &err))
        return;
    while (*count < cap && lt_der_read(&rdns, LT_DER_SET, &set, "Name", &err)) {
        ava a;
        while (*count < cap && !lt_reader_done(&set) && read_ava(&set, &a, &err))
            if (lt_der_oid_is(a.type, email_oid, sizeof(email_oid)) && a.tag == LT_DER_IA5_STRING)
                out[(*count)++] = a.value;
    }
}
