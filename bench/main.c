/*
 * latch_bench: latch against OpenSSL, GnuTLS and mbedTLS in one process,
 * and the crypto floor, over several runs; prints one table, and with
 * --json writes the figures as JSON too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bench.h"
#include "harness.h"

#define MAX_RUNS 50
#define MAX_NOTES 32

/* Columns: the floor, then one per library (NULL: not built). */
enum { COL_FLOOR, COL_LATCH, COL_OPENSSL, COL_GNUTLS, COL_MBEDTLS, N_COLS };

static const char *const col_names[N_COLS] = {"floor", "latch", "OpenSSL", "GnuTLS", "mbedTLS"};

static const bench_driver *const drivers[N_COLS] = {
    [COL_LATCH] = &bench_latch,
#ifdef BENCH_HAVE_OPENSSL
    [COL_OPENSSL] = &bench_openssl,
#endif
#ifdef BENCH_HAVE_GNUTLS
    [COL_GNUTLS] = &bench_gnutls,
#endif
#ifdef BENCH_HAVE_MBEDTLS
    [COL_MBEDTLS] = &bench_mbedtls,
#endif
};

enum {
    F_HS_ECDSA,
    F_HS_ECDSA_SERVER,
    F_HS_ECDSA_FLOOR,
    F_HS_ECDSA_OPENSSL,
    F_HS_RSA,
    F_HS_RSA_SERVER,
    F_HS_RSA_FLOOR,
    F_HS_RSA_OPENSSL,
    F_HS13_ECDSA,
    F_HS13_ECDSA_SERVER,
    F_HS13_ECDSA_FLOOR,
    F_HS13_ECDSA_OPENSSL,
    F_HS13_ECDSA_GNUTLS,
    F_RESUMED,
    F_RESUMED_OPENSSL,
    F_RESUMED_GNUTLS,
    F_RESUMED13,
    F_RESUMED13_OPENSSL,
    F_RESUMED13_GNUTLS,
    F_BULK_AES,
    F_BULK_AES_FLOOR,
    F_BULK_AES_COPIES,
    F_BULK_AES_COPIES_RATIO,
    F_BULK_AES_PINNED,
    F_BULK_PIN_RATIO,
    F_BULK_CHACHA,
    F_BULK_CHACHA_FLOOR,
    F_BULK_CHACHA_COPIES,
    F_BULK_CHACHA_COPIES_RATIO,
    F_BULK13_AES,
    F_BULK13_AES_FLOOR,
    F_HEAP_HS_SERVER,
    F_HEAP_HS_CLIENT,
    F_HEAP_RECORDS_SERVER,
    F_HEAP_RECORDS_CLIENT,
    F_HEAP_LIMIT_SERVER,
    F_HEAP_LIMIT_CLIENT,
    F_HEAP_IDLE_NO_CALL_SERVER,
    F_HEAP_IDLE_NO_CALL_CLIENT,
    F_HEAP_IDLE_SERVER,
    F_HEAP_IDLE_CLIENT,
    F_ALLOCS_SERVER,
    F_ALLOCS_CLIENT,
    F_ALLOCS_RSA_SERVER,
    F_ALLOCS_RSA_CLIENT,
    F_THREADS,
    N_FIGS
};

typedef struct figure_info {
    const char *key;
    const char *label;
    const char *unit;
    int decimals;
} figure_info;

