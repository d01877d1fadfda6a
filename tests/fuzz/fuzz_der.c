/*
 * DER: every lt_der_read_* over arbitrary bytes, driven by a small
 * interpreter. The input is [op count][ops and their operands][data]; ops
 * read from a stack of readers, and constructed contents become new
 * readers on the stack. Every answer must agree with its error, every
 * success must have taken a whole TLV from the front of the reader, and
 * the text helpers must stay within their buffers. Round trip: DER has
 * one encoding per value, so what a read took, written again with
 * der_write.h, must be the same bytes (times only when the writer picks
 * the same type: the reader also takes GeneralizedTime before 2050).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "x509/der.h"
#include "x509/der_write.h"
#include "x509/name.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DEPTH 16

/* Formats an OID or a Name into a buffer of the given size, exactly. */
static void oid_text(lt_span oid, size_t cap)
{
    char *out = cap > 0 ? malloc(cap) : NULL;
    lt_der_oid_text(oid, out, cap);
    FUZZ_CHECK(cap == 0 || memchr(out, '\0', cap) != NULL);
    free(out);
}

static void name_text(const lt_name *name, size_t cap)
{
    char *out = cap > 0 ? malloc(cap) : NULL;
    lt_name_format(name, out, cap);
    FUZZ_CHECK(cap == 0 || memchr(out, '\0', cap) != NULL);
    free(out);
}

/* The bytes from start to r, the TLV just read, must be what w holds. */
static void same_as_read(const lt_reader *start, const lt_reader *r, lt_writer *w)
{
    lt_writer read;
    lt_writer_init_fixed(&read, (uint8_t *)start->data, start->len - r->len);
    read.len = start->len - r->len;
    fuzz_check_same("a DER value", &read, w);
}

/* Runs one op on r; false ends the run (a failed DER read says nothing
 * about where the reader was left). */
