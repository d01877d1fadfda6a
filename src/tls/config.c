#include "tls/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/file.h"
#include "base/mem.h"
#include "crypto/kex.h"
#include "crypto/random.h"
#include "tls/hs_reassembly.h"
#include "tls/msg_hello.h"
#include "tls/record.h"
#include "tls/suites13.h"
#include "tls/version.h"

/* Our signature schemes, in preference order. SHA-1 and MD5 are never
 * offered or accepted (RFC 9155). */
static const uint16_t default_sig_schemes[] = {
    LT_SIG_ECDSA_SECP256R1_SHA256, LT_SIG_ECDSA_SECP384R1_SHA384, LT_SIG_ED25519,
    LT_SIG_RSA_PSS_RSAE_SHA256,    LT_SIG_RSA_PSS_RSAE_SHA384,    LT_SIG_RSA_PSS_RSAE_SHA512,
    LT_SIG_RSA_PSS_PSS_SHA256,     LT_SIG_RSA_PSS_PSS_SHA384,     LT_SIG_RSA_PSS_PSS_SHA512,
    LT_SIG_RSA_PKCS1_SHA256,       LT_SIG_RSA_PKCS1_SHA384,       LT_SIG_RSA_PKCS1_SHA512,
};

static const uint16_t default_groups[] = {LT_GROUP_X25519, LT_GROUP_SECP256R1, LT_GROUP_SECP384R1};

/* Every group latch can be configured with, for lookup by name. */
static const uint16_t known_groups[] = {LT_GROUP_X25519,    LT_GROUP_SECP256R1, LT_GROUP_SECP384R1,
                                        LT_GROUP_X448,      LT_GROUP_FFDHE2048, LT_GROUP_FFDHE3072,
                                        LT_GROUP_FFDHE4096, LT_GROUP_FFDHE6144, LT_GROUP_FFDHE8192};
_Static_assert(sizeof(known_groups) / sizeof(known_groups[0]) <= LT_CONFIG_MAX_GROUPS,
               "a config can list every known group once");

latch_config *latch_config_new(latch_role role)
{
    if (role != LATCH_CLIENT && role != LATCH_SERVER)
        return NULL;
    latch_config *cfg = calloc(1, sizeof(*cfg));
    if (cfg == NULL)
        return NULL;
    cfg->refs = 1;
    cfg->role = role;
    lt_error ignored;
    lt_error_clear(&ignored);
    if (!lt_suite_list_parse("DEFAULT", &cfg->suites, &ignored)) {
        free(cfg);
        return NULL;
    }
    lt_suite13_list_default(&cfg->suites13);
    memcpy(cfg->groups, default_groups, sizeof(default_groups));
    cfg->group_count = sizeof(default_groups) / sizeof(default_groups[0]);
    memcpy(cfg->sig_schemes, default_sig_schemes, sizeof(default_sig_schemes));
    cfg->sig_scheme_count = sizeof(default_sig_schemes) / sizeof(default_sig_schemes[0]);
    cfg->verify = true;
    cfg->server_preference = true;
    cfg->encrypt_then_mac = true;
    cfg->min_version = LT_VERSION_TLS12;
    cfg->max_version = LT_VERSION_DEFAULT_MAX;
    cfg->max_handshake_message = LT_HS_DEFAULT_MAX_MESSAGE;
    cfg->max_client_hello = LT_CLIENT_HELLO_MAX_BODY;
    cfg->tickets = true;
    cfg->session_lifetime = LT_DEFAULT_SESSION_LIFETIME;
    cfg->tickets13 = LT_DEFAULT_TICKETS13;
    if (role == LATCH_SERVER) {
        cfg->session_cache_size = LT_DEFAULT_SESSION_CACHE;
        /* A key of its own, so tickets work without setup; servers that
         * share tickets set one key for all (latch_config_set_ticket_key). */
        if (!lt_random((uint8_t *)&cfg->ticket_keys[0], sizeof(cfg->ticket_keys[0]), &ignored)) {
            free(cfg);
            return NULL;
        }
        cfg->ticket_key_count = 1;
        cfg->ticket_rotation = LT_DEFAULT_TICKET_ROTATION;
    }
    pthread_mutex_init(&cfg->trust_lock, NULL);
    lt_session_cache_init(&cfg->cache);
    lt_ticket_ring_init(&cfg->ticket_ring);
    lt_key_cache_init(&cfg->peer_keys);
    return cfg;
}

