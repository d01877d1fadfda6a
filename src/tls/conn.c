/*
 * The connection: the sans-IO surface of latch_conn. Received bytes are
 * opened as records here and dispatched by content type; the handshake
 * driver hands whole messages (and ChangeCipherSpec) to the state
 * machine of the connection's role, one step at a time.
 */
#include "tls/conn.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "tls/alert.h"
#include "tls/client13.h"
#include "tls/msg.h"
#include "tls/post13.h"
#include "tls/pump.h"
#include "tls/trace.h"
#include "tls/version.h"

/* The largest record the peer may send: under the negotiated suite once
 * there is one, else under the costliest suite the config enables (only
 * those can be negotiated), and at least a plaintext record; of the read
 * limit in force (full-size until the hellos agree on less). */
static size_t input_cap(const latch_conn *c)
{
    size_t expansion = 0;
    if (c->neg.suite != NULL) {
        expansion = lt_record_suite_expansion(c->neg.suite);
    } else {
        for (size_t i = 0; i < c->cfg->suites.len; i++) {
            size_t e = lt_record_suite_expansion(c->cfg->suites.suites[i]);
            expansion = e > expansion ? e : expansion;
        }
    }
    return LT_RECORD_HEADER_LEN + c->rl.read_max_plaintext + expansion;
}

/* The input buffer holds one whole record of the largest size the peer
 * may send (input_cap). Made at creation, and again when bytes arrive
 * after it was released. */
static bool acquire_input(latch_conn *c)
{
    if (c->in == NULL) {
        c->in_cap = input_cap(c);
        c->in = malloc(c->in_cap);
    }
    return c->in != NULL;
}

/* The output buffer grows to what the handshake flights need (a few KiB),
 * then holds one full record of application data under the write keys in
 * force, reserved in one allocation at the first write rather than
 * reached by doubling. When nothing waits to be sent, the handshake's
 * buffer goes first, so the two are never held at once. */
static bool acquire_output(latch_conn *c)
{
    size_t cap = lt_record_sealed_len(&c->rl, c->rl.write_max_plaintext);
    if (c->out.data != NULL && c->out.cap >= cap)
        return true;
    if (c->out.len == c->out_start) {
        lt_writer_free(&c->out);
        lt_writer_init_growable(&c->out, LT_CONN_MAX_OUTPUT);
        c->out_start = 0;
    }
    return lt_writer_reserve_capacity(&c->out, cap);
}

static bool input_drained(const latch_conn *c)
{
    return c->in_start == c->in_len && c->app_len == 0;
}

static bool output_drained(const latch_conn *c)
{
    return c->out.len == c->out_start;
}

static void release_input(latch_conn *c)
{
    if (c->in_plain)
        lt_free_secret(c->in, c->in_used);
    else
        free(c->in); /* ciphertext and public handshake bytes only */
    c->in = NULL;
    c->in_start = c->in_len = c->in_used = c->in_cap = 0;
    c->in_plain = false;
}

static void release_output(latch_conn *c)
{
    lt_writer_free_public(&c->out);
    lt_writer_init_growable(&c->out, LT_CONN_MAX_OUTPUT);
    c->out_start = 0;
}

/* After the handshake, a drained buffer goes unless the config pins
 * buffers; a pinned one goes only while larger than the agreed limits
 * need (the first flight's full-size buffers), to be made again at the
 * right size. */
static void settle_buffers(latch_conn *c)
{
    if (c->state != LT_ST_DONE)
        return;
    bool pin = c->cfg->pin_buffers;
    if (c->in != NULL && input_drained(c) && (!pin || c->in_cap > input_cap(c)))
        release_input(c);
    size_t out_need = lt_record_sealed_len(&c->rl, c->rl.write_max_plaintext);
    if (c->out.data != NULL && output_drained(c) && (!pin || c->out.cap > out_need))
        release_output(c);
}

int latch_conn_release_buffers(latch_conn *c)
{
    bool idle = c != NULL && c->state == LT_ST_DONE && input_drained(c) && output_drained(c);
    if (!idle)
        return 0;
    release_input(c);
    release_output(c);
    return 1;
}

