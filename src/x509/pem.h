/*
 * PEM (RFC 7468): finding "-----BEGIN label-----" blocks in text and
 * decoding their base64 strictly.
 *
 * Text outside blocks (comments in a bundle, a certificate's printed
 * form) is ignored; lines may end in CRLF. Inside a block every character
 * must be base64, padding only at the end, and the unused bits of the last
 * character zero. Malformed PEM is LATCH_ERR_DECODE; a file that holds no
 * usable private key (or an encrypted one) is LATCH_ERR_CONFIG.
 */
#ifndef LT_X509_PEM_H
#define LT_X509_PEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/reader.h"
#include "crypto/sig.h"

#define LT_PEM_LABEL_MAX 64
/* The most base64 text one block may hold (a certificate is a few KiB). */
#define LT_PEM_BLOCK_MAX ((size_t)1 << 20)

typedef struct lt_pem_block {
    char label[LT_PEM_LABEL_MAX + 1];
    uint8_t *der; /* owned; wiped when freed since it may be a key */
    size_t der_len;
    bool encrypted;    /* a legacy "Proc-Type: 4,ENCRYPTED" header was present */
    unsigned odd_line; /* the first base64 line narrower or wider than the rest, or 0 */
} lt_pem_block;

/* A position in PEM text; the text must outlive it. */
typedef struct lt_pem_iter {
    lt_reader text;
    unsigned line; /* lines consumed so far, for messages */
} lt_pem_iter;

void lt_pem_iter_init(lt_pem_iter *it, const uint8_t *text, size_t len);

/* Finds the next block whose label is `label` (any label when NULL),
 * skipping other blocks undecoded, and decodes it into *block (free it
 * with lt_pem_block_free). *found is false once the text has no more. */
bool lt_pem_next(lt_pem_iter *it, const char *label, lt_pem_block *block, bool *found,
                 lt_error *err) LT_MUST_CHECK;
void lt_pem_block_free(lt_pem_block *block);

/* Whether the text has a BEGIN line whose label ends with `suffix`
 * ("PRIVATE KEY" matches every kind of key): for saying what a file holds
 * instead of what was expected. */
bool lt_pem_holds(const uint8_t *text, size_t len, const char *suffix);

/* Strict base64 (RFC 4648 4, no whitespace): out needs len / 4 * 3 bytes. */
bool lt_base64_decode(const uint8_t *in, size_t len, uint8_t *out, size_t *out_len,
                      lt_error *err) LT_MUST_CHECK;

/* The one private key in PEM text: "PRIVATE KEY" (PKCS#8), "RSA PRIVATE
 * KEY" (PKCS#1) or "EC PRIVATE KEY" (SEC1). Certificates and "EC
 * PARAMETERS" blocks beside it are skipped. Encrypted keys are refused
 * with a message saying so. */
bool lt_pem_read_private_key(const uint8_t *text, size_t len, lt_pem_block *key,
                             lt_privkey_format *format, lt_error *err) LT_MUST_CHECK;

#endif
