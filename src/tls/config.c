#include "tls/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/mem.h"
#include "crypto/kex.h"
#include "crypto/random.h"
#include "tls/hs_reassembly.h"
#include "x509/cert.h"
#include "x509/ocsp.h"
#include "x509/pem.h"

/* Our signature schemes, in preference order. SHA-1 and MD5 are never
 * offered or accepted (RFC 9155). */
static const uint16_t default_sig_schemes[] = {
    LT_SIG_ECDSA_SECP256R1_SHA256, LT_SIG_ECDSA_SECP384R1_SHA384, LT_SIG_ED25519,
    LT_SIG_RSA_PSS_RSAE_SHA256,    LT_SIG_RSA_PSS_RSAE_SHA384,    LT_SIG_RSA_PSS_RSAE_SHA512,
    LT_SIG_RSA_PKCS1_SHA256,       LT_SIG_RSA_PKCS1_SHA384,       LT_SIG_RSA_PKCS1_SHA512,
};

static const uint16_t default_groups[] = {LT_GROUP_X25519, LT_GROUP_SECP256R1, LT_GROUP_SECP384R1};

/* Every group latch can be configured with, for lookup by name. */
static const uint16_t known_groups[] = {LT_GROUP_X25519,    LT_GROUP_SECP256R1, LT_GROUP_SECP384R1,
                                        LT_GROUP_FFDHE2048, LT_GROUP_FFDHE3072, LT_GROUP_FFDHE4096};

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
    memcpy(cfg->groups, default_groups, sizeof(default_groups));
    cfg->group_count = sizeof(default_groups) / sizeof(default_groups[0]);
    memcpy(cfg->sig_schemes, default_sig_schemes, sizeof(default_sig_schemes));
    cfg->sig_scheme_count = sizeof(default_sig_schemes) / sizeof(default_sig_schemes[0]);
    cfg->verify = true;
    cfg->server_preference = true;
    cfg->encrypt_then_mac = true;
    cfg->max_handshake_message = LT_HS_DEFAULT_MAX_MESSAGE;
    cfg->tickets = true;
    cfg->session_lifetime = LT_DEFAULT_SESSION_LIFETIME;
    if (role == LATCH_SERVER) {
        cfg->session_cache_size = LT_DEFAULT_SESSION_CACHE;
        /* A key of its own, so tickets work without setup; servers that
         * share tickets set one key for all (latch_config_set_ticket_key). */
        if (!lt_random((uint8_t *)&cfg->ticket_keys[0], sizeof(cfg->ticket_keys[0]), &ignored)) {
            free(cfg);
            return NULL;
        }
        cfg->ticket_key_count = 1;
    }
    pthread_mutex_init(&cfg->trust_lock, NULL);
    lt_session_cache_init(&cfg->cache);
    return cfg;
}

latch_config *latch_config_ref(latch_config *cfg)
{
    if (cfg != NULL)
        __atomic_add_fetch(&cfg->refs, 1, __ATOMIC_RELAXED);
    return cfg;
}

static void cert_key_free(lt_cert_key *ck)
{
    for (size_t i = 0; i < ck->chain_count; i++)
        free(ck->chain[i]);
    for (size_t i = 0; i < ck->name_count; i++)
        free(ck->names[i]);
    free(ck->names);
    free(ck->ocsp);
    lt_privkey_free(&ck->key);
    memset(ck, 0, sizeof(*ck));
}

