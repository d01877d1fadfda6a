/*
 * The measurements: each drives one library's client and server through
 * the bench pipes and returns figures for one run, or false with the
 * reason in why (BENCH_NOTE_CAP bytes).
 */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include "bench.h"

/* Process CPU time, in seconds. */
double bench_cpu_now(void);

typedef struct bench_hs_figures {
    double rate;      /* full handshakes per CPU second, both sides */
    double server_us; /* CPU per handshake inside the server's calls,
                         timed in a second, shorter window */
} bench_hs_figures;

bool bench_full_handshakes(const bench_driver *d, void *ctx, double seconds, bench_hs_figures *out,
                           char *why);
/* Exactly n full handshakes, for counting instructions. */
bool bench_count_handshakes(const bench_driver *d, void *ctx, long n, char *why);
/* Handshakes per CPU second that resume a session of an earlier full
 * handshake; fails if the server sends its certificate again, or in TLS
 * 1.3 if its ServerHello lacks pre_shared_key or key_share. */
bool bench_resumed_handshakes(const bench_driver *d, void *ctx, double seconds, double *rate,
                              char *why);
/* MB/s (10^6 bytes) per CPU second: 16 KiB writes sealed by the client
 * and opened by the server. */
bool bench_bulk(const bench_driver *d, void *ctx, double seconds, double *mbps, char *why);

/* Heap bytes per connection, by side (HEAP_CLIENT, HEAP_SERVER). */
typedef struct bench_heap_figures {
    size_t handshake[2];    /* peak from creation to handshake done */
    size_t records[2];      /* peak while a 16 KiB record goes each way */
    size_t idle[2];         /* held once that traffic has been read */
    size_t idle_no_call[2]; /* the same, before the driver's idle call */
    size_t allocs[2];       /* allocation calls from creation to handshake done */
} bench_heap_figures;

bool bench_heap(const bench_driver *d, void *ctx, bench_heap_figures *out, char *why);
/* Full handshakes per wall second on two threads sharing ctx, over the
 * rate of one thread. */
bool bench_threads(const bench_driver *d, void *ctx, double seconds, double *scaling, char *why);
/* Bytes of handshake messages in one full handshake (the transcript the
 * floor hashes). */
bool bench_transcript_len(const bench_driver *d, void *ctx, size_t *len, char *why);

#endif
