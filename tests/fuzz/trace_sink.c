#include "trace_sink.h"

#include <stdio.h>
#include <string.h>

#include "engine_config.h"
#include "harness.h"
#include "trace_render.h"

enum { FORMATS = 3, OUT_CAP = 1 << 16 };

static struct {
    char buf[OUT_CAP];
    FILE *file;
    trace_render *render;
} sinks[FORMATS];

static void open_sinks(void)
{
    static const trace_format formats[FORMATS] = {TRACE_TEXT, TRACE_JSON, TRACE_MERMAID};
    for (size_t i = 0; i < FORMATS; i++) {
        sinks[i].file = fmemopen(sinks[i].buf, sizeof(sinks[i].buf), "w");
        FUZZ_CHECK(sinks[i].file != NULL);
        sinks[i].render = trace_render_new(sinks[i].file, formats[i], LATCH_CLIENT, 0);
        FUZZ_CHECK(sinks[i].render != NULL);
    }
}

static bool printable(const char *s, size_t n, bool lines)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 || ch > 0x7e) && !(lines && ch == '\n'))
            return false;
    }
    return true;
}

static bool text_ok(const char *s)
{
    return s == NULL || printable(s, strlen(s), false);
}

static void on_event(const latch_trace_event *ev, void *arg)
{
    (void)arg;
    FUZZ_CHECK(ev->name != NULL && text_ok(ev->name) && text_ok(ev->detail));
    for (size_t i = 0; i < ev->field_count; i++) {
        FUZZ_CHECK(ev->fields[i].name != NULL && text_ok(ev->fields[i].name));
        FUZZ_CHECK(ev->fields[i].value != NULL && text_ok(ev->fields[i].value));
    }
    for (size_t i = 0; i < FORMATS; i++) {
        rewind(sinks[i].file);
        trace_render_event(ev, sinks[i].render);
        FUZZ_CHECK(fflush(sinks[i].file) == 0 || ftell(sinks[i].file) >= OUT_CAP - 1);
        long n = ftell(sinks[i].file);
        FUZZ_CHECK(n >= 0 && n < OUT_CAP);
        FUZZ_CHECK(printable(sinks[i].buf, (size_t)n, true));
    }
}

void fuzz_trace_engine_setup(fuzz_engine_case *cases, latch_role role)
{
    open_sinks();
    fuzz_engine_trace_all(on_event, NULL);
    fuzz_engine_setup(cases,
                      role == LATCH_SERVER ? fuzz_engine_server_specs : fuzz_engine_client_specs,
                      FUZZ_ENGINE_CASES, role);
}
