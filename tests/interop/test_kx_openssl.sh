#!/bin/sh
# The suites of issue 5 (RSA key transport, DHE, ECDHE with CBC) with
# OpenSSL both ways, encrypt_then_mac on and off (-no_etm) for CBC:
# `latch client` against `openssl s_server -www`, and `openssl s_client`
# against `latch server --http --ciphers ALL`. Each side must report the
# suite, and latch whether records were encrypt-then-MAC.
#
# The latch client runs with --insecure: these rows are about key
# exchange and record protection, and chain validation is tested apart.
set -eu
. "$(dirname "$0")/interop_lib.sh"
. "$(dirname "$0")/kx_lib.sh"

need_latch
need openssl openssl

# client_row SUITE OSSL KEY MAC MODE
client_row() {
    suite=$1 ossl=$2 key=$3 mode=$5
    no_etm=""
    [ "$mode" = no-etm ] && no_etm=-no_etm
    log=$work/server.log
    # shellcheck disable=SC2086
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
        -cert "$CERTS/$key.pem" -key "$CERTS/$key.key" -cipher "$ossl" $no_etm -www -naccept 1
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
    out=$work/client.out
    err=$work/client.err
    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --insecure --ciphers "$suite" \
            >"$out" 2>"$err"; then
        result="FAIL: latch client exited non-zero"
    elif ! grep -q "Cipher is $ossl" "$out"; then
        result="FAIL: the s_server page does not show $ossl"
    else
        why=$(summary_check "$err" "$suite" "$mode")
        [ -n "$why" ] && result=$why
    fi
    stop_peer "$pid"
    group=$(reported_group "$err")
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "$suite" "$group" "$mode" "$result" "$err"
}

# server_row SUITE OSSL KEY MAC MODE
server_row() {
    suite=$1 ossl=$2 mode=$5
    no_etm=""
    [ "$mode" = no-etm ] && no_etm=-no_etm
    out=$work/client.out
    err=$work/client.err
    result=ok
    # shellcheck disable=SC2086
    # -ign_eof: s_client reads on after its input ends, until the server
    # closes the connection after the page.
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$latch_port" -tls1_2 \
            -CAfile "$CERTS/ca.pem" -cipher "$ossl" $no_etm -ign_eof >"$out" 2>"$err"; then
        result="FAIL: openssl s_client exited non-zero"
    elif ! grep -q "Cipher is $ossl" "$out"; then
        result="FAIL: s_client did not negotiate $ossl"
    else
        why=$(page_check "$out" "$suite" "$mode")
        [ -n "$why" ] && result=$why
    fi
    group=$(reported_group "$out")
    cat "$out" >>"$err"
    row "openssl s_client" "-> latch server" "$suite" "$group" "$mode" "$result" "$err"
}

echo "$KX_SUITES" | while read -r suite ossl key _kx _cipher mac; do
    for mode in $(etm_modes "$mac"); do
        client_row "$suite" "$ossl" "$key" "$mac" "$mode"
    done
done

start_latch_server "$work/latch.log" --http --ciphers ALL
echo "$KX_SUITES" | while read -r suite ossl key _kx _cipher mac; do
    for mode in $(etm_modes "$mac"); do
        server_row "$suite" "$ossl" "$key" "$mac" "$mode"
    done
done
stop_peer "$latch_pid"

finish
