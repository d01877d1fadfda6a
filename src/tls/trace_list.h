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

/* buf comes last and fills the struct's end, so that a write past it
 * leaves the object: AddressSanitizer (the fuzz and ASan builds) sees
 * that, not a write onto a neighbouring field. */
typedef struct lt_text_list {
    size_t at; /* strlen(buf) */
    size_t items;
    bool cut;
    _Alignas(size_t) char buf[LT_TEXT_LIST_CAP];
} lt_text_list;
_Static_assert(sizeof(lt_text_list) == offsetof(lt_text_list, buf) + LT_TEXT_LIST_CAP,
               "no padding after buf");

void lt_text_list_init(lt_text_list *l);
/* Appends one printf-formatted item, or the cut marker when the item and
 * a later marker would not both fit. */
void lt_text_list_add(lt_text_list *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends prefix and then peer bytes, escaped (latch_escape). */
void lt_text_list_add_peer(lt_text_list *l, const char *prefix, const uint8_t *p, size_t n);

#endif