void latch_config_free(latch_config *cfg)
{
    if (cfg == NULL || __atomic_sub_fetch(&cfg->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    for (size_t i = 0; i < cfg->cert_key_count; i++)
        cert_key_free(&cfg->cert_keys[i]);
    lt_trust_free(cfg->trust);
    lt_crl_list_free(&cfg->crls);
    pthread_mutex_destroy(&cfg->trust_lock);
    lt_session_cache_free(&cfg->cache);
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

/* Every setter starts here: a frozen config is read-only. */
static bool begin_set(latch_config *cfg)
{
    if (cfg == NULL)
        return false;
    lt_error_clear(&cfg->err);
    if (__atomic_load_n(&cfg->frozen, __ATOMIC_ACQUIRE))
        return LT_FAIL(&cfg->err, LATCH_ERR_USAGE,
                       "the config is in use by a connection and can no longer change");
    return true;
}

static latch_err result(latch_config *cfg, bool ok)
{
    if (cfg == NULL)
        return LATCH_ERR_USAGE;
    if (ok)
        return LATCH_OK;
    return cfg->err.code == LATCH_OK ? LATCH_ERR_INTERNAL : cfg->err.code;
}

static bool read_file(const char *path, uint8_t **out, size_t *len, lt_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return LT_FAIL(err, LATCH_ERR_CONFIG, "cannot open %s", path);
    size_t cap = 0, n = 0;
    uint8_t *buf = NULL;
    for (;;) {
        if (n == cap) {
            if (cap >= ((size_t)16 << 20)) {
                fclose(f);
                lt_free_secret(buf, cap);
                return LT_FAIL(err, LATCH_ERR_CONFIG, "%s is larger than 16 MiB", path);
            }
            size_t grown_cap = cap == 0 ? 8192 : cap * 2;
            uint8_t *grown = malloc(grown_cap);
            if (grown == NULL) {
                fclose(f);
                lt_free_secret(buf, cap);
                return LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory reading %s", path);
            }
            if (n > 0)
                memcpy(grown, buf, n);
            lt_free_secret(buf, cap);
            buf = grown;
            cap = grown_cap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        lt_free_secret(buf, cap);
        return LT_FAIL(err, LATCH_ERR_CONFIG, "cannot read %s", path);
    }
    *out = buf;
    *len = n;
    return true;
}

/* Reads every CERTIFICATE block of a PEM text into the chain. */
static bool load_chain(lt_cert_key *ck, const uint8_t *pem, size_t len, lt_error *err)
{
    lt_pem_iter it;
    lt_pem_iter_init(&it, pem, len);
    for (;;) {
        lt_pem_block block;
        bool found;
        LT_GUARD(lt_pem_next(&it, "CERTIFICATE", &block, &found, err));
        if (!found)
            break;
        if (ck->chain_count == LT_MAX_CERT_CHAIN) {
            lt_pem_block_free(&block);
            return LT_FAIL(err, LATCH_ERR_CONFIG,
                           "a certificate chain holds at most %d certificates", LT_MAX_CERT_CHAIN);
        }
        ck->chain[ck->chain_count] = block.der;
        ck->chain_len[ck->chain_count] = block.der_len;
        ck->chain_count++;
    }
    LT_ENSURE(ck->chain_count > 0, err, LATCH_ERR_CONFIG, "no CERTIFICATE block found");
    return true;
}

/* The leaf must carry the key's public half; its DNS names choose it by
 * SNI. */
static bool inspect_leaf(lt_cert_key *ck, lt_error *err)
{
    lt_cert leaf;
    LT_GUARD(lt_cert_parse(&leaf, ck->chain[0], ck->chain_len[0], err));
    uint8_t spki[LT_SIG_MAX_LEN * 2];
    size_t spki_len;
    bool ok = lt_privkey_spki(&ck->key, spki, sizeof(spki), &spki_len, err);
    if (ok && (spki_len != leaf.spki.len || memcmp(spki, leaf.spki.data, spki_len) != 0))
        ok = LT_FAIL(err, LATCH_ERR_CONFIG,
                     "the private key does not belong to the first certificate of the chain");
    size_t dns = 0;
    for (size_t i = 0; ok && i < leaf.san.count; i++)
        dns += leaf.san.items[i].kind == LT_GN_DNS;
    if (ok && dns > 0) {
        ck->names = calloc(dns, sizeof(char *));
        ok = ck->names != NULL || LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory");
    }
    for (size_t i = 0; ok && i < leaf.san.count; i++) {
        const lt_general_name *gn = &leaf.san.items[i];
        if (gn->kind != LT_GN_DNS)
            continue;
        char *name = strndup((const char *)gn->value.data, gn->value.len);
        ok = name != NULL || LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory");
        if (ok)
            ck->names[ck->name_count++] = name;
    }
    lt_cert_free(&leaf);
    return ok;
}

static bool add_cert_key(latch_config *cfg, const uint8_t *cert_pem, size_t cert_len,
                         const uint8_t *key_pem, size_t key_len)
{
    lt_error *err = &cfg->err;
    LT_ENSURE(cfg->cert_key_count < LT_CONFIG_MAX_CERT_KEYS, err, LATCH_ERR_CONFIG,
              "at most %d certificates can be configured", LT_CONFIG_MAX_CERT_KEYS);
    lt_cert_key ck;
    memset(&ck, 0, sizeof(ck));
    lt_pem_block key_block;
    lt_privkey_format format;
    bool ok = load_chain(&ck, cert_pem, cert_len, err);
    if (ok && lt_pem_read_private_key(key_pem, key_len, &key_block, &format, err)) {
        ok = lt_privkey_from_der(&ck.key, format, key_block.der, key_block.der_len, err);
        lt_pem_block_free(&key_block);
    } else {
        ok = false;
    }
    ok = ok && inspect_leaf(&ck, err);
    if (!ok) {
        cert_key_free(&ck);
        return false;
    }
    cfg->cert_keys[cfg->cert_key_count++] = ck;
    return true;
}

latch_err latch_config_add_cert_key_mem(latch_config *cfg, const uint8_t *cert_pem, size_t cert_len,
                                        const uint8_t *key_pem, size_t key_len)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    return result(cfg, add_cert_key(cfg, cert_pem, cert_len, key_pem, key_len));
}

latch_err latch_config_add_cert_key_file(latch_config *cfg, const char *cert_path,
                                         const char *key_path)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    uint8_t *cert = NULL, *key = NULL;
    size_t cert_len = 0, key_len = 0;
    bool ok = read_file(cert_path, &cert, &cert_len, &cfg->err) &&
              read_file(key_path, &key, &key_len, &cfg->err) &&
              add_cert_key(cfg, cert, cert_len, key, key_len);
    if (!ok && strstr(cfg->err.message, "cannot") == NULL) {
        /* Name the files: the sentence from the parser does not know them. */
        char detail[LT_ERROR_MESSAGE_MAX];
        memcpy(detail, cfg->err.message, sizeof(detail));
        int n =
            snprintf(cfg->err.message, sizeof(cfg->err.message), "%s, %s: ", cert_path, key_path);
        if (n > 0 && (size_t)n < sizeof(cfg->err.message))
            snprintf(cfg->err.message + n, sizeof(cfg->err.message) - (size_t)n, "%.*s",
                     (int)(sizeof(cfg->err.message) - (size_t)n - 1), detail);
    }
    free(cert);
    lt_free_secret(key, key_len);
    return result(cfg, ok);
}

/* RFC 6066 8: the response goes with the last certificate added. It is
 * not judged here (that is the client's job, and a server cannot know the
 * client's clock), only parsed, so a file that is not an OCSP response is
 * refused now rather than stapled. */
static bool set_ocsp(latch_config *cfg, const uint8_t *der, size_t len)
{
    lt_error *err = &cfg->err;
    LT_ENSURE(cfg->cert_key_count > 0, err, LATCH_ERR_USAGE,
              "an OCSP response goes with a certificate: add the certificate and key first");
    LT_ENSURE(der != NULL && len > 0, err, LATCH_ERR_USAGE, "no OCSP response given");
    /* A client takes a CertificateStatus of at most this size. */
    LT_ENSURE(len <= LT_HS_DEFAULT_MAX_MESSAGE - 4, err, LATCH_ERR_CONFIG,
              "the OCSP response is %zu bytes; at most %d fit in a CertificateStatus", len,
              LT_HS_DEFAULT_MAX_MESSAGE - 4);
    if (!lt_ocsp_parse(der, len, err)) {
        err->code = LATCH_ERR_CONFIG;
        lt_error_prefix(err, "not a usable DER OCSP response: ");
        return false;
    }
    uint8_t *copy = malloc(len);
    LT_ENSURE(copy != NULL, err, LATCH_ERR_MEMORY, "out of memory");
    memcpy(copy, der, len);
    lt_cert_key *ck = &cfg->cert_keys[cfg->cert_key_count - 1];
    free(ck->ocsp);
    ck->ocsp = copy;
    ck->ocsp_len = len;
    return true;
}

latch_err latch_config_set_ocsp_response_mem(latch_config *cfg, const uint8_t *der, size_t len)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    return result(cfg, set_ocsp(cfg, der, len));
}

latch_err latch_config_set_ocsp_response_file(latch_config *cfg, const char *path)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    uint8_t *der = NULL;
    size_t len = 0;
    bool ok = read_file(path, &der, &len, &cfg->err);
    if (ok && !set_ocsp(cfg, der, len)) {
        lt_error_prefix(&cfg->err, "%s: ", path);
        ok = false;
    }
    free(der);
    return result(cfg, ok);
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
    if (!begin_set(cfg))
        return result(cfg, false);
    lt_trust_store *ts = caller_trust(cfg);
    return result(cfg, ts != NULL && lt_trust_add_pem(ts, pem, len, "the CA text", &cfg->err));
}

