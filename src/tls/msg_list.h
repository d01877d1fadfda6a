/*
 * The long lists of a ClientHello (cipher suites, groups, signature
 * schemes), read with bounded storage. A legal hello may list 32,767
 * suites or schemes (RFC 5246 7.4.1.2 and 7.4.1.4.1 allow 2^16-2 bytes);
 * every entry is read, but only what the library can use is sure to be
 * kept: each value once, known values always, unknown ones (GREASE,
 * values from the future) only while room is left beside the slots kept
 * for known ones. The cap is on what is stored, never on what is read.
 */
#ifndef LT_TLS_MSG_LIST_H
#define LT_TLS_MSG_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/reader.h"

typedef struct lt_u16_store {
    uint16_t *items;
    size_t cap;              /* entries items holds */
    size_t reserve;          /* slots only known values may take */
    bool (*known)(uint16_t); /* whether the library can use a value */
    size_t count;            /* entries stored */
    size_t listed;           /* entries read, duplicates and dropped ones included */
    bool (*noted)(uint16_t); /* optional: values to spot among all entries read */
    bool noted_any;          /* an entry read, kept or not, was one of those */
} lt_u16_store;

/* Reads every u16 of list into s (count and listed start from zero).
 * False if the list has an odd length; true otherwise, even when some
 * unknown values found no room. Known values never outnumber reserve
 * (the caller sizes it so), so none is ever dropped. */
bool lt_u16_store_read(lt_u16_store *s, lt_reader *list);

/* A set of u16 values (8 KiB), for spotting repeats in a list of any length. */
typedef struct lt_u16_set {
    uint64_t bits[65536 / 64];
} lt_u16_set;

void lt_u16_set_clear(lt_u16_set *set);
/* Adds v; false if it was there already. */
bool lt_u16_set_add(lt_u16_set *set, uint16_t v);

#endif
