#include "server_log_subject.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "show_certs.h"

/* The public API gives the peer's chain as DER, and its subject only as
 * part of a validated path: the chain is validated again, against the
 * same trust anchors, which it passed moments ago in the handshake. */
static bool leaf_subject(latch_config *cfg, const latch_conn *conn, char *subject, size_t cap)
{
    char *pem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&pem, &len);
    if (f == NULL)
        return false;
    show_certs(f, conn);
    bool ok = fclose(f) == 0;
    latch_verify_result *result = calloc(1, sizeof *result);
    ok = ok && result != NULL &&
         latch_verify_pem(cfg, (const uint8_t *)pem, len, NULL, LATCH_CLIENT, NULL, 0, result) ==
             LATCH_OK &&
         result->path_len > 0;
    if (ok)
        snprintf(subject, cap, "%s", result->path[0].subject);
    free(result);
    free(pem);
    return ok;
}

const char *server_log_subject(latch_config *cfg, const latch_conn *conn, char *out, size_t cap)
{
    char subject[sizeof(((latch_path_cert *)0)->subject)];
    char escaped[LATCH_ESCAPED_MAX(sizeof(subject))];
    if (!latch_conn_client_authenticated(conn) || latch_conn_peer_cert_count(conn) == 0 ||
        !leaf_subject(cfg, conn, subject, sizeof subject) || cap < 3)
        return "none";
    latch_escape(escaped, sizeof escaped, subject, strlen(subject));
    /* One word of key=value text: quoted, and a quote inside escaped. */
    size_t n = 0;
    out[n++] = '"';
    for (const char *p = escaped; *p != '\0' && n + 5 < cap; p++) {
        if (*p == '"') {
            memcpy(out + n, "\\x22", 4);
            n += 4;
        } else {
            out[n++] = *p;
        }
    }
    out[n++] = '"';
    out[n] = '\0';
    return out;
}
