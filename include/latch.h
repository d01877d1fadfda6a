/*
 * latch: a TLS 1.2 library.
 *
 * This is the only installed header. Every public symbol starts with
 * latch_; everything else in the library is internal. The man pages
 * latch(3), latch_config_new(3), latch_conn_new(3), latch_conn_read(3),
 * latch_conn_get_session(3), latch_config_set_session_cache_callbacks(3),
 * latch_verify_pem(3), latch_config_set_trace(3), latch_conn_create(3),
 * latch_cert_parse_der(3), latch_config_set_verify_callback(3) and
 * latch_mkcert_ca(3) describe it by group.
 *
 * Lifetimes and threads:
 * - A config is reference-counted; each connection holds a reference, so
 *   the caller may free its own once its connections are made. The first
 *   connection (or latch_verify_pem) freezes it, and a frozen config may
 *   be used from any number of threads at once.
 * - A connection belongs to one thread at a time: calls on the same
 *   connection must not overlap. Different connections are independent.
 * - Callbacks set on a config (trace, key log, clock, the hooks) run on
 *   the thread that drives the connection, inside the call that caused
 *   the event, so with a shared config they may run concurrently for
 *   different connections. A trace event is valid during its callback only.
 * - Strings and certificate bytes a connection returns (its error
 *   sentence, negotiated names, the peer's certificates) stay valid until
 *   it is freed; the bytes of latch_conn_output() and the window of
 *   latch_conn_input_window() only until the next call on it. Names from
 *   latch_err_name(), latch_alert_name() and latch_version() are constant.
 * - A function returning a pointer says when it may return NULL; the
 *   others never do.
 */
#ifndef LATCH_H
#define LATCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LATCH_API __attribute__((visibility("default")))
#else
#define LATCH_API
#endif

/* The version this header belongs to; latch_version() gives the one of
 * the library actually loaded, which may be newer. */
#define LATCH_VERSION_STRING "0.1.0"
#define LATCH_VERSION_NUMBER 0x000100 /* 0xMMmmpp: major, minor, patch */

/*
 * Error codes, grouped by kind. Each code maps to exactly one TLS alert
 * (or none): latch_err_alert() tells which. The values are stable.
 */
typedef enum latch_err {
    LATCH_OK = 0,

    /* Progress, not failure: the caller should poll and call again. */
    LATCH_WANT_READ = 1,
    LATCH_WANT_WRITE = 2,

    /* The connection ended. */
    LATCH_ERR_CLOSED = 10,         /* the peer sent close_notify */
    LATCH_ERR_TRUNCATED = 11,      /* the stream ended without close_notify */
    LATCH_ERR_ALERT_RECEIVED = 12, /* the peer sent a fatal alert */
    LATCH_ERR_IO = 13,             /* the socket failed */
    LATCH_ERR_NOT_TLS = 14,        /* the peer is not speaking TLS */

    /* The caller's mistake: nothing is sent to the peer. */
    LATCH_ERR_USAGE = 20,
    LATCH_ERR_MEMORY = 21,
    LATCH_ERR_INTERNAL = 22, /* sends internal_error */
    LATCH_ERR_CONFIG = 23,   /* bad file, bad key, bad list */

    /* The peer broke the protocol: each sends the alert of the same name. */
    LATCH_ERR_DECODE = 30,
    LATCH_ERR_ILLEGAL_PARAMETER = 31,
    LATCH_ERR_UNEXPECTED_MESSAGE = 32,
    LATCH_ERR_BAD_RECORD_MAC = 33,
    LATCH_ERR_RECORD_OVERFLOW = 34,
    LATCH_ERR_HANDSHAKE_FAILURE = 35,
    LATCH_ERR_DECRYPT_ERROR = 36,
    LATCH_ERR_PROTOCOL_VERSION = 37,
    LATCH_ERR_INSUFFICIENT_SECURITY = 38,
    LATCH_ERR_INAPPROPRIATE_FALLBACK = 39,
    LATCH_ERR_UNSUPPORTED_EXTENSION = 40,
    LATCH_ERR_NO_APPLICATION_PROTOCOL = 41,
    LATCH_ERR_UNRECOGNIZED_NAME = 42,
    LATCH_ERR_MISSING_EXTENSION = 43, /* TLS 1.3: a required extension is absent */

    /* Certificates: each sends the alert of the same name. */
    LATCH_ERR_BAD_CERTIFICATE = 50,
    LATCH_ERR_UNSUPPORTED_CERTIFICATE = 51,
    LATCH_ERR_CERTIFICATE_REVOKED = 52,
    LATCH_ERR_CERTIFICATE_EXPIRED = 53,
    LATCH_ERR_CERTIFICATE_UNKNOWN = 54,
    LATCH_ERR_UNKNOWN_CA = 55,
    /* A stapled OCSP response that cannot be parsed or does not verify
     * (RFC 6066 8). */
    LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE = 56,
    /* TLS 1.3: a server that requires a client certificate got none. */
    LATCH_ERR_CERTIFICATE_REQUIRED = 57,
} latch_err;

/* TLS alert descriptions (RFC 5246 7.2, RFC 7301, RFC 7507, RFC 6066, RFC 8446 6). */
typedef enum latch_alert {
    LATCH_ALERT_CLOSE_NOTIFY = 0,
    LATCH_ALERT_UNEXPECTED_MESSAGE = 10,
    LATCH_ALERT_BAD_RECORD_MAC = 20,
    LATCH_ALERT_RECORD_OVERFLOW = 22,
    LATCH_ALERT_HANDSHAKE_FAILURE = 40,
    LATCH_ALERT_BAD_CERTIFICATE = 42,
    LATCH_ALERT_UNSUPPORTED_CERTIFICATE = 43,
    LATCH_ALERT_CERTIFICATE_REVOKED = 44,
    LATCH_ALERT_CERTIFICATE_EXPIRED = 45,
    LATCH_ALERT_CERTIFICATE_UNKNOWN = 46,
    LATCH_ALERT_ILLEGAL_PARAMETER = 47,
    LATCH_ALERT_UNKNOWN_CA = 48,
    LATCH_ALERT_ACCESS_DENIED = 49,
    LATCH_ALERT_DECODE_ERROR = 50,
    LATCH_ALERT_DECRYPT_ERROR = 51,
    LATCH_ALERT_PROTOCOL_VERSION = 70,
    LATCH_ALERT_INSUFFICIENT_SECURITY = 71,
    LATCH_ALERT_INTERNAL_ERROR = 80,
    LATCH_ALERT_INAPPROPRIATE_FALLBACK = 86,
    LATCH_ALERT_USER_CANCELED = 90,
    LATCH_ALERT_NO_RENEGOTIATION = 100,
    LATCH_ALERT_MISSING_EXTENSION = 109,
    LATCH_ALERT_UNSUPPORTED_EXTENSION = 110,
    LATCH_ALERT_UNRECOGNIZED_NAME = 112,
    LATCH_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE = 113,
    LATCH_ALERT_CERTIFICATE_REQUIRED = 116,
    LATCH_ALERT_NO_APPLICATION_PROTOCOL = 120,
    LATCH_ALERT_NONE = 255, /* this error sends no alert */
} latch_alert;

/* The version of the library loaded at run time, as "0.1.0"; a constant
 * string, never NULL. */
LATCH_API const char *latch_version(void);

/* The alert an error sends to the peer, or LATCH_ALERT_NONE. */
LATCH_API latch_alert latch_err_alert(latch_err err);
/* A short constant name for an error code, e.g. "bad_record_mac". */
LATCH_API const char *latch_err_name(latch_err err);
/* A short constant name for an alert, e.g. "handshake_failure". */
LATCH_API const char *latch_alert_name(int alert);

/* Text from a peer (a name, a protocol, a header) made safe to print:
 * printable ASCII as it is, the backslash as \\ and every other byte as
 * \xNN, written into out (cap bytes, always NUL-terminated) and cut with
 * "..." when it does not fit; LATCH_ESCAPED_MAX(len) bytes always do.
 * Returns out. The library escapes every peer string it puts in an error
 * sentence or a trace field this way. */
