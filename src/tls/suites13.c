#include "tls/suites13.h"

#include <stdio.h>
#include <string.h>

/* RFC 8446 B.4. The key and IV come from the traffic secret (7.3): the
 * whole 12-byte IV, nothing sent per record. */
static const lt_suite suites13[LT_SUITE13_COUNT] = {
    {0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", .aead = true,
     .aead_alg = LT_AEAD_AES_128_GCM, .prf_hash = LT_HASH_SHA256, .enc_key_len = 16,
     .fixed_iv_len = 12},
    {0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", .aead = true,
     .aead_alg = LT_AEAD_AES_256_GCM, .prf_hash = LT_HASH_SHA384, .enc_key_len = 32,
     .fixed_iv_len = 12},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", .aead = true,
     .aead_alg = LT_AEAD_CHACHA20_POLY1305, .prf_hash = LT_HASH_SHA256, .enc_key_len = 32,
     .fixed_iv_len = 12},
};

_Static_assert(LT_SUITE13_COUNT <= LT_SUITE_COUNT, "an lt_suite_list holds every TLS 1.3 suite");

const lt_suite *lt_suite13_at(size_t i)
{
    return i < LT_SUITE13_COUNT ? &suites13[i] : NULL;
}

const lt_suite *lt_suite13_by_code(uint16_t code)
{
    for (size_t i = 0; i < LT_SUITE13_COUNT; i++)
        if (suites13[i].code == code)
            return &suites13[i];
    return NULL;
}

const lt_suite *lt_suite13_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < LT_SUITE13_COUNT; i++)
        if (strlen(suites13[i].iana_name) == len && memcmp(suites13[i].iana_name, name, len) == 0)
            return &suites13[i];
    return NULL;
}

void lt_suite13_list_default(lt_suite_list *out)
{
    out->len = 0;
    for (size_t i = 0; i < LT_SUITE13_COUNT; i++)
        out->suites[out->len++] = &suites13[i];
}

bool lt_suite13_none_in(const char *tls12_list, lt_error *err)
{
    const char *p = tls12_list;
    for (;;) {
        size_t len = strcspn(p, ":");
        LT_ENSURE(lt_suite13_by_name(p, len) == NULL, err, LATCH_ERR_CONFIG,
                  "\"%.*s\" is a TLS 1.3 cipher suite: the cipher list holds TLS 1.2 suites, "
                  "and TLS 1.3 ones are chosen apart (latch_config_set_tls13_suites, "
                  "--ciphersuites)",
                  (int)len, p);
        if (p[len] == '\0')
            return true;
        p += len + 1;
    }
}

static bool unknown_name(const char *name, size_t len, lt_error *err)
{
    int shown = (int)(len < 80 ? len : 80);
    char tmp[81];
    memcpy(tmp, name, (size_t)shown);
    tmp[shown] = '\0';
    lt_suite_list all;
    lt_suite13_list_default(&all);
    char known[LT_SUITE13_LIST_TEXT_MAX];
    lt_suite13_list_text(&all, known, sizeof(known));
    if (lt_suite_by_name(tmp) != NULL)
        return LT_FAIL(err, LATCH_ERR_CONFIG,
                       "\"%s\" is a TLS 1.2 cipher suite, not a TLS 1.3 one (known TLS 1.3 "
                       "suites: %s)",
                       tmp, known);
    return LT_FAIL(err, LATCH_ERR_CONFIG, "unknown TLS 1.3 cipher suite \"%s\" (known: %s)", tmp,
                   known);
}

bool lt_suite13_list_parse(const char *text, lt_suite_list *out, lt_error *err)
{
    LT_ENSURE(text[0] != '\0', err, LATCH_ERR_CONFIG,
              "the TLS 1.3 cipher suite list is empty: TLS 1.3 needs at least one suite (to turn "
              "TLS 1.3 off, set the versions to TLS 1.2 only)");
    lt_suite_list list = {.len = 0};
    const char *p = text;
    for (;;) {
        size_t len = strcspn(p, ":");
        LT_ENSURE(len > 0, err, LATCH_ERR_CONFIG,
                  "the TLS 1.3 cipher suite list \"%.64s\" has an empty entry", text);
        const lt_suite *s = lt_suite13_by_name(p, len);
        if (s == NULL)
            return unknown_name(p, len, err);
        if (!lt_suite_list_has(&list, s->code))
            list.suites[list.len++] = s;
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    *out = list;
    return true;
}

void lt_suite13_list_from_codes(const uint16_t *codes, size_t n, lt_suite_list *out)
{
    out->len = 0;
    for (size_t i = 0; i < n; i++) {
        const lt_suite *s = lt_suite13_by_code(codes[i]);
        if (s != NULL && !lt_suite_list_has(out, s->code))
            out->suites[out->len++] = s;
    }
}

void lt_suite13_list_text(const lt_suite_list *list, char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < list->len && used < cap; i++) {
        int n =
            snprintf(buf + used, cap - used, "%s%s", i > 0 ? ", " : "", list->suites[i]->iana_name);
        if (n < 0)
            return;
        used += (size_t)n;
    }
}