latch_conn *latch_conn_new(latch_config *cfg, const char *server_name)
{
    if (cfg == NULL)
        return NULL;
    if (server_name != NULL && strlen(server_name) >= sizeof(((latch_conn *)0)->sni_or_host))
        return NULL;
    latch_conn *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    lt_writer_init_growable(&c->out, LT_CONN_MAX_OUTPUT);
    lt_config_freeze(cfg);
    c->cfg = latch_config_ref(cfg);
    lt_record_init(&c->rl); /* the input buffer is sized from its limits */
    c->rl.pad_multiple = cfg->record_padding;
    if (!acquire_input(c)) {
        latch_config_free(c->cfg);
        free(c);
        return NULL;
    }
    c->role = cfg->role;
    lt_hs_trace_init(c);
    c->peer_alert = -1;
    if (server_name != NULL)
        strcpy(c->sni_or_host, server_name);
    if (c->role == LATCH_SERVER) {
        c->state = LT_ST_SERVER_FIRST;
        c->rl.accept_hello_versions = true;
    } else {
        c->state = LT_ST_CLIENT_FIRST;
    }
    if (!lt_config_check(cfg, &c->err) || !lt_hs_start(c))
        (void)lt_conn_fail(c);
    else if (c->role == LATCH_SERVER)
        lt_hs_reasm_expect_client_hello(&c->hs->reasm, cfg->max_client_hello);
    return c;
}

void latch_conn_free(latch_conn *c)
{
    if (c == NULL)
        return;
    lt_hs_finish(c);
    lt_record_free(&c->rl);
    lt_free_secret(c->in, c->in_used);
    lt_writer_free(&c->out);
    for (size_t i = 0; i < c->peer_cert_count; i++)
        free(c->peer_certs[i]);
    for (size_t i = 0; c->peer_cert_info != NULL && i < LT_MAX_CERT_CHAIN; i++)
        latch_cert_free(c->peer_cert_info[i]);
    free(c->peer_cert_info);
    latch_cert_key_free(c->cert_key_other);
    lt_free_secret(c->session, sizeof(*c->session));
    latch_config_free(c->cfg);
    lt_wipe(c, sizeof(*c));
    free(c);
}

/* ---- bytes in and out ---- */

uint8_t *latch_conn_input_window(latch_conn *c, size_t *len)
{
    if (!acquire_input(c)) {
        *len = 0;
        return NULL;
    }
    /* Slide unread bytes to the front, unless decrypted application data
     * still points into the buffer. */
    if (c->in_start > 0 && c->app_len == 0) {
        memmove(c->in, c->in + c->in_start, c->in_len - c->in_start);
        c->in_len -= c->in_start;
        c->in_start = 0;
    }
    *len = c->in_cap - c->in_len;
    return c->in + c->in_len;
}

void latch_conn_input_done(latch_conn *c, size_t n)
{
    if (c->in != NULL && n <= c->in_cap - c->in_len) {
        c->in_len += n;
        if (c->in_used < c->in_len)
            c->in_used = c->in_len;
    }
    if (n == 0)
        settle_buffers(c); /* a window that got nothing */
}

size_t latch_conn_feed(latch_conn *c, const uint8_t *data, size_t len)
{
    size_t room;
    uint8_t *window = latch_conn_input_window(c, &room);
    if (window == NULL)
        return 0;
    size_t n = len < room ? len : room;
    if (n > 0)
        memcpy(window, data, n);
    latch_conn_input_done(c, n);
    return n;
}

void latch_conn_input_eof(latch_conn *c)
{
    c->input_eof = true;
}

const uint8_t *latch_conn_output(latch_conn *c, size_t *len)
{
    *len = c->out.len - c->out_start;
    return c->out.data == NULL ? NULL : c->out.data + c->out_start;
}

void latch_conn_output_done(latch_conn *c, size_t n)
{
    size_t pending = c->out.len - c->out_start;
    c->out_start += n < pending ? n : pending;
    if (c->out_start == c->out.len) {
        lt_writer_reset(&c->out);
        c->out_start = 0;
        settle_buffers(c);
    }
}

/* ---- failure ---- */