#define LATCH_ESCAPED_MAX(len) (4 * (len) + 1)
LATCH_API const char *latch_escape(char *out, size_t cap, const void *bytes, size_t len);

/*
 * What kind of failure an error code is, for an application that acts
 * on the kind rather than the code:
 * - LATCH_CAT_NONE: LATCH_OK; LATCH_CAT_WANT: LATCH_WANT_READ or
 *   LATCH_WANT_WRITE, progress rather than failure;
 * - LATCH_CAT_CLOSED: the peer closed cleanly (LATCH_ERR_CLOSED);
 * - LATCH_CAT_IO: the transport failed or ended without close_notify
 *   (LATCH_ERR_IO, LATCH_ERR_TRUNCATED): retrying may help;
 * - LATCH_CAT_PEER_ALERT: the peer refused the connection with a fatal
 *   alert (LATCH_ERR_ALERT_RECEIVED; latch_conn_peer_alert() says which);
 * - LATCH_CAT_PROTOCOL: the peer broke the protocol or shares nothing
 *   with us (LATCH_ERR_NOT_TLS and codes 30 to 42);
 * - LATCH_CAT_CERTIFICATE: a certificate failed verification (codes 50
 *   to 56);
 * - LATCH_CAT_CONFIG: the caller's mistake (LATCH_ERR_USAGE,
 *   LATCH_ERR_CONFIG);
 * - LATCH_CAT_RESOURCE: out of memory or an internal failure
 *   (LATCH_ERR_MEMORY, LATCH_ERR_INTERNAL).
 * A code this header does not name is LATCH_CAT_PROTOCOL.
 */
typedef enum latch_category {
    LATCH_CAT_NONE = 0,
    LATCH_CAT_WANT = 1,
    LATCH_CAT_CLOSED = 2,
    LATCH_CAT_IO = 3,
    LATCH_CAT_PEER_ALERT = 4,
    LATCH_CAT_PROTOCOL = 5,
    LATCH_CAT_CERTIFICATE = 6,
    LATCH_CAT_CONFIG = 7,
    LATCH_CAT_RESOURCE = 8,
} latch_category;
LATCH_API latch_category latch_err_category(latch_err err);

/* ------------------------------------------------------------------ */
/* Configuration: built once, then shared read-only by connections.    */
/* ------------------------------------------------------------------ */

typedef struct latch_config latch_config;
typedef struct latch_conn latch_conn;

typedef enum latch_role {
    LATCH_CLIENT = 0,
    LATCH_SERVER = 1,
} latch_role;

/*
 * A new config with the defaults written in the README: TLS 1.2 and 1.3
 * (latch_config_set_versions),
 * the DEFAULT cipher list, groups x25519:secp256r1:secp384r1, server
 * cipher preference, and for a client the system trust store with
 * certificate and name verification on. Returns NULL only when out of
 * memory.
 *
 * A config is reference-counted: every connection holds a reference, so
 * the caller may drop its own as soon as the connections are made. Once
 * the first connection is made the config is frozen: a setter called
 * after that fails with LATCH_ERR_USAGE. A frozen config may be shared by
 * connections on any number of threads.
 */
LATCH_API latch_config *latch_config_new(latch_role role);
LATCH_API latch_config *latch_config_ref(latch_config *cfg);
LATCH_API void latch_config_free(latch_config *cfg);

/* Why the last setter failed, as a sentence (never NULL). */
LATCH_API const char *latch_config_error(const latch_config *cfg);

/* A certificate chain (leaf first) and its private key, PEM. A server may
 * add several; it picks by SNI and by what the client can verify. */
LATCH_API latch_err latch_config_add_cert_key_file(latch_config *cfg, const char *cert_path,
                                                   const char *key_path);
LATCH_API latch_err latch_config_add_cert_key_mem(latch_config *cfg, const uint8_t *cert_pem,
                                                  size_t cert_len, const uint8_t *key_pem,
                                                  size_t key_len);

/* Server: a DER OCSP response (RFC 6960) to staple with the certificate
 * added last (RFC 6066 8): sent in a CertificateStatus message to clients
 * that ask for it with status_request. The server does not judge it (the
 * client does), but refuses bytes that do not parse as a successful basic
 * OCSPResponse. Setting it again replaces it; refresh it before it goes
 * stale by building a new config. */
LATCH_API latch_err latch_config_set_ocsp_response_file(latch_config *cfg, const char *path);
LATCH_API latch_err latch_config_set_ocsp_response_mem(latch_config *cfg, const uint8_t *der,
                                                       size_t len);

/* Trust anchors, PEM (a file may hold many; a directory is read for
 * *.pem, *.crt and OpenSSL hash-named files). Setting any replaces the
 * system store. A malformed certificate among several in a file or
 * directory is skipped (latch_verify_result counts them); a file with no
 * usable certificate fails.
 *
 * The system store is $SSL_CERT_FILE and $SSL_CERT_DIR when set, else
 * /etc/ssl/certs/ca-certificates.crt, else the files of /etc/ssl/certs;
 * it is loaded once per config, at the first verification. The two
 * variables are read with secure_getenv(): a setuid or setgid program
 * ignores them. */
LATCH_API latch_err latch_config_add_ca_file(latch_config *cfg, const char *path);
LATCH_API latch_err latch_config_add_ca_mem(latch_config *cfg, const uint8_t *pem, size_t len);

/* Certificate revocation lists (DER, or PEM with "X509 CRL" blocks). A CRL
 * is used for the certificates its issuer signed in a path: its signature
 * and thisUpdate/nextUpdate window are checked (a stale CRL fails with
 * LATCH_ERR_CERTIFICATE_UNKNOWN), and a listed certificate fails with
 * LATCH_ERR_CERTIFICATE_REVOKED. CRLs are never fetched. */
LATCH_API latch_err latch_config_add_crl_file(latch_config *cfg, const char *path);

/* Which rules a chain must follow. LATCH_PROFILE_WEBPKI, the default, is
 * RFC 5280 plus the CA/Browser Forum Baseline Requirements a public CA
 * follows (a server leaf lists serverAuth, roots carry no extKeyUsage, no
 * "_" in DNS names, ...); LATCH_PROFILE_RFC5280 is the RFC's rules alone,
 * for private PKIs whose CAs do not follow the Baseline Requirements. The
 * README lists which rule belongs to which. */
typedef enum latch_profile {
    LATCH_PROFILE_WEBPKI = 0,
    LATCH_PROFILE_RFC5280 = 1,
} latch_profile;
LATCH_API latch_err latch_config_set_profile(latch_config *cfg, latch_profile profile);

/* Cipher suites: colon-separated IANA or OpenSSL-style names, or DEFAULT
 * or ALL. Groups: colon-separated names (x25519, secp256r1, secp384r1,
 * ffdhe2048, ...). ALPN: comma-separated protocol names, in preference
 * order. */
LATCH_API latch_err latch_config_set_ciphers(latch_config *cfg, const char *list);
LATCH_API latch_err latch_config_set_groups(latch_config *cfg, const char *list);
LATCH_API latch_err latch_config_set_alpn(latch_config *cfg, const char *list);

/* Server: pick the cipher suite by the server's order (the default) or
 * by the client's. */
LATCH_API latch_err latch_config_set_server_preference(latch_config *cfg, int server_order);

/* The TLS 1.3 cipher suites (RFC 8446 B.4), which latch_config_set_ciphers
 * does not choose: colon-separated IANA names (OpenSSL spells them the
 * same), in preference order, e.g.
 * "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256". The default is
 * TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256.
 * A client offers them in this order; a server picks by this order, or by
 * the client's with latch_config_set_server_preference(cfg, 0), as for
 * TLS 1.2. An unknown name (or a TLS 1.2 suite's) and an empty list or
 * entry fail with LATCH_ERR_CONFIG, so TLS 1.3, when the versions allow
 * it, always has a suite; to speak no TLS 1.3, set the versions to TLS 1.2
 * only (the list is then kept but unused). */
