#include "trace_render_html.h"

#include <stdlib.h>
#include <string.h>

#include "trace_render_html_bytes.h"
#include "trace_render_html_record.h"
#include "trace_render_html_svg.h"

enum { ROWS_MAX = 256, PLAINTEXT_SHOWN = 4096 };

struct html_page {
    latch_role role;
    FILE *page; /* finished sections */
    char *page_buf;
    size_t page_len;

    /* The connection being traced: open when cards is not NULL. */
    unsigned connection;
    FILE *cards;
    char *cards_buf;
    size_t cards_len;
    struct html_row rows[ROWS_MAX];
    size_t row_count;
    unsigned marked_round_trip;
    bool data_marked;
    unsigned messages;
    unsigned cards_made;
    bool secrets_seen;
    bool failed;
    bool summarised;
    bool hello_retry; /* TLS 1.3: the server sent a HelloRetryRequest */
    bool keys_marked; /* TLS 1.3: the diagram says where encryption starts */
    char signature[64];
    char error[512];
    char summary[2048];
};

void html_text(FILE *out, const char *s)
{
    html_bytes_text(out, (const uint8_t *)s, strlen(s));
}

void html_bytes_text(FILE *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (p[i]) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        case '\n':
            fputc('\n', out);
            break;
        default:
            if (p[i] < 0x20 || p[i] >= 0x7f)
                fprintf(out, "\\x%02x", p[i]);
            else
                fputc(p[i], out);
        }
    }
}

/* With --show-secrets the page holds secrets and decrypted data: its
 * buffers are wiped before they go back to the allocator. */
static void wipe_free(char *buf, size_t len)
{
    if (buf != NULL)
        explicit_bzero(buf, len);
    free(buf);
}

html_page *html_page_new(latch_role role)
{
    html_page *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->role = role;
    p->page = open_memstream(&p->page_buf, &p->page_len);
    if (p->page == NULL) {
        free(p);
        return NULL;
    }
    return p;
}

void html_page_free(html_page *p)
{
    if (p == NULL)
        return;
    if (p->cards != NULL)
        fclose(p->cards);
    wipe_free(p->cards_buf, p->cards_len);
    fclose(p->page);
    wipe_free(p->page_buf, p->page_len);
    free(p);
}

static bool open_connection(html_page *p)
{
    if (p->cards != NULL)
        return true;
    unsigned number = p->connection + 1;
    latch_role role = p->role;
    FILE *page = p->page;
    char *page_buf = p->page_buf;
    size_t page_len = p->page_len;
    memset(p, 0, sizeof *p);
    *p = (html_page){.role = role, .page = page, .page_buf = page_buf, .page_len = page_len};
    p->connection = number;
    p->cards = open_memstream(&p->cards_buf, &p->cards_len);
    return p->cards != NULL;
}

static void add_row(html_page *p, enum html_row_kind kind, const char *text, const char *target,
                    int sender, bool encrypted, bool failure)
{
    if (p->row_count == ROWS_MAX)
        return;
    struct html_row *row = &p->rows[p->row_count++];
    *row = (struct html_row){
        .kind = kind, .sender = sender, .encrypted = encrypted, .failure = failure};
    snprintf(row->text, sizeof row->text, "%s", text);
    snprintf(row->target, sizeof row->target, "%s", target != NULL ? target : "");
}

static const char *who(int sender)
{
    return sender == LATCH_CLIENT ? "client" : "server";
}

/* Opens a card; its id goes to id. */
static void card_start(html_page *p, const char *class, const char *name, char *id, size_t cap)
{
    snprintf(id, cap, "c%u-%u", p->connection, ++p->cards_made);
    fprintf(p->cards, "<section class=\"card %s\" id=\"%s\" data-name=\"", class, id);
    html_text(p->cards, name);
    fputs("\">\n", p->cards);
}

static void decoded(FILE *out, const latch_trace_event *ev)
{
    if (ev->field_count == 0)
        return;
    fputs("<dl class=\"decoded\">\n", out);
    for (size_t i = 0; i < ev->field_count; i++) {
        fputs("<dt>", out);
        html_text(out, ev->fields[i].name);
        fputs("</dt><dd>", out);
        html_text(out, ev->fields[i].value);
        fputs("</dd>\n", out);
    }
    fputs("</dl>\n", out);
}

