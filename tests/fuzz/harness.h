/*
 * What the fuzz targets share: checks that abort, so libFuzzer reports
 * the input that broke them, and the round-trip comparisons.
 *
 * Every target is tests/fuzz/fuzz_<name>.c with its seeds in
 * corpus/<name>/ and the inputs of fixed crashes in regressions/<name>/.
 */
#ifndef LATCH_FUZZ_HARNESS_H
#define LATCH_FUZZ_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "latch.h"
#include "base/writer.h"
#include "tls/msg_common.h"
#include "tls/record.h"
#include "x509/cert.h"

#define FUZZ_CHECK(cond) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))

_Noreturn void fuzz_fail(const char *file, int line, const char *what);

/* A parser's answer must agree with its error: false with a code and a
 * sentence, true with neither. */
void fuzz_check_result(bool ok, const lt_error *err);

/* Two writes of the same value must be the same bytes. */
void fuzz_check_same(const char *what, const lt_writer *a, const lt_writer *b);

/* A message whose encoding is canonical: w must hold exactly the
 * handshake header of (type, len) followed by body. */
void fuzz_check_message(const lt_writer *w, uint8_t type, const uint8_t *body, size_t len);

/* The body of the one whole handshake message of this type that w holds. */
lt_span fuzz_message_body(const lt_writer *w, uint8_t type);

/* Sets the record layer's read options from one input byte: whether
 * hello versions are accepted and the fragment limit. */
void fuzz_record_options(lt_record_layer *rl, uint8_t options);

/* The caller's buffer records are opened into, from an options byte:
 * none (bit 6 clear), a full record's plaintext, or 100 bytes, too few
 * for most (bit 7), which takes the fallback. */
size_t fuzz_record_dst_cap(uint8_t options);

/* Opens records from a copy of data until the layer needs more bytes or
 * fails, checking every record against the layer's promises, and when
 * reseal is given (a layer whose write state matches rl's read state),
 * that sealing each {3,3} record's plaintext again gives its bytes. With
 * dst_cap > 0 records are opened with lt_record_open_into() into a
 * buffer of that size, which a failed record must leave clean. */
void fuzz_open_records(lt_record_layer *rl, lt_record_layer *reseal, const uint8_t *data,
                       size_t size, size_t dst_cap);

/* Clock for the engine configs: 2030-01-01, inside the test certificates'
 * validity, so runs do not depend on the day. */
int64_t fuzz_clock(void *arg);

/* Drives a fresh connection through the public API with data as the
 * peer's bytes: written into the input window chunk bytes at a time
 * (0: as much as fits), the handshake run after each, then reads once it
 * completes; output is discarded. Ends at the first failure, which must
 * come with a sentence, or once every byte was taken and end of file
 * reported. Frees conn. Returns the bytes of application data read. */
size_t fuzz_engine_run(latch_conn *conn, const uint8_t *data, size_t size, size_t chunk);

/* The index-th certificate of a PEM file under tests/data (LATCH_FUZZ_DATA),
 * parsed into out; aborts if there is none. */
void fuzz_load_cert(const char *file, size_t index, lt_cert *out);

#endif
