/*
 * The extensions TLS 1.3 added (RFC 8446 4.2), parsed into a part of
 * their own inside lt_extensions (ext.h calls in here for these types):
 * supported_versions, key_share, cookie, psk_key_exchange_modes,
 * signature_algorithms_cert, early_data, pre_shared_key,
 * post_handshake_auth and certificate_authorities.
 *
 * Which extension may appear in which message is RFC 8446 4.2's table;
 * lt_ext13_check_allowed applies it to a parsed block, so a TLS 1.3
 * ServerHello carrying ALPN, or an EncryptedExtensions carrying
 * key_share, fails with illegal_parameter (RFC 8446 4.2: "If an
 * implementation receives an extension which it recognizes and which is
 * not specified for the message in which it appears, it MUST abort the
 * handshake with an illegal_parameter alert").
 */
#ifndef LT_TLS_EXT13_H
#define LT_TLS_EXT13_H

#include "tls/msg_common.h"

/* ExtensionType code points of RFC 8446 4.2 (and RFC 6962's SCT). */
enum {
    LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP = 18, /* RFC 6962 3.3.1 */
    LT_EXT_PRE_SHARED_KEY = 41,
    LT_EXT_EARLY_DATA = 42,
    LT_EXT_SUPPORTED_VERSIONS = 43,
    LT_EXT_COOKIE = 44,
    LT_EXT_PSK_KEY_EXCHANGE_MODES = 45,
    LT_EXT_CERTIFICATE_AUTHORITIES = 47,
    LT_EXT_OID_FILTERS = 48,
    LT_EXT_POST_HANDSHAKE_AUTH = 49,
    LT_EXT_SIGNATURE_ALGORITHMS_CERT = 50,
    LT_EXT_KEY_SHARE = 51,
};

/* PskKeyExchangeMode (RFC 8446 4.2.9). */
#define LT_PSK_KE 0
#define LT_PSK_DHE_KE 1

/* KeyShareEntry values of a ClientHello stored: one per group the
 * library knows (a group may appear once, RFC 8446 4.2.8); shares for
 * unknown groups are read and skipped. */
#define LT_MAX_KEY_SHARES 12
#define LT_EXT13_MAX_SCHEMES 64

typedef struct lt_key_share_entry {
    uint16_t group;
    lt_span key_exchange; /* 1..2^16-1 bytes */
} lt_key_share_entry;

typedef struct lt_ext13 {
    struct {
        bool present;
        /* ClientHello: the list's bytes (u16 versions, written back as
         * they are), and whether it names TLS 1.3 and 1.2 (GREASE and
         * unknown versions are ignored); ServerHello and
         * HelloRetryRequest: the one selected_version. */
        lt_span list;
        bool offers_tls13;
        bool offers_tls12;
        uint16_t selected;
    } supported_versions;
    struct {
        bool present;
        /* ClientHello: client_shares for known groups, in order. */
        lt_key_share_entry shares[LT_MAX_KEY_SHARES];
        size_t count;
        size_t listed;
        /* ServerHello: server_share. HelloRetryRequest: selected_group
         * only (a 2-byte body), with has_share false. */
        lt_key_share_entry server_share;
        bool has_share;
        uint16_t selected_group;
    } key_share;
    struct {
        bool present;
        lt_span cookie; /* 1..2^16-1 bytes, echoed as it came (RFC 8446 4.2.2) */
    } cookie;
    struct {
        bool present;
        lt_span modes; /* 1..255 PskKeyExchangeMode bytes */
    } psk_key_exchange_modes;
    struct {
        bool present;
        uint16_t schemes[LT_EXT13_MAX_SCHEMES];
        size_t count;
        size_t listed;
    } signature_algorithms_cert;
    struct {
        bool present; /* empty here; NewSessionTicket's is msg13.h's */
    } early_data;
    struct {
        bool present;
        lt_span offer;              /* ClientHello: the OfferedPsks, unparsed */
        uint16_t selected_identity; /* ServerHello */
    } pre_shared_key;
    struct {
        bool present;
    } post_handshake_auth;
    struct {
        bool present;
        lt_span authorities; /* DistinguishedName list, unparsed */
    } certificate_authorities;
    /* RFC 6962 3.3.1: empty from a client (a request); a TLS 1.2
     * ServerHello's holds the SignedCertificateTimestampList, its length
     * prefix included, not checked (TLS 1.3 carries it in the
     * CertificateEntry, msg13.h). */
    struct {
        bool present;
        lt_span list;
    } signed_certificate_timestamp;
} lt_ext13;

/* The message an extensions block belongs to, as RFC 8446 4.2's table
 * names them. */
typedef enum lt_ext13_msg {
    LT_EXT13_CH = 1,
    LT_EXT13_SH,
    LT_EXT13_HRR,
    LT_EXT13_EE,
    LT_EXT13_CR,
    LT_EXT13_NST,
} lt_ext13_msg;

/* "supported_versions", ... or NULL for a type this file does not own. */
const char *lt_ext13_type_name(uint16_t type);

/* Parses the body of one extension of a type this file owns; from_client
 * says whether the ClientHello form applies (else the ServerHello or
 * HelloRetryRequest form). msg names the message for error sentences. */
bool lt_ext13_parse(uint16_t type, lt_reader *body, bool from_client, const char *msg,
                    lt_ext13 *out, lt_error *err) LT_MUST_CHECK;

/* True when nothing of this part is to be written. */
bool lt_ext13_empty(const lt_ext13 *ext);

/* Writes the present extensions (each type, length and body) in the
 * given message's form; the caller opened the block. A ClientHello's
 * pre_shared_key is written last of these, and ext.c writes these after
 * the block's others (unknown ones included), so it ends the block as
 * RFC 8446 4.2.11 requires. */
void lt_ext13_write(const lt_ext13 *ext, lt_ext13_msg msg, lt_writer *w);

/* RFC 8446 4.2's table: fails with illegal_parameter when one of the
 * known types of the block may not appear in msg. */
bool lt_ext13_check_allowed(const uint16_t *types, size_t count, lt_ext13_msg msg,
                            lt_error *err) LT_MUST_CHECK;

#endif
