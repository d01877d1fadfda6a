/* latch_escape: peer bytes made printable, bounded, never half an escape. */
#include <string.h>

#include "check.h"
#include "latch.h"

static bool escapes_to(const void *in, size_t n, const char *want)
{
    char out[64];
    memset(out, 'Z', sizeof(out));
    const char *got = latch_escape(out, sizeof(out), in, n);
    return got == out && strcmp(out, want) == 0;
}

static void test_forms(void)
{
    CHECK(escapes_to("h2", 2, "h2"));
    CHECK(escapes_to("", 0, ""));
    /* ESC [ 2 J (clear screen), BEL, a NUL in the middle, newline, DEL. */
    CHECK(escapes_to("\x1b[2J\a", 5, "\\x1b[2J\\x07"));
    CHECK(escapes_to("a\0b", 3, "a\\x00b"));
    CHECK(escapes_to("x\r\ny\x7f", 5, "x\\x0d\\x0ay\\x7f"));
    /* The backslash is escaped, so "\x41" in the input stays visible as
     * four characters and cannot pass for an escape. */
    CHECK(escapes_to("\\x41", 4, "\\\\x41"));
    /* UTF-8 and C1 controls are bytes outside printable ASCII. */
    CHECK(escapes_to("\xc3\xa9\xc2\x9b", 4, "\\xc3\\xa9\\xc2\\x9b"));
    CHECK(escapes_to(" ~", 2, " ~"));
}

/* Each output must fit cap, end in NUL, and when cut end in "..." after
 * whole escapes only. */
static void test_bounds(void)
{
    const uint8_t esc[8] = {0x1b, 0x1b, 0x1b, 0x1b, 0x1b, 0x1b, 0x1b, 0x1b};
    char out[40];
    /* 8 escapes take 32 characters: 33 bytes hold them all. */
    memset(out, 'Z', sizeof(out));
    latch_escape(out, LATCH_ESCAPED_MAX(8), esc, 8);
    CHECK(strlen(out) == 32 && out[33] == 'Z');
    /* One byte short: 7 escapes, then "..." and the NUL in the last byte. */
    memset(out, 'Z', sizeof(out));
    latch_escape(out, 32, esc, 8);
    CHECK(strcmp(out, "\\x1b\\x1b\\x1b\\x1b\\x1b\\x1b\\x1b...") == 0);
    CHECK(out[32] == 'Z');
    for (size_t cap = 1; cap < 34; cap++) {
        memset(out, 'Z', sizeof(out));
        latch_escape(out, cap, esc, 8);
        size_t len = strlen(out);
        CHECK(len < cap);
        CHECK(out[cap] == 'Z');
        if (cap < 33) {
            CHECK(cap < 4 ? len == 0 : len >= 3 && strcmp(out + len - 3, "...") == 0);
            CHECK(len < 3 || (len - 3) % 4 == 0);
        }
    }
    /* cap 0 writes nothing. */
    out[0] = 'Z';
    latch_escape(out, 0, esc, 8);
    CHECK(out[0] == 'Z');
}

int main(void)
{
    test_forms();
    test_bounds();
    return check_finish("escape");
}