static const figure_info figures[N_FIGS] = {
    [F_HS_ECDSA] = {"full_handshake_ecdsa", "full handshake ECDHE-ECDSA-AES128-GCM", "hs/s", 0},
    [F_HS_ECDSA_SERVER] = {"full_handshake_ecdsa_server_cpu", "  server CPU per handshake", "us",
                           0},
    [F_HS_ECDSA_FLOOR] = {"full_handshake_ecdsa_vs_floor", "  CPU per handshake / floor (<=1.10)",
                          "x", 2},
    [F_HS_ECDSA_OPENSSL] = {"full_handshake_ecdsa_vs_openssl", "  rate / OpenSSL", "x", 2},
    [F_HS_RSA] = {"full_handshake_rsa", "full handshake ECDHE-RSA-AES128-GCM", "hs/s", 0},
    [F_HS_RSA_SERVER] = {"full_handshake_rsa_server_cpu", "  server CPU per handshake", "us", 0},
    [F_HS_RSA_FLOOR] = {"full_handshake_rsa_vs_floor", "  CPU per handshake / floor (<=1.10)", "x",
                        2},
    [F_HS_RSA_OPENSSL] = {"full_handshake_rsa_vs_openssl", "  rate / OpenSSL", "x", 2},
    [F_HS13_ECDSA] = {"tls13_full_handshake_ecdsa", "TLS 1.3 full handshake AES128-GCM, ECDSA",
                      "hs/s", 0},
    [F_HS13_ECDSA_SERVER] = {"tls13_full_handshake_ecdsa_server_cpu", "  server CPU per handshake",
                             "us", 0},
    [F_HS13_ECDSA_FLOOR] = {"tls13_full_handshake_ecdsa_vs_floor", "  CPU per handshake / floor",
                            "x", 2},
    [F_HS13_ECDSA_OPENSSL] = {"tls13_full_handshake_ecdsa_vs_openssl", "  rate / OpenSSL", "x", 2},
    [F_HS13_ECDSA_GNUTLS] = {"tls13_full_handshake_ecdsa_vs_gnutls", "  rate / GnuTLS", "x", 2},
    [F_RESUMED] = {"resumed_handshake_ticket", "resumed handshake (ticket), ECDSA", "hs/s", 0},
    [F_RESUMED_OPENSSL] = {"resumed_handshake_vs_openssl", "  rate / OpenSSL", "x", 2},
    [F_RESUMED_GNUTLS] = {"resumed_handshake_vs_gnutls", "  rate / GnuTLS", "x", 2},
    [F_RESUMED13] = {"tls13_resumed_handshake_ticket", "TLS 1.3 resumed (ticket PSK + X25519)",
                     "hs/s", 0},
    [F_RESUMED13_OPENSSL] = {"tls13_resumed_handshake_vs_openssl", "  rate / OpenSSL", "x", 2},
    [F_RESUMED13_GNUTLS] = {"tls13_resumed_handshake_vs_gnutls", "  rate / GnuTLS", "x", 2},
    [F_BULK_AES] = {"bulk_aes128gcm", "bulk AES-128-GCM, 16 KiB writes", "MB/s", 0},
    [F_BULK_AES_FLOOR] = {"bulk_aes128gcm_vs_floor", "  rate / raw AEAD floor", "x", 2},
    [F_BULK_AES_COPIES] = {"bulk_aes128gcm_floor_with_copies", "  floor: AEAD + 2 transport copies",
                           "MB/s", 0},
    [F_BULK_AES_COPIES_RATIO] = {"bulk_aes128gcm_vs_floor_with_copies",
                                 "  rate / floor with copies (>=0.97)", "x", 2},
    [F_BULK_AES_PINNED] = {"bulk_aes128gcm_pinned", "  buffers pinned (set_pin_buffers)", "MB/s",
                           0},
    [F_BULK_PIN_RATIO] = {"bulk_aes128gcm_default_vs_pinned", "  default / pinned (>=0.99)", "x",
                          3},
    [F_BULK_CHACHA] = {"bulk_chacha20poly1305", "bulk ChaCha20-Poly1305, 16 KiB writes", "MB/s", 0},
    [F_BULK_CHACHA_FLOOR] = {"bulk_chacha20poly1305_vs_floor", "  rate / raw AEAD floor", "x", 2},
    [F_BULK_CHACHA_COPIES] = {"bulk_chacha20poly1305_floor_with_copies",
                              "  floor: AEAD + 2 transport copies", "MB/s", 0},
    [F_BULK_CHACHA_COPIES_RATIO] = {"bulk_chacha20poly1305_vs_floor_with_copies",
                                    "  rate / floor with copies (>=0.97)", "x", 2},
    [F_BULK13_AES] = {"tls13_bulk_aes128gcm", "TLS 1.3 bulk AES-128-GCM, 16 KiB writes", "MB/s", 0},
    [F_BULK13_AES_FLOOR] = {"tls13_bulk_aes128gcm_vs_floor", "  rate / raw AEAD floor", "x", 2},
    [F_HEAP_HS_SERVER] = {"heap_handshake_peak_server", "heap peak in handshake, server", "KiB", 1},
    [F_HEAP_HS_CLIENT] = {"heap_handshake_peak_client", "  client", "KiB", 1},
    [F_HEAP_RECORDS_SERVER] = {"heap_records_in_flight_server",
                               "heap, 16 KiB records both ways, server", "KiB", 1},
    [F_HEAP_RECORDS_CLIENT] = {"heap_records_in_flight_client", "  client", "KiB", 1},
    [F_HEAP_LIMIT_SERVER] = {"heap_records_4k_limit_server",
                             "heap, 4 KiB limit agreed, both ways (<=14)", "KiB", 1},
    [F_HEAP_LIMIT_CLIENT] = {"heap_records_4k_limit_client", "  client", "KiB", 1},
    [F_HEAP_IDLE_NO_CALL_SERVER] = {"heap_idle_no_call_server",
                                    "heap idle after traffic, no call (<=8), server", "KiB", 1},
    [F_HEAP_IDLE_NO_CALL_CLIENT] = {"heap_idle_no_call_client", "  client", "KiB", 1},
    [F_HEAP_IDLE_SERVER] = {"heap_idle_server",
                            "heap idle after traffic (release where offered), server", "KiB", 1},
    [F_HEAP_IDLE_CLIENT] = {"heap_idle_client", "  client", "KiB", 1},
    [F_ALLOCS_SERVER] = {"allocations_per_handshake_server",
                         "allocations per full handshake, server", "calls", 0},
    [F_ALLOCS_CLIENT] = {"allocations_per_handshake_client", "  client", "calls", 0},
    [F_ALLOCS_RSA_SERVER] = {"allocations_per_rsa_handshake_server",
                             "allocations per full RSA handshake, server", "calls", 0},
    [F_ALLOCS_RSA_CLIENT] = {"allocations_per_rsa_handshake_client", "  client", "calls", 0},
    [F_THREADS] = {"two_threads_vs_one", "full ECDSA handshakes, 2 threads / 1", "x", 2},
};

