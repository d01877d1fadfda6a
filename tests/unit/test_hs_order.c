/*
 * The message order (src/tls/hs_order.h) against RFC 5246 7.3's figures,
 * restated here message by message for each handshake type; then every
 * state a handshake type reaches, given every message that may not come
 * there, through the real driver (lt_hs_step): unexpected_message, the
 * alert of that name, and a sentence naming the state, what came and
 * what was expected.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tls/alert.h"
#include "tls/conn.h"
#include "tls/msg.h"

#define CCS LT_MSG_CHANGE_CIPHER_SPEC
#define END (-1)

/* Every message a peer could send, and ChangeCipherSpec. */
static const int all_types[] = {
    LT_HS_CLIENT_HELLO,         LT_HS_SERVER_HELLO,
    LT_HS_NEW_SESSION_TICKET,   LT_HS_CERTIFICATE,
    LT_HS_SERVER_KEY_EXCHANGE,  LT_HS_CERTIFICATE_REQUEST,
    LT_HS_SERVER_HELLO_DONE,    LT_HS_CERTIFICATE_VERIFY,
    LT_HS_CLIENT_KEY_EXCHANGE,  LT_HS_FINISHED,
    LT_HS_CERTIFICATE_STATUS,   CCS,
    LT_HS_ENCRYPTED_EXTENSIONS,
};
#define N_TYPES (sizeof(all_types) / sizeof(all_types[0]))

/* A figure: the role, the handshake type, and its messages in order: a
 * read as R(type), a read the peer may leave out as O(type), a send as
 * S(type). */
typedef struct figure {
    const char *name;
    latch_role role;
    unsigned type;
    int messages[24];
} figure;

#define OPTIONAL 0x1000
#define R(t) (t)
#define O(t) ((t) | OPTIONAL)
#define S(t) (~(t))

