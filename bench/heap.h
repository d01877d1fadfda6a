/*
 * Heap accounting for the bench: malloc, calloc, realloc, free and the
 * aligned allocators are interposed in the bench program, so every
 * library in the process (latch, libssl, libcrypto, GnuTLS and what it
 * uses, mbedTLS) allocates through them. While armed, each allocation is
 * charged to the side the harness says is running (client or server)
 * and credited back to that side when freed.
 */
#ifndef BENCH_HEAP_H
#define BENCH_HEAP_H

#include <stddef.h>

typedef enum heap_side {
    HEAP_NONE = -1,
    HEAP_CLIENT = 0,
    HEAP_SERVER = 1,
} heap_side;

/* Start counting from zero for both sides; only allocations made while
 * armed are counted (and their frees). */
void heap_arm(void);
void heap_disarm(void);
/* Who is allocating now. */
void heap_set_side(heap_side side);
/* Live bytes charged to a side, and the most it held since the last
 * heap_reset_peak(). */
size_t heap_live(heap_side side);
size_t heap_peak(heap_side side);
void heap_reset_peak(void);
/* Allocation calls (malloc, calloc, realloc, the aligned ones) charged to
 * a side since heap_arm(). */
size_t heap_calls(heap_side side);
/* False if the table of live allocations overflowed (figures invalid). */
int heap_ok(void);

#endif
