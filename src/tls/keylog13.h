/*
 * The NSS key log lines of TLS 1.3 (what Wireshark and tshark read to
 * decrypt a capture): "<LABEL> <client_random hex> <secret hex>", through
 * the config's key log callback (latch_config_set_keylog). TLS 1.2's
 * single CLIENT_RANDOM line is lt_trace_keylog (trace.h).
 */
#ifndef LT_TLS_KEYLOG13_H
#define LT_TLS_KEYLOG13_H

#include <stddef.h>
#include <stdint.h>

#include "tls/config.h"
#include "tls/msg_common.h"

/* The labels the handshake logs, one per secret. */
#define LT_KEYLOG_CLIENT_HS "CLIENT_HANDSHAKE_TRAFFIC_SECRET"
#define LT_KEYLOG_SERVER_HS "SERVER_HANDSHAKE_TRAFFIC_SECRET"
#define LT_KEYLOG_CLIENT_AP "CLIENT_TRAFFIC_SECRET_0"
#define LT_KEYLOG_SERVER_AP "SERVER_TRAFFIC_SECRET_0"
#define LT_KEYLOG_EXPORTER "EXPORTER_SECRET"

/* Sends one line to cfg's key log callback, if it has one; secret_len is
 * at most 64. The line is wiped once the callback returns. */
void lt_keylog13(const latch_config *cfg, const char *label,
                 const uint8_t client_random[LT_RANDOM_LEN], const uint8_t *secret,
                 size_t secret_len);

#endif
