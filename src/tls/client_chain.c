/*
 * What the client's TLS 1.2 and TLS 1.3 handshakes check alike: the
 * server's chain and name, and its ALPN choice.
 */
#include <string.h>

#include "tls/client_parts.h"
#include "tls/hooks_call.h"
#include "tls/negotiate.h"
#include "tls/trace.h"
#include "tls/verify_peer.h"

/* The chain must be valid before the client answers (the chapter's
 * promise): path, validity, name, revocation and trust. The leaf's
 * keyUsage must allow what this key exchange does with its key. */
bool lt_client_check_server_chain(latch_conn *c)
{
    lt_handshake *hs = c->hs;
    LT_ENSURE(!c->cfg->require_staple || hs->cli.staple != NULL, &c->err,
              LATCH_ERR_CERTIFICATE_UNKNOWN,
              "the server sent no OCSP staple (%s), and this client requires one",
              hs->cli.status_acknowledged ? "it acknowledged status_request but sent no "
                                            "CertificateStatus"
                                          : "it did not acknowledge status_request");
    if (!c->cfg->verify)
        return true;
    LT_ENSURE(c->sni_or_host[0] != '\0', &c->err, LATCH_ERR_USAGE,
              "no server name was given to check the certificate against; pass one to "
              "latch_conn_new() or turn verification off explicitly");
    lt_path path;
    bool ok = lt_verify_peer(c->cfg, &hs->peer_chain, c->sni_or_host, LT_PURPOSE_SERVER_AUTH,
                             lt_neg_leaf_key_usage(c->neg.suite), hs->cli.staple,
                             hs->cli.staple_len, true, &path, &c->err);
    lt_hs_trace_chain(c, ok ? &path : NULL, c->sni_or_host);
    ok = lt_hook_verify(c, ok, &path);
    lt_chain_free(&hs->peer_chain);
    return ok;
}

bool lt_client_take_alpn(latch_conn *c, const lt_extensions *ext)
{
    if (!ext->alpn.present)
        return true;
    lt_span chosen = ext->alpn.protocols[0];
    char shown[LATCH_ESCAPED_MAX(64)];
    LT_ENSURE(lt_neg_alpn_index(c->cfg, chosen) >= 0, &c->err, LATCH_ERR_ILLEGAL_PARAMETER,
              "the server chose ALPN protocol \"%s\", which the client did not offer",
              latch_escape(shown, sizeof(shown), chosen.data, chosen.len));
    memcpy(c->neg.alpn, chosen.data, chosen.len);
    c->neg.alpn[chosen.len] = '\0';
    return true;
}
