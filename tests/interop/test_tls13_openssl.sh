#!/bin/sh
# TLS 1.3 against OpenSSL, both directions (RFC 8446). latch client
# against `openssl s_server -tls1_3 -www`: each of the three suites
# (-ciphersuites) with each group (-groups); latch offers an x25519 share
# first, so the P-256 and P-384 rows go through a HelloRetryRequest, and
# -stateless makes one with a cookie. The
# request goes one way and the page, which names what OpenSSL negotiated,
# the other. Then `openssl s_client -tls1_3` against `latch server
# --http`, each suite and group, one row with a HelloRetryRequest (the
# client's first share is x448, which latch does not take by default),
# and an echo row. Last, the downgrade check must not fire against
# `openssl s_server -tls1_2` (OpenSSL sets the sentinel only when it
# could do TLS 1.3).
#
# The suite choice (--ciphersuites, latch_config_set_tls13_suites) both
# ways: latch client offering one suite to an s_server that prefers the
# other two (-serverpref), latch client's own order, latch server's order
# over s_client's, and a suite mismatch each way, whose sentence must name
# the suites. x448 both ways (-groups X448).
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl

SUITES13="TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256"

# client_row SUITE GROUP KEY CHECK S_SERVER_VERSION [LATCH ARGS...]
client_row() {
    suite=$1 group=$2 key=$3 check=$4 version=$5
    shift 5
    log=$work/server.log
    # shellcheck disable=SC2086 # S_SERVER_EXTRA is a list of options
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 "$version" \
        -cert "$CERTS/$key.pem" -key "$CERTS/$key.key" -ciphersuites "${S_SERVER_SUITES:-$suite}" \
        -groups "$(openssl_group "$group")" -www -naccept 1 ${S_SERVER_EXTRA:-}
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
    out=$work/client.out
    err=$work/client.err
    want=TLSv1.3
    [ "$version" = -tls1_2 ] && want=TLSv1.2
    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" "$@" \
            >"$out" 2>"$err"; then
        result="FAIL: latch client exited non-zero"
    elif [ "$want" = TLSv1.3 ] && ! grep -q "New, TLSv1.3, Cipher is $suite" "$out"; then
        result="FAIL: the page does not show TLSv1.3 with $suite"
    elif [ "$want" = TLSv1.3 ] && ! grep -q "with TLSv1.3, cipher suite $suite " "$err"; then
        result="FAIL: latch does not report TLSv1.3 with $suite"
    elif ! grep -q "with $want, .* group $group," "$err"; then
        result="FAIL: latch does not report $want with group $group"
    fi
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "$suite" "$group" "$check" "$result" "$err"
}

for suite in $SUITES13; do
    for group in $MATRIX_GROUPS; do
        check=data
        [ "$group" != x25519 ] && check=hrr
        client_row "$suite" "$group" ecdsa "$check" -tls1_3 --tls1_3
    done
done
client_row TLS_AES_256_GCM_SHA384 x25519 rsa rsa-pss -tls1_3 --tls1_3
# -stateless: s_server answers every first ClientHello with a
# HelloRetryRequest carrying a cookie, which the second must echo (RFC
# 8446 4.2.2).
S_SERVER_EXTRA=-stateless client_row TLS_AES_128_GCM_SHA256 x25519 ecdsa cookie -tls1_3 --tls1_3
client_row TLS_AES_128_GCM_SHA256 x25519 ecdsa range -tls1_3
# RFC 8446 4.1.3: a TLS 1.2-only OpenSSL sets no sentinel; latch offering
# both versions must settle on TLS 1.2 without alarm.
client_row TLS_AES_128_GCM_SHA256 x25519 ecdsa downgrade -tls1_2
client_row TLS_AES_256_GCM_SHA384 x448 ecdsa x448 -tls1_3 --tls1_3 --groups x448

ALL13=TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256
# latch client offers SUITE alone; s_server accepts all three, the other
# two first by its own order (-serverpref), so any other offer wins.
for suite in $SUITES13; do
    others=$(echo "$ALL13" | tr ':' '\n' | grep -vx "$suite" | paste -sd:)
    S_SERVER_SUITES="$others:$suite" S_SERVER_EXTRA=-serverpref \
        client_row "$suite" x25519 ecdsa offer-one -tls1_3 --tls1_3 --ciphersuites "$suite"
done
# latch client's order: s_server follows the client's by default.
S_SERVER_SUITES=$ALL13 client_row TLS_CHACHA20_POLY1305_SHA256 x25519 ecdsa client-order \
    -tls1_3 --tls1_3 --ciphersuites TLS_CHACHA20_POLY1305_SHA256:$ALL13

# No suite in common: latch client offers ChaCha20 alone, s_server takes
# AES-128 alone and sends handshake_failure; latch's sentence names what
# it offered.
log=$work/server.log
start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_3 \
    -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -ciphersuites TLS_AES_128_GCM_SHA256 -www \
    -naccept 1