/* The configurations each library is measured with. */
enum {
    CFG_ECDSA,
    CFG_RSA,
    CFG_TICKETS,
    CFG_CHACHA,
    CFG_PINNED,
    CFG_LIMIT_4K,
    CFG_ECDSA13,
    CFG_TICKETS13,
    N_CFGS
};
/* Configurations only latch is measured with: the others have no such
 * setting, or none the bench drives yet. */
static bool latch_only(int cfg)
{
    return cfg == CFG_PINNED || cfg == CFG_LIMIT_4K;
}

/* Built and not left out by --only. */
static bool measured[N_COLS];
static double samples[N_COLS][N_FIGS][MAX_RUNS];
/* Shown instead of figures when a cell has none. */
static const char *cell_text[N_COLS][N_FIGS];
static void *ctxs[N_COLS][N_CFGS];
static char notes[MAX_NOTES][2 * BENCH_NOTE_CAP];
static int note_count;
static bool failed;

static void add_note(const char *fmt, const char *a, const char *b)
{
    char note[sizeof(notes[0])];
    snprintf(note, sizeof(note), fmt, a, b);
    for (int i = 0; i < note_count; i++) {
        if (strcmp(notes[i], note) == 0)
            return;
    }
    if (note_count < MAX_NOTES)
        snprintf(notes[note_count++], sizeof(notes[0]), "%s", note);
}

static void fail_cell(int col, int fig, const char *why)
{
    cell_text[col][fig] = "failed (see notes)";
    add_note("%s, %s", col_names[col], why);
    failed = true;
}

static void set_text(int col, int fig, const char *text)
{
    cell_text[col][fig] = text;
}

typedef struct options {
    int runs;
    double seconds;
    const char *json;
    const char *data;
    const char *only;
    bool records_only; /* --bulk: only the bulk and heap figures */
} options;

static void usage(const char *argv0)
{
    fprintf(stderr,
            "usage: %s [--quick] [--runs N] [--seconds S] [--json[=PATH]] [--data DIR]\n"
            "          [--only LIBRARY] [--bulk]\n"
            "  --quick      one short run: a smoke test, not a measurement\n"
            "  --runs N     runs to take the median of (default 5)\n"
            "  --seconds S  CPU seconds per figure per run (default 1)\n"
            "  --json       also write the figures as JSON (default bench.json)\n"
            "  --data DIR   the test certificates (default %s)\n"
            "  --only LIB   measure one library (and the floor), e.g. for a profile\n"
            "  --bulk       only the record figures: bulk rates and heap\n",
            argv0, BENCH_DATA_DIR);
    exit(2);
}

static options parse_options(int argc, char **argv)
{
    options o = {.runs = 5, .seconds = 1.0, .json = NULL, .data = BENCH_DATA_DIR};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--quick") == 0) {
            o.runs = 1;
            o.seconds = 0.05;
        } else if (strcmp(a, "--runs") == 0 && i + 1 < argc) {
            o.runs = atoi(argv[++i]);
        } else if (strcmp(a, "--seconds") == 0 && i + 1 < argc) {
            o.seconds = atof(argv[++i]);
        } else if (strcmp(a, "--json") == 0) {
            o.json = "bench.json";
        } else if (strncmp(a, "--json=", 7) == 0) {
            o.json = a + 7;
        } else if (strcmp(a, "--data") == 0 && i + 1 < argc) {
            o.data = argv[++i];
        } else if (strcmp(a, "--only") == 0 && i + 1 < argc) {
            o.only = argv[++i];
        } else if (strcmp(a, "--bulk") == 0) {
            o.records_only = true;
        } else {
            usage(argv[0]);
        }
    }
    if (o.runs < 1 || o.runs > MAX_RUNS || !(o.seconds > 0))
        usage(argv[0]);
    return o;
}

