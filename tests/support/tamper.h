/*
 * Tools for a man-in-the-middle in end-to-end tests: rewriting the
 * handshake messages inside a plaintext record, and opening or resealing
 * an AEAD-protected record with keys taken from a connection.
 */
#ifndef LATCH_TEST_TAMPER_H
#define LATCH_TEST_TAMPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/writer.h"
#include "pair.h"
#include "tls/msg_hello.h"

/* Called for each handshake message of a plaintext handshake record.
 * Write the replacement (whole message, header included) to out, or
 * nothing to drop it. */
typedef void (*tamper_msg_fn)(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                              void *arg);

/* Rewrites every message of a plaintext handshake record; other records
 * are left alone. */
void tamper_handshake_record(pair_record *rec, tamper_msg_fn edit, void *arg);

/* Writes a message unchanged (for edit callbacks that touch only one). */
void tamper_copy_message(uint8_t type, const uint8_t *body, size_t len, lt_writer *out);
/* For edit callbacks that change the ClientHello: parses it into *ch and
 * returns true (the callback then writes it), or copies any other message
 * and returns false. Aborts on a ClientHello that does not parse. */
bool tamper_take_client_hello(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                              lt_client_hello *ch);

/* Opens an AES-GCM record sealed under the keys a connection derived for
 * its own writing (it must still be in its handshake) with sequence
 * number seq; the plaintext replaces the fragment. Then reseal puts it
 * back under the same keys, nonce and sequence number. */
bool tamper_open_gcm(latch_conn *writer, uint64_t seq, pair_record *rec, uint8_t *plain,
                     size_t *plain_len);
bool tamper_seal_gcm(latch_conn *writer, uint64_t seq, pair_record *rec, const uint8_t *plain,
                     size_t plain_len);

#endif
