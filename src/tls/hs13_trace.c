/*
 * The TLS 1.3 key schedule in the trace (hs13_trace.h).
 */
#include "tls/hs13_trace.h"

#include <stdio.h>

#include "base/mem.h"
#include "tls/conn.h"
#include "tls/trace.h"

/* Out of line: the scratch is on the stack only when a trace listens. */
__attribute__((noinline)) static void extract(latch_conn *c, const char *name, const char *salt,
                                              const char *ikm)
{
    const lt_keysched13 *ks = &c->hs->t13.ks;
    lt_trace_scratch s;
    s.used = 0;
    size_t n = 0;
    lt_trace_field(&s, &n, "function", "HKDF-Extract(salt, IKM) (RFC 5869 2.2)");
    lt_trace_field(&s, &n, "salt", "%s", salt);
    lt_trace_field(&s, &n, "IKM", "%s", ikm);
    char detail[200];
    snprintf(detail, sizeof(detail),
             "HKDF-Extract(%s, %s) (RFC 8446 7.1): a stage of the key schedule, every later "
             "secret comes from it",
             salt, ikm);
    lt_trace_keys(&c->trace, name, detail, ks->secret, ks->len, &s, n);
}

void lt_hs13_trace_extract(latch_conn *c, const char *name, const char *salt, const char *ikm)
{
    if (lt_tracing(&c->trace))
        extract(c, name, salt, ikm);
}

__attribute__((noinline)) static void derive(latch_conn *c, const char *name, const char *base,
                                             const char *label, const char *messages,
                                             const uint8_t *th, size_t th_len,
                                             const uint8_t *secret)
{
    lt_trace_scratch s;
    s.used = 0;
    size_t n = 0;
    lt_trace_field(&s, &n, "function",
                   "Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, "
                   "Transcript-Hash(Messages), Hash.length) (RFC 8446 7.1)");
    lt_trace_field(&s, &n, "secret", "%s", base);
    lt_trace_field(&s, &n, "label", "\"tls13 %s\"", label);
    lt_trace_field(&s, &n, "messages", "%s", messages);
    /* A hash of messages both sides saw: no secret. */
    lt_trace_field_hex(&s, &n, "transcript_hash", th, th_len);
    char detail[160];
    snprintf(detail, sizeof(detail), "Derive-Secret(%s, \"%s\", %s) (RFC 8446 7.1)", base, label,
             messages);
    lt_trace_keys(&c->trace, name, detail, secret, th_len, &s, n);
}

void lt_hs13_trace_derive(latch_conn *c, const char *name, const char *base, const char *label,
                          const char *messages, const uint8_t *th, size_t th_len,
                          const uint8_t *secret)
{
    if (lt_tracing(&c->trace))
        derive(c, name, base, label, messages, th, th_len, secret);
}

__attribute__((noinline)) static void finished_key(latch_conn *c, const char *name,
                                                   const char *base, const uint8_t *secret)
{
    const lt_keysched13 *ks = &c->hs->t13.ks;
    uint8_t key[LT_TLS13_SECRET_MAX];
    lt_error ignored;
    lt_error_clear(&ignored);
    /* Made again here only for the trace: Finished makes its own. */
    bool made = c->trace.secrets && lt_tls13_expand_label(ks->hash, secret, "finished", NULL, 0,
                                                          key, ks->len, &ignored);
    lt_trace_scratch s;
    s.used = 0;
    size_t n = 0;
    lt_trace_field(&s, &n, "function", "HKDF-Expand-Label(Secret, Label, Context, Length)");
    lt_trace_field(&s, &n, "secret", "%s", base);
    lt_trace_field(&s, &n, "label", "\"tls13 finished\"");
    lt_trace_field(&s, &n, "context", "empty");
    lt_trace_keys(&c->trace, name,
                  "the key of this side's Finished: verify_data = HMAC(finished_key, "
                  "Transcript-Hash(messages so far)) (RFC 8446 4.4.4)",
                  made ? key : NULL, ks->len, &s, n);
    lt_wipe(key, sizeof(key));
}

void lt_hs13_trace_finished_keys(latch_conn *c)
{
    if (!lt_tracing(&c->trace))
        return;
    finished_key(c, "client_finished_key", "client_handshake_traffic_secret", c->hs->t13.client_hs);
    finished_key(c, "server_finished_key", "server_handshake_traffic_secret", c->hs->t13.server_hs);
}
