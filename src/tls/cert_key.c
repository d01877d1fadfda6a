#include "tls/cert_key.h"

#include <stdio.h>
#include <stdlib.h>

struct latch_cert_key {
    int refs;
    lt_cert_key ck;
};

latch_cert_key *latch_cert_key_new_mem(const uint8_t *cert_pem, size_t cert_len,
                                       const uint8_t *key_pem, size_t key_len, char *why,
                                       size_t why_cap)
{
    lt_error err;
    lt_error_clear(&err);
    latch_cert_key *k = calloc(1, sizeof(*k));
    bool ok;
    if (k == NULL)
        ok = LT_FAIL(&err, LATCH_ERR_MEMORY, "out of memory for a certificate and key");
    else if (cert_pem == NULL || key_pem == NULL)
        ok = LT_FAIL(&err, LATCH_ERR_USAGE, "no certificate or no key given");
    else
        ok = lt_cert_key_load(&k->ck, cert_pem, cert_len, key_pem, key_len, &err);
    if (ok) {
        k->refs = 1;
        return k;
    }
    if (why != NULL && why_cap > 0)
        snprintf(why, why_cap, "%s", err.message);
    free(k);
    return NULL;
}

latch_cert_key *lt_cert_key_ref(latch_cert_key *k)
{
    __atomic_add_fetch(&k->refs, 1, __ATOMIC_RELAXED);
    return k;
}

void latch_cert_key_free(latch_cert_key *k)
{
    if (k == NULL || __atomic_sub_fetch(&k->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    lt_cert_key_free(&k->ck);
    free(k);
}

const lt_cert_key *lt_cert_key_inner(const latch_cert_key *k)
{
    return &k->ck;
}
