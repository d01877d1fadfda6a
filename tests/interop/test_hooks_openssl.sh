#!/bin/sh
# The server hooks seen by `openssl s_client -tls1_2`, against a server
# that uses them through the public API (prog_hooks_server.c):
# certificate selection by SNI serves a certificate the config does not
# hold ("lazy.test", loaded on demand) and refuses a name with
# unrecognized_name (112); ALPN selection picks among the client's
# protocols, answers without ALPN, or refuses with
# no_application_protocol (120); and each served client is told what the
# hooks saw, found through the connection's user data.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need openssl openssl
server=$LATCH_BUILD/tests/interop_hooks_server
[ -x "$server" ] || fail_setup "$server is not built"

E2E=$LATCH_TESTDATA/e2e
start_peer "$work/server.log" timeout "$STEP_TIMEOUT" "$server" "$CERTS/ecdsa.pem" \
    "$CERTS/ecdsa.key" "$E2E/rsa2048.chain.pem" "$E2E/rsa2048.key" 7
pid=$peer_pid
port=$(wait_for "$work/server.log" 's/^listening on \([0-9][0-9]*\)$/\1/p' "$pid")

# check WHAT EXPECT PATTERN [S_CLIENT ARGS...]: EXPECT is "served" (and
# PATTERN a line s_client's output must hold) or the alert number.
check() {
    what=$1 expect=$2 pattern=$3
    shift 3
    out=$work/client.out
    err=$work/client.err
    status=0
    timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$port" -tls1_2 -ign_eof \
        "$@" </dev/null >"$out" 2>"$err" || status=$?
    result=ok
    if [ "$expect" = served ]; then
        if [ "$status" -ne 0 ] || ! grep -q "^hooks saw " "$out"; then
            result="FAIL: not served (s_client status $status)"
        elif ! grep -q -- "$pattern" "$out"; then
            result="FAIL: no line matching '$pattern'"
        fi
    elif [ "$status" -eq 0 ]; then
        result="FAIL: the handshake passed; expected alert $expect"
    elif ! grep -q "alert number $expect" "$err"; then
        result="FAIL: s_client did not report alert $expect"
    fi
    cat "$out" >>"$err"
    row "openssl s_client" "-> hooks server" "$what" - "$expect" "$result" "$err"
}

check "-servername localhost" served "^subject=CN *= *localhost" -servername localhost
check "-servername lazy.test" served "^subject=CN *= *rsa2048" -servername lazy.test
check "-servername lazy.test, again" served "hooks saw name lazy.test" -servername lazy.test
check "-servername refuse.test" 112 - -servername refuse.test
check "-alpn h2,acme" served "^ALPN protocol: acme" -servername localhost -alpn h2,acme
check "-alpn h2,none" served "hooks saw name localhost, 2 protocols; alpn (none)" \
    -servername localhost -alpn h2,none
check "-alpn h2,no" 120 - -servername localhost -alpn h2,no
wait "$pid" 2>/dev/null || row hooks_server exit - - 0 "FAIL: the server exited non-zero" \
    "$work/server.log"
finish
