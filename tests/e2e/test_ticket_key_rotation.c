/*
 * The documented rotation of a ticket key file across two servers (add a
 * key at the end, move it first, drop the old one), each step loaded into
 * new configs as `latch server` does: tickets from either server resume
 * on the other at every step; a ticket sealed under the old key resumes
 * until that key is dropped, and is renewed under the new key once that
 * seals; after the drop it gives a full handshake, never an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "latch.h"
#include "pair.h"
#include "session_pair.h"
#include "tls/session.h"

#define CHAIN "e2e/ecdsa-p256.chain.pem"
#define KEY "e2e/ecdsa-p256.key"
#define OLD "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v"
#define NEW "MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5f"

static char path[] = "/tmp/latch-rotation-XXXXXX";

/* Writes the key file and makes a server config from it. */
static void step(const char *text, latch_config **one, latch_config **two)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs(text, f);
    fclose(f);
    latch_config **servers[] = {one, two};
    for (size_t i = 0; i < 2; i++) {
        latch_config_free(*servers[i]);
        *servers[i] = pair_server_config(CHAIN, KEY);
        CHECK(latch_config_set_ticket_keys_file(*servers[i], path) == LATCH_OK);
    }
}

/* Whether the session's ticket is sealed under the key whose name starts
 * with this byte (a ticket starts with its key's name). */
static bool sealed_under(const pair_session *s, uint8_t first_name_byte)
{
    lt_session parsed;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_session_parse(s->bytes, s->len, &parsed, &err));
    return parsed.ticket_len > 16 && parsed.ticket[0] == first_name_byte;
}

int main(void)
{
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    latch_config *client = pair_client_config(true);
    latch_config *one = NULL, *two = NULL;
    pair_session old_ticket, t;

    step("# in service\n" OLD "\n", &one, &two);
    CHECK(pair_session_connect(client, one, NULL, &old_ticket) == 0);
    CHECK(sealed_under(&old_ticket, 0));
    CHECK(pair_session_connect(client, two, &old_ticket, NULL) == 1);

    /* 1: the new key added at the end opens, but does not seal. */
    step(OLD "\n" NEW "\n", &one, &two);
    CHECK(pair_session_connect(client, two, &old_ticket, NULL) == 1);
    CHECK(pair_session_connect(client, one, NULL, &t) == 0);
    CHECK(sealed_under(&t, 0));

    /* 2: moved first, it seals; the old key's tickets still resume, and
     * come back renewed under the new key. */
    step(NEW "\n# retiring\n" OLD "\n", &one, &two);
    pair_session renewed = old_ticket;
    CHECK(pair_session_connect(client, one, &renewed, &renewed) == 1);
    CHECK(sealed_under(&renewed, 48));
    CHECK(pair_session_connect(client, two, &old_ticket, NULL) == 1);
    CHECK(pair_session_connect(client, two, NULL, &t) == 0);
    CHECK(sealed_under(&t, 48));

    /* 3: the old key dropped: its ticket gives a full handshake. */
    step(NEW "\n", &one, &two);
    CHECK(pair_session_connect(client, one, &old_ticket, NULL) == 0);
    CHECK(pair_session_connect(client, two, &old_ticket, NULL) == 0);
    CHECK(pair_session_connect(client, one, &renewed, NULL) == 1);
    CHECK(pair_session_connect(client, two, &t, NULL) == 1);

    unlink(path);
    latch_config_free(one);
    latch_config_free(two);
    latch_config_free(client);
    return check_finish("e2e ticket key rotation");
}
