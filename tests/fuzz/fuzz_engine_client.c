/*
 * A latch client fed server bytes through the public API, after as much
 * of a recorded handshake with a latch server as the input asks for, the
 * rest raw or sealed under the server's keys (engine.h has the input
 * format). Every check stays on: the client verifies the chain against
 * the e2e test CA, the ServerKeyExchange signature over its own random,
 * the server's Finished and every record's MAC.
 *
 * Replaying needs the client's own messages to come out the same each
 * time: its random and key share come from the fuzz build's fixed stream.
 * RSA key transport is left out: libcrypto pads the encrypted pre-master
 * secret with bytes from its own generator, which that stream does not
 * reach. The server's signatures are recorded once, so any kind will do.
 */
#include "engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const fuzz_engine_spec cases[] = {
    {"ecdsa-p256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", true},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "secp384r1", true},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "x25519", true},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "secp256r1", false},
    {"ecdsa-p384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "secp384r1", true},
    {"rsa2048", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "ffdhe2048", true},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "x25519", true},
    {"ecdsa-p256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "x25519", true},
};
#define CASES (sizeof(cases) / sizeof(cases[0]))

static fuzz_engine_case engines[CASES];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t i = 0; i < CASES; i++)
        fuzz_engine_record(&engines[i], &cases[i], LATCH_CLIENT);
    fuzz_engine_stats_at_exit();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    fuzz_engine_input(&engines[(data[0] >> 5) % CASES], data, size);
    return 0;
}
