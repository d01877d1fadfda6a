/*
 * Protocol versions in sentences: what a peer offered or chose and what
 * this side accepts, so that a version mismatch names both sides.
 */
#ifndef LT_TLS_VERSION_TEXT_H
#define LT_TLS_VERSION_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "latch.h"
#include "tls/msg.h"

/* Room for any of the texts below. */
#define LT_VERSION_TEXT_MAX 96

/* "TLS 1.2", "SSL 3.0", or "0x7f1c" for a version without a name. */
void lt_version_name_text(uint16_t version, char *out, size_t cap);

/* What a ClientHello offers: its supported_versions list ("TLS 1.3,
 * TLS 1.2 (supported_versions)", GREASE left out) or, without one, its
 * legacy_version ("TLS 1.1 at most (legacy_version 0x0302)"). */
void lt_version_offer_text(const lt_client_hello *ch, char *out, size_t cap);

/* What a config accepts: "TLS 1.2 and TLS 1.3", "TLS 1.3 only". */
void lt_version_range_text(const latch_config *cfg, char *out, size_t cap);

#endif
