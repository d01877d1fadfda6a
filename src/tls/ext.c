#include "tls/ext.h"

#include <string.h>

#include "crypto/kex.h"
#include "crypto/sig.h"
#include "tls/msg_list.h"

const char *lt_ext_type_name(uint16_t type)
{
    switch (type) {
    case LT_EXT_SERVER_NAME:
        return "server_name";
    case LT_EXT_MAX_FRAGMENT_LENGTH:
        return "max_fragment_length";
    case LT_EXT_STATUS_REQUEST:
        return "status_request";
    case LT_EXT_SUPPORTED_GROUPS:
        return "supported_groups";
    case LT_EXT_EC_POINT_FORMATS:
        return "ec_point_formats";
    case LT_EXT_SIGNATURE_ALGORITHMS:
        return "signature_algorithms";
    case LT_EXT_ALPN:
        return "application_layer_protocol_negotiation";
    case LT_EXT_ENCRYPT_THEN_MAC:
        return "encrypt_then_mac";
    case LT_EXT_EXTENDED_MASTER_SECRET:
        return "extended_master_secret";
    case LT_EXT_RECORD_SIZE_LIMIT:
        return "record_size_limit";
    case LT_EXT_SESSION_TICKET:
        return "session_ticket";
    case LT_EXT_RENEGOTIATION_INFO:
        return "renegotiation_info";
    default: {
        const char *name = lt_ext13_type_name(type);
        return name != NULL ? name : "unknown";
    }
    }
}

static const char *ctx_title(lt_ext_context ctx)
{
    switch (ctx) {
    case LT_EXT_IN_SERVER_HELLO:
        return "ServerHello";
    case LT_EXT_IN_ENCRYPTED_EXTENSIONS:
        return "EncryptedExtensions";
    case LT_EXT_IN_CERTIFICATE_REQUEST:
        return "CertificateRequest";
    default:
        return "ClientHello";
    }
}

/* What one extension's parser needs: where it is, for error sentences. */
typedef struct ext_in {
    const char *msg;  /* "ClientHello" */
    const char *name; /* "server_name" */
    lt_ext_context ctx;
} ext_in;

static bool ext_end(const lt_reader *r, const ext_in *in, lt_error *err)
{
    LT_ENSURE(lt_reader_done(r), err, LATCH_ERR_DECODE,
              "%s: %zu unexpected bytes in the %s extension", in->msg, lt_reader_left(r), in->name);
    return true;
}

static bool ext_need(bool ok, const ext_in *in, const char *field, lt_error *err)
{
    LT_ENSURE(ok, err, LATCH_ERR_DECODE, "%s: %s %s is truncated", in->msg, in->name, field);
    return true;
}

static bool ext_empty(const lt_reader *r, const ext_in *in, lt_error *err)
{
    LT_ENSURE(lt_reader_done(r), err, LATCH_ERR_DECODE,
              "%s: the %s extension must be empty but has %zu bytes", in->msg, in->name,
              lt_reader_left(r));
    return true;
}

/* Servers do not send these in a ServerHello: RFC 5246 7.4.1.4.1 for
 * signature_algorithms, and RFC 8422 5.2 lists only ec_point_formats for
 * the ServerHello. TLS 1.3 moved lists to EncryptedExtensions and
 * CertificateRequest (where ext13.h's table says which may be). */
static bool client_only(const ext_in *in, lt_error *err)
{
    LT_ENSURE(in->ctx != LT_EXT_IN_SERVER_HELLO, err, LATCH_ERR_UNSUPPORTED_EXTENSION,
              "%s: a server does not send the %s extension", in->msg, in->name);
    return true;
}

/* A client's u16-prefixed, non-empty list of u16 values of any length
 * (the extension's whole body): every entry is read, the known ones are
 * kept (msg_list.h) in s, which gives count and listed. */
static bool read_u16_list(lt_reader *r, const ext_in *in, const char *list_name, const char *field,
                          lt_u16_store *s, lt_error *err)
{
    LT_GUARD(client_only(in, err));
    lt_reader list;
    LT_GUARD(ext_need(lt_read_block16(r, &list), in, list_name, err));
    LT_GUARD(ext_end(r, in, err));
    size_t n = lt_reader_left(&list);
    LT_ENSURE(n > 0, err, LATCH_ERR_DECODE, "%s: %s %s is empty", in->msg, in->name, field);
    LT_ENSURE(lt_u16_store_read(s, &list), err, LATCH_ERR_DECODE, "%s: %s %s length %zu is odd",
              in->msg, in->name, field, n);
    return true;
}

