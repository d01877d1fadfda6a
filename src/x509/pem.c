#include "x509/pem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/writer.h"

static int base64_value(uint8_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Decodes strict base64; failures start with `what`. */
static bool base64_decode(const uint8_t *in, size_t len, uint8_t *out, size_t *out_len,
                          const char *what, lt_error *err)
{
    LT_ENSURE(len % 4 == 0, err, LATCH_ERR_DECODE,
              "%s: base64 text has %zu characters, not a multiple of 4", what, len);
    lt_reader r = lt_reader_make(in, len);
    size_t o = 0;
    uint8_t quad[4];
    while (lt_read_copy(&r, quad, 4)) {
        /* RFC 4648 3.3 and 4: '=' only as the final one or two characters. */
        unsigned pad = quad[3] == '=' ? (quad[2] == '=' ? 2 : 1) : 0;
        LT_ENSURE(pad == 0 || lt_reader_done(&r), err, LATCH_ERR_DECODE,
                  "%s: base64 padding '=' appears before the end of the text", what);
        int v[4] = {0, 0, 0, 0};
        for (unsigned i = 0; i < 4 - pad; i++) {
            v[i] = base64_value(quad[i]);
            LT_ENSURE(v[i] >= 0, err, LATCH_ERR_DECODE, "%s: base64 %s", what,
                      quad[i] == '=' ? "padding '=' appears before the end of the text"
                                     : "text contains a character outside the alphabet");
        }
        uint32_t bits = ((uint32_t)v[0] << 18) | ((uint32_t)v[1] << 12) | ((uint32_t)v[2] << 6) |
                        (uint32_t)v[3];
        /* RFC 4648 3.5: the bits that padding leaves over must be zero. */
        uint32_t leftover = pad == 2 ? bits & 0xffff : pad == 1 ? bits & 0xff : 0;
        LT_ENSURE(leftover == 0, err, LATCH_ERR_DECODE,
                  "%s: base64 text has non-zero bits before its padding", what);
        out[o++] = (uint8_t)(bits >> 16);
        if (pad < 2)
            out[o++] = (uint8_t)(bits >> 8);
        if (pad < 1)
            out[o++] = (uint8_t)bits;
    }
    *out_len = o;
    return true;
}

bool lt_base64_decode(const uint8_t *in, size_t len, uint8_t *out, size_t *out_len, lt_error *err)
{
    return base64_decode(in, len, out, out_len, "base64", err);
}

static bool is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Takes one line (without its '\n' and trailing spaces, tabs and CR);
 * false at the end of the text. */
static bool next_line(lt_pem_iter *it, lt_reader *line)
{
    if (lt_reader_done(&it->text))
        return false;
    lt_reader scan = it->text;
    size_t n = 0, content = 0;
    uint8_t c;
    while (lt_read_u8(&scan, &c) && c != '\n') {
        n++;
        if (!is_space(c))
            content = n;
    }
    if (!lt_read_sub(&it->text, content, line) || !lt_read_skip(&it->text, n - content))
        return false;
    if (lt_peek_u8(&it->text, &c) && c == '\n' && !lt_read_skip(&it->text, 1))
        return false;
    it->line++;
    return true;
}

static bool take_prefix(lt_reader *r, const char *prefix)
{
    size_t n = strlen(prefix);
    if (lt_reader_left(r) < n || memcmp(lt_reader_data(r), prefix, n) != 0)
        return false;
    return lt_read_skip(r, n);
}

static bool line_is(lt_reader line, const char *text)
{
    return take_prefix(&line, text) && lt_reader_done(&line);
}

/* A "-----BEGIN x-----" or "-----END x-----" line: *label gets x. */
static bool boundary(lt_reader line, const char *kind, lt_reader *label)
{
    if (!take_prefix(&line, kind))
        return false;
    size_t left = lt_reader_left(&line);
    return left > 5 && lt_read_sub(&line, left - 5, label) && line_is(line, "-----");
}

static bool label_is(lt_reader label, const char *text)
{
    return line_is(label, text);
}

void lt_pem_iter_init(lt_pem_iter *it, const uint8_t *text, size_t len)
{
    it->text = lt_reader_make(text, len);
    it->line = 0;
}

/* Header lines (RFC 1421 4.6) right after BEGIN, ended by a blank line;
 * `line` is the first of them. */
static bool read_headers(lt_pem_iter *it, lt_pem_block *block, lt_reader line, unsigned begin_line,
                         lt_error *err)
{
    do {
        if (lt_reader_done(&line))
            return true;
        if (line_is(line, "Proc-Type: 4,ENCRYPTED"))
            block->encrypted = true;
    } while (next_line(it, &line));
    return LT_FAIL(err, LATCH_ERR_DECODE,
                   "PEM block %s starting at line %u has headers but no blank line after them",
                   block->label, begin_line);
}

static bool has_colon(lt_reader line)
{
    uint8_t c;
    while (lt_read_u8(&line, &c))
        if (c == ':')
            return true;
    return false;
}

/* Reads from after a BEGIN line to its END line; with `body` set, collects
 * the base64 characters there. */
static bool read_body(lt_pem_iter *it, lt_pem_block *block, lt_writer *body, lt_error *err)
{
    unsigned begin_line = it->line;
    lt_reader line, end_label;
    bool first = true;
    size_t width = 0;
    unsigned short_line = 0;
    while (next_line(it, &line)) {
        if (first && has_colon(line))
            LT_GUARD(read_headers(it, block, line, begin_line, err));
        else if (boundary(line, "-----END ", &end_label)) {
            LT_ENSURE(label_is(end_label, block->label), err, LATCH_ERR_DECODE,
                      "PEM block %s starting at line %u ends at line %u with a different label",
                      block->label, begin_line, it->line);
            return true;
        } else if (body != NULL) {
            /* Encoders write lines of one width (64 in RFC 7468), the last
             * one shorter: a shorter line before it lost characters. */
            size_t n = lt_reader_left(&line);
            if (short_line != 0 && block->odd_line == 0)
                block->odd_line = short_line;
            if (width == 0)
                width = n;
            else if (n > width && block->odd_line == 0)
                block->odd_line = it->line;
            else if (n < width)
                short_line = it->line;
            uint8_t c;
            while (lt_read_u8(&line, &c)) {
                LT_ENSURE(c == '=' || base64_value(c) >= 0, err, LATCH_ERR_DECODE,
                          "PEM block %s: line %u has character 0x%02x, which is not base64",
                          block->label, it->line, c);
                lt_write_u8(body, c);
            }
            LT_ENSURE(lt_writer_ok(body), err, LATCH_ERR_DECODE,
                      "PEM block %s starting at line %u is larger than %zu bytes", block->label,
                      begin_line, (size_t)LT_PEM_BLOCK_MAX);
        }
        first = false;
    }
    return LT_FAIL(err, LATCH_ERR_DECODE, "PEM block %s starting at line %u has no END line",
                   block->label, begin_line);
}

static bool decode_block(lt_pem_iter *it, lt_pem_block *block, lt_error *err)
{
    unsigned begin_line = it->line;
    lt_writer body;
    lt_writer_init_growable(&body, LT_PEM_BLOCK_MAX);
    bool ok = read_body(it, block, &body, err);
    if (ok && body.len == 0)
        ok = LT_FAIL(err, LATCH_ERR_DECODE, "PEM block %s starting at line %u is empty",
                     block->label, begin_line);
    if (ok) {
        block->der = malloc(body.len / 4 * 3 + 1);
        if (block->der == NULL)
            ok =
                LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory decoding PEM block %s", block->label);
    }
    if (ok) {
        char what[LT_PEM_LABEL_MAX + 48];
        snprintf(what, sizeof(what), "PEM block %s starting at line %u", block->label, begin_line);
        ok = base64_decode(body.data, body.len, block->der, &block->der_len, what, err);
        if (!ok && block->odd_line != 0)
            lt_error_prefix(err,
                            "line %u is not as wide as the lines before it: ", block->odd_line);
    }
    lt_writer_free(&body);
    if (!ok)
        lt_pem_block_free(block);
    return ok;
}

bool lt_pem_next(lt_pem_iter *it, const char *label, lt_pem_block *block, bool *found,
                 lt_error *err)
{
    memset(block, 0, sizeof(*block));
    *found = false;
    lt_reader line, begin_label;
    while (next_line(it, &line)) {
        if (!boundary(line, "-----BEGIN ", &begin_label))
            continue;
        size_t n = lt_reader_left(&begin_label);
        LT_ENSURE(n <= LT_PEM_LABEL_MAX, err, LATCH_ERR_DECODE,
                  "PEM label at line %u is longer than %d characters", it->line, LT_PEM_LABEL_MAX);
        LT_GUARD(lt_read_copy(&begin_label, (uint8_t *)block->label, n));
        block->label[n] = '\0';
        if (label != NULL && strcmp(block->label, label) != 0) {
            LT_GUARD(read_body(it, block, NULL, err));
            memset(block, 0, sizeof(*block));
            continue;
        }
        LT_GUARD(decode_block(it, block, err));
        *found = true;
        return true;
    }
    return true;
}

bool lt_pem_holds(const uint8_t *text, size_t len, const char *suffix)
{
    lt_pem_iter it;
    lt_pem_iter_init(&it, text, len);
    lt_reader line, label;
    size_t n = strlen(suffix);
    while (next_line(&it, &line)) {
        if (boundary(line, "-----BEGIN ", &label) && lt_reader_left(&label) >= n &&
            memcmp(lt_reader_data(&label) + lt_reader_left(&label) - n, suffix, n) == 0)
            return true;
    }
    return false;
}

void lt_pem_block_free(lt_pem_block *block)
{
    lt_free_secret(block->der, block->der_len);
    block->der = NULL;
    block->der_len = 0;
}

static bool key_format(const char *label, lt_privkey_format *format)
{
    if (strcmp(label, "PRIVATE KEY") == 0)
        *format = LT_PRIVKEY_PKCS8;
    else if (strcmp(label, "RSA PRIVATE KEY") == 0)
        *format = LT_PRIVKEY_PKCS1;
    else if (strcmp(label, "EC PRIVATE KEY") == 0)
        *format = LT_PRIVKEY_SEC1;
    else
        return false;
    return true;
}

static bool refuse_encrypted(const lt_pem_block *block, lt_error *err)
{
    return LT_FAIL(err, LATCH_ERR_CONFIG,
                   "the %s in this PEM file is encrypted with a passphrase; latch needs it "
                   "unencrypted (for example: openssl pkey -in key.pem -out plain.pem)",
                   block->label);
}

bool lt_pem_read_private_key(const uint8_t *text, size_t len, lt_pem_block *key,
                             lt_privkey_format *format, lt_error *err)
{
    lt_pem_iter it;
    lt_pem_iter_init(&it, text, len);
    memset(key, 0, sizeof(*key));
    for (;;) {
        lt_pem_block block;
        bool found;
        if (!lt_pem_next(&it, NULL, &block, &found, err))
            break;
        if (!found) {
            if (key->der != NULL)
                return true;
            if (lt_pem_holds(text, len, "CERTIFICATE"))
                return LT_FAIL(err, LATCH_ERR_CONFIG,
                               "no private key found, only a certificate: are the "
                               "certificate and key files swapped?");
            return LT_FAIL(err, LATCH_ERR_CONFIG,
                           "no private key found: expected a PEM block labelled PRIVATE KEY, "
                           "RSA PRIVATE KEY or EC PRIVATE KEY");
        }
        lt_privkey_format f;
        bool ok = true;
        if (strcmp(block.label, "ENCRYPTED PRIVATE KEY") == 0 || block.encrypted)
            ok = refuse_encrypted(&block, err);
        else if (key_format(block.label, &f) && key->der != NULL)
            ok = LT_FAIL(err, LATCH_ERR_CONFIG,
                         "PEM text holds more than one private key (a second %s at line %u)",
                         block.label, it.line);
        else if (key_format(block.label, &f)) {
            *key = block;
            *format = f;
            continue;
        }
        lt_pem_block_free(&block);
        if (!ok)
            break;
    }
    lt_pem_block_free(key);
    return false;
}
