/*
 * The server probe table (server_rows.c) sent to the server engine in
 * process, row by row, each answer checked against the one its RFC
 * section requires; then hellos of every size from the smallest legal one
 * to 2 KiB, and a stride of sizes from there to the largest (item 6 of
 * issue 15).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "engine_run.h"
#include "server_rows.h"

static bool run_row(const server_row *row, latch_config *plain, latch_config *all_groups,
                    const char *config_why)
{
    char detail[512];
    verdict v;
    latch_config *cfg = (row->flags & ROW_ALL_GROUPS) ? all_groups : plain;
    if (cfg == NULL) {
        memset(&v, 0, sizeof(v));
        v.answer = EXPECT_SILENCE;
        return verdict_report(&row->e, &v, config_why);
    }
    lt_writer bytes;
    lt_writer_init_growable(&bytes, 0);
    server_row_bytes(row, &bytes);
    if (!lt_writer_ok(&bytes))
        abort();
    conf_run_server(cfg, bytes.data, bytes.len, &v, detail, sizeof(detail));
    lt_writer_free(&bytes);
    return verdict_report(&row->e, &v, detail);
}

/* Hellos padded to each size in [from, to] by step, RSA key exchange so
 * that no signature is made per size; one row, failing at the first size
 * that is not served. */
static bool size_sweep(latch_config *cfg, const char *id, size_t from, size_t to, size_t step)
{
    static const uint16_t rsa_kx[] = {0x009c};
    char what[96], detail[512] = "";
    verdict v;
    memset(&v, 0, sizeof(v));
    size_t size = from;
    for (; size <= to; size += step) {
        wire_hello h;
        wire_hello_default(&h);
        wire_hello_set_suites(&h, rsa_kx, 1);
        wire_hello_drop_ext(&h, 0);
        if (size < 128)
            h.no_extensions = true; /* below what the extensions take */
        if (!wire_hello_pad_to(&h, size))
            abort();
        lt_writer msg, rec;
        lt_writer_init_growable(&msg, 0);
        lt_writer_init_growable(&rec, 0);
        wire_hello_message(&h, &msg);
        wire_records(&rec, 22, 0x0303, msg.data, msg.len, 0);
        conf_run_server(cfg, rec.data, rec.len, &v, detail, sizeof(detail));
        lt_writer_free(&msg);
        lt_writer_free(&rec);
        wire_hello_free(&h);
        if (v.answer != EXPECT_HELLO || v.suite != 0x009c)
            break;
    }
    if (size <= to)
        snprintf(what, sizeof(what), "hellos of %zu..%zu bytes by %zu: %zu not served", from, to,
                 step, size);
    else
        snprintf(what, sizeof(what), "hellos of %zu..%zu bytes by %zu", from, to, step);
    row_expect e = {id, "RFC 5246 7.4.1.2", what, EXPECT_HELLO, 0x009c, 0};
    return verdict_report(&e, &v, detail);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    char why[512] = "";
    latch_config *plain = conf_server_config(false, why, sizeof(why));
    if (plain == NULL) {
        fprintf(stderr, "%s\n", why);
        return 1;
    }
    latch_config *all_groups = conf_server_config(true, why, sizeof(why));
    size_t passed = 0, total = 0;
    for (size_t i = 0; i < server_row_count; i++, total++)
        passed += run_row(&server_rows[i], plain, all_groups, why);

    /* 41 bytes is the smallest legal hello: no session ID, one suite, one
     * compression method, no extensions. */
    const struct {
        const char *id;
        size_t from, to, step;
    } sweeps[] = {
        {"S-sweep-every-byte", 41, 2048, 1},
        {"S-sweep-stride-to-max", 2048, 131396, 1021},
        {"S-sweep-top", 131300, 131396, 1},
    };
    for (size_t i = 0; i < sizeof(sweeps) / sizeof(sweeps[0]); i++, total++)
        passed += size_sweep(plain, sweeps[i].id, sweeps[i].from, sweeps[i].to, sweeps[i].step);

    printf("server engine: %zu of %zu rows answered as the RFCs require\n", passed, total);
    latch_config_free(plain);
    latch_config_free(all_groups);
    return passed == total ? 0 : 1;
}
