/*
 * The bench harness and the interface every library driver fills in.
 *
 * A client and a server of one library run in one process and talk
 * through two in-memory pipes, one each way. A driver wraps a library's
 * connection so that the harness can step the handshake, write and read
 * application data, and (where the library can) resume a session; the
 * driver moves bytes between its library and the pipes, through the
 * library's own transport hooks (BIO methods, push/pull functions, bio
 * callbacks) or, for latch, its sans-IO buffers.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Room for a full flight of handshake messages or a few full records. */
#define BENCH_PIPE_CAP (64 * 1024)
/* The application write size measured, and the record it fills. */
#define BENCH_WRITE_SIZE 16384

typedef struct bench_pipe {
    uint8_t buf[BENCH_PIPE_CAP];
    size_t off, len;
    /* When set, a copy of everything written (for inspecting a flight). */
    uint8_t *tap;
    size_t tap_len, tap_cap;
} bench_pipe;

/* Appends as much as fits; returns how much was taken (0 when full). */
size_t bench_pipe_write(bench_pipe *p, const uint8_t *data, size_t len);
/* Takes up to cap bytes; returns how many (0 when empty). */
size_t bench_pipe_read(bench_pipe *p, uint8_t *out, size_t cap);
/* The bytes waiting, without taking them; then say how many were used. */
const uint8_t *bench_pipe_peek(const bench_pipe *p, size_t *len);
void bench_pipe_consume(bench_pipe *p, size_t n);

/* One end of the connection: where it reads from and writes to. */
typedef struct bench_link {
    bench_pipe *in;
    bench_pipe *out;
} bench_link;

typedef enum bench_cert {
    BENCH_CERT_ECDSA_P256,
    BENCH_CERT_RSA2048,
} bench_cert;

typedef enum bench_cipher {
    BENCH_AES128_GCM,
    BENCH_CHACHA20_POLY1305,
} bench_cipher;

/* What both sides are configured with: TLS 1.2 only, exactly one suite
 * (ECDHE with the certificate's signature, then the cipher), X25519 only,
 * the client verifying the server's chain for "localhost" against ca.
 * With tls13, TLS 1.3 only instead, the cipher's TLS 1.3 suite
 * (TLS_AES_128_GCM_SHA256 or TLS_CHACHA20_POLY1305_SHA256). */
typedef struct bench_params {
    bench_cert cert;
    bench_cipher cipher;
    /* Server issues session tickets and the client offers them. */
    bool tickets;
    /* Both sides limit records to this much plaintext where the library
     * can agree on it (record_size_limit, max_fragment_length); 0: none. */
    unsigned record_limit;
    /* latch only: record buffers kept while idle. */
    bool pin_buffers;
    const char *ca;
    const char *chain;
    const char *key;
    bool tls13;
    /* latch only: a trace callback that ignores its events, so that an
     * instruction counter sees what building the events costs. */
    bool trace;
} bench_params;

typedef enum bench_step {
    BENCH_DONE,
    BENCH_AGAIN,
    BENCH_FAIL,
} bench_step;

#define BENCH_NOTE_CAP 160

typedef struct bench_driver {
    const char *name;
    /* The library's version as it reports it at run time. */
    const char *(*version)(void);
    /* Client and server configuration for params. On failure NULL, with
     * the reason in note. A driver may leave a note on success too; the
     * harness prints it under the table. */
    void *(*ctx_new)(const bench_params *params, char *note);
    void (*ctx_free)(void *ctx);
    /* A connection; a client given a session (from session_get) offers
     * it for resumption. NULL on failure. */
    void *(*conn_new)(void *ctx, bool server, bench_link *link, void *session);
    void (*conn_free)(void *conn);
    bench_step (*handshake)(void *conn);
    /* Bytes taken (0: try again once the peer has read), or -1. */
    long (*write)(void *conn, const uint8_t *data, size_t len);
    /* Bytes read (0: nothing yet), or -1. */
    long (*read)(void *conn, uint8_t *buf, size_t cap);
    /* Why the last call failed, for the message when a figure is lost. */
    const char *(*error)(void *conn);
    /* The session a finished client can resume; NULL where resumption
     * does not exist (then the resumed figure says why). */
    void *(*session_get)(void *conn);
    void (*session_free)(void *session);
    const char *no_resumption;
    /* Why the library is not measured over TLS 1.3, or NULL. */
    const char *no_tls13;
    /* Lets an idle connection give back what it can (NULL where the
     * library has no such call); the idle heap figure is taken after it. */
    void (*idle)(void *conn);
} bench_driver;

extern const bench_driver bench_latch;
#ifdef BENCH_HAVE_OPENSSL
extern const bench_driver bench_openssl;
#endif
#ifdef BENCH_HAVE_GNUTLS
extern const bench_driver bench_gnutls;
#endif
#ifdef BENCH_HAVE_MBEDTLS
extern const bench_driver bench_mbedtls;
#endif

/* The crypto floor (floor.c), timed with libcrypto alone. */
typedef struct bench_floor bench_floor;
bench_floor *bench_floor_new(const char *data_dir);
void bench_floor_free(bench_floor *f);
/* CPU seconds for the primitives of one full handshake, both sides, with
 * a transcript of transcript_len bytes; -1 if a primitive failed. */
double bench_floor_handshake(bench_floor *f, bench_cert cert, size_t transcript_len,
                             double seconds);
/* The same for a full TLS 1.3 handshake. */
double bench_floor_handshake13(bench_floor *f, bench_cert cert, size_t transcript_len,
                               double seconds);
/* Exactly n such handshakes, for counting instructions; false if one failed. */
bool bench_floor_handshakes(bench_floor *f, bench_cert cert, size_t transcript_len, long n);
/* CPU seconds to seal and open one 16 KiB record, with copies: and to
 * copy it twice between them, as a socket transport does (into the
 * sender's socket, out of the receiver's); -1 on failure. */
double bench_floor_aead(bench_floor *f, bench_cipher cipher, bool copies, double seconds);

#endif