/* A byte that may be in a DNS host name as clients send it: letters,
 * digits, hyphen, dot, and underscore (common in internal names). IDNs
 * travel as A-labels (RFC 6066 3: "HostName" is ASCII). */
static bool host_name_byte(uint8_t b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' ||
           b == '.' || b == '_';
}

static bool check_host_name(const uint8_t *p, size_t n, const ext_in *in, lt_error *err)
{
    LT_ENSURE(n > 0, err, LATCH_ERR_DECODE, "%s: server_name host_name is empty", in->msg);
    LT_ENSURE(n <= LT_MAX_HOST_NAME, err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s: server_name host_name is %zu bytes, longer than %d", in->msg, n,
              LT_MAX_HOST_NAME);
    /* The sentence names the offending byte's value and place, never the
     * name itself: its bytes are the peer's and not yet known printable. */
    for (size_t i = 0; i < n; i++)
        LT_ENSURE(host_name_byte(p[i]), err, LATCH_ERR_ILLEGAL_PARAMETER,
                  "%s: server_name host_name has byte 0x%02x at offset %zu, which cannot be in "
                  "a DNS name",
                  in->msg, p[i], i);
    return true;
}

/* RFC 6066 3. */
static bool parse_server_name(lt_reader *r, const ext_in *in, lt_extensions *out, lt_error *err)
{
    if (in->ctx != LT_EXT_IN_CLIENT_HELLO)
        return ext_empty(r, in, err);
    lt_reader list;
    LT_GUARD(ext_need(lt_read_block16(r, &list), in, "server_name_list", err));
    LT_GUARD(ext_end(r, in, err));
    LT_ENSURE(!lt_reader_done(&list), err, LATCH_ERR_DECODE, "%s: server_name list is empty",
              in->msg);
    bool seen = false;
    while (!lt_reader_done(&list)) {
        uint8_t name_type;
        LT_GUARD(ext_need(lt_read_u8(&list, &name_type), in, "name_type", err));
        /* RFC 6066 3: every future name type's data begins with a 16-bit
         * length, so an unknown one is skipped; only host_name is used. */
        lt_reader name;
        LT_GUARD(ext_need(lt_read_block16(&list, &name), in, "name", err));
        if (name_type != 0)
            continue;
        LT_ENSURE(!seen, err, LATCH_ERR_ILLEGAL_PARAMETER,
                  "%s: server_name lists more than one host_name", in->msg);
        seen = true;
        size_t n = lt_reader_left(&name);
        LT_GUARD(check_host_name(lt_reader_data(&name), n, in, err));
        out->server_name.host_name = lt_span_make(lt_reader_data(&name), n);
    }
    /* Only other types: as if no name was sent, so none is acknowledged. */
    out->server_name.present = seen;
    return true;
}

/* RFC 6066 4: a value outside 1..4 is illegal_parameter. */
static bool parse_max_fragment_length(lt_reader *r, const ext_in *in, lt_extensions *out,
                                      lt_error *err)
{
    uint8_t v;
    LT_GUARD(ext_need(lt_read_u8(r, &v), in, "value", err));
    LT_GUARD(ext_end(r, in, err));
    LT_ENSURE(v >= LT_MAX_FRAGMENT_512 && v <= LT_MAX_FRAGMENT_4096, err,
              LATCH_ERR_ILLEGAL_PARAMETER, "%s: max_fragment_length value %u is not 1 to 4",
              in->msg, v);
    out->max_fragment_length.value = v;
    return true;
}

