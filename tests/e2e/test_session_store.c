/*
 * The external session-ID cache (latch_config_set_session_cache_callbacks),
 * backed here by a table in memory: two servers sharing it and a ticket
 * key resume each other's sessions by ID; the values hold no secret in
 * the clear; and every way the cache can fail (lookup fails, store fails,
 * a value altered, another ID's value, a value too long, a key this server
 * lacks, an expired session) gives a full handshake, never an error,
 * removing what no server can use.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "latch.h"
#include "pair.h"
#include "session_pair.h"
#include "tls/conn.h"
#include "tls/session.h"

#define CHAIN "e2e/ecdsa-p256.chain.pem"
#define KEY "e2e/ecdsa-p256.key"
#define SLOTS 8

typedef struct entry {
    uint8_t id[32];
    size_t id_len;
    uint8_t value[LATCH_SESSION_CACHE_VALUE_MAX];
    size_t len;
    uint32_t lifetime;
} entry;

/* The external cache, with switches to make it fail. */
typedef struct memcache {
    entry slots[SLOTS];
    size_t count;
    int stores, lookups, removes;
    bool fail_store, fail_lookup;
    size_t overstate; /* a lookup reports this many bytes more than it has */
} memcache;

static memcache cache;
static int64_t server_now = 1800000000;

static entry *find(const uint8_t *id, size_t id_len)
{
    for (size_t i = 0; i < cache.count; i++)
        if (cache.slots[i].id_len == id_len && memcmp(cache.slots[i].id, id, id_len) == 0)
            return &cache.slots[i];
    return NULL;
}

static int store(void *arg, const uint8_t *id, size_t id_len, const uint8_t *value, size_t len,
                 uint32_t lifetime)
{
    CHECK(arg == &cache);
    cache.stores++;
    if (cache.fail_store || cache.count == SLOTS || id_len > 32 || len > sizeof(entry){0}.value)
        return 0;
    entry *e = &cache.slots[cache.count++];
    memcpy(e->id, id, id_len);
    e->id_len = id_len;
    memcpy(e->value, value, len);
    e->len = len;
    e->lifetime = lifetime;
    return 1;
}

static int lookup(void *arg, const uint8_t *id, size_t id_len, uint8_t *buf, size_t cap,
                  size_t *len)
{
    CHECK(arg == &cache);
    CHECK(cap == LATCH_SESSION_CACHE_VALUE_MAX);
    cache.lookups++;
    entry *e = find(id, id_len);
    if (cache.fail_lookup || e == NULL || e->len > cap)
        return 0;
    memcpy(buf, e->value, e->len);
    *len = e->len + cache.overstate;
    return 1;
}

static void remove_id(void *arg, const uint8_t *id, size_t id_len)
{
    CHECK(arg == &cache);
    cache.removes++;
    entry *e = find(id, id_len);
    if (e != NULL)
        *e = cache.slots[--cache.count];
}

static int64_t server_clock(void *arg)
{
    (void)arg;
    return server_now;
}

static const uint8_t fleet_key[LATCH_TICKET_KEY_LEN] =
    "fleet key: 48 bytes, name and AES-256 secret..";
static const uint8_t other_key[LATCH_TICKET_KEY_LEN] =
    "other key: 48 bytes, name and AES-256 secret..";

/* A server of the fleet: the shared cache, the given key, and no
 * in-process cache, so every resumption comes through the callbacks. */
static latch_config *server(const uint8_t *key)
{
    latch_config *cfg = pair_server_config(CHAIN, KEY);
    CHECK(latch_config_set_clock(cfg, server_clock, NULL) == LATCH_OK);
    CHECK(latch_config_set_ticket_key(cfg, key) == LATCH_OK);
    CHECK(latch_config_set_session_cache(cfg, 0) == LATCH_OK);
    CHECK(latch_config_set_session_cache_callbacks(cfg, store, lookup, remove_id, &cache) ==
          LATCH_OK);
    return cfg;
}

