/*
 * One record as it crossed the wire, for the html page: its header, byte
 * by byte with each field's meaning, and for a protected record shown
 * with secrets the nonce, the ciphertext and the plaintext beneath it.
 */
#ifndef LATCH_TOOLS_TRACE_RENDER_HTML_RECORD_H
#define LATCH_TOOLS_TRACE_RENDER_HTML_RECORD_H

#include <stdbool.h>
#include <stdio.h>

#include "latch.h"

/* Writes a <div class="record"> for a record event that carries its wire
 * bytes, sent by sender (LATCH_CLIENT or LATCH_SERVER); nothing for one
 * that does not. tls13: the record is TLS 1.3's (after its ServerHello). */
void html_record_block(FILE *out, const latch_trace_event *ev, int sender, bool tls13);
/* Bytes as hex pairs separated by spaces. */
void html_hex_bytes(FILE *out, const uint8_t *p, size_t n);
/* A protected TLS 1.3 record's fragment (trace_render_html_record13.c):
 * with --show-secrets the ciphertext and tag, the nonce from the IV and
 * the sequence number, and the TLSInnerPlaintext; else why not. */
void html_record13_protection(FILE *out, const latch_trace_event *ev);

#endif
