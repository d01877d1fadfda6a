/*
 * The trace's record events, kept with their wire bytes, sequence
 * numbers, nonces and plaintexts, for tests that check the wire.
 */
#ifndef LATCH_TEST_WIRE_LOG_H
#define LATCH_TEST_WIRE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "latch.h"

enum { WIRE_RECS_MAX = 64, WIRE_BYTES_MAX = 4096 };

typedef struct wire_rec {
    bool outgoing;
    bool protected_record;
    uint8_t type;
    uint64_t seq;
    uint8_t wire[WIRE_BYTES_MAX];
    size_t wire_len;
    uint8_t nonce[16];
    size_t nonce_len;
    bool has_nonce;
    uint8_t plain[WIRE_BYTES_MAX];
    size_t plain_len;
} wire_rec;

typedef struct wire_log {
    wire_rec recs[WIRE_RECS_MAX];
    size_t count;
    bool lost; /* a record without its wire bytes, or too many */
} wire_log;

/* Keeps a LATCH_TRACE_RECORD event; ignores other kinds. */
void wire_log_event(wire_log *log, const latch_trace_event *ev);

#endif
