#include "engine_config.h"

#include <stdio.h>
#include <string.h>

#include "crypto/sig.h"
#include "tls/config.h"

/* A fixed ticket key, so that a ticket sealed at start-up opens in every run. */
static void ticket_key(uint8_t key[LATCH_TICKET_KEY_LEN], uint8_t first)
{
    for (size_t i = 0; i < LATCH_TICKET_KEY_LEN; i++)
        key[i] = (uint8_t)(first + i);
}

static void add_cert(latch_config *cfg, const char *name)
{
    char chain[256], key[256];
    snprintf(chain, sizeof(chain), "%s/e2e/%s.chain.pem", LATCH_FUZZ_DATA, name);
    snprintf(key, sizeof(key), "%s/e2e/%s.key", LATCH_FUZZ_DATA, name);
    FUZZ_CHECK(latch_config_add_cert_key_file(cfg, chain, key) == LATCH_OK);
}

static void server_settings(latch_config *cfg, const fuzz_engine_spec *spec, bool issuer)
{
    add_cert(cfg, spec->cert);
    if (spec->client_auth != LATCH_CLIENT_CERT_NONE) {
        FUZZ_CHECK(latch_config_request_client_cert(cfg, spec->client_auth) == LATCH_OK);
        FUZZ_CHECK(latch_config_add_ca_file(cfg, LATCH_FUZZ_DATA "/e2e/ca.pem") == LATCH_OK);
    }
    uint8_t current[LATCH_TICKET_KEY_LEN], old[LATCH_TICKET_KEY_LEN];
    ticket_key(current, 0x40);
    ticket_key(old, 0x80);
    FUZZ_CHECK(latch_config_set_ticket_key(cfg, issuer ? old : current) == LATCH_OK);
    if (spec->resume == FUZZ_TICKET_RENEWED && !issuer)
        FUZZ_CHECK(latch_config_add_old_ticket_key(cfg, old) == LATCH_OK);
    /* One slot: the case's session, put back before every input. */
    if (spec->resume == FUZZ_SESSION_ID)
        FUZZ_CHECK(latch_config_set_session_cache(cfg, 1) == LATCH_OK);
}

/* Not an API: a test's reach into the config, for the schemes that sign
 * the same bytes every time (engine.h). */
static void offer_only(latch_config *cfg, bool with_ecdsa)
{
    cfg->sig_schemes[0] = LT_SIG_RSA_PKCS1_SHA256;
    cfg->sig_schemes[1] = LT_SIG_ED25519;
    cfg->sig_schemes[2] = LT_SIG_ECDSA_SECP256R1_SHA256;
    cfg->sig_scheme_count = with_ecdsa ? 3 : 2;
}

/* A HelloRetryRequest case's client sends an x25519 key share first
 * (client_hello.c: the first group of a client gets the share), to a server that takes
 * only the case's group. */
static void set_groups(latch_config *cfg, const fuzz_engine_spec *spec, latch_role role)
{
    char groups[64];
    bool retry = spec->version == FUZZ_TLS13_HRR && role == LATCH_CLIENT;
    FUZZ_CHECK(!retry || strcmp(spec->group, "x25519") != 0);
    snprintf(groups, sizeof(groups), "%s%s", retry ? "x25519:" : "", spec->group);
    FUZZ_CHECK(latch_config_set_groups(cfg, groups) == LATCH_OK);
}

static latch_trace_fn trace_fn;
static void *trace_arg;

void fuzz_engine_trace_all(latch_trace_fn fn, void *arg)
{
    trace_fn = fn;
    trace_arg = arg;
}

latch_config *fuzz_engine_config(const fuzz_engine_spec *spec, latch_role role, latch_role target,
                                 bool issuer)
{
    latch_config *cfg = latch_config_new(role);
    FUZZ_CHECK(cfg != NULL);
    if (trace_fn != NULL)
        FUZZ_CHECK(latch_config_set_trace(cfg, trace_fn, trace_arg, 1) == LATCH_OK);
    if (role == LATCH_SERVER) {
        server_settings(cfg, spec, issuer);
    } else {
        FUZZ_CHECK(latch_config_add_ca_file(cfg, LATCH_FUZZ_DATA "/e2e/ca.pem") == LATCH_OK);
        if (spec->client_cert != NULL)
            add_cert(cfg, spec->client_cert);
    }
    /* A client that takes tickets gets one instead of a cached session ID. */
    if (spec->resume == FUZZ_SESSION_ID)
        FUZZ_CHECK(latch_config_set_tickets(cfg, 0) == LATCH_OK);
    FUZZ_CHECK(latch_config_set_clock(cfg, fuzz_clock, NULL) == LATCH_OK);
    /* Each case is one version's handshake, cut where that version's
     * keys change (engine.h), whatever the default. */
    int min = spec->version == FUZZ_TLS13 || spec->version == FUZZ_TLS13_HRR ? LATCH_TLS1_3
                                                                             : LATCH_TLS1_2;
    int max = spec->version == FUZZ_TLS12 ? LATCH_TLS1_2 : LATCH_TLS1_3;
    FUZZ_CHECK(latch_config_set_versions(cfg, min, max) == LATCH_OK);
    /* A TLS 1.3 case's suite is a TLS 1.3 one; its TLS 1.2 list, if it
     * speaks 1.2 too, the default. */
    if (spec->suite != NULL && spec->version == FUZZ_TLS12)
        FUZZ_CHECK(latch_config_set_ciphers(cfg, spec->suite) == LATCH_OK);
    else if (spec->suite != NULL)
        FUZZ_CHECK(latch_config_set_tls13_suites(cfg, spec->suite) == LATCH_OK);
    set_groups(cfg, spec, role);
    FUZZ_CHECK(latch_config_set_encrypt_then_mac(cfg, spec->encrypt_then_mac) == LATCH_OK);
    FUZZ_CHECK(latch_config_set_alpn(cfg, "h2,http/1.1") == LATCH_OK);
    /* The server under test signs its ServerKeyExchange with what the
     * client offers; a client's CertificateVerify, with what the server's
     * CertificateRequest offers (RFC 5246 7.4.4). The session a client
     * under test resumes has an extended master secret over the whole
     * full handshake, the server's signature too (RFC 7627 4), and the
     * same in every process only if that signature is. TLS 1.3 is the
     * same with CertificateVerify for both (RFC 8446 4.4.3), and its
     * resumption secret is over the whole handshake too (7.1). */
    if (role == LATCH_CLIENT && target == LATCH_SERVER)
        offer_only(cfg, spec->client_cert != NULL);
    else if (role == LATCH_SERVER && target == LATCH_CLIENT &&
             (spec->client_cert != NULL || spec->resume != FUZZ_FULL))
        offer_only(cfg, false);
    return cfg;
}
