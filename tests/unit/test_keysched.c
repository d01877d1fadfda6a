/*
 * The TLS 1.2 key schedule: master secret, extended master secret, key
 * block and Finished.
 *
 * The published values come from "The Illustrated TLS 1.2 Connection"
 * (https://tls12.xargs.org), a recorded ECDHE-RSA-AES128-CBC-SHA
 * handshake: its pre-master secret, randoms, master secret, key block
 * keys, the transcript hash after ClientKeyExchange and the client's
 * verify_data. Values that page does not show (AEAD and SHA-384 key
 * blocks, the extended master secret, the server's verify_data) were
 * computed from the same inputs with `openssl kdf ... TLS1-PRF`, an
 * independent implementation.
 */
#include <string.h>

#include "check.h"
#include "tls/keysched.h"

static const char *pre_master_hex =
    "df4a291baa1eb7cfa6934b29b474baad2697e29f1f920dcc77c8a0a088447624";
static const char *client_random_hex =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
static const char *server_random_hex =
    "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f";
static const char *master_hex = "916abf9da55973e13614ae0a3f5d3f37b023ba129aee02cc9134338127cd7049"
                                "781c8e19fc1eb2a7387ac06ae237344c";
/* SHA-256 of ClientHello .. ClientKeyExchange in the same handshake. */
static const char *transcript_hex =
    "061dda04b3c2217ff73bd79b9cf88a2bb6ec505404aac8722db03ef417b54cb4";

static uint8_t pre_master[32], client_random[32], server_random[32], master[48], transcript[32];

static void load_inputs(void)
{
    check_hex(pre_master_hex, pre_master, sizeof(pre_master));
    check_hex(client_random_hex, client_random, sizeof(client_random));
    check_hex(server_random_hex, server_random, sizeof(server_random));
    check_hex(master_hex, master, sizeof(master));
    check_hex(transcript_hex, transcript, sizeof(transcript));
}

static void test_master_secret(void)
{
    uint8_t got[LT_MASTER_SECRET_LEN];
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_master_secret(LT_HASH_SHA256, pre_master, sizeof(pre_master), client_random,
                           server_random, got, &err));
    CHECK_MEM(got, master, sizeof(master));

    /* Swapping the randoms must change it: the order is client then server. */
    CHECK(lt_master_secret(LT_HASH_SHA256, pre_master, sizeof(pre_master), server_random,
                           client_random, got, &err));
    CHECK(memcmp(got, master, sizeof(master)) != 0);
    CHECK(!lt_error_is_set(&err));
}

static void test_extended_master_secret(void)
{
    uint8_t want[48], got[48];
    lt_error err;
    lt_error_clear(&err);
    check_hex("960143e1bc0895e72b360f49c91132e440b1e3059e6df2dd894ffc6166d767c6"
              "329bf5b76d383a24955dbf038178e4b0",
              want, sizeof(want));
    CHECK(lt_extended_master_secret(LT_HASH_SHA256, pre_master, sizeof(pre_master), transcript,
                                    sizeof(transcript), got, &err));
    CHECK_MEM(got, want, sizeof(want));
    CHECK(memcmp(got, master, sizeof(master)) != 0);

    /* With SHA-384 over SHA-384("latch transcript"). */
    uint8_t hash384[48];
    check_hex("9a1f55db38f0b683c446db94279f74260dcdbd1151edceb96e2dfb45564f0e66"
              "755ddf6fcd65546a004820935ebf462e",
              hash384, sizeof(hash384));
    check_hex("aacbf39d45ec4dc490ae49ed5634e968efa211046e09d96878b844726f41b229"
              "0fbcb276b4d8f6d30a3742efa96e48ed",
              want, sizeof(want));
    CHECK(lt_extended_master_secret(LT_HASH_SHA384, pre_master, sizeof(pre_master), hash384,
                                    sizeof(hash384), got, &err));
    CHECK_MEM(got, want, sizeof(want));
    CHECK(!lt_error_is_set(&err));

    /* The session hash must be the PRF hash's length. */
    CHECK(!lt_extended_master_secret(LT_HASH_SHA384, pre_master, sizeof(pre_master), transcript,
                                     sizeof(transcript), got, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL && strstr(err.message, "session hash") != NULL);
    const uint8_t zero[48] = {0};
    CHECK_MEM(got, zero, sizeof(got));
}

/* Derives the key block of a suite and checks it against the whole PRF
 * output it is cut from: MAC keys, then write keys, then IVs. */
static void check_key_block(uint16_t code, const char *block_hex)
{
    const lt_suite *suite = lt_suite_by_code(code);
    CHECK(suite != NULL);
    if (suite == NULL)
        return;
    uint8_t block[256];
    size_t block_len = check_hex(block_hex, block, sizeof(block));
    size_t m = suite->mac_key_len, k = suite->enc_key_len, v = suite->fixed_iv_len;
    CHECK(block_len == 2 * (m + k + v));

    lt_key_block kb;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_key_block_derive(suite, master, client_random, server_random, &kb, &err));
    CHECK(!lt_error_is_set(&err));
    CHECK(kb.client.mac_key_len == m && kb.server.mac_key_len == m);
    CHECK(kb.client.key_len == k && kb.server.key_len == k);
    CHECK(kb.client.iv_len == v && kb.server.iv_len == v);
    CHECK_MEM(kb.client.mac_key, block, m);
    CHECK_MEM(kb.server.mac_key, block + m, m);
    CHECK_MEM(kb.client.key, block + 2 * m, k);
    CHECK_MEM(kb.server.key, block + 2 * m + k, k);
    CHECK_MEM(kb.client.iv, block + 2 * m + 2 * k, v);
    CHECK_MEM(kb.server.iv, block + 2 * m + 2 * k + v, v);

    lt_key_block_wipe(&kb);
    lt_key_block zero;
    memset(&zero, 0, sizeof(zero));
    CHECK(memcmp(&kb, &zero, sizeof(kb)) == 0);
}

