#include "tls/ext13.h"

#include "crypto/kex.h"
#include "crypto/sig.h"
#include "tls/ext.h"
#include "tls/msg_list.h"
#include "tls/version.h"

const char *lt_ext13_type_name(uint16_t type)
{
    switch (type) {
    case LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP:
        return "signed_certificate_timestamp";
    case LT_EXT_PRE_SHARED_KEY:
        return "pre_shared_key";
    case LT_EXT_EARLY_DATA:
        return "early_data";
    case LT_EXT_SUPPORTED_VERSIONS:
        return "supported_versions";
    case LT_EXT_COOKIE:
        return "cookie";
    case LT_EXT_PSK_KEY_EXCHANGE_MODES:
        return "psk_key_exchange_modes";
    case LT_EXT_CERTIFICATE_AUTHORITIES:
        return "certificate_authorities";
    case LT_EXT_OID_FILTERS:
        return "oid_filters";
    case LT_EXT_POST_HANDSHAKE_AUTH:
        return "post_handshake_auth";
    case LT_EXT_SIGNATURE_ALGORITHMS_CERT:
        return "signature_algorithms_cert";
    case LT_EXT_KEY_SHARE:
        return "key_share";
    default:
        return NULL;
    }
}

typedef struct ext13_in {
    const char *msg;
    const char *name;
    bool from_client;
} ext13_in;

static bool need(bool ok, const ext13_in *in, const char *field, lt_error *err)
{
    LT_ENSURE(ok, err, LATCH_ERR_DECODE, "%s: %s %s is truncated", in->msg, in->name, field);
    return true;
}

static bool end(const lt_reader *r, const ext13_in *in, lt_error *err)
{
    LT_ENSURE(lt_reader_done(r), err, LATCH_ERR_DECODE,
              "%s: %zu unexpected bytes in the %s extension", in->msg, lt_reader_left(r), in->name);
    return true;
}

static bool non_empty(size_t n, const ext13_in *in, const char *field, lt_error *err)
{
    LT_ENSURE(n > 0, err, LATCH_ERR_DECODE, "%s: %s %s is empty", in->msg, in->name, field);
    return true;
}

/* RFC 8446 4.2.1: a list of 2..254 bytes from the client, one
 * selected_version from the server. */
static bool parse_supported_versions(lt_reader *r, const ext13_in *in, lt_ext13 *out, lt_error *err)
{
    if (!in->from_client) {
        LT_GUARD(
            need(lt_read_u16(r, &out->supported_versions.selected), in, "selected_version", err));
        return end(r, in, err);
    }
    lt_reader list;
    LT_GUARD(need(lt_read_block8(r, &list), in, "versions", err));
    LT_GUARD(end(r, in, err));
    size_t n = lt_reader_left(&list);
    LT_ENSURE(n >= 2 && n % 2 == 0, err, LATCH_ERR_DECODE,
              "%s: supported_versions list of %zu bytes is not 2 to 254 bytes of versions", in->msg,
              n);
    out->supported_versions.list = lt_span_make(lt_reader_data(&list), n);
    uint16_t v;
    while (lt_read_u16(&list, &v)) {
        out->supported_versions.offers_tls13 |= v == LT_VERSION_TLS13;
        out->supported_versions.offers_tls12 |= v == LT_VERSION_TLS12;
    }
    return true;
}

static bool read_share(lt_reader *r, const ext13_in *in, lt_key_share_entry *e, lt_error *err)
{
    lt_reader ke;
    LT_GUARD(need(lt_read_u16(r, &e->group), in, "group", err));
    LT_GUARD(need(lt_read_block16(r, &ke), in, "key_exchange", err));
    LT_GUARD(non_empty(lt_reader_left(&ke), in, "key_exchange", err));
    e->key_exchange = lt_span_make(lt_reader_data(&ke), lt_reader_left(&ke));
    return true;
}

/* RFC 8446 4.2.8: client_shares (each group once); the server's one
 * share; or, in a HelloRetryRequest, only the selected group. A
 * KeyShareEntry is at least 5 bytes, so a 2-byte body is always the
 * last form; the handshake checks that the form fits the message. */
