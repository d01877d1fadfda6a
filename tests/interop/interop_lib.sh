# Shared by the interop scripts (sourced, not run): the environment CTest
# sets, peer checks, background peers that die with the script, waiting
# with timeouts, and the results table.
#
# Every step runs under `timeout`; every peer listens on, or connects to,
# 127.0.0.1 only, on a port chosen at run time. With LATCH_VALGRIND set,
# $LATCH runs under valgrind (valgrind_lib.sh).

: "${LATCH_BUILD:?set LATCH_BUILD to the build directory (CTest does)}"
: "${LATCH_TESTDATA:?set LATCH_TESTDATA to tests/data (CTest does)}"
: "${LATCH_SOURCE:?set LATCH_SOURCE to the source directory (CTest does)}"

LATCH=$LATCH_BUILD/latch
CERTS=$LATCH_TESTDATA/interop
. "$LATCH_SOURCE/tests/interop/timeouts_lib.sh"

# The last line of the page `latch server --http` sends.
# shellcheck disable=SC2034 # used by the scripts that source this file
HTTP_PAGE_END='^request: '

# The matrix every script walks: IANA suite name, OpenSSL name, key type.
# shellcheck disable=SC2034 # used by the scripts that source this file
MATRIX_SUITES="TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 ECDHE-ECDSA-AES128-GCM-SHA256 ecdsa
TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 ECDHE-ECDSA-AES256-GCM-SHA384 ecdsa
TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ECDHE-ECDSA-CHACHA20-POLY1305 ecdsa
TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ECDHE-RSA-AES128-GCM-SHA256 rsa
TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 ECDHE-RSA-AES256-GCM-SHA384 rsa
TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 ECDHE-RSA-CHACHA20-POLY1305 rsa"
MATRIX_GROUPS="x25519 secp256r1 secp384r1"

work=$(mktemp -d "${TMPDIR:-/tmp}/latch-interop.XXXXXX")
. "$LATCH_SOURCE/tests/interop/valgrind_lib.sh"
LATCH=$(valgrind_wrap "$LATCH" "$work")
table=$work/table
: >"$table"
peers=""

# Ends the peers, then fails the script if valgrind saw an error in any
# of its latch runs.
cleanup() {
    status=$?
    for pid in $peers; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $peers; do
        wait "$pid" 2>/dev/null || true
    done
    valgrind_check "$work" || status=1
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail_setup() {
    echo "FAIL: $*" >&2
    exit 1
}

# need PROGRAM PACKAGE: stops with a clear message when a peer is missing.
need() {
    command -v "$1" >/dev/null 2>&1 ||
        fail_setup "the peer program '$1' is missing; install the Debian package '$2'"
}

need_latch() {
    [ -x "$LATCH" ] || fail_setup "$LATCH is missing; build latch first"
    for f in ca.pem ecdsa.pem ecdsa.key rsa.pem rsa.key; do
        [ -r "$CERTS/$f" ] || fail_setup "$CERTS/$f is missing; run scripts/make-interop-certs.sh"
    done
}

# fresh FILE: FILE as a new, empty file, made by the script itself
# before anything that writes it starts. A reader then never sees what an
# earlier row or run wrote under that name, not even from a process that
# still holds the old file open.
fresh() {
    rm -f "$1"
    : >"$1"
}

# start_peer LOG COMMAND...: runs a peer in the background with its output
# in LOG, a fresh file; the peer is killed when the script ends. Sets
# $peer_pid.
start_peer() {
    log=$1
    shift
    fresh "$log"
    "$@" >>"$log" 2>&1 </dev/null &
    peer_pid=$!
    peers="$peers $peer_pid"
}

stop_peer() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# wait_for LOG SED_EXPR PID: waits (up to STEP_TIMEOUT) until SED_EXPR
# prints something from LOG, and prints that. Fails early if PID died;
# on failure says what it waited for and shows LOG.
wait_for() {
    tries=$((STEP_TIMEOUT * 10))
    while [ "$tries" -gt 0 ]; do
        found=$(sed -n "$2" "$1" | head -n 1)
        if [ -n "$found" ]; then
            echo "$found"
            return 0
        fi
        kill -0 "$3" 2>/dev/null || break
        sleep 0.1
        tries=$((tries - 1))
    done
    if kill -0 "$3" 2>/dev/null; then
        state="still running after $STEP_TIMEOUT s"
    else
        state="ended"
    fi
    echo "FAIL: waited for a line matching '$2' in $1; the peer (pid $3) $state; its output:" >&2
    cat "$1" >&2
    return 1
}

# wait_line FILE PATTERN: waits (up to STEP_TIMEOUT) until a line of FILE
# matches the grep PATTERN; false, saying what it waited for, if none does.
wait_line() {
    tries=$((STEP_TIMEOUT * 10))
    until grep -q -- "$2" "$1" 2>/dev/null; do
        tries=$((tries - 1))
        if [ "$tries" -le 0 ]; then
            echo "gave up after $STEP_TIMEOUT s waiting for a line '$2' in $1" >&2
            return 1
        fi
        sleep 0.1
    done
}

# hold_open OUT PATTERN: the end of a client's input, for clients that
# stop reading the connection at the end of their input (gnutls-cli,
# s_client without -ign_eof): returns once the client's output OUT has a
# line matching PATTERN, the answer, or after STEP_TIMEOUT. OUT must have
# been made with `fresh` before the client starts.
hold_open() {
    wait_line "$1" "$2" 2>/dev/null || true
}

# start_gnutls_serv LOG ARGS...: gnutls-serv ARGS on a port chosen here,
# as it cannot report a port it bound itself, and listens on every address
# (the clients use 127.0.0.1). Another program may take that port first:
# gnutls-serv then says "bind() failed" for IPv4 and goes on over IPv6
# alone, so the port is only used once gnutls-serv's own log says its IPv4
# socket listens, and a new port is tried otherwise. Sets $peer_pid and
# $port, or fails the script.
start_gnutls_serv() {
    log=$1
    shift
    for _try in 1 2 3 4 5; do
        port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
        start_peer "$log" timeout "$STEP_TIMEOUT" gnutls-serv --port "$port" "$@"
        ready=$(wait_for "$log" "s/^.*IPv4 0\.0\.0\.0 port $port\.\.\.\(done\|bind() failed\).*/\1/p" \
            "$peer_pid") || ready=""
        [ "$ready" = "done" ] && return 0
        stop_peer "$peer_pid"
        grep -q 'bind() failed' "$log" || break
        echo "gnutls-serv could not bind port $port; trying another" >&2
    done
    fail_setup "gnutls-serv did not listen on 127.0.0.1 (see its output above)"
}

# openssl_group GROUP: OpenSSL's name for a group of the matrix.
openssl_group() {
    case $1 in
    x25519) echo X25519 ;;
    secp256r1) echo P-256 ;;
    secp384r1) echo P-384 ;;
    x448) echo X448 ;;
    esac
}

