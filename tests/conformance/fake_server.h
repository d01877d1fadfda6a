/*
 * A scripted fake server for the client probes: a real latch server
 * engine in process whose records pass through a script before the
 * client sees them. The script rewrites, drops, duplicates or inserts
 * handshake messages and records; a ServerKeyExchange it changes is
 * signed again with the server's key, so the client judges the change
 * itself and not a broken signature.
 */
#ifndef CONF_FAKE_SERVER_H
#define CONF_FAKE_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/writer.h"
#include "crypto/sig.h"
#include "pair.h"

typedef struct fake_server fake_server;

/* Rewrites one plaintext handshake message of the server's: write the
 * replacement (whole messages, headers included) to out, or nothing to
 * drop it. */
typedef void (*fake_msg_fn)(fake_server *f, uint8_t type, const uint8_t *body, size_t len,
                            lt_writer *out);
/* Rewrites one whole record of the server's (index counts from 0). */
typedef void (*fake_record_fn)(fake_server *f, size_t index, pair_record *rec);

struct fake_server {
    pair *p;
    int arg;
    fake_msg_fn msg;
    fake_record_fn record;
    uint8_t client_random[32];
    uint8_t server_random[32];
    lt_privkey key; /* the server's, to sign a changed ServerKeyExchange */
    bool after_ccs;
    size_t ccs_index; /* the server's ChangeCipherSpec record */
    bool client_ccs;  /* the client sent its ChangeCipherSpec */
};

/* The pair's tamper function; its argument is the fake_server. */
void fake_server_tamper(int direction, size_t index, pair_record *rec, void *arg);

bool fake_server_load_key(fake_server *f, const char *key_file);
void fake_server_free(fake_server *f);

/* A ServerKeyExchange with these params, signed with `scheme` over both
 * randoms and the params (RFC 5246 7.4.3). */
void fake_server_signed_ske(fake_server *f, const uint8_t *params, size_t params_len,
                            uint16_t scheme, lt_writer *out);

/* The params of a ServerKeyExchange body (ECDHE or DHE, by its shape), or
 * 0 when it has neither shape. */
size_t fake_server_ske_params_len(const uint8_t *body, size_t len);

/* Opens a Finished record that `writer` sealed with AES-GCM (its first
 * after ChangeCipherSpec), then seals it again with one bit of
 * verify_data flipped, or with verify_data one byte short (and its
 * lengths to match). Aborts when the record does not open. */
void bend_finished(latch_conn *writer, pair_record *rec, bool shorten);

/* Replaces a record's bytes. */
void fake_server_set_record(pair_record *rec, const uint8_t *bytes, size_t len);

#endif
