/*
 * The record pump: handshake and alert bytes sealed into records on the
 * connection's output, and records opened from its input, each traced.
 * conn.c (the public calls and the driver loop) and the handshake code
 * call down into it; it calls only the record layer and the trace.
 */
#ifndef LT_TLS_PUMP_H
#define LT_TLS_PUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tls/record.h"

struct latch_conn;

/* Seals data of one content type into records (as many as the record
 * size needs), one trace event per record. */
bool lt_pump_seal(struct latch_conn *c, uint8_t type, const uint8_t *data,
                  size_t len) LT_MUST_CHECK;
/* Seals an alert; false if it could not be (the error is not recorded:
 * this is the failure path). */
bool lt_pump_alert(struct latch_conn *c, uint8_t level, uint8_t description);
/* Opens the next record, application data straight into dst when it fits
 * dst_cap bytes (dst may be NULL). 1: rec is a record (already dropped
 * from the input; a plaintext not in dst stays in place until the window
 * slides); 0: more bytes are needed; -1: failure recorded. */
int lt_pump_next_record(struct latch_conn *c, lt_record *rec, uint8_t *dst, size_t dst_cap);

#endif
