#!/bin/sh
# `latch server --tls13-tickets N` (RFC 8446 4.6.1): openssl s_client
# -tls1_3 counts the NewSessionTickets that follow the handshake, N of
# them for N = 0, 1, 3 and 8 (the default, 2, is in
# test_resume13_openssl.sh's resumptions); a count past 8 is a usage
# error that says the range.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl

# tickets_row N: s_client must see N tickets from `latch server --tls13-tickets N`.
tickets_row() {
    start_latch_server "$work/latch.log" --http --workers 1 --tls13-tickets "$1"
    out=$work/s_client.out
    result=ok
    # -ign_eof keeps s_client reading until --http closes, so every
    # ticket sent after the handshake is read.
    if ! printf 'GET / HTTP/1.0\r\n\r\n' | timeout "$STEP_TIMEOUT" openssl s_client \
        -connect "127.0.0.1:$latch_port" -tls1_3 -CAfile "$CERTS/ca.pem" -servername localhost \
        -ign_eof >"$out" 2>&1; then
        result="FAIL: s_client failed"
    elif ! grep -q "^request: GET / HTTP/1.0" "$out"; then
        result="FAIL: the page did not arrive"
    else
        got=$(grep -c "Post-Handshake New Session Ticket arrived" "$out" || true)
        [ "$got" -eq "$1" ] || result="FAIL: s_client saw $got tickets, not $1"
    fi
    stop_peer "$latch_pid"
    cat "$work/latch.log" >>"$out"
    row "openssl s_client" "-> latch server" TLS_AES_128_GCM_SHA256 x25519 "tickets $1" "$result" \
        "$out"
}

for n in 0 1 3 8; do
    tickets_row "$n"
done

err=$work/usage.err
status=0
timeout "$STEP_TIMEOUT" "$LATCH" server --port 0 --cert "$CERTS/ecdsa.pem" \
    --key "$CERTS/ecdsa.key" --tls13-tickets 9 >/dev/null 2>"$err" || status=$?
result=ok
if [ "$status" -ne 2 ]; then
    result="FAIL: exit status $status, not 2 (usage)"
elif ! grep -qF -- "--tls13-tickets 9 is not a number from 0 to 8" "$err"; then
    result="FAIL: the error does not give the range"
fi
row "latch server" "usage" - - "tickets 9" "$result" "$err"

finish
