/*
 * The negotiation rules (negotiate.h): pure functions of the config, the
 * suite, the version and what the peer sent.
 */
#include "tls/negotiate.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "crypto/kex.h"
#include "x509/hostname.h"

bool lt_neg_check_peer_scheme(const latch_config *cfg, uint16_t scheme, lt_key_type key,
                              uint16_t version, const char *who, const char *offer, lt_error *err)
{
    LT_ENSURE(lt_config_has_scheme(cfg, scheme), err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s signed with %s (0x%04x), which %s did not offer", who, lt_sig_scheme_name(scheme),
              scheme, offer);
    LT_ENSURE(lt_sig_scheme_fits_peer_key(scheme, key, version), err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s signed with %s, which does not fit its certificate's %s key", who,
              lt_sig_scheme_name(scheme), lt_key_type_name(key));
    return true;
}

/* We sign only with a scheme whose curve is our key's (the TLS 1.3 rule,
 * RFC 8446 4.2.3), which a peer holding either version's rule accepts. */
uint16_t lt_neg_own_scheme(const latch_config *cfg, const lt_privkey *key,
                           const uint16_t *peer_schemes, size_t peer_scheme_count)
{
    for (size_t i = 0; i < cfg->sig_scheme_count; i++) {
        uint16_t s = cfg->sig_schemes[i];
        if (!lt_privkey_signs(key, s))
            continue;
        for (size_t j = 0; j < peer_scheme_count; j++)
            if (peer_schemes[j] == s)
                return s;
    }
    return 0;
}

static bool client_lists(const lt_extensions *ext, uint16_t group)
{
    for (size_t j = 0; j < ext->supported_groups.count; j++)
        if (ext->supported_groups.groups[j] == group)
            return true;
    return false;
}

/* Ours in our order, among the client's. A client that sends no
 * supported_groups may get any curve (RFC 8422 4); such clients are old
 * and rarely know x25519, so secp256r1 when we have it, else our first. */
static uint16_t choose_ec_group(const latch_config *cfg, const lt_extensions *ext)
{
    bool listed = ext->supported_groups.present;
    if (!listed && lt_config_has_group(cfg, LT_GROUP_SECP256R1))
        return LT_GROUP_SECP256R1;
    for (size_t i = 0; i < cfg->group_count; i++) {
        uint16_t g = cfg->groups[i];
        if (lt_group_is_ec(g) && (!listed || client_lists(ext, g)))
            return g;
    }
    return 0;
}

/* RFC 7919 4. Ours are the FFDHE groups of the config in its order, or
 * ffdhe2048 when it names none. A client that names FFDHE groups (any
 * code point 256..511, RFC 7919 2, even one we do not know) gets one of
 * ours among them, or no DHE suite at all; one that names none gets our
 * first. */
static uint16_t choose_ffdhe_group(const latch_config *cfg, const lt_extensions *ext)
{
    uint16_t ours[LT_CONFIG_MAX_GROUPS];
    size_t n = 0;
    for (size_t i = 0; i < cfg->group_count; i++)
        if (lt_group_is_ffdhe(cfg->groups[i]))
            ours[n++] = cfg->groups[i];
    if (n == 0)
        ours[n++] = LT_GROUP_FFDHE2048;
    if (!ext->supported_groups.present || !ext->supported_groups.ffdhe_listed)
        return ours[0];
    for (size_t i = 0; i < n; i++)
        if (client_lists(ext, ours[i]))
            return ours[i];
    return 0;
}

uint16_t lt_neg_choose_group(const latch_config *cfg, const lt_extensions *client_ext, lt_kx kx)
{
    if (kx == LT_KX_ECDHE)
        return choose_ec_group(cfg, client_ext);
    if (kx == LT_KX_DHE)
        return choose_ffdhe_group(cfg, client_ext);
    return 0;
}

int lt_neg_alpn_index(const latch_config *cfg, lt_span proto)
{
    for (size_t i = 0; i < cfg->alpn_count; i++)
        if (cfg->alpn[i].len == proto.len && memcmp(cfg->alpn[i].name, proto.data, proto.len) == 0)
            return (int)i;
    return -1;
}

int lt_neg_choose_alpn(const latch_config *cfg, lt_span client_list)
{
    int best = -1;
    lt_reader list = lt_reader_make(client_list.data, client_list.len);
    lt_span p;
    while (lt_alpn_next(&list, &p)) {
        int i = lt_neg_alpn_index(cfg, p);
        if (i >= 0 && (best < 0 || i < best))
            best = i;
    }
    return best;
}

