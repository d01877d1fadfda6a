/*
 * Certificate validation speed: validating a three-certificate chain
 * (leaf, intermediate, root; EC P-256, from tests/data/verify) and loading
 * the system trust bundle. Each figure is the median of several runs.
 *
 *   bench_verify [TESTDATA_DIR] [BUNDLE]
 *
 * TESTDATA_DIR defaults to tests/data, BUNDLE to the system bundle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "x509/pem.h"
#include "x509/verify.h"

#define RUNS 9
#define VALIDATIONS 2000

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof(*v), compare);
    return v[n / 2];
}

static uint8_t *read_cert(const char *dir, const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/verify/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    static uint8_t text[65536];
    size_t n = fread(text, 1, sizeof(text), f);
    fclose(f);
    lt_pem_iter it;
    lt_pem_iter_init(&it, text, n);
    lt_pem_block block;
    bool found;
    lt_error err;
    lt_error_clear(&err);
    if (!lt_pem_next(&it, "CERTIFICATE", &block, &found, &err) || !found) {
        fprintf(stderr, "%s: no certificate\n", path);
        exit(1);
    }
    *len = block.der_len;
    return block.der;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/data";
    const char *bundle = argc > 2 ? argv[2] : LT_TRUST_SYSTEM_FILE;
    lt_error err;
    lt_error_clear(&err);

    size_t leaf_len, int_len, root_len;
    uint8_t *leaf = read_cert(dir, "good.pem", &leaf_len);
    uint8_t *inter = read_cert(dir, "int.pem", &int_len);
    uint8_t *root = read_cert(dir, "root.pem", &root_len);
    lt_trust_store *trust = lt_trust_new();
    if (!lt_trust_add_der(trust, root, root_len, &err)) {
        fprintf(stderr, "root: %s\n", err.message);
        return 1;
    }
    lt_host host;
    if (!lt_host_parse("good.example", &host, &err))
        return 1;
    lt_verify_params params = {.trust = trust,
                               .host = &host,
                               .now = 2000000000,
                               .purpose = LT_PURPOSE_SERVER_AUTH,
                               .leaf_key_usage = LT_KU_DIGITAL_SIGNATURE};
    const uint8_t *der[2] = {leaf, inter};
    size_t len[2] = {leaf_len, int_len};

    /* Parsing the two certificates sent is part of each validation, as in
     * the handshake. */
    double per[RUNS];
    for (int run = 0; run < RUNS; run++) {
        double start = now_us();
        for (int i = 0; i < VALIDATIONS; i++) {
            lt_chain chain;
            lt_path path;
            if (!lt_chain_parse(&chain, der, len, 2, &err) ||
                !lt_verify_chain(&params, &chain, &path, &err)) {
                fprintf(stderr, "validation failed: %s\n", err.message);
                return 1;
            }
            lt_chain_free(&chain);
        }
        per[run] = (now_us() - start) / VALIDATIONS;
    }
    printf("validate a 3-certificate P-256 chain: %.1f us (median of %d runs of %d)\n",
           median(per, RUNS), RUNS, VALIDATIONS);

    double load[RUNS];
    size_t count = 0, skipped = 0;
    for (int run = 0; run < RUNS; run++) {
        lt_trust_store *ts = lt_trust_new();
        double start = now_us();
        if (!lt_trust_add_path(ts, bundle, &err)) {
            fprintf(stderr, "%s: %s\n", bundle, err.message);
            return 1;
        }
        load[run] = (now_us() - start) / 1000;
        count = lt_trust_count(ts);
        skipped = lt_trust_skipped(ts);
        lt_trust_free(ts);
    }
    printf("load %s (%zu anchors, %zu skipped): %.2f ms (median of %d runs)\n", bundle, count,
           skipped, median(load, RUNS), RUNS);

    /* Lookups by subject against the loaded bundle. */
    lt_trust_store *ts = lt_trust_new();
    if (!lt_trust_add_path(ts, bundle, &err))
        return 1;
    lt_cert probe;
    if (!lt_cert_parse(&probe, inter, int_len, &err))
        return 1;
    double start = now_us();
    size_t hits = 0;
    for (int i = 0; i < 1000000; i++) {
        const lt_cert *const *first;
        size_t n;
        lt_trust_find(ts, &probe.issuer, &first, &n);
        hits += n;
    }
    printf("issuer lookup in that store: %.0f ns (%zu hits)\n", (now_us() - start) / 1000.0, hits);
    lt_cert_free(&probe);
    lt_trust_free(ts);
    lt_trust_free(trust);
    free(leaf);
    free(inter);
    free(root);
    return 0;
}
