/*
 * Reads tests/data/rfc8448/section*.txt: named byte strings laid out as
 * RFC 8448 prints them ("name (N octets):" then lines of hex), with '#'
 * notes; the transcript hash and the concatenation of named messages; a
 * check that a value equals a named vector. Shared by the RFC 8448 tests
 * (test_keysched13.c, test_record13.c, test_rfc8448_*.c).
 */
#ifndef LATCH_TEST_RFC8448_VECTORS_H
#define LATCH_TEST_RFC8448_VECTORS_H

#include "check.h"
#include "crypto/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RFC8448_MAX_VECTORS 64

typedef struct rfc8448_vector {
    char name[48];
    uint8_t *data;
    size_t len;
    size_t declared; /* the N of "(N octets)" */
} rfc8448_vector;

typedef struct rfc8448_file {
    rfc8448_vector v[RFC8448_MAX_VECTORS];
    size_t n;
} rfc8448_file;

/* Aborts on a malformed file or a length that disagrees with its header. */
static inline void rfc8448_load(rfc8448_file *f, const char *name)
{
    char path[128];
    snprintf(path, sizeof(path), "rfc8448/%s", name);
    size_t text_len;
    char *text = (char *)check_read_file(check_data_path(path), &text_len);
    memset(f, 0, sizeof(*f));
    rfc8448_vector *cur = NULL;
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        if (line[0] != ' ') {
            if (f->n == RFC8448_MAX_VECTORS) {
                fprintf(stderr, "%s: too many vectors\n", path);
                abort();
            }
            cur = &f->v[f->n++];
            if (sscanf(line, "%47s (%zu octets):", cur->name, &cur->declared) != 2) {
                fprintf(stderr, "%s: bad header line: %s\n", path, line);
                abort();
            }
            cur->data = calloc(1, cur->declared > 0 ? cur->declared : 1);
            if (cur->data == NULL)
                abort();
            continue;
        }
        if (cur == NULL) {
            fprintf(stderr, "%s: hex before a header\n", path);
            abort();
        }
        cur->len += check_hex(line, cur->data + cur->len, cur->declared - cur->len);
    }
    for (size_t i = 0; i < f->n; i++) {
        if (f->v[i].len != f->v[i].declared) {
            fprintf(stderr, "%s: %s has %zu bytes, not %zu\n", path, f->v[i].name, f->v[i].len,
                    f->v[i].declared);
            abort();
        }
    }
    free(text);
}

/* The bytes of a named vector; aborts when it is missing. */
static inline const uint8_t *rfc8448_get(const rfc8448_file *f, const char *name, size_t *len)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->v[i].name, name) == 0) {
            if (len != NULL)
                *len = f->v[i].len;
            return f->v[i].data;
        }
    }
    fprintf(stderr, "no RFC 8448 vector named %s\n", name);
    abort();
}

/* The named messages of f (NULL ends the list), one after another, in a
 * fresh heap buffer (free it). */
static inline uint8_t *rfc8448_concat(const rfc8448_file *f, const char *const *names, size_t *len)
{
    size_t total = 0;
    for (size_t i = 0; names[i] != NULL; i++) {
        size_t n;
        rfc8448_get(f, names[i], &n);
        total += n;
    }
    uint8_t *out = malloc(total > 0 ? total : 1);
    if (out == NULL)
        abort();
    *len = 0;
    for (size_t i = 0; names[i] != NULL; i++) {
        size_t n;
        const uint8_t *m = rfc8448_get(f, names[i], &n);
        memcpy(out + *len, m, n);
        *len += n;
    }
    return out;
}

/* SHA-256 over the named messages of f, in order (NULL ends the list). */
static inline void rfc8448_transcript(const rfc8448_file *f, const char *const *names,
                                      uint8_t out[32])
{
    size_t len;
    uint8_t *all = rfc8448_concat(f, names, &len);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_hash_oneshot(LT_HASH_SHA256, all, len, out, &err));
    free(all);
}

/* got[0..n) is the named vector of f, which is n bytes long. */
#define RFC8448_WANT(f, name, got, n)                                                              \
    do {                                                                                           \
        size_t want_len_;                                                                          \
        const uint8_t *want_ = rfc8448_get((f), (name), &want_len_);                               \
        CHECK(want_len_ == (n));                                                                   \
        CHECK_MEM((got), want_, (n));                                                              \
    } while (0)

static inline void rfc8448_free(rfc8448_file *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->v[i].data);
    f->n = 0;
}

#endif
