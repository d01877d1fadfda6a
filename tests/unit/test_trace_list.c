/*
 * The trace's comma-separated lists (src/tls/trace_list.c) at the edge of
 * their buffer. Every item keeps room for the cut marker ", ..." and its
 * NUL behind it, so the longest list holds LT_TEXT_LIST_CAP - 6
 * characters. A list that fills the buffer to exactly that, one more, and
 * one more still, must each stay inside it; the bytes after the buffer
 * (the list's own length field, then a guard) must not change.
 */
#include <string.h>

#include "check.h"
#include "tls/trace_list.h"

#define LONGEST (LT_TEXT_LIST_CAP - sizeof(", ..."))

typedef struct guarded {
    lt_text_list list;
    char guard[16];
} guarded;

/* Fills a list with items of 400 'a's, then one item of the length that
 * brings the text to fill characters, then adds "b". */
static void fill_to(guarded *g, size_t fill)
{
    char item[LT_TEXT_LIST_ITEM_MAX + 1];
    memset(g->guard, 'G', sizeof(g->guard));
    lt_text_list_init(&g->list);
    memset(item, 'a', 400);
    item[400] = '\0';
    while (g->list.at + 2 + 400 + 2 + 1 <= fill)
        lt_text_list_add(&g->list, "%s", item);
    size_t last = fill - g->list.at - 2;
    memset(item, 'c', last);
    item[last] = '\0';
    lt_text_list_add(&g->list, "%s", item);
}

static bool guard_intact(const guarded *g)
{
    for (size_t i = 0; i < sizeof(g->guard); i++)
        if (g->guard[i] != 'G')
            return false;
    return true;
}

static void test_boundary(void)
{
    guarded g;
    /* N - 1: fits; a next item of one character would need 3 more and
     * is cut, the marker ending one byte before the buffer's last. */
    fill_to(&g, LONGEST - 1);
    CHECK(!g.list.cut && g.list.at == LONGEST - 1 && strlen(g.list.buf) == LONGEST - 1);
    lt_text_list_add(&g.list, "b");
    CHECK(g.list.cut && g.list.at == LT_TEXT_LIST_CAP - 2);
    CHECK(strcmp(g.list.buf + LONGEST - 1, ", ...") == 0);
    CHECK(guard_intact(&g));

    /* N: the longest list; the next item, however short, is cut, and the
     * marker's NUL is the buffer's last byte (one past it before the fix). */
    fill_to(&g, LONGEST);
    CHECK(!g.list.cut && g.list.at == LONGEST);
    size_t items = g.list.items;
    lt_text_list_add(&g.list, "b");
    CHECK(g.list.cut && g.list.items == items);
    CHECK(g.list.at == LT_TEXT_LIST_CAP - 1 && g.list.buf[LT_TEXT_LIST_CAP - 1] == '\0');
    CHECK(strcmp(g.list.buf + LONGEST, ", ...") == 0);
    CHECK(guard_intact(&g));
    /* Once cut, nothing more is added. */
    lt_text_list_add(&g.list, "b");
    CHECK(g.list.at == LT_TEXT_LIST_CAP - 1 && guard_intact(&g));

    /* N + 1: that last item does not fit; the marker takes its place
     * (before the fix it was taken, and the next marker's NUL landed on
     * the low byte of the list's length). */
    fill_to(&g, LONGEST + 1);
    lt_text_list_add(&g.list, "b");
    CHECK(g.list.cut && strlen(g.list.buf) == g.list.at && g.list.at < LT_TEXT_LIST_CAP);
    CHECK(strcmp(g.list.buf + g.list.at - 5, ", ...") == 0);
    CHECK(guard_intact(&g));
}

static void test_small(void)
{
    lt_text_list l;
    lt_text_list_init(&l);
    CHECK(strcmp(l.buf, "") == 0);
    lt_text_list_add(&l, "x25519");
    lt_text_list_add(&l, "0x%04x", 0x1234);
    CHECK(strcmp(l.buf, "x25519, 0x1234") == 0 && l.items == 2);
    /* An item longer than LT_TEXT_LIST_ITEM_MAX is cut to it. */
    char big[LT_TEXT_LIST_ITEM_MAX + 10];
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    lt_text_list_init(&l);
    lt_text_list_add(&l, "%s", big);
    CHECK(l.at == LT_TEXT_LIST_ITEM_MAX && strlen(l.buf) == LT_TEXT_LIST_ITEM_MAX);
}

static void test_peer_text(void)
{
    lt_text_list l;
    lt_text_list_init(&l);
    const uint8_t alpn[] = {'h', '2', 0x1b, '[', '3', '1', 'm', 0x07, '\n', 0xff};
    lt_text_list_add_peer(&l, "", alpn, sizeof(alpn));
    lt_text_list_add_peer(&l, "DNS:", (const uint8_t *)"a\0b", 3);
    CHECK(strcmp(l.buf, "h2\\x1b[31m\\x07\\x0a\\xff, DNS:a\\x00b") == 0);
    /* A 255-byte peer name of control bytes is cut inside the item. */
    uint8_t ctl[255];
    memset(ctl, 0x1b, sizeof(ctl));
    lt_text_list_init(&l);
    lt_text_list_add_peer(&l, "DNS:", ctl, sizeof(ctl));
    CHECK(l.at <= LT_TEXT_LIST_ITEM_MAX && strcmp(l.buf + l.at - 3, "...") == 0);
    CHECK(strchr(l.buf, 0x1b) == NULL);
}

int main(void)
{
    test_boundary();
    test_small();
    test_peer_text();
    return check_finish("trace_list");
}
