#include "check.h"

#include "x509/pem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int check_failures;
int check_count;

void check_fail(const char *file, int line, const char *what)
{
    check_failures++;
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
}

int check_finish(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures == 0 && check_count > 0 ? 0 : 1;
}

bool check_mem_equal(const void *a, const void *b, size_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

size_t check_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int high = -1;
    for (const char *p = hex; *p; p++) {
        if (isspace((unsigned char)*p) || *p == ':')
            continue;
        int v = hex_value((unsigned char)*p);
        if (v < 0) {
            fprintf(stderr, "bad hex character '%c'\n", *p);
            abort();
        }
        if (high < 0) {
            high = v;
            continue;
        }
        if (n >= cap) {
            fprintf(stderr, "hex longer than %zu bytes\n", cap);
            abort();
        }
        out[n++] = (uint8_t)(high << 4 | v);
        high = -1;
    }
    if (high >= 0) {
        fprintf(stderr, "odd number of hex digits\n");
        abort();
    }
    return n;
}

uint8_t *check_hex_alloc(const char *hex, size_t *len)
{
    size_t cap = strlen(hex) / 2 + 1;
    uint8_t *out = malloc(cap);
    if (out == NULL)
        abort();
    *len = check_hex(hex, out, cap);
    return out;
}

uint8_t *check_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        abort();
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    if (buf == NULL)
        abort();
    buf[n] = 0;
    *len = n;
    return buf;
}

const char *check_data_path(const char *name)
{
    static char path[4096];
    const char *dir = getenv("LATCH_TESTDATA");
    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", name);
    return path;
}

uint8_t *check_pem_block(const char *name, const char *label, size_t skip, size_t *len)
{
    size_t text_len;
    uint8_t *text = check_read_file(check_data_path(name), &text_len);
    lt_pem_iter it;
    lt_pem_block block = {0};
    lt_error err;
    lt_pem_iter_init(&it, text, text_len);
    for (size_t i = 0; i <= skip; i++) {
        bool found = false;
        if (i > 0)
            lt_pem_block_free(&block);
        lt_error_clear(&err);
        if (!lt_pem_next(&it, label, &block, &found, &err) || !found) {
            fprintf(stderr, "%s: no %s block %zu: %s\n", name, label, i, err.message);
            abort();
        }
    }
    free(text);
    *len = block.der_len;
    return block.der;
}