static void hex_run(FILE *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, i == 0 ? "%02x" : " %02x", p[i]);
}

/* The bytes, each field its own colour (nested fields alternate per
 * extension or certificate), then the table of fields; nested ones are
 * folded under their extension or certificate. */
static void message_bytes(html_page *p, const char *id, const latch_trace_event *ev,
                          enum html_form form)
{
    html_field fields[HTML_FIELDS_MAX];
    size_t n = html_message_fields(ev->data, ev->length, form, fields);
    FILE *out = p->cards;
    fputs("<div class=\"hex\">", out);
    for (size_t i = 0; i < n; i++) {
        unsigned colour = fields[i].depth == 0 ? (unsigned)i % 8 : 4 + fields[i].ext % 2 * 3;
        fprintf(out, "<span class=\"c%u\" id=\"%s-f%zu\" title=\"", colour, id, i);
        html_text(out, fields[i].name);
        fputs(": ", out);
        html_text(out, fields[i].why);
        fputs("\">", out);
        hex_run(out, ev->data + fields[i].offset, fields[i].len);
        fputs("</span> ", out);
    }
    fputs("</div>\n<details><summary>The fields, byte by byte</summary>\n", out);
    fputs("<table class=\"fields\">\n", out);
    bool nested = false;
    for (size_t i = 0; i < n; i++) {
        const html_field *f = &fields[i];
        bool starts =
            f->depth == 1 &&
            (i == 0 || fields[i - 1].depth == 0 || fields[i - 1].ext != f->ext ||
             strcmp(f->name, "extension type") == 0 || strcmp(f->name, "certificate length") == 0);
        if ((nested && (f->depth == 0 || starts))) {
            fputs("</table></details></td></tr>\n", out);
            nested = false;
        }
        if (starts) {
            bool ext = strcmp(f->name, "extension type") == 0;
            if (ext)
                fprintf(out,
                        "<tr><td colspan=\"4\"><details><summary>extension %u (%s)</summary>"
                        "<table class=\"fields\">\n",
                        f->ext, html_extension_name(f->ext));
            else
                fprintf(out,
                        "<tr><td colspan=\"4\"><details><summary>certificate %u</summary>"
                        "<table class=\"fields\">\n",
                        f->ext + 1);
            nested = true;
        }
        unsigned colour = f->depth == 0 ? (unsigned)i % 8 : 4 + f->ext % 2 * 3;
        fprintf(out,
                "<tr data-f=\"%s-f%zu\"><td class=\"sw c%u\"></td><td>%s</td>"
                "<td>%zu byte%s at %zu</td><td>%s</td></tr>\n",
                id, i, colour, f->name, f->len, f->len == 1 ? "" : "s", f->offset, f->why);
    }
    if (nested)
        fputs("</table></details></td></tr>\n", out);
    fputs("</table></details>\n", out);
}

static bool has_field(const latch_trace_event *ev, const char *name)
{
    for (size_t i = 0; i < ev->field_count; i++)
        if (strcmp(ev->fields[i].name, name) == 0)
            return true;
    return false;
}