latch_config *latch_config_ref(latch_config *cfg)
{
    if (cfg != NULL)
        __atomic_add_fetch(&cfg->refs, 1, __ATOMIC_RELAXED);
    return cfg;
}

void latch_config_free(latch_config *cfg)
{
    if (cfg == NULL || __atomic_sub_fetch(&cfg->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    for (size_t i = 0; i < cfg->cert_key_count; i++)
        lt_cert_key_free(&cfg->cert_keys[i]);
    lt_trust_free(cfg->trust);
    lt_crl_list_free(&cfg->crls);
    pthread_mutex_destroy(&cfg->trust_lock);
    lt_session_cache_free(&cfg->cache);
    lt_ticket_ring_free(&cfg->ticket_ring);
    lt_key_cache_free(&cfg->peer_keys);
    lt_wipe(cfg->ticket_keys, sizeof(cfg->ticket_keys));
    free(cfg);
}

const char *latch_config_error(const latch_config *cfg)
{
    return cfg == NULL ? "no config" : cfg->err.message;
}

void lt_config_freeze(latch_config *cfg)
{
    __atomic_store_n(&cfg->frozen, 1, __ATOMIC_RELEASE);
}

bool lt_config_check(const latch_config *cfg, lt_error *err)
{
    LT_ENSURE(cfg->role != LATCH_SERVER || cfg->client_cert == LATCH_CLIENT_CERT_NONE ||
                  cfg->trust != NULL,
              err, LATCH_ERR_CONFIG,
              "the server requests client certificates but names no CA to verify them with: add "
              "the clients' CA with latch_config_add_ca_file or latch_config_add_ca_mem (the "
              "system trust store is never used for client certificates)");
    LT_ENSURE(!cfg->strict_alpn || cfg->alpn_count > 0, err, LATCH_ERR_CONFIG,
              "strict ALPN is on but the server names no protocols: set them with "
              "latch_config_set_alpn");
    return true;
}

bool lt_config_begin_set(latch_config *cfg)
{
    if (cfg == NULL)
        return false;
    lt_error_clear(&cfg->err);
    if (__atomic_load_n(&cfg->frozen, __ATOMIC_ACQUIRE))
        return LT_FAIL(&cfg->err, LATCH_ERR_USAGE,
                       "the config is in use by a connection and can no longer change");
    return true;
}

latch_err lt_config_result(latch_config *cfg, bool ok)
{
    if (cfg == NULL)
        return LATCH_ERR_USAGE;
    if (ok)
        return LATCH_OK;
    return cfg->err.code == LATCH_OK ? LATCH_ERR_INTERNAL : cfg->err.code;
}

/* The store the caller's anchors go to; it replaces the system store. */
static lt_trust_store *caller_trust(latch_config *cfg)
{
    if (cfg->trust == NULL)
        cfg->trust = lt_trust_new();
    if (cfg->trust == NULL)
        LT_FAIL(&cfg->err, LATCH_ERR_MEMORY, "out of memory adding trust anchors");
    return cfg->trust;
}

latch_err latch_config_add_ca_mem(latch_config *cfg, const uint8_t *pem, size_t len)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    lt_trust_store *ts = caller_trust(cfg);
    return lt_config_result(cfg,
                            ts != NULL && lt_trust_add_pem(ts, pem, len, "the CA text", &cfg->err));
}

latch_err latch_config_add_ca_file(latch_config *cfg, const char *path)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    lt_trust_store *ts = caller_trust(cfg);
    return lt_config_result(cfg, ts != NULL && lt_trust_add_path(ts, path, &cfg->err));
}

