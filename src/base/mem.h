/* Memory helpers: wiping secrets, constant-time comparison and selection. */
#ifndef LT_BASE_MEM_H
#define LT_BASE_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Overwrites n bytes with zeros in a way the compiler cannot drop. */
void lt_wipe(void *p, size_t n);

/* Wipes then frees; NULL is fine. */
void lt_free_secret(void *p, size_t n);

/* 1 when the n bytes of a and b are equal, 0 otherwise; time depends only on n. */
int lt_ct_equal(const void *a, const void *b, size_t n);

/* All-ones when x == 0, zero otherwise, without a branch. */
uint32_t lt_ct_is_zero_u32(uint32_t x);
/* All-ones when a == b, zero otherwise. */
uint32_t lt_ct_eq_u32(uint32_t a, uint32_t b);
/* All-ones when a < b, zero otherwise. */
uint32_t lt_ct_lt_u32(uint32_t a, uint32_t b);
/* mask all-ones picks a, zero picks b. */
uint8_t lt_ct_select_u8(uint32_t mask, uint8_t a, uint8_t b);
uint32_t lt_ct_select_u32(uint32_t mask, uint32_t a, uint32_t b);
/* out[i] = mask ? a[i] : b[i] for n bytes, in constant time. */
void lt_ct_select_bytes(uint32_t mask, uint8_t *out, const uint8_t *a, const uint8_t *b, size_t n);

#endif
