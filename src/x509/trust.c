#include "x509/trust.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "x509/pem.h"

struct lt_trust_store {
    lt_cert **index; /* owned certificates, sorted by subject DER then by DER */
    size_t count;
    size_t cap;
    size_t skipped;
};

lt_trust_store *lt_trust_new(void)
{
    return calloc(1, sizeof(lt_trust_store));
}

void lt_trust_free(lt_trust_store *ts)
{
    if (ts == NULL)
        return;
    for (size_t i = 0; i < ts->count; i++) {
        lt_cert_free(ts->index[i]);
        free(ts->index[i]);
    }
    free(ts->index);
    free(ts);
}

size_t lt_trust_count(const lt_trust_store *ts)
{
    return ts->count;
}

size_t lt_trust_skipped(const lt_trust_store *ts)
{
    return ts->skipped;
}

/* Shorter first, then bytewise: any total order will do for the index. */
static int compare_span(lt_span a, lt_span b)
{
    if (a.len != b.len)
        return a.len < b.len ? -1 : 1;
    return a.len == 0 ? 0 : memcmp(a.data, b.data, a.len);
}

/* The first index position whose subject is not below `subject`. */
static size_t lower_bound(const lt_trust_store *ts, lt_span subject)
{
    size_t lo = 0, hi = ts->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare_span(ts->index[mid]->subject.der, subject) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void lt_trust_find(const lt_trust_store *ts, const lt_name *subject, const lt_cert *const **first,
                   size_t *count)
{
    if (ts->count == 0) {
        *first = NULL;
        *count = 0;
        return;
    }
    size_t lo = lower_bound(ts, subject->der), hi = lo;
    while (hi < ts->count && compare_span(ts->index[hi]->subject.der, subject->der) == 0)
        hi++;
    *first = (const lt_cert *const *)ts->index + lo;
    *count = hi - lo;
}

bool lt_trust_contains(const lt_trust_store *ts, const lt_cert *cert)
{
    const lt_cert *const *first;
    size_t count;
    lt_trust_find(ts, &cert->subject, &first, &count);
    for (size_t i = 0; i < count; i++)
        if (first[i]->der_len == cert->der_len &&
            memcmp(first[i]->der, cert->der, cert->der_len) == 0)
            return true;
    return false;
}

/* Inserts in sorted position; an exact duplicate is dropped. */
static bool insert(lt_trust_store *ts, lt_cert *cert, lt_error *err)
{
    if (lt_trust_contains(ts, cert)) {
        lt_cert_free(cert);
        free(cert);
        return true;
    }
    if (ts->count == ts->cap) {
        if (ts->cap == LT_TRUST_MAX_ANCHORS) {
            lt_cert_free(cert);
            free(cert);
            return LT_FAIL(err, LATCH_ERR_CONFIG, "more than %d trust anchors",
                           LT_TRUST_MAX_ANCHORS);
        }
        size_t cap = ts->cap == 0 ? 64 : ts->cap * 2;
        if (cap > LT_TRUST_MAX_ANCHORS)
            cap = LT_TRUST_MAX_ANCHORS;
        lt_cert **grown = realloc(ts->index, cap * sizeof(*grown));
        if (grown == NULL) {
            lt_cert_free(cert);
            free(cert);
            return LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory adding a trust anchor");
        }
        ts->index = grown;
        ts->cap = cap;
    }
    size_t at = lower_bound(ts, cert->subject.der);
    memmove(ts->index + at + 1, ts->index + at, (ts->count - at) * sizeof(*ts->index));
    ts->index[at] = cert;
    ts->count++;
    return true;
}

bool lt_trust_add_der(lt_trust_store *ts, const uint8_t *der, size_t len, lt_error *err)
{
    lt_cert *cert = malloc(sizeof(*cert));
    LT_ENSURE(cert != NULL, err, LATCH_ERR_MEMORY, "out of memory adding a trust anchor");
    if (!lt_cert_parse(cert, der, len, err)) {
        free(cert);
        return false;
    }
    /* Decoded now, while the store is still private to its builder, so
     * validation never decodes an anchor's key and never writes to the
     * shared store. */
    if (!lt_cert_load_key(cert, err)) {
        lt_cert_free(cert);
        free(cert);
        return false;
    }
    return insert(ts, cert, err);
}

/* Adds what parses; *added counts it. Only memory and the anchor limit
 * are fatal. */
static bool add_pem_blocks(lt_trust_store *ts, const uint8_t *pem, size_t len, size_t *added,
                           lt_error *err)
{
    lt_pem_iter it;
    lt_pem_iter_init(&it, pem, len);
    for (;;) {
        lt_pem_block block;
        bool found;
        lt_error local;
        lt_error_clear(&local);
        if (!lt_pem_next(&it, "CERTIFICATE", &block, &found, &local)) {
            /* The iterator has moved past the broken block: go on. */
            ts->skipped++;
            continue;
        }
        if (!found)
            return true;
        bool ok = lt_trust_add_der(ts, block.der, block.der_len, &local);
        lt_pem_block_free(&block);
        if (ok) {
            (*added)++;
        } else if (local.code == LATCH_ERR_MEMORY || local.code == LATCH_ERR_CONFIG) {
            *err = local;
            return false;
        } else {
            ts->skipped++;
        }
    }
}

bool lt_trust_add_pem(lt_trust_store *ts, const uint8_t *pem, size_t len, const char *what,
                      lt_error *err)
{
    size_t added = 0, skipped = ts->skipped;
    LT_GUARD(add_pem_blocks(ts, pem, len, &added, err));
    LT_ENSURE(added > 0, err, LATCH_ERR_CONFIG, "%s holds no usable CERTIFICATE block%s", what,
              ts->skipped > skipped ? " (the ones there are malformed)" : "");
    return true;
}

static bool add_file(lt_trust_store *ts, const char *path, lt_error *err)
{
    uint8_t *pem;
    size_t len;
    LT_GUARD(lt_read_file(path, &pem, &len, err));
    bool ok = lt_trust_add_pem(ts, pem, len, path, err);
    free(pem);
    return ok;
}

/* *.pem, *.crt, and c_rehash links: 8 hex digits, a dot, a number. */
static bool wanted_name(const char *name)
{
    size_t n = strlen(name);
    if (n > 4 && (strcmp(name + n - 4, ".pem") == 0 || strcmp(name + n - 4, ".crt") == 0))
        return true;
    if (n < 10 || name[8] != '.')
        return false;
    for (size_t i = 0; i < 8; i++)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return false;
    for (size_t i = 9; i < n; i++)
        if (name[i] < '0' || name[i] > '9')
            return false;
    return true;
}

static bool add_dir(lt_trust_store *ts, const char *path, lt_error *err)
{
    DIR *dir = opendir(path);
    LT_ENSURE(dir != NULL, err, LATCH_ERR_CONFIG, "cannot open the directory %s", path);
    size_t added = 0;
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(dir)) != NULL) {
        if (!wanted_name(e->d_name))
            continue;
        char file[4096];
        struct stat st;
        int n = snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
        if (n < 0 || (size_t)n >= sizeof(file) || stat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
            ts->skipped++;
            continue;
        }
        lt_error local;
        lt_error_clear(&local);
        uint8_t *pem;
        size_t len;
        if (!lt_read_file(file, &pem, &len, &local)) {
            ts->skipped++;
            continue;
        }
        ok = add_pem_blocks(ts, pem, len, &added, err);
        free(pem);
    }
    closedir(dir);
    LT_GUARD(ok);
    LT_ENSURE(added > 0, err, LATCH_ERR_CONFIG, "the directory %s holds no usable certificate",
              path);
    return true;
}

