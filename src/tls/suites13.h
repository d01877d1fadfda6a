/*
 * The TLS 1.3 cipher suites (RFC 8446 B.4): an AEAD and a hash each, in
 * a table of their own beside the TLS 1.2 one (suites.h), since a TLS
 * 1.3 suite names no key exchange and no signature. They are lt_suite
 * values, so the negotiated suite is one pointer whatever the version.
 */
#ifndef LT_TLS_SUITES13_H
#define LT_TLS_SUITES13_H

#include "tls/suites.h"

#define LT_SUITE13_COUNT 3

/* TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,
 * TLS_CHACHA20_POLY1305_SHA256: a config's default order (a config's own
 * list, config.h's suites13, is what a connection offers and accepts). */
const lt_suite *lt_suite13_at(size_t i);
/* NULL when the code is not a TLS 1.3 suite. */
const lt_suite *lt_suite13_by_code(uint16_t code);
/* NULL when the name (its first len bytes) is not a TLS 1.3 suite's
 * IANA name, which OpenSSL spells the same way. */
const lt_suite *lt_suite13_by_name(const char *name, size_t len);

/* Into out, the TLS 1.3 suites among codes, in their order. */
void lt_suite13_list_from_codes(const uint16_t *codes, size_t n, lt_suite_list *out);
/* "TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256": a list's names
 * for a sentence; a buffer of LT_SUITE13_LIST_TEXT_MAX bytes holds them all. */
#define LT_SUITE13_LIST_TEXT_MAX 96
void lt_suite13_list_text(const lt_suite_list *list, char *buf, size_t cap);

/* Fails with LATCH_ERR_CONFIG, saying where it belongs, when a
 * colon-separated TLS 1.2 cipher list names a TLS 1.3 suite. */
bool lt_suite13_none_in(const char *tls12_list, lt_error *err) LT_MUST_CHECK;

/* The three suites in the order of lt_suite13_at(): a config's default. */
void lt_suite13_list_default(lt_suite_list *out);
/*
 * Parses a colon-separated list of TLS 1.3 suite names, in preference
 * order, dropping repeats. Fails with LATCH_ERR_CONFIG on an empty list
 * or entry and on an unknown name (the sentence lists the known ones, and
 * says when the name is a TLS 1.2 suite's); *out is written only on
 * success, and then holds at least one suite.
 */
bool lt_suite13_list_parse(const char *text, lt_suite_list *out, lt_error *err) LT_MUST_CHECK;

#endif