latch_err latch_config_add_ca_file(latch_config *cfg, const char *path)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    lt_trust_store *ts = caller_trust(cfg);
    return result(cfg, ts != NULL && lt_trust_add_path(ts, path, &cfg->err));
}

const lt_trust_store *lt_config_trust(latch_config *cfg)
{
    lt_trust_store *ts = __atomic_load_n(&cfg->trust, __ATOMIC_ACQUIRE);
    if (ts != NULL)
        return ts;
    pthread_mutex_lock(&cfg->trust_lock);
    ts = cfg->trust;
    if (ts == NULL && (ts = lt_trust_new()) != NULL) {
        if (lt_trust_add_system(ts, &cfg->trust_err) || lt_trust_count(ts) > 0)
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
    if (!begin_set(cfg))
        return result(cfg, false);
    uint8_t *data = NULL;
    size_t len = 0;
    bool ok = read_file(path, &data, &len, &cfg->err) &&
              lt_crl_list_add(&cfg->crls, data, len, path, &cfg->err);
    free(data);
    return result(cfg, ok);
}

latch_err latch_config_set_ciphers(latch_config *cfg, const char *list)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    if (list == NULL)
        return result(cfg, LT_FAIL(&cfg->err, LATCH_ERR_USAGE, "no cipher list given"));
    return result(cfg, lt_suite_list_parse(list, &cfg->suites, &cfg->err));
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
                   "unknown group \"%.*s\" (known: x25519, secp256r1, secp384r1, ffdhe2048, "
                   "ffdhe3072, ffdhe4096)",
                   (int)n, name);
}