static void make_contexts(const options *o)
{
    char ca[4096], chain[2][4096], key[2][4096];
    const char *names[2] = {"ecdsa-p256", "rsa2048"};
    snprintf(ca, sizeof(ca), "%s/ca.pem", o->data);
    for (int i = 0; i < 2; i++) {
        snprintf(chain[i], sizeof(chain[i]), "%s/%s.chain.pem", o->data, names[i]);
        snprintf(key[i], sizeof(key[i]), "%s/%s.key", o->data, names[i]);
    }
    const bench_params ecdsa = {.cert = BENCH_CERT_ECDSA_P256,
                                .cipher = BENCH_AES128_GCM,
                                .ca = ca,
                                .chain = chain[0],
                                .key = key[0]};
    bench_params params[N_CFGS];
    for (int c = 0; c < N_CFGS; c++)
        params[c] = ecdsa;
    params[CFG_RSA].cert = BENCH_CERT_RSA2048;
    params[CFG_RSA].chain = chain[1];
    params[CFG_RSA].key = key[1];
    params[CFG_TICKETS].tickets = true;
    params[CFG_CHACHA].cipher = BENCH_CHACHA20_POLY1305;
    params[CFG_PINNED].pin_buffers = true;
    params[CFG_LIMIT_4K].record_limit = 4096;
    params[CFG_ECDSA13].tls13 = true;
    params[CFG_TICKETS13].tls13 = true;
    params[CFG_TICKETS13].tickets = true;
    for (int col = COL_LATCH; col < N_COLS; col++) {
        if (!measured[col])
            continue;
        for (int c = 0; c < N_CFGS; c++) {
            if ((col != COL_LATCH && latch_only(c)) ||
                (params[c].tls13 && drivers[col]->no_tls13 != NULL))
                continue;
            char note[BENCH_NOTE_CAP] = "";
            ctxs[col][c] = drivers[col]->ctx_new(&params[c], note);
            if (note[0] != '\0')
                add_note("%s%s", note, "");
            if (ctxs[col][c] == NULL)
                failed = true;
        }
    }
}

/* Why a library has no figures, or NULL. */
static const char *absent(int col)
{
    if (col == COL_FLOOR || measured[col])
        return NULL;
    return drivers[col] == NULL ? "skipped" : "left out";
}

/* One run of the full and resumed handshakes of one library. */
static void run_handshakes(int col, int run, const options *o)
{
    const bench_driver *d = drivers[col];
    char why[BENCH_NOTE_CAP];
    const struct {
        int cfg, rate, server;
    } full[3] = {{CFG_ECDSA, F_HS_ECDSA, F_HS_ECDSA_SERVER},
                 {CFG_RSA, F_HS_RSA, F_HS_RSA_SERVER},
                 {CFG_ECDSA13, F_HS13_ECDSA, F_HS13_ECDSA_SERVER}};
    for (int i = 0; i < 3; i++) {
        bench_hs_figures hs;
        if (full[i].cfg == CFG_ECDSA13 && d->no_tls13 != NULL)
            set_text(col, full[i].rate, d->no_tls13);
        else if (ctxs[col][full[i].cfg] == NULL)
            fail_cell(col, full[i].rate, "could not be configured");
        else if (!bench_full_handshakes(d, ctxs[col][full[i].cfg], o->seconds, &hs, why))
            fail_cell(col, full[i].rate, why);
        else {
            samples[col][full[i].rate][run] = hs.rate;
            samples[col][full[i].server][run] = hs.server_us;
        }
    }

    /* TLS 1.3 resumes with psk_dhe_ke, the default of all three: the
     * ticket's PSK and a fresh X25519 (RFC 8446 2.2). */
    const struct {
        int cfg, rate;
    } resumed[2] = {{CFG_TICKETS, F_RESUMED}, {CFG_TICKETS13, F_RESUMED13}};
    for (int i = 0; i < 2; i++) {
        double v;
        if (resumed[i].cfg == CFG_TICKETS13 && d->no_tls13 != NULL)
            set_text(col, resumed[i].rate, d->no_tls13);
        else if (d->session_get == NULL)
            set_text(col, resumed[i].rate, d->no_resumption);
        else if (ctxs[col][resumed[i].cfg] == NULL)
            fail_cell(col, resumed[i].rate, "could not be configured");
        else if (!bench_resumed_handshakes(d, ctxs[col][resumed[i].cfg], o->seconds, &v, why))
            fail_cell(col, resumed[i].rate, why);
        else
            samples[col][resumed[i].rate][run] = v;
    }
}

