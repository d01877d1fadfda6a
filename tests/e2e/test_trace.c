/*
 * The trace of a full handshake seen from the client: the ten messages of
 * the chapter in order, each decoded, the key-schedule steps, the
 * signature check, the chain validated check by check before the client
 * answers (revocation by a stapled OCSP response too), and the key log
 * line.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "pair.h"

typedef struct seen {
    char messages[32][40];
    int outgoing[32];
    size_t message_count;
    char keys[8][32];
    size_t key_count;
    bool ske_has_group;
    bool hello_has_sni;
    bool hello_in_plain_text;
    bool leaf_subject;
    bool leaf_validity;
    bool leaf_key;
    bool ske_signed_note;
    bool ccs_value;
    size_t chain_checked_after; /* messages seen when the chain was validated */
    size_t chain_checks;
    char revocation[256];
    bool signature_checked;
    bool secret_shown;
    char keylog[256];
    size_t key_block_len;
} seen;

static void on_event(const latch_trace_event *ev, void *arg)
{
    seen *s = arg;
    if (ev->kind == LATCH_TRACE_MESSAGE && s->message_count < 32) {
        snprintf(s->messages[s->message_count], 40, "%s", ev->name);
        s->outgoing[s->message_count++] = ev->outgoing;
        for (size_t i = 0; i < ev->field_count; i++) {
            if (strcmp(ev->name, "ServerKeyExchange") == 0 &&
                strcmp(ev->fields[i].name, "group") == 0)
                s->ske_has_group = strcmp(ev->fields[i].value, "x25519") == 0;
            const char *field = ev->fields[i].name;
            const char *value = ev->fields[i].value;
            if (strcmp(ev->name, "ClientHello") == 0 && strcmp(field, "server_name") == 0)
                s->hello_has_sni = strcmp(value, "localhost") == 0;
            if (strcmp(ev->name, "ClientHello") == 0 && strcmp(field, "note") == 0)
                s->hello_in_plain_text = strstr(value, "plain text") != NULL;
            if (strcmp(field, "cert[0].subject") == 0)
                s->leaf_subject = strstr(value, "CN=") != NULL;
            if (strcmp(field, "cert[0].validity") == 0)
                s->leaf_validity = strstr(value, " UTC to ") != NULL;
            if (strcmp(field, "cert[0].key") == 0)
                s->leaf_key = strcmp(value, "ECDSA P-256, 256 bits") == 0;
            if (strcmp(ev->name, "ServerKeyExchange") == 0 && strcmp(field, "note") == 0)
                s->ske_signed_note = strstr(value, "client_random + server_random") != NULL;
            if (strcmp(ev->name, "ChangeCipherSpec") == 0 && strcmp(field, "value") == 0)
                s->ccs_value = strcmp(value, "0x01") == 0;
        }
    }
    if (ev->kind == LATCH_TRACE_KEYS && s->key_count < 8) {
        snprintf(s->keys[s->key_count++], 32, "%s", ev->name);
        if (ev->secret != NULL)
            s->secret_shown = true;
        if (strcmp(ev->name, "key_block") == 0)
            s->key_block_len = ev->length;
    }
    if (ev->kind == LATCH_TRACE_CERTIFICATE && strcmp(ev->name, "chain") == 0) {
        s->chain_checked_after = s->message_count;
        static const char *const checks[] = {"signatures", "validity", "domain", "revocation",
                                             "trust"};
        for (size_t i = 0; i < ev->field_count && i < 5; i++)
            s->chain_checks += strcmp(ev->fields[i].name, checks[i]) == 0;
        if (ev->field_count > 3)
            snprintf(s->revocation, sizeof(s->revocation), "%s", ev->fields[3].value);
    }
    if (ev->kind == LATCH_TRACE_SIGNATURE)
        s->signature_checked = strstr(ev->detail, "verifies") != NULL;
}

static void on_keylog(const char *line, void *arg)
{
    snprintf(((seen *)arg)->keylog, 256, "%s", line);
}

