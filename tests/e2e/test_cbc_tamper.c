/*
 * CBC records tampered with in flight, with and without encrypt_then_mac:
 * a flipped IV, ciphertext or final byte, records cut short or off the
 * block grid, and records forged with the sender's own keys to have a
 * good MAC and bad padding or good padding and a bad MAC. Every one is
 * bad_record_mac at the receiver, which sends that alert. A forged record
 * with good padding and MAC opens, which shows the forgery is faithful.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "crypto/random.h"
#include "pair.h"
#include "tls/conn.h"

typedef enum tamper_kind {
    FLIP_IV,
    FLIP_FIRST_BLOCK,
    FLIP_LAST_BYTE,
    CUT_TO_ONE_BLOCK,
    CUT_ONE_BYTE,
    FORGED_GOOD,
    FORGED_BAD_PADDING,
    FORGED_BAD_PADDING_LENGTH,
    FORGED_BAD_MAC,
    KIND_COUNT,
} tamper_kind;

static const char *const kind_names[] = {
    "flipped IV byte",          "flipped ciphertext byte",
    "flipped last byte",        "cut to one block",
    "cut by one byte",          "forged, good",
    "forged, bad padding byte", "forged, padding length too long",
    "forged, bad MAC",
};

static const uint8_t content[21] = "twenty-one bytes here";

typedef struct mitm {
    latch_conn *writer;
    tamper_kind kind;
    bool done;
} mitm;

/* A record of content built with the writer's keys, sequence number seq. */
static void forge(latch_conn *w, uint64_t seq, tamper_kind kind, pair_record *rec)
{
    lt_record_prot *p = &w->rl.write;
    size_t mac_len = p->u.cbc.mac_len;
    bool etm = p->u.cbc.encrypt_then_mac;
    size_t n = sizeof(content);
    uint8_t hdr_and_data[13 + 512], body[256], mac[64];
    lt_error err;
    lt_error_clear(&err);
    for (int i = 0; i < 8; i++)
        hdr_and_data[i] = (uint8_t)(seq >> (56 - 8 * i));
    hdr_and_data[8] = LT_CT_APPLICATION_DATA;
    hdr_and_data[9] = 3;
    hdr_and_data[10] = 3;

    memcpy(body, content, n);
    size_t used = n;
    if (!etm) {
        hdr_and_data[11] = 0;
        hdr_and_data[12] = (uint8_t)n;
        memcpy(hdr_and_data + 13, content, n);
        CHECK(lt_hmac_oneshot(p->u.cbc.mac_hash, p->u.cbc.mac_key, mac_len, hdr_and_data, 13 + n,
                              body + n, &err));
        if (kind == FORGED_BAD_MAC)
            body[n] ^= 0x01;
        used += mac_len;
    }
    /* Padding of 16 + (fill) bytes, so there is always more than one. */
    size_t pad = 16 + 15 - used % 16;
    memset(body + used, (int)pad, pad + 1);
    if (kind == FORGED_BAD_PADDING)
        body[used] ^= 0x10;
    if (kind == FORGED_BAD_PADDING_LENGTH)
        body[used + pad] = 0xf0;
    used += pad + 1;

    uint8_t *out = rec->bytes;
    uint8_t *iv = out + 5;
    CHECK(lt_random(iv, 16, &err));
    CHECK(lt_cbc_run(&p->u.cbc.cipher, iv, body, used, iv + 16, &err));
    size_t frag = 16 + used;
    if (etm) {
        hdr_and_data[11] = (uint8_t)(frag >> 8);
        hdr_and_data[12] = (uint8_t)frag;
        memcpy(hdr_and_data + 13, iv, frag);
        CHECK(lt_hmac_oneshot(p->u.cbc.mac_hash, p->u.cbc.mac_key, mac_len, hdr_and_data, 13 + frag,
                              mac, &err));
        if (kind == FORGED_BAD_MAC)
            mac[0] ^= 0x01;
        memcpy(iv + frag, mac, mac_len);
        frag += mac_len;
    }
    out[0] = LT_CT_APPLICATION_DATA;
    out[1] = 3;
    out[2] = 3;
    out[3] = (uint8_t)(frag >> 8);
    out[4] = (uint8_t)frag;
    rec->len = 5 + frag;
    CHECK(!lt_error_is_set(&err));
}

