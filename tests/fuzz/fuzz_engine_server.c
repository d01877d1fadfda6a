/*
 * A latch server fed arbitrary client bytes through the public API. The
 * input is [options][client bytes]: bits 0-1 pick how the bytes are
 * delivered (all at once, 1, 5 or 300 at a time) and bit 2 the config:
 * the defaults with an ECDSA and an RSA certificate, or every cipher suite
 * and group with ALPN and the client's suite order. Encrypted states need
 * the deterministic crypto provider that comes later; these runs reach
 * everything before the client's Finished.
 */
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static latch_config *configs[2];

static latch_config *server_config(bool wide)
{
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    FUZZ_CHECK(cfg != NULL);
    FUZZ_CHECK(latch_config_add_cert_key_file(cfg, LATCH_FUZZ_DATA "/e2e/ecdsa-p256.chain.pem",
                                              LATCH_FUZZ_DATA "/e2e/ecdsa-p256.key") == LATCH_OK);
    FUZZ_CHECK(latch_config_add_cert_key_file(cfg, LATCH_FUZZ_DATA "/e2e/rsa2048.chain.pem",
                                              LATCH_FUZZ_DATA "/e2e/rsa2048.key") == LATCH_OK);
    FUZZ_CHECK(latch_config_set_clock(cfg, fuzz_clock, NULL) == LATCH_OK);
    if (wide) {
        FUZZ_CHECK(latch_config_set_ciphers(cfg, "ALL") == LATCH_OK);
        FUZZ_CHECK(latch_config_set_groups(cfg, "x25519:secp256r1:secp384r1:ffdhe2048") ==
                   LATCH_OK);
        FUZZ_CHECK(latch_config_set_alpn(cfg, "h2,http/1.1") == LATCH_OK);
        FUZZ_CHECK(latch_config_set_server_preference(cfg, 0) == LATCH_OK);
    }
    return cfg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    configs[0] = server_config(false);
    configs[1] = server_config(true);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t chunks[] = {0, 1, 5, 300};
    if (size < 1)
        return 0;
    latch_conn *conn = latch_conn_new(configs[data[0] >> 2 & 1], NULL);
    fuzz_engine_run(conn, data + 1, size - 1, chunks[data[0] & 3]);
    return 0;
}
