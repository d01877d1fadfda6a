#include "trace_render.h"

#include "term_width.h"
#include "trace_render_html.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct trace_render {
    FILE *out;
    trace_format format;
    latch_role role;
    unsigned connection;
    bool color;
    unsigned width; /* text: the columns to wrap to; 0 for whole lines */

    bool started;
    struct timespec t0;
    double now_ms;

    int last_sender; /* LATCH_CLIENT, LATCH_SERVER, or -1 before the first flight */
    unsigned round_trips;
    unsigned announced; /* the last round trip given a heading */
    bool done;          /* the handshake completed */
    bool failed;        /* the connection failed */
    double done_ms;
    bool encrypted[2]; /* per sender: a ChangeCipherSpec went by */
    bool tls13;        /* a TLS 1.3 ServerHello went by: all but ChangeCipherSpec is encrypted */
    unsigned messages; /* numbered as in the chapter's diagram */
    bool data_started; /* the application data heading was given */
    const char *labels[2];
    html_page *html; /* TRACE_HTML: the page being made */
};

enum { BOLD, DIM, RED, GREEN, YELLOW, CYAN, MAGENTA, RESET };
/* Wire bytes shown per field in text (ciphertext, plaintext): a line a
 * person can read; JSON has them whole. */
enum { WIRE_BYTES_SHOWN = 64 };
/* The longest key-schedule value (a TLS 1.2 key block is at most 2 x
 * (48 + 32 + 16) bytes); longer ones are not printed. */
enum { SECRET_MAX = 256 };
static const char *paint(const trace_render *r, int what);
static void text_safe_wrapped(const trace_render *r, const char *s, size_t col, size_t indent);

/* ---- shared ---- */

bool trace_format_parse(const char *name, trace_format *out)
{
    static const struct {
        const char *name;
        trace_format format;
    } formats[] = {{"text", TRACE_TEXT},
                   {"json", TRACE_JSON},
                   {"mermaid", TRACE_MERMAID},
                   {"html", TRACE_HTML}};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(name, formats[i].name) == 0) {
            *out = formats[i].format;
            return true;
        }
    }
    return false;
}

/* Each connection gets a diagram of its own, with its own round trips:
 * one diagram holds one handshake. */
static void mermaid_header(const trace_render *r)
{
    if (r->format != TRACE_MERMAID)
        return;
    if (r->connection != 0)
        fprintf(r->out, "%s%%%% connection %u\n", r->connection > 1 ? "\n" : "", r->connection);
    fputs("sequenceDiagram\n"
          "    participant C as Client\n"
          "    participant S as Server\n",
          r->out);
}

trace_render *trace_render_new(FILE *out, trace_format format, latch_role role, unsigned connection)
{
    trace_render *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->out = out;
    r->format = format;
    r->role = role;
    r->connection = connection;
    r->color = format == TRACE_TEXT && isatty(fileno(out)) && getenv("NO_COLOR") == NULL;
    r->width = format == TRACE_TEXT ? term_width(out) : 0;
    r->last_sender = -1;
    r->done_ms = -1;
    r->labels[LATCH_CLIENT] = "application data";
    r->labels[LATCH_SERVER] = "application data";
    if (format == TRACE_HTML && (r->html = html_page_new(role)) == NULL) {
        free(r);
        return NULL;
    }
    mermaid_header(r);
    return r;
}

void trace_render_next_connection(trace_render *r)
{
    trace_render fresh = {
        .out = r->out,
        .format = r->format,
        .role = r->role,
        .connection = r->connection + 1,
        .color = r->color,
        .last_sender = -1,
        .done_ms = -1,
        .labels = {r->labels[0], r->labels[1]},
        .html = r->html,
    };
    if (r->html != NULL)
        html_page_end_connection(r->html);
    *r = fresh;
    mermaid_header(r);
}

void trace_render_free(trace_render *r)
{
    if (r == NULL)
        return;
    if (r->html != NULL && !html_page_write(r->html, r->out))
        fprintf(stderr, "latch: cannot write the HTML trace\n");
    html_page_free(r->html);
    fflush(r->out);
    free(r);
}

void trace_render_set_data_labels(trace_render *r, const char *from_client, const char *from_server)
{
    r->labels[LATCH_CLIENT] = from_client;
    r->labels[LATCH_SERVER] = from_server;
}

