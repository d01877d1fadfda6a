/*
 * The round trip of a message whose written form is a fixed point: what
 * parses must write, and the written message must parse again (into a
 * value `same` accepts, when given) and write the same bytes. Messages
 * that write their parts in a fixed order are not written back byte for
 * byte, so this is the check for them.
 */
#ifndef LATCH_FUZZ_FIXED_POINT_H
#define LATCH_FUZZ_FIXED_POINT_H

#include "harness.h"

typedef bool (*fuzz_parse_fn)(const uint8_t *body, size_t len, void *out, lt_error *err);
typedef void (*fuzz_write_fn)(const void *msg, lt_writer *w);
typedef bool (*fuzz_same_fn)(const void *a, const void *b);

typedef struct fuzz_message {
    uint8_t type; /* the handshake type written */
    const char *what;
    fuzz_parse_fn parse;
    fuzz_write_fn write;
    fuzz_same_fn same; /* may be NULL */
} fuzz_message;

/* first and again are two structs of the message's type. */
void fuzz_fixed_point(const fuzz_message *m, const uint8_t *data, size_t size, void *first,
                      void *again);

#endif
