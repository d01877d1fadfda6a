/*
 * The TLS 1.3 key schedule in the trace (RFC 8446 7.1): each HKDF step a
 * key-schedule event that names its function, its inputs and its label,
 * with the transcript hash it binds; the value itself only when the
 * trace shows secrets. Nothing is built unless someone listens.
 */
#ifndef LT_TLS_HS13_TRACE_H
#define LT_TLS_HS13_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct latch_conn;

/* A stage secret just made by HKDF-Extract(salt, IKM): the schedule's
 * current secret (early, handshake or master). */
void lt_hs13_trace_extract(struct latch_conn *c, const char *name, const char *salt,
                           const char *ikm);
/* A secret made by Derive-Secret(base, label, messages), th being the
 * transcript hash of those messages. */
void lt_hs13_trace_derive(struct latch_conn *c, const char *name, const char *base,
                          const char *label, const char *messages, const uint8_t *th, size_t th_len,
                          const uint8_t *secret);
/* The Finished keys both sides derive from their handshake traffic
 * secrets (RFC 8446 4.4.4). */
void lt_hs13_trace_finished_keys(struct latch_conn *c);

#endif
