/*
 * Matching a host name or IP address against a certificate (RFC 9525,
 * which replaced RFC 6125).
 *
 * Only subjectAltName is consulted: the common name is never used. A DNS
 * host matches a dNSName entry compared as case-insensitive ASCII, where
 * "*" may stand for exactly the whole leftmost label ("*.example.com"
 * covers "www.example.com", not "example.com" nor "a.b.example.com"). A
 * wildcard never spans a public suffix: the part after "*." must have at
 * least two labels and must not be a suffix of the ICANN section of the
 * Public Suffix List (read through libpsl, which uses Debian's
 * publicsuffix data), and the host it stands for must not be one either,
 * so "*.com", "*.co.uk" and "*.kawasaki.jp" match nothing. An IP address (IPv4 dotted quad or IPv6
 * text) matches only an iPAddress entry with the same bytes.
 */
#ifndef LT_X509_HOSTNAME_H
#define LT_X509_HOSTNAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "x509/cert.h"

#define LT_HOST_MAX 253

typedef struct lt_host {
    char dns[LT_HOST_MAX + 1]; /* lower case, no trailing dot; empty for an address */
    uint8_t ip[16];
    size_t ip_len; /* 4 or 16 for an address, 0 for a DNS name */
} lt_host;

/* Reads a host: an IP literal, or a DNS name (letters, digits, "-", "_",
 * non-empty labels, one trailing dot allowed). Others fail with
 * LATCH_ERR_USAGE. */
bool lt_host_parse(const char *text, lt_host *host, lt_error *err) LT_MUST_CHECK;
/* True when the pattern (a dNSName, len bytes) covers the lower-case DNS
 * host under the rules above. */
bool lt_dns_pattern_matches(const uint8_t *pattern, size_t len, const char *host);
/* Fails with LATCH_ERR_BAD_CERTIFICATE ("certificate for *.example.org
 * (CN=...) does not cover example.com") unless the certificate covers host. */
bool lt_cert_check_host(const lt_cert *cert, const lt_host *host, lt_error *err) LT_MUST_CHECK;

#endif
