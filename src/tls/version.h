/*
 * What a protocol version decides in a handshake, behind one table each:
 * the transcript hash, the key schedule (from the shared secret to the
 * traffic keys and the Finished values) and the record protection the
 * keys go into. The handshake code calls through the table of the
 * negotiated version (lt_negotiated.version), so a second version fills
 * a table of its own (RFC 8446 7.1 for TLS 1.3) without touching
 * tls12.c.
 */
#ifndef LT_TLS_VERSION_H
#define LT_TLS_VERSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "latch.h"
#include "tls/keysched.h"
#include "tls/record.h"
#include "tls/suites.h"

/* ProtocolVersion values (RFC 5246 6.2.1, RFC 8446 4.1.2). */
#define LT_VERSION_TLS12 0x0303
#define LT_VERSION_TLS13 0x0304
/* The highest version latch speaks. */
#define LT_VERSION_MAX LT_VERSION_TLS13
/* A new config's highest version (README, Defaults). */
#define LT_VERSION_DEFAULT_MAX LT_VERSION_TLS13

struct lt_version_ops {
    uint16_t version;
    /* The hash the transcript runs through once the suite is known. */
    lt_hash_alg (*transcript_hash)(const lt_suite *suite);
    /* From the key exchange's shared secret (wiped here) to the keys,
     * with the transcript as it stands (after the key exchange). */
    bool (*derive_keys)(latch_conn *c, uint8_t *shared, size_t len) LT_MUST_CHECK;
    /* From the resumed session's secret, in the handshake already;
     * `how` says why it is reused, for the trace. */
    bool (*resume_keys)(latch_conn *c, const char *how) LT_MUST_CHECK;
    /* The verify_data sender's Finished carries over the transcript so far. */
    bool (*finished)(latch_conn *c, lt_sender sender,
                     uint8_t out[LT_VERIFY_DATA_LEN]) LT_MUST_CHECK;
    /* Puts sender's keys into the record protection of one direction. */
    bool (*install_keys)(latch_conn *c, lt_record_direction dir, lt_sender sender) LT_MUST_CHECK;
};
typedef struct lt_version_ops lt_version_ops;

extern const lt_version_ops lt_tls12_ops;

/* The table of a version latch speaks, or NULL: the one place a version
 * picks its table. */
static inline const lt_version_ops *lt_version_ops_of(uint16_t version)
{
    return version == LT_VERSION_TLS12 ? &lt_tls12_ops : NULL;
}

#endif
