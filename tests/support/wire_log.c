#include "wire_log.h"

#include <string.h>

void wire_log_event(wire_log *log, const latch_trace_event *ev)
{
    if (ev->kind != LATCH_TRACE_RECORD)
        return;
    if (ev->wire == NULL || ev->wire_len > WIRE_BYTES_MAX || ev->length > WIRE_BYTES_MAX ||
        ev->nonce_len > 16 || log->count == WIRE_RECS_MAX) {
        log->lost = true;
        return;
    }
    wire_rec *r = &log->recs[log->count++];
    r->outgoing = ev->outgoing != 0;
    r->protected_record = ev->protected_record != 0;
    r->type = (uint8_t)ev->content_type;
    r->seq = ev->sequence;
    memcpy(r->wire, ev->wire, ev->wire_len);
    r->wire_len = ev->wire_len;
    r->has_nonce = ev->nonce != NULL;
    if (r->has_nonce)
        memcpy(r->nonce, ev->nonce, ev->nonce_len);
    r->nonce_len = ev->nonce_len;
    if (ev->length > 0)
        memcpy(r->plain, ev->data, ev->length);
    r->plain_len = ev->length;
}
