/*
 * Certificate revocation lists (RFC 5280 5), given by the caller as files:
 * strict DER parsing as for certificates, and the checks a path needs.
 *
 * Only complete CRLs are understood: a CRL carrying a critical extension
 * (issuingDistributionPoint, deltaCRLIndicator, ...) or an entry with a
 * critical extension (certificateIssuer of an indirect CRL) is refused
 * with LATCH_ERR_UNSUPPORTED_CERTIFICATE, rather than read wrongly.
 */
#ifndef LT_X509_CRL_H
#define LT_X509_CRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "x509/cert.h"

/* Revoked entries one CRL may list. */
#define LT_CRL_MAX_ENTRIES 1000000

typedef struct lt_crl {
    uint8_t *der; /* owned copy */
    size_t der_len;
    lt_span tbs;
    lt_x509_sig_alg sig_alg;
    lt_span signature;
    lt_name issuer;
    int64_t this_update;
    int64_t next_update; /* INT64_MAX when absent */
    lt_span authority_key_id;
    bool has_number;  /* a cRLNumber extension is present */
    lt_span *revoked; /* owned array of userCertificate INTEGER contents */
    size_t revoked_count;
} lt_crl;

bool lt_crl_parse(lt_crl *crl, const uint8_t *der, size_t len, lt_error *err) LT_MUST_CHECK;
void lt_crl_free(lt_crl *crl);

/* The CRL is issued by `issuer`'s key (allowed algorithm, keyUsage
 * cRLSign when keyUsage is present) and current at `now` (thisUpdate <=
 * now < nextUpdate; a CRL without nextUpdate is refused). A stale CRL is
 * LATCH_ERR_CERTIFICATE_UNKNOWN: the certificate's status is unknown. */
bool lt_crl_check(const lt_crl *crl, const lt_cert *issuer, int64_t now,
                  lt_error *err) LT_MUST_CHECK;
bool lt_crl_lists(const lt_crl *crl, lt_span serial);

typedef struct lt_crl_list {
    lt_crl *items; /* owned */
    size_t count;
} lt_crl_list;

/* Adds the CRLs of a file's contents: one DER CRL, or PEM text with one
 * or more "X509 CRL" blocks. `what` names the source in messages. */
bool lt_crl_list_add(lt_crl_list *list, const uint8_t *data, size_t len, const char *what,
                     lt_error *err) LT_MUST_CHECK;
void lt_crl_list_free(lt_crl_list *list);

#endif