LATCH_API latch_err latch_config_set_tls13_suites(latch_config *cfg, const char *list);

/* encrypt_then_mac (RFC 7366) for the CBC suites: on by default, the
 * client offers it and the server accepts it. Off only to talk to a peer
 * that mishandles it; CBC records are then MAC-then-encrypt, checked in
 * constant time. */
LATCH_API latch_err latch_config_set_encrypt_then_mac(latch_config *cfg, int enabled);

/* TLS 1.3 record padding (RFC 8446 5.4): every protected record's
 * plaintext (its content and the type byte) is padded with zeros to a
 * multiple of `multiple` bytes, so that an observer sees fewer distinct
 * lengths, but never past the 2^14 + 1 bytes a record may hold. 0, the
 * default, pads nothing; from 0 to 16384. TLS 1.2 records have no room
 * for padding and are never padded. */
LATCH_API latch_err latch_config_set_record_padding(latch_config *cfg, size_t multiple);

/* Protocol versions, as on the wire. The config speaks every version
 * from min to max: TLS 1.2 to TLS 1.3 by default. LATCH_ERR_CONFIG for
 * a version latch does not speak or for min above max. A client with
 * max TLS 1.3 offers both and checks the downgrade sentinel (RFC 8446
 * 4.1.3); a server picks the highest version both sides speak. */
#define LATCH_TLS1_2 0x0303
#define LATCH_TLS1_3 0x0304
LATCH_API latch_err latch_config_set_versions(latch_config *cfg, int min, int max);

/* The largest handshake message body accepted from the peer, in bytes:
 * 64 KiB by default, from 1024 to 16777215 (the TLS length field's
 * limit). A message announcing more fails at its header, before its body
 * is buffered. The peer's Certificate message is a handshake message, so
 * this bounds the certificate chain's size too (and a chain is never
 * longer than 16 certificates nor than 128 KiB, whatever this says). */
LATCH_API latch_err latch_config_set_max_handshake_message(latch_config *cfg, size_t bytes);

/* Server: the largest ClientHello body accepted, in bytes: by default
 * 131396, the largest legal hello (RFC 5246 7.4.1.2: 32,767 cipher
 * suites, 255 compression methods, 64 KiB of extensions), so every legal
 * hello is served; from 1024 up to that. Only the first message of a
 * handshake may be that large. The hello's lists are all read but only
 * what latch can use is stored, so a long list costs no memory. Messages
 * that carry one key share, signature or MAC (ClientKeyExchange,
 * CertificateVerify, Finished, HelloRequest, ServerHelloDone) are held to
 * 4096 bytes; other messages to latch_config_set_max_handshake_message. */
LATCH_API latch_err latch_config_set_max_client_hello(latch_config *cfg, size_t bytes);

/*
 * Record sizes and buffers.
 *
 * record_size_limit (RFC 8449): the largest record plaintext we accept,
 * 64 to 16385 bytes (TLS 1.2 counts at most 16384). Default 0: a client
 * does not send the extension (in TLS 1.2 it would only tell the server
 * what the protocol already says); a server answers a client that sends
 * it with this limit, or 16384 without one, and from then on writes
 * records no larger than the client's limit. Either side's limit binds
 * only once both sent the extension, and only encrypted records (RFC
 * 8449 4); a larger record from the peer is record_overflow. A limit
 * below 64 from the peer is illegal_parameter.
 *
 * max_fragment_length (RFC 6066 4), client: offer 512, 1024, 2048 or 4096
 * bytes (0, the default: not offered) for servers that know only this
 * extension; the server must echo the same value (else
 * illegal_parameter) and then both sides' records, handshake ones
 * included, stay within it. A server always honours an offer, unless the
 * client also sent record_size_limit, which then wins (RFC 8449 5).
 * LATCH_ERR_USAGE on a server config.
 *
 * Buffers: by default a connection holds its record buffers only while
 * they are used. The input buffer is made when bytes arrive and freed
 * once every received byte has been read; the output buffer is made when
 * a record is written and freed once the caller has taken all output. An
 * idle connection then holds no record buffer. Sizes follow the agreed
 * limits: one record of the peer's in, one of ours out (for the first
 * flight, before the peer's hello is known, full 16 KiB records). pin
 * keeps the buffers from the first use to latch_conn_free (or an explicit
 * latch_conn_release_buffers), for callers that prefer no allocation per
 * burst of traffic.
 */
LATCH_API latch_err latch_config_set_record_size_limit(latch_config *cfg, unsigned limit);
LATCH_API latch_err latch_config_set_max_fragment_length(latch_config *cfg, unsigned bytes);
LATCH_API latch_err latch_config_set_pin_buffers(latch_config *cfg, int pin);

/* Server, the cross-protocol (ALPACA) defence: with strict SNI a client
 * that names a server no certificate of the config covers, or names none,
 * gets a fatal unrecognized_name instead of the first certificate (RFC
 * 6066 3); with strict ALPN a client that offers none of the config's
 * ALPN protocols, or sends no ALPN extension, gets a fatal
 * no_application_protocol (RFC 7301 3.2), and the config must name
 * protocols (latch_config_set_alpn; a connection otherwise fails with
 * LATCH_ERR_CONFIG). Both off by default. LATCH_ERR_USAGE on a client
 * config. */
LATCH_API latch_err latch_config_set_strict_sni(latch_config *cfg, int on);
LATCH_API latch_err latch_config_set_strict_alpn(latch_config *cfg, int on);

/* The clock used for certificate validity, session lifetimes and ticket
 * key rotation, in Unix seconds. The default reads the system clock. */
typedef int64_t (*latch_clock_fn)(void *arg);
LATCH_API latch_err latch_config_set_clock(latch_config *cfg, latch_clock_fn now, void *arg);

/*
 * Session resumption (RFC 5246 7.3 abbreviated handshake; RFC 5077
 * tickets). A resumed handshake reuses the master secret of an earlier
 * full handshake: no certificate, no key exchange, one round trip.
 *
 * Tickets, on by default. A client offers the session_ticket extension;
 * a server issues a ticket to every client that offers it, and then
 * keeps nothing: the session lives, encrypted and authenticated under
 * the server's ticket key, in the client. Off for a client: it offers no
 * ticket extension; off for a server: it neither issues nor accepts them.
 */
LATCH_API latch_err latch_config_set_tickets(latch_config *cfg, int enabled);

/*
 * Server: how many NewSessionTickets follow a TLS 1.3 handshake (RFC
 * 8446 4.6.1), when tickets are on: 2 by default, 0 to
 * LATCH_TLS13_TICKETS_MAX; 0 sends none. Each ticket resumes the session
 * once it is sealed under the same ticket keys as TLS 1.2 tickets, so key
 * files and rotation apply to both; it lives the session lifetime.
 */
#define LATCH_TLS13_TICKETS_MAX 8
LATCH_API latch_err latch_config_set_tls13_tickets(latch_config *cfg, unsigned count);

/*
 * Server: the ticket key, 48 bytes: a 16-byte key name (sent in the
 * clear at the start of each ticket) and a 32-byte AES-256-GCM key. By
 * default each server config makes its own random keys, rotated in
 * process (latch_config_set_ticket_rotation), so tickets survive only as
 * long as that config. Servers that should resume each other's
 * sessions set the same key. To rotate: build a new config with the new
 * key set and the previous one added with latch_config_add_old_ticket_key
 * (up to 4), which still opens tickets but no longer seals them; a
 * ticket opened with an old key is replaced with a new one in the
 * resumed handshake. The key is a secret: whoever holds it can read
 * every session sealed with it.
 */
#define LATCH_TICKET_KEY_LEN 48
LATCH_API latch_err latch_config_set_ticket_key(latch_config *cfg, const uint8_t *key);
LATCH_API latch_err latch_config_add_old_ticket_key(latch_config *cfg, const uint8_t *key);