/* RFC 6066 8. */
static bool parse_status_request(lt_reader *r, const ext_in *in, lt_extensions *out, lt_error *err)
{
    if (in->ctx != LT_EXT_IN_CLIENT_HELLO)
        return ext_empty(r, in, err);
    uint8_t type;
    LT_GUARD(ext_need(lt_read_u8(r, &type), in, "status_type", err));
    out->status_request.status_type = type;
    if (type != LT_STATUS_TYPE_OCSP)
        return ext_need(lt_read_skip(r, lt_reader_left(r)), in, "request", err);
    lt_reader ids, exts;
    LT_GUARD(ext_need(lt_read_block16(r, &ids), in, "responder_id_list", err));
    LT_GUARD(ext_need(lt_read_block16(r, &exts), in, "request_extensions", err));
    LT_GUARD(ext_end(r, in, err));
    out->status_request.responder_id_list =
        lt_span_make(lt_reader_data(&ids), lt_reader_left(&ids));
    out->status_request.request_extensions =
        lt_span_make(lt_reader_data(&exts), lt_reader_left(&exts));
    while (!lt_reader_done(&ids)) {
        lt_reader id;
        LT_GUARD(ext_need(lt_read_block16(&ids, &id), in, "ResponderID", err));
        LT_ENSURE(!lt_reader_done(&id), err, LATCH_ERR_DECODE,
                  "%s: status_request has an empty ResponderID", in->msg);
    }
    return true;
}

static bool parse_supported_groups(lt_reader *r, const ext_in *in, lt_extensions *out,
                                   lt_error *err)
{
    lt_u16_store s = {.items = out->supported_groups.groups,
                      .cap = LT_MAX_GROUPS,
                      .reserve = LT_KNOWN_GROUPS_RESERVE,
                      .known = lt_group_supported,
                      .noted = lt_group_in_ffdhe_range};
    LT_GUARD(read_u16_list(r, in, "named_group_list", "groups", &s, err));
    out->supported_groups.count = s.count;
    out->supported_groups.listed = s.listed;
    out->supported_groups.ffdhe_listed = s.noted_any;
    return true;
}

