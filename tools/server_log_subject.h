/*
 * `latch server --log`: the subject of the certificate a client proved
 * it holds, as one quoted word of the log line.
 */
#ifndef LATCH_TOOLS_SERVER_LOG_SUBJECT_H
#define LATCH_TOOLS_SERVER_LOG_SUBJECT_H

#include <stddef.h>

#include "latch.h"

/* "\"CN=client, O=Example\"" (escaped with latch_escape, a quote as
 * \x22), or "none" when the client authenticated with no certificate or
 * its subject cannot be read. cfg is the server's config. */
const char *server_log_subject(latch_config *cfg, const latch_conn *conn, char *out, size_t cap);

#endif