const lt_trust_store *lt_config_trust(latch_config *cfg)
{
    lt_trust_store *ts = __atomic_load_n(&cfg->trust, __ATOMIC_ACQUIRE);
    if (ts != NULL)
        return ts;
    pthread_mutex_lock(&cfg->trust_lock);
    ts = cfg->trust;
    if (ts == NULL && (ts = lt_trust_new()) != NULL) {
        /* A server never takes client-certificate anchors from the system
         * store: a public root vouches for anyone (lt_config_check). */
        if (cfg->role == LATCH_SERVER)
            LT_FAIL(&cfg->trust_err, LATCH_ERR_CONFIG, "the server names no client CA");
        else if (lt_trust_add_system(ts, &cfg->trust_err) || lt_trust_count(ts) > 0)
            lt_error_clear(&cfg->trust_err);
        else
            lt_error_prefix(&cfg->trust_err, "the system trust store could not be read: ");
        __atomic_store_n(&cfg->trust, ts, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&cfg->trust_lock);
    return ts;
}

latch_err latch_config_add_crl_file(latch_config *cfg, const char *path)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    uint8_t *data = NULL;
    size_t len = 0;
    bool ok = lt_read_file(path, &data, &len, &cfg->err) &&
              lt_crl_list_add(&cfg->crls, data, len, path, &cfg->err);
    free(data);
    return lt_config_result(cfg, ok);
}

latch_err latch_config_set_ciphers(latch_config *cfg, const char *list)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    if (list == NULL)
        return lt_config_result(cfg, LT_FAIL(&cfg->err, LATCH_ERR_USAGE, "no cipher list given"));
    return lt_config_result(cfg, lt_suite13_none_in(list, &cfg->err) &&
                                     lt_suite_list_parse(list, &cfg->suites, &cfg->err));
}

/* Splits a separated list into items of at most item_max bytes, calling
 * take() on each; empty items are an error. */
static bool for_each_item(latch_config *cfg, const char *list, const char *seps, const char *what,
                          bool (*take)(latch_config *, const char *, size_t))
{
    LT_ENSURE(list != NULL && *list != '\0', &cfg->err, LATCH_ERR_CONFIG, "the %s list is empty",
              what);
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, seps);
        LT_ENSURE(n > 0, &cfg->err, LATCH_ERR_CONFIG, "the %s list \"%s\" has an empty entry", what,
                  list);
        LT_GUARD(take(cfg, p, n));
        if (p[n] == '\0')
            return true;
        p += n + 1;
    }
}

static bool take_group(latch_config *cfg, const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof(known_groups) / sizeof(known_groups[0]); i++) {
        const char *known = lt_group_name(known_groups[i]);
        if (strlen(known) != n || strncasecmp(known, name, n) != 0)
            continue;
        for (size_t j = 0; j < cfg->group_count; j++)
            if (cfg->groups[j] == known_groups[i])
                return true;
        cfg->groups[cfg->group_count++] = known_groups[i];
        return true;
    }
    return LT_FAIL(&cfg->err, LATCH_ERR_CONFIG,
                   "unknown group \"%.*s\" (known: x25519, secp256r1, secp384r1, x448, "
                   "ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192)",
                   (int)n, name);
}

latch_err latch_config_set_groups(latch_config *cfg, const char *list)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    uint16_t saved[LT_CONFIG_MAX_GROUPS];
    size_t saved_count = cfg->group_count;
    memcpy(saved, cfg->groups, sizeof(saved));
    cfg->group_count = 0;
    bool ok = for_each_item(cfg, list, ":", "group", take_group);
    if (!ok) {
        memcpy(cfg->groups, saved, sizeof(saved));
        cfg->group_count = saved_count;
    }
    return lt_config_result(cfg, ok);
}

static bool take_alpn(latch_config *cfg, const char *name, size_t n)
{
    LT_ENSURE(n <= 255, &cfg->err, LATCH_ERR_CONFIG, "ALPN protocol names are at most 255 bytes");
    LT_ENSURE(cfg->alpn_count < LT_CONFIG_MAX_ALPN, &cfg->err, LATCH_ERR_CONFIG,
              "at most %d ALPN protocols", LT_CONFIG_MAX_ALPN);
    lt_alpn_name *a = &cfg->alpn[cfg->alpn_count++];
    memcpy(a->name, name, n);
    a->len = (uint8_t)n;
    return true;
}

latch_err latch_config_set_alpn(latch_config *cfg, const char *list)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    size_t saved = cfg->alpn_count;
    cfg->alpn_count = 0;
    bool ok = for_each_item(cfg, list, ",", "ALPN", take_alpn);
    if (!ok)
        cfg->alpn_count = saved;
    return lt_config_result(cfg, ok);
}