/* RFC 8422 5.1.2: a list without uncompressed (0) is illegal_parameter. */
static bool parse_ec_point_formats(lt_reader *r, const ext_in *in, lt_extensions *out,
                                   lt_error *err)
{
    lt_reader list;
    LT_GUARD(ext_need(lt_read_block8(r, &list), in, "ec_point_format_list", err));
    LT_GUARD(ext_end(r, in, err));
    size_t n = lt_reader_left(&list);
    LT_ENSURE(n > 0, err, LATCH_ERR_DECODE, "%s: ec_point_formats list is empty", in->msg);
    const uint8_t *p = lt_reader_data(&list);
    LT_ENSURE(memchr(p, 0, n) != NULL, err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s: ec_point_formats does not include uncompressed (0)", in->msg);
    out->ec_point_formats.formats = lt_span_make(p, n);
    return true;
}

static bool parse_signature_algorithms(lt_reader *r, const ext_in *in, lt_extensions *out,
                                       lt_error *err)
{
    lt_u16_store s = {.items = out->signature_algorithms.schemes,
                      .cap = LT_MAX_SIG_SCHEMES,
                      .reserve = LT_KNOWN_SCHEMES_RESERVE,
                      .known = lt_sig_scheme_supported};
    LT_GUARD(read_u16_list(r, in, "supported_signature_algorithms", "schemes", &s, err));
    out->signature_algorithms.count = s.count;
    out->signature_algorithms.listed = s.listed;
    return true;
}

/* RFC 7301 3.1. */
static bool parse_alpn(lt_reader *r, const ext_in *in, lt_extensions *out, lt_error *err)
{
    lt_reader list;
    LT_GUARD(ext_need(lt_read_block16(r, &list), in, "protocol_name_list", err));
    LT_GUARD(ext_end(r, in, err));
    LT_ENSURE(!lt_reader_done(&list), err, LATCH_ERR_DECODE, "%s: ALPN protocol list is empty",
              in->msg);
    out->alpn.list = lt_span_make(lt_reader_data(&list), lt_reader_left(&list));
    out->alpn.count = 0;
    out->alpn.listed = 0;
    /* Every name is checked; the first LT_MAX_ALPN are kept, and a server
     * chooses from the whole list (lt_alpn_next). */
    while (!lt_reader_done(&list)) {
        lt_reader name;
        LT_GUARD(ext_need(lt_read_block8(&list, &name), in, "protocol name", err));
        LT_ENSURE(!lt_reader_done(&name), err, LATCH_ERR_DECODE,
                  "%s: ALPN protocol name %zu is empty", in->msg, out->alpn.listed + 1);
        out->alpn.listed++;
        if (out->alpn.count < LT_MAX_ALPN)
            out->alpn.protocols[out->alpn.count++] =
                lt_span_make(lt_reader_data(&name), lt_reader_left(&name));
    }
    LT_ENSURE(in->ctx == LT_EXT_IN_CLIENT_HELLO || out->alpn.listed == 1, err,
              LATCH_ERR_ILLEGAL_PARAMETER, "%s: ALPN lists %zu protocols, not exactly one", in->msg,
              out->alpn.listed);
    return true;
}

/* RFC 8449 4: a limit below 64 is illegal_parameter. */
static bool parse_record_size_limit(lt_reader *r, const ext_in *in, lt_extensions *out,
                                    lt_error *err)
{
    uint16_t v;
    LT_GUARD(ext_need(lt_read_u16(r, &v), in, "value", err));
    LT_GUARD(ext_end(r, in, err));
    LT_ENSURE(v >= 64, err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s: record_size_limit %u is below the minimum of 64", in->msg, v);
    out->record_size_limit.limit = v;
    return true;
}

/* RFC 5077 3.2: the client's body is the ticket itself, the server's is empty. */
static bool parse_session_ticket(lt_reader *r, const ext_in *in, lt_extensions *out, lt_error *err)
{
    if (in->ctx != LT_EXT_IN_CLIENT_HELLO)
        return ext_empty(r, in, err);
    const uint8_t *p;
    size_t n = lt_reader_left(r);
    LT_GUARD(ext_need(lt_read_bytes(r, n, &p), in, "ticket", err));
    out->session_ticket.ticket = lt_span_make(p, n);
    return true;
}

/* RFC 5746 3.2. */
static bool parse_renegotiation_info(lt_reader *r, const ext_in *in, lt_extensions *out,
                                     lt_error *err)
{
    lt_reader rc;
    LT_GUARD(ext_need(lt_read_block8(r, &rc), in, "renegotiated_connection", err));
    LT_GUARD(ext_end(r, in, err));
    out->renegotiation_info.renegotiated_connection =
        lt_span_make(lt_reader_data(&rc), lt_reader_left(&rc));
    return true;
}

static bool parse_one(uint16_t type, lt_reader *body, lt_ext_context ctx, lt_extensions *out,
                      lt_error *err)
{
    ext_in in = {ctx_title(ctx), lt_ext_type_name(type), ctx};
    switch (type) {
    case LT_EXT_SERVER_NAME:
        out->server_name.present = true;
        return parse_server_name(body, &in, out, err);
    case LT_EXT_MAX_FRAGMENT_LENGTH:
        out->max_fragment_length.present = true;
        return parse_max_fragment_length(body, &in, out, err);
    case LT_EXT_STATUS_REQUEST:
        out->status_request.present = true;
        return parse_status_request(body, &in, out, err);
    case LT_EXT_SUPPORTED_GROUPS:
        out->supported_groups.present = true;
        return parse_supported_groups(body, &in, out, err);
    case LT_EXT_EC_POINT_FORMATS:
        out->ec_point_formats.present = true;
        return parse_ec_point_formats(body, &in, out, err);
    case LT_EXT_SIGNATURE_ALGORITHMS:
        out->signature_algorithms.present = true;
        return parse_signature_algorithms(body, &in, out, err);
    case LT_EXT_ALPN:
        out->alpn.present = true;
        return parse_alpn(body, &in, out, err);
    case LT_EXT_ENCRYPT_THEN_MAC:
        out->encrypt_then_mac.present = true;
        return ext_empty(body, &in, err);
    case LT_EXT_EXTENDED_MASTER_SECRET:
        out->extended_master_secret.present = true;
        return ext_empty(body, &in, err);
    case LT_EXT_RECORD_SIZE_LIMIT:
        out->record_size_limit.present = true;
        return parse_record_size_limit(body, &in, out, err);
    case LT_EXT_SESSION_TICKET:
        out->session_ticket.present = true;
        return parse_session_ticket(body, &in, out, err);
    case LT_EXT_RENEGOTIATION_INFO:
        out->renegotiation_info.present = true;
        return parse_renegotiation_info(body, &in, out, err);
    default:
        if (lt_ext13_type_name(type) != NULL)
            return lt_ext13_parse(type, body, ctx == LT_EXT_IN_CLIENT_HELLO, in.msg, &out->tls13,
                                  err);
        /* Read and skipped once the store is full (a server ignores them). */
        if (out->unknown_count < LT_EXT_MAX_UNKNOWN) {
            out->unknown[out->unknown_count].type = type;
            out->unknown[out->unknown_count].data =
                lt_span_make(lt_reader_data(body), lt_reader_left(body));
            out->unknown_count++;
        }
        return true;
    }
}

static bool known_type(uint16_t type)
{
    return strcmp(lt_ext_type_name(type), "unknown") != 0;
}

bool lt_extensions_parse(const uint8_t *data, size_t len, lt_ext_context ctx, lt_extensions *out,
                         lt_error *err)
{
    const char *msg = ctx_title(ctx);
    memset(out, 0, sizeof(*out));
    lt_u16_set seen;
    lt_u16_set_clear(&seen);
    lt_reader r = lt_reader_make(data, len);
    while (!lt_reader_done(&r)) {
        uint16_t type;
        lt_reader body;
        LT_MSG_NEED(lt_read_u16(&r, &type), err, msg, "extension type");
        LT_ENSURE(lt_read_block16(&r, &body), err, LATCH_ERR_DECODE,
                  "%s: extension %s (%u) data is truncated", msg, lt_ext_type_name(type), type);
        /* RFC 5246 7.4.1.4: at most one extension of each type (see ext.h
         * for the choice of alert). */
        LT_ENSURE(lt_u16_set_add(&seen, type), err, LATCH_ERR_DECODE,
                  "%s: extension %s (%u) appears twice", msg, lt_ext_type_name(type), type);
        out->listed++;
        /* Every known type is kept in order; unknown ones while room is left. */
        if (known_type(type) || out->count < LT_EXT_MAX - LT_EXT_KNOWN_RESERVE)
            out->types[out->count++] = type;
        LT_GUARD(parse_one(type, &body, ctx, out, err));
    }
    return true;
}

bool lt_alpn_next(lt_reader *list, lt_span *name)
{
    lt_reader n;
    if (!lt_read_block8(list, &n))
        return false;
    *name = lt_span_make(lt_reader_data(&n), lt_reader_left(&n));
    return true;
}

bool lt_extensions_has(const lt_extensions *ext, uint16_t type)
{
    for (size_t i = 0; i < ext->count; i++)
        if (ext->types[i] == type)
            return true;
    return false;
}

bool lt_extensions_empty(const lt_extensions *ext)
{
    return !ext->server_name.present && !ext->max_fragment_length.present &&
           !ext->status_request.present && !ext->supported_groups.present &&
           !ext->ec_point_formats.present && !ext->signature_algorithms.present &&
           !ext->alpn.present && !ext->encrypt_then_mac.present &&
           !ext->extended_master_secret.present && !ext->record_size_limit.present &&
           !ext->session_ticket.present && !ext->renegotiation_info.present &&
           lt_ext13_empty(&ext->tls13) && ext->unknown_count == 0;
}

static lt_wblock ext_open(lt_writer *w, uint16_t type)
{
    lt_write_u16(w, type);
    return lt_write_open(w, 2);
}

static void write_empty(lt_writer *w, uint16_t type)
{
    lt_write_close(w, ext_open(w, type));
}

static void write_u16_list(lt_writer *w, uint16_t type, const uint16_t *v, size_t n)
{
    lt_wblock e = ext_open(w, type);
    lt_wblock list = lt_write_open(w, 2);
    for (size_t i = 0; i < n; i++)
        lt_write_u16(w, v[i]);
    lt_write_close(w, list);
    lt_write_close(w, e);
}

static void write_status_request(lt_writer *w, const lt_extensions *ext)
{
    lt_wblock e = ext_open(w, LT_EXT_STATUS_REQUEST);
    lt_write_u8(w, ext->status_request.status_type);
    if (ext->status_request.status_type == LT_STATUS_TYPE_OCSP) {
        lt_wblock b = lt_write_open(w, 2);
        lt_write_bytes(w, ext->status_request.responder_id_list.data,
                       ext->status_request.responder_id_list.len);
        lt_write_close(w, b);
        b = lt_write_open(w, 2);
        lt_write_bytes(w, ext->status_request.request_extensions.data,
                       ext->status_request.request_extensions.len);
        lt_write_close(w, b);
    }
    lt_write_close(w, e);
}

static void write_server_name(lt_writer *w, const lt_extensions *ext)
{
    lt_wblock e = ext_open(w, LT_EXT_SERVER_NAME);
    lt_wblock list = lt_write_open(w, 2);
    lt_write_u8(w, 0); /* host_name */
    lt_wblock host = lt_write_open(w, 2);
    lt_write_bytes(w, ext->server_name.host_name.data, ext->server_name.host_name.len);
    lt_write_close(w, host);
    lt_write_close(w, list);
    lt_write_close(w, e);
}

static void write_alpn(lt_writer *w, const lt_extensions *ext)
{
    lt_wblock e = ext_open(w, LT_EXT_ALPN);
    lt_wblock list = lt_write_open(w, 2);
    for (size_t i = 0; i < ext->alpn.count; i++) {
        lt_wblock name = lt_write_open(w, 1);
        lt_write_bytes(w, ext->alpn.protocols[i].data, ext->alpn.protocols[i].len);
        lt_write_close(w, name);
    }
    lt_write_close(w, list);
    lt_write_close(w, e);
}

void lt_extensions_write(const lt_extensions *ext, lt_ext_context ctx, lt_writer *w)
{
    bool client = ctx == LT_EXT_IN_CLIENT_HELLO;
    lt_wblock all = lt_write_open(w, 2);
    if (ext->server_name.present) {
        if (client)
            write_server_name(w, ext);
        else
            write_empty(w, LT_EXT_SERVER_NAME);
    }
    if (ext->max_fragment_length.present) {
        lt_wblock e = ext_open(w, LT_EXT_MAX_FRAGMENT_LENGTH);
        lt_write_u8(w, ext->max_fragment_length.value);
        lt_write_close(w, e);
    }
    if (ext->status_request.present) {
        if (client)
            write_status_request(w, ext);
        else
            write_empty(w, LT_EXT_STATUS_REQUEST);
    }
    if (ext->supported_groups.present)
        write_u16_list(w, LT_EXT_SUPPORTED_GROUPS, ext->supported_groups.groups,
                       ext->supported_groups.count);
    if (ext->ec_point_formats.present) {
        lt_wblock e = ext_open(w, LT_EXT_EC_POINT_FORMATS);
        lt_wblock list = lt_write_open(w, 1);
        lt_write_bytes(w, ext->ec_point_formats.formats.data, ext->ec_point_formats.formats.len);
        lt_write_close(w, list);
        lt_write_close(w, e);
    }
    if (ext->signature_algorithms.present)
        write_u16_list(w, LT_EXT_SIGNATURE_ALGORITHMS, ext->signature_algorithms.schemes,
                       ext->signature_algorithms.count);
    if (ext->alpn.present)
        write_alpn(w, ext);
    if (ext->encrypt_then_mac.present)
        write_empty(w, LT_EXT_ENCRYPT_THEN_MAC);
    if (ext->extended_master_secret.present)
        write_empty(w, LT_EXT_EXTENDED_MASTER_SECRET);
    if (ext->record_size_limit.present) {
        lt_wblock e = ext_open(w, LT_EXT_RECORD_SIZE_LIMIT);
        lt_write_u16(w, ext->record_size_limit.limit);
        lt_write_close(w, e);
    }
    if (ext->session_ticket.present) {
        lt_wblock e = ext_open(w, LT_EXT_SESSION_TICKET);
        if (client)
            lt_write_bytes(w, ext->session_ticket.ticket.data, ext->session_ticket.ticket.len);
        lt_write_close(w, e);
    }
    if (ext->renegotiation_info.present) {
        lt_wblock e = ext_open(w, LT_EXT_RENEGOTIATION_INFO);
        lt_wblock rc = lt_write_open(w, 1);
        lt_write_bytes(w, ext->renegotiation_info.renegotiated_connection.data,
                       ext->renegotiation_info.renegotiated_connection.len);
        lt_write_close(w, rc);
        lt_write_close(w, e);
    }
    for (size_t i = 0; i < ext->unknown_count; i++) {
        lt_wblock e = ext_open(w, ext->unknown[i].type);
        lt_write_bytes(w, ext->unknown[i].data.data, ext->unknown[i].data.len);
        lt_write_close(w, e);
    }
    /* Last, as a ClientHello's pre_shared_key must be (RFC 8446 4.2.11). */
    lt_ext13_write(&ext->tls13, client ? LT_EXT13_CH : LT_EXT13_SH, w);
    lt_write_close(w, all);
}
