/*
 * What both roles of a TLS 1.3 handshake share (RFC 8446): the key
 * schedule's steps as the handshake reaches them, the switch of each
 * record direction to its traffic secret, Finished, CertificateVerify,
 * and the dummy ChangeCipherSpec of middlebox compatibility mode. The
 * state functions of each role are client13.c and server13.c, in the
 * order of hs_order.h's TLS 1.3 tables.
 *
 * Keys change at flight boundaries: a secret for our own direction is
 * held as pending until the plaintext part of the flight (ServerHello,
 * the dummy ChangeCipherSpec) is sealed, and the first protected message
 * installs it (lt_hs13_protect_writes).
 */
#ifndef LT_TLS_HS13_H
#define LT_TLS_HS13_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tls/keysched13.h"

struct latch_conn;
struct lt_hs_msg;

/* The longest HelloRetryRequest cookie kept (RFC 8446 4.2.2 allows
 * 2^16-1 bytes; servers send a few hundred). */
#define LT_HS13_MAX_COOKIE 4096
/* An elliptic curve key share (secp384r1's uncompressed point is 97
 * bytes) and its shared secret. */
#define LT_HS13_MAX_SHARE 133
#define LT_HS13_MAX_SHARED 66

/* A TLS 1.3 handshake's own scratch, wiped with the handshake. */
typedef struct lt_hs13 {
    lt_keysched13 ks;
    uint8_t client_hs[LT_TLS13_SECRET_MAX]; /* client_handshake_traffic_secret */
    uint8_t server_hs[LT_TLS13_SECRET_MAX];
    uint8_t client_app[LT_TLS13_SECRET_MAX]; /* ..._application_traffic_secret_0 */
    uint8_t server_app[LT_TLS13_SECRET_MAX];
    /* Our direction's next secret, installed by lt_hs13_protect_writes. */
    const uint8_t *pending_write;
    bool peer_ccs_seen; /* the peer's one dummy ChangeCipherSpec (RFC 8446 5) */
    /* Client: the group of the key share offered (one at a time), the
     * HelloRetryRequest's cookie to echo, the CertificateRequest's
     * context to echo. */
    uint16_t share_group;
    uint8_t cookie[LT_HS13_MAX_COOKIE];
    size_t cookie_len;
    /* Server: its key share, and the shared secret until ServerHello. */
    uint8_t own_share[LT_HS13_MAX_SHARE];
    size_t own_share_len;
    uint8_t shared[LT_HS13_MAX_SHARED];
    size_t shared_len;
    /* Resuming (RFC 8446 4.2.11): the PSK of the ticket the server
     * accepted, for the early secret; psk_len 0 in a full handshake.
     * Client: psk_offered says a pre_shared_key went in the ClientHello. */
    uint8_t psk[LT_TLS13_SECRET_MAX];
    size_t psk_len;
    uint16_t psk_index; /* server: the identity it took */
    bool psk_offered;
} lt_hs13;

/* From the (EC)DHE shared secret (wiped here) and the transcript through
 * ServerHello: the handshake traffic secrets, logged, the peer's read
 * direction switched, ours pending. */
bool lt_hs13_handshake_keys(struct latch_conn *c, uint8_t *shared, size_t len) LT_MUST_CHECK;
/* From the transcript through the server's Finished: the application
 * traffic secrets, logged. The server's write direction switches now
 * (its flight is sealed first); the client's read direction too. */
bool lt_hs13_application_keys(struct latch_conn *c) LT_MUST_CHECK;
/* RFC 8446 4.4.1: after a HelloRetryRequest the transcript starts over
 * with message_hash(Hash(ClientHello1)); call with the transcript
 * hashing ClientHello1 alone, then add the HelloRetryRequest. */
bool lt_hs13_transcript_after_hrr(struct latch_conn *c) LT_MUST_CHECK;
/* Seals what is queued, then installs the pending secret for writes. */
bool lt_hs13_protect_writes(struct latch_conn *c) LT_MUST_CHECK;
/* Switches one direction to a traffic secret of the handshake's suite. */
bool lt_hs13_install(struct latch_conn *c, int dir, const uint8_t *secret) LT_MUST_CHECK;

/* On the failure path, before the alert: installs the pending write
 * secret when everything sent so far has been sealed, since the peer
 * then reads under it (RFC 8446 6). */
void lt_hs13_alert_keys(struct latch_conn *c);

/* Queues our Finished over the transcript so far (RFC 8446 4.4.4). */
bool lt_hs13_send_finished(struct latch_conn *c) LT_MUST_CHECK;
/* Checks the peer's Finished, in constant time: decrypt_error if wrong. */
bool lt_hs13_check_finished(struct latch_conn *c, const struct lt_hs_msg *msg) LT_MUST_CHECK;
/* Queues a CertificateVerify over the transcript with our key. */
bool lt_hs13_send_certificate_verify(struct latch_conn *c, const void *cert_key,
                                     uint16_t scheme) LT_MUST_CHECK;
/* Checks the peer's CertificateVerify with its leaf key (hs->peer_key):
 * the scheme must be one we offered, fit the key with TLS 1.3's rules
 * and not be PKCS#1 v1.5. */
bool lt_hs13_check_certificate_verify(struct latch_conn *c,
                                      const struct lt_hs_msg *msg) LT_MUST_CHECK;

/* Row function: flushes the flight and sends the one-byte dummy
 * ChangeCipherSpec in the clear (RFC 8446 D.4). */
bool lt_hs13_send_dummy_ccs(struct latch_conn *c) LT_MUST_CHECK;
/* A ChangeCipherSpec record arrived during a TLS 1.3 handshake: the
 * first one, of the single byte 1, is dropped (RFC 8446 5); another is
 * unexpected_message. */
bool lt_hs13_take_ccs(struct latch_conn *c, const uint8_t *data, size_t len) LT_MUST_CHECK;

/* RFC 8446 4.1.3: whether a signature scheme may sign a TLS 1.3
 * handshake message at all (never RSA PKCS#1 v1.5, never SHA-1). */
bool lt_hs13_scheme_allowed(uint16_t scheme);

/* The state functions of the TLS 1.3 tables, by role. */
bool lt_client13_step(struct latch_conn *c, const struct lt_hs_msg *msg) LT_MUST_CHECK;
bool lt_server13_step(struct latch_conn *c, const struct lt_hs_msg *msg) LT_MUST_CHECK;

#endif
