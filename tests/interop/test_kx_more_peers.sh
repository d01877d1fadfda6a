#!/bin/sh
# The suites and groups issue 15 added, and the TLS 1.2 meaning of an
# ECDSA scheme, against real peers:
# - the four DHE-RSA CBC suites: openssl s_client and gnutls-cli against
#   `latch server --ciphers ALL`, and latch client against openssl s_server;
# - x448 (RFC 8422): openssl both ways;
# - RFC 7919: gnutls-cli naming only ffdhe8192 gets no DHE from a server
#   without it, and DHE on ffdhe8192 from one that enables it;
# - latch client against a stock `openssl s_server -tls1_2` with a P-384
#   certificate, which signs with ecdsa_secp256r1_sha256 (RFC 8446 4.2.3:
#   the curve binding is a TLS 1.3 rule).
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
need gnutls-cli gnutls-bin

E2E=$LATCH_TESTDATA/e2e

start_latch_server "$work/all.log" --http --ciphers ALL
all_port=$latch_port

# page_shows OUT SUITE GROUP: the --http page names the suite and group.
page_shows() {
    grep -q "^cipher suite: $2$" "$1" && grep -q "^group: $3$" "$1"
}

# DHE-RSA CBC rows: IANA name, OpenSSL name, GnuTLS cipher and MAC.
DHE_CBC="TLS_DHE_RSA_WITH_AES_128_CBC_SHA DHE-RSA-AES128-SHA AES-128-CBC SHA1
TLS_DHE_RSA_WITH_AES_256_CBC_SHA DHE-RSA-AES256-SHA AES-256-CBC SHA1
TLS_DHE_RSA_WITH_AES_128_CBC_SHA256 DHE-RSA-AES128-SHA256 AES-128-CBC SHA256
TLS_DHE_RSA_WITH_AES_256_CBC_SHA256 DHE-RSA-AES256-SHA256 AES-256-CBC SHA256"

echo "$DHE_CBC" | while read -r suite ossl gcipher gmac; do
    out=$work/client.out
    err=$work/client.err
    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$all_port" -tls1_2 \
            -cipher "$ossl" -CAfile "$CERTS/ca.pem" -verify_return_error -servername localhost \
            -brief -ign_eof >"$out" 2>"$err"; then
        result="FAIL: s_client exited non-zero"
    elif ! page_shows "$out" "$suite" ffdhe2048; then
        result="FAIL: the page does not show $suite and ffdhe2048"
    elif ! grep -q "^encrypt-then-MAC: yes$" "$out"; then
        result="FAIL: encrypt_then_mac was not used"
    fi
    cat "$out" >>"$err"
    row "openssl s_client" "-> latch server" "$suite" ffdhe2048 http "$result" "$err"

    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" gnutls-cli --port "$all_port" --x509cafile "$CERTS/ca.pem" \
            --priority "NONE:+VERS-TLS1.2:+$gcipher:+$gmac:+DHE-RSA:+SIGN-ALL:+COMP-NULL:+GROUP-FFDHE2048" \
            127.0.0.1 >"$out" 2>"$err"; then
        result="FAIL: gnutls-cli exited non-zero"
    elif ! grep -q "(DHE-FFDHE2048)-.*($gcipher)-($gmac)" "$out"; then
        result="FAIL: gnutls-cli did not negotiate DHE-FFDHE2048 with $gcipher and $gmac"
    elif ! page_shows "$out" "$suite" ffdhe2048; then
        result="FAIL: the page does not show $suite and ffdhe2048"
    fi
    cat "$out" >>"$err"
    row "gnutls-cli" "-> latch server" "$suite" ffdhe2048 http "$result" "$err"

    log=$work/s_server-$ossl.log
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
        -cert "$CERTS/rsa.pem" -key "$CERTS/rsa.key" -cipher "$ossl" -www -naccept 1
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" \
            --sni localhost --ciphers "$ossl" >"$out" 2>"$err"; then
        result="FAIL: latch client exited non-zero"
    elif ! grep -q "Cipher is $ossl" "$out" || ! grep -q "cipher suite $suite " "$err"; then
        result="FAIL: $suite was not negotiated"
    elif ! grep -q "encrypt-then-MAC yes" "$err"; then
        result="FAIL: encrypt_then_mac was not used"
    fi
    stop_peer "$pid"
    cat "$out" "$log" >>"$err"
    row "openssl s_server" "latch client ->" "$suite" DH http "$result" "$err"
done

