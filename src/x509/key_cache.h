/*
 * The public keys of certificates a config has seen, kept across its
 * connections: a client that reconnects to a server takes the server's
 * key, and its intermediate CA's, from here instead of decoding them again
 * (an ECDSA P-256 key costs some 59 heap allocations to decode). A slot is found by the whole
 * SubjectPublicKeyInfo, compared byte for byte, so a hit is exactly the
 * key the certificate names. Only the decoded key is kept, nothing about
 * trust: chains, names and signatures are checked on every handshake.
 *
 * Safe for threads: a lock guards the slots, and a key, once made, is
 * only read, so connections on any thread may use one at once.
 */
#ifndef LT_X509_KEY_CACHE_H
#define LT_X509_KEY_CACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/sig.h"
#include "x509/cert.h"

/* At most this many keys (the least recently used goes first), for a
 * client that talks to a handful of servers: a P-256 key takes about
 * 2.9 KiB of heap, an RSA-2048 key 1.4 KiB (measured with glibc's
 * mallinfo2 on OpenSSL 3.0), so 8 are some 23 KiB at most for those. */
#define LT_KEY_CACHE_SLOTS 8

typedef struct lt_key_cache_slot {
    uint8_t *spki; /* NULL: empty */
    size_t spki_len;
    lt_pubkey key;
    uint64_t used; /* when last taken, by the cache's clock */
} lt_key_cache_slot;

typedef struct lt_key_cache {
    pthread_mutex_t lock;
    lt_key_cache_slot slots[LT_KEY_CACHE_SLOTS];
    uint64_t clock;
} lt_key_cache;

void lt_key_cache_init(lt_key_cache *kc);
void lt_key_cache_free(lt_key_cache *kc);

/* The certificate's public key, as lt_cert_pubkey gives it: shared with
 * the cache when it holds the same SubjectPublicKeyInfo, else decoded and
 * remembered. Free *key with lt_pubkey_free either way. */
bool lt_key_cache_get(lt_key_cache *kc, const lt_cert *cert, lt_pubkey *key,
                      lt_error *err) LT_MUST_CHECK;

#endif
