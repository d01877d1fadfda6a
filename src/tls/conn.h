/*
 * The connection behind latch_conn, shared by conn.c (buffers, alerts,
 * application data, the driver loop), pump.c (records in and out),
 * hs_drive.c (the message order), handshake.c (what both roles do),
 * client.c and server.c (one function per state).
 */
#ifndef LT_TLS_CONN_H
#define LT_TLS_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/writer.h"
#include "crypto/hash.h"
#include "crypto/kex.h"
#include "crypto/sig.h"
#include "latch.h"
#include "tls/config.h"
#include "tls/hs13.h"
#include "tls/hs_order.h"
#include "tls/hs_reassembly.h"
#include "tls/key_update.h"
#include "tls/keysched.h"
#include "tls/msg_cert.h"
#include "tls/msg_common.h"
#include "tls/msg_value.h"
#include "tls/record.h"
#include "tls/record_limits.h"
#include "tls/session.h"
#include "tls/suites.h"
#include "tls/trace.h"
#include "x509/verify.h"

/* The output buffer grows to hold a whole handshake flight (a long
 * certificate chain) but never past this. */
#define LT_CONN_MAX_OUTPUT (256 * 1024)

/* Renegotiation requests (a ClientHello to a server, a HelloRequest to a
 * client) refused with a warning on one connection; the next one is fatal
 * (README). */
#define LT_MAX_RENEGOTIATION_REFUSALS 3

/* A client refuses DHE primes shorter than this: 1024-bit groups are
 * within reach of precomputation (Logjam, weakdh.org, 2015). */
#define LT_DHE_MIN_P_BITS 2048

/* What the handshake settled, kept for the life of the connection. */
typedef struct lt_negotiated {
    /* The protocol version in force (negotiate.h), which picks the
     * version-specific rules; 0 until the hellos settle it. */
    uint16_t version;
    const lt_suite *suite;
    uint16_t group;
    uint16_t sig_scheme;
    bool ems;
    bool encrypt_then_mac; /* RFC 7366, only ever with a CBC suite */
    bool secure_renegotiation;
    bool resumed; /* an abbreviated handshake from a stored master secret */
    /* The client proved a certificate's key (CertificateVerify), in this
     * handshake or the one that made the resumed session. */
    bool client_auth;
    char alpn[256];
    char server_name[256];
    lt_record_limits limits; /* record_size_limit, max_fragment_length */
} lt_negotiated;

/* How far the handshake's secrets have come; each phase holds what the
 * one before it did, and more. */
typedef enum lt_hs_phase {
    LT_HS_PHASE_HELLOS = 0, /* no suite yet: the transcript is raw bytes */
    LT_HS_PHASE_HASHING,    /* suite and version known: the transcript runs through a hash */
    LT_HS_PHASE_KEYED,      /* master secret and key block derived */
} lt_hs_phase;

/* What only a client's handshake holds (ordered to pack). */
typedef struct lt_hs_client {
    /* What we offered, to check the server's choices. */
    uint16_t offered_suites[LT_SUITE_COUNT];
    /* The scheme to sign a CertificateVerify with (client_cert_key's). */
    uint16_t client_sig_scheme;
    size_t offered_suite_count;
    uint8_t server_public[LT_KEX_MAX_PUBLIC];
    size_t server_public_len;
    /* DHE: our public value, made for the server's p and g. */
    uint8_t client_public[LT_KEX_MAX_PUBLIC];
    size_t client_public_len;
    /* The certificate to answer a CertificateRequest with, or NULL for an
     * empty Certificate. */
    const lt_cert_key *client_cert_key;
    /* The OCSP response the server stapled (a copy), checked with the
     * chain. */
    uint8_t *staple;
    size_t staple_len;
    bool status_acknowledged; /* RFC 6066 8 */
    /* The server acknowledged session_ticket, so a NewSessionTicket comes
     * before its ChangeCipherSpec (RFC 5077 3.3). */
    bool ticket_expected;
} lt_hs_client;

