/*
 * Whether one X.509 Name lies under another, for directoryName name
 * constraints (RFC 5280 4.2.1.10 with the comparison rules of 7.1).
 *
 * A Name is within a subtree when the subtree's RDNs are the first RDNs of
 * the Name, each RDN holding the same attributes. Attribute values of the
 * string types compare after removing leading and trailing spaces,
 * folding runs of spaces to one and ignoring ASCII case (the part of the
 * LDAP StringPrep that names in certificates need); values of other types
 * compare byte for byte.
 */
#ifndef LT_X509_NAME_MATCH_H
#define LT_X509_NAME_MATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "x509/der.h"

/* name and subtree are Name TLVs already checked by lt_name_read; a
 * malformed one is never within. */
bool lt_name_within(lt_span name, lt_span subtree);

/* The values of the emailAddress attributes (PKCS #9) of a Name, up to cap
 * of them, into out; *count says how many. */
void lt_name_emails(lt_span name, lt_span *out, size_t cap, size_t *count);

#endif
