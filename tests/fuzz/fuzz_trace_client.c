/*
 * fuzz_engine_client with a trace callback on both sides: every event of
 * every input is described (the peer's hellos, certificates and alerts
 * included) and formatted as text, JSON and mermaid (trace_sink.h), so
 * the trace's fixed-size text builders are fuzzed with what a hostile
 * peer sends. Inputs and seeds are those of fuzz_engine_client.
 */
#include "trace_sink.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fuzz_engine_case engines[FUZZ_ENGINE_CASES];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_trace_engine_setup(engines, LATCH_CLIENT);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_engine_input(engines, FUZZ_ENGINE_CASES, data, size);
    return 0;
}