static bool run(uint8_t op, lt_reader *ops, lt_reader *r, lt_reader *child, bool *push)
{
    static const char what[] = "fuzzed field";
    lt_error err;
    lt_error_clear(&err);
    uint8_t arg = 0;
    if (!lt_read_u8(ops, &arg))
        return false;
    lt_reader start = *r;
    lt_span span = {NULL, 0};
    uint8_t tag;
    bool flag, ok;
    uint64_t value;
    int64_t when;
    unsigned unused;
    lt_name name;
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    bool rewritten = false;
    switch (op % 20) {
    case 0:
        ok = lt_der_read_any(r, &tag, child, what, &err);
        *push = ok;
        if ((rewritten = ok))
            lt_der_write_tlv(&w, tag, child->data, child->len);
        break;
    case 1:
        ok = lt_der_read(r, arg, child, what, &err);
        *push = ok;
        if ((rewritten = ok))
            lt_der_write_tlv(&w, arg, child->data, child->len);
        break;
    case 2:
        ok = lt_der_read_whole(r, arg, &span, child, what, &err);
        FUZZ_CHECK(!ok || (span.data == start.data && span.len == start.len - r->len));
        *push = ok;
        break;
    case 3:
        ok = lt_der_read_optional(r, arg, &flag, child, what, &err);
        FUZZ_CHECK(!ok || flag || r->len == start.len);
        *push = ok && flag;
        break;
    case 4:
        ok = lt_der_read_integer(r, &span, what, &err);
        FUZZ_CHECK(!ok || span.len > 0);
        break;
    case 5:
        ok = lt_der_read_unsigned(r, &span, what, &err);
        if ((rewritten = ok))
            lt_der_write_integer_bytes(&w, span.data, span.len);
        break;
    case 6:
        ok = lt_der_read_small_uint(r, (uint64_t)1 << (arg % 64), &value, what, &err);
        FUZZ_CHECK(!ok || value <= (uint64_t)1 << (arg % 64));
        if ((rewritten = ok))
            lt_der_write_integer_u64(&w, value);
        break;
    case 7:
        ok = lt_der_read_bool(r, &flag, what, &err);
        if ((rewritten = ok))
            lt_der_write_bool(&w, flag);
        break;
    case 8:
        ok = lt_der_read_null(r, what, &err);
        if ((rewritten = ok))
            lt_der_write_null(&w);
        break;
    case 9:
        ok = lt_der_read_bit_string_tagged(r, arg, &span, &unused, what, &err);
        FUZZ_CHECK(!ok || unused < 8);
        break;
    case 10:
        ok = lt_der_read_bit_string(r, &span, &unused, what, &err);
        FUZZ_CHECK(!ok || unused < 8);
        break;
    case 11:
        ok = lt_der_read_bit_string_octets(r, &span, what, &err);
        if ((rewritten = ok))
            lt_der_write_bit_string(&w, span.data, span.len);
        break;
    case 12:
        ok = lt_der_read_octet_string(r, &span, what, &err);
        if ((rewritten = ok))
            lt_der_write_octet_string(&w, span.data, span.len);
        break;
    case 13:
        ok = lt_der_read_oid(r, &span, what, &err);
        if (ok) {
            FUZZ_CHECK(lt_der_oid_valid(span));
            FUZZ_CHECK(lt_der_oid_is(span, span.data, span.len));
            oid_text(span, arg);
            lt_der_write_oid(&w, span.data, span.len);
            rewritten = true;
        }
        break;
    case 14:
        ok = lt_der_read_string(r, &tag, &span, what, &err);
        FUZZ_CHECK(!ok || lt_der_is_string_tag(tag));
        break;
    case 15:
        ok = lt_der_read_ia5_tagged(r, arg, &span, what, &err);
        break;
    case 16:
        ok = lt_der_read_time(r, &when, what, &err);
        if (ok) {
            lt_der_write_time(&w, when);
            rewritten = w.len > 0 && w.data[0] == start.data[0];
        }
        break;
    case 17:
        ok = lt_der_read_explicit(r, arg % 32, child, what, &err);
        *push = ok;
        if ((rewritten = ok))
            lt_der_write_tlv(&w, LT_DER_CONTEXT_CONSTRUCTED(arg % 32), child->data, child->len);
        break;
    case 18:
        ok = lt_name_read(r, &name, what, &err);
        if (ok) {
            FUZZ_CHECK(lt_name_equal(&name, &name));
            name_text(&name, arg);
        }
        break;
    default:
        ok = lt_der_done(r, what, &err);
        FUZZ_CHECK(ok == lt_reader_done(r));
        break;
    }
    fuzz_check_result(ok, &err);
    if (ok && op % 20 != 3 && op % 20 != 19) {
        /* A TLV is at least a tag and a length. */
        FUZZ_CHECK(r->len + 2 <= start.len);
        FUZZ_CHECK(r->data == start.data + (start.len - r->len));
    }
    if (rewritten)
        same_as_read(&start, r, &w);
    lt_writer_free(&w);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_reader in = lt_reader_make(data, size);
    uint8_t count;
    lt_reader ops;
    if (!lt_read_u8(&in, &count) || !lt_read_sub(&in, count < size - 1 ? count : size - 1, &ops))
        return 0;

    lt_reader stack[DEPTH];
    size_t depth = 1;
    stack[0] = in;
    uint8_t op;
    while (lt_read_u8(&ops, &op)) {
        uint8_t tag;
        if (op >= 0xf0) {
            /* Pop to the parent, or look at the next tag. */
            if (op == 0xff && depth > 1)
                depth--;
            else if (lt_der_peek_tag(&stack[depth - 1], &tag))
                FUZZ_CHECK(tag == stack[depth - 1].data[0]);
            continue;
        }
        lt_reader child;
        bool push = false;
        if (!run(op, &ops, &stack[depth - 1], &child, &push))
            break;
        if (push && depth < DEPTH)
            stack[depth++] = child;
    }
    return 0;
}
