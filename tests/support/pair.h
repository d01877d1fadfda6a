/*
 * Two latch connections joined through memory, for end-to-end tests in
 * one process, with an optional man-in-the-middle that sees every record
 * in flight and may change, drop or add records.
 */
#ifndef LATCH_TEST_PAIR_H
#define LATCH_TEST_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "latch.h"

#define PAIR_TO_SERVER 0
#define PAIR_TO_CLIENT 1

/* A record in flight: header and fragment, editable in place (up to cap). */
typedef struct pair_record {
    uint8_t *bytes;
    size_t len;
    size_t cap;
    bool drop;
} pair_record;

/* Called once per whole record; index counts records per direction. */
typedef void (*pair_tamper_fn)(int direction, size_t index, pair_record *rec, void *arg);

typedef struct pair {
    latch_conn *client;
    latch_conn *server;
    pair_tamper_fn tamper;
    void *tamper_arg;
    /* Bytes taken from one side and not yet delivered as whole records. */
    uint8_t *held[2];
    size_t held_len[2];
    /* Records past the MITM, waiting for room in the receiver. */
    uint8_t *ready[2];
    size_t ready_len[2];
    size_t records[2];
    /* Deliver at most this many bytes per call to feed (0: no limit). */
    size_t chunk;
    latch_err client_result;
    latch_err server_result;
} pair;

/* A config from files under tests/data (NULL cert for a client). The
 * client speaks only TLS 1.2 unless the test sets a range. */
latch_config *pair_server_config(const char *chain, const char *key);
latch_config *pair_client_config(bool insecure);

void pair_init(pair *p, latch_config *client_cfg, latch_config *server_cfg, const char *sni);
void pair_free(pair *p);
/* Moves bytes both ways once (as much as the receivers take). */
void pair_pump(pair *p);
/* Runs both handshakes to the end; true when both completed. */
bool pair_handshake(pair *p);
/* Writes all of data on one side, pumps, reads it all on the other. */
bool pair_transfer(pair *p, bool client_to_server, const uint8_t *data, size_t len);

#endif
