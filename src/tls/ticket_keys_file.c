#include "tls/ticket_keys_file.h"

#include <string.h>

#include "base/mem.h"
#include "base/reader.h"
#include "x509/pem.h"

/* A key's base64: 48 bytes in 64 characters, no padding. */
#define KEY_BASE64_LEN 64

static bool is_blank(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Takes the next line from text, without its '\n' and the blanks around
 * it; false at the end. */
static bool next_line(lt_reader *text, lt_reader *line)
{
    if (lt_reader_done(text))
        return false;
    lt_reader scan = *text;
    size_t n = 0, first = 0, end = 0;
    uint8_t c;
    while (lt_read_u8(&scan, &c) && c != '\n') {
        n++;
        if (!is_blank(c)) {
            if (end == 0)
                first = n - 1;
            end = n;
        }
    }
    lt_reader all;
    bool newline = n < lt_reader_left(text);
    if (!lt_read_sub(text, n, &all) || (newline && !lt_read_skip(text, 1)))
        return false;
    return lt_read_skip(&all, first) && lt_read_sub(&all, end - first, line);
}

static bool parse_key(const lt_reader *line, lt_ticket_key *key, lt_error *err)
{
    size_t n = lt_reader_left(line);
    LT_ENSURE(n == KEY_BASE64_LEN, err, LATCH_ERR_CONFIG,
              "a key is %d base64 characters (48 bytes: `openssl rand -base64 48`), not %zu",
              KEY_BASE64_LEN, n);
    uint8_t raw[LATCH_TICKET_KEY_LEN];
    size_t got = 0;
    lt_error why;
    lt_error_clear(&why);
    bool ok =
        lt_base64_decode(lt_reader_data(line), n, raw, &got, &why) && got == LATCH_TICKET_KEY_LEN;
    if (ok) {
        memcpy(key->name, raw, LT_TICKET_KEY_NAME_LEN);
        memcpy(key->secret, raw + LT_TICKET_KEY_NAME_LEN, LT_TICKET_SECRET_LEN);
    }
    lt_wipe(raw, sizeof(raw));
    LT_ENSURE(ok, err, LATCH_ERR_CONFIG, "not a base64 key (%s)",
              lt_error_is_set(&why) ? why.message : "it does not decode to 48 bytes");
    return true;
}

static bool parse(lt_reader *text, lt_ticket_key *keys, size_t max, size_t *count, unsigned *lineno,
                  lt_error *err)
{
    unsigned key_line[LATCH_TICKET_KEYS_MAX];
    lt_reader line;
    while (next_line(text, &line)) {
        ++*lineno;
        uint8_t c;
        if (lt_reader_done(&line) || (lt_peek_u8(&line, &c) && c == '#'))
            continue;
        LT_ENSURE(*count < max, err, LATCH_ERR_CONFIG,
                  "more than %zu keys (the first seals; keep only those that still open tickets)",
                  max);
        LT_GUARD(parse_key(&line, &keys[*count], err));
        for (size_t i = 0; i < *count; i++)
            LT_ENSURE(!lt_ct_equal(keys[i].name, keys[*count].name, LT_TICKET_KEY_NAME_LEN), err,
                      LATCH_ERR_CONFIG,
                      "this key's name (its first 16 bytes) is the name of the key on line %u",
                      key_line[i]);
        key_line[*count] = *lineno;
        ++*count;
    }
    *lineno = 0;
    LT_ENSURE(*count > 0, err, LATCH_ERR_CONFIG,
              "no key in it (one base64 key per line: `openssl rand -base64 48`)");
    return true;
}

bool lt_ticket_keys_parse(const uint8_t *text, size_t len, lt_ticket_key *keys, size_t max,
                          size_t *count, lt_error *err)
{
    lt_reader r = lt_reader_make(text, len);
    unsigned lineno = 0;
    *count = 0;
    if (max > LATCH_TICKET_KEYS_MAX)
        max = LATCH_TICKET_KEYS_MAX;
    if (parse(&r, keys, max, count, &lineno, err))
        return true;
    lt_wipe(keys, max * sizeof(*keys));
    *count = 0;
    if (lineno > 0)
        lt_error_prefix(err, "line %u: ", lineno);
    return false;
}
