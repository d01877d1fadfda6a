/*
 * The TLS 1.3 key log lines (src/tls/keylog13.c): the NSS format that
 * Wireshark and tshark read, "<LABEL> <client_random> <secret>" in
 * lowercase hex, through the config's callback.
 */
#include "check.h"
#include "tls/config.h"
#include "tls/keylog13.h"

#include <stdio.h>
#include <string.h>

static char got[512];
static int calls;

static void capture(const char *line, void *arg)
{
    CHECK(arg == (void *)&calls);
    calls++;
    snprintf(got, sizeof(got), "%s", line);
}

int main(void)
{
    uint8_t random[32], secret[48];
    for (size_t i = 0; i < 32; i++)
        random[i] = (uint8_t)i;
    for (size_t i = 0; i < 48; i++)
        secret[i] = (uint8_t)(0xa0 + i);

    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    CHECK(cfg != NULL);

    /* No callback: nothing happens. */
    lt_keylog13(cfg, LT_KEYLOG_CLIENT_HS, random, secret, 32);
    CHECK(calls == 0);

    CHECK(latch_config_set_keylog(cfg, capture, &calls) == LATCH_OK);
    lt_keylog13(cfg, LT_KEYLOG_SERVER_HS, random, secret, 32);
    CHECK(calls == 1);
    CHECK(strcmp(got, "SERVER_HANDSHAKE_TRAFFIC_SECRET "
                      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
                      "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf") == 0);

    /* SHA-384 suites: 48-byte secrets. */
    lt_keylog13(cfg, LT_KEYLOG_EXPORTER, random, secret, 48);
    CHECK(calls == 2);
    CHECK(strncmp(got, "EXPORTER_SECRET 000102", 22) == 0);
    CHECK(strlen(got) == strlen("EXPORTER_SECRET ") + 64 + 1 + 96);
    CHECK(strcmp(got + strlen(got) - 6, "cdcecf") == 0);

    /* Every label is one of the NSS names. */
    CHECK(strcmp(LT_KEYLOG_CLIENT_HS, "CLIENT_HANDSHAKE_TRAFFIC_SECRET") == 0);
    CHECK(strcmp(LT_KEYLOG_CLIENT_AP, "CLIENT_TRAFFIC_SECRET_0") == 0);
    CHECK(strcmp(LT_KEYLOG_SERVER_AP, "SERVER_TRAFFIC_SECRET_0") == 0);

    latch_config_free(cfg);
    return check_finish("keylog13");
}