# x448, both ways, with RSA certificates: an ECDSA certificate's curve
# would have to be among the client's groups too (RFC 8422 5.1).
start_latch_server "$work/x448.log" --http --groups x448
x448_port=$latch_port
out=$work/client.out
err=$work/client.err
result=ok
if ! printf 'GET / HTTP/1.0\r\n\r\n' |
    timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$x448_port" -tls1_2 \
        -groups X448 -cipher ECDHE-RSA-AES128-GCM-SHA256 -CAfile "$CERTS/ca.pem" \
        -verify_return_error -servername localhost -brief -ign_eof >"$out" 2>"$err"; then
    result="FAIL: s_client exited non-zero"
elif ! page_shows "$out" TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 x448; then
    result="FAIL: the page does not show x448"
elif ! grep -q "Server Temp Key: X448" "$err"; then
    result="FAIL: s_client did not see an X448 key"
fi
cat "$out" >>"$err"
row "openssl s_client" "-> latch server" TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 x448 http \
    "$result" "$err"

log=$work/s_server-x448.log
start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
    -cert "$CERTS/rsa.pem" -key "$CERTS/rsa.key" -groups X448 -www -naccept 1
pid=$peer_pid
port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
result=ok
if ! printf 'GET / HTTP/1.0\r\n\r\n' |
    timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" \
        --sni localhost --groups x448 >"$out" 2>"$err"; then
    result="FAIL: latch client exited non-zero"
elif ! grep -q "group x448," "$err"; then
    result="FAIL: x448 was not negotiated"
fi
stop_peer "$pid"
cat "$out" "$log" >>"$err"
row "openssl s_server" "latch client ->" TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 x448 http \
    "$result" "$err"

# RFC 7919 4: a client naming only ffdhe8192 and offering only DHE.
ffdhe8192_prio="NONE:+VERS-TLS1.2:+AES-128-GCM:+AEAD:+DHE-RSA:+SIGN-ALL:+COMP-NULL:+GROUP-FFDHE8192"
result=ok
if printf 'GET / HTTP/1.0\r\n\r\n' |
    timeout "$STEP_TIMEOUT" gnutls-cli --port "$all_port" --x509cafile "$CERTS/ca.pem" \
        --priority "$ffdhe8192_prio" 127.0.0.1 >"$out" 2>"$err"; then
    result="FAIL: the handshake succeeded without a shared FFDHE group"
elif ! grep -qi "insufficient.security\|Insufficient security" "$out" "$err"; then
    result="FAIL: gnutls-cli did not receive insufficient_security"
fi
cat "$out" >>"$err"
row "gnutls-cli" "-> latch server" TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 "ffdhe8192?" refused \
    "$result" "$err"

start_latch_server "$work/ffdhe.log" --http --groups x25519:ffdhe8192
result=ok
if ! printf 'GET / HTTP/1.0\r\n\r\n' |
    timeout "$STEP_TIMEOUT" gnutls-cli --port "$latch_port" --x509cafile "$CERTS/ca.pem" \
        --priority "$ffdhe8192_prio" 127.0.0.1 >"$out" 2>"$err"; then
    result="FAIL: gnutls-cli exited non-zero"
elif ! grep -q "(DHE-FFDHE8192)" "$out" ||
    ! page_shows "$out" TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 ffdhe8192; then
    result="FAIL: DHE on ffdhe8192 was not negotiated"
fi
cat "$out" >>"$err"
row "gnutls-cli" "-> latch server" TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 ffdhe8192 http \
    "$result" "$err"

# A stock OpenSSL server with a P-384 certificate, default options.
log=$work/s_server-p384.log
start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
    -cert "$E2E/ecdsa-p384.chain.pem" -key "$E2E/ecdsa-p384.key" -www -naccept 1
pid=$peer_pid
port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
result=ok
if ! printf 'GET / HTTP/1.0\r\n\r\n' |
    timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$E2E/ca.pem" \
        --sni localhost >"$out" 2>"$err"; then
    result="FAIL: latch client exited non-zero"
elif ! grep -q "signature scheme ecdsa_secp256r1_sha256;" "$err"; then
    result="FAIL: the server did not sign with ecdsa_secp256r1_sha256"
elif ! grep -q "Cipher is ECDHE-ECDSA-" "$out"; then
    result="FAIL: the page did not arrive"
fi
stop_peer "$pid"
cat "$out" "$log" >>"$err"
row "openssl s_server" "latch client ->" "P-384 cert, ecdsa_secp256r1_sha256" x25519 http \
    "$result" "$err"

finish