bool lt_trust_add_path(lt_trust_store *ts, const char *path, lt_error *err)
{
    struct stat st;
    LT_ENSURE(stat(path, &st) == 0, err, LATCH_ERR_CONFIG, "cannot open %s", path);
    return S_ISDIR(st.st_mode) ? add_dir(ts, path, err) : add_file(ts, path, err);
}

bool lt_trust_add_system(lt_trust_store *ts, lt_error *err)
{
    const char *file = secure_getenv("SSL_CERT_FILE");
    const char *dir = secure_getenv("SSL_CERT_DIR");
    if (file != NULL && *file == '\0')
        file = NULL;
    if (dir != NULL && *dir == '\0')
        dir = NULL;
    if (file == NULL && dir == NULL) {
        struct stat st;
        if (stat(LT_TRUST_SYSTEM_FILE, &st) == 0)
            file = LT_TRUST_SYSTEM_FILE;
        else
            dir = LT_TRUST_SYSTEM_DIR;
    }
    if (file != NULL)
        LT_GUARD(lt_trust_add_path(ts, file, err));
    /* SSL_CERT_DIR may list several directories, like OpenSSL's. */
    while (dir != NULL && *dir != '\0') {
        size_t n = strcspn(dir, ":");
        char one[4096];
        if (n > 0 && n < sizeof(one)) {
            memcpy(one, dir, n);
            one[n] = '\0';
            LT_GUARD(lt_trust_add_path(ts, one, err));
        }
        dir += n + (dir[n] == ':');
    }
    return true;
}
