/*
 * What fuzz_engine_client and fuzz_engine_server share: a handshake
 * recorded once between the engine under test and a latch peer, both
 * drawing from the fuzz build's fixed random stream (src/crypto/random.h),
 * replayed before each input so that the input reaches the states after
 * the key exchange, and the peer's write keys, so that the harness can
 * seal records the engine will authenticate and decrypt.
 *
 * An input is [options][payload]. Options bits 0-1: delivery, all at
 * once or 1, 5 or 300 bytes at a time. Bits 2-3: how much of the peer's
 * recording comes first: none, its first flight (without a
 * ChangeCipherSpec it ends with, as a resuming server's does), up to and
 * with its ChangeCipherSpec (before its Finished), or all (after its
 * Finished).
 * Bit 4: the payload as it is (raw), or records for the harness to seal
 * under the peer's current write state (null protection before its
 * ChangeCipherSpec): [type][u16 length][bytes] repeated, the last one cut
 * short if the input ends. Bits 5-7: the case (suite, certificates,
 * group, client authentication, resumption): 0 to 6 as they are; 7 takes
 * the payload's first byte too, for case 7 + that byte modulo the number
 * of cases from 7 on, so that cases added later leave the meaning of
 * inputs for cases 0 to 6 alone.
 *
 * The cases from FUZZ_ENGINE_CASES12 on are TLS 1.3 handshakes, whose
 * cuts and sealing follow the peer's key changes instead (engine13.h).
 */
#ifndef LATCH_FUZZ_ENGINE_H
#define LATCH_FUZZ_ENGINE_H

#include "harness.h"
#include "crypto/cipher.h"
#include "crypto/hash.h"
#include "tls/keysched.h"
#include "tls/session_cache.h"
#include "tls/suites.h"

/* The cases in each target's table; the seed generator writes a sealed
 * seed for each. */
#define FUZZ_ENGINE_CASES 23
/* The TLS 1.2 cases come first, so that their inputs keep their meaning. */
#define FUZZ_ENGINE_CASES12 15

#define FUZZ_CUT_NONE 0
#define FUZZ_CUT_FIRST_FLIGHT 1
#define FUZZ_CUT_BEFORE_FINISHED 2
#define FUZZ_CUT_AFTER_FINISHED 3

/* How the recorded handshake starts. A resumed one offers the session
 * of a full handshake made just before it with the same configs. */
typedef enum fuzz_resume {
    FUZZ_FULL,
    FUZZ_TICKET,
    /* The ticket was sealed under the server's old key, so the server
     * sends a new one in the abbreviated handshake. */
    FUZZ_TICKET_RENEWED,
    FUZZ_SESSION_ID,
} fuzz_resume;

/* The versions a case's configs speak. */
typedef enum fuzz_version {
    FUZZ_TLS12,
    FUZZ_TLS13,
    /* TLS 1.3 after a HelloRetryRequest: the client's one key share is
     * x25519's, the server's only group the case's. */
    FUZZ_TLS13_HRR,
    /* Both sides speak TLS 1.2 and 1.3 and settle on 1.3, so a changed
     * hello can take either version (and the downgrade checks). */
    FUZZ_TLS12_13,
} fuzz_version;

/* A case's settings, the same on both sides. */
typedef struct fuzz_engine_spec {
    const char *cert;  /* tests/data/e2e/<cert>.chain.pem and .key */
    const char *suite; /* TLS 1.3 cases: a TLS 1.3 suite, or NULL for the default */
    const char *group;
    bool encrypt_then_mac;
    /* What the server asks for, and the client's certificate (NULL: none,
     * an empty Certificate answers the request). */
    latch_client_cert client_auth;
    const char *client_cert;
    fuzz_resume resume;
    fuzz_version version;
} fuzz_engine_spec;

/* The peer's write state under TLS 1.3 at a cut (engine13.h): its
 * traffic secret and the number of its next record. */
typedef struct fuzz_keys13 {
    lt_hash_alg hash;
    lt_aead_alg alg;
    uint8_t secret[LT_HASH_MAX_LEN];
    uint64_t seq;
} fuzz_keys13;

typedef struct fuzz_engine_case {
    /* All filled by fuzz_engine_setup. */
    char name[128];
    latch_config *target; /* the engine under test */
    latch_config *peer;
    /* Resumption: the session the client offers, and the entry a server
     * cached for it when it has a session ID. A server under test starts
     * every input with that entry alone in its cache, or none, whatever
     * earlier inputs stored. */
    uint8_t session[LATCH_SESSION_MAX];
    size_t session_len;
    bool cached;
    uint8_t cached_id[LT_SESSION_CACHE_ID_LEN];
    lt_session_state cached_state;
    /* Every byte the peer sent, the offset of each cut, the suite and the
     * peer's write keys. */
    uint8_t *peer_bytes;
    size_t peer_len;
    size_t cut[4];
    const lt_suite *suite;
    bool encrypt_then_mac;
    lt_write_keys peer_keys;
    /* TLS 1.3: the peer's write state at cuts 2 and 3, where its
     * records under its application traffic secret start (peer_len if
     * none come), and how many records it sent in the clear besides
     * ChangeCipherSpec. */
    bool tls13;
    fuzz_keys13 keys13[2];
    size_t app13;
    size_t hellos13;
    /* Inputs run, and how many read application data. */
    size_t inputs, inputs_with_data;
} fuzz_engine_case;

/* The cases for an engine under test of each role (engine_cases.c). */
extern const fuzz_engine_spec fuzz_engine_client_specs[FUZZ_ENGINE_CASES];
extern const fuzz_engine_spec fuzz_engine_server_specs[FUZZ_ENGINE_CASES];

/* Records the count cases of specs for an engine of this role. For each,
 * makes the configs (the client verifies the server, and the server a
 * client's certificate, against the e2e test CA), runs the handshake and
 * keeps what the peer sent; aborts unless it completes, resumes and
 * authenticates the client as the spec says, and replaying the recording
 * alone completes it again. At exit, when the environment sets
 * LATCH_FUZZ_STATS, prints per case how many inputs read application
 * data: proof that inputs get there. When it sets LATCH_FUZZ_CHECK_SEEDS
 * to a corpus directory, aborts unless each case's flight-case<k> seed
 * there completes its handshake too (fuzz-smoke sets it).
 *
 * Replaying needs the engine's own signatures to come out the same, and
 * libcrypto draws ECDSA nonces and RSA-PSS salts from its own generator,
 * which the fixed stream of the fuzz build does not reach: so for what
 * the engine under test signs, and for the server's signature in the
 * full handshake that makes a client under test's session, the recording
 * peer offers only rsa_pkcs1_sha256 and ed25519 (a recording client
 * offers ecdsa_secp256r1_sha256 too when it has a certificate: its own
 * CertificateVerify is recorded once). */
void fuzz_engine_setup(fuzz_engine_case *cases, const fuzz_engine_spec *specs, size_t count,
                       latch_role role);

/* One input (options byte, maybe a case byte, payload) against the case
 * it picks. */
void fuzz_engine_input(fuzz_engine_case *cases, size_t count, const uint8_t *data, size_t size);

#endif
