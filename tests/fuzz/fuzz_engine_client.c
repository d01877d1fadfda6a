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
 * reach. The server's signatures are recorded once, so any kind will do,
 * except where the client signs a CertificateVerify or resumes a session
 * (engine.h says why).
 */
#include "engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const fuzz_engine_spec cases[] = {
    {"ecdsa-p256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "secp384r1", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "secp256r1", false, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL},
    {"ecdsa-p384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "secp384r1", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL},
    {"rsa2048", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "ffdhe2048", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL},
    {"ecdsa-p256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "x25519", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "secp256r1", true,
     LATCH_CLIENT_CERT_REQUIRED, "ed25519", FUZZ_FULL},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "x25519", false,
     LATCH_CLIENT_CERT_OPTIONAL, "rsa2048", FUZZ_FULL},
    {"rsa2048", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ffdhe2048", true,
     LATCH_CLIENT_CERT_OPTIONAL, NULL, FUZZ_FULL},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "secp384r1", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_TICKET},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_TICKET_RENEWED},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "secp256r1", false, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_SESSION_ID},
    {"rsa2048", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "ffdhe2048", true,
     LATCH_CLIENT_CERT_REQUIRED, "rsa2048", FUZZ_SESSION_ID},
};
#define CASES (sizeof(cases) / sizeof(cases[0]))
_Static_assert(CASES == FUZZ_ENGINE_CASES, "the seed generator writes a seed per case");

static fuzz_engine_case engines[CASES];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_engine_setup(engines, cases, CASES, LATCH_CLIENT);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_engine_input(engines, CASES, data, size);
    return 0;
}
