/*
 * Peer text made safe to print: a terminal acts on ESC, BEL and the C1
 * controls, and a log reader is misled by a newline or a NUL that hides
 * what follows it. So every byte outside printable ASCII becomes \xNN and
 * the backslash \\, which keeps the escaped form unambiguous.
 */
#include <stdint.h>
#include <string.h>

#include "latch.h"

/* The escaped form of one byte, in out (at most 4 characters). */
static size_t escape_byte(uint8_t b, char out[4])
{
    static const char hex[] = "0123456789abcdef";
    if (b == '\\') {
        out[0] = '\\';
        out[1] = '\\';
        return 2;
    }
    if (b >= 0x20 && b < 0x7f) {
        out[0] = (char)b;
        return 1;
    }
    out[0] = '\\';
    out[1] = 'x';
    out[2] = hex[b >> 4];
    out[3] = hex[b & 0x0f];
    return 4;
}

const char *latch_escape(char *out, size_t cap, const void *bytes, size_t len)
{
    static const char cut[] = "...";
    if (cap == 0)
        return out;
    const uint8_t *p = bytes;
    char one[4];
    size_t total = 0;
    for (size_t i = 0; i < len; i++)
        total += escape_byte(p[i], one);
    /* Whole when it fits; otherwise whole escapes only, then the cut
     * marker, so a reader never sees half of a \xNN. */
    size_t limit = total < cap ? total : (cap > sizeof(cut) ? cap - sizeof(cut) : 0);
    size_t at = 0;
    for (size_t i = 0; i < len; i++) {
        size_t k = escape_byte(p[i], one);
        if (at + k > limit)
            break;
        memcpy(out + at, one, k);
        at += k;
    }
    if (total >= cap && cap >= sizeof(cut)) {
        memcpy(out + at, cut, sizeof(cut));
        return out;
    }
    out[at] = '\0';
    return out;
}
