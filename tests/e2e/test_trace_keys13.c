/*
 * The trace of the TLS 1.3 key schedule (RFC 8446 7.1): the three
 * HKDF-Extract stages (early, handshake and master secret) appear with
 * the shared secret and the traffic secrets in the schedule's order, and
 * with secrets shown each value is what the schedule computes from the
 * traced shared secret; the early secret of a full handshake is RFC
 * 8448 3's. Without secrets the events carry no values.
 */
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tls/keysched13.h"

enum { KEYS_MAX = 16 };

typedef struct keys_seen {
    const char *names[KEYS_MAX];
    uint8_t values[KEYS_MAX][64];
    size_t lens[KEYS_MAX];
    bool has_value[KEYS_MAX];
    size_t count;
} keys_seen;

static void on_event(const latch_trace_event *ev, void *arg)
{
    keys_seen *k = arg;
    if (ev->kind != LATCH_TRACE_KEYS || k->count == KEYS_MAX)
        return;
    size_t i = k->count++;
    k->names[i] = ev->name; /* the library's static strings */
    k->has_value[i] = ev->secret != NULL;
    if (ev->secret != NULL && ev->secret_len <= sizeof(k->values[i])) {
        memcpy(k->values[i], ev->secret, ev->secret_len);
        k->lens[i] = ev->secret_len;
    }
}

static int find(const keys_seen *k, const char *name)
{
    for (size_t i = 0; i < k->count; i++)
        if (strcmp(k->names[i], name) == 0)
            return (int)i;
    return -1;
}

static void run(bool secrets)
{
    keys_seen k;
    memset(&k, 0, sizeof(k));
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_versions(client, LATCH_TLS1_3, LATCH_TLS1_3) == LATCH_OK);
    CHECK(latch_config_set_trace(client, on_event, &k, secrets) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    /* latch's first choice: SHA-256 is the schedule's hash. */
    CHECK(strcmp(latch_conn_cipher(p.client), "TLS_AES_128_GCM_SHA256") == 0);
    int early = find(&k, "early_secret"), shared = find(&k, "(EC)DHE shared secret");
    int hs = find(&k, "handshake_secret"), chs = find(&k, "client_handshake_traffic_secret");
    int master = find(&k, "master_secret"), cap = find(&k, "client_application_traffic_secret_0");
    CHECK(early >= 0 && early < shared && shared < hs && hs < chs && chs < master && master < cap);
    for (size_t i = 0; i < k.count; i++)
        CHECK(k.has_value[i] == secrets);
    if (secrets && early >= 0 && shared >= 0 && hs >= 0 && master >= 0) {
        /* RFC 8448 3: the early secret of any SHA-256 full handshake. */
        static const uint8_t rfc8448_early[32] = {0x33, 0xad, 0x0a, 0x1c, 0x60, 0x7e, 0xc0, 0x3b,
                                                  0x09, 0xe6, 0xcd, 0x98, 0x93, 0x68, 0x0c, 0xe2,
                                                  0x10, 0xad, 0xf3, 0x00, 0xaa, 0x1f, 0x26, 0x60,
                                                  0xe1, 0xb2, 0x2e, 0x10, 0xf1, 0x70, 0xf9, 0x2a};
        CHECK(k.lens[early] == 32 && memcmp(k.values[early], rfc8448_early, 32) == 0);
        lt_keysched13 ks;
        lt_error err;
        lt_error_clear(&err);
        CHECK(lt_ks13_early(&ks, LT_HASH_SHA256, NULL, 0, &err));
        CHECK(lt_ks13_handshake(&ks, k.values[shared], k.lens[shared], &err));
        CHECK(k.lens[hs] == 32 && memcmp(k.values[hs], ks.secret, 32) == 0);
        CHECK(lt_ks13_master(&ks, &err));
        CHECK(k.lens[master] == 32 && memcmp(k.values[master], ks.secret, 32) == 0);
        lt_ks13_wipe(&ks);
    }
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

int main(void)
{
    run(true);
    run(false);
    return check_finish("e2e/test_trace_keys13");
}