/*
 * Server without a ticket key of the caller's: how often the config makes
 * a new random ticket key, in seconds: every 4 hours by default (14400),
 * 0 for one key for the config's whole life, else LATCH_TICKET_ROTATION_MIN
 * to LATCH_TICKET_ROTATION_MAX. Each key stops sealing when the next one
 * is made, and still opens tickets for the session lifetime after that
 * (so a ticket resumes until its session expires), then is wiped; at most
 * 2 + lifetime / rotation keys exist at once. Rotation reads the config's
 * clock (latch_config_set_clock) and happens at the first ticket sealed or
 * opened after the key's time is up. It does not apply once
 * latch_config_set_ticket_key or latch_config_add_old_ticket_key is
 * called: the caller rotates those keys.
 */
#define LATCH_TICKET_ROTATION_MIN 600
#define LATCH_TICKET_ROTATION_MAX (7 * 24 * 3600)
LATCH_API latch_err latch_config_set_ticket_rotation(latch_config *cfg, uint32_t seconds);

/*
 * Server: the session-ID cache, for clients that do not take tickets:
 * 4096 sessions by default (0 turns it off; at most
 * LATCH_SESSION_CACHE_MAX), about 400 bytes each plus the client's leaf
 * certificate when it authenticated, allocated at the first session
 * stored. A client that offers tickets gets one instead and its session
 * is never cached, so its handshakes take no lock. A new session may push
 * out an older one.
 */
#define LATCH_SESSION_CACHE_MAX (1 << 20)
LATCH_API latch_err latch_config_set_session_cache(latch_config *cfg, size_t entries);

/*
 * Server: how long a session may be resumed, in seconds from the full
 * handshake that made it: 7200 (2 hours) by default, 1 to
 * LATCH_SESSION_LIFETIME_MAX. It applies to tickets and cached sessions
 * alike (a renewed ticket keeps its session's age), and is the lifetime
 * hint a ticket carries.
 */
#define LATCH_SESSION_LIFETIME_MAX (7 * 24 * 3600)
LATCH_API latch_err latch_config_set_session_lifetime(latch_config *cfg, uint32_t seconds);

/*
 * Server: the ticket keys from a file, for servers that resume each
 * other's sessions: one key per line, each the 48 bytes of
 * latch_config_set_ticket_key in base64 (64 characters, what `openssl
 * rand -base64 48` prints); blank lines and lines starting with '#' are
 * skipped. The first key seals tickets, every key (up to
 * LATCH_TICKET_KEYS_MAX) opens them. Replaces the keys set before, and
 * like them stops the in-process rotation. Fails with LATCH_ERR_CONFIG
 * and a sentence naming the file and the line for anything else: a
 * malformed key, a key name (its first 16 bytes) used twice, too many
 * keys, none. The file holds secrets: keep it readable by the server only.
 *
 * Rotating across a fleet, one step at a time, each on every server
 * before the next: (1) add a new key at the end (every server now opens
 * its tickets, none seals with it yet); (2) move it first (it seals, the
 * old key still opens); (3) once the session lifetime has passed, drop
 * the old key. A ticket sealed under a dropped key gives a full
 * handshake, never an error. A config is frozen once used: load a
 * changed file into a new config (`latch server` does, on SIGHUP and
 * when the file changes).
 */
#define LATCH_TICKET_KEYS_MAX 5
LATCH_API latch_err latch_config_set_ticket_keys_file(latch_config *cfg, const char *path);

/*
 * Server: an external session-ID cache, so that servers sharing it resume
 * each other's sessions (`latch server --session-cache redis://` backs it
 * with Redis). It works beside the in-process cache
 * (latch_config_set_session_cache; set that to 0 to use the external one
 * alone): a client that takes no ticket gets a session ID, and its new
 * session goes to both; a session ID the in-process cache lacks is looked
 * up in the external one.
 *
 * store keeps value (len bytes) under the session ID for lifetime
 * seconds (the session lifetime) and returns 1, or 0 if it could not.
 * lookup copies the value stored under the ID into buf (cap bytes,
 * LATCH_SESSION_CACHE_VALUE_MAX) and returns 1 with *len set, or 0 when
 * it has none. remove (may be NULL) forgets the ID: it is called for a
 * value found expired or unreadable. A session ID is id_len bytes (32
 * from a latch server; only IDs of that length are looked up). arg goes
 * to each call and must stay valid while the config or any of its
 * connections lives. store and lookup are both set, or both NULL to turn
 * the external cache off.
 *
 * The value is the session ID, then the session sealed like a ticket
 * under the config's ticket key (AES-256-GCM, the key name in front): the
 * cache, its network and its operator see no secret, since the master
 * secret inside is encrypted, and cannot forge a session. A value that
 * names another ID, was altered, or fails to open is a miss. So servers
 * sharing a cache must share their ticket keys
 * (latch_config_set_ticket_keys_file): a value sealed under a key this
 * server lacks is a miss too.
 *
 * The callbacks run inside latch_conn_handshake() on the thread that
 * drives the connection, for any number of connections at once: they
 * must be thread-safe and should be quick, since the handshake waits for
 * them (`latch server` bounds each Redis command by a timeout). A lookup
 * that fails or times out returns 0: a cache miss, and a full handshake
 * follows; a store that fails only makes the session not resumable
 * elsewhere. Neither ever fails a handshake. LATCH_ERR_USAGE on a client
 * config.
 */
#define LATCH_SESSION_CACHE_VALUE_MAX 4096
typedef int (*latch_session_store_fn)(void *arg, const uint8_t *id, size_t id_len,
                                      const uint8_t *value, size_t len, uint32_t lifetime);
typedef int (*latch_session_lookup_fn)(void *arg, const uint8_t *id, size_t id_len, uint8_t *buf,
                                       size_t cap, size_t *len);
typedef void (*latch_session_remove_fn)(void *arg, const uint8_t *id, size_t id_len);
LATCH_API latch_err latch_config_set_session_cache_callbacks(latch_config *cfg,
                                                             latch_session_store_fn store,
                                                             latch_session_lookup_fn lookup,
                                                             latch_session_remove_fn remove,
                                                             void *arg);

/* Client: a latch client always asks for a stapled OCSP response
 * (status_request, RFC 6066 8) and checks one that comes: a revoked
 * certificate fails with LATCH_ERR_CERTIFICATE_REVOKED, a response that
 * does not parse or verify (signer, CertID, thisUpdate/nextUpdate) with
 * LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE. Without a staple the
 * handshake goes on, unless this is set: then a server that sends none
 * fails with LATCH_ERR_CERTIFICATE_UNKNOWN. With verification off only
 * the staple's presence is checked. */
LATCH_API latch_err latch_config_require_ocsp_staple(latch_config *cfg);

/* Client: do not verify the server's certificate chain or name. The
 * ServerKeyExchange signature is still checked against the leaf's key.
 * Only for testing. */
LATCH_API latch_err latch_config_insecure_noverify(latch_config *cfg);

/*
 * Server: ask the client for a certificate (RFC 5246 7.4.4). OPTIONAL
 * accepts a client that sends none; REQUIRED fails such a handshake with
 * LATCH_ERR_HANDSHAKE_FAILURE (RFC 5246 7.4.6 leaves the choice to the
 * server). A client's chain is validated against the config's trust
 * anchors (latch_config_add_ca_file on a server config names the CAs of
 * its clients; no name is checked, and an extendedKeyUsage must allow
 * clientAuth; the system store is never used: a server config that
 * requests certificates without a CA makes connections that fail at once
 * with LATCH_ERR_CONFIG), and its CertificateVerify must verify (else
 * LATCH_ERR_DECRYPT_ERROR). A server that requires a certificate does not
 * resume a session made without one.
 *
 * Client: latch_config_add_cert_key_file() on a client config gives the
 * certificate to answer a request with: the first whose key type and a
 * signature scheme fit the request; with none, the client sends an empty
 * Certificate and the server decides.
 */