/* How the keys were agreed, for the summary line. */
static void describe_key_exchange(const latch_conn *conn, char *out, size_t cap)
{
    const char *group = latch_conn_group(conn);
    bool tls13 = strcmp(latch_conn_version(conn), "TLSv1.3") == 0;
    /* RFC 8446 2.2: TLS 1.3 resumes with the ticket's PSK and a fresh
     * (EC)DHE (latch offers and takes psk_dhe_ke only). */
    if (latch_conn_resumed(conn) && tls13)
        snprintf(out, cap, "resumed (the ticket's PSK with %s)", group != NULL ? group : "(EC)DHE");
    else if (latch_conn_resumed(conn))
        snprintf(out, cap, "resumed (no key exchange: the session's master secret)");
    else if (group != NULL)
        snprintf(out, cap, "group %s", group);
    else if (strstr(latch_conn_cipher(conn), "_DHE_") != NULL)
        snprintf(out, cap, "DHE with the server's own prime");
    else
        snprintf(out, cap, "RSA key exchange (no group)");
}

void trace_render_summary(const trace_render *r, const latch_conn *conn)
{
    if (r->format != TRACE_TEXT && r->format != TRACE_HTML)
        return;
    char kex[64];
    describe_key_exchange(conn, kex, sizeof kex);
    if (r->html != NULL) {
        html_page_summary(r->html, conn, kex, r->round_trips, r->done_ms);
        return;
    }
    /* TLS 1.3's key schedule hashes the transcript in: no EMS to tell. */
    char ems[40] = "";
    if (strcmp(latch_conn_version(conn), "TLSv1.3") != 0)
        snprintf(ems, sizeof ems, ", extended master secret %s",
                 latch_conn_ems(conn) ? "yes" : "no");
    char text[512];
    snprintf(text, sizeof text, "%s, cipher suite %s, %s%s; %u round trip%s; handshake %.1f ms.",
             latch_conn_version(conn), latch_conn_cipher(conn), kex, ems, r->round_trips,
             r->round_trips == 1 ? "" : "s", r->done_ms);
    fprintf(r->out, "\n%sSummary:%s ", paint(r, BOLD), paint(r, RESET));
    text_safe_wrapped(r, text, 9, 4);
    fputc('\n', r->out);
}

/* Who sent what the event describes. */
static int sender_of(const trace_render *r, const latch_trace_event *ev)
{
    if (ev->outgoing)
        return (int)r->role;
    return r->role == LATCH_CLIENT ? LATCH_SERVER : LATCH_CLIENT;
}

static bool has_direction(const latch_trace_event *ev)
{
    return ev->kind == LATCH_TRACE_MESSAGE || ev->kind == LATCH_TRACE_RECORD ||
           ev->kind == LATCH_TRACE_ALERT;
}

static bool is_app_data(const latch_trace_event *ev)
{
    return ev->kind == LATCH_TRACE_RECORD && ev->content_type == 23;
}

static const char *field_value(const latch_trace_event *ev, const char *name)
{
    for (size_t i = 0; i < ev->field_count; i++) {
        if (strcmp(ev->fields[i].name, name) == 0)
            return ev->fields[i].value;
    }
    return NULL;
}

static bool is_ccs(const latch_trace_event *ev)
{
    return strcmp(ev->name, "ChangeCipherSpec") == 0;
}

/* Did this event cross the wire encrypted? */
static bool is_protected(const trace_render *r, const latch_trace_event *ev)
{
    if (ev->kind == LATCH_TRACE_RECORD)
        return ev->protected_record != 0;
    if (ev->kind == LATCH_TRACE_MESSAGE && field_value(ev, "encrypted_under") != NULL)
        return true; /* TLS 1.3 says which secret */
    if (r->tls13 &&
        (ev->kind == LATCH_TRACE_ALERT || (ev->kind == LATCH_TRACE_MESSAGE && !is_ccs(ev))))
        return true;
    if (ev->kind == LATCH_TRACE_MESSAGE || ev->kind == LATCH_TRACE_ALERT)
        return r->encrypted[sender_of(r, ev)];
    return false;
}

/* RFC 8446 4.1.3: a HelloRetryRequest is a ServerHello whose random is
 * SHA-256("HelloRetryRequest"). */
