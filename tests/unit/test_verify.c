/*
 * Path validation, driven by tests/data/verify/cases.txt: each row names
 * a chain, anchors, CRLs, an OCSP response, a time, a host, a purpose and
 * the key usage the handshake needs, and the result code and a piece of
 * the message it must give. Then the pieces the table does not reach:
 * wildcard and host parsing rules, the trust store's index and counts, and
 * the work bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "x509/ocsp.h"
#include "x509/pem.h"
#include "x509/verify.h"

#define FIELDS 11

static const char *data_file(const char *name)
{
    static char path[1024];
    snprintf(path, sizeof(path), "%s", check_data_path("verify/"));
    strncat(path, name, sizeof(path) - strlen(path) - 1);
    return path;
}

/* Adds every certificate of a PEM file to the chain's DER list. */
static void add_pem_certs(const char *file, uint8_t **der, size_t *len, size_t *count)
{
    size_t text_len;
    uint8_t *text = check_read_file(data_file(file), &text_len);
    lt_pem_iter it;
    lt_pem_iter_init(&it, text, text_len);
    for (;;) {
        lt_pem_block block;
        bool found;
        lt_error err;
        lt_error_clear(&err);
        if (!lt_pem_next(&it, "CERTIFICATE", &block, &found, &err) || !found)
            break;
        if (*count == LT_VERIFY_MAX_INPUT) {
            lt_pem_block_free(&block);
            break;
        }
        der[*count] = block.der;
        len[*count] = block.der_len;
        (*count)++;
    }
    free(text);
}

/* Calls fn on each item of a comma-separated list ("-" is empty). */
static void each(char *list, void (*fn)(const char *item, void *arg), void *arg)
{
    if (strcmp(list, "-") == 0)
        return;
    for (char *save = NULL, *item = strtok_r(list, ",", &save); item != NULL;
         item = strtok_r(NULL, ",", &save))
        fn(item, arg);
}

typedef struct chain_input {
    uint8_t *der[LT_VERIFY_MAX_INPUT];
    size_t len[LT_VERIFY_MAX_INPUT];
    size_t count;
} chain_input;

static void add_untrusted(const char *item, void *arg)
{
    chain_input *in = arg;
    add_pem_certs(item, in->der, in->len, &in->count);
}

static void add_anchor(const char *item, void *arg)
{
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_trust_add_path(arg, data_file(item), &err);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "anchors %s: %s\n", item, err.message);
}

static void add_crl(const char *item, void *arg)
{
    size_t len;
    uint8_t *data = check_read_file(data_file(item), &len);
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_crl_list_add(arg, data, len, item, &err);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "CRL %s: %s\n", item, err.message);
    free(data);
}

static void run_case(char *line, int line_no, lt_key_cache *keys)
{
    char *message = strchr(line, '|');
    if (message == NULL) {
        fprintf(stderr, "cases.txt:%d: no '|'\n", line_no);
        CHECK(message != NULL);
        return;
    }
    *message++ = '\0';
    while (*message == ' ')
        message++;
    message[strcspn(message, "\n")] = '\0';
    char *f[FIELDS];
    char *save = NULL;
    size_t n = 0;
    for (char *tok = strtok_r(line, " \t", &save); tok != NULL && n < FIELDS;
         tok = strtok_r(NULL, " \t", &save))
        f[n++] = tok;
    CHECK(n == FIELDS);
    if (n != FIELDS) {
        fprintf(stderr, "cases.txt:%d: %zu fields\n", line_no, n);
        return;
    }
    const char *name = f[0], *expect = f[1];

    chain_input in = {0};
    add_pem_certs(f[2], in.der, in.len, &in.count);
    each(f[3], add_untrusted, &in);
    lt_trust_store *trust = lt_trust_new();
    each(f[4], add_anchor, trust);
    lt_crl_list crls = {0};
    each(f[9], add_crl, &crls);
    uint8_t *ocsp = NULL;
    size_t ocsp_len = 0;
    if (strcmp(f[10], "-") != 0)
        ocsp = check_read_file(data_file(f[10]), &ocsp_len);

    lt_error err;
    lt_error_clear(&err);
    lt_host host;
    bool ok = true;
    if (strcmp(f[6], "-") != 0)
        ok = lt_host_parse(f[6], &host, &err);
    lt_verify_params params = {
        .trust = trust,
        .host = strcmp(f[6], "-") == 0 ? NULL : &host,
        .now = strtoll(f[5], NULL, 10),
        .purpose =
            strncmp(f[7], "client", 6) == 0 ? LT_PURPOSE_CLIENT_AUTH : LT_PURPOSE_SERVER_AUTH,
        .profile = strstr(f[7], "/rfc5280") != NULL ? LT_PROFILE_RFC5280 : LT_PROFILE_WEBPKI,
        .leaf_key_usage = strcmp(f[8], "ds") == 0   ? LT_KU_DIGITAL_SIGNATURE
                          : strcmp(f[8], "ke") == 0 ? LT_KU_KEY_ENCIPHERMENT
                                                    : 0,
        .crls = &crls,
        .ocsp = ocsp,
        .ocsp_len = ocsp_len,
        .keys = keys,
    };
    lt_chain chain;
    lt_path path;
    if (ok && lt_chain_parse(&chain, (const uint8_t *const *)in.der, in.len, in.count, &err)) {
        ok = lt_verify_chain(&params, &chain, &path, &err);
        if (ok)
            CHECK(path.len >= 2 && path.certs[0] == &chain.certs[0]);
        lt_chain_free(&chain);
    } else {
        ok = false;
    }
    const char *got = ok ? "ok" : latch_err_name(err.code);
    bool pass = strcmp(got, expect) == 0 && strstr(err.message, message) != NULL;
    CHECK(pass);
    if (!pass)
        fprintf(stderr, "case %s (line %d): expected %s \"%s\", got %s \"%s\"\n", name, line_no,
                expect, message, got, err.message);

    for (size_t i = 0; i < in.count; i++)
        free(in.der[i]);
    lt_trust_free(trust);
    lt_crl_list_free(&crls);
    free(ocsp);
}

