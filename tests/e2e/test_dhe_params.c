/*
 * The client's checks of a DHE server's parameters, end to end. A
 * man-in-the-middle cannot sign a ServerKeyExchange, so this one plays a
 * malicious or misconfigured server: it holds the server's private key
 * (the test reads it from the server's config) and re-signs the
 * ServerKeyExchange over both randoms after changing p, g or Ys. The
 * client must refuse a prime under 2048 bits (insufficient_security), an
 * even prime, g or Ys outside 1 < x < p-1 (illegal_parameter). The
 * control case re-signs the parameters unchanged: the client accepts
 * them, and the handshake fails only at Finished because the transcript
 * changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tamper.h"
#include "tls/config.h"
#include "tls/conn.h"
#include "tls/msg.h"

/* A 1024-bit safe prime with generator 2, made with `openssl genpkey
 * -genparam -algorithm DH -pkeyopt dh_paramgen_prime_len:1024`. */
static const char p1024_hex[] =
    "954d9bd62f3760eef28f4e9dc68458bc4b253a09c6a7838b075b0c05c08dacca35cb72b853fc1c52823b9a2291"
    "023feacd5c2b434a20ad2f74bbc7ab59f2c7c15d6081fcdfd4f0df9d9cd5a161c9ae3689b6e3f35d9ebc2efbdb"
    "5f6b1f4c28eedcbf85bdc5d48f52436b23c4f0a5d875bb46ed69c063cc3847e50d0ab65b4627";

typedef enum change {
    UNCHANGED,
    P_1024,
    P_EVEN,
    G_0,
    G_1,
    G_P_MINUS_1,
    YS_0,
    YS_1,
    YS_P_MINUS_1,
    YS_P,
    YS_TOO_LONG,
} change;

typedef struct forger {
    const lt_privkey *key;
    change what;
    uint8_t client_random[32];
    uint8_t server_random[32];
} forger;

static void take_client_random(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                               void *arg)
{
    forger *f = arg;
    if (type == LT_HS_CLIENT_HELLO)
        memcpy(f->client_random, body + 2, 32);
    tamper_copy_message(type, body, len, out);
}

static void forge_ske(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    forger *f = arg;
    if (type == LT_HS_SERVER_HELLO)
        memcpy(f->server_random, body + 2, 32);
    if (type != LT_HS_SERVER_KEY_EXCHANGE) {
        tamper_copy_message(type, body, len, out);
        return;
    }
    lt_server_key_exchange ske;
    lt_error err;
    lt_error_clear(&err);
    if (!lt_server_key_exchange_parse(body, len, LT_MSG_KEX_DHE, &ske, &err))
        abort();
    static uint8_t p[600], g[600], ys[600];
    size_t p_len = ske.dh_p.len, g_len = ske.dh_g.len, ys_len = ske.dh_ys.len;
    memcpy(p, ske.dh_p.data, p_len);
    memcpy(g, ske.dh_g.data, g_len);
    memcpy(ys, ske.dh_ys.data, ys_len);
    switch (f->what) {
    case UNCHANGED:
        break;
    case P_1024:
        p_len = check_hex(p1024_hex, p, sizeof(p));
        ys[0] = 2;
        ys_len = 1;
        break;
    case P_EVEN:
        p[p_len - 1] ^= 1;
        break;
    case G_0:
        g[0] = 0;
        g_len = 1;
        break;
    case G_1:
        g[0] = 1;
        g_len = 1;
        break;
    case G_P_MINUS_1:
        memcpy(g, p, p_len);
        g[p_len - 1] -= 1;
        g_len = p_len;
        break;
    case YS_0:
    case YS_1:
        ys[0] = f->what == YS_1;
        ys_len = 1;
        break;
    case YS_P_MINUS_1:
    case YS_P:
        memcpy(ys, p, p_len);
        ys[p_len - 1] -= f->what == YS_P_MINUS_1;
        ys_len = p_len;
        break;
    case YS_TOO_LONG:
        ys[0] = 0;
        memcpy(ys + 1, ske.dh_ys.data, ske.dh_ys.len);
        ys_len = ske.dh_ys.len + 1;
        break;
    }
    ske.dh_p = lt_span_make(p, p_len);
    ske.dh_g = lt_span_make(g, g_len);
    ske.dh_ys = lt_span_make(ys, ys_len);

    uint8_t tbs[64 + 3 * 602];
    lt_writer w;
    lt_writer_init_fixed(&w, tbs, sizeof(tbs));
    lt_write_bytes(&w, f->client_random, 32);
    lt_write_bytes(&w, f->server_random, 32);
    lt_server_key_exchange_write_params(&ske, &w);
    static uint8_t sig[LT_SIG_MAX_LEN];
    size_t sig_len;
    if (!lt_writer_ok(&w) ||
        !lt_sign(f->key, ske.sig.scheme, tbs, w.len, sig, sizeof(sig), &sig_len, &err))
        abort();
    ske.sig.signature = lt_span_make(sig, sig_len);
    lt_server_key_exchange_write(&ske, out);
}

