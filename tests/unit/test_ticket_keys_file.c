/* The ticket key file: one base64 key per line (48 bytes: a name and an
 * AES-256-GCM key), comments and blank lines skipped, the first key
 * first; every malformed file refused with the line that is wrong, and
 * the keys wiped. The keys below are the bytes 0..47 and 48..95; KEY_A2
 * has KEY_A's name and another secret. */
#include "tls/ticket_keys_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "tls/config.h"

#define KEY_A "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v"
#define KEY_B "MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5f"
#define KEY_A2 "AAECAwQFBgcICQoLDA0OD2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKD"

static bool parse(const char *text, lt_ticket_key *keys, size_t *count, lt_error *err)
{
    lt_error_clear(err);
    return lt_ticket_keys_parse((const uint8_t *)text, strlen(text), keys, LATCH_TICKET_KEYS_MAX,
                                count, err);
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != 0)
            return false;
    return true;
}

static void two_keys(void)
{
    lt_ticket_key keys[LATCH_TICKET_KEYS_MAX];
    size_t count = 0;
    lt_error err;
    /* Comments, blank lines, blanks around a key, CRLF, no final newline. */
    CHECK(parse("# fleet keys, rotated weekly\n\n  " KEY_B " \r\n\t# the old one\n" KEY_A, keys,
                &count, &err));
    CHECK(count == 2);
    for (size_t i = 0; i < LT_TICKET_KEY_NAME_LEN; i++) {
        CHECK(keys[0].name[i] == 48 + i);
        CHECK(keys[1].name[i] == i);
    }
    for (size_t i = 0; i < LT_TICKET_SECRET_LEN; i++) {
        CHECK(keys[0].secret[i] == 64 + i);
        CHECK(keys[1].secret[i] == 16 + i);
    }
    CHECK(parse(KEY_A "\n", keys, &count, &err) && count == 1);
}

/* Fails, wipes the keys, and names the line in a sentence with `word`. */
static void refused(const char *text, const char *line, const char *word)
{
    lt_ticket_key keys[LATCH_TICKET_KEYS_MAX];
    memset(keys, 0xa5, sizeof(keys));
    size_t count = 9;
    lt_error err;
    CHECK(!parse(text, keys, &count, &err));
    CHECK(err.code == LATCH_ERR_CONFIG);
    CHECK(count == 0);
    CHECK(all_zero(keys, sizeof(keys)));
    if (line != NULL)
        CHECK(strncmp(err.message, line, strlen(line)) == 0);
    if (strstr(err.message, word) == NULL) {
        printf("message: %s\n", err.message);
        CHECK(strstr(err.message, word) != NULL);
    }
}

static void malformed(void)
{
    refused("", NULL, "no key");
    refused("# nothing yet\n\n", NULL, "no key");
    refused(KEY_A "\n" KEY_B "x\n", "line 2: ", "not 65");
    refused("\n\n"
            "AAEC\n",
            "line 3: ", "not 4");
    /* A character outside base64, and padding in the middle. */
    refused(KEY_A "\n"
                  "MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5!\n",
            "line 2: ", "base64");
    refused("MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcX===\n",
            "line 1: ", "base64");
    /* Two words on a line. */
    refused(KEY_A " " KEY_B "\n", "line 1: ", "not 129");
    /* The same name twice: a ticket would open with whichever came first. */
    refused(KEY_A "\n# next\n" KEY_A2 "\n", "line 3: ", "line 1");
    refused(KEY_A "\n" KEY_B "\n" KEY_A "\n", "line 3: ", "line 1");
}

static void too_many(void)
{
    char text[8 * 80] = "";
    static const char *const keys[] = {
        KEY_A,
        KEY_B,
        "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj9AQUJDREVGR0hJSktMTU5P",
        "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5v",
        "UFFSU1RVVldYWVpbXF1eX2BhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5/",
        "YGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6P",
    };
    for (size_t i = 0; i < LATCH_TICKET_KEYS_MAX; i++) {
        strcat(text, keys[i]);
        strcat(text, "\n");
    }
    lt_ticket_key out[LATCH_TICKET_KEYS_MAX];
    size_t count = 0;
    lt_error err;
    CHECK(parse(text, out, &count, &err) && count == LATCH_TICKET_KEYS_MAX);
    strcat(text, keys[LATCH_TICKET_KEYS_MAX]);
    refused(text, "line 6: ", "more than 5 keys");
}

/* The public call: the file's keys become the config's, first sealing;
 * a bad file leaves the config's keys alone and names file and line. */
static void config_file(void)
{
    char path[] = "/tmp/latch-ticket-keys-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(KEY_B "\n" KEY_A "\n", f);
    fclose(f);
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    CHECK(latch_config_set_ticket_keys_file(cfg, path) == LATCH_OK);
    CHECK(cfg->ticket_key_count == 2 && cfg->ticket_keys_given);
    CHECK(cfg->ticket_keys[0].name[0] == 48 && cfg->ticket_keys[1].name[0] == 0);

    f = fopen(path, "w");
    fputs(KEY_A "\n\n" KEY_B "=\n", f);
    fclose(f);
    CHECK(latch_config_set_ticket_keys_file(cfg, path) == LATCH_ERR_CONFIG);
    char want[128];
    snprintf(want, sizeof(want), "ticket key file %s: line 3: ", path);
    CHECK(strncmp(latch_config_error(cfg), want, strlen(want)) == 0);
    CHECK(cfg->ticket_key_count == 2 && cfg->ticket_keys[0].name[0] == 48);
    unlink(path);
    CHECK(latch_config_set_ticket_keys_file(cfg, path) == LATCH_ERR_CONFIG);
    CHECK(strstr(latch_config_error(cfg), path) != NULL);
    latch_config_free(cfg);

    cfg = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_set_ticket_keys_file(cfg, path) == LATCH_ERR_USAGE);
    latch_config_free(cfg);
}

int main(void)
{
    two_keys();
    malformed();
    too_many();
    config_file();
    return check_finish("ticket key file");
}
