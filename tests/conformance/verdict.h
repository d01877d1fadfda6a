/*
 * What a peer answered to a probe, read from the bytes it sent back: the
 * first alert, or the ServerHello (with the suite it chose and, from the
 * ServerKeyExchange, the group), or nothing yet. Each row of a table says
 * which of these the RFC requires; verdict_report prints the row and
 * says whether the answer matched.
 */
#ifndef CONF_VERDICT_H
#define CONF_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Expected answers besides an alert description (0..255). */
#define EXPECT_HELLO (-1)    /* a ServerHello: the handshake goes on */
#define EXPECT_SILENCE (-2)  /* nothing sent: the peer waits for more */
#define EXPECT_COMPLETE (-3) /* client rows: the handshake completes */
#define EXPECT_CLOSED (-4)   /* no alert back: the peer's own fatal alert ended it */
/* Client rows whose script changes something the client must accept (a
 * re-signed ServerKeyExchange, a ServerHello without extensions): the
 * client sends no alert and goes on to its ChangeCipherSpec and
 * Finished, which the real server behind the script then refuses, its
 * transcript holding what it sent itself. */
#define EXPECT_ACCEPTED (-5)

typedef struct verdict {
    int answer; /* an alert description or one of the EXPECT_ values */
    uint16_t version;
    uint16_t suite;
    uint16_t group; /* from the ServerKeyExchange; 0 without one */
    uint8_t session_id[32];
    size_t session_id_len;
} verdict;

/* Reads the records a server sent back (plaintext: its first flight, an
 * alert, or both). An alert is the answer even after a ServerHello: it
 * answers what followed the hello. Bytes past the first alert are
 * ignored. */
void verdict_from_server_bytes(const uint8_t *out, size_t len, verdict *v);

typedef struct row_expect {
    const char *id;
    const char *rfc;
    const char *what;
    int answer;
    uint16_t suite; /* 0: any */
    uint16_t group; /* 0: any */
} row_expect;

/* Prints "id  rfc  expected ...  got ...  ok|FAIL  what" and returns
 * whether the verdict matches; then the peer's own sentence when it does
 * not match, or always when CONFORMANCE_VERBOSE is set. */
bool verdict_report(const row_expect *row, const verdict *got, const char *detail);

/* "handshake_failure", "ServerHello", ... */
const char *verdict_answer_name(int answer);

#endif