/* One run of the record figures of one library: bulk rates and heap. */
static void run_records(int col, int run, const options *o)
{
    const bench_driver *d = drivers[col];
    char why[BENCH_NOTE_CAP];
    double v;
    const struct {
        int cfg, fig;
    } bulk[4] = {{CFG_ECDSA, F_BULK_AES},
                 {CFG_CHACHA, F_BULK_CHACHA},
                 {CFG_PINNED, F_BULK_AES_PINNED},
                 {CFG_ECDSA13, F_BULK13_AES}};
    for (int i = 0; i < 4; i++) {
        if (col != COL_LATCH && latch_only(bulk[i].cfg))
            continue;
        if (bulk[i].cfg == CFG_ECDSA13 && d->no_tls13 != NULL)
            set_text(col, bulk[i].fig, d->no_tls13);
        else if (ctxs[col][bulk[i].cfg] == NULL)
            fail_cell(col, bulk[i].fig, "could not be configured");
        else if (!bench_bulk(d, ctxs[col][bulk[i].cfg], o->seconds, &v, why))
            fail_cell(col, bulk[i].fig, why);
        else
            samples[col][bulk[i].fig][run] = v;
    }

    bench_heap_figures heap;
    if (ctxs[col][CFG_ECDSA] == NULL)
        fail_cell(col, F_HEAP_HS_SERVER, "could not be configured");
    else if (!bench_heap(d, ctxs[col][CFG_ECDSA], &heap, why))
        fail_cell(col, F_HEAP_HS_SERVER, why);
    else {
        const int sides[2][5] = {
            {F_HEAP_HS_CLIENT, F_HEAP_RECORDS_CLIENT, F_HEAP_IDLE_CLIENT,
             F_HEAP_IDLE_NO_CALL_CLIENT, F_ALLOCS_CLIENT},
            {F_HEAP_HS_SERVER, F_HEAP_RECORDS_SERVER, F_HEAP_IDLE_SERVER,
             F_HEAP_IDLE_NO_CALL_SERVER, F_ALLOCS_SERVER},
        };
        for (int side = 0; side < 2; side++) {
            samples[col][sides[side][0]][run] = (double)heap.handshake[side] / 1024;
            samples[col][sides[side][1]][run] = (double)heap.records[side] / 1024;
            samples[col][sides[side][2]][run] = (double)heap.idle[side] / 1024;
            samples[col][sides[side][3]][run] = (double)heap.idle_no_call[side] / 1024;
            samples[col][sides[side][4]][run] = (double)heap.allocs[side];
        }
    }
    /* The same count with the RSA certificate. */
    if (ctxs[col][CFG_RSA] == NULL)
        fail_cell(col, F_ALLOCS_RSA_SERVER, "could not be configured");
    else if (!bench_heap(d, ctxs[col][CFG_RSA], &heap, why))
        fail_cell(col, F_ALLOCS_RSA_SERVER, why);
    else {
        samples[col][F_ALLOCS_RSA_CLIENT][run] = (double)heap.allocs[0];
        samples[col][F_ALLOCS_RSA_SERVER][run] = (double)heap.allocs[1];
    }
    if (col != COL_LATCH)
        return;
    /* Records of at most 4 KiB agreed both ways, in flight both ways. */
    if (ctxs[col][CFG_LIMIT_4K] == NULL)
        fail_cell(col, F_HEAP_LIMIT_SERVER, "could not be configured");
    else if (!bench_heap(d, ctxs[col][CFG_LIMIT_4K], &heap, why))
        fail_cell(col, F_HEAP_LIMIT_SERVER, why);
    else {
        samples[col][F_HEAP_LIMIT_CLIENT][run] = (double)heap.records[0] / 1024;
        samples[col][F_HEAP_LIMIT_SERVER][run] = (double)heap.records[1] / 1024;
    }
}

/* One run of every measurement of one library (--bulk: the record
 * figures alone). */
static void run_library(int col, int run, const options *o)
{
    if (!o->records_only)
        run_handshakes(col, run, o);
    run_records(col, run, o);
    if (o->records_only)
        return;
    const bench_driver *d = drivers[col];
    char why[BENCH_NOTE_CAP];
    double v;
    /* Thread scaling is latch's target; OpenSSL is there for reference. */
    if (col != COL_LATCH && col != COL_OPENSSL)
        set_text(col, F_THREADS, "-");
    else if (ctxs[col][CFG_ECDSA] == NULL)
        fail_cell(col, F_THREADS, "could not be configured");
    else if (!bench_threads(d, ctxs[col][CFG_ECDSA], o->seconds, &v, why))
        fail_cell(col, F_THREADS, why);
    else
        samples[col][F_THREADS][run] = v;
}