static latch_config *id_client(void)
{
    latch_config *cfg = pair_client_config(true);
    CHECK(latch_config_set_tickets(cfg, 0) == LATCH_OK);
    return cfg;
}

static bool contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return true;
    return false;
}

static void across_servers(void)
{
    memset(&cache, 0, sizeof(cache));
    latch_config *client = id_client();
    latch_config *a = server(fleet_key), *b = server(fleet_key);
    pair_session s;
    CHECK(pair_session_connect(client, a, NULL, &s) == 0);
    CHECK(cache.stores == 1 && cache.count == 1);
    CHECK(cache.slots[0].lifetime == 7200 && cache.slots[0].id_len == 32);
    /* Stored under the session ID the client got; no secret in the clear. */
    lt_session parsed;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_session_parse(s.bytes, s.len, &parsed, &err));
    CHECK(parsed.session_id_len == 32 && memcmp(parsed.session_id, cache.slots[0].id, 32) == 0);
    CHECK(!contains(cache.slots[0].value, cache.slots[0].len, parsed.state.master_secret,
                    sizeof(parsed.state.master_secret)));
    CHECK(!contains(cache.slots[0].value, cache.slots[0].len, fleet_key + 16, 32));
    /* Made on A, resumed on B, and on A again. */
    CHECK(pair_session_connect(client, b, &s, NULL) == 1);
    CHECK(pair_session_connect(client, a, &s, NULL) == 1);
    CHECK(cache.lookups == 2 && cache.stores == 1 && cache.removes == 0);
    /* A client taking tickets gets one: nothing stored, nothing looked up. */
    latch_config *ticket_client = pair_client_config(true);
    pair_session t;
    CHECK(pair_session_connect(ticket_client, a, NULL, &t) == 0);
    CHECK(pair_session_connect(ticket_client, b, &t, NULL) == 1);
    CHECK(cache.stores == 1 && cache.lookups == 2);
    latch_config_free(ticket_client);
    latch_config_free(client);
    latch_config_free(a);
    latch_config_free(b);
}

/* The in-process cache answers first; the external one when it misses. */
static void beside_in_process(void)
{
    memset(&cache, 0, sizeof(cache));
    latch_config *client = id_client();
    latch_config *a = server(fleet_key);
    CHECK(latch_config_set_session_cache(a, 16) == LATCH_OK);
    latch_config *b = server(fleet_key);
    pair_session s;
    CHECK(pair_session_connect(client, a, NULL, &s) == 0);
    CHECK(cache.stores == 1 && a->cache.live == 1);
    CHECK(pair_session_connect(client, a, &s, NULL) == 1);
    CHECK(cache.lookups == 0);
    CHECK(pair_session_connect(client, b, &s, NULL) == 1);
    CHECK(cache.lookups == 1);
    latch_config_free(client);
    latch_config_free(a);
    latch_config_free(b);
}