# start_latch_server LOG ARGS...: starts `latch server` on 127.0.0.1 and
# a run-time port; sets $latch_pid and $latch_port.
start_latch_server() {
    log=$1
    shift
    # shellcheck disable=SC2086 # SERVER_OPTS is a list of options
    start_peer "$log" "$LATCH" server --bind 127.0.0.1 --port 0 $SERVER_OPTS \
        --cert "$CERTS/ecdsa.pem" --key "$CERTS/ecdsa.key" \
        --cert "$CERTS/rsa.pem" --key "$CERTS/rsa.key" "$@"
    latch_pid=$peer_pid
    latch_port=$(wait_for "$log" 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$latch_pid")
}

# start_group_servers ARGS...: one `latch server --http` (with ARGS) and
# one `latch server --echo` for each group of the matrix, each accepting
# only its group, so the group a row names is the one negotiated.
start_group_servers() {
    : >"$work/servers"
    for group in $MATRIX_GROUPS; do
        start_latch_server "$work/http-$group.log" --http --groups "$group" "$@"
        echo "$group http $latch_port $latch_pid" >>"$work/servers"
        start_latch_server "$work/echo-$group.log" --echo --groups "$group"
        echo "$group echo $latch_port $latch_pid" >>"$work/servers"
    done
}

# server_port GROUP MODE: the port of that server.
server_port() {
    awk -v g="$1" -v m="$2" '$1 == g && $2 == m { print $3 }' "$work/servers"
}

# client_groups GROUP KEY: what a client offers for a row. An ECDSA
# certificate's curve (P-256) must be among the client's groups too
# (RFC 8422 5.1), so ECDSA rows add it after the row's group.
client_groups() {
    if [ "$2" = ecdsa ] && [ "$1" != secp256r1 ]; then
        echo "$1 secp256r1"
    else
        echo "$1"
    fi
}

# stop_group_servers: SIGTERM to each latch server; a row each for
# stopping cleanly with status 0.
stop_group_servers() {
    while read -r group mode _port pid; do
        if ! kill -0 "$pid" 2>/dev/null; then
            row "latch server" "SIGTERM" "-" "$group" "$mode" "FAIL: it died early" \
                "$work/$mode-$group.log"
            continue
        fi
        kill -TERM "$pid"
        status=0
        wait "$pid" || status=$?
        if [ "$status" -eq 0 ]; then
            row "latch server" "SIGTERM" "-" "$group" "$mode" ok
        else
            row "latch server" "SIGTERM" "-" "$group" "$mode" "FAIL: exit status $status" \
                "$work/$mode-$group.log"
        fi
    done <"$work/servers"
}

# row PEER DIRECTION SUITE GROUP CHECK RESULT [DETAIL]: one table row.
# When a row fails, DETAIL (a file) is shown right away.
row() {
    printf '%s|%s|%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" "$5" "$6" >>"$table"
    if [ "$6" != ok ] && [ -n "${7:-}" ]; then
        echo "--- $1 $2 $3 $4 $5: $6" >&2
        cat "$7" >&2
    fi
}

# finish: prints the table and exits non-zero if any row failed.
finish() {
    echo
    awk -F'|' '
        BEGIN { printf "%-16s %-20s %-46s %-10s %-9s %s\n", "peer", "direction", "suite", "group", "check", "result" }
        { printf "%-16s %-20s %-46s %-10s %-9s %s\n", $1, $2, $3, $4, $5, $6 }' "$table"
    total=$(wc -l <"$table")
    failed=$(awk -F'|' '$6 != "ok"' "$table" | wc -l)
    echo
    echo "$((total - failed)) of $total rows passed"
    [ "$total" -gt 0 ] && [ "$failed" -eq 0 ]
}
