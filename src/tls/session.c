#include "tls/session.h"

#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "tls/record.h"
#include "tls/suites.h"
#include "tls/suites13.h"
#include "tls/version.h"

static void write_name(lt_writer *w, const char *s)
{
    lt_wblock b = lt_write_open(w, 1);
    lt_write_bytes(w, (const uint8_t *)s, strlen(s));
    lt_write_close(w, b);
}

void lt_session_state_write(const lt_session_state *st, lt_writer *w)
{
    bool tls13 = st->version == LT_VERSION_TLS13;
    lt_write_u8(w, tls13 ? LT_SESSION_STATE_FORMAT13 : LT_SESSION_STATE_FORMAT);
    lt_write_u16(w, st->version);
    lt_write_u16(w, st->suite);
    lt_write_u8(w, st->ems ? 1 : 0);
    lt_write_u8(w, st->client_auth ? 1 : 0);
    lt_write_u64(w, (uint64_t)st->created);
    write_name(w, st->server_name);
    lt_wblock cert = lt_write_open(w, 2);
    lt_write_bytes(w, st->client_cert, st->client_cert_len);
    lt_write_close(w, cert);
    lt_write_bytes(w, st->master_secret, LT_MASTER_SECRET_LEN);
    if (!tls13)
        return;
    lt_write_u32(w, st->age_add);
    write_name(w, st->alpn);
}

static bool expect_end(lt_reader *r, const char *what, lt_error *err)
{
    LT_MSG_END(r, err, what, "the last field");
    return true;
}

static bool read_flag(lt_reader *r, bool *out)
{
    uint8_t v;
    if (!lt_read_u8(r, &v) || v > 1)
        return false;
    *out = v == 1;
    return true;
}

/* A name of 0..255 bytes without NUL, as a C string. */
static bool read_name(lt_reader *r, char *out, const char *field, lt_error *err)
{
    lt_reader name;
    LT_MSG_NEED(lt_read_block8(r, &name), err, "session state", field);
    size_t n = lt_reader_left(&name);
    LT_ENSURE(memchr(lt_reader_data(&name), 0, n) == NULL, err, LATCH_ERR_DECODE,
              "session state: %s holds a NUL byte", field);
    memcpy(out, lt_reader_data(&name), n);
    out[n] = '\0';
    return true;
}

/* Format 2 is a TLS 1.2 session, format 3 a TLS 1.3 one. */
static bool check_version(const lt_session_state *st, uint8_t format, lt_error *err)
{
    bool tls13 = format == LT_SESSION_STATE_FORMAT13;
    LT_ENSURE(format == LT_SESSION_STATE_FORMAT || tls13, err, LATCH_ERR_DECODE,
              "session state: format %u is neither %u nor %u", format, LT_SESSION_STATE_FORMAT,
              LT_SESSION_STATE_FORMAT13);
    LT_ENSURE(st->version == (tls13 ? LT_VERSION_TLS13 : LT_RECORD_VERSION_TLS12), err,
              LATCH_ERR_DECODE, "session state: version 0x%04x does not go with format %u",
              st->version, format);
    LT_ENSURE((tls13 ? lt_suite13_by_code(st->suite) : lt_suite_by_code(st->suite)) != NULL, err,
              LATCH_ERR_DECODE, "session state: cipher suite 0x%04x is not one latch knows for %s",
              st->suite, tls13 ? "TLS 1.3" : "TLS 1.2");
    return true;
}

static bool read_state(lt_reader *r, lt_session_state *out, lt_error *err)
{
    static const char what[] = "session state";
    uint8_t format;
    uint64_t created;
    lt_reader cert;
    LT_MSG_NEED(lt_read_u8(r, &format), err, what, "format");
    LT_MSG_NEED(lt_read_u16(r, &out->version) && lt_read_u16(r, &out->suite), err, what,
                "version and suite");
    LT_GUARD(check_version(out, format, err));
    LT_ENSURE(read_flag(r, &out->ems) && read_flag(r, &out->client_auth), err, LATCH_ERR_DECODE,
              "session state: a flag is truncated or neither 0 nor 1");
    LT_MSG_NEED(lt_read_u64(r, &created), err, what, "creation time");
    LT_ENSURE(created <= INT64_MAX, err, LATCH_ERR_DECODE,
              "session state: creation time too large");
    out->created = (int64_t)created;
    LT_GUARD(read_name(r, out->server_name, "server_name", err));
    LT_MSG_NEED(lt_read_block16(r, &cert), err, what, "client_cert");
    out->client_cert_len = lt_reader_left(&cert);
    LT_ENSURE(out->client_cert_len <= LT_SESSION_CERT_MAX, err, LATCH_ERR_DECODE,
              "session state: client_cert is %zu bytes, more than %d", out->client_cert_len,
              LT_SESSION_CERT_MAX);
    LT_ENSURE(out->client_cert_len == 0 || out->client_auth, err, LATCH_ERR_DECODE,
              "session state: a client certificate without the client_auth flag");
    memcpy(out->client_cert, lt_reader_data(&cert), out->client_cert_len);
    LT_MSG_NEED(lt_read_copy(r, out->master_secret, LT_MASTER_SECRET_LEN), err, what,
                "master_secret");
    out->age_add = 0;
    out->alpn[0] = '\0';
    if (format != LT_SESSION_STATE_FORMAT13)
        return true;
    LT_MSG_NEED(lt_read_u32(r, &out->age_add), err, what, "ticket_age_add");
    return read_name(r, out->alpn, "alpn", err);
}