bool lt_conn_fail(latch_conn *c)
{
    if (c->state == LT_ST_FAILED)
        return false;
    if (!lt_error_is_set(&c->err))
        LT_FAIL(&c->err, LATCH_ERR_INTERNAL, "internal error in state %s", lt_state_name(c->state));
    c->state = LT_ST_FAILED;
    lt_trace_error(&c->trace, c->err.code, c->err.message);
    latch_alert alert = latch_err_alert(c->err.code);
    /* TLS 1.3: the alert goes under our handshake key once the peer has it. */
    if (c->hs != NULL && c->neg.version == LT_VERSION_TLS13)
        lt_hs13_alert_keys(c);
    if (alert != LATCH_ALERT_NONE && !c->alert_sent) {
        /* Anything queued but not yet sealed is dropped: the alert goes
         * out after what was already sealed. */
        c->alert_sent = lt_pump_alert(c, LT_ALERT_LEVEL_FATAL, (uint8_t)alert);
    }
    lt_hs_finish(c);
    return false;
}

static latch_err failed(latch_conn *c)
{
    (void)lt_conn_fail(c);
    return c->err.code;
}

/* ---- records ---- */

/* An alert arrived: close_notify or a fatal alert ends the connection. */
static bool take_alert(latch_conn *c, const lt_record *rec)
{
    lt_trace_alert(&c->trace, false, rec->alert.level, rec->alert.description);
    if (lt_alert_is_close_notify(&rec->alert))
        c->close_notify_received = true;
    else if (lt_alert_is_fatal(&rec->alert))
        c->peer_alert = rec->alert.description;
    LT_GUARD(lt_client13_hello_refused(c, &rec->alert));
    return lt_alert_receive(&rec->alert, &c->err);
}

/* ---- the handshake driver ---- */

/* The next handshake message or ChangeCipherSpec for the state machine.
 * 1: msg is set; 0: more input is needed; -1: failure recorded. */
static int next_message(latch_conn *c, lt_hs_msg *msg)
{
    lt_handshake *hs = c->hs;
    for (;;) {
        lt_hs_message m;
        if (lt_hs_reasm_next(&hs->reasm, &m)) {
            msg->type = m.type;
            msg->body = m.body;
            msg->len = m.body_len;
            msg->raw = m.raw;
            msg->raw_len = m.raw_len;
            msg->value = NULL;
            return 1;
        }
        lt_record rec;
        int got = lt_pump_next_record(c, &rec, NULL, 0);
        if (got <= 0)
            return got;
        switch (rec.type) {
        case LT_CT_HANDSHAKE:
            if (!lt_hs_reasm_feed(&hs->reasm, rec.data, rec.len, &c->err))
                return -1;
            break;
        case LT_CT_CHANGE_CIPHER_SPEC:
            if (c->neg.version == LT_VERSION_TLS13) {
                if (!lt_hs13_take_ccs(c, rec.data, rec.len))
                    return -1;
                break;
            }
            if (!lt_record_check_ccs(&rec, &c->err) ||
                !lt_hs_reasm_check_key_change(&hs->reasm, &c->err))
                return -1;
            memset(msg, 0, sizeof(*msg));
            msg->type = LT_MSG_CHANGE_CIPHER_SPEC;
            lt_hs_trace_ccs(c, false, rec.data, rec.len);
            return 1;
        case LT_CT_ALERT:
            if (!take_alert(c, &rec)) {
                if (c->close_notify_received)
                    LT_FAIL(&c->err, LATCH_ERR_CLOSED,
                            "the peer closed the connection during the "
                            "handshake");
                return -1;
            }
            break;
        default:
            LT_FAIL(&c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
                    "the peer sent application data before the handshake finished (in state %s)",
                    lt_state_name(c->state));
            return -1;
        }
    }
}

static bool step(latch_conn *c, const lt_hs_msg *msg)
{
    lt_state before = c->state;
    bool ok = lt_hs_step(c, msg);
    if (ok && c->state != before && lt_tracing(&c->trace))
        lt_trace_state(&c->trace, lt_state_name(c->state));
    return ok;
}