static void message_card(html_page *p, const latch_trace_event *ev,
                         const struct html_event_ctx *ctx)
{
    char id[32];
    bool ccs = strcmp(ev->name, "ChangeCipherSpec") == 0;
    const char *name = ctx->hello_retry ? "HelloRetryRequest" : ev->name;
    p->hello_retry |= ctx->hello_retry;
    card_start(p, ctx->sender == LATCH_CLIENT ? "msg client" : "msg server", name, id, sizeof id);
    p->messages++;
    char label[96];
    snprintf(label, sizeof label, "%u. %s%s", p->messages, name,
             has_field(ev, "middlebox_compatibility") ? " (dummy, changes nothing)" : "");
    add_row(p, ROW_ARROW, label, id, ctx->sender, ctx->encrypted, false);
    FILE *out = p->cards;
    fprintf(out, "<h3>%u. ", p->messages);
    html_text(out, name);
    fprintf(out, " <small>%s &rarr; %s, %zu byte%s%s, %.2f ms</small></h3>\n", who(ctx->sender),
            who(!ctx->sender), ev->length, ev->length == 1 ? "" : "s",
            ctx->encrypted ? ", encrypted on the wire (shown decrypted)" : "", ctx->ms);
    if (ctx->reason != NULL) {
        fputs("<p>", out);
        html_text(out, ctx->reason);
        fputs("</p>\n", out);
    }
    if (ev->data != NULL && ev->length > 0)
        message_bytes(p, id, ev, ccs ? HTML_CCS : ctx->tls13 ? HTML_TLS13 : HTML_TLS12);
    decoded(out, ev);
    fputs("</section>\n", out);
    /* RFC 8446 2: the handshake secret exists once ServerHello is through. */
    if (ctx->tls13 && !ctx->hello_retry && !p->keys_marked && strcmp(name, "ServerHello") == 0) {
        p->keys_marked = true;
        add_row(p, ROW_NOTE, "TLS 1.3: everything below is encrypted, ChangeCipherSpec aside", NULL,
                0, false, false);
    }
}

static void keys_card(html_page *p, const latch_trace_event *ev)
{
    char id[32];
    card_start(p, "keys", ev->name, id, sizeof id);
    FILE *out = p->cards;
    fputs("<h3>Key schedule: ", out);
    html_text(out, ev->name);
    if (ev->length > 0)
        fprintf(out, " <small>%zu bytes</small>", ev->length);
    fputs("</h3>\n", out);
    if (ev->detail != NULL) {
        fputs("<p>", out);
        html_text(out, ev->detail);
        fputs("</p>\n", out);
    }
    decoded(out, ev);
    if (ev->secret != NULL) {
        p->secrets_seen = true;
        fputs("<p>value: <span class=\"secret\">", out);
        hex_run(out, ev->secret, ev->secret_len);
        fputs("</span></p>\n", out);
    } else if (ev->length > 0) {
        fputs("<p class=\"hidden\">The value is hidden: whoever has it can decrypt this "
              "connection. Run with --show-secrets to see it here.</p>\n",
              out);
    }
    fputs("</section>\n", out);
}

static void check_card(html_page *p, const latch_trace_event *ev, const char *what, bool failed)
{
    char id[32];
    card_start(p, failed ? "check fail" : "check", ev->name, id, sizeof id);
    FILE *out = p->cards;
    fprintf(out, "<h3>%s: ", what);
    html_text(out, ev->name);
    fprintf(out, " <span class=\"%s\">%s</span></h3>\n", failed ? "bad" : "ok",
            failed ? "failed" : "passed");
    if (ev->detail != NULL) {
        fputs("<p>", out);
        html_text(out, ev->detail);
        fputs("</p>\n", out);
    }
    decoded(out, ev);
    fputs("</section>\n", out);
}

static void alert_card(html_page *p, const latch_trace_event *ev, const struct html_event_ctx *ctx)
{
    char id[32];
    bool fatal = ev->detail != NULL && strcmp(ev->detail, "fatal") == 0;
    card_start(p, fatal ? "alert fail" : "alert", ev->name, id, sizeof id);
    char label[96];
    snprintf(label, sizeof label, "Alert %s", ev->name);
    add_row(p, ROW_ARROW, label, id, ctx->sender, ctx->encrypted, false);
    FILE *out = p->cards;
    fputs("<h3>Alert ", out);
    html_text(out, ev->name);
    fprintf(out, " <small>%s &rarr; %s, %s</small></h3>\n", who(ctx->sender), who(!ctx->sender),
            fatal ? "fatal: the connection ends here" : "warning");
    if (strcmp(ev->name, "close_notify") == 0)
        fputs("<p>The sender will send nothing more: a clean end, not a truncation.</p>\n", out);
    fputs("</section>\n", out);
}