static void tamper(int dir, size_t index, pair_record *rec, void *arg)
{
    (void)index;
    mitm *m = arg;
    if (dir != PAIR_TO_SERVER || rec->bytes[0] != LT_CT_APPLICATION_DATA || m->done)
        return;
    m->done = true;
    size_t frag = rec->len - 5;
    switch (m->kind) {
    case FLIP_IV:
        rec->bytes[5 + 3] ^= 0x20;
        break;
    case FLIP_FIRST_BLOCK:
        rec->bytes[5 + 16 + 7] ^= 0x01;
        break;
    case FLIP_LAST_BYTE:
        rec->bytes[rec->len - 1] ^= 0x01;
        break;
    case CUT_TO_ONE_BLOCK:
        frag = 32;
        break;
    case CUT_ONE_BYTE:
        frag -= 1;
        break;
    default:
        /* The record being replaced was the writer's last, so its
         * sequence number is one below the writer's. */
        forge(m->writer, m->writer->rl.write.seq - 1, m->kind, rec);
        return;
    }
    rec->len = 5 + frag;
    rec->bytes[3] = (uint8_t)(frag >> 8);
    rec->bytes[4] = (uint8_t)frag;
}

static void one_case(latch_config *client_cfg, latch_config *server_cfg, tamper_kind kind,
                     bool want_etm)
{
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    mitm m = {p.client, kind, false};
    CHECK(pair_handshake(&p));
    CHECK(latch_conn_encrypt_then_mac(p.client) == want_etm);
    p.tamper = tamper;
    p.tamper_arg = &m;
    size_t written;
    CHECK(latch_conn_write(p.client, content, sizeof(content), &written) == LATCH_OK);
    pair_pump(&p);
    uint8_t buf[64];
    size_t got = 0;
    latch_err e = latch_conn_read(p.server, buf, sizeof(buf), &got);
    if (kind == FORGED_GOOD) {
        CHECK(e == LATCH_OK && got == sizeof(content) && memcmp(buf, content, got) == 0);
    } else {
        if (e != LATCH_ERR_BAD_RECORD_MAC) {
            check_fail(__FILE__, __LINE__, kind_names[kind]);
            fprintf(stderr, "  %s: %s: %s\n", kind_names[kind], latch_err_name(e),
                    latch_conn_error(p.server));
        }
        CHECK(strstr(latch_conn_error(p.server), "failed authentication") != NULL);
        pair_pump(&p);
        CHECK(latch_conn_read(p.client, buf, sizeof(buf), &got) == LATCH_ERR_ALERT_RECEIVED);
        CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_BAD_RECORD_MAC);
    }
    pair_free(&p);
}

int main(void)
{
    static const struct {
        const char *suite, *chain, *key;
    } suites[] = {
        {"ECDHE-RSA-AES128-SHA", "e2e/rsa2048.chain.pem", "e2e/rsa2048.key"},
        {"ECDHE-ECDSA-AES256-SHA384", "e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key"},
        {"AES256-SHA256", "e2e/rsa2048.chain.pem", "e2e/rsa2048.key"},
        {"DHE-RSA-AES128-SHA", "e2e/rsa2048.chain.pem", "e2e/rsa2048.key"},
    };
    int ran = 0;
    for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
        latch_config *server_cfg = pair_server_config(suites[s].chain, suites[s].key);
        CHECK(latch_config_set_ciphers(server_cfg, "ALL") == LATCH_OK);
        for (int etm = 0; etm < 2; etm++) {
            latch_config *client_cfg = pair_client_config(true);
            CHECK(latch_config_set_ciphers(client_cfg, suites[s].suite) == LATCH_OK);
            CHECK(latch_config_set_encrypt_then_mac(client_cfg, etm) == LATCH_OK);
            for (int k = 0; k < KIND_COUNT; k++, ran++)
                one_case(client_cfg, server_cfg, (tamper_kind)k, etm);
            latch_config_free(client_cfg);
        }
        latch_config_free(server_cfg);
    }
    printf("CBC tampering: %d cases, with and without encrypt_then_mac\n", ran);
    return check_finish("cbc_tamper");
}
