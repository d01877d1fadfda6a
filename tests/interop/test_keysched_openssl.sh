#!/bin/bash
# The key schedule against real OpenSSL handshakes.
#
# For each case, openssl s_server (TLS 1.2, one suite, echoing lines
# reversed) and openssl s_client talk on loopback through
# record_relay.py, which records each direction's bytes; s_client writes
# its key log. interop_keysched_check then rebuilds the keys with latch
# and proves they are OpenSSL's: both Finished messages decrypt and carry
# the verify_data latch computes, and the application data decrypts to
# the line sent. With RSA key exchange the pre-master secret is decrypted
# here with the server's key, so latch also derives the master secret
# (plain or extended) and matches the key log. No network: 127.0.0.1 only.
set -euo pipefail

fail() {
    echo "FAIL: $*"
    exit 1
}

command -v openssl >/dev/null ||
    fail "the openssl command is not installed; this test runs real OpenSSL peers (apt-get install openssl)"
command -v python3 >/dev/null || fail "python3 is not installed; the recording relay needs it"
: "${LATCH_BUILD:?LATCH_BUILD must name the build directory}"
: "${LATCH_SOURCE:?LATCH_SOURCE must name the source directory}"
CHECK="$LATCH_BUILD/tests/interop_keysched_check"
RELAY="$LATCH_SOURCE/tests/interop/record_relay.py"
[ -x "$CHECK" ] || fail "$CHECK is missing; build the tree first"
echo "using $(openssl version)"

TMP=$(mktemp -d)
. "$(dirname "$0")/valgrind_lib.sh"
. "$(dirname "$0")/timeouts_lib.sh"
CHECK=$(valgrind_wrap "$CHECK" "$TMP")
PIDS=()
cleanup() {
    local status=$?
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    valgrind_check "$TMP" || status=1
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" \
    -subj /CN=localhost -days 1 2>"$TMP/req.err" || {
    cat "$TMP/req.err"
    fail "openssl could not make a test key and certificate"
}

# OpenSSL 3.0's s_client and s_server have no -no_ems switch; the
# ExtendedMasterSecret option of an SSL_CONF section turns it off.
cat >"$TMP/no_ems.cnf" <<'EOF'
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
Options = -ExtendedMasterSecret
EOF

LINE="latch key schedule check over loopback"
REPLY=$(printf '%s' "$LINE" | rev) # what s_server -rev sends back

# wait_for FILE PATTERN: waits up to STEP_TIMEOUT for PATTERN to appear
# in FILE.
wait_for() {
    for _ in $(seq $((STEP_TIMEOUT * 10))); do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# run_case NAME CIPHER EMS(yes|no)
run_case() {
    local name=$1 cipher=$2 ems=$3 dir="$TMP/$1"
    mkdir "$dir"
    echo
    echo "=== $name: $cipher, extended master secret $ems"
    local conf=()
    [ "$ems" = no ] && conf=(env "OPENSSL_CONF=$TMP/no_ems.cnf")

    "${conf[@]}" timeout 60 openssl s_server -tls1_2 -cipher "$cipher" \
        -cert "$TMP/cert.pem" -key "$TMP/key.pem" -accept 127.0.0.1:0 -naccept 1 -rev \
        >"$dir/server.out" 2>&1 &
    local server_pid=$!
    PIDS+=("$server_pid")
    wait_for "$dir/server.out" "^ACCEPT" || {
        cat "$dir/server.out"
        fail "$name: s_server did not start listening"
    }
    local server_port
    server_port=$(sed -n 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$dir/server.out" | head -1)
    [ -n "$server_port" ] || fail "$name: cannot read s_server's port from: $(cat "$dir/server.out")"

    timeout 60 python3 "$RELAY" "$dir/relay.port" "$server_port" "$dir/c2s.bin" "$dir/s2c.bin" \
        --timeout 30 >"$dir/relay.out" 2>&1 &
    local relay_pid=$!
    PIDS+=("$relay_pid")
    wait_for "$dir/relay.port" "[0-9]" || fail "$name: the relay did not start"
    local relay_port
    relay_port=$(cat "$dir/relay.port")

    # Send the line, keep stdin open until the reversed reply has arrived,
    # then end it so s_client sends close_notify and exits. Watching the
    # client's output from its own input pipeline is the point here.
    # shellcheck disable=SC2094
    {
        printf '%s\n' "$LINE"
        wait_for "$dir/client.out" "$REPLY" || true
    } | "${conf[@]}" timeout 30 openssl s_client -tls1_2 -connect "127.0.0.1:$relay_port" \
        -keylogfile "$dir/keylog.txt" -quiet -no_ign_eof >"$dir/client.out" 2>"$dir/client.err" || {
        cat "$dir/client.err" "$dir/server.out"
        fail "$name: s_client failed"
    }
    wait "$relay_pid" || {
        cat "$dir/relay.out"
        fail "$name: the relay failed"
    }
    wait "$server_pid" || true
    grep -q -- "$REPLY" "$dir/client.out" || fail "$name: s_client did not get the reply"

    local extra=()
    if [[ "$cipher" != *DHE* ]]; then
        # RSA key exchange: recover the pre-master secret with the server's key.
        "$CHECK" --rsa-cke "$dir/c2s.bin" "$dir/cke.bin"
        openssl pkeyutl -decrypt -inkey "$TMP/key.pem" -in "$dir/cke.bin" \
            -out "$dir/pre_master.bin" || fail "$name: cannot decrypt the pre-master secret"
        extra=(--pre-master "$dir/pre_master.bin")
    fi
    "$CHECK" "$dir/c2s.bin" "$dir/s2c.bin" "$dir/keylog.txt" "$LINE" --reply "$REPLY" \
        --ems "$ems" "${extra[@]}" || fail "$name: latch's keys do not match OpenSSL's"
}

run_case ecdhe-rsa-aes128-gcm ECDHE-RSA-AES128-GCM-SHA256 yes
run_case ecdhe-rsa-aes128-gcm-no-ems ECDHE-RSA-AES128-GCM-SHA256 no
run_case ecdhe-rsa-aes256-gcm ECDHE-RSA-AES256-GCM-SHA384 yes
run_case ecdhe-rsa-chacha20 ECDHE-RSA-CHACHA20-POLY1305 yes
run_case rsa-aes128-gcm AES128-GCM-SHA256 yes
run_case rsa-aes256-gcm-no-ems AES256-GCM-SHA384 no

# The check must be able to fail: with the key log's master secret one bit
# off, the first Finished must no longer open.
echo
echo "=== negative control: a master secret one bit off must be rejected"
dir="$TMP/ecdhe-rsa-aes128-gcm"
awk '/^CLIENT_RANDOM/ { c = substr($3, 96, 1); $3 = substr($3, 1, 95) (c == "0" ? "1" : "0") } { print }' \
    "$dir/keylog.txt" >"$dir/keylog.bad"
if "$CHECK" "$dir/c2s.bin" "$dir/s2c.bin" "$dir/keylog.bad" "$LINE" >"$dir/bad.out" 2>&1; then
    cat "$dir/bad.out"
    fail "the check accepted a wrong master secret"
fi
reason=$(grep "^FAIL" "$dir/bad.out") || fail "the check failed without saying why: $(cat "$dir/bad.out")"
echo "rejected as expected: ${reason#FAIL: }"

echo
echo "PASS: latch's key schedule reproduced the keys of 6 OpenSSL TLS 1.2 handshakes"