typedef enum latch_client_cert {
    LATCH_CLIENT_CERT_NONE = 0,
    LATCH_CLIENT_CERT_OPTIONAL = 1,
    LATCH_CLIENT_CERT_REQUIRED = 2,
} latch_client_cert;
LATCH_API latch_err latch_config_request_client_cert(latch_config *cfg, latch_client_cert mode);

/* ------------------------------------------------------------------ */
/* Connections: a sans-IO engine.                                      */
/* ------------------------------------------------------------------ */

/*
 * A new connection. For a client, server_name is sent as SNI and is the
 * name the certificate must match (a host name or an IP address literal,
 * which is matched but not sent). NULL for a server. Returns NULL when
 * cfg is NULL, when server_name is 256 bytes or longer, or when out of
 * memory; latch_conn_create() tells these apart, with a sentence.
 */
LATCH_API latch_conn *latch_conn_new(latch_config *cfg, const char *server_name);
LATCH_API void latch_conn_free(latch_conn *conn);

/*
 * Bytes from the peer go in; bytes for the peer come out. The engine
 * never touches a socket.
 *
 * latch_conn_input_window() gives the free space in the input buffer;
 * write received bytes there and report how many with
 * latch_conn_input_done(). latch_conn_feed() does both, copying as much
 * as fits and returning how much it took.
 *
 * latch_conn_output() gives the bytes waiting to be sent; report how many
 * were sent with latch_conn_output_done().
 *
 * The input window is NULL (with *len 0) only when out of memory; a
 * length of 0 means the buffer is full until the connection is read. The
 * output is NULL or of length 0 when nothing waits. Asking for a window
 * makes the input buffer when it was released: report
 * latch_conn_input_done(conn, 0) when nothing came, so an idle
 * connection gives it back.
 */
LATCH_API uint8_t *latch_conn_input_window(latch_conn *conn, size_t *len);
LATCH_API void latch_conn_input_done(latch_conn *conn, size_t n);
LATCH_API size_t latch_conn_feed(latch_conn *conn, const uint8_t *data, size_t len);
/* The transport reached end of file: later reads report a clean close
 * only if close_notify came first, LATCH_ERR_TRUNCATED otherwise. */
LATCH_API void latch_conn_input_eof(latch_conn *conn);
LATCH_API const uint8_t *latch_conn_output(latch_conn *conn, size_t *len);
LATCH_API void latch_conn_output_done(latch_conn *conn, size_t n);

/*
 * Drives the handshake as far as the input allows. LATCH_OK when it is
 * complete, LATCH_WANT_READ when it needs more input; anything else is a
 * failure (see latch_conn_error()), after which the output may still
 * hold the alert to send. It never returns LATCH_WANT_WRITE: the output
 * grows to hold a whole flight, so send it after every call.
 */
LATCH_API latch_err latch_conn_handshake(latch_conn *conn);

/* Application data. Both run the handshake first if it is not done.
 * read: LATCH_OK with *got > 0, LATCH_WANT_READ, LATCH_ERR_CLOSED (clean
 * close_notify), LATCH_ERR_TRUNCATED, or an error. A buf that holds a
 * whole record (16384 bytes) spares a copy: with the AEAD suites the
 * record is decrypted straight into it; a record that then fails
 * authentication leaves zeros there, never its unchecked plaintext.
 * write: takes what fits in the output buffer (*written),
 * LATCH_WANT_WRITE when nothing fits until output is sent. */
LATCH_API latch_err latch_conn_read(latch_conn *conn, uint8_t *buf, size_t cap, size_t *got);
LATCH_API latch_err latch_conn_write(latch_conn *conn, const uint8_t *data, size_t len,
                                     size_t *written);
/* Lets an idle connection give back its record buffers (up to 33 KiB):
 * once the handshake is complete and nothing is unread or unsent, both
 * buffers are freed, and made again when bytes next arrive or are
 * written. Returns 1 when released, 0 when the connection is not idle.
 * Drained buffers go on their own unless the config pins them
 * (latch_config_set_pin_buffers); this frees pinned ones too. */
LATCH_API int latch_conn_release_buffers(latch_conn *conn);

/* Queues close_notify; send the output, then stop. */
LATCH_API latch_err latch_conn_close(latch_conn *conn);

/* TLS 1.3: queues a KeyUpdate (RFC 8446 4.6.3) and moves this side's
 * write keys on; with request_peer the peer is asked to move its own,
 * which it does before it next sends data. Send the output afterwards.
 * latch also does this by itself before a key nears its limit (2^24
 * records under AES-GCM, RFC 8446 5.5), answers a peer's request, and
 * refuses a peer that sends more than 16 KeyUpdates without application
 * data between them. LATCH_ERR_USAGE on a TLS 1.2 connection, before the
 * handshake is done or after close. */
LATCH_API latch_err latch_conn_key_update(latch_conn *conn, int request_peer);

/*
 * Client sessions. After a handshake, latch_conn_get_session() writes the
 * session (to resume later) into buf: at most LATCH_SESSION_MAX bytes,
 * *len gets the length. LATCH_ERR_USAGE before the handshake is done or
 * when the server gave nothing to resume with (no session ID, no ticket);
 * LATCH_WANT_WRITE when cap is too small (*len says how much is needed).
 * Take it after reading the first data: a server may send its ticket late.
 *
 * THE BYTES HOLD THE SESSION'S MASTER SECRET: whoever has them can
 * decrypt the traffic of every connection that resumes it. Keep them
 * like a private key, and wipe them when done.
 *
 * latch_conn_set_session() offers such bytes in the next handshake: call
 * it after latch_conn_new() and before the handshake starts. The bytes
 * are versioned and strictly parsed (LATCH_ERR_DECODE if malformed); a
 * session for another server name is refused (LATCH_ERR_USAGE). When the
 * server does not resume it, a full handshake follows, as if no session
 * had been offered. A session whose suite the config no longer enables,
 * or made without extended master secret (RFC 7627 5.3), is not offered.
 */
#define LATCH_SESSION_MAX 4800
LATCH_API latch_err latch_conn_get_session(latch_conn *conn, uint8_t *buf, size_t cap, size_t *len);
LATCH_API latch_err latch_conn_set_session(latch_conn *conn, const uint8_t *buf, size_t len);
/* 1 when the handshake resumed a session (abbreviated handshake). */
LATCH_API int latch_conn_resumed(const latch_conn *conn);

/* The first error, as a code and a sentence (LATCH_OK and "" if none). */
LATCH_API latch_err latch_conn_error_code(const latch_conn *conn);
LATCH_API const char *latch_conn_error(const latch_conn *conn);
/* The alert received from the peer, or -1. */
LATCH_API int latch_conn_peer_alert(const latch_conn *conn);

/* What was negotiated (valid once the handshake is complete; NULL or 0
 * before). */
LATCH_API const char *latch_conn_version(const latch_conn *conn); /* "TLSv1.2", "TLSv1.3" */
LATCH_API const char *latch_conn_cipher(const latch_conn *conn);  /* IANA name */
LATCH_API uint16_t latch_conn_cipher_id(const latch_conn *conn);
LATCH_API const char *latch_conn_group(const latch_conn *conn);       /* "x25519" */
LATCH_API const char *latch_conn_sig_scheme(const latch_conn *conn);  /* "ecdsa_secp256r1_sha256" */
LATCH_API const char *latch_conn_alpn(const latch_conn *conn);        /* NULL if none */
LATCH_API const char *latch_conn_server_name(const latch_conn *conn); /* SNI, NULL if none */
LATCH_API int latch_conn_ems(const latch_conn *conn); /* 1 if extended master secret */
/* 1 if a CBC suite's records are encrypt-then-MAC (RFC 7366). */
LATCH_API int latch_conn_encrypt_then_mac(const latch_conn *conn);
LATCH_API int latch_conn_handshake_done(const latch_conn *conn);
/* 1 if the client proved it holds its certificate's key (CertificateVerify),
 * in this handshake or in the one that made the resumed session. A server
 * that requires a certificate resumes only a session made with one, and
 * otherwise makes a full handshake that asks for it. */
