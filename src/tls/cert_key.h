/*
 * latch_cert_key: a certificate chain and its key made outside a config,
 * for the certificate selection callback (latch.h); reference-counted and
 * read-only once made.
 */
#ifndef LT_TLS_CERT_KEY_H
#define LT_TLS_CERT_KEY_H

#include "latch.h"
#include "tls/config.h"

/* Takes a reference; returns ck. */
latch_cert_key *lt_cert_key_ref(latch_cert_key *ck);
/* The chain and key inside. */
const lt_cert_key *lt_cert_key_inner(const latch_cert_key *ck);

#endif