/* What only a server's handshake holds. */
typedef struct lt_hs_server {
    /* The certificate and key chosen for this client. */
    const lt_cert_key *cert_key;
    /* The certificate selection callback's index, or -1 (hooks.c). */
    int cert_choice;
    bool client_sent_point_formats;
    bool send_status;  /* the client asked for OCSP and cert_key has a response */
    bool issue_ticket; /* we send a NewSessionTicket (RFC 5077 3.3) */
    /* Resuming: the state of the session (its creation time goes into a
     * renewed ticket); allocated only while a session is offered or
     * resumed, since it may hold the client's certificate. */
    lt_session_state *resume_state;
} lt_hs_server;

/* Handshake scratch: allocated at the start, wiped and freed at the end
 * (STYLE 6: the pre-master secret is gone once the master secret exists,
 * the key-exchange key once used, the transcript once Finished checked).
 * What both roles hold, then each role's own part. */
typedef struct lt_handshake {
    lt_hs_reasm reasm;
    unsigned type;    /* the handshake type: LT_HT_* flags (hs_order.h) */
    lt_writer flight; /* handshake messages queued for the next records */
    /* The transcript: raw bytes until the suite (and so the hash) is
     * known, then a running hash. */
    lt_writer transcript_buf;
    lt_hash transcript;
    lt_hs_phase phase;
    /* The raw messages go on being kept beside the hash while a
     * CertificateVerify may need them (see lt_hs_transcript_drop_messages). */
    bool keep_messages;
    bool kex_ready;          /* kex holds a key pair, between making and using it */
    bool peer_key_ready;     /* peer_key holds a key to free */
    uint16_t client_version; /* offered in the ClientHello */
    /* Both: the verify_data we expect from the peer's Finished. */
    uint8_t peer_verify_data[LT_VERIFY_DATA_LEN];

    uint8_t client_random[LT_RANDOM_LEN];
    uint8_t server_random[LT_RANDOM_LEN];
    lt_kex kex;
    /* The master secret: derived, or the resumed session's; the session
     * keeps its own copy for resumption, and this one is wiped with the
     * handshake. */
    uint8_t master_secret[LT_MASTER_SECRET_LEN];
    lt_key_block keys;

    /* The peer's leaf key: the server's (client), or the client's when
     * it sent a certificate (server). */
    lt_pubkey peer_key;
    /* Client: the server's chain parsed once, at Certificate (only the
     * leaf when verification is off), validated at ServerHelloDone and
     * freed then. Server: the client's, validated at once. It points into
     * the connection's copies of the certificates. */
    lt_chain peer_chain;

    /* Client: the session ID sent (a session's, or random beside a
     * ticket, RFC 5077 3.4), the echo of which means resumption. Server:
     * the one to send (echoed, or new for the cache, or none). */
    uint8_t session_id[LT_SESSION_ID_MAX];
    size_t session_id_len;

    lt_hs_client cli;
    lt_hs_server srv;
    lt_hs13 t13; /* TLS 1.3's key schedule and secrets */
} lt_handshake;

struct latch_conn {
    latch_config *cfg;
    latch_role role;
    lt_state state;
    lt_error err;
    int peer_alert;
    bool alert_sent;
    bool close_notify_received;
    bool close_notify_sent;
    bool input_eof;
    unsigned renegotiation_refusals; /* warnings sent so far */

    lt_record_layer rl;
    bool read_protected; /* negotiated keys in force (for traces) */
    bool write_protected;
    /* Received bytes: in[in_start..in_len) are not yet opened. */
    uint8_t *in;
    size_t in_cap; /* the largest record the peer may send */
    size_t in_start;
    size_t in_len;
    size_t in_used; /* the most in_len has been: what a wipe must cover */
    bool in_plain;  /* decrypted bytes were left in in: wipe it when freed */
    /* Decrypted application data not yet read: a span inside in. */
    uint8_t *app;
    size_t app_len;
    /* Sealed records only (never a secret), so freed without a wipe. */
    lt_writer out;
    size_t out_start; /* out.data[out_start..out.len) is not yet sent */

