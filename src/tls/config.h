/*
 * The config behind latch_config: everything a connection reads from it,
 * parsed and checked once when the caller sets it. Frozen (read-only) from
 * the first connection on, so connections on any thread may share it.
 */
#ifndef LT_TLS_CONFIG_H
#define LT_TLS_CONFIG_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/sig.h"
#include "latch.h"
#include "tls/hooks.h"
#include "tls/msg_cert.h"
#include "tls/session_cache.h"
#include "tls/session_store.h"
#include "tls/suites.h"
#include "tls/ticket.h"
#include "tls/ticket_ring.h"
#include "x509/crl.h"
#include "x509/key_cache.h"
#include "x509/path_rules.h"
#include "x509/trust.h"

#define LT_CONFIG_MAX_CERT_KEYS 8
#define LT_CONFIG_MAX_GROUPS 16
#define LT_CONFIG_MAX_SIG_SCHEMES 16
#define LT_CONFIG_MAX_ALPN 8
/* The sealing ticket key and the older ones still accepted. */
#define LT_CONFIG_MAX_TICKET_KEYS 5

/* Resumption defaults (README): a session lives 2 hours, the server's
 * session-ID cache holds 4096 sessions (about 1.4 MiB once filled). */
#define LT_DEFAULT_SESSION_LIFETIME 7200
/* TLS 1.3: two tickets per handshake, so a client can open two
 * connections, or resume twice, without reusing one (RFC 8446 C.4). */
#define LT_DEFAULT_TICKETS13 2
/* A server that sets no ticket key makes a new one every 4 hours. */
#define LT_DEFAULT_TICKET_ROTATION (4 * 3600)
#define LT_DEFAULT_SESSION_CACHE 4096

/* A certificate chain (DER, leaf first) and the private key of its leaf. */
typedef struct lt_cert_key {
    uint8_t *chain[LT_MAX_CERT_CHAIN];
    size_t chain_len[LT_MAX_CERT_CHAIN];
    size_t chain_count;
    lt_privkey key;
    /* DNS names of the leaf's subjectAltName, for choosing by SNI. */
    char **names;
    size_t name_count;
    /* A DER OCSPResponse to staple (RFC 6066 8), or NULL. */
    uint8_t *ocsp;
    size_t ocsp_len;
    /* The signature schemes that name each signature of the chain but a
     * self-signed root's (lt_sig_schemes_for_x509: one or two, the rest
     * 0), for signature_algorithms_cert (RFC 8446 4.2.3). */
    uint16_t chain_sigs[LT_MAX_CERT_CHAIN][2];
    size_t chain_sig_count;
} lt_cert_key;

/* A protocol name for ALPN: 1..255 bytes. */
typedef struct lt_alpn_name {
    uint8_t name[255];
    uint8_t len;
} lt_alpn_name;

struct latch_config {
    int refs;
    int frozen;
    latch_role role;
    lt_error err;

    lt_suite_list suites;
    /* The TLS 1.3 suites, in preference order; never empty. */
    lt_suite_list suites13;
    uint16_t groups[LT_CONFIG_MAX_GROUPS];
    size_t group_count;
    uint16_t sig_schemes[LT_CONFIG_MAX_SIG_SCHEMES];
    size_t sig_scheme_count;
    lt_alpn_name alpn[LT_CONFIG_MAX_ALPN];
    size_t alpn_count;

    lt_cert_key cert_keys[LT_CONFIG_MAX_CERT_KEYS];
    size_t cert_key_count;

    /* Trust anchors the caller added; NULL means the system store, which
     * lt_config_trust() loads once, at the first verification (a client's
     * only: a server's stays empty). */
    lt_trust_store *trust;
    lt_error trust_err; /* why the system store could not be read */
    pthread_mutex_t trust_lock;
    lt_crl_list crls;
    lt_profile profile; /* the chain rules: Web PKI unless set */
    /* Peers' leaf keys, decoded once for all connections (key_cache.h). */
    lt_key_cache peer_keys;