#define AT 2000000000 /* inside the validity of the fixtures in tests/data/verify */

static int64_t fixed_clock(void *arg)
{
    (void)arg;
    return AT;
}

/* With a good OCSP response stapled, the revocation check says so. */
static void stapled(void)
{
    seen s;
    memset(&s, 0, sizeof(s));
    latch_config *server = pair_server_config("verify/good-chain.pem", "verify/good.key");
    CHECK(latch_config_set_ocsp_response_file(server, check_data_path("verify/ocsp-good.der")) ==
          LATCH_OK);
    latch_config *client = pair_client_config(false);
    CHECK(latch_config_add_ca_file(client, check_data_path("verify/root.pem")) == LATCH_OK);
    CHECK(latch_config_set_clock(client, fixed_clock, NULL) == LATCH_OK);
    CHECK(latch_config_set_trace(client, on_event, &s, 0) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "good.example");
    CHECK(pair_handshake(&p));
    CHECK(s.chain_checks == 5);
    CHECK(strstr(s.revocation, "stapled OCSP response says the server's certificate is good") !=
          NULL);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

int main(void)
{
    static const char *const chapter[] = {
        "ClientHello",      "ServerHello",       "Certificate",      "ServerKeyExchange",
        "ServerHelloDone",  "ClientKeyExchange", "ChangeCipherSpec", "Finished",
        "NewSessionTicket", "ChangeCipherSpec",  "Finished",
    };
    /* Tickets are on by default: the server's NewSessionTicket comes
     * before its ChangeCipherSpec (RFC 5077 3.3). */
    static const int from_client[] = {1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0};
    seen s;
    memset(&s, 0, sizeof(s));
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    latch_config *client = pair_client_config(false);
    CHECK(latch_config_add_ca_file(client, check_data_path("e2e/ca.pem")) == LATCH_OK);
    CHECK(latch_config_set_trace(client, on_event, &s, 0) == LATCH_OK);
    CHECK(latch_config_set_keylog(client, on_keylog, &s) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));

    CHECK(s.message_count == 11);
    for (size_t i = 0; i < 11 && i < s.message_count; i++) {
        CHECK(strcmp(s.messages[i], chapter[i]) == 0);
        CHECK(s.outgoing[i] == from_client[i]);
    }
    CHECK(s.key_count == 4);
    CHECK(strcmp(s.keys[0], "pre_master_secret") == 0);
    CHECK(strcmp(s.keys[1], "master_secret") == 0);
    CHECK(strcmp(s.keys[2], "key_block") == 0);
    /* AES-128-GCM: two 16-byte keys and two 4-byte implicit IVs, no MAC
     * keys (RFC 5288 3). */
    CHECK(s.key_block_len == 40);
    CHECK(strcmp(s.keys[3], "finished_check") == 0);
    CHECK(!s.secret_shown); /* secrets only when asked for */
    CHECK(s.ske_has_group && s.hello_has_sni && s.signature_checked);
    /* The decoding goes as deep as the chapter: the hello's visibility,
     * each certificate's subject, validity and key, what the
     * ServerKeyExchange signature covers, the ChangeCipherSpec byte. */
    CHECK(s.hello_in_plain_text);
    CHECK(s.leaf_subject && s.leaf_validity && s.leaf_key);
    CHECK(s.ske_signed_note && s.ccs_value);
    /* Validated after ServerHelloDone, before ClientKeyExchange. */
    CHECK(s.chain_checked_after == 5);
    CHECK(s.chain_checks == 5);
    CHECK(strncmp(s.revocation, "not checked", 11) == 0);
    /* CLIENT_RANDOM, 64 hex digits, 96 hex digits. */
    CHECK(strncmp(s.keylog, "CLIENT_RANDOM ", 14) == 0);
    CHECK(strlen(s.keylog) == 14 + 64 + 1 + 96);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
    stapled();
    return check_finish("e2e trace");
}