static void run_floor(bench_floor *f, int run, const size_t transcript[2], const options *o)
{
    /* TLS 1.3's messages are those of the TLS 1.2 ECDSA handshake but
     * for the key exchange's: that transcript's length serves. */
    double s13 = o->records_only || transcript[0] == 0
                     ? 0
                     : bench_floor_handshake13(f, BENCH_CERT_ECDSA_P256, transcript[0], o->seconds);
    if (!o->records_only && s13 <= 0)
        fail_cell(COL_FLOOR, F_HS13_ECDSA, "a TLS 1.3 handshake primitive failed");
    else if (!o->records_only)
        samples[COL_FLOOR][F_HS13_ECDSA][run] = 1 / s13;
    const int hs[2] = {F_HS_ECDSA, F_HS_RSA};
    for (int cert = 0; !o->records_only && cert < 2; cert++) {
        double s = transcript[cert] == 0
                       ? 0
                       : bench_floor_handshake(f, (bench_cert)cert, transcript[cert], o->seconds);
        if (transcript[cert] == 0)
            fail_cell(COL_FLOOR, hs[cert], "needs the length of a handshake's transcript");
        else if (s <= 0)
            fail_cell(COL_FLOOR, hs[cert], "a handshake primitive failed");
        else
            samples[COL_FLOOR][hs[cert]][run] = 1 / s;
    }
    /* The raw AEAD, and with the two copies a socket transport makes. */
    const int bulk[2][2] = {{F_BULK_AES, F_BULK_AES_COPIES}, {F_BULK_CHACHA, F_BULK_CHACHA_COPIES}};
    for (int cipher = 0; cipher < 2; cipher++) {
        for (int copies = 0; copies < 2; copies++) {
            double s = bench_floor_aead(f, (bench_cipher)cipher, copies, o->seconds);
            if (s <= 0)
                fail_cell(COL_FLOOR, bulk[cipher][copies], "an AEAD primitive failed");
            else
                samples[COL_FLOOR][bulk[cipher][copies]][run] = BENCH_WRITE_SIZE / s / 1e6;
        }
    }
}

/* Ratios, pair by pair within each run. */
static void derive_ratios(int runs)
{
    const struct {
        int fig, num_col, num_fig, den_col, den_fig;
        bool inverse;
    } ratios[] = {
        {F_HS_ECDSA_FLOOR, -1, F_HS_ECDSA, COL_FLOOR, F_HS_ECDSA, true},
        {F_HS_ECDSA_OPENSSL, -1, F_HS_ECDSA, COL_OPENSSL, F_HS_ECDSA, false},
        {F_HS_RSA_FLOOR, -1, F_HS_RSA, COL_FLOOR, F_HS_RSA, true},
        {F_HS_RSA_OPENSSL, -1, F_HS_RSA, COL_OPENSSL, F_HS_RSA, false},
        {F_HS13_ECDSA_FLOOR, -1, F_HS13_ECDSA, COL_FLOOR, F_HS13_ECDSA, true},
        {F_HS13_ECDSA_OPENSSL, -1, F_HS13_ECDSA, COL_OPENSSL, F_HS13_ECDSA, false},
        {F_HS13_ECDSA_GNUTLS, -1, F_HS13_ECDSA, COL_GNUTLS, F_HS13_ECDSA, false},
        {F_RESUMED_OPENSSL, -1, F_RESUMED, COL_OPENSSL, F_RESUMED, false},
        {F_RESUMED_GNUTLS, -1, F_RESUMED, COL_GNUTLS, F_RESUMED, false},
        {F_RESUMED13_OPENSSL, -1, F_RESUMED13, COL_OPENSSL, F_RESUMED13, false},
        {F_RESUMED13_GNUTLS, -1, F_RESUMED13, COL_GNUTLS, F_RESUMED13, false},
        {F_BULK_AES_FLOOR, -1, F_BULK_AES, COL_FLOOR, F_BULK_AES, false},
        {F_BULK_AES_COPIES_RATIO, -1, F_BULK_AES, COL_FLOOR, F_BULK_AES_COPIES, false},
        {F_BULK_PIN_RATIO, -1, F_BULK_AES, -1, F_BULK_AES_PINNED, false},
        {F_BULK_CHACHA_FLOOR, -1, F_BULK_CHACHA, COL_FLOOR, F_BULK_CHACHA, false},
        {F_BULK_CHACHA_COPIES_RATIO, -1, F_BULK_CHACHA, COL_FLOOR, F_BULK_CHACHA_COPIES, false},
        /* TLS 1.3 protects records with the same AEAD: the same floor. */
        {F_BULK13_AES_FLOOR, -1, F_BULK13_AES, COL_FLOOR, F_BULK_AES, false},
    };
    for (size_t i = 0; i < sizeof(ratios) / sizeof(ratios[0]); i++) {
        for (int col = COL_LATCH; col < N_COLS; col++) {
            for (int run = 0; run < runs; run++) {
                double a = samples[col][ratios[i].num_fig][run];
                /* den_col -1: the same library's figure. */
                int den_col = ratios[i].den_col < 0 ? col : ratios[i].den_col;
                double b = samples[den_col][ratios[i].den_fig][run];
                samples[col][ratios[i].fig][run] = ratios[i].inverse ? b / a : a / b;
            }
        }
    }
}