static const figure figures[] = {
    {"client, full, ECDHE",
     LATCH_CLIENT,
     LT_HT_FULL,
     {S(LT_HS_CLIENT_HELLO), R(LT_HS_SERVER_HELLO), R(LT_HS_CERTIFICATE),
      R(LT_HS_SERVER_KEY_EXCHANGE), O(LT_HS_CERTIFICATE_REQUEST), R(LT_HS_SERVER_HELLO_DONE),
      S(LT_HS_CLIENT_KEY_EXCHANGE), S(CCS), S(LT_HS_FINISHED), R(CCS), R(LT_HS_FINISHED), END}},
    {"client, full, RSA, OCSP, ticket, certificate sent",
     LATCH_CLIENT,
     LT_HT_FULL | LT_HT_RSA_KEX | LT_HT_OCSP | LT_HT_TICKET | LT_HT_CLIENT_AUTH | LT_HT_CLIENT_CERT,
     {S(LT_HS_CLIENT_HELLO), R(LT_HS_SERVER_HELLO), R(LT_HS_CERTIFICATE),
      O(LT_HS_CERTIFICATE_STATUS), O(LT_HS_CERTIFICATE_REQUEST), R(LT_HS_SERVER_HELLO_DONE),
      S(LT_HS_CERTIFICATE), S(LT_HS_CLIENT_KEY_EXCHANGE), S(LT_HS_CERTIFICATE_VERIFY), S(CCS),
      S(LT_HS_FINISHED), R(LT_HS_NEW_SESSION_TICKET), R(CCS), R(LT_HS_FINISHED), END}},
    {"client, full, empty certificate",
     LATCH_CLIENT,
     LT_HT_FULL | LT_HT_CLIENT_AUTH,
     {S(LT_HS_CLIENT_HELLO), R(LT_HS_SERVER_HELLO), R(LT_HS_CERTIFICATE),
      R(LT_HS_SERVER_KEY_EXCHANGE), O(LT_HS_CERTIFICATE_REQUEST), R(LT_HS_SERVER_HELLO_DONE),
      S(LT_HS_CERTIFICATE), S(LT_HS_CLIENT_KEY_EXCHANGE), S(CCS), S(LT_HS_FINISHED), R(CCS),
      R(LT_HS_FINISHED), END}},
    {"client, resumed, ticket",
     LATCH_CLIENT,
     LT_HT_RESUMED | LT_HT_TICKET,
     {S(LT_HS_CLIENT_HELLO), R(LT_HS_SERVER_HELLO), R(LT_HS_NEW_SESSION_TICKET), R(CCS),
      R(LT_HS_FINISHED), S(CCS), S(LT_HS_FINISHED), END}},
    {"server, full, ECDHE",
     LATCH_SERVER,
     LT_HT_FULL,
     {R(LT_HS_CLIENT_HELLO), S(LT_HS_SERVER_HELLO), S(LT_HS_CERTIFICATE),
      S(LT_HS_SERVER_KEY_EXCHANGE), S(LT_HS_SERVER_HELLO_DONE), R(LT_HS_CLIENT_KEY_EXCHANGE),
      R(CCS), R(LT_HS_FINISHED), S(CCS), S(LT_HS_FINISHED), END}},
    {"server, full, RSA, OCSP, ticket, client certificate",
     LATCH_SERVER,
     LT_HT_FULL | LT_HT_RSA_KEX | LT_HT_OCSP | LT_HT_TICKET | LT_HT_CLIENT_AUTH | LT_HT_CLIENT_CERT,
     {R(LT_HS_CLIENT_HELLO), S(LT_HS_SERVER_HELLO), S(LT_HS_CERTIFICATE),
      S(LT_HS_CERTIFICATE_STATUS), S(LT_HS_CERTIFICATE_REQUEST), S(LT_HS_SERVER_HELLO_DONE),
      R(LT_HS_CERTIFICATE), R(LT_HS_CLIENT_KEY_EXCHANGE), R(LT_HS_CERTIFICATE_VERIFY), R(CCS),
      R(LT_HS_FINISHED), S(LT_HS_NEW_SESSION_TICKET), S(CCS), S(LT_HS_FINISHED), END}},
    {"server, resumed",
     LATCH_SERVER,
     LT_HT_RESUMED,
     {R(LT_HS_CLIENT_HELLO), S(LT_HS_SERVER_HELLO), S(CCS), S(LT_HS_FINISHED), R(CCS),
      R(LT_HS_FINISHED), END}},
    /* RFC 8446 2, figure 1; D.4 for the dummy ChangeCipherSpec. */
    {"client, TLS 1.3, middlebox compatibility",
     LATCH_CLIENT,
     LT_HT_TLS13 | LT_HT_MIDDLEBOX,
     {S(LT_HS_CLIENT_HELLO), R(LT_HS_SERVER_HELLO), R(LT_HS_ENCRYPTED_EXTENSIONS),
      O(LT_HS_CERTIFICATE_REQUEST), R(LT_HS_CERTIFICATE), R(LT_HS_CERTIFICATE_VERIFY),
      R(LT_HS_FINISHED), S(CCS), S(LT_HS_FINISHED), END}},
    /* RFC 8446 4.1.4 and 4.4.2: HelloRetryRequest, then a certificate asked for and sent. */
    {"client, TLS 1.3, HelloRetryRequest, certificate sent",
     LATCH_CLIENT,
     LT_HT_TLS13 | LT_HT_HRR | LT_HT_MIDDLEBOX | LT_HT_CLIENT_AUTH | LT_HT_CLIENT_CERT,
     {S(LT_HS_CLIENT_HELLO), R(LT_HS_SERVER_HELLO), S(LT_HS_CLIENT_HELLO), R(LT_HS_SERVER_HELLO),
      R(LT_HS_ENCRYPTED_EXTENSIONS), O(LT_HS_CERTIFICATE_REQUEST), R(LT_HS_CERTIFICATE),
      R(LT_HS_CERTIFICATE_VERIFY), R(LT_HS_FINISHED), S(CCS), S(LT_HS_CERTIFICATE),
      S(LT_HS_CERTIFICATE_VERIFY), S(LT_HS_FINISHED), END}},
    {"server, TLS 1.3, no legacy_session_id",
     LATCH_SERVER,
     LT_HT_TLS13,
     {R(LT_HS_CLIENT_HELLO), S(LT_HS_SERVER_HELLO), S(LT_HS_ENCRYPTED_EXTENSIONS),
      S(LT_HS_CERTIFICATE), S(LT_HS_CERTIFICATE_VERIFY), S(LT_HS_FINISHED), R(LT_HS_FINISHED),
      END}},
    {"server, TLS 1.3, HelloRetryRequest, middlebox compatibility, client certificate",
     LATCH_SERVER,
     LT_HT_TLS13 | LT_HT_HRR | LT_HT_MIDDLEBOX | LT_HT_CLIENT_AUTH | LT_HT_CLIENT_CERT,
     {R(LT_HS_CLIENT_HELLO), S(LT_HS_SERVER_HELLO), S(CCS), R(LT_HS_CLIENT_HELLO),
      S(LT_HS_SERVER_HELLO), S(LT_HS_ENCRYPTED_EXTENSIONS), S(LT_HS_CERTIFICATE_REQUEST),
      S(LT_HS_CERTIFICATE), S(LT_HS_CERTIFICATE_VERIFY), S(LT_HS_FINISHED), R(LT_HS_CERTIFICATE),
      R(LT_HS_CERTIFICATE_VERIFY), R(LT_HS_FINISHED), END}},
    {"server, resumed, renewed ticket",
     LATCH_SERVER,
     LT_HT_RESUMED | LT_HT_TICKET,
     {R(LT_HS_CLIENT_HELLO), S(LT_HS_SERVER_HELLO), S(LT_HS_NEW_SESSION_TICKET), S(CCS),
      S(LT_HS_FINISHED), R(CCS), R(LT_HS_FINISHED), END}},
};