static void data_card(html_page *p, const latch_trace_event *ev, const struct html_event_ctx *ctx)
{
    char id[32];
    card_start(p, ctx->sender == LATCH_CLIENT ? "data client" : "data server", "ApplicationData",
               id, sizeof id);
    if (!p->data_marked) {
        p->data_marked = true;
        add_row(p, ROW_NOTE, "Encrypted application data", NULL, 0, false, false);
    }
    char label[96];
    snprintf(label, sizeof label, "%s (%zu bytes)", ctx->label, ev->length);
    add_row(p, ROW_ARROW, label, id, ctx->sender, ev->protected_record != 0, false);
    FILE *out = p->cards;
    fputs("<h3>", out);
    html_text(out, ctx->label);
    fprintf(out, " <small>%s &rarr; %s, %zu bytes of plaintext, %s</small></h3>\n",
            who(ctx->sender), who(!ctx->sender), ev->length,
            ev->protected_record ? "encrypted" : "NOT encrypted");
    html_record_block(out, ev, ctx->sender, ctx->tls13);
    if (p->secrets_seen && ev->data != NULL) {
        size_t n = ev->length < PLAINTEXT_SHOWN ? ev->length : PLAINTEXT_SHOWN;
        fputs("<p>The record decrypted:</p><pre class=\"plain\">", out);
        html_bytes_text(out, ev->data, n);
        fprintf(out, "%s</pre>\n", n < ev->length ? "\n[...]" : "");
    } else {
        fputs("<p class=\"hidden\">The decrypted contents are hidden: they are what the "
              "encryption protects. Run with --show-secrets to see them here.</p>\n",
              out);
    }
    fputs("</section>\n", out);
}

static void error_card(html_page *p, const latch_trace_event *ev)
{
    char id[32];
    card_start(p, "error fail", ev->name, id, sizeof id);
    p->failed = true;
    snprintf(p->error, sizeof p->error, "%s: %s", ev->name,
             ev->detail != NULL ? ev->detail : "no reason given");
    char note[96];
    snprintf(note, sizeof note, "failed: %s", ev->name);
    add_row(p, ROW_NOTE, note, NULL, 0, false, true);
    FILE *out = p->cards;
    fputs("<h3><span class=\"bad\">The connection failed</span> ", out);
    html_text(out, ev->name);
    fputs("</h3>\n<p>", out);
    html_text(out, ev->detail != NULL ? ev->detail : "no reason given");
    fputs("</p>\n</section>\n", out);
}

void html_page_event(html_page *p, const latch_trace_event *ev, const struct html_event_ctx *ctx)
{
    if (!open_connection(p))
        return;
    bool wire = ev->kind == LATCH_TRACE_MESSAGE || ev->kind == LATCH_TRACE_ALERT;
    if (wire && ctx->round_trip != 0 && ctx->round_trip != p->marked_round_trip) {
        p->marked_round_trip = ctx->round_trip;
        char note[32];
        snprintf(note, sizeof note, "Round trip %u", ctx->round_trip);
        add_row(p, ROW_NOTE, note, NULL, 0, false, false);
    }
    switch (ev->kind) {
    case LATCH_TRACE_MESSAGE:
        message_card(p, ev, ctx);
        break;
    case LATCH_TRACE_KEYS:
        keys_card(p, ev);
        break;
    case LATCH_TRACE_SIGNATURE:
        snprintf(p->signature, sizeof p->signature, "%s", ev->name);
        check_card(p, ev, "Signature check",
                   ev->detail != NULL && strstr(ev->detail, "not") != NULL);
        break;
    case LATCH_TRACE_CERTIFICATE:
        check_card(p, ev, "Certificate chain",
                   ev->field_count > 0 && strncmp(ev->fields[0].value, "invalid", 7) == 0);
        break;
    case LATCH_TRACE_ALERT:
        alert_card(p, ev, ctx);
        break;
    case LATCH_TRACE_RECORD:
        if (ev->content_type == 23)
            data_card(p, ev, ctx);
        else
            html_record_block(p->cards, ev, ctx->sender, ctx->tls13);
        break;
    case LATCH_TRACE_ERROR:
        error_card(p, ev);
        break;
    case LATCH_TRACE_STATE:
        break;
    }
}

