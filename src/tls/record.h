/*
 * The TLS 1.2 record layer (RFC 5246 6), sans-IO.
 *
 * Reading: the caller keeps received bytes in its input buffer and calls
 * lt_record_open() on them. A whole record is checked (type, version,
 * lengths), decrypted and authenticated in place, and its plaintext is
 * handed back as a span inside that buffer; otherwise the call says how
 * many more bytes it needs, or fails with the error whose alert goes to
 * the peer.
 *
 * Writing: lt_record_seal() splits plaintext into records no larger than
 * the fragment limit, protects each with the current write state and
 * appends them to a writer. Nothing is allocated per record.
 *
 * Protection is a small interface (lt_record_prot_ops): null before
 * ChangeCipherSpec, then an AEAD (AES-GCM, RFC 5288; ChaCha20-Poly1305,
 * RFC 7905) or AES-CBC with HMAC (RFC 5246 6.2.3.2, record_cbc.c), the
 * MAC before encryption or, with RFC 7366, after it; or TLS 1.3's
 * (record13.h), whose records hide their real type inside.
 */
#ifndef LT_TLS_RECORD_H
#define LT_TLS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/writer.h"
#include "crypto/cipher.h"
#include "crypto/hash.h"
#include "tls/alert.h"
#include "tls/suites.h"

/* type(1) version(2) length(2) */
#define LT_RECORD_HEADER_LEN 5
#define LT_RECORD_VERSION_TLS12 0x0303

/* RFC 5246 6.2.1: TLSPlaintext.length <= 2^14. The default fragment
 * limit; max_fragment_length and record_size_limit lower it per
 * connection through lt_record_layer's read/write_max_plaintext. */
#define LT_RECORD_MAX_PLAINTEXT 16384
/* RFC 5246 6.2.3 allows TLSCiphertext.length up to 2^14 + 2048, but no
 * protection latch speaks expands a fragment by more than 320 bytes (CBC:
 * a 16-byte IV, a 48-byte HMAC-SHA384 and at most 256 bytes of padding),
 * the AEADs by 24 (AES-GCM) or 16 (ChaCha20-Poly1305). A longer record
 * than the protection in force allows could never decrypt to a fragment
 * within 2^14, so it is refused as record_overflow before it is
 * buffered, and the input buffer needs no room for it. */
#define LT_RECORD_MAX_EXPANSION 320
#define LT_RECORD_MAX_CIPHERTEXT (LT_RECORD_MAX_PLAINTEXT + LT_RECORD_MAX_EXPANSION)

/* The most a protection we send adds to a fragment: CBC with a 16-byte
 * explicit IV, a 48-byte HMAC-SHA384 and at most 16 bytes of padding
 * (we pad minimally) = 80. The AEADs add 24 (GCM) or 16 (ChaCha20). */
#define LT_RECORD_MAX_SEAL_OVERHEAD 80

/* The connection's record buffers. Input holds one whole record of the
 * largest size a peer may send: 5 + 16384 + 320 = 16709 bytes when CBC
 * suites may be negotiated, 16413 with the AEADs alone
 * (lt_record_suite_expansion). Output holds one full record of ours under
 * the keys in force, at most 5 + 16384 + 80 = 16469 bytes (16413 with
 * AES-GCM). */
#define LT_RECORD_IN_BUF_LEN (LT_RECORD_HEADER_LEN + LT_RECORD_MAX_CIPHERTEXT)
#define LT_RECORD_OUT_BUF_LEN                                                                      \
    (LT_RECORD_HEADER_LEN + LT_RECORD_MAX_PLAINTEXT + LT_RECORD_MAX_SEAL_OVERHEAD)

/* Default DoS guards: consecutive empty application-data records, and
 * consecutive warning alerts (close_notify ends the connection anyway). */
#define LT_RECORD_DEFAULT_MAX_EMPTY 32
#define LT_RECORD_DEFAULT_MAX_WARNINGS 4

typedef enum lt_content_type {
    LT_CT_CHANGE_CIPHER_SPEC = 20,
    LT_CT_ALERT = 21,
    LT_CT_HANDSHAKE = 22,
    LT_CT_APPLICATION_DATA = 23,
} lt_content_type;

/* A short name for a content type, e.g. "handshake"; "unknown" otherwise. */
const char *lt_content_type_name(uint8_t type);

typedef struct lt_record_prot lt_record_prot;

/* One kind of record protection. seal writes exactly sealed_len(len)
 * bytes to out (in and out do not overlap). open authenticates and
 * decrypts the fragment and points *plain at the plaintext: into dst when
 * dst is not NULL, the protection can (the AEADs, whose plaintext length
 * the fragment's length gives) and the plaintext fits dst_cap bytes,
 * otherwise in place. Every failure, whatever its cause, is
 * LATCH_ERR_BAD_RECORD_MAC and leaves no plaintext in dst. The sequence
 * number and the record's type and version feed the additional data.
 * *type is the record header's type; TLS 1.3's protection (record13.h),
 * whose real type travels encrypted, replaces it with the inner type and
 * may also fail with unexpected_message or record_overflow after the
 * record authenticated (RFC 8446 5.4).
 * max_expansion is the most a fragment of this protection can exceed its
 * plaintext by. */
