#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

void lt_wipe(void *p, size_t n)
{
    if (p == NULL || n == 0)
        return;
    memset(p, 0, n);
    /* The barrier tells the compiler the zeroed memory is still looked at. */
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

void lt_free_secret(void *p, size_t n)
{
    if (p == NULL)
        return;
    lt_wipe(p, n);
    free(p);
}

int lt_ct_equal(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a;
    const volatile uint8_t *y = b;
    uint8_t diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= x[i] ^ y[i];
    return (int)(1 & ((uint32_t)(diff - 1) >> 8));
}

uint32_t lt_ct_is_zero_u32(uint32_t x)
{
    return (uint32_t)0 - ((~x & (x - 1)) >> 31);
}

uint32_t lt_ct_eq_u32(uint32_t a, uint32_t b)
{
    return lt_ct_is_zero_u32(a ^ b);
}

uint32_t lt_ct_lt_u32(uint32_t a, uint32_t b)
{
    return (uint32_t)0 - ((a ^ ((a ^ b) | ((a - b) ^ b))) >> 31);
}

uint8_t lt_ct_select_u8(uint32_t mask, uint8_t a, uint8_t b)
{
    return (uint8_t)((mask & a) | (~mask & b));
}

uint32_t lt_ct_select_u32(uint32_t mask, uint32_t a, uint32_t b)
{
    return (mask & a) | (~mask & b);
}

void lt_ct_select_bytes(uint32_t mask, uint8_t *out, const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = lt_ct_select_u8(mask, a[i], b[i]);
}
