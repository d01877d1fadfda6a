/*
 * Driving an engine with a probe's bytes in process, and the configs the
 * conformance tables assume.
 */
#ifndef CONF_ENGINE_RUN_H
#define CONF_ENGINE_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "latch.h"
#include "verdict.h"

/* `latch server --cert interop/rsa.pem --key interop/rsa.key --ciphers
 * ALL --alpn http/1.1`, plus `--groups ALL_GROUPS` when all_groups. NULL
 * (with the reason in why) when the config refuses a setting. */
latch_config *conf_server_config(bool all_groups, char *why, size_t why_cap);

/* Feeds bytes to a new server connection, runs its handshake as far as
 * they go, and reads what it sent back. detail gets the server's error
 * sentence, if any. */
void conf_run_server(latch_config *cfg, const uint8_t *bytes, size_t len, verdict *v, char *detail,
                     size_t detail_cap);

#endif