/* Every case of the table, each issuer's key decoded for its check, or
 * taken from keys, shared by all the cases. */
static void run_table(lt_key_cache *keys)
{
    size_t len;
    char *text = (char *)check_read_file(data_file("cases.txt"), &len);
    int line_no = 0, cases = 0;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        line_no++;
        if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
            continue;
        char copy[1024];
        snprintf(copy, sizeof(copy), "%s", line);
        run_case(copy, line_no, keys);
        cases++;
    }
    CHECK(cases >= 70);
    free(text);
}

/* Keys from a cache change no verdict: the table passes with one cache
 * for all its cases, filled the first time through and read the second
 * (a forged signature still fails with its issuer's key cached). */
static void test_table(void)
{
    run_table(NULL);
    lt_key_cache keys;
    lt_key_cache_init(&keys);
    run_table(&keys);
    run_table(&keys);
    size_t kept = 0;
    for (size_t i = 0; i < LT_KEY_CACHE_SLOTS; i++)
        kept += keys.slots[i].spki != NULL;
    CHECK(kept > 0); /* the intermediates' keys went through it */
    lt_key_cache_free(&keys);
}

static bool matches(const char *pattern, const char *host)
{
    return lt_dns_pattern_matches((const uint8_t *)pattern, strlen(pattern), host);
}

static void test_patterns(void)
{
    CHECK(matches("example.com", "example.com"));
    CHECK(matches("EXAMPLE.com", "example.com"));
    CHECK(!matches("example.com", "www.example.com"));
    CHECK(matches("*.example.com", "www.example.com"));
    CHECK(!matches("*.example.com", "example.com"));
    CHECK(!matches("*.example.com", "a.b.example.com"));
    CHECK(!matches("*.com", "example.com"));
    CHECK(!matches("*.co.uk", "example.co.uk"));
    CHECK(matches("*.example.co.uk", "www.example.co.uk"));
    CHECK(!matches("w*.example.com", "www.example.com"));
    CHECK(!matches("*w.example.com", "www.example.com"));
    CHECK(!matches("www.*.com", "www.example.com"));
    CHECK(!matches("*", "example"));
    CHECK(!matches("example.com.", "example.com"));
    CHECK(!matches("", "example.com"));

    lt_host host;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_host_parse("WWW.Example.COM.", &host, &err) &&
          strcmp(host.dns, "www.example.com") == 0);
    CHECK(lt_host_parse("::1", &host, &err) && host.ip_len == 16);
    CHECK(lt_host_parse("127.0.0.1", &host, &err) && host.ip_len == 4);
    CHECK(!lt_host_parse("*.example.com", &host, &err) && err.code == LATCH_ERR_USAGE);
    lt_error_clear(&err);
    CHECK(!lt_host_parse("", &host, &err));
}