bool trace_is_hello_retry(const latch_trace_event *ev)
{
    const char *random = field_value(ev, "random");
    return ev->kind == LATCH_TRACE_MESSAGE && strcmp(ev->name, "ServerHello") == 0 &&
           random != NULL &&
           strcmp(random, "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c") == 0;
}

/* The clock, the round trips and the phase, before the event is shown. A
 * round trip starts each time the client begins a flight after the
 * server spoke (or first). */
static void account(trace_render *r, const latch_trace_event *ev)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    if (!r->started) {
        r->t0 = ts;
        r->started = true;
    }
    r->now_ms =
        (double)(ts.tv_sec - r->t0.tv_sec) * 1e3 + (double)(ts.tv_nsec - r->t0.tv_nsec) / 1e6;
    bool flight =
        ev->kind == LATCH_TRACE_MESSAGE ||
        (ev->kind == LATCH_TRACE_RECORD && (ev->content_type == 20 || ev->content_type == 22));
    if (flight && !r->done && !r->failed) {
        int sender = sender_of(r, ev);
        /* In an abbreviated handshake the server finishes first, and in
         * TLS 1.3 always: the client's last flight waits for no answer. */
        if (sender == LATCH_CLIENT && r->last_sender != LATCH_CLIENT &&
            !r->encrypted[LATCH_SERVER] && !r->tls13)
            r->round_trips++;
        r->last_sender = sender;
    }
    if (ev->kind == LATCH_TRACE_STATE && strcmp(ev->name, "done") == 0) {
        r->done = true;
        r->done_ms = r->now_ms;
    }
}

/* What happens after the event was shown. */
static void settle(trace_render *r, const latch_trace_event *ev)
{
    /* TLS 1.3's dummy ChangeCipherSpec switches nothing on. */
    if (ev->kind == LATCH_TRACE_MESSAGE && is_ccs(ev) &&
        field_value(ev, "middlebox_compatibility") == NULL)
        r->encrypted[sender_of(r, ev)] = true;
    /* RFC 8446 2: everything after a TLS 1.3 ServerHello is encrypted. */
    if (ev->kind == LATCH_TRACE_MESSAGE && strcmp(ev->name, "ServerHello") == 0 &&
        field_value(ev, "tls13") != NULL && !trace_is_hello_retry(ev))
        r->tls13 = true;
    if (ev->kind == LATCH_TRACE_ERROR)
        r->failed = true;
}

static void hex(FILE *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%02x", p[i]);
}

/* ---- text ---- */

static const char *paint(const trace_render *r, int what)
{
    static const char *const codes[] = {"\033[1m",  "\033[2m",  "\033[31m", "\033[32m",
                                        "\033[33m", "\033[36m", "\033[35m", "\033[0m"};
    return r->color ? codes[what] : "";
}

/* The library escapes peer text in the fields and sentences it makes
 * (latch_escape), so their backslashes are escapes already and pass as
 * they are; any other byte outside printable ASCII is shown as \xNN all
 * the same, should one get through. */
static size_t safe_width(unsigned char ch)
{
    return ch < 0x20 || ch >= 0x7f ? 4 : 1;
}

static void safe_put(FILE *out, unsigned char ch)
{
    if (safe_width(ch) == 4)
        fprintf(out, "\\x%02x", ch);
    else
        fputc(ch, out);
}

static void text_prefix(const trace_render *r);

/* Starts a continuation line, indented to the value's column. */
static size_t text_continue(const trace_render *r, size_t indent)
{
    fputc('\n', r->out);
    text_prefix(r);
    fprintf(r->out, "%*s", (int)indent, "");
    return indent;
}

/* Writes s safely from column col on. With a width, lines are wrapped
 * there, at spaces where a word fits, else within the word (hex), and
 * continue at column indent; without one s stays on one line. */
static void text_safe_wrapped(const trace_render *r, const char *s, size_t col, size_t indent)
{
    /* Columns are counted after the "#N " prefix, which every line has. */
    size_t prefix = r->connection != 0 ? (size_t)snprintf(NULL, 0, "#%u ", r->connection) : 0;
    size_t width = r->width > prefix ? r->width - prefix : 0;
    bool wrap = width >= indent + 20;
    size_t spaces = 0;
    while (*s != '\0') {
        if (*s == ' ') {
            spaces++;
            s++;
            continue;
        }
        size_t word = 0;
        const char *end = s;
        for (; *end != '\0' && *end != ' '; end++)
            word += safe_width((unsigned char)*end);
        if (wrap && col > indent && col + spaces + word > width && word <= width - indent) {
            col = text_continue(r, indent);
        } else {
            fprintf(r->out, "%*s", (int)spaces, "");
            col += spaces;
        }
        spaces = 0;
        for (; s < end; s++) {
            size_t w = safe_width((unsigned char)*s);
            if (wrap && col > indent && col + w > width)
                col = text_continue(r, indent);
            safe_put(r->out, (unsigned char)*s);
            col += w;
        }
    }
    fprintf(r->out, "%*s", (int)spaces, "");
}