typedef struct summary {
    int n;
    double median, min, max;
} summary;

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static summary summarize(int col, int fig, int runs)
{
    double v[MAX_RUNS];
    summary s = {0};
    for (int run = 0; run < runs; run++) {
        if (!isnan(samples[col][fig][run]))
            v[s.n++] = samples[col][fig][run];
    }
    if (s.n == 0)
        return s;
    qsort(v, (size_t)s.n, sizeof(double), by_value);
    s.median = s.n % 2 ? v[s.n / 2] : (v[s.n / 2 - 1] + v[s.n / 2]) / 2;
    s.min = v[0];
    s.max = v[s.n - 1];
    return s;
}

static void format_cell(char *out, size_t cap, int col, int fig, int runs)
{
    summary s = summarize(col, fig, runs);
    int d = figures[fig].decimals;
    if (absent(col) != NULL)
        snprintf(out, cap, "%s", absent(col));
    else if (s.n == 0)
        snprintf(out, cap, "%s", cell_text[col][fig] != NULL ? cell_text[col][fig] : "-");
    else {
        /* The range only where it shows at the figure's precision. */
        char lo[32], hi[32];
        snprintf(lo, sizeof(lo), "%.*f", d, s.min);
        snprintf(hi, sizeof(hi), "%.*f", d, s.max);
        if (strcmp(lo, hi) == 0)
            snprintf(out, cap, "%.*f", d, s.median);
        else
            snprintf(out, cap, "%.*f [%s-%s]", d, s.median, lo, hi);
    }
}