static void test_key_block_published(void)
{
    /* The page's key block for ECDHE-RSA-AES128-CBC-SHA; the IVs it also
     * shows are TLS 1.0's and are not taken in TLS 1.2. */
    lt_key_block kb;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_key_block_derive(lt_suite_by_code(0xc013), master, client_random, server_random, &kb,
                              &err));
    uint8_t want[20];
    check_hex("1b7d117c7d5f690bc263cae8ef60af0f1878acc2", want, sizeof(want));
    CHECK(kb.client.mac_key_len == 20 && memcmp(kb.client.mac_key, want, 20) == 0);
    check_hex("2ad8bdd8c601a617126f63540eb20906f781fad2", want, sizeof(want));
    CHECK(kb.server.mac_key_len == 20 && memcmp(kb.server.mac_key, want, 20) == 0);
    check_hex("f656d037b173ef3e11169f27231a84b6", want, 16);
    CHECK(kb.client.key_len == 16 && memcmp(kb.client.key, want, 16) == 0);
    check_hex("752a18e7a9fcb7cbcdd8f98dd8f769eb", want, 16);
    CHECK(kb.server.key_len == 16 && memcmp(kb.server.key, want, 16) == 0);
    CHECK(kb.client.iv_len == 0 && kb.server.iv_len == 0);
    lt_key_block_wipe(&kb);
}

static void test_key_block_per_suite(void)
{
    /* AES-128-GCM, SHA-256 PRF: 16-byte keys, 4-byte salts. */
    check_key_block(0xc02f, "1b7d117c7d5f690bc263cae8ef60af0f1878acc22ad8bdd8c601a617126f6354"
                            "0eb20906f781fad2");
    /* AES-256-GCM, SHA-384 PRF. */
    check_key_block(0xc030, "243e6a31867e7b29f122b748ffeb635994fa231c83365bc6f1fd9b1cf4bfc149"
                            "882ed6d687a71ccddf9e951779104378965d05d50f01837687e4d2511fbcbcea"
                            "ac0e1beb131cc3be");
    /* ChaCha20-Poly1305: 32-byte keys, 12-byte IVs. */
    check_key_block(0xcca8, "1b7d117c7d5f690bc263cae8ef60af0f1878acc22ad8bdd8c601a617126f6354"
                            "0eb20906f781fad2f656d037b173ef3e11169f27231a84b6752a18e7a9fcb7cb"
                            "cdd8f98dd8f769eba0d2550c9238eebfef5c32251abb67d6");
    /* AES-256-CBC with HMAC-SHA384 and the SHA-384 PRF: 48-byte MAC keys. */
    check_key_block(0xc028, "243e6a31867e7b29f122b748ffeb635994fa231c83365bc6f1fd9b1cf4bfc149"
                            "882ed6d687a71ccddf9e951779104378965d05d50f01837687e4d2511fbcbcea"
                            "ac0e1beb131cc3be047d1a949690b40678ccd8f7619e1481fec03be39cf95b09"
                            "7da83fe76424f37bf6abe740fc8ef2d7561f8c300dcfad4b418901940121a9e1"
                            "853109b70ac9fd5e30c0f0302c63c3227a0a5da4e6948ee51e94084a3de059fa");
    /* Every suite in the table derives without error. */
    for (size_t i = 0; i < lt_suite_count(); i++) {
        lt_key_block kb;
        lt_error err;
        lt_error_clear(&err);
        CHECK(lt_key_block_derive(lt_suite_at(i), master, client_random, server_random, &kb, &err));
        lt_key_block_wipe(&kb);
    }
}

