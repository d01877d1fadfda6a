/*
 * PEM: lt_pem_next over arbitrary text (every block, then only
 * certificates), lt_pem_read_private_key over the same text, and strict
 * base64 over it. A decoded block can never be longer than the base64
 * that holds it, and each block's label fits its buffer. Round trip:
 * every block, written again with lt_pem_write, reads back as the same
 * label and DER.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "x509/pem.h"
#include "x509/pem_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void rewrite(const lt_pem_block *block)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_pem_write(&w, block->label, block->der, block->der_len);
    FUZZ_CHECK(lt_writer_ok(&w));
    lt_pem_iter it;
    lt_pem_iter_init(&it, w.data, w.len);
    lt_pem_block again;
    bool found = false;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_pem_next(&it, NULL, &again, &found, &err);
    if (!ok)
        fprintf(stderr, "a written PEM block does not read back: %s\n", err.message);
    FUZZ_CHECK(ok && found);
    FUZZ_CHECK(strcmp(again.label, block->label) == 0);
    FUZZ_CHECK(again.der_len == block->der_len);
    FUZZ_CHECK(again.der_len == 0 || memcmp(again.der, block->der, again.der_len) == 0);
    lt_pem_block_free(&again);
    lt_writer_free(&w);
}

static void blocks(const uint8_t *data, size_t size, const char *label)
{
    lt_pem_iter it;
    lt_pem_iter_init(&it, data, size);
    for (;;) {
        lt_pem_block block;
        bool found = false;
        lt_error err;
        lt_error_clear(&err);
        bool ok = lt_pem_next(&it, label, &block, &found, &err);
        fuzz_check_result(ok, &err);
        if (!ok || !found)
            return;
        FUZZ_CHECK(memchr(block.label, '\0', sizeof(block.label)) != NULL);
        FUZZ_CHECK(label == NULL || strcmp(block.label, label) == 0);
        FUZZ_CHECK(block.der_len <= size / 4 * 3);
        rewrite(&block);
        lt_pem_block_free(&block);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    blocks(data, size, NULL);
    blocks(data, size, "CERTIFICATE");

    lt_pem_block key;
    lt_privkey_format format;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_pem_read_private_key(data, size, &key, &format, &err);
    fuzz_check_result(ok, &err);
    if (ok) {
        FUZZ_CHECK(format == LT_PRIVKEY_PKCS8 || format == LT_PRIVKEY_PKCS1 ||
                   format == LT_PRIVKEY_SEC1);
        lt_pem_block_free(&key);
    }

    /* Exactly the room the contract asks for, so ASan sees any overrun. */
    size_t cap = size / 4 * 3;
    uint8_t *out = malloc(cap > 0 ? cap : 1);
    size_t out_len = 0;
    lt_error_clear(&err);
    ok = lt_base64_decode(data, size, out, &out_len, &err);
    fuzz_check_result(ok, &err);
    FUZZ_CHECK(!ok || out_len <= cap);
    free(out);
    return 0;
}
