#!/bin/sh
# Client certificates (RFC 5246 7.4.4, 7.4.6, 7.4.8) with real peers:
# `openssl s_client -cert` and `gnutls-cli --x509certfile` against
# `latch server --verify-client --require-client-cert`, whose --http page
# says whether the client's certificate was verified; and `latch client
# --cert` against `openssl s_server -Verify 1`, whose -www page shows the
# client certificate it received. A client without a certificate fails
# against either server. The client certificates are the e2e fixtures
# (tests/data/e2e, extendedKeyUsage clientAuth, issued by e2e/ca.pem);
# the servers use the interop ones.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
need gnutls-cli gnutls-bin

E2E=$LATCH_TESTDATA/e2e
request() { printf 'GET / HTTP/1.0\r\n\r\n'; }

start_latch_server "$work/latch.log" --verify-client "$E2E/ca.pem" --require-client-cert

# openssl_to_latch KEY: s_client with the e2e KEY's certificate, or none
# when KEY is "none".
openssl_to_latch() {
    key=$1
    out=$work/client.out
    set --
    [ "$key" != none ] && set -- -cert "$E2E/$key.chain.pem" -key "$E2E/$key.key"
    request | timeout "$STEP_TIMEOUT" openssl s_client -connect \
        "127.0.0.1:$latch_port" -tls1_2 -CAfile "$CERTS/ca.pem" -quiet "$@" >"$out" 2>&1 || true
    result=ok
    if [ "$key" = none ]; then
        if grep -q "^client certificate:" "$out"; then
            result="FAIL: the server answered a client without a certificate"
        elif ! wait_line "$work/latch.log" "no certificate, and this server requires one"; then
            result="FAIL: the server did not say it requires a certificate"
        fi
    elif ! grep -q "^client certificate: verified$" "$out"; then
        result="FAIL: the page does not say the client certificate was verified"
    fi
    cat "$work/latch.log" >>"$out"
    row "openssl s_client" "-> latch server" "client key $key" - required "$result" "$out"
}

gnutls_to_latch() {
    key=$1
    out=$work/client.out
    result=ok
    # gnutls-cli stops at the end of its input: that ends with the page.
    fresh "$out"
    # shellcheck disable=SC2094 # hold_open reads what the client writes
    if ! { request; hold_open "$out" "$HTTP_PAGE_END"; } |
        timeout "$STEP_TIMEOUT" gnutls-cli --port "$latch_port" --x509cafile "$CERTS/ca.pem" \
            --x509certfile "$E2E/$key.chain.pem" --x509keyfile "$E2E/$key.key" 127.0.0.1 \
            >"$out" 2>&1; then
        result="FAIL: gnutls-cli exited non-zero"
    elif ! grep -q "^client certificate: verified$" "$out"; then
        result="FAIL: the page does not say the client certificate was verified"
    fi
    row "gnutls-cli" "-> latch server" "client key $key" - required "$result" "$out"
}

# One-connection `openssl s_server -Verify 1` trusting the e2e CA; sets
# log, pid and port.
start_verifying_openssl() {
    log=$work/s_server.log
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -Verify 1 -CAfile "$E2E/ca.pem" \
        -www -naccept 1
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
}

latch_to_openssl() {
    key=$1 subject=$2
    start_verifying_openssl
    set --
    [ "$key" != none ] && set -- --cert "$E2E/$key.chain.pem" --key "$E2E/$key.key"
    out=$work/client.out
    err=$work/client.err
    result=ok
    if request | timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" \
        --ca "$CERTS/ca.pem" "$@" >"$out" 2>"$err"; then
        if [ "$key" = none ]; then
            result="FAIL: the handshake passed without a client certificate"
        elif ! grep -q "^Client certificate" "$out" || ! grep -q "Subject: CN *= *$subject$" "$out"; then
            result="FAIL: the page does not show the client certificate CN=$subject"
        fi
    elif [ "$key" != none ]; then
        result="FAIL: latch client exited non-zero"
    elif ! grep -q "handshake_failure" "$err"; then
        result="FAIL: latch client did not report the server's handshake_failure"
    fi
    stop_peer "$pid"
    cat "$out" "$log" >>"$err"
    row "openssl s_server" "latch client ->" "client key $key" - "-Verify 1" "$result" "$err"
}

# `latch trace --cert` shows the client's side of client authentication:
# the server's CertificateRequest, then our Certificate and
# CertificateVerify, each with why it is there.
trace_to_openssl() {
    key=$1
    start_verifying_openssl
    out=$work/trace.out
    result=ok
    if ! timeout "$STEP_TIMEOUT" "$LATCH" trace "127.0.0.1:$port" --sni localhost \
        --ca "$CERTS/ca.pem" --cert "$E2E/$key.chain.pem" --key "$E2E/$key.key" \
        >"$out" 2>&1; then
        result="FAIL: latch trace exited non-zero"
    else
        for line in "server -> client  CertificateRequest" "client -> server  Certificate " \
            "client -> server  CertificateVerify" "^HTTP response: HTTP/1.0 200 ok"; do
            grep -q "$line" "$out" || result="FAIL: the trace has no line '$line'"
        done
    fi
    stop_peer "$pid"
    cat "$log" >>"$out"
    row "openssl s_server" "latch trace ->" "client key $key" - "-Verify 1" "$result" "$out"
}

for key in ecdsa-p256 ecdsa-p384 ed25519 rsa2048 none; do
    openssl_to_latch "$key"
done
for key in ecdsa-p256 rsa2048; do
    gnutls_to_latch "$key"
done
latch_to_openssl ecdsa-p256 ecdsa-p256
latch_to_openssl rsa2048 rsa2048
latch_to_openssl ed25519 ed25519
latch_to_openssl none -
trace_to_openssl ecdsa-p256
finish