    lt_handshake *hs;
    lt_negotiated neg;
    char sni_or_host[256]; /* client: the name to send and verify */
    /* Client: the session offered (latch_conn_set_session), then the one
     * this connection made or resumed; NULL if none. Wiped when freed. */
    lt_session *session;

    /* The peer's certificate chain, DER copies: the server's, or the
     * client's when it sent one. */
    uint8_t *peer_certs[LT_MAX_CERT_CHAIN];
    size_t peer_cert_len[LT_MAX_CERT_CHAIN];
    size_t peer_cert_count;

    lt_key_update_state ku; /* TLS 1.3 KeyUpdate after the handshake */
    /* TLS 1.3: resumption_master_secret (RFC 8446 7.1), from which each
     * NewSessionTicket's PSK comes after the handshake. */
    uint8_t res_master13[LT_TLS13_SECRET_MAX];
    lt_trace trace; /* the trace's handle (hs_trace.c) */

    /* The caller's (latch_conn_set_user_data), and the peer's certificates
     * decoded on request: LT_MAX_CERT_CHAIN entries, made at the first
     * (conn_api.c). */
    void *user_data;
    latch_cert **peer_cert_info;
    /* Server: the certificate selection callback's own certificate, one
     * reference held (hooks.c). */
    latch_cert_key *cert_key_other;
};

/* One handshake message (type LT_MSG_CHANGE_CIPHER_SPEC for a
 * ChangeCipherSpec). */
typedef struct lt_hs_msg {
    int type;
    const uint8_t *body;
    size_t len;
    const uint8_t *raw;
    size_t raw_len;
    /* Set by lt_hs_step for the state's function: the message parsed
     * once (msg_value.h); NULL for ChangeCipherSpec and TLS 1.3 forms. */
    const lt_msg_value *value;
} lt_hs_msg;

/* conn.c: the failure path. Records the error (first one sticks), queues
 * the fatal alert it maps to, and moves to LT_ST_FAILED. Returns false. */
bool lt_conn_fail(latch_conn *c);

/* handshake.c: what both roles share. */
bool lt_hs_start(latch_conn *c) LT_MUST_CHECK;
void lt_hs_finish(latch_conn *c);
/* Appends a whole message (header included) to the transcript. */
bool lt_hs_transcript_add(latch_conn *c, const uint8_t *msg, size_t len) LT_MUST_CHECK;
/* Switches the transcript from buffered bytes to the suite's hash. */
bool lt_hs_transcript_start_hash(latch_conn *c) LT_MUST_CHECK;
/* Stops keeping the raw messages (kept for CertificateVerify) and frees
 * them; transcript_buf holds them until then. */
void lt_hs_transcript_drop_messages(latch_conn *c);
/* Copies the peer's certificates (DER) into the connection. */
bool lt_hs_keep_peer_chain(latch_conn *c, const lt_certificate *chain) LT_MUST_CHECK;
/* Verifies the peer's signature over data with its certificate's key
 * (hs->peer_key) and traces the outcome. One that does not verify is
 * decrypt_error: "<what> (<scheme>) does not verify with <key>: <meaning>". */
bool lt_hs_verify_peer_signature(latch_conn *c, uint16_t scheme, const uint8_t *data, size_t len,
                                 lt_span sig, const char *what, const char *key,
                                 const char *meaning) LT_MUST_CHECK;
/* The hash of the transcript so far (lt_hash_len(prf_hash) bytes). */
bool lt_hs_transcript_hash(latch_conn *c, uint8_t *out, size_t *len) LT_MUST_CHECK;
/* Outgoing messages are written once, straight into the flight
 * (hs->flight): note where the message starts, write it there, then
 * lt_hs_queued adds it to the transcript and traces it. */
size_t lt_hs_message_start(const latch_conn *c);
bool lt_hs_queued(latch_conn *c, size_t start) LT_MUST_CHECK;
/* Seals the queued messages into handshake records. */
bool lt_hs_flush(latch_conn *c) LT_MUST_CHECK;
/* From the pre-master secret (wiped here): master secret (extended when
 * negotiated) and key block, by the negotiated version's key schedule
 * (version.h). Call after ClientKeyExchange is in the transcript. */