static void text_prefix(const trace_render *r)
{
    if (r->connection != 0)
        fprintf(r->out, "#%u ", r->connection);
}

/* Starts an event's line: the time and who sent it. */
static void text_start(const trace_render *r, const latch_trace_event *ev)
{
    text_prefix(r);
    fprintf(r->out, "%s%8.2f ms%s  ", paint(r, DIM), r->now_ms, paint(r, RESET));
    if (!has_direction(ev)) {
        fprintf(r->out, "%-17s ", "");
        return;
    }
    bool from_client = sender_of(r, ev) == LATCH_CLIENT;
    fprintf(r->out, "%s%-17s%s ", paint(r, from_client ? CYAN : MAGENTA),
            from_client ? "client -> server" : "server -> client", paint(r, RESET));
}

/* A line under an event: indented to the name column. */
static void text_line(const trace_render *r, int color, const char *s)
{
    text_prefix(r);
    fprintf(r->out, "%30s%s", "", paint(r, color));
    text_safe_wrapped(r, s, 30, 30);
    fprintf(r->out, "%s\n", paint(r, RESET));
}

/* A field's name and value; the value's continuation lines line up
 * under its first (column 55). */
static void text_value(const trace_render *r, const char *name, const char *value, int color)
{
    text_prefix(r);
    fprintf(r->out, "%32s%s%-22s%s ", "", paint(r, DIM), name, paint(r, RESET));
    size_t col = 32 + (strlen(name) > 22 ? strlen(name) : 22) + 1;
    fputs(paint(r, color), r->out);
    /* Under the value when that leaves a line's worth of room, else
     * under the name (an 80-column terminal). */
    text_safe_wrapped(r, value, col, r->width >= 55 + 60 ? 55 : 34);
    fprintf(r->out, "%s\n", paint(r, RESET));
}

static void text_field(const trace_render *r, const char *name, const char *value)
{
    text_value(r, name, value, strcmp(name, "note") == 0 ? YELLOW : RESET);
}

static void text_fields(const trace_render *r, const latch_trace_event *ev)
{
    for (size_t i = 0; i < ev->field_count; i++)
        text_field(r, ev->fields[i].name, ev->fields[i].value);
}

static void text_heading(const trace_render *r, const char *title)
{
    text_prefix(r);
    fprintf(r->out, "%s%s%s\n", paint(r, BOLD), title, paint(r, RESET));
}

static void text_round_trip(trace_render *r)
{
    if (r->announced == r->round_trips || r->done)
        return;
    r->announced = r->round_trips;
    char title[32];
    snprintf(title, sizeof title, "Round trip %u", r->announced);
    text_heading(r, title);
}

/* Why each message is in the handshake, in one line. */
const char *trace_message_reason(const char *name)
{
    static const struct {
        const char *name;
        const char *reason;
    } reasons[] = {
        {"ClientHello", "The client opens: the versions, cipher suites and extensions it can use, "
                        "and a fresh random."},
        {"ServerHello", "The server's choices: one version, one cipher suite, the extensions it "
                        "accepts, and its own random."},
        {"Certificate", "The certificate chain: who the sender claims to be, and who vouches "
                        "for it."},
        {"ServerKeyExchange", "Only for DHE and ECDHE suites: the server's ephemeral key share, "
                              "signed so that nobody can swap it."},
        {"CertificateRequest", "The server wants the client to prove who it is as well."},
        {"ServerHelloDone", "The server is done with its hellos: the client has everything it "
                            "needs to answer."},
        {"ClientKeyExchange", "The client's part of the key exchange: after it, both sides hold "
                              "the same pre-master secret."},
        {"CertificateVerify", "The client signs the handshake so far with its certificate's key."},
        {"ChangeCipherSpec", "The sender switches on the keys just derived."},
        {"Finished", "A MAC over every handshake message: both sides saw the same handshake, "
                     "untouched."},
        {"NewSessionTicket", "A ticket the client can present later to resume without a full "
                             "handshake."},
        {"CertificateStatus", "A stapled OCSP response: the CA's word that the certificate is "
                              "not revoked."},
        {"HelloRequest", "The server asks for a new handshake."},
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        if (strcmp(name, reasons[i].name) == 0)
            return reasons[i].reason;
    }
    return NULL;
}

