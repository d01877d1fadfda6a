#!/bin/sh
# TLS 1.3 KeyUpdate (RFC 8446 4.6.3) against OpenSSL, both ways, with
# data flowing after each update:
#  - openssl s_server and latch client: `K` then `k` typed into s_server's
#    stdin (a KeyUpdate asking for one back, then one that does not);
#    latch reads the server's data under the new keys and answers the
#    request with a KeyUpdate of its own (once), seen in s_server's -msg.
#  - latch server --echo and openssl s_client: the same from s_client.
#  - latch's own KeyUpdate (latch_conn_key_update, tests/interop/
#    prog_key_update.c) against s_server -rev, asking and not asking.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
PROG=$LATCH_BUILD/tests/interop_key_update
[ -x "$PROG" ] || fail_setup "$PROG is missing; build latch first"

# count FILE PATTERN: lines of FILE with PATTERN.
count() {
    grep -c -- "$2" "$1" || true
}

SENT='>>> TLS 1.3, Handshake \[length 0005\], KeyUpdate'
RECEIVED='<<< TLS 1.3, Handshake \[length 0005\], KeyUpdate'

# wait_count FILE PATTERN N: waits (up to STEP_TIMEOUT) until FILE has N
# lines with PATTERN. A command typed into s_server or s_client must be
# taken alone, so the next line is written only once it has acted.
wait_count() {
    tries=$((STEP_TIMEOUT * 10))
    until [ "$(count "$1" "$2")" -ge "$3" ]; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.1
    done
}

# check_step WHAT COND: records the first failed step in $result.
check_step() {
    [ "$result" = ok ] || return 0
    eval "$2" || result="FAIL: $1"
}

# typed_update FD CMD LOG N DFD DATA DLOG: types CMD (K or k) into the
# OpenSSL peer's stdin on fd FD, waits for its Nth KeyUpdate in its -msg
# LOG, then writes DATA on fd DFD and waits for that line in DLOG.
typed_update() {
    [ "$result" = ok ] && echo "$2" >&"$1"
    check_step "OpenSSL sent no KeyUpdate for $2" "wait_count '$3' '$SENT' $4"
    [ "$result" = ok ] && echo "$6" >&"$5"
    check_step "$6 did not arrive after the KeyUpdate for $2" "wait_line '$7' '^$6\$'"
}

# answers LOG SENT_N RECEIVED_N: OpenSSL sent SENT_N KeyUpdates and got
# RECEIVED_N from latch.
answers() {
    check_step "OpenSSL sent $(count "$1" "$SENT") KeyUpdates, not $2, and got \
$(count "$1" "$RECEIVED") from latch, not $3" \
        "[ \$(count '$1' '$SENT') -eq $2 ] && [ \$(count '$1' '$RECEIVED') -eq $3 ]"
}

# Row 1: s_server types k/K; latch client.
row_server_types() {
    log=$work/s_server.log out=$work/client.out err=$work/client.err
    fresh "$log"
    fresh "$out"
    fresh "$err"
    rm -f "$work/srv_in" "$work/cli_in"
    mkfifo "$work/srv_in" "$work/cli_in"
    timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_3 \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -msg -naccept 1 \
        <"$work/srv_in" >>"$log" 2>&1 &
    srv=$!
    peers="$peers $srv"
    exec 3>"$work/srv_in"
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$srv")
    timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --tls1_3 --ca "$CERTS/ca.pem" \
        --sni localhost <"$work/cli_in" >>"$out" 2>>"$err" &
    cli=$!
    peers="$peers $cli"
    exec 4>"$work/cli_in"
    result=ok
    echo hello-1 >&4
    check_step "s_server did not get the client's first line" "wait_line '$log' '^hello-1$'"
    typed_update 3 K "$log" 1 3 server-data-1 "$out"
    [ "$result" = ok ] && echo hello-2 >&4
    check_step "s_server did not get the line after the update" "wait_line '$log' '^hello-2$'"
    answers "$log" 1 1
    typed_update 3 k "$log" 2 3 server-data-2 "$out"
    [ "$result" = ok ] && echo hello-3 >&4
    check_step "s_server did not get the last line" "wait_line '$log' '^hello-3$'"
    answers "$log" 2 1
    exec 4>&-
    check_step "latch client did not end cleanly" "wait '$cli'"
    exec 3>&-
    stop_peer "$srv"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" TLS_AES_128_GCM_SHA256 x25519 "K, k" "$result" "$err"
}

# Row 2: s_client types k/K; latch server --echo.
row_client_types() {
    slog=$work/latch_server.log clog=$work/s_client.log
    fresh "$clog"
    start_latch_server "$slog" --echo --tls1_3
    rm -f "$work/cli_in"
    mkfifo "$work/cli_in"
    timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$latch_port" -tls1_3 -msg \
        -CAfile "$CERTS/ca.pem" -servername localhost <"$work/cli_in" >>"$clog" 2>&1 &
    cli=$!
    peers="$peers $cli"
    exec 5>"$work/cli_in"
    result=ok
    echo ping-1 >&5
    check_step "no echo before the update" "wait_line '$clog' '^ping-1$'"
    typed_update 5 K "$clog" 1 5 ping-2 "$clog"
    answers "$clog" 1 1
    typed_update 5 k "$clog" 2 5 ping-3 "$clog"
    answers "$clog" 2 1
    exec 5>&-
    wait "$cli" || true
    stop_peer "$latch_pid"
    cat "$slog" >>"$clog"
    row "openssl s_client" "-> latch server" TLS_AES_128_GCM_SHA256 x25519 "K, k" "$result" "$clog"
}

# Row 3: latch updates its own keys, against s_server -rev.
row_latch_updates() {
    log=$work/s_server_rev.log out=$work/prog.out
    fresh "$out"
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_3 \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -msg -rev -naccept 1
    srv=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$srv")
    result=ok
    check_step "the latch client failed" \
        "timeout '$STEP_TIMEOUT' '$PROG' '$port' '$CERTS/ca.pem' >>'$out' 2>&1"
    # latch sent two; s_server answered the one that asked.
    answers "$log" 1 2
    stop_peer "$srv"
    cat "$log" >>"$out"
    row "openssl s_server" "latch client ->" TLS_AES_128_GCM_SHA256 x25519 "own" "$result" "$out"
}

row_server_types
row_client_types
row_latch_updates
finish