bool lt_session_state_parse(const uint8_t *data, size_t len, lt_session_state *out, lt_error *err)
{
    lt_reader r = lt_reader_make(data, len);
    bool ok = read_state(&r, out, err) && expect_end(&r, "session state", err);
    if (!ok)
        lt_wipe(out, sizeof(*out));
    return ok;
}

void lt_session_write(const lt_session *s, lt_writer *w)
{
    lt_write_u8(w, LT_SESSION_CLIENT_FORMAT);
    lt_session_state_write(&s->state, w);
    lt_wblock id = lt_write_open(w, 1);
    lt_write_bytes(w, s->session_id, s->session_id_len);
    lt_write_close(w, id);
    lt_write_u32(w, s->lifetime_hint);
    lt_wblock ticket = lt_write_open(w, 2);
    lt_write_bytes(w, s->ticket, s->ticket_len);
    lt_write_close(w, ticket);
}

static bool read_session(lt_reader *r, lt_session *out, lt_error *err)
{
    static const char what[] = "session";
    uint8_t format;
    lt_reader id, ticket;
    LT_MSG_NEED(lt_read_u8(r, &format), err, what, "format");
    LT_ENSURE(format == LT_SESSION_CLIENT_FORMAT, err, LATCH_ERR_DECODE,
              "session: format %u is not %u (made by another latch version?)", format,
              LT_SESSION_CLIENT_FORMAT);
    LT_GUARD(read_state(r, &out->state, err));
    LT_ENSURE(out->state.client_cert_len == 0, err, LATCH_ERR_DECODE,
              "session: a client's session holds a client certificate");
    LT_MSG_NEED(lt_read_block8(r, &id), err, what, "session_id");
    out->session_id_len = lt_reader_left(&id);
    LT_ENSURE(out->session_id_len <= LT_SESSION_ID_MAX, err, LATCH_ERR_DECODE,
              "session: session_id is %zu bytes, more than %d", out->session_id_len,
              LT_SESSION_ID_MAX);
    memcpy(out->session_id, lt_reader_data(&id), out->session_id_len);
    LT_MSG_NEED(lt_read_u32(r, &out->lifetime_hint), err, what, "lifetime_hint");
    LT_MSG_NEED(lt_read_block16(r, &ticket), err, what, "ticket");
    out->ticket_len = lt_reader_left(&ticket);
    LT_ENSURE(out->ticket_len <= LT_SESSION_TICKET_MAX, err, LATCH_ERR_DECODE,
              "session: ticket is %zu bytes, more than %d", out->ticket_len, LT_SESSION_TICKET_MAX);
    memcpy(out->ticket, lt_reader_data(&ticket), out->ticket_len);
    LT_ENSURE(out->session_id_len > 0 || out->ticket_len > 0, err, LATCH_ERR_DECODE,
              "session: neither a session_id nor a ticket to resume it with");
    return expect_end(r, what, err);
}

bool lt_session_parse(const uint8_t *data, size_t len, lt_session *out, lt_error *err)
{
    lt_reader r = lt_reader_make(data, len);
    bool ok = read_session(&r, out, err);
    if (!ok)
        lt_wipe(out, sizeof(*out));
    return ok;
}

bool lt_session_for_name(const lt_session_state *st, const char *name)
{
    return strcasecmp(st->server_name, name) == 0;
}

bool lt_session_client_authenticated(const lt_session_state *st)
{
    return st->client_auth && st->client_cert_len > 0;
}