LATCH_API int latch_conn_client_authenticated(const latch_conn *conn);
/* The peer's certificate chain as sent, DER; index 0 is the leaf. After a
 * resumption a server reports the client's leaf again (kept in the
 * session, up to 3072 bytes; a session with a longer one is not
 * client-authenticated), without the rest of its chain; a client reports
 * no certificates (the server sends none when it resumes). NULL for an
 * index past the count. */
LATCH_API size_t latch_conn_peer_cert_count(const latch_conn *conn);
LATCH_API const uint8_t *latch_conn_peer_cert(const latch_conn *conn, size_t i, size_t *len);

/*
 * latch_conn_new() with the reason for a failure: LATCH_OK and a new
 * connection in *out, or NULL in *out, an error code and a sentence in
 * why (why_cap bytes, always NUL-terminated; why may be NULL). The
 * failures: LATCH_ERR_USAGE for a NULL cfg or out, or a server_name of
 * 256 bytes or more; LATCH_ERR_MEMORY; LATCH_ERR_CONFIG when the config
 * cannot make connections (a server that requests client certificates
 * without naming their CA, strict ALPN without protocols), where
 * latch_conn_new() returns a connection whose handshake fails with it.
 */
LATCH_API latch_err latch_conn_create(latch_config *cfg, const char *server_name, latch_conn **out,
                                      char *why, size_t why_cap);

/*
 * Application data already decrypted and waiting inside the engine: this
 * many bytes can be read with latch_conn_read() without any input. Like
 * SSL_pending(), it does not count received records not yet decrypted;
 * latch_conn_wants() covers those.
 *
 * A non-blocking caller must read until latch_conn_read() returns
 * LATCH_WANT_READ before it polls the socket again: a poll() says nothing
 * of bytes already inside the engine.
 */
LATCH_API size_t latch_conn_pending(const latch_conn *conn);

/*
 * What the engine waits for before a call can make progress, as bits:
 * LATCH_WANT_WRITE while bytes wait in latch_conn_output() (poll for
 * writing, send them), LATCH_WANT_READ when it needs bytes from the peer
 * (nothing decrypted is pending and no whole record is buffered; poll for
 * reading). 0 means a call on the connection goes on without I/O (data
 * or a whole record is inside, or a client has not begun its handshake),
 * or the connection has ended (closed, failed, or the input reached its
 * end).
 */
LATCH_API int latch_conn_wants(const latch_conn *conn);

/* A pointer of the caller's, kept with the connection and never used by
 * latch (NULL until set), so that callbacks which receive the connection
 * can find the caller's state for it. */
LATCH_API void latch_conn_set_user_data(latch_conn *conn, void *data);
LATCH_API void *latch_conn_get_user_data(const latch_conn *conn);

/*
 * A certificate, decoded: a read-only handle. latch_conn_peer_certificate()
 * gives the peer's certificate at index i (0 is the leaf, as with
 * latch_conn_peer_cert()), decoded at the first call and owned by the
 * connection (valid until it is freed), or NULL past the count, or when
 * out of memory or the bytes do not parse (a peer's certificates parsed
 * during the handshake, so that is a stored leaf of another version).
 * latch_cert_parse_der() decodes DER bytes of the caller's into a handle
 * the caller frees with latch_cert_free(), or NULL with the reason in why
 * (why_cap bytes; why may be NULL).
 */
typedef struct latch_cert latch_cert;
LATCH_API const latch_cert *latch_conn_peer_certificate(const latch_conn *conn, size_t i);
/* Every latch_cert_ getter below takes a NULL handle (as that call may
 * give) and answers NULL, or 0 for numbers and lengths. */
LATCH_API latch_cert *latch_cert_parse_der(const uint8_t *der, size_t len, char *why,
                                           size_t why_cap);
LATCH_API void latch_cert_free(latch_cert *cert);
/* Subject and issuer as text ("CN=example.com, O=Example"; control
 * characters and bytes that are not text as \xNN), the serial number as colon-separated
 * hex ("01:a3:..."), the validity in Unix seconds. */
LATCH_API const char *latch_cert_subject(const latch_cert *cert);
LATCH_API const char *latch_cert_issuer(const latch_cert *cert);
LATCH_API const char *latch_cert_serial(const latch_cert *cert);
LATCH_API int64_t latch_cert_not_before(const latch_cert *cert);
LATCH_API int64_t latch_cert_not_after(const latch_cert *cert);
/* The subjectAltName entries of the DNS and IP kinds, as "DNS:name" and
 * "IP:address" (escaped), in the certificate's order; NULL past the
 * count. */
LATCH_API size_t latch_cert_san_count(const latch_cert *cert);
LATCH_API const char *latch_cert_san(const latch_cert *cert, size_t i);
/* The public key: "RSA", "ECDSA P-256", "ECDSA P-384" or "Ed25519", and its
 * size in bits (the RSA modulus, the curve's size, 256 for Ed25519). */
LATCH_API const char *latch_cert_key_type(const latch_cert *cert);
LATCH_API unsigned latch_cert_key_bits(const latch_cert *cert);
/* The whole certificate, DER, and SHA-256 fingerprints of it and of its
 * SubjectPublicKeyInfo (for pinning), 32 bytes each. */
LATCH_API const uint8_t *latch_cert_der(const latch_cert *cert, size_t *len);
LATCH_API const uint8_t *latch_cert_sha256(const latch_cert *cert);
LATCH_API const uint8_t *latch_cert_spki_sha256(const latch_cert *cert);

/* ------------------------------------------------------------------ */
/* Certificate chains outside a handshake.                             */
/* ------------------------------------------------------------------ */

#define LATCH_VERIFY_MAX_PATH 8

/* One certificate of a validated path, described for people. */
typedef struct latch_path_cert {
    char subject[256]; /* "CN=example.com, O=Example" */
    char issuer[256];
    int64_t not_before; /* Unix seconds */
    int64_t not_after;
    char key[32];     /* "RSA 2048", "EC P-256", "Ed25519" */
    char sig_alg[48]; /* how it is signed, e.g. "ecdsa-with-SHA256" */
    int trust_anchor; /* 1 for the last certificate of the path */
} latch_path_cert;

/*
 * Structs the caller allocates start with struct_size, so that a later
 * version can add fields at their end: set it to sizeof the struct as
 * the program was compiled (or leave it 0, which means this first
 * layout). The library reads and writes no byte past it, and refuses a
 * size smaller than the first layout with LATCH_ERR_USAGE. Structs the
 * library hands out (trace events and fields) grow at their end without
 * such a field: never allocate or copy them by size. latch_path_cert sits
 * in an array inside latch_verify_result, so it keeps its layout; new
 * facts about a certificate go at the end of latch_verify_result.
 */
typedef struct latch_verify_result {
    size_t struct_size; /* sizeof(latch_verify_result), or 0 */
    latch_err code;     /* LATCH_OK when the chain is valid */
    char message[256];  /* why not, naming the certificate and the rule */
    size_t path_len;    /* the path built, leaf first, anchor last */
    latch_path_cert path[LATCH_VERIFY_MAX_PATH];
    size_t anchors;         /* trust anchors loaded */
    size_t anchors_skipped; /* malformed entries skipped while loading them */
} latch_verify_result;

/*
 * Validates a chain the way a latch client validates a server's: the trust
 * anchors, CRLs and clock of cfg (its time is the validation time), a path
 * built from the leaf through the other certificates in any order, and,
 * when host is not NULL, the host name or IP address. pem holds the leaf
 * first, then any untrusted intermediates. peer is LATCH_SERVER to check
 * for serverAuth, LATCH_CLIENT for clientAuth. ocsp, when not NULL, is a
 * DER OCSP response about the leaf that must say it is good. The result is
 * also in *result, with the path on success. Like a connection, this
 * freezes cfg (its trust store is loaded on first use).
 */
