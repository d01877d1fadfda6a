/*
 * Trace events: built only when the config has a trace callback, so a
 * connection without one pays a pointer test per event point. The engine
 * calls these at the few places where everything passes: the driver loop
 * (states, incoming messages), the queue and the seal (outgoing messages
 * and records), the key schedule, alerts and the failure path.
 */
#ifndef LT_TLS_TRACE_H
#define LT_TLS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "latch.h"

struct latch_conn;

/* Decoded fields of a handshake message for a trace event, written into
 * fields (at most cap) with their text in scratch; returns the count. */
typedef struct lt_trace_scratch {
    latch_trace_field fields[128]; /* a Certificate takes up to 8 per certificate */
    size_t used;
    char text[16384]; /* last, like lt_text_list's buffer (trace_list.h) */
} lt_trace_scratch;

size_t lt_trace_describe_message(const struct latch_conn *c, int type, const uint8_t *raw,
                                 size_t len, lt_trace_scratch *s);
/* Appends a field whose value is printf-formatted into the scratch. */
void lt_trace_field(lt_trace_scratch *s, size_t *count, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Writes n bytes as 2n hex digits at out, without a NUL. */
void lt_trace_put_hex(char *out, const uint8_t *p, size_t n);
/* Appends a field whose value is bytes in hex (cut at 64 bytes). */
void lt_trace_field_hex(lt_trace_scratch *s, size_t *count, const char *name, const uint8_t *p,
                        size_t n);

/* Whether anyone listens: fields worth formatting only for a listener
 * are built under this. */
bool lt_tracing(const struct latch_conn *c);
void lt_trace_state(struct latch_conn *c);
void lt_trace_record(struct latch_conn *c, bool outgoing, uint8_t type, const uint8_t *fragment,
                     size_t len, bool protected_record);
void lt_trace_message(struct latch_conn *c, bool outgoing, int type, const uint8_t *raw,
                      size_t len);
void lt_trace_keys(struct latch_conn *c, const char *name, const char *detail,
                   const uint8_t *secret, size_t secret_len, const lt_trace_scratch *fields,
                   size_t field_count);
/* The key block's parts (their lengths), and the Finished comparison. */
struct lt_key_block;
void lt_trace_key_block(struct latch_conn *c, const struct lt_key_block *kb);
void lt_trace_finished_check(struct latch_conn *c, const uint8_t *expected,
                             const uint8_t *received);
/* A resumption decision, one sentence: a session offered, resumed, or
 * refused and why (a key-schedule event named "session"). */
void lt_trace_session(struct latch_conn *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void lt_trace_signature(struct latch_conn *c, uint16_t scheme, bool verified);
/* The outcome of validating the peer's chain, check by check; path is the
 * validated path, or NULL when validation failed with c->err. */
struct lt_path;
void lt_trace_chain(struct latch_conn *c, const struct lt_path *path, const char *host);
void lt_trace_alert(struct latch_conn *c, bool outgoing, uint8_t level, uint8_t description);
void lt_trace_error(struct latch_conn *c);
/* The NSS key log line for this connection's master secret. */
void lt_trace_keylog(struct latch_conn *c);

#endif