bool lt_hs_derive_keys(latch_conn *c, uint8_t *pre_master, size_t len) LT_MUST_CHECK;
/* Abbreviated handshake: hs->master_secret holds the resumed session's;
 * traces it with `how` (why it is reused) and derives the key block from
 * it and the new randoms (RFC 5246 7.3). */
bool lt_hs_resume_keys(latch_conn *c, const char *how) LT_MUST_CHECK;
/* Sends ChangeCipherSpec and switches our write keys. */
bool lt_hs_send_change_cipher_spec(latch_conn *c) LT_MUST_CHECK;
/* Switches the peer's keys (a ChangeCipherSpec arrived; the record layer
 * checked its one byte) and computes the verify_data the peer's Finished
 * must carry. */
bool lt_hs_receive_change_cipher_spec(latch_conn *c, const lt_hs_msg *ccs) LT_MUST_CHECK;
/* Queues our Finished over the transcript so far. */
bool lt_hs_send_finished(latch_conn *c) LT_MUST_CHECK;
/* Checks the peer's Finished in constant time (decrypt_error on mismatch). */
bool lt_hs_check_finished(latch_conn *c, const lt_finished *fin) LT_MUST_CHECK;

/* hs_trace.c: the trace's handle and the facts its events need. */
void lt_hs_trace_init(latch_conn *c);
/* Parses a message from the peer into v (out = v; it stays NULL for a
 * TLS 1.3 form) and traces it. A message the order does not expect is
 * parsed only for the trace, and its parse failure is not recorded. */
bool lt_hs_parse_message(latch_conn *c, const lt_hs_msg *msg, bool expected, lt_msg_value *v,
                         const lt_msg_value **out) LT_MUST_CHECK;
/* Traces a message we queued (call it when lt_tracing), decoded from its
 * bytes: a value written lacks what only parsing fills in (extension
 * order, list counts). */
void lt_hs_trace_sent(latch_conn *c, const uint8_t *raw, size_t len);
void lt_hs_trace_ccs(latch_conn *c, bool outgoing, const uint8_t *data, size_t len);
/* Traces a message from the peer that comes after the handshake (TLS
 * 1.3's NewSessionTicket and KeyUpdate), which its own code parses. */
void lt_hs_trace_received(latch_conn *c, const uint8_t *raw, size_t len);
/* The chain's validation (path NULL: it failed with c->err). */
void lt_hs_trace_chain(latch_conn *c, const lt_path *path, const char *host);
void lt_hs_trace_keylog(latch_conn *c);

/* hs_drive.c: one step of the handshake. msg is NULL when the state
 * sends, else the next message from the peer, which the order tables
 * check (unexpected_message when it may not come now). Moves to the next
 * state of the handshake type, flushing the flight before a read. */
bool lt_hs_step(latch_conn *c, const lt_hs_msg *msg) LT_MUST_CHECK;

/* client.c and server.c: the function of the current state, from the
 * rows of hs_order.h. A read state gets the message it reads. */
typedef struct lt_step_fn {
    bool (*read)(latch_conn *c, const lt_hs_msg *msg);
    bool (*send)(latch_conn *c);
} lt_step_fn;
#define LT_STEP_READ_FN(fn) .read = fn
#define LT_STEP_SEND_FN(fn) .send = fn
#define LT_CLIENT_STEP_FN(state, d, t, w, u, opt, fn)                                              \
    [LT_ST_##state - LT_ST_CLIENT_FIRST] = {LT_STEP_##d##_FN(fn)},
#define LT_SERVER_STEP_FN(state, d, t, w, u, opt, fn)                                              \
    [LT_ST_##state - LT_ST_SERVER_FIRST] = {LT_STEP_##d##_FN(fn)},

bool lt_client_step(latch_conn *c, const lt_hs_msg *msg) LT_MUST_CHECK;
bool lt_server_step(latch_conn *c, const lt_hs_msg *msg) LT_MUST_CHECK;

#endif