latch_err latch_config_set_groups(latch_config *cfg, const char *list)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    uint16_t saved[LT_CONFIG_MAX_GROUPS];
    size_t saved_count = cfg->group_count;
    memcpy(saved, cfg->groups, sizeof(saved));
    cfg->group_count = 0;
    bool ok = for_each_item(cfg, list, ":", "group", take_group);
    if (!ok) {
        memcpy(cfg->groups, saved, sizeof(saved));
        cfg->group_count = saved_count;
    }
    return result(cfg, ok);
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
    if (!begin_set(cfg))
        return result(cfg, false);
    size_t saved = cfg->alpn_count;
    cfg->alpn_count = 0;
    bool ok = for_each_item(cfg, list, ",", "ALPN", take_alpn);
    if (!ok)
        cfg->alpn_count = saved;
    return result(cfg, ok);
}

latch_err latch_config_set_server_preference(latch_config *cfg, int server_order)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    cfg->server_preference = server_order != 0;
    return LATCH_OK;
}

latch_err latch_config_set_encrypt_then_mac(latch_config *cfg, int enabled)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    cfg->encrypt_then_mac = enabled != 0;
    return LATCH_OK;
}

latch_err latch_config_set_max_handshake_message(latch_config *cfg, size_t bytes)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    bool ok = bytes >= LT_HS_MIN_MAX_MESSAGE && bytes <= LT_HS_MAX_MESSAGE_LIMIT;
    if (ok)
        cfg->max_handshake_message = bytes;
    else
        LT_FAIL(&cfg->err, LATCH_ERR_CONFIG,
                "a handshake message limit of %zu bytes is not from %u to %u", bytes,
                LT_HS_MIN_MAX_MESSAGE, LT_HS_MAX_MESSAGE_LIMIT);
    return result(cfg, ok);
}

latch_err latch_config_set_clock(latch_config *cfg, latch_clock_fn now, void *arg)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    cfg->clock = now;
    cfg->clock_arg = arg;
    return LATCH_OK;
}

latch_err latch_config_set_trace(latch_config *cfg, latch_trace_fn fn, void *arg, int show_secrets)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    cfg->trace = fn;
    cfg->trace_arg = arg;
    cfg->trace_secrets = show_secrets != 0;
    return LATCH_OK;
}

latch_err latch_config_set_keylog(latch_config *cfg, latch_keylog_fn fn, void *arg)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    cfg->keylog = fn;
    cfg->keylog_arg = arg;
    return LATCH_OK;
}

latch_err latch_config_require_ocsp_staple(latch_config *cfg)
{
    if (!begin_set(cfg))
        return result(cfg, false);
    cfg->require_staple = true;
    return LATCH_OK;
}

latch_err latch_config_insecure_noverify(latch_config *cfg)
{
    if (!begin_set(cfg))
        return result(cfg, false);
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
    return result(cfg, begin_set(cfg) && set_client_cert(cfg, mode));
}

latch_err latch_config_set_tickets(latch_config *cfg, int enabled)
{
    bool ok = begin_set(cfg);
    if (ok)
        cfg->tickets = enabled != 0;
    return result(cfg, ok);
}

