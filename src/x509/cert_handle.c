/*
 * latch_cert: a certificate decoded for an application (latch.h), with
 * the text of its fields made once, when it is parsed, so that the
 * getters only read.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"
#include "x509/cert.h"

#define NAME_TEXT_MAX 1024
/* "IP:" and an IPv6 address, or "DNS:" and an escaped name of up to 255
 * bytes. */
#define SAN_TEXT_MAX (4 + LATCH_ESCAPED_MAX(255))

struct latch_cert {
    lt_cert cert;
    char subject[NAME_TEXT_MAX];
    char issuer[NAME_TEXT_MAX];
    char serial[3 * LT_CERT_MAX_SERIAL_LEN + 1];
    char **sans;
    size_t san_count;
    uint8_t sha256[32];
    uint8_t spki_sha256[32];
};

/* The serial's bytes, without the 00 that DER puts before a first byte
 * of 0x80 or more to keep the INTEGER positive (as OpenSSL shows it). */
static void serial_text(const lt_span *serial, char *out, size_t cap)
{
    size_t at = 0, skip = serial->len > 1 && serial->data[0] == 0 ? 1 : 0;
    out[0] = '\0';
    for (size_t i = skip; i < serial->len && at + 3 < cap; i++)
        at += (size_t)snprintf(out + at, cap - at, i == skip ? "%02x" : ":%02x", serial->data[i]);
}

/* One SAN entry of the DNS or IP kind as text; false for other kinds. */
static bool san_text(const lt_general_name *gn, char out[SAN_TEXT_MAX])
{
    if (gn->kind == LT_GN_DNS) {
        memcpy(out, "DNS:", 4);
        size_t len = gn->value.len < 255 ? gn->value.len : 255;
        latch_escape(out + 4, SAN_TEXT_MAX - 4, gn->value.data, len);
        return true;
    }
    if (gn->kind != LT_GN_IP || (gn->value.len != 4 && gn->value.len != 16))
        return false;
    memcpy(out, "IP:", 3);
    return inet_ntop(gn->value.len == 4 ? AF_INET : AF_INET6, gn->value.data, out + 3,
                     SAN_TEXT_MAX - 3) != NULL;
}

static bool make_sans(latch_cert *c, lt_error *err)
{
    const lt_general_names *san = &c->cert.san;
    c->sans = calloc(san->count + 1, sizeof(*c->sans));
    LT_ENSURE(c->sans != NULL, err, LATCH_ERR_MEMORY, "out of memory for the certificate's names");
    char text[SAN_TEXT_MAX];
    for (size_t i = 0; i < san->count; i++) {
        if (!san_text(&san->items[i], text))
            continue;
        c->sans[c->san_count] = strdup(text);
        LT_ENSURE(c->sans[c->san_count] != NULL, err, LATCH_ERR_MEMORY,
                  "out of memory for the certificate's names");
        c->san_count++;
    }
    return true;
}

static bool describe(latch_cert *c, lt_error *err)
{
    lt_name_format(&c->cert.subject, c->subject, sizeof(c->subject));
    lt_name_format(&c->cert.issuer, c->issuer, sizeof(c->issuer));
    serial_text(&c->cert.serial, c->serial, sizeof(c->serial));
    return make_sans(c, err) &&
           lt_hash_oneshot(LT_HASH_SHA256, c->cert.der, c->cert.der_len, c->sha256, err) &&
           lt_hash_oneshot(LT_HASH_SHA256, c->cert.spki.data, c->cert.spki.len, c->spki_sha256,
                           err);
}

latch_cert *latch_cert_parse_der(const uint8_t *der, size_t len, char *why, size_t why_cap)
{
    lt_error err;
    lt_error_clear(&err);
    latch_cert *c = calloc(1, sizeof(*c));
    bool parsed = false;
    if (c == NULL)
        (void)LT_FAIL(&err, LATCH_ERR_MEMORY, "out of memory for a certificate");
    else if (der == NULL)
        (void)LT_FAIL(&err, LATCH_ERR_USAGE, "no certificate bytes given");
    else
        parsed = lt_cert_parse(&c->cert, der, len, &err);
    if (parsed && describe(c, &err))
        return c;
    if (why != NULL && why_cap > 0)
        snprintf(why, why_cap, "%s", err.message);
    if (parsed)
        latch_cert_free(c);
    else
        free(c);
    return NULL;
}

void latch_cert_free(latch_cert *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->san_count; i++)
        free(c->sans[i]);
    free(c->sans);
    lt_cert_free(&c->cert);
    free(c);
}

const char *latch_cert_subject(const latch_cert *c)
{
    return c != NULL ? c->subject : NULL;
}

const char *latch_cert_issuer(const latch_cert *c)
{
    return c != NULL ? c->issuer : NULL;
}

const char *latch_cert_serial(const latch_cert *c)
{
    return c != NULL ? c->serial : NULL;
}

int64_t latch_cert_not_before(const latch_cert *c)
{
    return c != NULL ? c->cert.not_before : 0;
}

int64_t latch_cert_not_after(const latch_cert *c)
{
    return c != NULL ? c->cert.not_after : 0;
}

size_t latch_cert_san_count(const latch_cert *c)
{
    return c != NULL ? c->san_count : 0;
}

const char *latch_cert_san(const latch_cert *c, size_t i)
{
    return c != NULL && i < c->san_count ? c->sans[i] : NULL;
}

const char *latch_cert_key_type(const latch_cert *c)
{
    return c != NULL ? lt_key_type_name(c->cert.key_type) : NULL;
}

unsigned latch_cert_key_bits(const latch_cert *c)
{
    return c != NULL ? c->cert.key_bits : 0;
}

const uint8_t *latch_cert_der(const latch_cert *c, size_t *len)
{
    *len = c != NULL ? c->cert.der_len : 0;
    return c != NULL ? c->cert.der : NULL;
}

const uint8_t *latch_cert_sha256(const latch_cert *c)
{
    return c != NULL ? c->sha256 : NULL;
}

const uint8_t *latch_cert_spki_sha256(const latch_cert *c)
{
    return c != NULL ? c->spki_sha256 : NULL;
}
