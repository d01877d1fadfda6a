/*
 * The struct_size field of public structs the caller allocates (latch.h):
 * 0 stands for the first layout, and a size smaller than the first
 * layout's is a caller's mistake. There is one layout so far, so its size
 * is the struct's sizeof.
 */
#ifndef LT_BASE_STRUCT_SIZE_H
#define LT_BASE_STRUCT_SIZE_H

#include <stdbool.h>
#include <stddef.h>

static inline bool lt_struct_size_ok(size_t given, size_t first_layout)
{
    return given == 0 || given >= first_layout;
}

#endif
