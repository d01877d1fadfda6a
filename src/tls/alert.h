/*
 * TLS alerts (RFC 5246 7.2): a level and a description, exactly two bytes
 * on the wire. Parsing, writing, classifying, and turning a received alert
 * into the error the connection reports.
 *
 * Received warning alerts are counted by the record layer (record.h),
 * which caps how many may arrive in a row.
 */
#ifndef LT_TLS_ALERT_H
#define LT_TLS_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/writer.h"
#include "latch.h"

#define LT_ALERT_LEN 2

typedef enum lt_alert_level {
    LT_ALERT_LEVEL_WARNING = 1,
    LT_ALERT_LEVEL_FATAL = 2,
} lt_alert_level;

typedef struct lt_alert {
    uint8_t level;       /* an lt_alert_level */
    uint8_t description; /* a latch_alert */
} lt_alert;

/* Parses an alert record's plaintext: exactly two bytes, a known level.
 * Fails with LATCH_ERR_DECODE otherwise. */
bool lt_alert_parse(const uint8_t *data, size_t len, lt_alert *out, lt_error *err) LT_MUST_CHECK;
/* Appends the two bytes of the alert to w (check lt_writer_ok). */
void lt_alert_write(const lt_alert *a, lt_writer *w);

/* The fatal alert to send for an error; description is
 * LATCH_ALERT_NONE when the error sends nothing. */
lt_alert lt_alert_for_error(latch_err code);

bool lt_alert_is_close_notify(const lt_alert *a);
bool lt_alert_is_fatal(const lt_alert *a);
bool lt_alert_is_warning(const lt_alert *a);

/* What a received alert means for the connection: close_notify fails with
 * LATCH_ERR_CLOSED, a fatal alert with LATCH_ERR_ALERT_RECEIVED (the
 * sentence names the alert); any other warning returns true and is ignored. */
bool lt_alert_receive(const lt_alert *a, lt_error *err) LT_MUST_CHECK;

#endif
