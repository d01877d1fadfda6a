#include "tls/trace_list.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "latch.h"

static const char cut_after_items[] = ", ...";

void lt_text_list_init(lt_text_list *l)
{
    l->buf[0] = '\0';
    l->at = 0;
    l->items = 0;
    l->cut = false;
}

/* Every item leaves room behind it for ", ..." and its NUL, so the
 * marker always fits where the next item would have gone: at never
 * exceeds LT_TEXT_LIST_CAP - sizeof(cut_after_items). */
static void append(lt_text_list *l, const char *item)
{
    if (l->cut)
        return;
    const char *sep = l->items > 0 ? ", " : "";
    size_t sep_len = strlen(sep);
    size_t item_len = strlen(item);
    if (l->at + sep_len + item_len + sizeof(cut_after_items) > sizeof(l->buf)) {
        const char *marker = l->items > 0 ? cut_after_items : cut_after_items + 2;
        memcpy(l->buf + l->at, marker, strlen(marker) + 1);
        l->at += strlen(marker);
        l->cut = true;
        return;
    }
    memcpy(l->buf + l->at, sep, sep_len);
    memcpy(l->buf + l->at + sep_len, item, item_len + 1);
    l->at += sep_len + item_len;
    l->items++;
}

void lt_text_list_add(lt_text_list *l, const char *fmt, ...)
{
    char item[LT_TEXT_LIST_ITEM_MAX + 1];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(item, sizeof(item), fmt, ap);
    va_end(ap);
    if (n < 0)
        item[0] = '\0';
    append(l, item);
}

void lt_text_list_add_peer(lt_text_list *l, const char *prefix, const uint8_t *p, size_t n)
{
    char item[LT_TEXT_LIST_ITEM_MAX + 1];
    size_t k = strlen(prefix);
    if (k >= sizeof(item))
        k = sizeof(item) - 1;
    memcpy(item, prefix, k);
    latch_escape(item + k, sizeof(item) - k, p, n);
    append(l, item);
}
