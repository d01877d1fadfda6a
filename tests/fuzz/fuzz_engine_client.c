/*
 * A latch client fed arbitrary server bytes through the public API. The
 * input is [options][server bytes]: bits 0-1 pick how the bytes are
 * delivered (all at once, 1, 5 or 300 at a time) and bits 2-3 the config:
 * no verification (so the fuzzer gets past Certificate to the key
 * exchange), verification against the e2e test CA, or every cipher suite
 * and group with ALPN. The client's random differs per run, so a recorded
 * ServerKeyExchange fails its signature check; the states after it wait
 * for the deterministic crypto provider that comes later.
 */
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static latch_config *configs[3];

static latch_config *client_config(int variant)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    FUZZ_CHECK(cfg != NULL);
    FUZZ_CHECK(latch_config_set_clock(cfg, fuzz_clock, NULL) == LATCH_OK);
    if (variant == 1) {
        FUZZ_CHECK(latch_config_add_ca_file(cfg, LATCH_FUZZ_DATA "/e2e/ca.pem") == LATCH_OK);
        return cfg;
    }
    FUZZ_CHECK(latch_config_insecure_noverify(cfg) == LATCH_OK);
    if (variant == 2) {
        FUZZ_CHECK(latch_config_set_ciphers(cfg, "ALL") == LATCH_OK);
        FUZZ_CHECK(latch_config_set_groups(cfg, "x25519:secp256r1:secp384r1:ffdhe2048") ==
                   LATCH_OK);
        FUZZ_CHECK(latch_config_set_alpn(cfg, "h2,http/1.1") == LATCH_OK);
    }
    return cfg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (int i = 0; i < 3; i++)
        configs[i] = client_config(i);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t chunks[] = {0, 1, 5, 300};
    if (size < 1)
        return 0;
    latch_conn *conn = latch_conn_new(configs[(data[0] >> 2 & 3) % 3], "localhost");
    fuzz_engine_run(conn, data + 1, size - 1, chunks[data[0] & 3]);
    return 0;
}
