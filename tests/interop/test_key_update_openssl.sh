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
    [ "$result" = ok ] && echo K >&3
    check_step "s_server sent no KeyUpdate for K" "wait_count '$log' '$SENT' 1"
    [ "$result" = ok ] && echo server-data-1 >&3
    check_step "no data from the server after its KeyUpdate" "wait_line '$out' '^server-data-1$'"
    [ "$result" = ok ] && echo hello-2 >&4
    check_step "s_server did not get the line after the update" "wait_line '$log' '^hello-2$'"
    check_step "latch did not answer the requested KeyUpdate once" \
        "[ \$(count '$log' '$SENT') -eq 1 ] && [ \$(count '$log' '$RECEIVED') -eq 1 ]"
    [ "$result" = ok ] && echo k >&3
    check_step "s_server sent no KeyUpdate for k" "wait_count '$log' '$SENT' 2"
    [ "$result" = ok ] && echo server-data-2 >&3
    check_step "no data from the server after its second KeyUpdate" \
        "wait_line '$out' '^server-data-2$'"
    [ "$result" = ok ] && echo hello-3 >&4
    check_step "s_server did not get the last line" "wait_line '$log' '^hello-3$'"
    check_step "latch answered a KeyUpdate that asked for none" \
        "[ \$(count '$log' '$SENT') -eq 2 ] && [ \$(count '$log' '$RECEIVED') -eq 1 ]"
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
    [ "$result" = ok ] && echo K >&5
    check_step "s_client sent no KeyUpdate for K" "wait_count '$clog' '$SENT' 1"
    [ "$result" = ok ] && echo ping-2 >&5
    check_step "no echo after s_client's KeyUpdate" "wait_line '$clog' '^ping-2$'"
    check_step "latch server did not answer the requested KeyUpdate once" \
        "[ \$(count '$clog' '$SENT') -eq 1 ] && [ \$(count '$clog' '$RECEIVED') -eq 1 ]"
    [ "$result" = ok ] && echo k >&5
    check_step "s_client sent no KeyUpdate for k" "wait_count '$clog' '$SENT' 2"
    [ "$result" = ok ] && echo ping-3 >&5
    check_step "no echo after the second KeyUpdate" "wait_line '$clog' '^ping-3$'"
    check_step "latch server answered a KeyUpdate that asked for none" \
        "[ \$(count '$clog' '$SENT') -eq 2 ] && [ \$(count '$clog' '$RECEIVED') -eq 1 ]"
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
    check_step "s_server did not see two KeyUpdates and answer one" \
        "[ \$(count '$log' '$RECEIVED') -eq 2 ] && [ \$(count '$log' '$SENT') -eq 1 ]"
    stop_peer "$srv"
    cat "$log" >>"$out"
    row "openssl s_server" "latch client ->" TLS_AES_128_GCM_SHA256 x25519 "own" "$result" "$out"
}

row_server_types
row_client_types
row_latch_updates
finish
