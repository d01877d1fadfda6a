/*
 * The interposed allocator behind heap.h. The bench program defines the
 * malloc family itself; the dynamic linker then binds every library's
 * calls to these definitions, which count and forward to glibc's own
 * implementations (__libc_malloc and friends).
 *
 * Live allocations made while armed sit in an open-addressing table keyed
 * by address (linear probing, backward-shift deletion), so a free knows
 * the size and the side to credit without a header in front of the block.
 * Counting happens on one thread: the harness arms it only around a
 * single-threaded measurement.
 */
#include "heap.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t align, size_t size);
extern void __libc_free(void *p);

#define TABLE_BITS 17
#define TABLE_SIZE ((size_t)1 << TABLE_BITS)

typedef struct slot {
    uintptr_t addr; /* 0: empty */
    size_t size;
    int side;
} slot;

static slot table[TABLE_SIZE];
static atomic_int armed;
static int current = HEAP_NONE;
static size_t live[2], peak[2], calls[2];
static int overflowed;

static size_t home(uintptr_t addr)
{
    return (size_t)((addr >> 4) * 0x9E3779B97F4A7C15ull >> (64 - TABLE_BITS));
}

static void note_alloc(void *p, size_t size)
{
    if (p == NULL || !atomic_load_explicit(&armed, memory_order_relaxed) || current == HEAP_NONE)
        return;
    calls[current]++;
    uintptr_t addr = (uintptr_t)p;
    size_t i = home(addr);
    for (size_t n = 0; table[i].addr != 0; n++) {
        if (n == TABLE_SIZE) {
            overflowed = 1;
            return;
        }
        i = (i + 1) & (TABLE_SIZE - 1);
    }
    table[i] = (slot){addr, size, current};
    live[current] += size;
    if (live[current] > peak[current])
        peak[current] = live[current];
}

static void note_free(void *p)
{
    if (p == NULL || !atomic_load_explicit(&armed, memory_order_relaxed))
        return;
    uintptr_t addr = (uintptr_t)p;
    size_t i = home(addr);
    for (size_t n = 0; table[i].addr != addr; n++) {
        if (table[i].addr == 0 || n == TABLE_SIZE)
            return; /* allocated before arming: not counted */
        i = (i + 1) & (TABLE_SIZE - 1);
    }
    live[table[i].side] -= table[i].size;
    /* Backward-shift deletion keeps every probe chain unbroken. */
    size_t hole = i;
    for (size_t j = (i + 1) & (TABLE_SIZE - 1); table[j].addr != 0;
         j = (j + 1) & (TABLE_SIZE - 1)) {
        size_t h = home(table[j].addr);
        int between = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
        if (!between) {
            table[hole] = table[j];
            hole = j;
        }
    }
    table[hole].addr = 0;
}

void heap_arm(void)
{
    memset(table, 0, sizeof(table));
    live[0] = live[1] = peak[0] = peak[1] = calls[0] = calls[1] = 0;
    overflowed = 0;
    current = HEAP_NONE;
    atomic_store(&armed, 1);
}

void heap_disarm(void)
{
    atomic_store(&armed, 0);
    current = HEAP_NONE;
}

void heap_set_side(heap_side side)
{
    /* Only the single counting thread writes it; other threads leave it. */
    if (atomic_load_explicit(&armed, memory_order_relaxed))
        current = side;
}

size_t heap_live(heap_side side)
{
    return side == HEAP_NONE ? 0 : live[side];
}

size_t heap_peak(heap_side side)
{
    return side == HEAP_NONE ? 0 : peak[side];
}

size_t heap_calls(heap_side side)
{
    return side == HEAP_NONE ? 0 : calls[side];
}

void heap_reset_peak(void)
{
    peak[0] = live[0];
    peak[1] = live[1];
}

int heap_ok(void)
{
    return !overflowed;
}

/* The interposed allocator. */

void *malloc(size_t size)
{
    void *p = __libc_malloc(size);
    note_alloc(p, size);
    return p;
}

void *calloc(size_t n, size_t size)
{
    void *p = __libc_calloc(n, size);
    note_alloc(p, n * size);
    return p;
}

void *realloc(void *old, size_t size)
{
    void *p = __libc_realloc(old, size);
    if (p != NULL || size == 0) {
        note_free(old);
        note_alloc(p, size);
    }
    return p;
}

void *reallocarray(void *old, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(old, n * size);
}

void free(void *p)
{
    note_free(p);
    __libc_free(p);
}

void *memalign(size_t align, size_t size)
{
    void *p = __libc_memalign(align, size);
    note_alloc(p, size);
    return p;
}

void *aligned_alloc(size_t align, size_t size)
{
    return memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    if (align < sizeof(void *) || (align & (align - 1)) != 0)
        return EINVAL;
    void *p = memalign(align, size);
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}
