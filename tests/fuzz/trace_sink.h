/*
 * A trace callback for the fuzz targets: every event is formatted in
 * each of the tools' formats (text, JSON, mermaid, tools/trace_render.c)
 * into a bounded buffer, and the event and what was written must be
 * printable ASCII (newlines between lines): peer bytes reach them only
 * escaped (latch_escape).
 */
#ifndef LATCH_FUZZ_TRACE_SINK_H
#define LATCH_FUZZ_TRACE_SINK_H

#include "engine.h"

/* fuzz_engine_setup for the cases of an engine under test of this role,
 * with every config tracing into the sink. */
void fuzz_trace_engine_setup(fuzz_engine_case *cases, latch_role role);

#endif