typedef struct lt_record_prot_ops {
    const char *name;
    size_t max_expansion;
    size_t (*sealed_len)(const lt_record_prot *p, size_t len);
    bool (*seal)(lt_record_prot *p, uint64_t seq, uint8_t type, uint16_t version, const uint8_t *in,
                 size_t len, uint8_t *out, lt_error *err);
    bool (*open)(lt_record_prot *p, uint64_t seq, uint8_t *type, uint16_t version, uint8_t *frag,
                 size_t frag_len, uint8_t *dst, size_t dst_cap, uint8_t **plain, size_t *plain_len,
                 lt_error *err);
    void (*clear)(lt_record_prot *p);
} lt_record_prot_ops;

/* One direction's connection state: its protection and sequence number. */
struct lt_record_prot {
    const lt_record_prot_ops *ops;
    /* RFC 5246 6.1: starts at 0 with each key change and never wraps;
     * the value UINT64_MAX is never used, so a record past it fails. */
    uint64_t seq;
    union {
        struct {
            lt_aead aead;
            /* The nonce base: GCM's 4-byte salt then 8 zero bytes, or
             * ChaCha20-Poly1305's 12-byte IV. */
            uint8_t iv[LT_AEAD_NONCE_LEN];
            size_t explicit_nonce_len; /* 8 for GCM, 0 for ChaCha20 */
        } aead;
        struct {
            lt_cbc cipher;
            lt_hmac mac; /* keyed with mac_key */
            lt_hash_alg mac_hash;
            size_t mac_len; /* the HMAC's output, also its key's length */
            /* Kept for the constant-time check, which needs the raw key. */
            uint8_t mac_key[LT_HASH_MAX_LEN];
            bool encrypt_then_mac;
        } cbc;
        struct {
            lt_aead aead;
            uint8_t iv[LT_AEAD_NONCE_LEN]; /* RFC 8446 5.3: XORed with the sequence number */
            /* The traffic secret the key and IV came from, for KeyUpdate. */
            uint8_t secret[LT_HASH_MAX_LEN];
            lt_hash_alg hash;
            lt_aead_alg alg;
            size_t pad_multiple; /* pad inner plaintexts to a multiple of this; 0: none */
            size_t max_inner;    /* the longest TLSInnerPlaintext to send */
            uint64_t update_at;  /* records after which the key should change */
            uint64_t limit;      /* records this key may protect at all (RFC 8446 5.5) */
        } tls13;
    } u;
};

typedef enum lt_record_direction {
    LT_RECORD_READ,
    LT_RECORD_WRITE,
} lt_record_direction;

typedef struct lt_record_layer {
    lt_record_prot read;
    lt_record_prot write;
    /* Fragment limits, LT_RECORD_MAX_PLAINTEXT by default; at most that. */
    size_t read_max_plaintext;
    size_t write_max_plaintext;
    /* Accept record versions {3,0}..{3,3}, not only {3,3}: set by a server
     * until it has the ClientHello (RFC 5246 Appendix E.1). */
    bool accept_hello_versions;
    /* Whether a record has been opened: only the first bytes from the
     * peer are examined for HTTP, HTML, SSLv2 or a plaintext greeting
     * (SSH, SMTP, FTP, IMAP, POP3): LATCH_ERR_NOT_TLS. */
    bool opened_any;
    uint32_t empty_records; /* consecutive empty application-data records */
    uint32_t max_empty_records;
    uint32_t warning_alerts; /* consecutive warning alerts */
    uint32_t max_warning_alerts;
    /* TLS 1.3: pad every record's inner plaintext to a multiple of this
     * many bytes (RFC 8446 5.4); 0, the default, pads nothing. Taken by
     * lt_record_set_tls13 when it installs keys. */
    size_t pad_multiple;
} lt_record_layer;

/* The most the suite's record protection expands a fragment by: 24 for
 * AES-GCM, 16 for ChaCha20-Poly1305, LT_RECORD_MAX_EXPANSION for CBC;
 * 17 for every TLS 1.3 suite (record13.h). */
size_t lt_record_suite_expansion(const lt_suite *suite);

/* Null protection both ways, default limits, strict {3,3} versions. */
void lt_record_init(lt_record_layer *rl);
/* Frees both directions' cipher contexts and wipes their keys. */
void lt_record_free(lt_record_layer *rl);

/* Switches one direction to an AEAD (at ChangeCipherSpec) and resets its
 * sequence number to 0. fixed_iv is the key block's IV: 4 bytes for
 * AES-GCM, 12 for ChaCha20-Poly1305; the key is lt_aead_key_len(alg). */
bool lt_record_set_aead(lt_record_layer *rl, lt_record_direction dir, lt_aead_alg alg,
                        const uint8_t *key, const uint8_t *fixed_iv, size_t fixed_iv_len,
                        lt_error *err) LT_MUST_CHECK;

