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
 * offers only those schemes), both deterministic, and in TLS 1.3, which
 * forbids PKCS#1 v1.5 there (RFC 8446 4.4.3), with Ed25519; RSA key
 * transport needs no server signature at all. A client's
 * CertificateVerify is recorded once, so any kind will do there.
 */
#include "engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CASES FUZZ_ENGINE_CASES

static fuzz_engine_case engines[CASES];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_engine_setup(engines, fuzz_engine_server_specs, CASES, LATCH_SERVER);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_engine_input(engines, CASES, data, size);
    return 0;
}
