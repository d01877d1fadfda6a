/*
 * The TLS 1.3 cases of the whole-engine targets (engine.h). A TLS 1.3
 * peer encrypts everything after its hellos, so the cuts sit where its
 * keys change, and the harness seals with what the engine under test
 * read the recording with:
 *
 * - cut 1, the peer's first flight: a server's ServerHello or
 *   HelloRetryRequest (before its dummy ChangeCipherSpec), a client's
 *   first ClientHello; the payload goes in the clear (a second hello);
 * - cut 2, before the peer's first record under its handshake traffic
 *   secret (after its dummy ChangeCipherSpec): the payload is the
 *   plaintext of its encrypted flight (EncryptedExtensions to Finished,
 *   or a client's Certificate to Finished), sealed under that secret
 *   from record 0;
 * - cut 3, after all the peer sent (a server's NewSessionTickets too):
 *   sealed under its application traffic secret from the record after
 *   its last. A handshake record holding a KeyUpdate moves the sealing
 *   on to the next secret, as the engine's reading does (RFC 8446 7.2).
 */
#ifndef LATCH_FUZZ_ENGINE13_H
#define LATCH_FUZZ_ENGINE13_H

#include "engine.h"

/* While recording: the engine under test, conn, is about to read the
 * peer's record of this type at offset start. Marks cut 2 and the start
 * of the application-keyed records, and keeps the peer's keys at cut 2. */
void fuzz_engine13_mark(fuzz_engine_case *c, const latch_conn *conn, size_t start, uint8_t type);

/* After recording: conn has read the peer's end bytes; marks cut 3 and
 * keeps the peer's write state there. */
void fuzz_engine13_finish(fuzz_engine_case *c, const latch_conn *conn, size_t end);

/* Sets rl's write direction to the peer's at the cut (null protection
 * before cut 2). */
void fuzz_engine13_seal_state(const fuzz_engine_case *c, unsigned cut, lt_record_layer *rl);

/* After sealing a record of this type and body: one key change for each
 * whole KeyUpdate message in it, when rl is under TLS 1.3 protection. */
void fuzz_engine13_follow(lt_record_layer *rl, uint8_t type, const uint8_t *body, size_t len);

/* Appends the plaintext of the peer's records between cut 2 and its
 * application-keyed ones, as [type][u16 length][bytes] payload records:
 * what, sealed at cut 2, replays its encrypted flight. */
void fuzz_engine13_flight(const fuzz_engine_case *c, lt_writer *out);

#endif