/* Switches one direction to AES-CBC with HMAC-mac_hash (at
 * ChangeCipherSpec) and resets its sequence number to 0. enc_key is
 * lt_cbc_key_len(cbc_alg) bytes, mac_key lt_hash_len(mac_hash) bytes (RFC
 * 5246 6.3). encrypt_then_mac when RFC 7366 was negotiated. */
bool lt_record_set_cbc(lt_record_layer *rl, lt_record_direction dir, lt_cbc_alg cbc_alg,
                       lt_hash_alg mac_hash, const uint8_t *enc_key, const uint8_t *mac_key,
                       bool encrypt_then_mac, lt_error *err) LT_MUST_CHECK;

typedef enum lt_record_status {
    LT_RECORD_DONE,      /* rec describes one record */
    LT_RECORD_NEED_MORE, /* rec->need more bytes are needed; nothing taken */
    LT_RECORD_ERROR,     /* err says what; the connection is over */
} lt_record_status;

typedef struct lt_record {
    uint8_t type; /* an lt_content_type */
    uint16_t version;
    /* The plaintext, inside the caller's input buffer; may be empty for
     * application data (count-capped), never for the other types. */
    uint8_t *data;
    size_t len;
    /* DONE: header + fragment bytes to drop from the input once data has
     * been used. NEED_MORE: how many more bytes to read, at least. */
    size_t consumed;
    size_t need;
    /* type == LT_CT_ALERT: the alert, already parsed and counted. */
    lt_alert alert;
} lt_record;

/* Opens the record at the start of in[0..in_len), decrypting in place.
 * Limits: a fragment over read_max_plaintext plus the read protection's
 * max_expansion (nothing under null protection), checked from the header
 * alone, or plaintext over read_max_plaintext is record_overflow; an
 * empty handshake, alert or ChangeCipherSpec fragment is decode_error
 * (RFC 5246 6.2.1); an unknown type is unexpected_message, or not_tls
 * when the peer's first bytes are HTTP or SSLv2; a wrong version is
 * protocol_version. An alert record must hold exactly one alert. A
 * ChangeCipherSpec record is returned as is: check it with
 * lt_record_check_ccs(), and check the handshake reassembler is empty
 * (lt_hs_reasm_check_key_change) before switching the read keys.
 * Under TLS 1.3 protection rec->type is the inner type; a record whose
 * outer type is not application_data is unexpected_message unless it is
 * a ChangeCipherSpec, returned as is for the handshake to judge (it
 * takes no sequence number); a protected ChangeCipherSpec or unknown
 * inner type is unexpected_message (RFC 8446 5). */
lt_record_status lt_record_open(lt_record_layer *rl, uint8_t *in, size_t in_len, lt_record *rec,
                                lt_error *err) LT_MUST_CHECK;

/* lt_record_open, but an application-data record whose plaintext fits
 * dst_cap bytes is decrypted straight into dst when the protection can
 * (the AEADs; CBC opens in place): rec->data == dst says it was. Saves
 * copying the plaintext out of the input buffer. On failure dst holds
 * none of the record's plaintext: what a failed tag check decrypted is
 * wiped. */
lt_record_status lt_record_open_into(lt_record_layer *rl, uint8_t *in, size_t in_len, uint8_t *dst,
                                     size_t dst_cap, lt_record *rec, lt_error *err) LT_MUST_CHECK;

/* RFC 5246 7.1: a ChangeCipherSpec fragment is the single byte 1. */
bool lt_record_check_ccs(const lt_record *rec, lt_error *err) LT_MUST_CHECK;

/* The exact number of bytes lt_record_seal() appends for len bytes of
 * plaintext under the current write state. */
size_t lt_record_sealed_len(const lt_record_layer *rl, size_t len);

/* Splits len bytes into records of at most write_max_plaintext, protects
 * them and appends them to out. len 0 appends nothing. On failure (no
 * room in out, sequence number exhausted) out and the state are as they
 * were. */
bool lt_record_seal(lt_record_layer *rl, lt_content_type type, const uint8_t *data, size_t len,
                    lt_writer *out, lt_error *err) LT_MUST_CHECK;

/* For the trace: the nonce a record under p was sealed or opened with,
 * seq its sequence number and fragment its bytes as on the wire. An AEAD
 * record's is built from the IV and a number: the sequence number for
 * ChaCha20-Poly1305 (RFC 7905 2), the explicit nonce the record carries
 * for AES-GCM (RFC 5288 3), or, in TLS 1.3, for every suite (RFC 8446
 * 5.3); a CBC record's is the IV it starts with (RFC 5246 6.2.3.2). Returns its length, 0 when
 * there is none (no protection, another kind, a fragment too short). */
#define LT_RECORD_NONCE_MAX 16
size_t lt_record_nonce(const lt_record_prot *p, uint64_t seq, const uint8_t *fragment,
                       size_t frag_len, uint8_t out[LT_RECORD_NONCE_MAX]);

#endif