/* Why the message is there: TLS 1.3's reason where it differs. */
static const char *message_reason(const trace_render *r, const latch_trace_event *ev)
{
    bool hrr = trace_is_hello_retry(ev);
    bool dummy_ccs = field_value(ev, "middlebox_compatibility") != NULL;
    bool tls13 = r->tls13 || field_value(ev, "tls13") != NULL;
    const char *why =
        tls13 || dummy_ccs
            ? trace_message_reason13(ev->name, sender_of(r, ev) == LATCH_SERVER, hrr, dummy_ccs)
            : NULL;
    return why != NULL ? why : trace_message_reason(ev->name);
}

static void text_message(trace_render *r, const latch_trace_event *ev)
{
    text_round_trip(r);
    text_start(r, ev);
    fprintf(r->out, "%s%s%s  (%zu byte%s%s)\n", paint(r, BOLD), ev->name, paint(r, RESET),
            ev->length, ev->length == 1 ? "" : "s", is_protected(r, ev) ? ", encrypted" : "");
    const char *reason = message_reason(r, ev);
    if (reason != NULL)
        text_line(r, RESET, reason);
    text_fields(r, ev);
}

static void text_keys(const trace_render *r, const latch_trace_event *ev)
{
    text_start(r, ev);
    bool finished = strcmp(ev->name, "finished_check") == 0;
    char step[96];
    if (ev->length > 0)
        snprintf(step, sizeof step, "%s, %zu bytes", ev->name, ev->length);
    else
        snprintf(step, sizeof step, "%s", ev->name);
    fprintf(r->out, "%skey schedule%s  %s", paint(r, BOLD), paint(r, RESET), step);
    const char *expected = field_value(ev, "expected");
    const char *received = field_value(ev, "received");
    if (finished && expected != NULL && received != NULL) {
        bool match = strcmp(expected, received) == 0;
        fprintf(r->out, ": %s", paint(r, match ? GREEN : RED));
        /* After the time, the sender's column and "key schedule  ". */
        text_safe_wrapped(r,
                          match ? "the peer's verify_data is the one expected"
                                : "the peer's verify_data is NOT the one expected",
                          31 + 14 + strlen(step) + 2, 30);
        fputs(paint(r, RESET), r->out);
    }
    fputc('\n', r->out);
    if (ev->detail != NULL)
        text_line(r, DIM, ev->detail);
    if (finished)
        text_field(r, "label",
                   r->role == LATCH_CLIENT ? "\"server finished\"" : "\"client finished\"");
    text_fields(r, ev);
    if (ev->secret != NULL && ev->secret_len <= SECRET_MAX) {
        char value[2 * SECRET_MAX + 1];
        for (size_t i = 0; i < ev->secret_len; i++)
            snprintf(value + 2 * i, 3, "%02x", ev->secret[i]);
        value[2 * ev->secret_len] = '\0';
        text_value(r, "value", value, RED);
    }
}

static void text_check(const trace_render *r, const latch_trace_event *ev, const char *what)
{
    text_start(r, ev);
    fprintf(r->out, "%s%s%s  %s\n", paint(r, BOLD), what, paint(r, RESET), ev->name);
    if (ev->detail != NULL)
        text_line(r, RESET, ev->detail);
    text_fields(r, ev);
}

static void text_alert(trace_render *r, const latch_trace_event *ev)
{
    bool fatal = ev->detail != NULL && strcmp(ev->detail, "fatal") == 0;
    text_round_trip(r);
    text_start(r, ev);
    fprintf(r->out, "%sAlert %s%s  (%s%s)\n", paint(r, fatal ? RED : BOLD), ev->name,
            paint(r, RESET), ev->detail != NULL ? ev->detail : "",
            is_protected(r, ev) ? ", encrypted" : "");
    if (strcmp(ev->name, "close_notify") == 0)
        text_line(r, RESET, "The sender will send nothing more: a clean end, not a truncation.");
    else if (fatal)
        text_line(r, RESET, "A fatal alert: the connection ends here.");
}

