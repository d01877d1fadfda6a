/*
 * CBC record protection for TLS 1.2 (RFC 5246 6.2.3.2) with HMAC, either
 * MAC-then-encrypt or encrypt-then-MAC (RFC 7366). record.c switches a
 * direction to it with lt_record_set_cbc(); this header is for record.c
 * and for tests of the constant-time check.
 */
#ifndef LT_TLS_RECORD_CBC_H
#define LT_TLS_RECORD_CBC_H

#include "tls/record.h"

/* Keys a fresh protection state (ops included) into *p, which the caller
 * then installs; on failure *p holds nothing to free. */
bool lt_record_cbc_init(lt_record_prot *p, bool write, lt_cbc_alg alg, lt_hash_alg mac_hash,
                        const uint8_t *enc_key, const uint8_t *mac_key, bool encrypt_then_mac,
                        lt_error *err) LT_MUST_CHECK;

/*
 * The MAC-then-encrypt check of a decrypted record body (content, MAC,
 * padding, padding length: len bytes, len > mac_len) in constant time
 * against Lucky Thirteen: the padding check reads the last 256 bytes (or
 * all, if fewer) whatever the padding length, and the MAC is computed
 * with lt_hmac_secret_len over the longest plaintext the record could
 * hold, so neither time nor memory access depends on the padding's length
 * or validity. *good is all-ones when padding and MAC are both right,
 * zero otherwise; *plain_len is the content length when good. Returns
 * false only for internal failures.
 */
bool lt_cbc_mte_check(lt_hash_alg mac_hash, const uint8_t *mac_key, uint64_t seq, uint8_t type,
                      uint16_t version, const uint8_t *body, size_t len, uint32_t *good,
                      size_t *plain_len, lt_error *err) LT_MUST_CHECK;

/* Whether p is a CBC protection made by lt_record_cbc_init. */
bool lt_record_cbc_is(const lt_record_prot *p);

#endif
