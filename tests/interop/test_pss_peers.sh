#!/bin/sh
# RSA-PSS certificates (id-RSASSA-PSS keys, rsa_pss_pss_* schemes, RFC
# 8446 4.2.3) and the choice of a chain by the client's signature schemes
# (RFC 8446 4.4.2.2, RFC 5246 7.4.2), against real peers, TLS 1.3 and 1.2.
#
# The chains are made here by scripts/make-pss-certs.sh (openssl genpkey
# -algorithm RSA-PSS, with and without rsa_pss_keygen_md:sha256), then
# checked by `openssl verify -x509_strict`, GnuTLS `certtool --verify`
# and `latch verify`. Then: `openssl s_server` with a PSS key -> `latch
# client` (it reports rsa_pss_pss_sha256); `latch server` with a PSS key
# -> `openssl s_client -sigalgs rsa_pss_pss_sha256` ("Peer signature
# type: RSA-PSS") and -> gnutls-cli (RSA-PSS-SHA256, GnuTLS's name for
# 0x0809); a latch client certificate with a PSS key -> `openssl s_server
# -Verify`; a client offering only rsa_pss_rsae_* to a PSS-only server,
# and only rsa_pss_pss_* to an rsaEncryption-only one, fails with
# handshake_failure and a sentence. Last, a latch server holding two P-256
# leaves, the first signed by an RSA CA, the second by an ECDSA CA:
# `openssl s_client -sigalgs` and gnutls-cli --priority limit the
# client's signature_algorithms (none of them sends
# signature_algorithms_cert, so that list stands for the certificates),
# and the chain latch sends is the one the list fits.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
need gnutls-cli gnutls-bin
need certtool gnutls-bin

pss=$work/pss
"$LATCH_SOURCE/scripts/make-pss-certs.sh" "$pss" >"$work/make-certs.log" 2>&1 ||
    { cat "$work/make-certs.log" >&2; fail_setup "scripts/make-pss-certs.sh failed"; }

# ---- the chains, three verifiers ----
# verify_row LEAF CA
verify_row() {
    leaf=$1 ca=$2
    out=$work/verify.out
    result=ok
    if ! openssl verify -x509_strict -CAfile "$pss/$ca.pem" "$pss/$leaf.chain.pem" >"$out" 2>&1; then
        result="FAIL: openssl verify refused it"
    elif ! certtool --verify --load-ca-certificate "$pss/$ca.pem" \
        --infile "$pss/$leaf.chain.pem" >>"$out" 2>&1 ||
        ! grep -q "Chain verification output: Verified" "$out"; then
        result="FAIL: certtool --verify refused it"
    elif ! timeout "$STEP_TIMEOUT" "$LATCH" verify --ca "$pss/$ca.pem" --host localhost \
        "$pss/$leaf.chain.pem" >>"$out" 2>&1; then
        result="FAIL: latch verify refused it"
    fi
    row "verify x3" "chain" "$leaf" "-" "valid" "$result" "$out"
}
verify_row pss pss-ca
verify_row pss-sha256 pss-ca
verify_row by-rsa rsa-ca
verify_row by-ec ec-ca
# latch names the PSS keys and the signature.
if "$LATCH" verify --ca "$pss/pss-ca.pem" --host localhost "$pss/pss-sha256.chain.pem" 2>&1 |
    grep -q "key:     RSA-PSS 2048; signed with RSASSA-PSS with SHA-256"; then
    row "latch verify" "chain" "pss-sha256" "-" "names" ok
else
    row "latch verify" "chain" "pss-sha256" "-" "names" "FAIL: no 'RSA-PSS 2048' key line"
fi

# start_s_server LOG ARGS...: `openssl s_server -www` for one connection
# on a run-time port; sets $pid and $port.
start_s_server() {
    log=$1
    shift
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 "$@" -www \
        -naccept 1
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
}

# ---- openssl s_server with a PSS key -> latch client ----
# client_row KEY S_SERVER_VERSION LATCH_VERSION
client_row() {
    key=$1 sversion=$2 lversion=$3
    log=$work/s_server.log
    start_s_server "$log" "$sversion" -cert "$pss/$key.chain.pem" -key "$pss/$key.key"
    err=$work/client.err
    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --sni localhost \
            --ca "$pss/pss-ca.pem" "$lversion" >"$work/client.out" 2>"$err"; then
        result="FAIL: latch client exited non-zero"
    elif ! grep -q "signature scheme rsa_pss_pss_sha256;" "$err"; then
        result="FAIL: latch does not report rsa_pss_pss_sha256"
    elif [ "$lversion" = --tls1_2 ] && ! grep -q "cipher suite TLS_ECDHE_RSA_" "$err"; then
        result="FAIL: latch did not negotiate an ECDHE_RSA suite"
    fi
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "$key" "${lversion#--}" "pss_pss" "$result" "$err"
}
for v in 1_3 1_2; do
    client_row pss "-tls$v" "--tls$v"
    client_row pss-sha256 "-tls$v" "--tls$v"
