/*
 * A comma-separated list of trace text in a fixed buffer ("x25519,
 * secp256r1, ..."): what a ClientHello offers can be longer than any
 * buffer, so an item that does not fit ends the list with a cut marker.
 */
#ifndef LT_TLS_TRACE_LIST_H
#define LT_TLS_TRACE_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LT_TEXT_LIST_CAP 2048
/* One item's text at most; a longer one is cut. */
#define LT_TEXT_LIST_ITEM_MAX 511

typedef struct lt_text_list {
    char buf[LT_TEXT_LIST_CAP];
    size_t at; /* strlen(buf) */
    size_t items;
    bool cut;
} lt_text_list;

void lt_text_list_init(lt_text_list *l);
/* Appends one printf-formatted item, or the cut marker when the item and
 * a later marker would not both fit. */
void lt_text_list_add(lt_text_list *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends prefix and then peer bytes, escaped (latch_escape). */
void lt_text_list_add_peer(lt_text_list *l, const char *prefix, const uint8_t *p, size_t n);

#endif
