#include "tls/msg_list.h"

#include <string.h>

void lt_u16_set_clear(lt_u16_set *set)
{
    memset(set->bits, 0, sizeof(set->bits));
}

bool lt_u16_set_add(lt_u16_set *set, uint16_t v)
{
    uint64_t bit = (uint64_t)1 << (v % 64);
    if (set->bits[v / 64] & bit)
        return false;
    set->bits[v / 64] |= bit;
    return true;
}

bool lt_u16_store_read(lt_u16_store *s, lt_reader *list)
{
    if (lt_reader_left(list) % 2 != 0)
        return false;
    lt_u16_set seen;
    lt_u16_set_clear(&seen);
    size_t known_stored = 0;
    s->count = 0;
    s->listed = 0;
    s->noted_any = false;
    uint16_t v;
    while (lt_read_u16(list, &v)) {
        s->listed++;
        if (s->noted != NULL && s->noted(v))
            s->noted_any = true;
        if (!lt_u16_set_add(&seen, v))
            continue;
        bool known = s->known(v);
        /* An unknown value may not take a slot a known one may still need. */
        size_t held_back = known || known_stored >= s->reserve ? 0 : s->reserve - known_stored;
        if (s->count + held_back >= s->cap)
            continue;
        s->items[s->count++] = v;
        known_stored += known;
    }
    return true;
}