static void failures(void)
{
    memset(&cache, 0, sizeof(cache));
    latch_config *client = id_client();
    latch_config *a = server(fleet_key), *b = server(fleet_key);
    pair_session s, s2;
    CHECK(pair_session_connect(client, a, NULL, &s) == 0);

    /* The cache is down for lookups: full, and a new session stored. */
    cache.fail_lookup = true;
    CHECK(pair_session_connect(client, b, &s, NULL) == 0);
    CHECK(cache.count == 2 && cache.removes == 0);
    cache.fail_lookup = false;
    CHECK(pair_session_connect(client, b, &s, NULL) == 1);

    /* A lookup claiming more bytes than the buffer: a miss. */
    cache.overstate = LATCH_SESSION_CACHE_VALUE_MAX;
    CHECK(pair_session_connect(client, b, &s, NULL) == 0);
    cache.overstate = 0;

    /* Down for stores: the handshake completes; no server can resume it. */
    cache.fail_store = true;
    CHECK(pair_session_connect(client, a, NULL, &s2) == 0);
    cache.fail_store = false;
    CHECK(pair_session_connect(client, b, &s2, NULL) == 0);

    /* An altered value: full, and removed. */
    memset(&cache, 0, sizeof(cache));
    CHECK(pair_session_connect(client, a, NULL, &s) == 0);
    cache.slots[0].value[cache.slots[0].len - 1] ^= 1;
    CHECK(pair_session_connect(client, b, &s, NULL) == 0);
    CHECK(cache.removes == 1 && find(cache.slots[0].id, 32) != NULL);

    /* A value stored under one ID returned for another: full, removed. */
    memset(&cache, 0, sizeof(cache));
    CHECK(pair_session_connect(client, a, NULL, &s) == 0);
    CHECK(pair_session_connect(client, a, NULL, &s2) == 0);
    CHECK(cache.count == 2);
    memcpy(cache.slots[0].value, cache.slots[1].value, cache.slots[1].len);
    cache.slots[0].len = cache.slots[1].len;
    CHECK(pair_session_connect(client, b, &s, NULL) == 0);
    CHECK(cache.removes == 1 && cache.count == 2);
    CHECK(pair_session_connect(client, b, &s2, NULL) == 1);
    latch_config_free(client);
    latch_config_free(a);
    latch_config_free(b);
}

/* A server without the sealing key: a miss, but the value stays for the
 * servers that have it. An expired session is removed. */
static void keys_and_time(void)
{
    memset(&cache, 0, sizeof(cache));
    latch_config *client = id_client();
    latch_config *a = server(fleet_key), *stranger = server(other_key);
    pair_session s;
    CHECK(pair_session_connect(client, a, NULL, &s) == 0);
    CHECK(pair_session_connect(client, stranger, &s, NULL) == 0);
    CHECK(cache.removes == 0 && cache.count == 2);
    CHECK(pair_session_connect(client, a, &s, NULL) == 1);
    server_now += 7200;
    CHECK(pair_session_connect(client, a, &s, NULL) == 0);
    CHECK(cache.removes == 1 && cache.count == 2);
    latch_config_free(client);
    latch_config_free(a);
    latch_config_free(stranger);
}

static void usage(void)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_set_session_cache_callbacks(cfg, store, lookup, NULL, &cache) ==
          LATCH_ERR_USAGE);
    latch_config_free(cfg);
    cfg = latch_config_new(LATCH_SERVER);
    CHECK(latch_config_set_session_cache_callbacks(cfg, store, NULL, NULL, &cache) ==
          LATCH_ERR_USAGE);
    CHECK(strstr(latch_config_error(cfg), "both store and lookup") != NULL);
    CHECK(latch_config_set_session_cache_callbacks(cfg, NULL, lookup, NULL, &cache) ==
          LATCH_ERR_USAGE);
    /* Off again: no session ID without a cache of either kind. */
    CHECK(latch_config_set_session_cache_callbacks(cfg, store, lookup, NULL, &cache) == LATCH_OK);
    CHECK(latch_config_set_session_cache_callbacks(cfg, NULL, NULL, NULL, NULL) == LATCH_OK);
    latch_config_free(cfg);
    latch_config *srv = pair_server_config(CHAIN, KEY);
    CHECK(latch_config_set_session_cache(srv, 0) == LATCH_OK);
    CHECK(latch_config_set_session_cache_callbacks(srv, store, lookup, NULL, &cache) == LATCH_OK);
    CHECK(latch_config_set_session_cache_callbacks(srv, NULL, NULL, NULL, NULL) == LATCH_OK);
    latch_config *client = id_client();
    pair p;
    pair_init(&p, client, srv, "localhost");
    CHECK(pair_handshake(&p));
    pair_session s;
    CHECK(latch_conn_get_session(p.client, s.bytes, sizeof(s.bytes), &s.len) == LATCH_ERR_USAGE);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(srv);
}

int main(void)
{
    across_servers();
    beside_in_process();
    failures();
    keys_and_time();
    usage();
    return check_finish("e2e session store");
}
