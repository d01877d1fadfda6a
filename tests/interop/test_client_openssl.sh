#!/bin/sh
# latch client against `openssl s_server -tls1_2 -www`: every suite and
# group of the matrix, chosen by the server, then ALPN. The client sends
# an HTTP request; s_server answers with a page naming the suite it
# negotiated and closes with close_notify.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl

# run_row SUITE OSSL_SUITE GROUP CHECK [CLIENT ARGS...]
run_row() {
    suite=$1 ossl=$2 group=$3 check=$4
    shift 4
    alpn_server=""
    [ "$check" = alpn ] && alpn_server="-alpn http/1.1"
    log=$work/server.log
    # shellcheck disable=SC2086
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" \
        -dcert "$CERTS/rsa.pem" -dkey "$CERTS/rsa.key" \
        -cipher "$ossl" -groups "$(openssl_group "$group")" $alpn_server -www -naccept 1
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
    out=$work/client.out
    err=$work/client.err
    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" "$@" \
            >"$out" 2>"$err"; then
        result="FAIL: latch client exited non-zero"
    elif ! grep -q "Cipher is $ossl" "$out"; then
        result="FAIL: the page does not show $ossl"
    elif ! grep -q "cipher suite $suite " "$err" || ! grep -q "group $group," "$err"; then
        result="FAIL: the summary does not show $suite and $group"
    elif [ "$check" = alpn ] && ! grep -q "ALPN http/1.1;" "$err"; then
        result="FAIL: http/1.1 was not negotiated"
    fi
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "$suite" "$group" "$check" "$result" "$err"
}

echo "$MATRIX_SUITES" | while read -r suite ossl _key; do
    for group in $MATRIX_GROUPS; do
        run_row "$suite" "$ossl" "$group" data
    done
done
run_row TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ECDHE-ECDSA-AES128-GCM-SHA256 x25519 alpn \
    --alpn h2,http/1.1 --sni localhost
run_row TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 ECDHE-RSA-AES256-GCM-SHA384 secp256r1 alpn \
    --alpn h2,http/1.1 --sni localhost

finish