/* Bytes as hex, the first `cut` of them, with the count when cut. */
static void hex_field(const trace_render *r, const char *name, const uint8_t *p, size_t n,
                      size_t cut)
{
    char text[2 * WIRE_BYTES_SHOWN + 48];
    size_t shown = n < cut ? n : cut;
    for (size_t i = 0; i < shown; i++)
        snprintf(text + 2 * i, 3, "%02x", p[i]);
    if (shown < n)
        snprintf(text + 2 * shown, sizeof text - 2 * shown, "... (%zu bytes)", n);
    text_field(r, name, text);
}

/* With --show-secrets, a protected record from the wire to its
 * plaintext: header, sequence number, nonce, ciphertext, plaintext. */
static void text_wire(const trace_render *r, const latch_trace_event *ev)
{
    if (ev->nonce == NULL || ev->wire == NULL || ev->wire_len < 5)
        return;
    char seq[24];
    snprintf(seq, sizeof seq, "%llu", (unsigned long long)ev->sequence);
    hex_field(r, "record_header", ev->wire, 5, 5);
    text_field(r, "sequence_number", seq);
    hex_field(r, "nonce", ev->nonce, ev->nonce_len, WIRE_BYTES_SHOWN);
    hex_field(r, "ciphertext", ev->wire + 5, ev->wire_len - 5, WIRE_BYTES_SHOWN);
    if (ev->data != NULL)
        hex_field(r, "plaintext", ev->data, ev->length, WIRE_BYTES_SHOWN);
}

static void text_record(trace_render *r, const latch_trace_event *ev)
{
    if (is_app_data(ev)) {
        if (!r->data_started) {
            r->data_started = true;
            text_heading(r, "Encrypted application data");
        }
        const char *label = r->labels[sender_of(r, ev)];
        char size[64];
        snprintf(size, sizeof size, "(%zu bytes of plaintext, %s)", ev->length,
                 ev->protected_record ? "encrypted" : "NOT encrypted");
        text_start(r, ev);
        fprintf(r->out, "%s%s%s  ", paint(r, BOLD), label, paint(r, RESET));
        text_safe_wrapped(r, size, 31 + strlen(label) + 2, 30);
        fputc('\n', r->out);
    } else if (ev->nonce != NULL) {
        text_start(r, ev);
        fprintf(r->out, "%s%s record%s  (%zu bytes, encrypted)\n", paint(r, BOLD), ev->name,
                paint(r, RESET), ev->wire_len);
    }
    text_wire(r, ev);
}

static void text_event(trace_render *r, const latch_trace_event *ev)
{
    switch (ev->kind) {
    case LATCH_TRACE_MESSAGE:
        text_message(r, ev);
        break;
    case LATCH_TRACE_KEYS:
        text_keys(r, ev);
        break;
    case LATCH_TRACE_SIGNATURE:
        text_check(r, ev, "signature check");
        break;
    case LATCH_TRACE_CERTIFICATE:
        text_check(r, ev, "certificate check");
        break;
    case LATCH_TRACE_ALERT:
        text_alert(r, ev);
        break;
    case LATCH_TRACE_RECORD:
        text_record(r, ev);
        break;
    case LATCH_TRACE_ERROR:
        text_start(r, ev);
        fprintf(r->out, "%s%s failed%s (%s)\n", paint(r, RED), r->done ? "connection" : "handshake",
                paint(r, RESET), ev->name);
        if (ev->detail != NULL)
            text_line(r, RED, ev->detail);
        break;
    case LATCH_TRACE_STATE:
        if (strcmp(ev->name, "done") == 0) {
            text_start(r, ev);
            fprintf(r->out, "%shandshake complete%s after %u round trip%s\n", paint(r, GREEN),
                    paint(r, RESET), r->round_trips, r->round_trips == 1 ? "" : "s");
        }
        break;
    }
}

/* ---- json ---- */

/* The length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n;
    unsigned min;
    unsigned cp;
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 2;
        min = 0x80;
        cp = s[0] & 0x1f;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 3;
        min = 0x800;
        cp = s[0] & 0x0f;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4;
        min = 0x10000;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* A JSON string (RFC 8259 7); bytes that are not UTF-8 become U+FFFD. */