/* RFC 9525 6.3 through the one matcher in src/x509; it wants the host in
 * lower case, and a client may send SNI in any case. */
static bool cert_key_covers(const lt_cert_key *ck, const char *lower)
{
    for (size_t i = 0; i < ck->name_count; i++)
        if (lt_dns_pattern_matches((const uint8_t *)ck->names[i], strlen(ck->names[i]), lower))
            return true;
    return false;
}

static void lower_case(char out[LT_MAX_HOST_NAME + 1], const char *name)
{
    size_t i = 0;
    for (; name[i] != '\0' && i < LT_MAX_HOST_NAME; i++)
        out[i] = (char)tolower((unsigned char)name[i]);
    out[i] = '\0';
}

const char *lt_neg_key_kinds(const latch_config *cfg, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < cfg->cert_key_count && used < cap; i++) {
        int n = snprintf(out + used, cap - used, "%s%s", i > 0 ? ", " : "",
                         lt_key_type_name(cfg->cert_keys[i].key.type));
        used += n > 0 ? (size_t)n : 0;
    }
    if (cfg->cert_key_count == 0)
        snprintf(out, cap, "none");
    return out;
}

bool lt_neg_name_covered(const latch_config *cfg, const char *name)
{
    char lower[LT_MAX_HOST_NAME + 1];
    lower_case(lower, name);
    for (size_t i = 0; i < cfg->cert_key_count; i++)
        if (cert_key_covers(&cfg->cert_keys[i], lower))
            return true;
    return false;
}

bool lt_neg_cert_fits(const latch_config *cfg, const lt_cert_key *ck, const lt_suite *suite,
                      uint16_t version, const uint16_t *peer_schemes, size_t peer_scheme_count,
                      uint16_t *scheme)
{
    *scheme = 0;
    if (!lt_neg_suite_fits_key(suite, ck->key.type, version))
        return false;
    if (peer_schemes == NULL)
        return true;
    *scheme = lt_neg_own_scheme(cfg, &ck->key, peer_schemes, peer_scheme_count);
    return *scheme != 0;
}

const uint16_t *lt_neg_cert_schemes(const lt_extensions *client_ext, size_t *count)
{
    *count = 0;
    if (client_ext->tls13.signature_algorithms_cert.present) {
        *count = client_ext->tls13.signature_algorithms_cert.count;
        return client_ext->tls13.signature_algorithms_cert.schemes;
    }
    if (client_ext->signature_algorithms.present) {
        *count = client_ext->signature_algorithms.count;
        return client_ext->signature_algorithms.schemes;
    }
    return NULL;
}

static bool listed(uint16_t scheme, const uint16_t *schemes, size_t count)
{
    for (size_t i = 0; scheme != 0 && i < count; i++)
        if (schemes[i] == scheme)
            return true;
    return false;
}

bool lt_neg_chain_fits(const lt_cert_key *ck, const uint16_t *cert_schemes,
                       size_t cert_scheme_count)
{
    for (size_t i = 0; cert_schemes != NULL && i < ck->chain_sig_count; i++)
        if (!listed(ck->chain_sigs[i][0], cert_schemes, cert_scheme_count) &&
            !listed(ck->chain_sigs[i][1], cert_schemes, cert_scheme_count))
            return false;
    return true;
}

/* Ranks the certificates that fit: names first (one that covers the SNI,
 * or any when there is none), then the chain's signatures; the first of
 * the best rank wins. The only one that fits wins whatever its names. */
const lt_cert_key *lt_neg_choose_cert(const latch_config *cfg, const lt_suite *suite,
                                      uint16_t version, const char *sni,
                                      const uint16_t *peer_schemes, size_t peer_scheme_count,
                                      const uint16_t *cert_schemes, size_t cert_scheme_count,
                                      uint16_t *scheme)
{
    char lower[LT_MAX_HOST_NAME + 1];
    if (sni != NULL)
        lower_case(lower, sni);
    const lt_cert_key *best = NULL;
    int best_rank = -1;
    *scheme = 0;
    for (size_t i = 0; i < cfg->cert_key_count && best_rank < 3; i++) {
        const lt_cert_key *ck = &cfg->cert_keys[i];
        uint16_t s;
        if (!lt_neg_cert_fits(cfg, ck, suite, version, peer_schemes, peer_scheme_count, &s))
            continue;
        int rank = 2 * (sni == NULL || cert_key_covers(ck, lower)) +
                   lt_neg_chain_fits(ck, cert_schemes, cert_scheme_count);
        if (rank > best_rank) {
            best = ck;
            best_rank = rank;
            *scheme = s;
        }
    }
    return best;
}
