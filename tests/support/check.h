/*
 * A small test harness. CHECK records a failure and carries on, so one run
 * shows every broken assertion; check_finish() prints the summary and
 * returns the exit status for main().
 */
#ifndef LATCH_TEST_CHECK_H
#define LATCH_TEST_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern int check_failures;
extern int check_count;

void check_fail(const char *file, int line, const char *what);
int check_finish(const char *name);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        check_count++;                                                                             \
        if (!(cond))                                                                               \
            check_fail(__FILE__, __LINE__, #cond);                                                 \
    } while (0)

#define CHECK_MEM(a, b, n)                                                                         \
    do {                                                                                           \
        check_count++;                                                                             \
        if (!check_mem_equal((a), (b), (n)))                                                       \
            check_fail(__FILE__, __LINE__, "memory differs: " #a " vs " #b);                       \
    } while (0)

bool check_mem_equal(const void *a, const void *b, size_t n);

/* Decodes hex (whitespace allowed) into out; returns the length, or aborts. */
size_t check_hex(const char *hex, uint8_t *out, size_t cap);
/* Decodes hex into a fresh heap buffer (free it); *len gets the length. */
uint8_t *check_hex_alloc(const char *hex, size_t *len);
/* Reads a whole file into a heap buffer (NUL-terminated); aborts on failure. */
uint8_t *check_read_file(const char *path, size_t *len);
/* Path of a file under tests/data (LATCH_TESTDATA); a static buffer. */
const char *check_data_path(const char *name);
/* The DER of PEM block number skip (from 0) labelled label in the file
 * tests/data/<name> (free it); aborts when there is none. */
uint8_t *check_pem_block(const char *name, const char *label, size_t skip, size_t *len);

#endif
