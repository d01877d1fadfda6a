/*
 * The trace's fields for the messages of a TLS 1.3 handshake
 * (trace_describe13.c), called by trace_describe.c.
 */
#ifndef LT_TLS_TRACE_DESCRIBE13_H
#define LT_TLS_TRACE_DESCRIBE13_H

#include "tls/trace.h"

/* Fields for one message once TLS 1.3 is negotiated; false when the
 * TLS 1.2 describer goes on (the hellos; Certificate, whose list it
 * describes after the note added here). */
bool lt_trace_describe13(const lt_trace_msg *m, lt_trace_scratch *s, size_t *n);

#endif
