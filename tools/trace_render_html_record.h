/*
 * One record as it crossed the wire, for the html page: its header, byte
 * by byte with each field's meaning, and for a protected record shown
 * with secrets the nonce, the ciphertext and the plaintext beneath it.
 */
#ifndef LATCH_TOOLS_TRACE_RENDER_HTML_RECORD_H
#define LATCH_TOOLS_TRACE_RENDER_HTML_RECORD_H

#include <stdio.h>

#include "latch.h"

/* Writes a <div class="record"> for a record event that carries its wire
 * bytes, sent by sender (LATCH_CLIENT or LATCH_SERVER); nothing for one
 * that does not. */
void html_record_block(FILE *out, const latch_trace_event *ev, int sender);

#endif