void html_page_summary(html_page *p, const latch_conn *conn, const char *kex, unsigned round_trips,
                       double done_ms)
{
    if (!open_connection(p))
        return;
    FILE *s = fmemopen(p->summary, sizeof p->summary - 1, "w");
    if (s == NULL)
        return;
    fputs("<tr><th>version</th><td>", s);
    html_text(s, latch_conn_version(conn));
    fputs("</td></tr>\n<tr><th>cipher suite</th><td>", s);
    html_text(s, latch_conn_cipher(conn));
    fputs("</td></tr>\n<tr><th>key exchange</th><td>", s);
    html_text(s, kex);
    bool tls13 = strcmp(latch_conn_version(conn), "TLSv1.3") == 0;
    fputs("</td></tr>\n<tr><th>signature scheme</th><td>", s);
    html_text(s, p->signature[0] != '\0' ? p->signature
                 : tls13                 ? "none (no CertificateVerify)"
                                         : "none (no ServerKeyExchange)");
    if (tls13)
        fprintf(s,
                "</td></tr>\n<tr><th>HelloRetryRequest</th><td>%s</td></tr>\n"
                "<tr><th>key schedule</th><td>HKDF (RFC 8446 7.1): every secret hashes the "
                "transcript in, so TLS 1.2's extended master secret has no place here",
                p->hello_retry ? "yes: the server asked for a key share of another group, "
                                 "which cost a round trip"
                               : "no: the client's key share suited the server");
    else
        fprintf(s, "</td></tr>\n<tr><th>extended master secret</th><td>%s",
                latch_conn_ems(conn) ? "yes" : "no");
    fprintf(s,
            "</td></tr>\n"
            "<tr><th>round trips</th><td>%u</td></tr>\n"
            "<tr><th>handshake time</th><td>%.1f ms</td></tr>\n"
            "<tr><th>resumed</th><td>%s</td></tr>\n",
            round_trips, done_ms,
            latch_conn_resumed(conn) ? "yes: an abbreviated handshake" : "no: a full handshake");
    fclose(s);
    p->summarised = true;
}

void html_page_end_connection(html_page *p)
{
    if (p->cards == NULL)
        return;
    fclose(p->cards);
    p->cards = NULL;
    FILE *out = p->page;
    fprintf(out, "<h2 id=\"conn%u\">Connection %u</h2>\n<table class=\"summary\">\n", p->connection,
            p->connection);
    if (p->summarised) {
        fputs(p->summary, out);
    } else if (p->failed) {
        fputs("<tr><th>result</th><td class=\"bad\">failed: ", out);
        html_text(out, p->error);
        fputs("</td></tr>\n", out);
    } else {
        fputs("<tr><th>result</th><td>the trace ended before the handshake completed</td></tr>\n",
              out);
    }
    fputs("</table>\n", out);
    html_svg(out, p->rows, p->row_count, p->connection);
    if (!p->secrets_seen)
        fputs("<p class=\"hidden\">Secrets are hidden: the key schedule shows each step's "
              "inputs and lengths but not the values, and application data is not shown "
              "decrypted. Run with --show-secrets to see them.</p>\n",
              out);
    fwrite(p->cards_buf, 1, p->cards_len, out);
    wipe_free(p->cards_buf, p->cards_len);
    p->cards_buf = NULL;
}

bool html_page_write(html_page *p, FILE *out)
{
    html_page_end_connection(p);
    if (fflush(p->page) != 0)
        return false;
    fprintf(out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>latch trace: a TLS connection, byte by byte</title>\n<style>\n%s</style>\n"
            "</head>\n<body>\n<h1>A TLS connection, byte by byte</h1>\n"
            "<p>Traced by latch " LATCH_VERSION_STRING " as the %s. Hover a byte for its field; "
            "click a message in the diagram to go to its card. "
            "<button type=\"button\" id=\"unfold\">unfold all</button> "
            "<button type=\"button\" id=\"fold\">fold all</button></p>\n",
            html_style, p->role == LATCH_CLIENT ? "client" : "server");
    fwrite(p->page_buf, 1, p->page_len, out);
    fprintf(out, "<script>\n%s</script>\n</body>\n</html>\n", html_script);
    return fflush(out) == 0 && !ferror(out);
}