latch_err latch_conn_handshake(latch_conn *c)
{
    if (c == NULL)
        return LATCH_ERR_USAGE;
    while (c->state != LT_ST_DONE) {
        if (c->state == LT_ST_FAILED)
            return c->err.code;
        if (!lt_state_reads(c->state)) {
            if (!step(c, NULL))
                return failed(c);
            continue;
        }
        lt_hs_msg msg;
        int got = next_message(c, &msg);
        if (got < 0)
            return failed(c);
        if (got == 0) {
            if (!lt_hs_flush(c))
                return failed(c);
            if (c->input_eof) {
                LT_FAIL(&c->err, LATCH_ERR_TRUNCATED,
                        "the peer closed the connection during the handshake (in state %s)",
                        lt_state_name(c->state));
                return failed(c);
            }
            return LATCH_WANT_READ;
        }
        if (!step(c, &msg))
            return failed(c);
        /* The message is used: a large one's buffer need not wait for the
         * peer's next record (a stalled client would keep it). */
        if (c->hs != NULL)
            lt_hs_reasm_release(&c->hs->reasm);
        settle_buffers(c);
    }
    return LATCH_OK;
}

void latch_conn_fail_io(latch_conn *c, const char *operation, int errnum)
{
    if (c == NULL || c->state == LT_ST_FAILED)
        return;
    LT_FAIL(&c->err, LATCH_ERR_IO, "%s failed: %s", operation, strerror(errnum));
    (void)lt_conn_fail(c);
}

int latch_conn_handshake_done(const latch_conn *c)
{
    return c != NULL && c->state == LT_ST_DONE;
}

/* ---- after the handshake ---- */

/* A handshake message after the handshake: renegotiation is refused
 * politely (RFC 5746 4.2 and 4.4 leave it to us; RFC 5246 7.4.1.1 and
 * 7.2.2 give the warning no_renegotiation for it), but only
 * LT_MAX_RENEGOTIATION_REFUSALS times: a peer that asks again is not
 * renegotiating, it is making us send alerts (each four-byte request would
 * cost a record), so the connection ends with unexpected_message. */
static bool take_post_handshake(latch_conn *c, const lt_record *rec)
{
    lt_reader r = lt_reader_make(rec->data, rec->len);
    while (!lt_reader_done(&r)) {
        lt_hs_header h;
        if (!lt_hs_header_read(&r, &h, &c->err))
            return false;
        bool refusable = (c->role == LATCH_SERVER && h.type == LT_HS_CLIENT_HELLO) ||
                         (c->role == LATCH_CLIENT && h.type == LT_HS_HELLO_REQUEST);
        LT_ENSURE(refusable, &c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
                  "the peer sent %s after the handshake", lt_hs_type_title(h.type));
        LT_ENSURE(lt_read_skip(&r, h.length), &c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
                  "the peer began renegotiating with a %s split across records; refused",
                  lt_hs_type_title(h.type));
        LT_ENSURE(c->renegotiation_refusals < LT_MAX_RENEGOTIATION_REFUSALS, &c->err,
                  LATCH_ERR_UNEXPECTED_MESSAGE,
                  "the peer sent a %s after %u refused renegotiations; closing",
                  lt_hs_type_title(h.type), c->renegotiation_refusals);
        c->renegotiation_refusals++;
        lt_pump_alert(c, LT_ALERT_LEVEL_WARNING, LATCH_ALERT_NO_RENEGOTIATION);
    }
    return true;
}

static latch_err read_records(latch_conn *c, uint8_t *buf, size_t cap, size_t *got);

latch_err latch_conn_read(latch_conn *c, uint8_t *buf, size_t cap, size_t *got)
{
    latch_err r = read_records(c, buf, cap, got);
    if (c != NULL)
        settle_buffers(c);
    return r;
}

