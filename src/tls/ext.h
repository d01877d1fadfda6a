/*
 * Hello extensions (RFC 5246 7.4.1.4) in ClientHello and ServerHello.
 *
 * lt_extensions_parse fills one struct with a presence flag per known
 * extension and its parsed contents, the type of every extension in the
 * order it came, and the unknown ones with their bodies (a server ignores
 * those; a client rejects any type it did not offer). A type that appears
 * twice, known or not, fails with LATCH_ERR_DECODE: RFC 5246 7.4.1.4 says
 * "There MUST NOT be more than one extension of the same type" and names
 * no alert; a block that breaks a MUST of the message syntax cannot be
 * decoded into one meaning, which is decode_error (RFC 5246 7.2.2).
 *
 * Spans point into the parsed bytes (see msg_common.h).
 */
#ifndef LT_TLS_EXT_H
#define LT_TLS_EXT_H

#include "tls/ext13.h"
#include "tls/msg_common.h"

/* ExtensionType code points. */
typedef enum lt_ext_type {
    LT_EXT_SERVER_NAME = 0,             /* RFC 6066 3 */
    LT_EXT_MAX_FRAGMENT_LENGTH = 1,     /* RFC 6066 4 */
    LT_EXT_STATUS_REQUEST = 5,          /* RFC 6066 8 */
    LT_EXT_SUPPORTED_GROUPS = 10,       /* RFC 8422 5.1.1, RFC 7919 */
    LT_EXT_EC_POINT_FORMATS = 11,       /* RFC 8422 5.1.2 */
    LT_EXT_SIGNATURE_ALGORITHMS = 13,   /* RFC 5246 7.4.1.4.1 */
    LT_EXT_ALPN = 16,                   /* RFC 7301 */
    LT_EXT_ENCRYPT_THEN_MAC = 22,       /* RFC 7366 */
    LT_EXT_EXTENDED_MASTER_SECRET = 23, /* RFC 7627 */
    LT_EXT_RECORD_SIZE_LIMIT = 28,      /* RFC 8449 */
    LT_EXT_SESSION_TICKET = 35,         /* RFC 5077 */
    LT_EXT_RENEGOTIATION_INFO = 0xff01, /* RFC 5746 */
} lt_ext_type;

/* The RFC name of an extension type ("server_name"), or "unknown". */
const char *lt_ext_type_name(uint16_t type);

/* Which hello the block belongs to: several extensions have a different
 * body in each (server_name, status_request and session_ticket are empty
 * in ServerHello; ALPN carries exactly one name there), and some may only
 * be sent by the client. */
typedef enum lt_ext_context {
    LT_EXT_IN_CLIENT_HELLO = 1,
    LT_EXT_IN_SERVER_HELLO,
    /* TLS 1.3 (ext13.h): the server's forms, as in ServerHello, but the
     * lists a TLS 1.2 server may not send are allowed. */
    LT_EXT_IN_ENCRYPTED_EXTENSIONS,
    LT_EXT_IN_CERTIFICATE_REQUEST,
} lt_ext_context;

/* What a parsed block stores; the block itself may be as long as its u16
 * length allows (a legal ClientHello can list 16,383 extensions, 32,767
 * groups or schemes, thousands of ALPN names). Every entry is read and
 * checked; known values are always stored (each at most once, and slots
 * are held back for them), unknown ones while room is left (msg_list.h). */
#define LT_EXT_MAX 64               /* types[] of one hello, known and unknown */
#define LT_EXT_KNOWN_RESERVE 16     /* of them, slots only known types may take */
#define LT_EXT_MAX_UNKNOWN 32       /* unknown[] kept with their bodies */
#define LT_MAX_GROUPS 64            /* supported_groups entries stored */
#define LT_KNOWN_GROUPS_RESERVE 32  /* of them, slots only supported groups take */
#define LT_MAX_SIG_SCHEMES 64       /* signature_algorithms entries stored */
#define LT_KNOWN_SCHEMES_RESERVE 32 /* of them, slots only supported schemes take */
#define LT_MAX_ALPN 16              /* ALPN protocol names stored (all are in list) */
#define LT_MAX_HOST_NAME 255        /* server_name host_name bytes (a DNS name's limit) */

/* MaxFragmentLength (RFC 6066 4): 2^9, 2^10, 2^11, 2^12. */
typedef enum lt_max_fragment {
    LT_MAX_FRAGMENT_512 = 1,
    LT_MAX_FRAGMENT_1024 = 2,
    LT_MAX_FRAGMENT_2048 = 3,
    LT_MAX_FRAGMENT_4096 = 4,
} lt_max_fragment;

