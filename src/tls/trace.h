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

struct lt_key_block;
struct lt_path;
union lt_msg_value;

/* The trace's handle: all it knows of a connection, set when the
 * connection is made (its config is frozen then). The trace reads no
 * connection or handshake state; the handshake passes what an event
 * needs as arguments. */
typedef struct lt_trace {
    latch_trace_fn fn; /* NULL: nobody listens */
    void *arg;
    bool secrets; /* events may carry secret values */
    bool server;  /* the role, for sentences that differ by side */
    latch_keylog_fn keylog;
    void *keylog_arg;
} lt_trace;

/* One message as the handshake saw it: its bytes and, when it parsed,
 * the value its state's function reads (msg_value.h). */
typedef struct lt_trace_msg {
    bool outgoing;
    bool ccs;     /* ChangeCipherSpec, not a handshake message */
    uint8_t type; /* the HandshakeType */
    const uint8_t *raw;
    size_t len;
    const union lt_msg_value *value; /* NULL when it did not parse */
    const char *parse_error;         /* why, when value is NULL */
    bool resumes;                    /* a ServerHello that resumes a session */
    bool tls13;                      /* in a TLS 1.3 handshake: other forms */
    bool app_keys; /* TLS 1.3: sent under application, not handshake, traffic keys */
} lt_trace_msg;

/* What a chain's validation found, for its trace event. */
typedef struct lt_trace_chain_facts {
    const struct lt_path *path; /* the validated path; NULL when it failed */
    const char *error_name;     /* when it failed: the code's name, and why */
    const char *error_message;
    const char *host; /* the name checked; NULL for a client certificate */
    bool stapled;     /* an OCSP response was stapled */
    size_t crls;      /* CRLs loaded */
    int64_t now;      /* the validation time */
} lt_trace_chain_facts;

/* Decoded fields of a handshake message for a trace event, written into
 * fields (at most cap) with their text in scratch; returns the count. */
typedef struct lt_trace_scratch {
    latch_trace_field fields[128]; /* a Certificate takes up to 8 per certificate */
    size_t used;
    char text[16384]; /* last, like lt_text_list's buffer (trace_list.h) */
} lt_trace_scratch;

size_t lt_trace_describe_message(const lt_trace *t, const lt_trace_msg *m, lt_trace_scratch *s);
/* Appends a field whose value is printf-formatted into the scratch. */
void lt_trace_field(lt_trace_scratch *s, size_t *count, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Writes n bytes as 2n hex digits at out, without a NUL. */
void lt_trace_put_hex(char *out, const uint8_t *p, size_t n);
/* Appends a field whose value is bytes in hex (cut at 64 bytes). */
void lt_trace_field_hex(lt_trace_scratch *s, size_t *count, const char *name, const uint8_t *p,
                        size_t n);

/* Whether anyone listens: fields worth formatting only for a listener
 * are built under this. Inline: without a listener it is the whole cost
 * of an event point. */
static inline bool lt_tracing(const lt_trace *t)
{
    return t->fn != NULL;
}
void lt_trace_state(const lt_trace *t, const char *state_name);
/* A record as it crossed the wire (latch_trace_event's wire fields). */
typedef struct lt_trace_wire {
    const uint8_t *bytes; /* header and fragment; NULL when not kept */
    size_t len;
    uint64_t sequence;
    const uint8_t *nonce; /* NULL unless the trace shows secrets */
    size_t nonce_len;
} lt_trace_wire;

void lt_trace_record(const lt_trace *t, bool outgoing, uint8_t type, const uint8_t *fragment,
                     size_t len, bool protected_record, const lt_trace_wire *wire);
void lt_trace_message(const lt_trace *t, const lt_trace_msg *m);
void lt_trace_keys(const lt_trace *t, const char *name, const char *detail, const uint8_t *secret,
                   size_t secret_len, const lt_trace_scratch *fields, size_t field_count);
/* The key block's parts (their lengths), and the Finished comparison. */
void lt_trace_key_block(const lt_trace *t, const struct lt_key_block *kb);
void lt_trace_finished_check(const lt_trace *t, const uint8_t *expected, const uint8_t *received);
/* A resumption decision, one sentence: a session offered, resumed, or
 * refused and why (a key-schedule event named "session"). */
void lt_trace_session(const lt_trace *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void lt_trace_signature(const lt_trace *t, uint16_t scheme, bool verified);
/* The outcome of validating the peer's chain, check by check. */
void lt_trace_chain(const lt_trace *t, const lt_trace_chain_facts *f);
void lt_trace_alert(const lt_trace *t, bool outgoing, uint8_t level, uint8_t description);
/* The connection failed: the error's code and its sentence. */
void lt_trace_error(const lt_trace *t, latch_err code, const char *message);
/* The NSS key log line for a master secret. */
void lt_trace_keylog(const lt_trace *t, const uint8_t *client_random, const uint8_t *master_secret);

#endif
