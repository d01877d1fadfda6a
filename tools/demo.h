/*
 * latch demo's parts: the certificates it mints, the server's config,
 * and the --compare mode (demo_compare.c).
 */
#ifndef LATCH_TOOLS_DEMO_H
#define LATCH_TOOLS_DEMO_H

#include <stdbool.h>

#include "latch.h"
#include "trace_render.h"

/* A development CA and a leaf for localhost and 127.0.0.1 it signed. */
typedef struct demo_certs {
    latch_mkcert_result ca;
    latch_mkcert_result leaf;
} demo_certs;

/* Mints both; false after saying why on stderr. */
bool demo_mint(demo_certs *certs);
void demo_certs_free(demo_certs *certs);
/* A server config with the leaf; NULL after saying why. */
latch_config *demo_server_config(const latch_mkcert_result *leaf);

/* latch demo --compare: a TLS 1.2 and a TLS 1.3 handshake side by side,
 * as a table (text) or as two sequence diagrams on stdout and the table on
 * stderr (mermaid); returns the exit status. */
int demo_compare(trace_format format);

#endif
