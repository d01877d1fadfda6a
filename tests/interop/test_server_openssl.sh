#!/bin/sh
# `openssl s_client -tls1_2` against `latch server --http` and `--echo`:
# every suite and group of the matrix, chosen by the client, then ALPN.
# The --http page names the suite and group the server negotiated; the
# echo rows send a line and expect it back.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl

openssl_groups() {
    client_groups "$1" "$2" | sed 's/x25519/X25519/g; s/secp256r1/P-256/g; s/secp384r1/P-384/g; s/ /:/g'
}

start_group_servers --alpn http/1.1

# run_row SUITE OSSL_SUITE KEY GROUP CHECK [S_CLIENT ARGS...]
run_row() {
    suite=$1 ossl=$2 key=$3 group=$4 check=$5
    shift 5
    out=$work/client.out
    err=$work/client.err
    http_port=$(server_port "$group" http)
    echo_port=$(server_port "$group" echo)
    set -- -tls1_2 -cipher "$ossl" -groups "$(openssl_groups "$group" "$key")" \
        -CAfile "$CERTS/ca.pem" -verify_return_error -servername localhost -brief "$@"
    result=ok
    if [ "$check" = echo ]; then
        line="ping $suite $group"
        # s_client stops at the end of its input: that ends once the line
        # is back.
        fresh "$out"
        # shellcheck disable=SC2094 # hold_open reads what the client writes
        if ! { printf '%s\n' "$line"; hold_open "$out" "^$line\$"; } |
            timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$echo_port" "$@" \
                >"$out" 2>"$err"; then
            result="FAIL: s_client exited non-zero"
        elif ! grep -qx "$line" "$out"; then
            result="FAIL: the line did not come back"
        fi
    else
        if ! printf 'GET / HTTP/1.0\r\n\r\n' |
            timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$http_port" -ign_eof \
                "$@" >"$out" 2>"$err"; then
            result="FAIL: s_client exited non-zero"
        elif ! grep -q "^cipher suite: $suite$" "$out" || ! grep -q "^group: $group$" "$out"; then
            result="FAIL: the page does not show $suite and $group"
        elif [ "$check" = alpn ] && ! grep -q "^ALPN: http/1.1$" "$out"; then
            result="FAIL: http/1.1 was not negotiated"
        fi
    fi
    if [ "$result" = ok ] && ! grep -q "Ciphersuite: $ossl" "$err"; then
        result="FAIL: s_client did not report $ossl"
    fi
    cat "$out" >>"$err"
    row "openssl s_client" "-> latch server" "$suite" "$group" "$check" "$result" "$err"
}

echo "$MATRIX_SUITES" | while read -r suite ossl key; do
    for group in $MATRIX_GROUPS; do
        run_row "$suite" "$ossl" "$key" "$group" http
        run_row "$suite" "$ossl" "$key" "$group" echo
    done
done
run_row TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ECDHE-ECDSA-AES256-GCM-SHA384 ecdsa x25519 alpn \
    -alpn h2,http/1.1
stop_group_servers

finish