    bool verify;                   /* client: verify the server's chain and name */
    bool require_staple;           /* client: fail without a stapled OCSP response */
    bool server_preference;        /* server: choose by our order */
    bool encrypt_then_mac;         /* offer (client) or accept (server) RFC 7366 */
    size_t record_padding;         /* TLS 1.3: pad records to a multiple of this; 0: none */
    latch_client_cert client_cert; /* server: ask for a client certificate */
    latch_clock_fn clock;
    void *clock_arg;
    size_t max_handshake_message;
    size_t max_client_hello; /* server: the ClientHello's own limit */
    bool strict_sni;         /* server: unrecognized_name for a name no certificate covers */
    bool strict_alpn;        /* server: no_application_protocol without one of ours */

    /* Resumption. Client: offer tickets. Server: issue and accept them,
     * sealed with ticket_keys[0] (random unless set), opened with any. */
    bool tickets;
    lt_ticket_key ticket_keys[LT_CONFIG_MAX_TICKET_KEYS];
    size_t ticket_key_count;
    /* Unless the caller gave keys, with a rotation (seconds, 0: never)
     * tickets use the ring instead of ticket_keys. */
    bool ticket_keys_given;
    uint32_t ticket_rotation;
    lt_ticket_ring ticket_ring;
    size_t session_cache_size; /* server: 0 turns the cache off */
    uint32_t session_lifetime; /* seconds */
    /* Server: NewSessionTickets sent after a TLS 1.3 handshake (RFC 8446
     * 4.6.1), when tickets are on; 0 sends none. */
    unsigned tickets13;
    lt_session_cache cache; /* the only state connections change */
    /* Server: the caller's external session cache, if any. */
    lt_session_store session_store;

    latch_trace_fn trace;
    void *trace_arg;
    bool trace_secrets;
    latch_keylog_fn keylog;
    void *keylog_arg;
    lt_config_hooks hooks;

    /* The versions spoken, LT_VERSION_TLS12 to LT_VERSION_TLS13. */
    uint16_t min_version;
    uint16_t max_version;
    /* Record sizes and buffers (record_limits.h). */
    uint16_t record_size_limit;  /* ours, 64..16385; 0: not sent (client) */
    uint8_t max_fragment_length; /* client: lt_max_fragment to offer, 0: none */
    bool pin_buffers;            /* keep record buffers while idle */
};

/* Every setter starts with lt_config_begin_set() (false when the config
 * is frozen or NULL) and returns lt_config_result(). */
bool lt_config_begin_set(latch_config *cfg);
latch_err lt_config_result(latch_config *cfg, bool ok);
void lt_cert_key_free(lt_cert_key *ck);
/* A chain (PEM, leaf first) and the key of its leaf, checked to match;
 * on failure nothing is left to free. */
bool lt_cert_key_load(lt_cert_key *ck, const uint8_t *cert_pem, size_t cert_len,
                      const uint8_t *key_pem, size_t key_len, lt_error *err) LT_MUST_CHECK;

/* Marks the config read-only; later setters fail. */
void lt_config_freeze(latch_config *cfg);
/* Whether a frozen config can make connections: a server that requests
 * client certificates must name their CA (never the system store), and
 * one with strict ALPN must have protocols. */
bool lt_config_check(const latch_config *cfg, lt_error *err) LT_MUST_CHECK;
int64_t lt_config_now(const latch_config *cfg);
/* Server: the key to seal a ticket with now. */
bool lt_config_ticket_key(latch_config *cfg, lt_ticket_key *out, lt_error *err) LT_MUST_CHECK;
/* Server: opens a ticket with the key that names it (*which: 0 for the
 * sealing key, more for an older one). */
lt_ticket_status lt_config_open_ticket(latch_config *cfg, const uint8_t *ticket, size_t len,
                                       lt_session_state *out, size_t *which, lt_error *err);
/* The trust store: the caller's anchors, or the system store loaded on
 * first use (thread-safe). Never NULL unless out of memory; may be empty,
 * and then cfg->trust_err may say why. */
const lt_trust_store *lt_config_trust(latch_config *cfg);
bool lt_config_has_scheme(const latch_config *cfg, uint16_t scheme);
bool lt_config_has_group(const latch_config *cfg, uint16_t group);
bool lt_config_speaks(const latch_config *cfg, uint16_t version);

#endif