static bool parse_key_share(lt_reader *r, const ext13_in *in, lt_ext13 *out, lt_error *err)
{
    if (!in->from_client) {
        if (lt_reader_left(r) == 2) {
            LT_GUARD(
                need(lt_read_u16(r, &out->key_share.selected_group), in, "selected_group", err));
            return true;
        }
        LT_GUARD(read_share(r, in, &out->key_share.server_share, err));
        out->key_share.has_share = true;
        return end(r, in, err);
    }
    lt_reader list;
    LT_GUARD(need(lt_read_block16(r, &list), in, "client_shares", err));
    LT_GUARD(end(r, in, err));
    lt_u16_set seen;
    lt_u16_set_clear(&seen);
    while (!lt_reader_done(&list)) {
        lt_key_share_entry e;
        LT_GUARD(read_share(&list, in, &e, err));
        LT_ENSURE(lt_u16_set_add(&seen, e.group), err, LATCH_ERR_ILLEGAL_PARAMETER,
                  "%s: key_share has two shares for group 0x%04x (RFC 8446 4.2.8)", in->msg,
                  e.group);
        out->key_share.listed++;
        if (lt_group_supported(e.group) && out->key_share.count < LT_MAX_KEY_SHARES)
            out->key_share.shares[out->key_share.count++] = e;
    }
    return true;
}

/* RFC 8446 4.2.2. */
static bool parse_cookie(lt_reader *r, const ext13_in *in, lt_ext13 *out, lt_error *err)
{
    lt_reader c;
    LT_GUARD(need(lt_read_block16(r, &c), in, "cookie", err));
    LT_GUARD(end(r, in, err));
    LT_GUARD(non_empty(lt_reader_left(&c), in, "cookie", err));
    out->cookie.cookie = lt_span_make(lt_reader_data(&c), lt_reader_left(&c));
    return true;
}

/* RFC 8446 4.2.9. */
static bool parse_psk_modes(lt_reader *r, const ext13_in *in, lt_ext13 *out, lt_error *err)
{
    lt_reader m;
    LT_GUARD(need(lt_read_block8(r, &m), in, "ke_modes", err));
    LT_GUARD(end(r, in, err));
    LT_GUARD(non_empty(lt_reader_left(&m), in, "ke_modes", err));
    out->psk_key_exchange_modes.modes = lt_span_make(lt_reader_data(&m), lt_reader_left(&m));
    return true;
}

/* RFC 8446 4.2.3: the same list as signature_algorithms. */
static bool parse_sig_algs_cert(lt_reader *r, const ext13_in *in, lt_ext13 *out, lt_error *err)
{
    lt_reader list;
    LT_GUARD(need(lt_read_block16(r, &list), in, "supported_signature_algorithms", err));
    LT_GUARD(end(r, in, err));
    LT_GUARD(non_empty(lt_reader_left(&list), in, "schemes", err));
    lt_u16_store s = {.items = out->signature_algorithms_cert.schemes,
                      .cap = LT_EXT13_MAX_SCHEMES,
                      .reserve = LT_EXT13_MAX_SCHEMES / 2,
                      .known = lt_sig_scheme_supported};
    LT_ENSURE(lt_u16_store_read(&s, &list), err, LATCH_ERR_DECODE,
              "%s: signature_algorithms_cert list has an odd length", in->msg);
    out->signature_algorithms_cert.count = s.count;
    out->signature_algorithms_cert.listed = s.listed;
    return true;
}

/* RFC 8446 4.2.11: the client's OfferedPsks are kept whole for the
 * resumption code; the server's selected_identity is a u16. */
static bool parse_pre_shared_key(lt_reader *r, const ext13_in *in, lt_ext13 *out, lt_error *err)
{
    if (!in->from_client) {
        LT_GUARD(need(lt_read_u16(r, &out->pre_shared_key.selected_identity), in,
                      "selected_identity", err));
        return end(r, in, err);
    }
    LT_GUARD(non_empty(lt_reader_left(r), in, "offer", err));
    out->pre_shared_key.offer = lt_span_make(lt_reader_data(r), lt_reader_left(r));
    return lt_read_skip(r, lt_reader_left(r));
}

