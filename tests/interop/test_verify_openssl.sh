#!/bin/sh
# latch client against `openssl s_server` serving a valid chain, an expired
# certificate, a certificate for another name and an untrusted one: the
# client must fail with the matching error and sentence, and s_server must
# log the alert latch sent (its number, RFC 5246 7.2).
set -eu
. "$(dirname "$0")/interop_lib.sh"

need openssl openssl
[ -x "$LATCH" ] || fail_setup "$LATCH is missing; build latch first"
D=$LATCH_TESTDATA/verify

# run_row NAME CERT KEY CA SNI WANT_TEXT ALERT
# ALERT is the alert number s_server must report, or "-" for success.
run_row() {
    name=$1 cert=$2 key=$3 ca=$4 sni=$5 want=$6 alert=$7
    log=$work/server.log
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
        -cert "$D/$cert" -key "$D/$key" -cert_chain "$D/int.pem" -www -naccept 1
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
    err=$work/client.err
    result=ok
    status=0
    printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$D/$ca" --sni "$sni" \
            >"$work/client.out" 2>"$err" || status=$?
    if [ "$alert" = - ]; then
        [ "$status" -eq 0 ] || result="FAIL: latch client exited $status"
    elif [ "$status" -eq 0 ]; then
        result="FAIL: latch client accepted the chain"
    elif ! grep -qF -- "$want" "$err"; then
        result="FAIL: the client's error does not say '$want'"
    else
        # s_server -naccept 1 ends after this connection (timeout bounds it).
        wait "$pid" 2>/dev/null || true
        grep -q "SSL alert number $alert" "$log" ||
            result="FAIL: s_server did not receive alert $alert"
    fi
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "$name" "-" "verify" "$result" "$err"
}

run_row valid good.pem good.key root.pem good.example "" -
run_row valid-wildcard good.pem good.key root.pem www.wild.example "" -
run_row expired expired.pem expired.key root.pem expired.example \
    "certificate CN=expired.example expired" 45
run_row wrong-host good.pem good.key root.pem wrong.example \
    "does not cover wrong.example" 42
run_row untrusted good.pem good.key root-a.pem good.example \
    "is not a trust anchor" 48

finish
