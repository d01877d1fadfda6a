/*
 * X.509 Names (RFC 5280 4.1.2.4), kept as their DER.
 *
 * Chaining compares issuer and subject byte for byte, so a Name is its raw
 * DER after a structural check; rendering it for people is separate.
 */
#ifndef LT_X509_NAME_H
#define LT_X509_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include "x509/der.h"

/* More relative distinguished names than this is refused. */
#define LT_NAME_MAX_RDNS 64

typedef struct lt_name {
    lt_span der; /* the whole Name TLV, inside its certificate */
} lt_name;

/* Reads a Name: a SEQUENCE of non-empty SETs of (OID, value) pairs whose
 * string values follow their type's character rules. */
bool lt_name_read(lt_reader *r, lt_name *name, const char *what, lt_error *err) LT_MUST_CHECK;
/* Exact DER equality, as path building compares issuer to subject. */
bool lt_name_equal(const lt_name *a, const lt_name *b);
/* True for the empty Name (no RDNs). */
bool lt_name_is_empty(const lt_name *name);
/* One line for people, most specific first ("CN=example.com, O=Example,
 * C=US"), with ",+\";<>" escaped by a backslash, control characters and
 * bytes that are not text as \xNN, and unknown types as dotted OIDs.
 * Always NUL-terminated; ends in "..." when cut short. */
void lt_name_format(const lt_name *name, char *out, size_t cap);

#endif
