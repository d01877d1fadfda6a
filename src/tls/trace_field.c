/*
 * The fields of trace events (trace.h): text written into a scratch
 * buffer, used by trace.c and trace_describe.c alike.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tls/trace.h"

void lt_trace_field(lt_trace_scratch *s, size_t *count, const char *name, const char *fmt, ...)
{
    size_t room = sizeof(s->text) - s->used;
    if (*count >= sizeof(s->fields) / sizeof(s->fields[0]) || room < 2)
        return;
    char *at = s->text + s->used;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(at, room, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    s->used += (size_t)n < room ? (size_t)n + 1 : room;
    s->fields[*count].name = name;
    s->fields[*count].value = at;
    (*count)++;
}

void lt_trace_put_hex(char *out, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 0x0f];
    }
}

void lt_trace_field_hex(lt_trace_scratch *s, size_t *count, const char *name, const uint8_t *p,
                        size_t n)
{
    char hex[2 * 64 + sizeof("...")];
    size_t shown = n < 64 ? n : 64;
    lt_trace_put_hex(hex, p, shown);
    size_t at = 2 * shown;
    if (n > shown) {
        memcpy(hex + at, "...", 3);
        at += 3;
    }
    hex[at] = '\0';
    lt_trace_field(s, count, name, "%s", hex);
}