LATCH_API latch_err latch_verify_pem(latch_config *cfg, const uint8_t *pem, size_t pem_len,
                                     const char *host, latch_role peer, const uint8_t *ocsp,
                                     size_t ocsp_len, latch_verify_result *result);

/* The same over DER: certs[0] (lens[0] bytes) is the leaf, then up to
 * LATCH_VERIFY_MAX_POOL - 1 untrusted certificates in any order, for a
 * caller that got a chain elsewhere (a handshake of its own, a file, a
 * database). */
#define LATCH_VERIFY_MAX_POOL 256
LATCH_API latch_err latch_verify_der(latch_config *cfg, const uint8_t *const *certs,
                                     const size_t *lens, size_t count, const char *host,
                                     latch_role peer, const uint8_t *ocsp, size_t ocsp_len,
                                     latch_verify_result *result);

/* ------------------------------------------------------------------ */
/* Trace: what happened in a handshake, event by event.                */
/* ------------------------------------------------------------------ */

typedef enum latch_trace_kind {
    LATCH_TRACE_STATE = 1,   /* the state machine moved: name is the new state */
    LATCH_TRACE_RECORD,      /* a record went out or came in */
    LATCH_TRACE_MESSAGE,     /* a handshake message, or ChangeCipherSpec */
    LATCH_TRACE_KEYS,        /* a key-schedule step */
    LATCH_TRACE_SIGNATURE,   /* a ServerKeyExchange signature was checked */
    LATCH_TRACE_CERTIFICATE, /* a certificate check */
    LATCH_TRACE_ALERT,       /* an alert went out or came in */
    LATCH_TRACE_ERROR,       /* the connection failed: detail is the sentence */
} latch_trace_kind;

/* A decoded field of a message or step: a name and its value as text. */
typedef struct latch_trace_field {
    const char *name;
    const char *value;
} latch_trace_field;

typedef struct latch_trace_event {
    latch_trace_kind kind;
    int outgoing;         /* 1: we sent it; 0: the peer did (records, messages, alerts) */
    const char *name;     /* "ClientHello", "ChangeCipherSpec", "master_secret", a state */
    int handshake_type;   /* the HandshakeType, or -1 */
    int content_type;     /* records: 20..23; else -1 */
    int protected_record; /* records: 1 when encrypted under negotiated keys */
    size_t length;        /* records: fragment length; messages: whole length */
    const uint8_t *data;  /* messages: the raw bytes; records: the fragment as sent */
    const latch_trace_field *fields; /* decoded contents, in order */
    size_t field_count;
    const char *detail; /* one sentence, or NULL */
    /* Key-schedule steps only: the secret made, for callers that asked
     * to see secrets; NULL otherwise. */
    const uint8_t *secret;
    size_t secret_len;
    /* Records only: the record as it crossed the wire, its 5-byte header
     * first, then the fragment (for a protected record the ciphertext:
     * explicit nonce or IV, encrypted data, tag or MAC), while data is
     * its plaintext; NULL when a received record could not be kept. */
    const uint8_t *wire;
    size_t wire_len;
    uint64_t sequence; /* records: the sequence number under the keys in force */
    /* Protected records, for callers that asked to see secrets: the
     * nonce the record was sealed with (AEAD: built from the write IV and
     * the sequence or explicit number; CBC: the record's IV); else NULL. */
    const uint8_t *nonce;
    size_t nonce_len;
} latch_trace_event;

typedef void (*latch_trace_fn)(const latch_trace_event *event, void *arg);

/* Calls fn for every event of every connection made with this config.
 * The library never prints; fn decides. Events are only built when a
 * callback is set. With show_secrets, key-schedule events carry the
 * secret values. */
LATCH_API latch_err latch_config_set_trace(latch_config *cfg, latch_trace_fn fn, void *arg,
                                           int show_secrets);

/* Calls fn with each NSS key log line ("CLIENT_RANDOM <hex> <hex>") so
 * tools such as Wireshark can decrypt a capture. */
typedef void (*latch_keylog_fn)(const char *line, void *arg);
LATCH_API latch_err latch_config_set_keylog(latch_config *cfg, latch_keylog_fn fn, void *arg);

/*
 * The same two callbacks with the connection they are called for, whose
 * latch_conn_get_user_data() tells the caller's state for it (the
 * connection may be read, not driven, from inside the callback). A config
 * holds one trace and one key log callback of each kind; both kinds are
 * called when both are set, and the last show_secrets given applies to
 * both.
 */
typedef void (*latch_conn_trace_fn)(const latch_conn *conn, const latch_trace_event *event,
                                    void *arg);
LATCH_API latch_err latch_config_set_conn_trace(latch_config *cfg, latch_conn_trace_fn fn,
                                                void *arg, int show_secrets);
typedef void (*latch_conn_keylog_fn)(const latch_conn *conn, const char *line, void *arg);
LATCH_API latch_err latch_config_set_conn_keylog(latch_config *cfg, latch_conn_keylog_fn fn,
                                                 void *arg);

/* ------------------------------------------------------------------ */
/* Hooks: the application's say in a handshake.                        */
/* ------------------------------------------------------------------ */

/*
 * Verification: fn runs after latch's own checks of the peer's chain (a
 * client's check of the server; a server's of a client certificate), on
 * every full handshake where latch verifies, with latch's verdict in
 * *result (code LATCH_OK and the path when the chain passed, else the
 * code and sentence of the failure, and no path). The peer's chain is
 * latch_conn_peer_cert() / latch_conn_peer_certificate() of conn.
 *
 * Returning LATCH_OK keeps latch's verdict; returning a certificate error
 * (latch_err_category() LATCH_CAT_CERTIFICATE; any other code counts as
 * LATCH_ERR_BAD_CERTIFICATE) refuses the chain, with the sentence the
 * callback wrote in result->message (or one saying the callback refused).
 * So pinning can only add refusals: a chain latch refused stays refused,
 * unless flags holds LATCH_VERIFY_CALLBACK_MAY_OVERRIDE, with which a
 * callback returning LATCH_OK accepts a chain that failed a certificate
 * check (never one that failed for memory or a malformed message). The
 * callback is not called when verification is off
 * (latch_config_insecure_noverify), nor on resumption.
 */
#define LATCH_VERIFY_CALLBACK_MAY_OVERRIDE 1u
typedef latch_err (*latch_verify_fn)(const latch_conn *conn, latch_verify_result *result,
                                     void *arg);
LATCH_API latch_err latch_config_set_verify_callback(latch_config *cfg, latch_verify_fn fn,
                                                     void *arg, unsigned flags);

/*
 * Server: the certificate for a client, chosen by the application from
 * the name the client asked for (SNI, NULL when it sent none), once per
 * ClientHello (also one that resumes a session: a refusal then still
 * ends the handshake, a certificate is not used). Return the index of a
 * certificate added to the config (0 for the first
 * latch_config_add_cert_key_*), LATCH_CERT_SELECT_DEFAULT for latch's own
 * choice by the certificates' names (then by the schemes of their chains'
 * signatures, README), LATCH_CERT_SELECT_REFUSE to end the
 * handshake with unrecognized_name, or LATCH_CERT_SELECT_OTHER after
 * storing in *other a certificate made with latch_cert_key_new_mem(), for
 * names loaded on demand (the connection takes a reference of its own, so
 * the application may keep it in a cache and free it when it likes). A
 * chosen certificate answers the name even with strict SNI; one whose key
 * fits no suite the client offers ends the handshake with
 * handshake_failure; an index past the count, or OTHER without a
 * certificate, with LATCH_ERR_CONFIG.
 *
 * latch_cert_key_new_mem() checks a chain (PEM, leaf first) and the PEM
 * key of its leaf as latch_config_add_cert_key_mem() does: NULL with the
 * reason in why (why_cap bytes; why may be NULL) when they do not load or
 * match. It is reference-counted and read-only, so any number of
 * connections on any threads may use it; latch_cert_key_free() drops the
 * caller's reference.
 */
