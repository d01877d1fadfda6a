/*
 * The body of a ClientHello's pre_shared_key extension (RFC 8446
 * 4.2.11): OfferedPsks, a list of identities (a ticket and its
 * obfuscated age) and a list of binders, one for each.
 */
#ifndef LT_TLS_PSK13_OFFER_H
#define LT_TLS_PSK13_OFFER_H

#include "tls/msg_common.h"

typedef struct lt_psk_identity {
    lt_span ticket; /* 1..2^16-1 bytes */
    uint32_t obfuscated_age;
    lt_span binder; /* 32..255 bytes */
} lt_psk_identity;

/* The first identities kept; more are read and checked, not kept. */
#define LT_PSK13_MAX_IDENTITIES 8

typedef struct lt_offered_psks {
    lt_psk_identity ids[LT_PSK13_MAX_IDENTITIES];
    size_t count;       /* kept */
    size_t binders_len; /* the binders list's bytes, its length included:
                         * what the binder's truncated ClientHello leaves out */
} lt_offered_psks;

/* Strict: every length checked, no trailing bytes (decode_error), as
 * many binders as identities (illegal_parameter). Borrows from offer. */
bool lt_offered_psks_parse(lt_span offer, lt_offered_psks *out, lt_error *err) LT_MUST_CHECK;

#endif