static void test_trust_store(void)
{
    lt_trust_store *ts = lt_trust_new();
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_trust_add_path(ts, data_file("bundle-with-bad.pem"), &err));
    CHECK(lt_trust_count(ts) == 2);
    CHECK(lt_trust_skipped(ts) >= 1);
    /* The same file again adds nothing: duplicates are kept once. */
    CHECK(lt_trust_add_path(ts, data_file("bundle-with-bad.pem"), &err));
    CHECK(lt_trust_count(ts) == 2);
    CHECK(lt_trust_add_path(ts, data_file("anchors-dir"), &err));
    CHECK(lt_trust_count(ts) == 2); /* root-v1.txt is not a name the directory reads */
    CHECK(!lt_trust_add_path(ts, data_file("no-such-file.pem"), &err));
    CHECK(err.code == LATCH_ERR_CONFIG);
    lt_error_clear(&err);
    CHECK(!lt_trust_add_path(ts, data_file("ocsp-good.der"), &err));
    lt_error_clear(&err);

    size_t len;
    uint8_t *pem = check_read_file(data_file("root.pem"), &len);
    lt_pem_iter it;
    lt_pem_iter_init(&it, pem, len);
    lt_pem_block block;
    bool found;
    CHECK(lt_pem_next(&it, "CERTIFICATE", &block, &found, &err) && found);
    lt_cert root;
    CHECK(lt_cert_parse(&root, block.der, block.der_len, &err));
    const lt_cert *const *first;
    size_t count;
    lt_trust_find(ts, &root.subject, &first, &count);
    CHECK(count == 1 && lt_name_equal(&first[0]->subject, &root.subject));
    CHECK(lt_trust_contains(ts, &root));
    lt_trust_find(ts, &root.issuer, &first, &count);
    CHECK(count == 1);
    lt_cert_free(&root);
    lt_pem_block_free(&block);
    free(pem);
    lt_trust_free(ts);
}

/* The system store loads and honours SSL_CERT_FILE. */
static void test_system_store(void)
{
    lt_trust_store *ts = lt_trust_new();
    lt_error err;
    lt_error_clear(&err);
    setenv("SSL_CERT_FILE", data_file("bundle-with-bad.pem"), 1);
    unsetenv("SSL_CERT_DIR");
    CHECK(lt_trust_add_system(ts, &err));
    CHECK(lt_trust_count(ts) == 2);
    unsetenv("SSL_CERT_FILE");
    lt_trust_free(ts);
}

/* OCSP against the wrong issuer: the response's signer is not that CA. */
static void test_ocsp_wrong_issuer(void)
{
    size_t len, good_len, root_len;
    uint8_t *resp = check_read_file(data_file("ocsp-good.der"), &len);
    uint8_t *good_pem = check_read_file(data_file("good.pem"), &good_len);
    uint8_t *root_pem = check_read_file(data_file("root.pem"), &root_len);
    lt_pem_block a, b;
    bool found;
    lt_error err;
    lt_error_clear(&err);
    lt_pem_iter it;
    lt_pem_iter_init(&it, good_pem, good_len);
    CHECK(lt_pem_next(&it, "CERTIFICATE", &a, &found, &err) && found);
    lt_pem_iter_init(&it, root_pem, root_len);
    CHECK(lt_pem_next(&it, "CERTIFICATE", &b, &found, &err) && found);
    lt_cert good, root;
    CHECK(lt_cert_parse(&good, a.der, a.der_len, &err));
    CHECK(lt_cert_parse(&root, b.der, b.der_len, &err));
    lt_ocsp_status status;
    CHECK(!lt_ocsp_check(resp, len, &good, &root, 2000000000, &status, &err));
    CHECK(err.code == LATCH_ERR_BAD_CERTIFICATE);
    lt_error_clear(&err);
    CHECK(!lt_ocsp_check(resp, len - 1, &good, &root, 2000000000, &status, &err));
    CHECK(err.code == LATCH_ERR_DECODE);
    lt_cert_free(&good);
    lt_cert_free(&root);
    lt_pem_block_free(&a);
    lt_pem_block_free(&b);
    free(resp);
    free(good_pem);
    free(root_pem);
}

int main(void)
{
    test_table();
    test_patterns();
    test_trust_store();
    test_system_store();
    test_ocsp_wrong_issuer();
    return check_finish("verify");
}
