/*
 * A latch client fed server bytes through the public API, after as much
 * of a recorded handshake with a latch server as the input asks for, the
 * rest raw or sealed under the server's keys (engine.h has the input
 * format). Every check stays on: the client verifies the chain against
 * the e2e test CA, the ServerKeyExchange signature over its own random
 * (TLS 1.3: the CertificateVerify over the transcript), the server's
 * Finished and every record's MAC.
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

#define CASES FUZZ_ENGINE_CASES

static fuzz_engine_case engines[CASES];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_engine_setup(engines, fuzz_engine_client_specs, CASES, LATCH_CLIENT);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_engine_input(engines, CASES, data, size);
    return 0;
}