static lt_state first_state(latch_role role)
{
    return role == LATCH_CLIENT ? LT_ST_CLIENT_FIRST : LT_ST_SERVER_FIRST;
}

static void test_figure(const figure *f)
{
    lt_state s = first_state(f->role);
    size_t i = 0;
    for (; s != LT_ST_DONE && f->messages[i] != END; s = lt_state_next(s, f->type), i++) {
        const lt_step *step = lt_step_of(s);
        int want = f->messages[i];
        bool send = want < 0;
        if (send)
            want = ~want;
        bool optional = want & OPTIONAL;
        want &= ~OPTIONAL;
        if (step->type != want || (step->dir == LT_STEP_SEND) != send ||
            step->optional != optional) {
            fprintf(stderr, "%s: message %zu is %s %d, the table has %s (%d)\n", f->name, i,
                    send ? "send" : "read", want, step->name, step->type);
            CHECK(false);
            return;
        }
    }
    if (s != LT_ST_DONE || f->messages[i] != END)
        fprintf(stderr, "%s: the table and the figure end apart (at %s)\n", f->name,
                lt_state_name(s));
    CHECK(s == LT_ST_DONE && f->messages[i] == END);
}

/* The handshake types of a role: TLS 1.2's, FULL or RESUMED with any
 * other TLS 1.2 flags; TLS 1.3's, with or without HelloRetryRequest and
 * the dummy ChangeCipherSpec; a client certificate only where one was
 * asked for. */
static bool type_valid(unsigned type)
{
    if ((type & LT_HT_CLIENT_CERT) != 0 && (type & LT_HT_CLIENT_AUTH) == 0)
        return false;
    if (type & LT_HT_TLS13)
        return (type & (LT_HT_FULL | LT_HT_RESUMED | LT_HT_RSA_KEX | LT_HT_OCSP | LT_HT_TICKET)) ==
               0;
    bool full = type & LT_HT_FULL, resumed = type & LT_HT_RESUMED;
    return full != resumed && (type & (LT_HT_HRR | LT_HT_MIDDLEBOX)) == 0;
}