static void print_table(const options *o, double load[2])
{
    printf("latch bench: TLS 1.2 (and TLS 1.3 handshake and bulk rows), client and server in one "
           "process "
           "through memory; "
           "%d run%s x %.2f s per figure, median [min-max]\n",
           o->runs, o->runs == 1 ? "" : "s", o->seconds);
    printf("libraries:");
    for (int col = COL_LATCH; col < N_COLS; col++) {
        if (drivers[col] == NULL)
            printf(" %s skipped (not found when configured)", col_names[col]);
        else
            printf(" %s %s%s", col_names[col], drivers[col]->version(),
                   measured[col] ? "" : " (left out)");
        printf("%s", col + 1 < N_COLS ? "," : "");
    }
    printf("\nmachine: %ld CPUs, load average %.2f at start, %.2f at end\n\n",
           sysconf(_SC_NPROCESSORS_ONLN), load[0], load[1]);

    const int widths[N_COLS] = {16, 22, 22, 22, 22};
    printf("%-40s %-5s", "figure", "unit");
    for (int col = 0; col < N_COLS; col++)
        printf(" %*s", widths[col], col_names[col]);
    printf("\n");
    for (int fig = 0; fig < N_FIGS; fig++) {
        printf("%-40s %-5s", figures[fig].label, figures[fig].unit);
        for (int col = 0; col < N_COLS; col++) {
            char cell[BENCH_NOTE_CAP];
            format_cell(cell, sizeof(cell), col, fig, o->runs);
            printf(" %*s", widths[col], cell);
        }
        printf("\n");
    }
    printf("\nhandshakes/s and MB/s are per CPU second of client and server together "
           "(MB = 10^6 bytes);\n"
           "the floor is libcrypto alone doing what a handshake or a record cannot avoid;\n"
           "heap is bytes allocated per connection, counted by an interposed malloc.\n");
    if (note_count > 0)
        printf("\nnotes:\n");
    for (int i = 0; i < note_count; i++)
        printf("  %s\n", notes[i]);
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static bool write_json(const options *o, double load[2])
{
    FILE *f = fopen(o->json, "w");
    if (f == NULL)
        return false;
    fprintf(f, "{\n  \"runs\": %d,\n  \"seconds_per_figure\": %g,\n", o->runs, o->seconds);
    fprintf(f, "  \"cpus\": %ld,\n  \"load_average\": {\"start\": %.2f, \"end\": %.2f},\n",
            sysconf(_SC_NPROCESSORS_ONLN), load[0], load[1]);
    fprintf(f, "  \"libraries\": {");
    for (int col = COL_LATCH; col < N_COLS; col++) {
        fprintf(f, "%s\n    ", col == COL_LATCH ? "" : ",");
        json_string(f, col_names[col]);
        if (drivers[col] == NULL) {
            fprintf(f, ": {\"skipped\": \"not found when configured\"}");
        } else {
            fprintf(f, ": {\"version\": ");
            json_string(f, drivers[col]->version());
            fprintf(f, ", \"measured\": %s}", measured[col] ? "true" : "false");
        }
    }
    fprintf(f, "\n  },\n  \"notes\": [");
    for (int i = 0; i < note_count; i++) {
        fprintf(f, "%s\n    ", i == 0 ? "" : ",");
        json_string(f, notes[i]);
    }
    fprintf(f, "\n  ],\n  \"figures\": {");
    for (int fig = 0; fig < N_FIGS; fig++) {
        fprintf(f, "%s\n    \"%s\": {\"unit\": \"%s\", \"values\": {", fig == 0 ? "" : ",",
                figures[fig].key, figures[fig].unit);
        bool first = true;
        for (int col = 0; col < N_COLS; col++) {
            summary s = summarize(col, fig, o->runs);
            const char *text = absent(col) != NULL ? absent(col) : cell_text[col][fig];
            if (s.n == 0 && text == NULL)
                continue;
            fprintf(f, "%s\n      \"%s\": ", first ? "" : ",", col_names[col]);
            first = false;
            if (s.n == 0) {
                fprintf(f, "{\"text\": ");
                json_string(f, text);
                fprintf(f, "}");
                continue;
            }
            fprintf(f, "{\"median\": %.6g, \"min\": %.6g, \"max\": %.6g, \"samples\": [", s.median,
                    s.min, s.max);
            bool first_sample = true;
            for (int run = 0; run < o->runs; run++) {
                if (isnan(samples[col][fig][run]))
                    continue;
                fprintf(f, "%s%.6g", first_sample ? "" : ", ", samples[col][fig][run]);
                first_sample = false;
            }
            fprintf(f, "]}");
        }
        fprintf(f, "\n    }}");
    }
    fprintf(f, "\n  }\n}\n");
    return fclose(f) == 0;
}

int main(int argc, char **argv)
{
    options o = parse_options(argc, argv);
    for (int col = COL_LATCH; col < N_COLS; col++)
        measured[col] =
            drivers[col] != NULL && (o.only == NULL || strcasecmp(col_names[col], o.only) == 0);
    double load[2];
    getloadavg(load, 1);
    for (int col = 0; col < N_COLS; col++)
        for (int fig = 0; fig < N_FIGS; fig++)
            for (int run = 0; run < MAX_RUNS; run++)
                samples[col][fig][run] = NAN;

    make_contexts(&o);
    bench_floor *floor = bench_floor_new(o.data);
    if (floor == NULL) {
        fprintf(stderr, "latch_bench: cannot set up the floor from %s\n", o.data);
        return 1;
    }
    /* The floor hashes a transcript as long as the first measured
     * library's: latch's in a full run (0: unknown). */
    size_t transcript[2] = {0, 0};
    for (int col = COL_LATCH; !o.records_only && col < N_COLS && transcript[0] == 0; col++) {
        for (int cert = 0; measured[col] && cert < 2; cert++) {
            char why[BENCH_NOTE_CAP];
            void *ctx = ctxs[col][cert == 0 ? CFG_ECDSA : CFG_RSA];
            if (ctx != NULL && !bench_transcript_len(drivers[col], ctx, &transcript[cert], why))
                transcript[cert] = 0;
        }
    }

    for (int run = 0; run < o.runs; run++) {
        fprintf(stderr, "run %d of %d\n", run + 1, o.runs);
        run_floor(floor, run, transcript, &o);
        for (int col = COL_LATCH; col < N_COLS; col++) {
            if (measured[col])
                run_library(col, run, &o);
        }
    }
    derive_ratios(o.runs);
    double end_load[1];
    getloadavg(end_load, 1);
    load[1] = end_load[0];

    print_table(&o, load);
    if (o.json != NULL && !write_json(&o, load)) {
        fprintf(stderr, "latch_bench: cannot write %s\n", o.json);
        failed = true;
    }

    bench_floor_free(floor);
    for (int col = COL_LATCH; col < N_COLS; col++)
        for (int c = 0; c < N_CFGS; c++)
            if (ctxs[col][c] != NULL)
                drivers[col]->ctx_free(ctxs[col][c]);
    return failed ? 1 : 0;
}
