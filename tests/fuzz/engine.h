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
 * recording comes first: none, its first flight, up to and with its
 * ChangeCipherSpec (before its Finished), or all (after its Finished).
 * Bit 4: the payload as it is (raw), or records for the harness to seal
 * under the peer's current write state (null protection before its
 * ChangeCipherSpec): [type][u16 length][bytes] repeated, the last one cut
 * short if the input ends. Bits 5-7: the case (suite, certificate, group).
 */
#ifndef LATCH_FUZZ_ENGINE_H
#define LATCH_FUZZ_ENGINE_H

#include "harness.h"
#include "tls/keysched.h"
#include "tls/suites.h"

#define FUZZ_CUT_NONE 0
#define FUZZ_CUT_FIRST_FLIGHT 1
#define FUZZ_CUT_BEFORE_FINISHED 2
#define FUZZ_CUT_AFTER_FINISHED 3

/* A case's settings, the same on both sides. */
typedef struct fuzz_engine_spec {
    const char *cert; /* tests/data/e2e/<cert>.chain.pem and .key */
    const char *suite;
    const char *group;
    bool encrypt_then_mac;
} fuzz_engine_spec;

typedef struct fuzz_engine_case {
    /* All filled by fuzz_engine_record. */
    const char *name;
    latch_config *target; /* the engine under test */
    latch_config *peer;
    /* Every byte the peer sent, the offset of each cut, the suite and the
     * peer's write keys. */
    uint8_t *peer_bytes;
    size_t peer_len;
    size_t cut[4];
    const lt_suite *suite;
    bool encrypt_then_mac;
    lt_write_keys peer_keys;
} fuzz_engine_case;

/* Makes the configs of a case whose engine under test has this role (the
 * client verifies the server against the e2e test CA), then runs the
 * handshake and keeps what the peer sent; aborts unless it completes and
 * replaying the recording alone completes it again. When the server is
 * under test, the recording client offers only the signature schemes
 * whose signatures libcrypto makes without its own randomness, so that
 * the server's ServerKeyExchange replays: rsa_pkcs1_sha256 and ed25519. */
void fuzz_engine_record(fuzz_engine_case *c, const fuzz_engine_spec *spec, latch_role role);

/* One input (options byte and payload) against case c. */
void fuzz_engine_input(const fuzz_engine_case *c, const uint8_t *data, size_t size);

/* Counts inputs whose engine read application data, printed at exit when
 * the environment sets LATCH_FUZZ_STATS: proof that inputs get there. */
void fuzz_engine_stats_at_exit(void);

#endif