static void test_key_block_rejects_bad_suite(void)
{
    lt_suite bogus = *lt_suite_by_code(0xc02f);
    bogus.fixed_iv_len = LT_AEAD_NONCE_LEN + 1;
    lt_key_block kb;
    lt_error err;
    lt_error_clear(&err);
    CHECK(!lt_key_block_derive(&bogus, master, client_random, server_random, &kb, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
}

static void test_finished(void)
{
    uint8_t got[LT_VERIFY_DATA_LEN], want[LT_VERIFY_DATA_LEN];
    lt_error err;
    lt_error_clear(&err);

    /* Published: the client's verify_data in that handshake. */
    check_hex("cf919626f1360c536aaad73a", want, sizeof(want));
    CHECK(lt_finished_verify_data(LT_HASH_SHA256, master, LT_SENDER_CLIENT, transcript,
                                  sizeof(transcript), got, &err));
    CHECK_MEM(got, want, sizeof(want));

    check_hex("0eabc4f8a576c54b8dc72d67", want, sizeof(want));
    CHECK(lt_finished_verify_data(LT_HASH_SHA256, master, LT_SENDER_SERVER, transcript,
                                  sizeof(transcript), got, &err));
    CHECK_MEM(got, want, sizeof(want));

    uint8_t hash384[48];
    check_hex("9a1f55db38f0b683c446db94279f74260dcdbd1151edceb96e2dfb45564f0e66"
              "755ddf6fcd65546a004820935ebf462e",
              hash384, sizeof(hash384));
    check_hex("a9b54182f529a017714f0391", want, sizeof(want));
    CHECK(lt_finished_verify_data(LT_HASH_SHA384, master, LT_SENDER_SERVER, hash384,
                                  sizeof(hash384), got, &err));
    CHECK_MEM(got, want, sizeof(want));
    CHECK(!lt_error_is_set(&err));

    CHECK(!lt_finished_verify_data(LT_HASH_SHA256, master, LT_SENDER_CLIENT, hash384,
                                   sizeof(hash384), got, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL && strstr(err.message, "handshake hash") != NULL);
}

/* The same values from the master secret the key block keyed, for a
 * SHA-256 and a SHA-384 suite; a wiped key block gives none. */
static void test_finished_keyed(void)
{
    uint8_t got[LT_VERIFY_DATA_LEN], want[LT_VERIFY_DATA_LEN];
    lt_error err;
    lt_error_clear(&err);
    lt_key_block kb;

    CHECK(lt_key_block_derive(lt_suite_by_code(0xc02f), master, client_random, server_random, &kb,
                              &err));
    check_hex("cf919626f1360c536aaad73a", want, sizeof(want));
    CHECK(lt_finished_verify_data_keyed(&kb, LT_SENDER_CLIENT, transcript, sizeof(transcript), got,
                                        &err));
    CHECK_MEM(got, want, sizeof(want));
    check_hex("0eabc4f8a576c54b8dc72d67", want, sizeof(want));
    CHECK(lt_finished_verify_data_keyed(&kb, LT_SENDER_SERVER, transcript, sizeof(transcript), got,
                                        &err));
    CHECK_MEM(got, want, sizeof(want));
    lt_key_block_wipe(&kb);
    CHECK(!lt_error_is_set(&err));
    CHECK(!lt_finished_verify_data_keyed(&kb, LT_SENDER_CLIENT, transcript, sizeof(transcript), got,
                                         &err));
    CHECK(err.code == LATCH_ERR_INTERNAL && strstr(err.message, "handshake hash") != NULL);

    uint8_t hash384[48];
    check_hex("9a1f55db38f0b683c446db94279f74260dcdbd1151edceb96e2dfb45564f0e66"
              "755ddf6fcd65546a004820935ebf462e",
              hash384, sizeof(hash384));
    lt_error_clear(&err);
    CHECK(lt_key_block_derive(lt_suite_by_code(0xc030), master, client_random, server_random, &kb,
                              &err));
    check_hex("a9b54182f529a017714f0391", want, sizeof(want));
    CHECK(
        lt_finished_verify_data_keyed(&kb, LT_SENDER_SERVER, hash384, sizeof(hash384), got, &err));
    CHECK_MEM(got, want, sizeof(want));
    CHECK(!lt_finished_verify_data_keyed(&kb, LT_SENDER_SERVER, transcript, sizeof(transcript), got,
                                         &err));
    lt_key_block_wipe(&kb);
}

int main(void)
{
    load_inputs();
    test_master_secret();
    test_extended_master_secret();
    test_key_block_published();
    test_key_block_per_suite();
    test_key_block_rejects_bad_suite();
    test_finished();
    test_finished_keyed();
    return check_finish("keysched");
}