static void json_string(FILE *out, const char *s)
{
    if (s == NULL) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    const unsigned char *p = (const unsigned char *)s;
    while (*p != '\0') {
        unsigned char ch = *p;
        if (ch == '"' || ch == '\\') {
            fprintf(out, "\\%c", ch);
        } else if (ch == '\n') {
            fputs("\\n", out);
        } else if (ch == '\r') {
            fputs("\\r", out);
        } else if (ch == '\t') {
            fputs("\\t", out);
        } else if (ch < 0x20 || ch == 0x7f) {
            fprintf(out, "\\u%04x", ch);
        } else if (ch >= 0x80) {
            size_t n = utf8_len(p);
            if (n == 0) {
                fputs("\\ufffd", out);
                p++;
                continue;
            }
            fwrite(p, 1, n, out);
            p += n;
            continue;
        } else {
            fputc(ch, out);
        }
        p++;
    }
    fputc('"', out);
}

static const char *kind_name(latch_trace_kind kind)
{
    switch (kind) {
    case LATCH_TRACE_STATE:
        return "state";
    case LATCH_TRACE_RECORD:
        return "record";
    case LATCH_TRACE_MESSAGE:
        return "message";
    case LATCH_TRACE_KEYS:
        return "keys";
    case LATCH_TRACE_SIGNATURE:
        return "signature";
    case LATCH_TRACE_CERTIFICATE:
        return "certificate";
    case LATCH_TRACE_ALERT:
        return "alert";
    case LATCH_TRACE_ERROR:
        return "error";
    }
    return "unknown";
}

static void json_int_or_null(FILE *out, int v)
{
    if (v < 0)
        fputs("null", out);
    else
        fprintf(out, "%d", v);
}

static void json_hex(FILE *out, const uint8_t *p, size_t n)
{
    if (p == NULL) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    hex(out, p, n);
    fputc('"', out);
}

/* A record as it crossed the wire: its sequence number and header, and
 * with --show-secrets for a protected one the nonce, the ciphertext and
 * the plaintext. */
static void json_record(FILE *out, const latch_trace_event *ev)
{
    if (ev->kind != LATCH_TRACE_RECORD || ev->wire == NULL || ev->wire_len < 5) {
        fputs("null", out);
        return;
    }
    bool shown = ev->nonce != NULL;
    fprintf(out, "{\"sequence\":%llu,\"header\":", (unsigned long long)ev->sequence);
    json_hex(out, ev->wire, 5);
    fputs(",\"nonce\":", out);
    json_hex(out, ev->nonce, ev->nonce_len);
    fputs(",\"ciphertext\":", out);
    json_hex(out, shown ? ev->wire + 5 : NULL, ev->wire_len - 5);
    fputs(",\"plaintext\":", out);
    json_hex(out, shown ? ev->data : NULL, ev->length);
    fputc('}', out);
}

static void json_event(const trace_render *r, const latch_trace_event *ev)
{
    FILE *out = r->out;
    bool directed = has_direction(ev);
    bool in_handshake = r->round_trips > 0 && !r->done;
    fprintf(out, "{\"connection\":%u,\"time_ms\":%.3f,\"kind\":", r->connection, r->now_ms);
    json_string(out, kind_name(ev->kind));
    fputs(",\"name\":", out);
    json_string(out, ev->name);
    fputs(",\"direction\":", out);
    json_string(out, !directed ? NULL : ev->outgoing ? "sent" : "received");
    fputs(",\"sender\":", out);
    json_string(out, !directed ? NULL : sender_of(r, ev) == LATCH_CLIENT ? "client" : "server");
    fputs(",\"round_trip\":", out);
    json_int_or_null(out, directed && in_handshake ? (int)r->round_trips : -1);
    fputs(",\"handshake_type\":", out);
    json_int_or_null(out, ev->handshake_type);
    fputs(",\"content_type\":", out);
    json_int_or_null(out, ev->content_type);
    fprintf(out,
            ",\"protected\":%s,\"length\":%zu,\"detail\":", is_protected(r, ev) ? "true" : "false",
            ev->length);
    json_string(out, ev->detail);
    fputs(",\"fields\":[", out);
    for (size_t i = 0; i < ev->field_count; i++) {
        fputs(i > 0 ? ",{\"name\":" : "{\"name\":", out);
        json_string(out, ev->fields[i].name);
        fputs(",\"value\":", out);
        json_string(out, ev->fields[i].value);
        fputc('}', out);
    }
    fputs("],\"secret\":", out);
    json_hex(out, ev->secret, ev->secret_len);
    fputs(",\"record\":", out);
    json_record(out, ev);
    fputs("}\n", out);
}