/* RFC 8446 4.2.4. */
static bool parse_authorities(lt_reader *r, const ext13_in *in, lt_ext13 *out, lt_error *err)
{
    lt_reader a;
    LT_GUARD(need(lt_read_block16(r, &a), in, "authorities", err));
    LT_GUARD(end(r, in, err));
    LT_GUARD(non_empty(lt_reader_left(&a), in, "authorities", err));
    out->certificate_authorities.authorities = lt_span_make(lt_reader_data(&a), lt_reader_left(&a));
    return true;
}

/* RFC 6962 3.3.1: a client's is empty; a server's (TLS 1.2 ServerHello)
 * is a non-empty SignedCertificateTimestampList, or empty in a TLS 1.3
 * CertificateRequest. */
static bool parse_sct(lt_reader *r, const ext13_in *in, lt_ext13 *out, lt_error *err)
{
    if (in->from_client || lt_reader_done(r))
        return end(r, in, err);
    out->signed_certificate_timestamp.list = lt_span_make(lt_reader_data(r), lt_reader_left(r));
    lt_reader list;
    LT_GUARD(need(lt_read_block16(r, &list), in, "list", err));
    LT_GUARD(end(r, in, err));
    return non_empty(lt_reader_left(&list), in, "list", err);
}

bool lt_ext13_parse(uint16_t type, lt_reader *body, bool from_client, const char *msg,
                    lt_ext13 *out, lt_error *err)
{
    ext13_in in = {msg, lt_ext13_type_name(type), from_client};
    switch (type) {
    case LT_EXT_SUPPORTED_VERSIONS:
        out->supported_versions.present = true;
        return parse_supported_versions(body, &in, out, err);
    case LT_EXT_KEY_SHARE:
        out->key_share.present = true;
        return parse_key_share(body, &in, out, err);
    case LT_EXT_COOKIE:
        out->cookie.present = true;
        return parse_cookie(body, &in, out, err);
    case LT_EXT_PSK_KEY_EXCHANGE_MODES:
        out->psk_key_exchange_modes.present = true;
        return parse_psk_modes(body, &in, out, err);
    case LT_EXT_SIGNATURE_ALGORITHMS_CERT:
        out->signature_algorithms_cert.present = true;
        return parse_sig_algs_cert(body, &in, out, err);
    case LT_EXT_EARLY_DATA:
        /* RFC 8446 4.2.10: empty in ClientHello and EncryptedExtensions. */
        out->early_data.present = true;
        return end(body, &in, err);
    case LT_EXT_PRE_SHARED_KEY:
        out->pre_shared_key.present = true;
        return parse_pre_shared_key(body, &in, out, err);
    case LT_EXT_POST_HANDSHAKE_AUTH:
        out->post_handshake_auth.present = true;
        return end(body, &in, err);
    case LT_EXT_CERTIFICATE_AUTHORITIES:
        out->certificate_authorities.present = true;
        return parse_authorities(body, &in, out, err);
    case LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP:
        out->signed_certificate_timestamp.present = true;
        return parse_sct(body, &in, out, err);
    default:
        /* oid_filters: read, not kept
         * (their place is checked by lt_ext13_check_allowed). */
        return lt_read_skip(body, lt_reader_left(body));
    }
}

bool lt_ext13_empty(const lt_ext13 *e)
{
    return !e->supported_versions.present && !e->key_share.present && !e->cookie.present &&
           !e->psk_key_exchange_modes.present && !e->signature_algorithms_cert.present &&
           !e->early_data.present && !e->pre_shared_key.present &&
           !e->post_handshake_auth.present && !e->certificate_authorities.present &&
           !e->signed_certificate_timestamp.present;
}

static lt_wblock open_ext(lt_writer *w, uint16_t type)
{
    lt_write_u16(w, type);
    return lt_write_open(w, 2);
}

static void write_share(lt_writer *w, const lt_key_share_entry *e)
{
    lt_write_u16(w, e->group);
    lt_wblock ke = lt_write_open(w, 2);
    lt_write_bytes(w, e->key_exchange.data, e->key_exchange.len);
    lt_write_close(w, ke);
}

