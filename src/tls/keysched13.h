/*
 * The TLS 1.3 key schedule (RFC 8446 7.1): HKDF (crypto/hkdf.h) from the
 * early secret (a PSK or zeros) through the handshake secret (the
 * (EC)DHE shared secret) to the master secret, and what each gives: the
 * binder key, the handshake and application traffic secrets, the
 * exporter and resumption master secrets. Beside it, the pieces that
 * work on one secret: HKDF-Expand-Label, Derive-Secret, traffic key and
 * IV (7.3), Finished (4.4.4), the next traffic secret for KeyUpdate
 * (7.2), the PSK of a ticket (4.6.1) and exporters (7.5).
 *
 * Every secret here is lt_hash_len(hash) bytes of the suite's hash
 * (SHA-256 or SHA-384); "th" is a transcript hash of that length, taken
 * by the caller over the messages the RFC names. Inputs stay the
 * caller's to wipe; every intermediate secret made here is wiped before
 * returning, and outputs are wiped on failure.
 */
#ifndef LT_TLS_KEYSCHED13_H
#define LT_TLS_KEYSCHED13_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/cipher.h"
#include "crypto/hash.h"

/* The longest secret: SHA-384's 48 bytes (room for any hash.h digest). */
#define LT_TLS13_SECRET_MAX LT_HASH_MAX_LEN
/* RFC 8446 7.1: HkdfLabel.label is "tls13 " + Label, at most 255 bytes. */
#define LT_TLS13_LABEL_MAX (255 - 6)
/* RFC 8446 7.1: HkdfLabel.context is at most 255 bytes. */
#define LT_TLS13_CONTEXT_MAX 255

/*
 * HKDF-Expand-Label(Secret, Label, Context, Length) =
 *   HKDF-Expand(Secret, HkdfLabel, Length), HkdfLabel being
 *   uint16 length || opaque label<7..255> = "tls13 " + Label ||
 *   opaque context<0..255>.
 * secret is lt_hash_len(hash) bytes; label is ASCII without the prefix.
 */
bool lt_tls13_expand_label(lt_hash_alg hash, const uint8_t *secret, const char *label,
                           const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len,
                           lt_error *err) LT_MUST_CHECK;

/* Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret,
 * Label, Transcript-Hash(Messages), Hash.length), given th =
 * Transcript-Hash(Messages). Writes lt_hash_len(hash) bytes. */
bool lt_tls13_derive_secret(lt_hash_alg hash, const uint8_t *secret, const char *label,
                            const uint8_t *th, size_t th_len, uint8_t *out,
                            lt_error *err) LT_MUST_CHECK;

/*
 * RFC 8446 4.4.4: finished_key = HKDF-Expand-Label(base_key, "finished",
 * "", Hash.length); verify_data = HMAC(finished_key, th). base_key is a
 * handshake traffic secret for Finished, or the binder key for a PSK
 * binder (4.2.11.2, th over the truncated ClientHello). Writes
 * lt_hash_len(hash) bytes; compare with lt_ct_equal.
 */
bool lt_tls13_finished(lt_hash_alg hash, const uint8_t *base_key, const uint8_t *th, size_t th_len,
                       uint8_t *verify_data, lt_error *err) LT_MUST_CHECK;

/* RFC 8446 7.3: write key = HKDF-Expand-Label(secret, "key", "",
 * key_length), write iv = HKDF-Expand-Label(secret, "iv", "", 12). key
 * holds lt_aead_key_len(aead) bytes. */
bool lt_tls13_traffic_keys(lt_hash_alg hash, lt_aead_alg aead, const uint8_t *secret, uint8_t *key,
                           uint8_t iv[LT_AEAD_NONCE_LEN], lt_error *err) LT_MUST_CHECK;

/* RFC 8446 7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(
 * application_traffic_secret_N, "traffic upd", "", Hash.length), in
 * place; the old secret is gone. On failure secret is wiped. */
bool lt_tls13_next_traffic_secret(lt_hash_alg hash, uint8_t *secret, lt_error *err) LT_MUST_CHECK;

/* RFC 8446 4.6.1: the PSK a ticket stands for, HKDF-Expand-Label(
 * resumption_master_secret, "resumption", ticket_nonce, Hash.length). */
bool lt_tls13_ticket_psk(lt_hash_alg hash, const uint8_t *resumption_master, const uint8_t *nonce,
                         size_t nonce_len, uint8_t *psk, lt_error *err) LT_MUST_CHECK;

/* RFC 8446 7.5: TLS-Exporter(label, context_value, key_length) =
 * HKDF-Expand-Label(Derive-Secret(exporter_master, label, ""),
 * "exporter", Hash(context_value), key_length). No context and an empty
 * one are the same in TLS 1.3. */
