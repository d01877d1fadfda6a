#!/bin/sh
# Strict SNI and strict ALPN, the cross-protocol (ALPACA) defence, seen by
# `openssl s_client -tls1_2`: `latch server --strict-sni` answers a name
# its certificates do not cover (or no name) with a fatal
# unrecognized_name (112), and `--strict-alpn --alpn http/1.1` answers a
# client without that protocol (or without ALPN) with a fatal
# no_application_protocol (120); the matching client is served, and
# without the options the same clients are served as before.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl

# check PORT LOG WHAT EXPECT [S_CLIENT ARGS...]: EXPECT is "served", or
# the alert number the client must report and the server must log.
check() {
    port=$1 log=$2 what=$3 expect=$4
    shift 4
    out=$work/client.out
    err=$work/client.err
    want=$([ "$expect" = 112 ] && echo "strict SNI" || echo "ALPN")
    logged=$(grep -c "$want" "$log" || true)
    status=0
    printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$port" -tls1_2 -ign_eof \
            -CAfile "$CERTS/ca.pem" "$@" >"$out" 2>"$err" || status=$?
    result=ok
    if [ "$expect" = served ]; then
        if [ "$status" -ne 0 ] || ! grep -q "^cipher suite: " "$out"; then
            result="FAIL: not served (s_client status $status)"
        fi
    elif [ "$status" -eq 0 ]; then
        result="FAIL: the handshake passed; expected alert $expect"
    elif ! grep -q "alert number $expect" "$err"; then
        result="FAIL: s_client did not report alert $expect"
    else
        # The server logs why as it closes the connection: one more line.
        tries=$((STEP_TIMEOUT * 10))
        while [ "$(grep -c "$want" "$log" || true)" -le "$logged" ] && [ "$tries" -gt 0 ]; do
            sleep 0.1
            tries=$((tries - 1))
        done
        [ "$tries" -gt 0 ] || result="FAIL: the server did not log why"
    fi
    cat "$out" >>"$err"
    row "openssl s_client" "-> latch server" "$what" - "$expect" "$result" "$err"
}

start_latch_server "$work/sni.log" --http --strict-sni
check "$latch_port" "$work/sni.log" "--strict-sni, -servername localhost" served \
    -servername localhost
check "$latch_port" "$work/sni.log" "--strict-sni, -servername other.example" 112 \
    -servername other.example
check "$latch_port" "$work/sni.log" "--strict-sni, -noservername" 112 -noservername
stop_peer "$latch_pid"

start_latch_server "$work/alpn.log" --http --alpn http/1.1 --strict-alpn
check "$latch_port" "$work/alpn.log" "--strict-alpn, -alpn http/1.1" served -servername localhost \
    -alpn http/1.1
check "$latch_port" "$work/alpn.log" "--strict-alpn, -alpn imap" 120 -servername localhost -alpn imap
check "$latch_port" "$work/alpn.log" "--strict-alpn, no -alpn" 120 -servername localhost
stop_peer "$latch_pid"

# Without the options: any name and no ALPN are served (the default).
start_latch_server "$work/plain.log" --http --alpn http/1.1
check "$latch_port" "$work/plain.log" "default, -servername other.example" served \
    -servername other.example
check "$latch_port" "$work/plain.log" "default, no -alpn" served -servername localhost
stop_peer "$latch_pid"

finish