static const char *title(int type)
{
    return type == CCS ? "ChangeCipherSpec" : lt_hs_type_title((uint8_t)type);
}

/* The messages the table accepts at s, written out independently of
 * lt_state_expected: s, then past each optional read. */
static void accepted(lt_state s, unsigned type, bool out[N_TYPES], char *text, size_t cap)
{
    memset(out, 0, N_TYPES * sizeof(bool));
    text[0] = '\0';
    for (; s != LT_ST_DONE; s = lt_state_next(s, type)) {
        const lt_step *step = lt_step_of(s);
        CHECK(step->dir == LT_STEP_READ);
        for (size_t k = 0; k < N_TYPES; k++)
            out[k] |= all_types[k] == step->type;
        size_t len = strlen(text);
        snprintf(text + len, cap - len, "%s%s", len > 0 ? " or " : "", title(step->type));
        if (!step->optional)
            return;
    }
}

static size_t pairs_checked;

/* Every message that may not come at s goes through the driver. */
static void test_wrong_messages(latch_conn *c, lt_state s, unsigned type)
{
    bool ok_types[N_TYPES];
    char expected[256];
    accepted(s, type, ok_types, expected, sizeof(expected));
    for (size_t k = 0; k < N_TYPES; k++) {
        if (ok_types[k]) {
            CHECK(lt_state_accepting(s, type, all_types[k]) != LT_ST_FAILED);
            continue;
        }
        static const uint8_t body[1];
        lt_hs_msg msg = {all_types[k], body, 0, body, 0, NULL};
        c->state = s;
        c->hs->type = type;
        lt_error_clear(&c->err);
        CHECK(!lt_hs_step(c, &msg));
        CHECK(c->err.code == LATCH_ERR_UNEXPECTED_MESSAGE);
        CHECK(lt_alert_for_error(c->err.code).description == LATCH_ALERT_UNEXPECTED_MESSAGE);
        char sentence[512];
        snprintf(sentence, sizeof(sentence),
                 "unexpected %s in state %s: the handshake expects %s here", title(all_types[k]),
                 lt_state_name(s), expected);
        if (strcmp(c->err.message, sentence) != 0) {
            fprintf(stderr, "got:  %s\nwant: %s\n", c->err.message, sentence);
            CHECK(false);
        }
        pairs_checked++;
    }
}

static void test_role(latch_role role)
{
    latch_config *cfg = role == LATCH_CLIENT
                            ? pair_client_config(true)
                            : pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    latch_conn *c = latch_conn_new(cfg, NULL);
    CHECK(c != NULL && c->hs != NULL);
    if (c == NULL || c->hs == NULL)
        return;
    size_t types = 0;
    for (unsigned type = 0; type <= LT_HT_ALL_FLAGS; type++) {
        if (!type_valid(type))
            continue;
        types++;
        /* The walk from the first state reaches the end, and each read
         * state on it refuses every message it may not take. */
        size_t steps = 0;
        for (lt_state s = first_state(role); s != LT_ST_DONE; s = lt_state_next(s, type)) {
            CHECK(++steps < LT_ST_DONE);
            if (steps >= LT_ST_DONE)
                break;
            if (lt_state_reads(s))
                test_wrong_messages(c, s, type);
        }
    }
    CHECK(types == 48 + 12); /* TLS 1.2's, and TLS 1.3's */
    latch_conn_free(c);
    latch_config_free(cfg);
}

int main(void)
{
    for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
        test_figure(&figures[i]);
    test_role(LATCH_CLIENT);
    test_role(LATCH_SERVER);
    /* Both roles' reads, each with most of the twelve messages wrong. */
    CHECK(pairs_checked > 1000);
    /* A name for every state, and the ends. */
    for (lt_state s = 0; s < LT_ST_DONE; s++)
        CHECK(strcmp(lt_state_name(s), "unknown") != 0);
    CHECK(strcmp(lt_state_name(LT_ST_DONE), "done") == 0);
    return check_finish("hs_order");
}