static void tamper(int dir, size_t index, pair_record *rec, void *arg)
{
    if (index == 0)
        tamper_handshake_record(rec, dir == PAIR_TO_SERVER ? take_client_random : forge_ske, arg);
}

static void one_case(latch_config *client_cfg, latch_config *server_cfg, change what,
                     latch_err want, const char *words)
{
    forger f = {&server_cfg->cert_keys[0].key, what, {0}, {0}};
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    p.tamper = tamper;
    p.tamper_arg = &f;
    CHECK(!pair_handshake(&p));
    latch_conn *detector = what == UNCHANGED ? p.server : p.client;
    latch_conn *other = what == UNCHANGED ? p.client : p.server;
    bool ok = latch_conn_error_code(detector) == want &&
              strstr(latch_conn_error(detector), words) != NULL &&
              latch_conn_peer_alert(other) == (int)latch_err_alert(want);
    if (!ok) {
        check_fail(__FILE__, __LINE__, words);
        fprintf(stderr, "  case %d: client: %s; server: %s\n", (int)what,
                latch_conn_error(p.client), latch_conn_error(p.server));
    }
    pair_free(&p);
}

int main(void)
{
    latch_config *server_cfg = pair_server_config("e2e/rsa2048.chain.pem", "e2e/rsa2048.key");
    latch_config *client_cfg = pair_client_config(true);
    CHECK(latch_config_set_ciphers(client_cfg, "DHE-RSA-AES128-GCM-SHA256") == LATCH_OK);

    one_case(client_cfg, server_cfg, UNCHANGED, LATCH_ERR_BAD_RECORD_MAC, "failed authentication");
    one_case(client_cfg, server_cfg, P_1024, LATCH_ERR_INSUFFICIENT_SECURITY,
             "DH prime has 1024 bits, fewer than the 2048 required");
    one_case(client_cfg, server_cfg, P_EVEN, LATCH_ERR_ILLEGAL_PARAMETER, "DH prime is even");
    one_case(client_cfg, server_cfg, G_0, LATCH_ERR_ILLEGAL_PARAMETER, "generator");
    one_case(client_cfg, server_cfg, G_1, LATCH_ERR_ILLEGAL_PARAMETER, "generator");
    one_case(client_cfg, server_cfg, G_P_MINUS_1, LATCH_ERR_ILLEGAL_PARAMETER, "generator");
    one_case(client_cfg, server_cfg, YS_0, LATCH_ERR_ILLEGAL_PARAMETER, "outside 1 < y < p-1");
    one_case(client_cfg, server_cfg, YS_1, LATCH_ERR_ILLEGAL_PARAMETER, "outside 1 < y < p-1");
    one_case(client_cfg, server_cfg, YS_P_MINUS_1, LATCH_ERR_ILLEGAL_PARAMETER,
             "outside 1 < y < p-1");
    one_case(client_cfg, server_cfg, YS_P, LATCH_ERR_ILLEGAL_PARAMETER, "outside 1 < y < p-1");
    one_case(client_cfg, server_cfg, YS_TOO_LONG, LATCH_ERR_ILLEGAL_PARAMETER, "public value");

    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
    return check_finish("dhe_params");
}
