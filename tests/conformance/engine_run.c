#include "engine_run.h"

#include <stdio.h>
#include <string.h>

#include "base/writer.h"
#include "check.h"
#include "server_rows.h"

latch_config *conf_server_config(bool all_groups, char *why, size_t why_cap)
{
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    char cert[4096];
    snprintf(cert, sizeof(cert), "%s", check_data_path("interop/rsa.pem"));
    bool ok =
        cfg != NULL &&
        latch_config_add_cert_key_file(cfg, cert, check_data_path("interop/rsa.key")) == LATCH_OK &&
        latch_config_set_ciphers(cfg, SERVER_ROWS_CIPHERS) == LATCH_OK &&
        latch_config_set_alpn(cfg, SERVER_ROWS_ALPN) == LATCH_OK &&
        (!all_groups || latch_config_set_groups(cfg, SERVER_ROWS_ALL_GROUPS) == LATCH_OK);
    if (!ok) {
        snprintf(why, why_cap, "server config: %s",
                 cfg != NULL ? latch_config_error(cfg) : "out of memory");
        latch_config_free(cfg);
        return NULL;
    }
    return cfg;
}

void conf_run_server(latch_config *cfg, const uint8_t *bytes, size_t len, verdict *v, char *detail,
                     size_t detail_cap)
{
    latch_conn *conn = latch_conn_new(cfg, NULL);
    lt_writer sent;
    lt_writer_init_growable(&sent, 0);
    size_t off = 0;
    latch_err r = LATCH_WANT_READ;
    for (int spins = 0; spins < 100000; spins++) {
        size_t fed = off < len ? latch_conn_feed(conn, bytes + off, len - off) : 0;
        off += fed;
        r = latch_conn_handshake(conn);
        size_t out_len;
        const uint8_t *out = latch_conn_output(conn, &out_len);
        lt_write_bytes(&sent, out, out_len);
        latch_conn_output_done(conn, out_len);
        if (r != LATCH_WANT_READ && r != LATCH_WANT_WRITE)
            break;
        if (fed == 0 && out_len == 0 && r == LATCH_WANT_READ)
            break; /* everything taken, or the engine takes no more */
    }
    verdict_from_server_bytes(sent.data, sent.len, v);
    if (v->answer == EXPECT_SILENCE && r != LATCH_WANT_READ && r != LATCH_WANT_WRITE &&
        r != LATCH_OK)
        v->answer = EXPECT_CLOSED;
    snprintf(detail, detail_cap, "%s (%s)", latch_conn_error(conn), latch_err_name(r));
    lt_writer_free(&sent);
    latch_conn_free(conn);
}