static latch_err read_records(latch_conn *c, uint8_t *buf, size_t cap, size_t *got)
{
    *got = 0;
    latch_err hs = latch_conn_handshake(c);
    if (hs != LATCH_OK)
        return hs;
    for (;;) {
        if (c->app_len > 0) {
            size_t n = cap < c->app_len ? cap : c->app_len;
            memcpy(buf, c->app, n);
            c->app += n;
            c->app_len -= n;
            *got = n;
            return LATCH_OK;
        }
        if (c->close_notify_received)
            return LATCH_ERR_CLOSED;
        if (c->state == LT_ST_FAILED)
            return c->err.code;
        lt_record rec;
        int r = lt_pump_next_record(c, &rec, buf, cap);
        if (r < 0)
            return failed(c);
        if (r == 0) {
            if (!c->input_eof)
                return LATCH_WANT_READ;
            LT_FAIL(&c->err, LATCH_ERR_TRUNCATED,
                    "the peer closed the connection without close_notify: the data may be cut "
                    "short");
            return failed(c);
        }
        switch (rec.type) {
        case LT_CT_APPLICATION_DATA:
            if (rec.len > 0 && !lt_key_update_after_read(c))
                return failed(c);
            if (rec.data != buf) {
                c->app = rec.data;
                c->app_len = rec.len;
            } else if (rec.len > 0) {
                *got = rec.len;
                return LATCH_OK;
            }
            break;
        case LT_CT_ALERT:
            if (!take_alert(c, &rec))
                return c->close_notify_received ? LATCH_ERR_CLOSED : failed(c);
            break;
        case LT_CT_HANDSHAKE:
            if (c->neg.version == LT_VERSION_TLS13 ? !lt_post13_take(c, rec.data, rec.len)
                                                   : !take_post_handshake(c, &rec))
                return failed(c);
            break;
        default:
            LT_FAIL(&c->err, LATCH_ERR_UNEXPECTED_MESSAGE,
                    "the peer sent ChangeCipherSpec after the handshake");
            return failed(c);
        }
    }
}

latch_err latch_conn_write(latch_conn *c, const uint8_t *data, size_t len, size_t *written)
{
    *written = 0;
    latch_err hs = latch_conn_handshake(c);
    if (hs != LATCH_OK)
        return hs;
    if (c->close_notify_sent) {
        LT_FAIL(&c->err, LATCH_ERR_USAGE, "write after close");
        return LATCH_ERR_USAGE;
    }
    /* Take at most what keeps the unsent output within a few records. */
    if (!acquire_output(c)) {
        LT_FAIL(&c->err, LATCH_ERR_MEMORY, "out of memory for the output buffer");
        return failed(c);
    }
    if (!lt_key_update_before_write(c))
        return failed(c);
    /* Take what fits beside the unsent output: a full record when the
     * buffer is empty, so the buffer never grows after the handshake. */
    size_t pending = c->out.len - c->out_start;
    if (c->out_start > 0) {
        memmove(c->out.data, c->out.data + c->out_start, pending);
        c->out.len = pending;
        c->out_start = 0;
    }
    size_t room = c->out.cap - c->out.len;
    size_t n = len < c->rl.write_max_plaintext ? len : c->rl.write_max_plaintext;
    if (lt_record_sealed_len(&c->rl, n) > room) {
        size_t most = LT_RECORD_HEADER_LEN + LT_RECORD_MAX_SEAL_OVERHEAD;
        n = room > most ? room - most : 0;
    }
    if (n == 0 && len > 0)
        return LATCH_WANT_WRITE;
    if (!lt_pump_seal(c, LT_CT_APPLICATION_DATA, data, n))
        return failed(c);
    *written = n;
    return LATCH_OK;
}

latch_err latch_conn_close(latch_conn *c)
{
    if (c == NULL)
        return LATCH_ERR_USAGE;
    if (!c->close_notify_sent && c->state != LT_ST_FAILED) {
        lt_pump_alert(c, LT_ALERT_LEVEL_WARNING, LATCH_ALERT_CLOSE_NOTIFY);
        c->close_notify_sent = true;
    }
    return LATCH_OK;
}

latch_err latch_conn_key_update(latch_conn *c, int request_peer)
{
    if (!latch_conn_handshake_done(c) || c->close_notify_sent || c->neg.version != LT_VERSION_TLS13)
        return LATCH_ERR_USAGE;
    if (!lt_key_update_send(c, request_peer != 0))
        return failed(c);
    return LATCH_OK;
}

/* ---- what happened ---- */

/* ---- sessions ---- */