latch_err latch_config_set_server_preference(latch_config *cfg, int server_order)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    cfg->server_preference = server_order != 0;
    return LATCH_OK;
}

latch_err latch_config_set_encrypt_then_mac(latch_config *cfg, int enabled)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    cfg->encrypt_then_mac = enabled != 0;
    return LATCH_OK;
}

latch_err latch_config_set_record_padding(latch_config *cfg, size_t multiple)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    if (multiple > LT_RECORD_MAX_PLAINTEXT) {
        LT_FAIL(&cfg->err, LATCH_ERR_CONFIG,
                "a record padding multiple of %zu bytes is not from 0 (none) to %d", multiple,
                LT_RECORD_MAX_PLAINTEXT);
        return lt_config_result(cfg, false);
    }
    cfg->record_padding = multiple;
    return LATCH_OK;
}

/* A size limit from LT_HS_MIN_MAX_MESSAGE to most bytes. */
static bool set_limit(latch_config *cfg, size_t *limit, size_t bytes, size_t most, const char *what)
{
    LT_ENSURE(bytes >= LT_HS_MIN_MAX_MESSAGE && bytes <= most, &cfg->err, LATCH_ERR_CONFIG,
              "a %s limit of %zu bytes is not from %u to %zu", what, bytes, LT_HS_MIN_MAX_MESSAGE,
              most);
    *limit = bytes;
    return true;
}

latch_err latch_config_set_max_handshake_message(latch_config *cfg, size_t bytes)
{
    return lt_config_result(cfg, lt_config_begin_set(cfg) &&
                                     set_limit(cfg, &cfg->max_handshake_message, bytes,
                                               LT_HS_MAX_MESSAGE_LIMIT, "handshake message"));
}

latch_err latch_config_set_max_client_hello(latch_config *cfg, size_t bytes)
{
    return lt_config_result(cfg, lt_config_begin_set(cfg) &&
                                     set_limit(cfg, &cfg->max_client_hello, bytes,
                                               LT_CLIENT_HELLO_MAX_BODY, "ClientHello"));
}

/* Both strict modes are a server's (the ALPACA defence, README). */
static bool set_strict(latch_config *cfg, bool *flag, int on, const char *what)
{
    LT_ENSURE(cfg->role == LATCH_SERVER, &cfg->err, LATCH_ERR_USAGE, "strict %s is for a server",
              what);
    *flag = on != 0;
    return true;
}

latch_err latch_config_set_strict_sni(latch_config *cfg, int on)
{
    return lt_config_result(cfg, lt_config_begin_set(cfg) &&
                                     set_strict(cfg, &cfg->strict_sni, on, "SNI"));
}

latch_err latch_config_set_strict_alpn(latch_config *cfg, int on)
{
    return lt_config_result(cfg, lt_config_begin_set(cfg) &&
                                     set_strict(cfg, &cfg->strict_alpn, on, "ALPN"));
}

latch_err latch_config_set_clock(latch_config *cfg, latch_clock_fn now, void *arg)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    cfg->clock = now;
    cfg->clock_arg = arg;
    return LATCH_OK;
}

latch_err latch_config_set_trace(latch_config *cfg, latch_trace_fn fn, void *arg, int show_secrets)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    cfg->trace = fn;
    cfg->trace_arg = arg;
    cfg->trace_secrets = show_secrets != 0;
    return LATCH_OK;
}

latch_err latch_config_set_keylog(latch_config *cfg, latch_keylog_fn fn, void *arg)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    cfg->keylog = fn;
    cfg->keylog_arg = arg;
    return LATCH_OK;
}

latch_err latch_config_require_ocsp_staple(latch_config *cfg)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    cfg->require_staple = true;
    return LATCH_OK;
}

latch_err latch_config_insecure_noverify(latch_config *cfg)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    cfg->verify = false;
    return LATCH_OK;
}

