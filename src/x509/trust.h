/*
 * The trust store: parsed trust anchors, indexed by subject Name.
 *
 * Anchors come from the system bundle or from files, directories and
 * memory the caller names. A malformed certificate inside a bundle or a
 * directory is skipped and counted (the library never prints; the caller
 * may warn), not fatal. Exact duplicates are kept once. Lookups go
 * through an index sorted by subject DER, so finding the candidate
 * issuers of a certificate is a binary search. Once built, a store is
 * only read, and may be shared by any number of threads.
 */
#ifndef LT_X509_TRUST_H
#define LT_X509_TRUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "x509/cert.h"

/* Debian's bundle, and the directory of one file per anchor. */
#define LT_TRUST_SYSTEM_FILE "/etc/ssl/certs/ca-certificates.crt"
#define LT_TRUST_SYSTEM_DIR "/etc/ssl/certs"
/* More anchors than this is refused (the Mozilla bundle has ~150). */
#define LT_TRUST_MAX_ANCHORS 4096

typedef struct lt_trust_store lt_trust_store;

lt_trust_store *lt_trust_new(void);
void lt_trust_free(lt_trust_store *ts);

/* One DER certificate; a malformed one fails (the caller chose it). */
bool lt_trust_add_der(lt_trust_store *ts, const uint8_t *der, size_t len,
                      lt_error *err) LT_MUST_CHECK;
/* Every CERTIFICATE block of PEM text; malformed ones are skipped and
 * counted. Fails when the text holds no usable certificate at all. */
bool lt_trust_add_pem(lt_trust_store *ts, const uint8_t *pem, size_t len, const char *what,
                      lt_error *err) LT_MUST_CHECK;
/* A PEM file, or a directory whose *.pem, *.crt and OpenSSL hash-named
 * (*.0, *.1, ...) files are read; unreadable or malformed files in a
 * directory are skipped and counted. */
bool lt_trust_add_path(lt_trust_store *ts, const char *path, lt_error *err) LT_MUST_CHECK;
/* The system store: $SSL_CERT_FILE and $SSL_CERT_DIR when set (either or
 * both; secure_getenv, so not in a setuid program), otherwise LT_TRUST_SYSTEM_FILE, or
 * LT_TRUST_SYSTEM_DIR when that file does not exist. */
bool lt_trust_add_system(lt_trust_store *ts, lt_error *err) LT_MUST_CHECK;

size_t lt_trust_count(const lt_trust_store *ts);
/* Malformed certificates and unreadable files skipped so far. */
size_t lt_trust_skipped(const lt_trust_store *ts);

/* The anchors whose subject is `subject`: *first gets the first of *count
 * consecutive entries (none when *count is 0). */
void lt_trust_find(const lt_trust_store *ts, const lt_name *subject, const lt_cert *const **first,
                   size_t *count);
/* True when der is exactly one of the anchors. */
bool lt_trust_contains(const lt_trust_store *ts, const lt_cert *cert);

#endif
