/*
 * TLS 1.3 record protection (RFC 8446 5.2-5.5), one more
 * lt_record_prot_ops beside the TLS 1.2 ones in record.c.
 *
 * Every protected record goes out as opaque_type application_data (23),
 * legacy_record_version 0x0303; its additional data is that 5-byte
 * header. The plaintext is TLSInnerPlaintext: content || real type ||
 * zero padding, sealed with an AEAD under the nonce iv XOR the 64-bit
 * sequence number left-padded to 12 bytes (5.3). Opening scans back past
 * the padding to the type; lt_record_open then hands the caller the
 * inner type. A protected record whose outer type is not
 * application_data is refused (unexpected_message), but an unprotected
 * ChangeCipherSpec passes through for the handshake to judge (RFC 8446
 * 5, middlebox compatibility).
 *
 * The key and IV come from a traffic secret (7.3), kept here so that a
 * KeyUpdate (4.6.3, 7.2) is one call. Records are counted per key: after
 * LT_RECORD13_GCM_UPDATE_AT records under one AES-GCM key the direction
 * asks for a KeyUpdate (lt_record_needs_key_update), and the writer
 * refuses to go past LT_RECORD13_GCM_LIMIT (5.5).
 */
#ifndef LT_TLS_RECORD13_H
#define LT_TLS_RECORD13_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/cipher.h"
#include "crypto/hash.h"
#include "tls/record.h"

/* RFC 8446 5.4: TLSInnerPlaintext (content, type, padding) <= 2^14 + 1. */
#define LT_RECORD13_MAX_INNER (LT_RECORD_MAX_PLAINTEXT + 1)
/* What a record adds to its content at most: the type byte and the
 * 16-byte tag of every TLS 1.3 AEAD; padding counts in the inner
 * plaintext's limit. RFC 8446 5.2 bounds TLSCiphertext.length by
 * 2^14 + 256 for AEADs yet to come; with these AEADs a record longer
 * than 2^14 + 17 would hold more than 2^14 + 1 bytes of inner
 * plaintext, so lt_record_open refuses it with record_overflow from its
 * header alone, and input buffers need no room for it. */
#define LT_RECORD13_MAX_EXPANSION (1 + LT_AEAD_TAG_LEN)
/* RFC 8446 5.5: "up to 2^24.5 full-size records (about 24 million) may
 * be encrypted" under one AES-GCM key; ask for a new key at 2^24, with
 * room to spare. ChaCha20-Poly1305's limit is past the sequence number's. */
#define LT_RECORD13_GCM_LIMIT 23726566u /* floor(2^24.5) */
#define LT_RECORD13_GCM_UPDATE_AT (1u << 24)

/* The protection itself; lt_record_open and lt_record_seal tell TLS 1.3
 * records apart by it. */
extern const lt_record_prot_ops lt_record13_ops;

/* RFC 8446 5.3: the per-record nonce, the 64-bit sequence number
 * left-padded to the IV's length and XORed with the IV. */
void lt_record13_nonce(const lt_record_prot *p, uint64_t seq, uint8_t nonce[LT_AEAD_NONCE_LEN]);

/*
 * Switches one direction to TLS 1.3 protection under a traffic secret
 * (lt_hash_len(hash) bytes, copied; the caller wipes its own): derives
 * the write key and IV, resets the sequence number to 0 and the record
 * count of the key. Outgoing records are padded to rl->pad_multiple.
 */
bool lt_record_set_tls13(lt_record_layer *rl, lt_record_direction dir, lt_hash_alg hash,
                         lt_aead_alg aead, const uint8_t *secret, lt_error *err) LT_MUST_CHECK;

/* KeyUpdate for one direction: the next traffic secret ("traffic upd",
 * RFC 8446 7.2) replaces the one in force, with its key and IV, and the
 * sequence number starts again at 0. Fails (internal) when the direction
 * is not under TLS 1.3 protection. */
bool lt_record_tls13_update(lt_record_layer *rl, lt_record_direction dir,
                            lt_error *err) LT_MUST_CHECK;

/* Whether the direction is under TLS 1.3 protection. */
bool lt_record_is_tls13(const lt_record_layer *rl, lt_record_direction dir);

/* Whether the direction's key has protected so many records that it
 * should change (RFC 8446 5.5): the handshake layer then sends a
 * KeyUpdate (for the write direction) or requests one (read). */
bool lt_record_needs_key_update(const lt_record_layer *rl, lt_record_direction dir);

#endif