static void write_supported_versions(lt_writer *w, const lt_ext13 *e, lt_ext13_msg msg)
{
    lt_wblock b = open_ext(w, LT_EXT_SUPPORTED_VERSIONS);
    if (msg == LT_EXT13_CH) {
        lt_wblock list = lt_write_open(w, 1);
        lt_write_bytes(w, e->supported_versions.list.data, e->supported_versions.list.len);
        lt_write_close(w, list);
    } else {
        lt_write_u16(w, e->supported_versions.selected);
    }
    lt_write_close(w, b);
}

static void write_key_share(lt_writer *w, const lt_ext13 *e, lt_ext13_msg msg)
{
    lt_wblock b = open_ext(w, LT_EXT_KEY_SHARE);
    if (msg == LT_EXT13_CH) {
        lt_wblock list = lt_write_open(w, 2);
        for (size_t i = 0; i < e->key_share.count; i++)
            write_share(w, &e->key_share.shares[i]);
        lt_write_close(w, list);
    } else if (msg == LT_EXT13_HRR || !e->key_share.has_share) {
        lt_write_u16(w, e->key_share.selected_group);
    } else {
        write_share(w, &e->key_share.server_share);
    }
    lt_write_close(w, b);
}

static void write_u8_list(lt_writer *w, uint16_t type, lt_span v)
{
    lt_wblock b = open_ext(w, type);
    lt_wblock list = lt_write_open(w, 1);
    lt_write_bytes(w, v.data, v.len);
    lt_write_close(w, list);
    lt_write_close(w, b);
}

static void write_u16_block(lt_writer *w, uint16_t type, lt_span v)
{
    lt_wblock b = open_ext(w, type);
    lt_wblock inner = lt_write_open(w, 2);
    lt_write_bytes(w, v.data, v.len);
    lt_write_close(w, inner);
    lt_write_close(w, b);
}

void lt_ext13_write(const lt_ext13 *e, lt_ext13_msg msg, lt_writer *w)
{
    if (e->supported_versions.present)
        write_supported_versions(w, e, msg);
    if (e->key_share.present)
        write_key_share(w, e, msg);
    if (e->cookie.present)
        write_u16_block(w, LT_EXT_COOKIE, e->cookie.cookie);
    if (e->psk_key_exchange_modes.present)
        write_u8_list(w, LT_EXT_PSK_KEY_EXCHANGE_MODES, e->psk_key_exchange_modes.modes);
    if (e->signature_algorithms_cert.present) {
        lt_wblock b = open_ext(w, LT_EXT_SIGNATURE_ALGORITHMS_CERT);
        lt_wblock list = lt_write_open(w, 2);
        for (size_t i = 0; i < e->signature_algorithms_cert.count; i++)
            lt_write_u16(w, e->signature_algorithms_cert.schemes[i]);
        lt_write_close(w, list);
        lt_write_close(w, b);
    }
    if (e->certificate_authorities.present)
        write_u16_block(w, LT_EXT_CERTIFICATE_AUTHORITIES, e->certificate_authorities.authorities);
    if (e->post_handshake_auth.present)
        lt_write_close(w, open_ext(w, LT_EXT_POST_HANDSHAKE_AUTH));
    if (e->early_data.present)
        lt_write_close(w, open_ext(w, LT_EXT_EARLY_DATA));
    if (e->signed_certificate_timestamp.present)
        lt_write_close(w, open_ext(w, LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP));
    if (e->pre_shared_key.present) {
        lt_wblock b = open_ext(w, LT_EXT_PRE_SHARED_KEY);
        if (msg == LT_EXT13_CH)
            lt_write_bytes(w, e->pre_shared_key.offer.data, e->pre_shared_key.offer.len);
        else
            lt_write_u16(w, e->pre_shared_key.selected_identity);
        lt_write_close(w, b);
    }
}

/* RFC 8446 4.2's table (with RFC 8449's record_size_limit): the
 * messages each known extension may appear in. The TLS 1.2-only
 * extensions appear in no TLS 1.3 message but the ClientHello. */