static bool set_client_cert(latch_config *cfg, latch_client_cert mode)
{
    LT_ENSURE(cfg->role == LATCH_SERVER, &cfg->err, LATCH_ERR_USAGE,
              "only a server asks for a client certificate");
    LT_ENSURE(mode == LATCH_CLIENT_CERT_NONE || mode == LATCH_CLIENT_CERT_OPTIONAL ||
                  mode == LATCH_CLIENT_CERT_REQUIRED,
              &cfg->err, LATCH_ERR_USAGE, "unknown client certificate mode %d", (int)mode);
    cfg->client_cert = mode;
    return true;
}

latch_err latch_config_request_client_cert(latch_config *cfg, latch_client_cert mode)
{
    return lt_config_result(cfg, lt_config_begin_set(cfg) && set_client_cert(cfg, mode));
}

latch_err latch_config_set_tickets(latch_config *cfg, int enabled)
{
    bool ok = lt_config_begin_set(cfg);
    if (ok)
        cfg->tickets = enabled != 0;
    return lt_config_result(cfg, ok);
}

latch_err latch_config_set_tls13_tickets(latch_config *cfg, unsigned count)
{
    bool ok = lt_config_begin_set(cfg);
    if (ok && count > LATCH_TLS13_TICKETS_MAX)
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE,
                     "a server sends at most %d TLS 1.3 tickets per handshake",
                     LATCH_TLS13_TICKETS_MAX);
    if (ok)
        cfg->tickets13 = count;
    return lt_config_result(cfg, ok);
}

static bool take_ticket_key(latch_config *cfg, size_t at, const uint8_t *key)
{
    LT_ENSURE(key != NULL, &cfg->err, LATCH_ERR_USAGE, "no ticket key given");
    LT_ENSURE(cfg->role == LATCH_SERVER, &cfg->err, LATCH_ERR_USAGE,
              "ticket keys are for a server config");
    memcpy(&cfg->ticket_keys[at], key, LATCH_TICKET_KEY_LEN);
    cfg->ticket_keys_given = true;
    return true;
}

latch_err latch_config_set_ticket_key(latch_config *cfg, const uint8_t *key)
{
    bool ok = lt_config_begin_set(cfg) && take_ticket_key(cfg, 0, key);
    return lt_config_result(cfg, ok);
}

latch_err latch_config_add_old_ticket_key(latch_config *cfg, const uint8_t *key)
{
    bool ok = lt_config_begin_set(cfg);
    if (ok && cfg->ticket_key_count == LT_CONFIG_MAX_TICKET_KEYS)
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE, "at most %d old ticket keys",
                     LT_CONFIG_MAX_TICKET_KEYS - 1);
    ok = ok && take_ticket_key(cfg, cfg->ticket_key_count, key);
    if (ok)
        cfg->ticket_key_count++;
    return lt_config_result(cfg, ok);
}

latch_err latch_config_set_session_cache(latch_config *cfg, size_t entries)
{
    bool ok = lt_config_begin_set(cfg);
    if (ok && entries > LATCH_SESSION_CACHE_MAX)
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE, "a session cache holds at most %d sessions",
                     LATCH_SESSION_CACHE_MAX);
    if (ok)
        cfg->session_cache_size = entries;
    return lt_config_result(cfg, ok);
}

latch_err latch_config_set_session_lifetime(latch_config *cfg, uint32_t seconds)
{
    bool ok = lt_config_begin_set(cfg);
    if (ok && (seconds == 0 || seconds > LATCH_SESSION_LIFETIME_MAX))
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE,
                     "a session lifetime is 1 to %d seconds (RFC 5077 5.6 suggests no more than "
                     "a day or so)",
                     LATCH_SESSION_LIFETIME_MAX);
    if (ok)
        cfg->session_lifetime = seconds;
    return lt_config_result(cfg, ok);
}

int64_t lt_config_now(const latch_config *cfg)
{
    if (cfg->clock != NULL)
        return cfg->clock(cfg->clock_arg);
    return (int64_t)time(NULL);
}

bool lt_config_has_scheme(const latch_config *cfg, uint16_t scheme)
{
    for (size_t i = 0; i < cfg->sig_scheme_count; i++)
        if (cfg->sig_schemes[i] == scheme)
            return true;
    return false;
}

bool lt_config_has_group(const latch_config *cfg, uint16_t group)
{
    for (size_t i = 0; i < cfg->group_count; i++)
        if (cfg->groups[i] == group)
            return true;
    return false;
}