bool lt_tls13_export(lt_hash_alg hash, const uint8_t *exporter_master, const char *label,
                     const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len,
                     lt_error *err) LT_MUST_CHECK;

/* RFC 8446 4.4.1: after a HelloRetryRequest the transcript starts over
 * with the synthetic message message_hash (254) || uint24 Hash.length ||
 * Hash(ClientHello1) in place of ClientHello1. Writes those 4 +
 * lt_hash_len(hash) bytes to out (room for LT_TLS13_MESSAGE_HASH_MAX),
 * given ch1_hash = Hash(ClientHello1); *out_len gets the length. */
#define LT_TLS13_MESSAGE_HASH 254
#define LT_TLS13_MESSAGE_HASH_MAX (4 + LT_HASH_MAX_LEN)
bool lt_tls13_message_hash(lt_hash_alg hash, const uint8_t *ch1_hash, size_t ch1_hash_len,
                           uint8_t *out, size_t *out_len, lt_error *err) LT_MUST_CHECK;

/* Where the schedule stands: which secret `secret` holds. */
typedef enum lt_ks13_stage {
    LT_KS13_NONE = 0,
    LT_KS13_EARLY,
    LT_KS13_HANDSHAKE,
    LT_KS13_MASTER,
} lt_ks13_stage;

/* One handshake's schedule. Each step replaces the secret it came from
 * (wiping it), so only the current stage's secret is ever held. Wipe
 * with lt_ks13_wipe when the handshake ends. */
typedef struct lt_keysched13 {
    lt_hash_alg hash;
    size_t len; /* lt_hash_len(hash) */
    lt_ks13_stage stage;
    uint8_t secret[LT_TLS13_SECRET_MAX];
} lt_keysched13;

/* Early Secret = HKDF-Extract(0, PSK), or with HashLen zeros for a full
 * handshake (psk NULL). hash is LT_HASH_SHA256 or LT_HASH_SHA384. */
bool lt_ks13_early(lt_keysched13 *ks, lt_hash_alg hash, const uint8_t *psk, size_t psk_len,
                   lt_error *err) LT_MUST_CHECK;

typedef enum lt_binder_kind {
    LT_BINDER_RESUMPTION = 1, /* "res binder": a ticket's PSK */
    LT_BINDER_EXTERNAL,       /* "ext binder": a PSK set up out of band */
} lt_binder_kind;

/* binder_key = Derive-Secret(Early Secret, "res binder" or "ext
 * binder", ""). Needs the early stage. */
bool lt_ks13_binder_key(const lt_keysched13 *ks, lt_binder_kind kind, uint8_t *out,
                        lt_error *err) LT_MUST_CHECK;

/* Handshake Secret = HKDF-Extract(Derive-Secret(Early Secret, "derived",
 * ""), (EC)DHE). Needs the early stage; shared stays the caller's. */
bool lt_ks13_handshake(lt_keysched13 *ks, const uint8_t *shared, size_t shared_len,
                       lt_error *err) LT_MUST_CHECK;

/* client_ and server_handshake_traffic_secret ("c hs traffic", "s hs
 * traffic"), th over ClientHello..ServerHello. Needs the handshake
 * stage. */
bool lt_ks13_handshake_traffic(const lt_keysched13 *ks, const uint8_t *th, size_t th_len,
                               uint8_t *client, uint8_t *server, lt_error *err) LT_MUST_CHECK;

/* Master Secret = HKDF-Extract(Derive-Secret(Handshake Secret, "derived",
 * ""), 0). Needs the handshake stage. */
bool lt_ks13_master(lt_keysched13 *ks, lt_error *err) LT_MUST_CHECK;

/* client_ and server_application_traffic_secret_0 ("c ap traffic", "s ap
 * traffic") and exporter_master_secret ("exp master"), th over
 * ClientHello..server Finished. exporter may be NULL. Needs the master
 * stage. */
bool lt_ks13_app_traffic(const lt_keysched13 *ks, const uint8_t *th, size_t th_len, uint8_t *client,
                         uint8_t *server, uint8_t *exporter, lt_error *err) LT_MUST_CHECK;

/* resumption_master_secret ("res master"), th over ClientHello..client
 * Finished. Needs the master stage. */
bool lt_ks13_resumption(const lt_keysched13 *ks, const uint8_t *th, size_t th_len, uint8_t *out,
                        lt_error *err) LT_MUST_CHECK;

void lt_ks13_wipe(lt_keysched13 *ks);

#endif