/* ---- mermaid ---- */

/* Message text for a diagram: one line of printable ASCII, with the
 * characters mermaid reads as statement ends, entity codes or HTML
 * ("<br>" breaks a line) written as entity codes. */
static void mermaid_text(FILE *out, const char *s)
{
    for (; *s != '\0'; s++) {
        unsigned char ch = (unsigned char)*s;
        if (strchr(";#<>&", ch) != NULL)
            fprintf(out, "#%u;", ch);
        else if (ch < 0x20 || ch >= 0x7f)
            fputc(' ', out);
        else
            fputc(ch, out);
    }
}

static void mermaid_note(FILE *out, const char *prefix, const char *text)
{
    fprintf(out, "    Note over C,S: %s", prefix);
    mermaid_text(out, text);
    fputc('\n', out);
}

static void mermaid_arrow(const trace_render *r, const latch_trace_event *ev)
{
    fputs(sender_of(r, ev) == LATCH_CLIENT ? "    C->>S: " : "    S->>C: ", r->out);
}

static void mermaid_event(trace_render *r, const latch_trace_event *ev)
{
    FILE *out = r->out;
    bool wire = ev->kind == LATCH_TRACE_MESSAGE || ev->kind == LATCH_TRACE_ALERT;
    if (wire && !r->done && r->announced != r->round_trips) {
        r->announced = r->round_trips;
        fprintf(out, "    Note over C,S: Round Trip %u\n", r->announced);
    }
    switch (ev->kind) {
    case LATCH_TRACE_MESSAGE:
        mermaid_arrow(r, ev);
        fprintf(out, "%u. ", ++r->messages);
        mermaid_text(out, ev->name);
        fputs(is_protected(r, ev) ? " (encrypted)\n" : "\n", out);
        break;
    case LATCH_TRACE_ALERT:
        mermaid_arrow(r, ev);
        fputs("Alert ", out);
        mermaid_text(out, ev->name);
        fprintf(out, " (%s%s)\n", ev->detail != NULL ? ev->detail : "",
                is_protected(r, ev) ? ", encrypted" : "");
        break;
    case LATCH_TRACE_RECORD:
        if (!is_app_data(ev))
            break;
        if (!r->data_started) {
            r->data_started = true;
            fputs("    Note over C,S: Encrypted Application Data\n", out);
        }
        mermaid_arrow(r, ev);
        mermaid_text(out, r->labels[sender_of(r, ev)]);
        fprintf(out, " (%zu bytes, %s)\n", ev->length,
                ev->protected_record ? "encrypted" : "NOT encrypted");
        break;
    case LATCH_TRACE_ERROR:
        mermaid_note(out, r->done ? "connection failed: " : "handshake failed: ",
                     ev->detail != NULL ? ev->detail : ev->name);
        break;
    default:
        break;
    }
}

/* ---- html (trace_render_html.c) ---- */

static void html_event(const trace_render *r, const latch_trace_event *ev)
{
    int sender = has_direction(ev) ? sender_of(r, ev) : (int)r->role;
    struct html_event_ctx ctx = {
        .sender = sender,
        .encrypted = is_protected(r, ev),
        .round_trip = has_direction(ev) && !r->done ? r->round_trips : 0,
        .ms = r->now_ms,
        .label = r->labels[sender],
        .reason = ev->kind == LATCH_TRACE_MESSAGE ? message_reason(r, ev) : NULL,
        .tls13 = r->tls13 || field_value(ev, "tls13") != NULL,
        .hello_retry = trace_is_hello_retry(ev),
    };
    html_page_event(r->html, ev, &ctx);
}

void trace_render_event(const latch_trace_event *ev, void *arg)
{
    trace_render *r = arg;
    account(r, ev);
    switch (r->format) {
    case TRACE_TEXT:
        text_event(r, ev);
        break;
    case TRACE_JSON:
        json_event(r, ev);
        break;
    case TRACE_MERMAID:
        mermaid_event(r, ev);
        break;
    case TRACE_HTML:
        html_event(r, ev);
        break;
    }
    settle(r, ev);
}
