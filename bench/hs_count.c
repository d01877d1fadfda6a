/*
 * bench_hs_count: a fixed number of full handshakes of one library, or of
 * the crypto floor, and nothing else, so that an instruction counter sees
 * only them. Under callgrind, collect only the counted loop:
 *
 *   valgrind --tool=callgrind --toggle-collect=counted bench_hs_count latch rsa 200
 *
 * (add "trace" after the count to count the trace events' cost too)
 * and divide the events by the count. One handshake first, uncounted,
 * takes the one-time set-up (fetches, first allocations) out of the sum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "harness.h"

static const bench_driver *driver(const char *name)
{
    if (strcmp(name, "latch") == 0)
        return &bench_latch;
#ifdef BENCH_HAVE_OPENSSL
    if (strcmp(name, "openssl") == 0)
        return &bench_openssl;
#endif
    return NULL;
}

static bench_params params(bench_cert cert, const char *dir, char paths[3][4096], bool trace)
{
    const char *name = cert == BENCH_CERT_ECDSA_P256 ? "ecdsa-p256" : "rsa2048";
    snprintf(paths[0], 4096, "%s/ca.pem", dir);
    snprintf(paths[1], 4096, "%s/%s.chain.pem", dir, name);
    snprintf(paths[2], 4096, "%s/%s.key", dir, name);
    return (bench_params){.cert = cert,
                          .cipher = BENCH_AES128_GCM,
                          .ca = paths[0],
                          .chain = paths[1],
                          .key = paths[2],
                          .trace = trace};
}

static bool run(const bench_driver *d, void *ctx, bench_floor *f, bench_cert cert,
                size_t transcript, long n, char *why)
{
    if (f != NULL)
        return bench_floor_handshakes(f, cert, transcript, n);
    return bench_count_handshakes(d, ctx, n, why);
}

/* Kept out of line so that callgrind can collect it alone. */
__attribute__((noinline)) static bool counted(const bench_driver *d, void *ctx, bench_floor *f,
                                              bench_cert cert, size_t transcript, long n, char *why)
{
    return run(d, ctx, f, cert, transcript, n, why);
}

int main(int argc, char **argv)
{
    /* A fifth word "trace" sets a trace callback on latch's configs. */
    bool trace = argc == 5 && strcmp(argv[4], "trace") == 0;
    bool args = argc == 4 || trace;
    long n = args ? atol(argv[3]) : 0;
    bool floor = args && strcmp(argv[1], "floor") == 0;
    const bench_driver *d = args ? driver(floor ? "latch" : argv[1]) : NULL;
    if (d == NULL || n < 1 || (strcmp(argv[2], "ecdsa") != 0 && strcmp(argv[2], "rsa") != 0)) {
        fprintf(stderr, "usage: %s latch|openssl|floor ecdsa|rsa COUNT [trace]\n", argv[0]);
        return 2;
    }
    bench_cert cert = strcmp(argv[2], "ecdsa") == 0 ? BENCH_CERT_ECDSA_P256 : BENCH_CERT_RSA2048;
    char paths[3][4096], note[BENCH_NOTE_CAP] = "", why[BENCH_NOTE_CAP] = "";
    bench_params p = params(cert, BENCH_DATA_DIR, paths, trace);
    void *ctx = d->ctx_new(&p, note);
    /* The floor hashes a transcript as long as latch's. */
    size_t transcript = 0;
    bench_floor *f = floor ? bench_floor_new(BENCH_DATA_DIR) : NULL;
    bool ok =
        ctx != NULL && (!floor || (f != NULL && bench_transcript_len(d, ctx, &transcript, why)));
    ok = ok && run(d, ctx, f, cert, transcript, 1, why) &&
         counted(d, ctx, f, cert, transcript, n, why);
    if (!ok)
        fprintf(stderr, "%s: failed: %s %s\n", argv[0], note, why);
    else
        printf("%ld %s %s handshakes\n", n, argv[1], argv[2]);
    bench_floor_free(f);
    if (ctx != NULL)
        d->ctx_free(ctx);
    return ok ? 0 : 1;
}
