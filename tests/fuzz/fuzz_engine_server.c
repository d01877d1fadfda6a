/*
 * A latch server fed client bytes through the public API, after as much
 * of a recorded handshake with a latch client as the input asks for, the
 * rest raw or sealed under the client's keys (engine.h has the input
 * format). Every check stays on: a sealed Finished must carry the right
 * verify_data, every record its MAC.
 *
 * Replaying needs the server's own messages to come out the same each
 * time, and libcrypto draws ECDSA nonces and RSA-PSS salts from its own
 * generator, which the fixed stream of the fuzz build does not reach. So
 * the server signs with Ed25519 or RSA PKCS#1 v1.5 (the recording client
 * offers only those schemes), both deterministic; RSA key transport needs
 * no server signature at all. A client's CertificateVerify is recorded
 * once, so any kind will do there.
 */
#include "engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const fuzz_engine_spec cases[] = {
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "secp256r1", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL},
    {"rsa2048", "TLS_RSA_WITH_AES_128_CBC_SHA", "x25519", true, LATCH_CLIENT_CERT_NONE, NULL,
     FUZZ_FULL},
    {"rsa2048", "TLS_RSA_WITH_AES_256_GCM_SHA384", "x25519", true, LATCH_CLIENT_CERT_NONE, NULL,
     FUZZ_FULL},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "secp384r1", false,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL},
    {"rsa2048", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "ffdhe2048", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "x25519", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", true, LATCH_CLIENT_CERT_REQUIRED,
     "ecdsa-p256", FUZZ_FULL},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "secp256r1", true,
     LATCH_CLIENT_CERT_OPTIONAL, "rsa2048", FUZZ_FULL},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "secp384r1", false,
     LATCH_CLIENT_CERT_OPTIONAL, NULL, FUZZ_FULL},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_TICKET},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "x25519", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_TICKET_RENEWED},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_SESSION_ID},
    {"rsa2048", "TLS_RSA_WITH_AES_256_GCM_SHA384", "x25519", true, LATCH_CLIENT_CERT_REQUIRED,
     "rsa2048", FUZZ_TICKET},
};
#define CASES (sizeof(cases) / sizeof(cases[0]))
_Static_assert(CASES == FUZZ_ENGINE_CASES, "the seed generator writes a seed per case");

static fuzz_engine_case engines[CASES];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_engine_setup(engines, cases, CASES, LATCH_SERVER);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_engine_input(engines, CASES, data, size);
    return 0;
}
