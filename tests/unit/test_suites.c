/* The cipher-suite table, its lookups, and cipher list parsing. */
#include <string.h>

#include "check.h"
#include "tls/suites.h"

/* Code points and names from the IANA TLS Cipher Suites registry (RFCs
 * 5246, 5288, 5289, 7905, 8422); OpenSSL-style names from OpenSSL's
 * `openssl ciphers -V -stdname`. */
static const struct {
    uint16_t code;
    const char *iana;
    const char *openssl;
} registry[] = {
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"},
    {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256"},
    {0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384"},
    {0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305"},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA"},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA"},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256"},
    {0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256"},
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"},
    {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"},
    {0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"},
    {0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256"},
    {0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384"},
    {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"},
    {0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"},
    {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256"},
    {0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384"},
    {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"},
    {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"},
    {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256"},
};

#define REGISTRY_LEN (sizeof(registry) / sizeof(registry[0]))

static void test_registry(void)
{
    CHECK(lt_suite_count() == REGISTRY_LEN);
    CHECK(lt_suite_count() == LT_SUITE_COUNT);
    for (size_t i = 0; i < REGISTRY_LEN; i++) {
        const lt_suite *s = lt_suite_by_code(registry[i].code);
        CHECK(s != NULL);
        if (s == NULL)
            continue;
        CHECK(strcmp(s->iana_name, registry[i].iana) == 0);
        CHECK(strcmp(s->openssl_name, registry[i].openssl) == 0);
        CHECK(lt_suite_by_name(registry[i].iana) == s);
        CHECK(lt_suite_by_name(registry[i].openssl) == s);
    }
    for (size_t i = 0; i < lt_suite_count(); i++) {
        for (size_t j = i + 1; j < lt_suite_count(); j++)
            CHECK(lt_suite_at(i)->code != lt_suite_at(j)->code);
    }
    CHECK(lt_suite_at(lt_suite_count()) == NULL);
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Every property follows from the IANA name; check each row against it. */
static void check_row(const lt_suite *s)
{
    const char *n = s->iana_name;
    if (starts_with(n, "TLS_ECDHE_ECDSA_WITH_"))
        CHECK(s->kx == LT_KX_ECDHE && s->auth == LT_AUTH_ECDSA);
    else if (starts_with(n, "TLS_ECDHE_RSA_WITH_"))
        CHECK(s->kx == LT_KX_ECDHE && s->auth == LT_AUTH_RSA);
    else if (starts_with(n, "TLS_DHE_RSA_WITH_"))
        CHECK(s->kx == LT_KX_DHE && s->auth == LT_AUTH_RSA);
    else
        CHECK(starts_with(n, "TLS_RSA_WITH_") && s->kx == LT_KX_RSA && s->auth == LT_AUTH_RSA);

    bool sha384 = ends_with(n, "_SHA384");
    CHECK(s->prf_hash == (sha384 ? LT_HASH_SHA384 : LT_HASH_SHA256));

    if (strstr(n, "_GCM_") != NULL) {
        CHECK(s->aead && s->cbc_alg == 0 && s->mac_hash == 0 && s->mac_key_len == 0);
        CHECK(s->fixed_iv_len == 4 && s->record_iv_len == 8);
        bool aes128 = strstr(n, "_AES_128_") != NULL;
        CHECK(s->aead_alg == (aes128 ? LT_AEAD_AES_128_GCM : LT_AEAD_AES_256_GCM));
        CHECK(s->enc_key_len == (aes128 ? 16 : 32));
    } else if (strstr(n, "_CHACHA20_POLY1305_") != NULL) {
        CHECK(s->aead && s->aead_alg == LT_AEAD_CHACHA20_POLY1305 && s->cbc_alg == 0);
        CHECK(s->mac_key_len == 0 && s->enc_key_len == 32);
        CHECK(s->fixed_iv_len == 12 && s->record_iv_len == 0);
    } else {
        CHECK(strstr(n, "_CBC_") != NULL);
        CHECK(!s->aead && s->aead_alg == 0 && s->fixed_iv_len == 0 && s->record_iv_len == 16);
        bool aes128 = strstr(n, "_AES_128_") != NULL;
        CHECK(s->cbc_alg == (aes128 ? LT_CBC_AES_128 : LT_CBC_AES_256));
        CHECK(s->enc_key_len == (aes128 ? 16 : 32));
        if (ends_with(n, "_SHA"))
            CHECK(s->mac_hash == LT_HASH_SHA1 && s->mac_key_len == 20);
        else if (ends_with(n, "_SHA256"))
            CHECK(s->mac_hash == LT_HASH_SHA256 && s->mac_key_len == 32);
        else
            CHECK(sha384 && s->mac_hash == LT_HASH_SHA384 && s->mac_key_len == 48);
    }
}

static void test_rows_match_names(void)
{
    for (size_t i = 0; i < lt_suite_count(); i++)
        check_row(lt_suite_at(i));
}

static void test_unknown_lookups(void)
{
    CHECK(lt_suite_by_code(0x0000) == NULL);
    CHECK(lt_suite_by_code(LT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV) == NULL);
    CHECK(lt_suite_by_code(LT_TLS_FALLBACK_SCSV) == NULL);
    CHECK(lt_suite_by_code(0x1301) == NULL); /* TLS_AES_128_GCM_SHA256 is TLS 1.3 only */
    CHECK(lt_suite_by_code(0x0005) == NULL); /* TLS_RSA_WITH_RC4_128_SHA is not offered */
    CHECK(lt_suite_by_name("RC4-SHA") == NULL);
    CHECK(lt_suite_by_name("ecdhe-rsa-aes128-gcm-sha256") == NULL);
    CHECK(lt_suite_by_name("") == NULL);
    CHECK(lt_suite_by_name("DEFAULT") == NULL);
    CHECK(LT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV == 0x00ff);
    CHECK(LT_TLS_FALLBACK_SCSV == 0x5600);
}

/* The list starts with these n codes. */
static void check_codes(const lt_suite_list *list, const uint16_t *codes, size_t n)
{
    CHECK(list->len >= n);
    for (size_t i = 0; i < n && i < list->len; i++)
        CHECK(list->suites[i]->code == codes[i]);
}

static const uint16_t default_order[] = {0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
                                         0xcca8, 0x009e, 0x009f, 0xccaa};
#define DEFAULT_LEN (sizeof(default_order) / sizeof(default_order[0]))

static void test_parse_default_and_all(void)
{
    lt_error err;
    lt_error_clear(&err);
    lt_suite_list list;
    CHECK(lt_suite_list_parse("DEFAULT", &list, &err));
    CHECK(list.len == DEFAULT_LEN);
    check_codes(&list, default_order, DEFAULT_LEN);
    for (size_t i = 0; i < list.len; i++)
        CHECK(list.suites[i]->aead && list.suites[i]->kx != LT_KX_RSA);

    CHECK(lt_suite_list_parse("ALL", &list, &err));
    CHECK(list.len == lt_suite_count());
    for (size_t i = 0; i < list.len; i++)
        CHECK(list.suites[i] == lt_suite_at(i));

    /* DEFAULT then ALL: the default order first, then the rest, no repeats. */
    CHECK(lt_suite_list_parse("DEFAULT:ALL", &list, &err));
    CHECK(list.len == lt_suite_count());
    check_codes(&list, default_order, DEFAULT_LEN);
    CHECK(list.suites[DEFAULT_LEN]->code != default_order[0]);
    CHECK(!lt_error_is_set(&err));
}

static void test_parse_names_order_and_duplicates(void)
{
    lt_error err;
    lt_error_clear(&err);
    lt_suite_list list;
    CHECK(lt_suite_list_parse("AES128-SHA:TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", &list, &err));
    const uint16_t two[] = {0x002f, 0xc030};
    CHECK(list.len == 2);
    check_codes(&list, two, 2);

    /* Both spellings of one suite, then DEFAULT which holds it too. */
    CHECK(lt_suite_list_parse("ECDHE-RSA-CHACHA20-POLY1305:"
                              "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:DEFAULT",
                              &list, &err));
    CHECK(list.len == DEFAULT_LEN);
    CHECK(list.suites[0]->code == 0xcca8);
    CHECK(list.suites[1]->code == 0xc02b);
    CHECK(lt_suite_list_has(&list, 0xccaa));
    CHECK(!lt_suite_list_has(&list, 0x002f));
    CHECK(!lt_error_is_set(&err));
}

static void test_parse_errors(void)
{
    lt_suite_list list = {.len = 7};
    lt_error err;

    lt_error_clear(&err);
    CHECK(!lt_suite_list_parse("DEFAULT:RC4-MD5:AES128-SHA", &list, &err));
    CHECK(err.code == LATCH_ERR_CONFIG);
    CHECK(strstr(err.message, "\"RC4-MD5\"") != NULL);
    CHECK(list.len == 7);

    lt_error_clear(&err);
    CHECK(!lt_suite_list_parse("", &list, &err));
    CHECK(err.code == LATCH_ERR_CONFIG && strstr(err.message, "empty") != NULL);

    const char *bad[] = {"DEFAULT::ALL", "DEFAULT:", ":DEFAULT", "default", "ALL ", "AES128"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        lt_error_clear(&err);
        CHECK(!lt_suite_list_parse(bad[i], &list, &err));
        CHECK(err.code == LATCH_ERR_CONFIG);
    }
    CHECK(list.len == 7);
}

int main(void)
{
    test_registry();
    test_rows_match_names();
    test_unknown_lookups();
    test_parse_default_and_all();
    test_parse_names_order_and_duplicates();
    test_parse_errors();
    return check_finish("suites");
}