#define LT_STATUS_TYPE_OCSP 1 /* CertificateStatusType (RFC 6066 8) */

typedef struct lt_unknown_ext {
    uint16_t type;
    lt_span data;
} lt_unknown_ext;

typedef struct lt_extensions {
    /* The extensions of the block, in order: every known one, and the
     * unknown ones while room was left; listed counts them all. */
    uint16_t types[LT_EXT_MAX];
    size_t count;
    size_t listed;
    /* The first ones this file does not know, with their bodies. Writing a
     * struct writes these after the known ones (useful for GREASE). */
    lt_unknown_ext unknown[LT_EXT_MAX_UNKNOWN];
    size_t unknown_count;

    struct {
        bool present;
        lt_span host_name; /* ClientHello: the one host_name, 1..255 bytes of letters,
                              digits, '-', '.', '_' (present is false when the list
                              has only other name types); ServerHello: empty
                              (RFC 6066 3) */
    } server_name;
    struct {
        bool present;
        uint8_t value; /* lt_max_fragment */
    } max_fragment_length;
    struct {
        bool present;
        /* ClientHello only (empty in ServerHello): status_type, and for
         * ocsp (1) the raw ResponderID list and request extensions without
         * their u16 length prefixes. The body of another status type is
         * opaque here and skipped: a server ignores such a request. */
        uint8_t status_type;
        lt_span responder_id_list;
        lt_span request_extensions;
    } status_request;
    struct {
        bool present;
        uint16_t groups[LT_MAX_GROUPS]; /* lt_group code points, in the peer's order */
        size_t count;
        size_t listed; /* entries in the list, stored or not */
        /* An FFDHE code point (256..511) was listed, even one not stored:
         * the client said which DHE groups it takes (RFC 7919 4). */
        bool ffdhe_listed;
    } supported_groups;
    struct {
        bool present;
        lt_span formats; /* ECPointFormat bytes; always includes uncompressed (0) */
    } ec_point_formats;
    struct {
        bool present;
        uint16_t schemes[LT_MAX_SIG_SCHEMES]; /* lt_sig_scheme code points, in order */
        size_t count;
        size_t listed; /* entries in the list, stored or not */
    } signature_algorithms;
    struct {
        bool present;
        lt_span protocols[LT_MAX_ALPN]; /* the first names, each 1..255 bytes;
                                           ServerHello: exactly one */
        size_t count;
        size_t listed; /* names in the list */
        lt_span list;  /* parsed: the whole protocol_name_list, for lt_alpn_next */
    } alpn;
    struct {
        bool present;
    } encrypt_then_mac;
    struct {
        bool present;
    } extended_master_secret;
    struct {
        bool present;
        uint16_t limit; /* at least 64 (RFC 8449 4) */
    } record_size_limit;
    struct {
        bool present;
        lt_span ticket; /* ClientHello: the ticket, possibly empty; ServerHello: empty */
    } session_ticket;
    struct {
        bool present;
        lt_span renegotiated_connection; /* empty on an initial handshake */
    } renegotiation_info;
    lt_ext13 tls13; /* the extensions TLS 1.3 added */
} lt_extensions;

/* Parses the contents of an extensions block (the bytes after its u16
 * length). Errors name the hello: "ClientHello: server_name ...". */
bool lt_extensions_parse(const uint8_t *data, size_t len, lt_ext_context ctx, lt_extensions *out,
                         lt_error *err) LT_MUST_CHECK;

/* Takes the next name of a checked ALPN protocol_name_list (ext.alpn.list);
 * false at its end. */
bool lt_alpn_next(lt_reader *list, lt_span *name);

/* True when the extension of this type was in a parsed block (it looks
 * at types[], which write ignores). */
bool lt_extensions_has(const lt_extensions *ext, uint16_t type);

/* True when there is nothing to write (no known extension present and no
 * unknown ones): a hello then omits the extensions block entirely. */
bool lt_extensions_empty(const lt_extensions *ext);

/* Writes the whole block, u16 length included: known extensions in a
 * fixed order, then the unknown ones. In ServerHello context server_name,
 * status_request and session_ticket are written with empty bodies. */
void lt_extensions_write(const lt_extensions *ext, lt_ext_context ctx, lt_writer *w);

#endif