latch_err latch_conn_get_session(latch_conn *c, uint8_t *buf, size_t cap, size_t *len)
{
    *len = 0;
    if (c == NULL || c->role != LATCH_CLIENT || !latch_conn_handshake_done(c) || c->session == NULL)
        return LATCH_ERR_USAGE;
    uint8_t tmp[LATCH_SESSION_MAX];
    lt_writer w;
    lt_writer_init_fixed(&w, tmp, sizeof(tmp));
    lt_session_write(c->session, &w);
    latch_err r = LATCH_ERR_INTERNAL;
    if (lt_writer_ok(&w)) {
        *len = w.len;
        r = w.len <= cap ? LATCH_OK : LATCH_WANT_WRITE;
        if (r == LATCH_OK)
            memcpy(buf, tmp, w.len);
    }
    lt_wipe(tmp, sizeof(tmp));
    return r;
}

latch_err latch_conn_set_session(latch_conn *c, const uint8_t *buf, size_t len)
{
    if (c == NULL || c->role != LATCH_CLIENT || c->state != LT_ST_CLIENT_FIRST || buf == NULL)
        return LATCH_ERR_USAGE;
    lt_session *s = malloc(sizeof(*s));
    if (s == NULL)
        return LATCH_ERR_MEMORY;
    lt_error err;
    lt_error_clear(&err);
    if (!lt_session_parse(buf, len, s, &err)) {
        lt_free_secret(s, sizeof(*s));
        return err.code;
    }
    /* A session is for the server it was made with. */
    if (!lt_session_for_name(&s->state, c->sni_or_host)) {
        lt_free_secret(s, sizeof(*s));
        return LATCH_ERR_USAGE;
    }
    lt_free_secret(c->session, sizeof(*c->session));
    c->session = s;
    return LATCH_OK;
}

int latch_conn_resumed(const latch_conn *c)
{
    return latch_conn_handshake_done(c) && c->neg.resumed;
}

latch_err latch_conn_error_code(const latch_conn *c)
{
    return c == NULL ? LATCH_ERR_USAGE : c->err.code;
}

const char *latch_conn_error(const latch_conn *c)
{
    return c == NULL ? "no connection" : c->err.message;
}

int latch_conn_peer_alert(const latch_conn *c)
{
    return c == NULL ? -1 : c->peer_alert;
}

const char *latch_conn_version(const latch_conn *c)
{
    if (!latch_conn_handshake_done(c))
        return NULL;
    return c->neg.version == LT_VERSION_TLS13 ? "TLSv1.3" : "TLSv1.2";
}

const char *latch_conn_cipher(const latch_conn *c)
{
    return latch_conn_handshake_done(c) ? c->neg.suite->iana_name : NULL;
}

uint16_t latch_conn_cipher_id(const latch_conn *c)
{
    return latch_conn_handshake_done(c) ? c->neg.suite->code : 0;
}

const char *latch_conn_group(const latch_conn *c)
{
    return latch_conn_handshake_done(c) && c->neg.group != 0 ? lt_group_name(c->neg.group) : NULL;
}

const char *latch_conn_sig_scheme(const latch_conn *c)
{
    return latch_conn_handshake_done(c) && c->neg.sig_scheme != 0
               ? lt_sig_scheme_name(c->neg.sig_scheme)
               : NULL;
}

const char *latch_conn_alpn(const latch_conn *c)
{
    return latch_conn_handshake_done(c) && c->neg.alpn[0] != '\0' ? c->neg.alpn : NULL;
}

const char *latch_conn_server_name(const latch_conn *c)
{
    if (c == NULL || c->neg.server_name[0] == '\0')
        return NULL;
    return c->neg.server_name;
}

int latch_conn_ems(const latch_conn *c)
{
    return latch_conn_handshake_done(c) && c->neg.ems;
}

int latch_conn_client_authenticated(const latch_conn *c)
{
    return latch_conn_handshake_done(c) && c->neg.client_auth;
}

int latch_conn_encrypt_then_mac(const latch_conn *c)
{
    return latch_conn_handshake_done(c) && c->neg.encrypt_then_mac;
}

size_t latch_conn_peer_cert_count(const latch_conn *c)
{
    return c == NULL ? 0 : c->peer_cert_count;
}

const uint8_t *latch_conn_peer_cert(const latch_conn *c, size_t i, size_t *len)
{
    if (c == NULL || i >= c->peer_cert_count) {
        *len = 0;
        return NULL;
    }
    *len = c->peer_cert_len[i];
    return c->peer_certs[i];
}