#define LATCH_CERT_SELECT_DEFAULT (-1)
#define LATCH_CERT_SELECT_REFUSE (-2)
#define LATCH_CERT_SELECT_OTHER (-3)
typedef struct latch_cert_key latch_cert_key;
LATCH_API latch_cert_key *latch_cert_key_new_mem(const uint8_t *cert_pem, size_t cert_len,
                                                 const uint8_t *key_pem, size_t key_len, char *why,
                                                 size_t why_cap);
LATCH_API void latch_cert_key_free(latch_cert_key *ck);
typedef int (*latch_cert_select_fn)(const latch_conn *conn, const char *server_name,
                                    latch_cert_key **other, void *arg);
LATCH_API latch_err latch_config_set_cert_select(latch_config *cfg, latch_cert_select_fn fn,
                                                 void *arg);

/*
 * Server: ALPN chosen by the application from the client's protocols
 * (names[i], lens[i] bytes, not NUL-terminated, in the client's order,
 * count at least 1), instead of latch_config_set_alpn's preference. Return
 * the index of the protocol to use, LATCH_ALPN_SELECT_NONE to answer
 * without ALPN, or LATCH_ALPN_SELECT_REFUSE to end the handshake with
 * no_application_protocol (RFC 7301 3.2). Not called when the client
 * sends no ALPN extension. An index past the count is LATCH_ERR_INTERNAL.
 */
#define LATCH_ALPN_SELECT_NONE (-1)
#define LATCH_ALPN_SELECT_REFUSE (-2)
typedef int (*latch_alpn_select_fn)(const latch_conn *conn, const uint8_t *const *names,
                                    const uint8_t *lens, size_t count, void *arg);
LATCH_API latch_err latch_config_set_alpn_select(latch_config *cfg, latch_alpn_select_fn fn,
                                                 void *arg);

/* ------------------------------------------------------------------ */
/* File-descriptor helpers (src/net).                                  */
/* ------------------------------------------------------------------ */

/*
 * Drive a connection over a socket. On a blocking socket they return when
 * done; on a non-blocking one they may return LATCH_WANT_READ or
 * LATCH_WANT_WRITE, saying which way to poll before calling again.
 */
LATCH_API latch_err latch_fd_handshake(latch_conn *conn, int fd);
LATCH_API latch_err latch_fd_read(latch_conn *conn, int fd, uint8_t *buf, size_t cap, size_t *got);
LATCH_API latch_err latch_fd_write(latch_conn *conn, int fd, const uint8_t *data, size_t len,
                                   size_t *written);
/* Sends close_notify and whatever output is pending. */
LATCH_API latch_err latch_fd_close(latch_conn *conn, int fd);
/* Sends pending output; LATCH_OK once everything went out. */
LATCH_API latch_err latch_fd_flush(latch_conn *conn, int fd);

/* A connection to host:port over TCP: each address the name resolves to
 * is tried in turn. Returns a blocking, close-on-exec socket, or -1 with a
 * sentence in why (why_cap bytes, NUL-terminated: name resolution or
 * connect failure, naming the host) and errno set. latch_tcp_connect
 * waits as long as the kernel does; latch_tcp_connect_timeout gives all
 * the connects together timeout_ms milliseconds (errno ETIMEDOUT when
 * they run out; a negative timeout waits as long as the kernel does).
 * Name resolution is not bounded by the timeout. */
LATCH_API int latch_tcp_connect(const char *host, const char *port, char *why, size_t why_cap);
LATCH_API int latch_tcp_connect_timeout(const char *host, const char *port, int timeout_ms,
                                        char *why, size_t why_cap);

/* For I/O layers over the engine: the transport failed in `operation`
 * with errnum. The connection records LATCH_ERR_IO with a sentence, so
 * latch_conn_error() explains it, and stops. */
LATCH_API void latch_conn_fail_io(latch_conn *conn, const char *operation, int errnum);

/* ------------------------------------------------------------------ */
/* Development certificates (what `latch mkcert` makes).               */
/* ------------------------------------------------------------------ */

typedef enum latch_key_type {
    LATCH_KEY_P256 = 0, /* ECDSA P-256, signing with SHA-256: the default */
    LATCH_KEY_P384 = 1, /* ECDSA P-384, signing with SHA-384 */
    LATCH_KEY_RSA = 2,  /* RSA, signing with PKCS#1 v1.5 and SHA-256 */
    LATCH_KEY_ED25519 = 3,
} latch_key_type;

/* What to make. All zeros (or a NULL pointer) means the defaults. */
typedef struct latch_mkcert_options {
    size_t struct_size;       /* sizeof(latch_mkcert_options), or 0 (see latch_verify_result) */
    latch_key_type key_type;  /* the new certificate's key */
    unsigned rsa_bits;        /* LATCH_KEY_RSA: 2048 to 8192, a multiple of 8; 0 is 2048 */
    unsigned days;            /* validity; 0 is 3650 for a CA, 825 for a leaf */
    const char *common_name;  /* subject CN; NULL: "latch development CA <random hex>"
                                 for a CA; for a leaf the first name, or "latch
                                 development certificate" when that is over 64 characters */
    const char *organization; /* subject O; NULL: "latch development" */
    int64_t now;              /* Unix seconds; 0 reads the system clock */
} latch_mkcert_options;

#define LATCH_MKCERT_ERROR_MAX 256

/*
 * A certificate and its private key as NUL-terminated PEM text: the
 * certificate as "CERTIFICATE", the key as PKCS#8 "PRIVATE KEY" (not
 * encrypted: keep it private). On failure both are NULL and error says
 * why. Free with latch_mkcert_result_free, which wipes the key.
 */
typedef struct latch_mkcert_result {
    size_t struct_size; /* sizeof(latch_mkcert_result), or 0 (see latch_verify_result) */
    char *cert_pem;
    size_t cert_len;
    char *key_pem;
    size_t key_len;
    char error[LATCH_MKCERT_ERROR_MAX];
} latch_mkcert_result;

/*
 * A new self-signed CA for development: basicConstraints cA (critical,
 * pathLenConstraint 0, so it issues only leaves), keyUsage keyCertSign
 * and cRLSign (critical). Validity starts an hour before now, so peers
 * with slightly slow clocks accept it. Returns LATCH_OK, LATCH_ERR_USAGE
 * for bad options, or LATCH_ERR_MEMORY / LATCH_ERR_INTERNAL.
 */
LATCH_API latch_err latch_mkcert_ca(const latch_mkcert_options *opts, latch_mkcert_result *out);

/*
 * A TLS leaf certificate for the given names, signed by a CA (the first
 * CERTIFICATE in ca_cert_pem; its key in ca_key_pem, PKCS#8, PKCS#1 or
 * SEC1, not encrypted). Each name is an IPv4 or IPv6 address (an
 * iPAddress) or a DNS name (a dNSName: letters, digits and hyphens in
 * labels of up to 63, "*." allowed as the first label). The leaf has
 * keyUsage digitalSignature (plus keyEncipherment for RSA keys),
 * extKeyUsage serverAuth and clientAuth, and never outlives its CA.
 * LATCH_ERR_USAGE for a bad name, a CA certificate that is not a CA, or a
 * key that does not match it; LATCH_ERR_CONFIG or LATCH_ERR_DECODE for
 * PEM or DER that cannot be read.
 */
LATCH_API latch_err latch_mkcert_leaf(const latch_mkcert_options *opts, const char *const *names,
                                      size_t count, const char *ca_cert_pem, size_t ca_cert_len,
                                      const char *ca_key_pem, size_t ca_key_len,
                                      latch_mkcert_result *out);

/* Wipes the key, frees both texts and clears *res; safe to call twice. */
LATCH_API void latch_mkcert_result_free(latch_mkcert_result *res);

#ifdef __cplusplus
}
#endif

#endif