static bool take_ticket_key(latch_config *cfg, size_t at, const uint8_t *key)
{
    LT_ENSURE(key != NULL, &cfg->err, LATCH_ERR_USAGE, "no ticket key given");
    LT_ENSURE(cfg->role == LATCH_SERVER, &cfg->err, LATCH_ERR_USAGE,
              "ticket keys are for a server config");
    memcpy(&cfg->ticket_keys[at], key, LATCH_TICKET_KEY_LEN);
    return true;
}

latch_err latch_config_set_ticket_key(latch_config *cfg, const uint8_t *key)
{
    bool ok = begin_set(cfg) && take_ticket_key(cfg, 0, key);
    return result(cfg, ok);
}

latch_err latch_config_add_old_ticket_key(latch_config *cfg, const uint8_t *key)
{
    bool ok = begin_set(cfg);
    if (ok && cfg->ticket_key_count == LT_CONFIG_MAX_TICKET_KEYS)
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE, "at most %d old ticket keys",
                     LT_CONFIG_MAX_TICKET_KEYS - 1);
    ok = ok && take_ticket_key(cfg, cfg->ticket_key_count, key);
    if (ok)
        cfg->ticket_key_count++;
    return result(cfg, ok);
}

latch_err latch_config_set_session_cache(latch_config *cfg, size_t entries)
{
    bool ok = begin_set(cfg);
    if (ok && entries > LATCH_SESSION_CACHE_MAX)
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE, "a session cache holds at most %d sessions",
                     LATCH_SESSION_CACHE_MAX);
    if (ok)
        cfg->session_cache_size = entries;
    return result(cfg, ok);
}

latch_err latch_config_set_session_lifetime(latch_config *cfg, uint32_t seconds)
{
    bool ok = begin_set(cfg);
    if (ok && (seconds == 0 || seconds > LATCH_SESSION_LIFETIME_MAX))
        ok = LT_FAIL(&cfg->err, LATCH_ERR_USAGE,
                     "a session lifetime is 1 to %d seconds (RFC 5077 5.6 suggests no more than "
                     "a day or so)",
                     LATCH_SESSION_LIFETIME_MAX);
    if (ok)
        cfg->session_lifetime = seconds;
    return result(cfg, ok);
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

static bool auth_fits_key(int auth, lt_key_type type)
{
    if (auth == LT_AUTH_RSA)
        return type == LT_KEY_RSA;
    return type == LT_KEY_EC_P256 || type == LT_KEY_EC_P384 || type == LT_KEY_ED25519;
}

bool lt_config_pick_scheme(const latch_config *cfg, const lt_privkey *key,
                           const uint16_t *peer_schemes, size_t peer_scheme_count, uint16_t *scheme)
{
    for (size_t i = 0; i < cfg->sig_scheme_count; i++) {
        uint16_t s = cfg->sig_schemes[i];
        if (lt_sig_scheme_key_type(s) != key->type)
            continue;
        for (size_t j = 0; j < peer_scheme_count; j++) {
            if (peer_schemes[j] == s) {
                *scheme = s;
                return true;
            }
        }
    }
    return false;
}

/* RFC 6125 6.4.3: a wildcard stands for exactly the whole leftmost label. */
static bool name_covers(const char *pattern, const char *host)
{
    if (strcasecmp(pattern, host) == 0)
        return true;
    if (pattern[0] != '*' || pattern[1] != '.')
        return false;
    const char *dot = strchr(host, '.');
    return dot != NULL && dot != host && strcasecmp(pattern + 1, dot) == 0;
}

static bool cert_key_covers(const lt_cert_key *ck, const char *sni)
{
    for (size_t i = 0; i < ck->name_count; i++)
        if (name_covers(ck->names[i], sni))
            return true;
    return false;
}

const lt_cert_key *lt_config_pick_cert(const latch_config *cfg, int auth, const char *sni,
                                       const uint16_t *peer_schemes, size_t peer_scheme_count,
                                       uint16_t *scheme)
{
    const lt_cert_key *fallback = NULL;
    uint16_t fallback_scheme = 0;
    for (size_t i = 0; i < cfg->cert_key_count; i++) {
        const lt_cert_key *ck = &cfg->cert_keys[i];
        uint16_t s;
        if (!auth_fits_key(auth, ck->key.type) ||
            !lt_config_pick_scheme(cfg, &ck->key, peer_schemes, peer_scheme_count, &s))
            continue;
        if (sni == NULL || cert_key_covers(ck, sni)) {
            *scheme = s;
            return ck;
        }
        if (fallback == NULL) {
            fallback = ck;
            fallback_scheme = s;
        }
    }
    *scheme = fallback_scheme;
    return fallback;
}
