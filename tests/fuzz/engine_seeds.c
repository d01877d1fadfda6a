/*
 * Seeds that only a fuzz build can write: for each engine case, the
 * input that delivers its whole recording, raw, from the start (options:
 * cut 0, the slot, and for cases from 7 on the case byte). Each completes
 * the handshake, and every byte of the peer's is the fuzzer's to change:
 * the client's Certificate and CertificateVerify, a resuming server's
 * NewSessionTicket, each Finished. The whole recording, not the part
 * after a cut: the peer's ECDSA and RSA-PSS signatures and RSA
 * encryptions come out different in every process, and the Finished
 * messages of one recording do not match the rest of another's.
 * seedgen.c cannot write these: it runs outside the fuzz build, where
 * random bytes are not a fixed stream. The TLS 1.3 cases get more
 * (engine_seeds13.c).
 */
#include "engine_seeds.h"

#include <stdio.h>

void fuzz_engine_write_seed(const char *dir, const char *name, size_t k, unsigned cut, bool sealed,
                            const uint8_t *payload, size_t len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    size_t slot = k < 7 ? k : 7;
    fputc((int)(cut << 2 | (sealed ? 0x10u : 0) | slot << 5), f);
    if (k >= 7)
        fputc((int)(k - 7), f);
    fwrite(payload, 1, len, f);
    FUZZ_CHECK(!ferror(f));
    FUZZ_CHECK(fclose(f) == 0);
}

void fuzz_engine_write_seeds(const fuzz_engine_case *cases, size_t count, const char *dir)
{
    for (size_t k = 0; k < count; k++) {
        const fuzz_engine_case *c = &cases[k];
        char name[64];
        snprintf(name, sizeof(name), "flight-case%zu", k);
        fuzz_engine_write_seed(dir, name, k, FUZZ_CUT_NONE, false, c->peer_bytes, c->peer_len);
        if (c->tls13)
            fuzz_engine13_write_seeds(c, k, dir);
    }
}
