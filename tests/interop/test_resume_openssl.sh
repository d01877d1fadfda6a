#!/bin/sh
# Session resumption with OpenSSL on loopback, both ways, by ticket and
# by session ID. openssl s_client against `latch server`: -reconnect
# (five resumptions after a full handshake) and -sess_out/-sess_in, each
# with and without -no_ticket; s_client prints "Reused" for a resumed
# handshake. latch client against `openssl s_server -www`: --reconnect and
# --sess-out/--sess-in, with and without --no-tickets; the page s_server
# sends on the second connection says "Reused", and latch's summary says
# the session was resumed with no certificate sent.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl

SUITE=ECDHE-ECDSA-AES128-GCM-SHA256

# ---- openssl s_client -> latch server ----

# One worker: each worker has its own session-ID cache.
start_latch_server "$work/latch.log" --echo --workers 1
port=$latch_port

# how_of TICKET_ARG: the column naming what carries the session.
how_of() {
    if [ -n "$1" ]; then echo "session ID"; else echo "ticket"; fi
}

s_client() {
    timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
        -CAfile "$CERTS/ca.pem" -servername localhost -cipher "$SUITE" "$@" </dev/null
}

for no_ticket in "" -no_ticket; do
    out=$work/reconnect.out
    result=ok
    # shellcheck disable=SC2086
    if ! s_client -reconnect $no_ticket >"$out" 2>&1; then
        result="FAIL: s_client exited non-zero"
    elif [ "$(grep -c '^New, TLSv1.2' "$out")" -ne 1 ] ||
        [ "$(grep -c '^Reused, TLSv1.2' "$out")" -ne 5 ]; then
        result="FAIL: not one new and five reused sessions"
    fi
    row "openssl s_client" "-> latch server" "-reconnect" "$(how_of "$no_ticket")" resumed \
        "$result" "$out"

    sess=$work/openssl.sess
    rm -f "$sess"
    first=$work/first.out
    second=$work/second.out
    result=ok
    # shellcheck disable=SC2086
    if ! s_client -sess_out "$sess" $no_ticket >"$first" 2>&1 ||
        ! s_client -sess_in "$sess" $no_ticket >"$second" 2>&1; then
        result="FAIL: s_client exited non-zero"
    elif ! grep -q '^New, TLSv1.2' "$first" || ! grep -q '^Reused, TLSv1.2' "$second"; then
        result="FAIL: the second connection did not reuse the session"
    fi
    cat "$first" >>"$second"
    row "openssl s_client" "-> latch server" "-sess_out/-sess_in" "$(how_of "$no_ticket")" \
        resumed "$result" "$second"
done
stop_peer "$latch_pid"

# ---- latch client -> openssl s_server ----

# start_s_server: s_server -www for two connections; sets $pid, $port.
start_s_server() {
    log=$work/s_server.log
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -cipher "$SUITE" -www -naccept 2
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
}

# check_resumed OUT ERR: the second connection's page and summary.
check_resumed() {
    if ! grep -q '^Reused, TLSv1.2' "$1"; then
        echo "FAIL: s_server's page does not say Reused"
    elif [ "$(grep -c '; new session; the peer sent 1 certificate' "$2")" -ne 1 ] ||
        ! grep -q 'session resumed (abbreviated handshake); the peer sent 0 certificates' "$2"; then
        echo "FAIL: latch did not report a full, then a resumed handshake"
    else
        echo ok
    fi
}

latch_client() {
    timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" \
        --sni localhost "$@"
}

for no_tickets in "" --no-tickets; do
    start_s_server
    out=$work/client.out
    err=$work/client.err
    # shellcheck disable=SC2086
    if printf 'GET / HTTP/1.0\r\n\r\n' | latch_client --reconnect $no_tickets >"$out" 2>"$err"; then
        result=$(check_resumed "$out" "$err")
    else
        result="FAIL: latch client exited non-zero"
    fi
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "--reconnect" "$(how_of "$no_tickets")" \
        resumed "$result" "$err"

    start_s_server
    sess=$work/latch.sess
    rm -f "$sess"
    : >"$err"
    # shellcheck disable=SC2086
    if printf 'GET / HTTP/1.0\r\n\r\n' |
        latch_client --sess-out "$sess" $no_tickets >/dev/null 2>>"$err" &&
        printf 'GET / HTTP/1.0\r\n\r\n' |
        latch_client --sess-in "$sess" $no_tickets >"$out" 2>>"$err"; then
        result=$(check_resumed "$out" "$err")
        perms=$(stat -c %a "$sess")
        [ "$result" = ok ] && [ "$perms" != 600 ] && result="FAIL: the session file is mode $perms"
    else
        result="FAIL: latch client exited non-zero"
    fi
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "--sess-out/--sess-in" \
        "$(how_of "$no_tickets")" resumed "$result" "$err"
done

finish
