/*
 * The whole-file reader (file.h). The buffer grows by copying into a new
 * allocation and wiping the old one, since realloc would leave a copy of
 * a private key behind in freed memory.
 */
#include "base/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

static bool grow(uint8_t **buf, size_t *cap, size_t used, const char *path, lt_error *err)
{
    LT_ENSURE(*cap < LT_FILE_MAX, err, LATCH_ERR_CONFIG, "%s is larger than 16 MiB", path);
    size_t grown_cap = *cap == 0 ? 8192 : *cap * 2;
    uint8_t *grown = malloc(grown_cap);
    LT_ENSURE(grown != NULL, err, LATCH_ERR_MEMORY, "out of memory reading %s", path);
    if (used > 0)
        memcpy(grown, *buf, used);
    lt_free_secret(*buf, *cap);
    *buf = grown;
    *cap = grown_cap;
    return true;
}

bool lt_read_file(const char *path, uint8_t **out, size_t *len, lt_error *err)
{
    FILE *f = fopen(path, "rb");
    LT_ENSURE(f != NULL, err, LATCH_ERR_CONFIG, "cannot open %s", path);
    size_t cap = 0, n = 0;
    uint8_t *buf = NULL;
    bool ok = true;
    for (;;) {
        if (n == cap && !grow(&buf, &cap, n, path, err)) {
            ok = false;
            break;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    if (ok && ferror(f) != 0)
        ok = LT_FAIL(err, LATCH_ERR_CONFIG, "cannot read %s", path);
    fclose(f);
    if (!ok) {
        lt_free_secret(buf, cap);
        return false;
    }
    *out = buf;
    *len = n;
    return true;
}