done

# ---- latch server with a PSS key -> openssl s_client, gnutls-cli ----
# start_server LOG CERT... : a latch server with only these --cert/--key
# pairs (names under $pss); sets $latch_pid and $latch_port.
start_server() {
    log=$1
    shift
    args=""
    for name in "$@"; do
        args="$args --cert $pss/$name.chain.pem --key $pss/$name.key"
    done
    # shellcheck disable=SC2086 # args is a list of options
    start_peer "$log" "$LATCH" server --bind 127.0.0.1 --port 0 --http $args
    latch_pid=$peer_pid
    latch_port=$(wait_for "$log" 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$latch_pid")
}

start_server "$work/latch-pss.log" pss-sha256
pss_port=$latch_port

# s_client_row VERSION SIGALGS WANT PORT CA NAME: WANT is ok (and the
# peer signature is RSA-PSS) or fail (handshake_failure).
s_client_row() {
    version=$1 sigalgs=$2 want=$3 port=$4 ca=$5 name=$6
    out=$work/s_client.out
    result=ok
    printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$port" "-tls$version" \
            -sigalgs "$sigalgs" -CAfile "$ca" -verify_return_error -servername localhost \
            -ign_eof >"$out" 2>&1 || true
    if [ "$want" = ok ]; then
        if ! grep -q "^Peer signature type: RSA-PSS$" "$out"; then
            result="FAIL: s_client did not see an RSA-PSS signature"
        elif ! grep -q "Verify return code: 0 (ok)" "$out" ||
            ! grep -q "^version: TLSv1.${version#1_}" "$out"; then
            result="FAIL: no verified TLS 1.${version#1_} session with a page"
        fi
    elif ! grep -q "alert handshake failure" "$out"; then
        result="FAIL: s_client did not get handshake_failure"
    fi
    row "openssl s_client" "-> latch server" "$name" "tls$version" "$sigalgs" "$result" "$out"
}
s_client_row 1_3 rsa_pss_pss_sha256 ok "$pss_port" "$pss/pss-ca.pem" pss-sha256
s_client_row 1_2 rsa_pss_pss_sha256 ok "$pss_port" "$pss/pss-ca.pem" pss-sha256
s_client_row 1_3 rsa_pss_rsae_sha256:rsa_pss_rsae_sha384 fail "$pss_port" "$pss/pss-ca.pem" pss-sha256
s_client_row 1_2 rsa_pss_rsae_sha256:rsa_pss_rsae_sha384 fail "$pss_port" "$pss/pss-ca.pem" pss-sha256
# The sentence latch wrote for the refusals.
if grep -q "none of this server's certificates signs with a scheme the client's signature_algorithms allows in TLS 1.3 (2 of its schemes do; this server's keys: RSA-PSS)" \
    "$work/latch-pss.log" && grep -q "no cipher suite in common" "$work/latch-pss.log"; then
    row "latch server" "log" "pss-sha256" "-" "sentence" ok
else
    row "latch server" "log" "pss-sha256" "-" "sentence" "FAIL: no sentence for the refusals" \
        "$work/latch-pss.log"
fi

# The reverse: an rsaEncryption-only latch server, a client that takes
# only rsa_pss_pss_*.
start_peer "$work/latch-rsa.log" "$LATCH" server --bind 127.0.0.1 --port 0 --http \
    --cert "$CERTS/rsa.pem" --key "$CERTS/rsa.key"
rsa_port=$(wait_for "$work/latch-rsa.log" 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' \
    "$peer_pid")
s_client_row 1_3 rsa_pss_pss_sha256:rsa_pss_pss_sha384 fail "$rsa_port" "$CERTS/ca.pem" rsa
s_client_row 1_2 rsa_pss_pss_sha256:rsa_pss_pss_sha384 fail "$rsa_port" "$CERTS/ca.pem" rsa

# gnutls_row VERSION PRIORITY_EXTRA WANT_SIG PORT CA NAME [CHECK_ISSUER]
gnutls_row() {
    version=$1 extra=$2 want=$3 port=$4 ca=$5 name=$6 issuer=${7:-}
    out=$work/gnutls.out
    fresh "$out"
    result=ok
    # shellcheck disable=SC2094 # hold_open reads what the client writes
    if ! { printf 'GET / HTTP/1.0\r\n\r\n'; hold_open "$out" "$HTTP_PAGE_END"; } |
        timeout "$STEP_TIMEOUT" gnutls-cli --x509cafile "$ca" -p "$port" localhost \
            --priority "NORMAL:-VERS-ALL:+VERS-TLS$version$extra" --print-cert >"$out" 2>&1; then
        result="FAIL: gnutls-cli exited non-zero"
    elif ! grep -q "^- Description: (TLS$version-X.509)-.*-($want)-" "$out"; then
        result="FAIL: gnutls-cli did not report $want"
    elif [ -n "$issuer" ] && ! grep -q "subject \`CN=by-.*, issuer \`CN=$issuer'" "$out"; then
        result="FAIL: the chain is not the one issued by $issuer"
    fi
    row "gnutls-cli" "-> latch server" "$name" "TLS$version" "$want" "$result" "$out"
}
gnutls_row 1.3 "" RSA-PSS-SHA256 "$pss_port" "$pss/pss-ca.pem" pss-sha256
gnutls_row 1.2 "" RSA-PSS-SHA256 "$pss_port" "$pss/pss-ca.pem" pss-sha256

# ---- a PSS client certificate -> openssl s_server -Verify ----
auth_row() {
    sversion=$1
    log=$work/s_server-auth.log
    start_s_server "$log" "$sversion" -cert "$pss/by-ec.chain.pem" -key "$pss/by-ec.key" \
        -Verify 1 -verify_return_error -CAfile "$pss/pss-ca.pem"
    out=$work/auth.out
    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --sni localhost \
            --ca "$pss/ec-ca.pem" --cert "$pss/pss-sha256.chain.pem" \
            --key "$pss/pss-sha256.key" >"$out" 2>&1; then
        result="FAIL: latch client exited non-zero"
    elif ! grep -q "^Peer signature type: RSA-PSS$" "$out" ||
        ! grep -q "Subject: CN=pss-sha256" "$out"; then
        result="FAIL: s_server's page shows no RSA-PSS client certificate"
    fi
    stop_peer "$pid"
    cat "$log" >>"$out"
    row "openssl s_server" "latch client cert ->" "pss-sha256" "${sversion#-}" "-Verify" \
        "$result" "$out"
}
auth_row -tls1_3
auth_row -tls1_2

# ---- the chain chosen by the client's schemes ----
start_server "$work/latch-choice.log" by-rsa by-ec
choice_port=$latch_port
cat "$pss/rsa-ca.pem" "$pss/ec-ca.pem" >"$work/both-ca.pem"

# choice_row VERSION SIGALGS ISSUER: the leaf s_client got was issued by
# ISSUER.
choice_row() {
    version=$1 sigalgs=$2 issuer=$3
    out=$work/choice.out
    result=ok
    printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$choice_port" \
            "-tls$version" -sigalgs "$sigalgs" -CAfile "$work/both-ca.pem" -verify_return_error \
            -servername localhost -ign_eof >"$out" 2>&1 || true
    if ! grep -q "Verify return code: 0 (ok)" "$out"; then
        result="FAIL: no verified session"
    elif ! grep -q "^ *i:CN = $issuer$" "$out"; then
        result="FAIL: the leaf was not issued by $issuer"
    fi
    row "openssl s_client" "-> latch server" "choice" "tls$version" "$sigalgs" "$result" "$out"
}
for v in 1_3 1_2; do
    choice_row "$v" ecdsa_secp256r1_sha256 "latch ECDSA test CA"
    choice_row "$v" ecdsa_secp256r1_sha256:rsa_pkcs1_sha256 "latch RSA test CA"
    choice_row "$v" rsa_pkcs1_sha256:ecdsa_secp256r1_sha256 "latch RSA test CA"
done
gnutls_row 1.3 ":-SIGN-ALL:+SIGN-ECDSA-SECP256R1-SHA256" ECDSA-SECP256R1-SHA256 "$choice_port" \
    "$work/both-ca.pem" choice "latch ECDSA test CA"
gnutls_row 1.2 ":-SIGN-ALL:+SIGN-ECDSA-SHA256" ECDSA-SHA256 "$choice_port" \
    "$work/both-ca.pem" choice "latch ECDSA test CA"
gnutls_row 1.3 ":-SIGN-ALL:+SIGN-ECDSA-SECP256R1-SHA256:+SIGN-RSA-SHA256" ECDSA-SECP256R1-SHA256 \
    "$choice_port" "$work/both-ca.pem" choice "latch RSA test CA"

finish
