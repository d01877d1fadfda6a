#!/bin/sh
# Python's ssl module (tests/interop/tls_client.py) against
# `latch server --http` and `--echo`: every suite of the matrix. Python
# cannot choose the client's groups, so each row goes to the server that
# accepts only the row's group; ECDSA rows need no help here because
# Python offers P-256 among its defaults.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need python3 python3
client=$LATCH_SOURCE/tests/interop/tls_client.py

start_group_servers --alpn http/1.1

# run_row SUITE OSSL_SUITE GROUP CHECK [CLIENT ARGS...]
run_row() {
    suite=$1 ossl=$2 group=$3 check=$4
    shift 4
    out=$work/client.out
    err=$work/client.err
    mode=http
    [ "$check" = echo ] && mode="echo"
    port=$(server_port "$group" "$mode")
    line="ping $suite $group"
    result=ok
    if [ "$mode" = echo ]; then
        set -- --echo "$line" "$@"
    else
        set -- --http /python "$@"
    fi
    if ! timeout "$STEP_TIMEOUT" python3 "$client" --port "$port" --ca "$CERTS/ca.pem" \
        --cipher "$ossl" --timeout "$STEP_TIMEOUT" "$@" >"$out" 2>"$err"; then
        result="FAIL: tls_client.py exited non-zero"
    elif ! grep -q "cipher $ossl " "$err"; then
        result="FAIL: python did not negotiate $ossl"
    elif [ "$mode" = echo ] && ! grep -qx "$line" "$out"; then
        result="FAIL: the line did not come back"
    elif [ "$mode" = http ] && { ! grep -q "^cipher suite: $suite$" "$out" ||
        ! grep -q "^group: $group$" "$out" || ! grep -q "^request: GET /python " "$out"; }; then
        result="FAIL: the page does not show $suite, $group and the request"
    elif [ "$check" = alpn ] && ! grep -q "^ALPN: http/1.1$" "$out"; then
        result="FAIL: http/1.1 was not negotiated"
    fi
    cat "$out" >>"$err"
    row "python ssl" "-> latch server" "$suite" "$group" "$check" "$result" "$err"
}

echo "$MATRIX_SUITES" | while read -r suite ossl _key; do
    for group in $MATRIX_GROUPS; do
        run_row "$suite" "$ossl" "$group" http
        run_row "$suite" "$ossl" "$group" echo
    done
done
run_row TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ECDHE-ECDSA-AES128-GCM-SHA256 x25519 alpn \
    --alpn h2 --alpn http/1.1
stop_group_servers

finish