#define M(x) (1u << (x))
static const struct {
    uint16_t type;
    const char *name; /* as lt_ext_type_name says it */
    unsigned msgs;
} allowed[] = {
    {LT_EXT_SERVER_NAME, "server_name", M(LT_EXT13_CH) | M(LT_EXT13_EE)},
    {LT_EXT_MAX_FRAGMENT_LENGTH, "max_fragment_length", M(LT_EXT13_CH) | M(LT_EXT13_EE)},
    {LT_EXT_STATUS_REQUEST, "status_request", M(LT_EXT13_CH) | M(LT_EXT13_CR)},
    {LT_EXT_SUPPORTED_GROUPS, "supported_groups", M(LT_EXT13_CH) | M(LT_EXT13_EE)},
    {LT_EXT_EC_POINT_FORMATS, "ec_point_formats", M(LT_EXT13_CH)},
    {LT_EXT_SIGNATURE_ALGORITHMS, "signature_algorithms", M(LT_EXT13_CH) | M(LT_EXT13_CR)},
    {LT_EXT_ALPN, "application_layer_protocol_negotiation", M(LT_EXT13_CH) | M(LT_EXT13_EE)},
    {LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP, "signed_certificate_timestamp",
     M(LT_EXT13_CH) | M(LT_EXT13_CR)},
    {LT_EXT_ENCRYPT_THEN_MAC, "encrypt_then_mac", M(LT_EXT13_CH)},
    {LT_EXT_EXTENDED_MASTER_SECRET, "extended_master_secret", M(LT_EXT13_CH)},
    {LT_EXT_RECORD_SIZE_LIMIT, "record_size_limit", M(LT_EXT13_CH) | M(LT_EXT13_EE)},
    {LT_EXT_SESSION_TICKET, "session_ticket", M(LT_EXT13_CH)},
    {LT_EXT_PRE_SHARED_KEY, "pre_shared_key", M(LT_EXT13_CH) | M(LT_EXT13_SH)},
    {LT_EXT_EARLY_DATA, "early_data", M(LT_EXT13_CH) | M(LT_EXT13_EE) | M(LT_EXT13_NST)},
    {LT_EXT_SUPPORTED_VERSIONS, "supported_versions",
     M(LT_EXT13_CH) | M(LT_EXT13_SH) | M(LT_EXT13_HRR)},
    {LT_EXT_COOKIE, "cookie", M(LT_EXT13_CH) | M(LT_EXT13_HRR)},
    {LT_EXT_PSK_KEY_EXCHANGE_MODES, "psk_key_exchange_modes", M(LT_EXT13_CH)},
    {LT_EXT_CERTIFICATE_AUTHORITIES, "certificate_authorities", M(LT_EXT13_CH) | M(LT_EXT13_CR)},
    {LT_EXT_OID_FILTERS, "oid_filters", M(LT_EXT13_CR)},
    {LT_EXT_POST_HANDSHAKE_AUTH, "post_handshake_auth", M(LT_EXT13_CH)},
    {LT_EXT_SIGNATURE_ALGORITHMS_CERT, "signature_algorithms_cert",
     M(LT_EXT13_CH) | M(LT_EXT13_CR)},
    {LT_EXT_KEY_SHARE, "key_share", M(LT_EXT13_CH) | M(LT_EXT13_SH) | M(LT_EXT13_HRR)},
    {LT_EXT_RENEGOTIATION_INFO, "renegotiation_info", M(LT_EXT13_CH)},
};

static const char *msg_title(lt_ext13_msg msg)
{
    static const char *const titles[] = {"?",
                                         "ClientHello",
                                         "ServerHello",
                                         "HelloRetryRequest",
                                         "EncryptedExtensions",
                                         "CertificateRequest",
                                         "NewSessionTicket"};
    return titles[msg];
}

bool lt_ext13_check_allowed(const uint16_t *types, size_t count, lt_ext13_msg msg, lt_error *err)
{
    for (size_t i = 0; i < count; i++)
        for (size_t j = 0; j < sizeof(allowed) / sizeof(allowed[0]); j++)
            LT_ENSURE(allowed[j].type != types[i] || (allowed[j].msgs & M(msg)) != 0, err,
                      LATCH_ERR_ILLEGAL_PARAMETER,
                      "%s: the %s extension (%u) may not appear in this message in TLS 1.3 "
                      "(RFC 8446 4.2)",
                      msg_title(msg), allowed[j].name, types[i]);
    return true;
}
