/*
 * A ticket key file: the keys a fleet of servers shares, so each opens
 * the tickets (and external-cache sessions) the others seal.
 *
 * One key per line, the 48 bytes of latch_config_set_ticket_key (a
 * 16-byte name, a 32-byte AES-256-GCM key) in base64: 64 characters,
 * what `openssl rand -base64 48` prints. Text, so an operator can add,
 * reorder and drop keys with an editor and see what a rotation step
 * changed; one file holds the whole rotation (nginx takes one binary key
 * per file). Blank lines, and lines whose first non-blank character is
 * '#', are skipped; spaces, tabs and a CR around a key are allowed. The
 * first key seals, every key opens. Parsing is strict: a bad line, a
 * repeated key name, more than LATCH_TICKET_KEYS_MAX keys or none at all
 * fails, naming the line.
 */
#ifndef LT_TLS_TICKET_KEYS_FILE_H
#define LT_TLS_TICKET_KEYS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tls/ticket.h"

/* Parses text into keys[0..*count), at most max. On failure the keys
 * are wiped and err names the line: "line 3: ...". */
bool lt_ticket_keys_parse(const uint8_t *text, size_t len, lt_ticket_key *keys, size_t max,
                          size_t *count, lt_error *err) LT_MUST_CHECK;

#endif