pid=$peer_pid
port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
err=$work/client.err
want="handshake_failure (40), most often for want of a cipher suite in common: for TLS 1.3 the \
client offered TLS_CHACHA20_POLY1305_SHA256 only"
result=ok
if timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" --tls1_3 \
    --ciphersuites TLS_CHACHA20_POLY1305_SHA256 </dev/null >"$work/client.out" 2>"$err"; then
    result="FAIL: latch client connected"
elif ! grep -qF "$want" "$err"; then
    result="FAIL: latch's error does not name the suite it offered"
fi
stop_peer "$pid"
cat "$log" >>"$err"
row "openssl s_server" "latch client ->" TLS_CHACHA20_POLY1305_SHA256 x25519 mismatch "$result" "$err"

start_latch_server "$work/latch-http.log" --http
http_port=$latch_port
start_latch_server "$work/latch-echo.log" --echo
echo_port=$latch_port

# server_row SUITE GROUP CHECK S_CLIENT_GROUPS [S_CLIENT ARGS...]
server_row() {
    suite=$1 group=$2 check=$3 groups=$4
    shift 4
    out=$work/client.out
    err=$work/client.err
    set -- -tls1_3 -ciphersuites "${S_CLIENT_SUITES:-$suite}" -groups "$groups" -CAfile "$CERTS/ca.pem" \
        -verify_return_error -servername localhost "$@"
    result=ok
    if [ "$check" = echo ]; then
        line="ping $suite $group"
        fresh "$out"
        # shellcheck disable=SC2094 # hold_open reads what the client writes
        if ! { printf '%s\n' "$line"; hold_open "$out" "^$line\$"; } |
            timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$echo_port" -brief "$@" \
                >"$out" 2>"$err"; then
            result="FAIL: s_client exited non-zero"
        elif ! grep -qx "$line" "$out"; then
            result="FAIL: the line did not come back"
        fi
    elif ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$http_port" -ign_eof \
            -brief "$@" >"$out" 2>"$err"; then
        result="FAIL: s_client exited non-zero"
    elif ! grep -q "^version: TLSv1.3$" "$out" || ! grep -q "^cipher suite: $suite$" "$out" ||
        ! grep -q "^group: $group$" "$out"; then
        result="FAIL: the page does not show TLSv1.3, $suite and $group"
    fi
    if [ "$result" = ok ] && { ! grep -q "Protocol version: TLSv1.3" "$err" ||
        ! grep -q "Ciphersuite: $suite" "$err"; }; then
        result="FAIL: s_client did not report TLSv1.3 with $suite"
    fi
    cat "$out" >>"$err"
    row "openssl s_client" "-> latch server" "$suite" "$group" "$check" "$result" "$err"
}

for suite in $SUITES13; do
    for group in $MATRIX_GROUPS; do
        server_row "$suite" "$group" data "$(openssl_group "$group")"
    done
done
server_row TLS_AES_128_GCM_SHA256 secp384r1 hrr X448:P-384
server_row TLS_CHACHA20_POLY1305_SHA256 x25519 echo X25519

# latch server's --ciphersuites order wins over s_client's, which puts
# AES-128 first; x448 when latch server takes it (--groups x448).
for order in TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256 \
    TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256; do
    start_latch_server "$work/latch-order.log" --http --ciphersuites "$order"
    http_port=$latch_port
    S_CLIENT_SUITES=$ALL13 server_row "${order%%:*}" x25519 server-order X25519
    stop_peer "$latch_pid"
done
start_latch_server "$work/latch-x448.log" --http --groups x448
http_port=$latch_port
server_row TLS_AES_128_GCM_SHA256 x448 x448 X448
stop_peer "$latch_pid"

# No suite in common: the server's line names both sides' suites.
start_latch_server "$work/latch-mismatch.log" --http --tls1_3 \
    --ciphersuites TLS_CHACHA20_POLY1305_SHA256
err=$work/client.err
result=ok
if timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$latch_port" -tls1_3 \
    -ciphersuites TLS_AES_128_GCM_SHA256 </dev/null >"$err" 2>&1; then
    result="FAIL: s_client connected"
elif ! wait_line "$work/latch-mismatch.log" "no TLS 1.3 cipher suite in common: the client offers \
TLS_AES_128_GCM_SHA256, this server accepts TLS_CHACHA20_POLY1305_SHA256" 2>>"$err"; then
    result="FAIL: latch server's line does not name both sides' suites"
fi
stop_peer "$latch_pid"
cat "$work/latch-mismatch.log" >>"$err"
row "openssl s_client" "-> latch server" TLS_AES_128_GCM_SHA256 x25519 mismatch "$result" "$err"

finish
