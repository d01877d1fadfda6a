#!/bin/bash
# latch mkcert against OpenSSL.
#
# For P-256, P-384, RSA-2048 and Ed25519, `latch mkcert` makes a CA and a
# leaf for localhost, 127.0.0.1 and ::1. OpenSSL must then verify the leaf
# against the CA (as a TLS server for each name), print the SANs, load the
# key, and complete a TLS 1.2 handshake: openssl s_server with the minted
# leaf and key, openssl s_client verifying it with -verify_return_error.
# A CA is reused with --ca-cert/--ca-key, and never overwritten. No
# network: 127.0.0.1 only, ports chosen by the kernel.
set -euo pipefail

fail() {
    echo "FAIL: $*"
    exit 1
}

command -v openssl >/dev/null ||
    fail "the openssl command is not installed; this test runs real OpenSSL peers (apt-get install openssl)"
: "${LATCH_BUILD:?LATCH_BUILD must name the build directory}"
LATCH="$LATCH_BUILD/latch"
[ -x "$LATCH" ] || fail "$LATCH is missing; build the tree first"
echo "using $(openssl version)"

TMP=$(mktemp -d)
. "$(dirname "$0")/valgrind_lib.sh"
. "$(dirname "$0")/timeouts_lib.sh"
LATCH=$(valgrind_wrap "$LATCH" "$TMP")
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

# wait_for FILE PATTERN: waits up to STEP_TIMEOUT for PATTERN to appear
# in FILE.
wait_for() {
    for _ in $(seq $((STEP_TIMEOUT * 10))); do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# verify_ok DIR LEAF [openssl verify options]: the leaf chains to DIR/ca.pem.
verify_ok() {
    local dir=$1 leaf=$2
    shift 2
    local out
    out=$(openssl verify -CAfile "$dir/ca.pem" "$@" "$leaf" 2>&1) || fail "openssl verify $*: $out"
    [ "$out" = "$leaf: OK" ] || fail "openssl verify $*: $out"
    echo "  openssl verify${*:+ $*}: $out"
}

# handshake DIR NAME: s_server serves DIR/NAME.pem; s_client must verify
# it for NAME against DIR/ca.pem and finish a TLS 1.2 handshake.
handshake() {
    local dir=$1 name=$2
    # -www: s_server answers over TLS and does not read its stdin.
    timeout 60 openssl s_server -tls1_2 -accept 127.0.0.1:0 -naccept 1 -www \
        -cert "$dir/$name.pem" -key "$dir/$name.key" >"$dir/server.out" 2>&1 &
    local server_pid=$!
    PIDS+=("$server_pid")
    wait_for "$dir/server.out" "^ACCEPT" || {
        cat "$dir/server.out"
        fail "s_server did not start with the minted certificate"
    }
    local port
    port=$(sed -n 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$dir/server.out" | head -1)
    [ -n "$port" ] || fail "cannot read s_server's port from: $(cat "$dir/server.out")"
    echo "Q" | timeout 30 openssl s_client -tls1_2 -connect "127.0.0.1:$port" \
        -servername "$name" -verify_return_error -CAfile "$dir/ca.pem" \
        -verify_hostname "$name" >"$dir/client.out" 2>&1 || {
        cat "$dir/client.out" "$dir/server.out"
        fail "s_client refused the minted certificate"
    }
    wait "$server_pid" || true
    grep -q "Verify return code: 0 (ok)" "$dir/client.out" || {
        cat "$dir/client.out"
        fail "s_client did not verify the minted certificate"
    }
    echo "  s_client -verify_return_error -verify_hostname $name: $(grep -m1 "Cipher is" "$dir/client.out")"
}

# run_case NAME [latch mkcert key option...]
run_case() {
    local label=$1 dir="$TMP/$1"
    shift
    mkdir "$dir"
    echo
    echo "=== $label"
    "$LATCH" mkcert --out "$dir" "$@" localhost 127.0.0.1 ::1 >"$dir/mkcert.out" 2>&1 || {
        cat "$dir/mkcert.out"
        fail "$label: latch mkcert failed"
    }
    for f in ca.pem ca.key localhost.pem localhost.key; do
        [ -s "$dir/$f" ] || fail "$label: latch mkcert did not write $f"
    done
    [ "$(stat -c %a "$dir/localhost.key")" = 600 ] || fail "$label: localhost.key is not mode 0600"
    [ "$(stat -c %a "$dir/ca.key")" = 600 ] || fail "$label: ca.key is not mode 0600"
    [ "$(grep -c "BEGIN CERTIFICATE" "$dir/localhost.pem")" = 2 ] ||
        fail "$label: localhost.pem should hold the leaf and then the CA"

    verify_ok "$dir" "$dir/localhost.pem"
    verify_ok "$dir" "$dir/localhost.pem" -purpose sslserver -verify_hostname localhost
    verify_ok "$dir" "$dir/localhost.pem" -purpose sslclient -verify_ip 127.0.0.1
    verify_ok "$dir" "$dir/localhost.pem" -verify_ip ::1
    verify_ok "$dir" "$dir/ca.pem" -x509_strict

    openssl x509 -in "$dir/localhost.pem" -noout -text >"$dir/leaf.txt"
    local sans
    sans=$(grep -A1 "Subject Alternative Name" "$dir/leaf.txt" | tail -1 | sed 's/^ *//')
    [ "$sans" = "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1" ] ||
        fail "$label: openssl x509 -text shows the SANs as: $sans"
    echo "  SANs: $sans"
    openssl pkey -in "$dir/localhost.key" -noout 2>"$dir/pkey.err" ||
        fail "$label: openssl cannot read the key: $(cat "$dir/pkey.err")"
    [ "$(openssl pkey -in "$dir/localhost.key" -pubout)" = "$(openssl x509 -in "$dir/localhost.pem" -noout -pubkey)" ] ||
        fail "$label: the key does not belong to the certificate"

    handshake "$dir" localhost
}

run_case p256
run_case p384 --p384
run_case rsa2048 --rsa 2048
run_case ed25519 --ed25519

echo
echo "=== reusing a CA: an RSA leaf from the P-256 CA"
dir="$TMP/p256"
"$LATCH" mkcert --out "$dir" --ca-cert "$dir/ca.pem" --ca-key "$dir/ca.key" --rsa 2048 \
    --days 30 '*.dev.test' >"$dir/reuse.out" 2>&1 || {
    cat "$dir/reuse.out"
    fail "latch mkcert could not reuse the CA"
}
verify_ok "$dir" "$dir/_wildcard.dev.test.pem" -verify_hostname www.dev.test
openssl x509 -in "$dir/_wildcard.dev.test.pem" -noout -text | grep -q "Algorithm: rsaEncryption" ||
    fail "the reused CA did not issue an RSA leaf"

echo
echo "=== negative controls"
# Another CA must not verify the leaf.
if openssl verify -CAfile "$TMP/rsa2048/ca.pem" "$dir/localhost.pem" >"$dir/bad.out" 2>&1; then
    fail "a leaf verified against a CA that did not sign it"
fi
echo "  another CA: $(grep -m1 "error" "$dir/bad.out")"
# A name the leaf does not cover.
if openssl verify -CAfile "$dir/ca.pem" -verify_hostname example.com "$dir/localhost.pem" \
    >"$dir/bad.out" 2>&1; then
    fail "the leaf verified for a name it does not cover"
fi
echo "  another name: $(grep -m1 "error" "$dir/bad.out")"
# An existing CA is never overwritten.
before=$(sha256sum "$dir/ca.key")
if "$LATCH" mkcert --out "$dir" other.test >"$dir/again.out" 2>&1; then
    fail "latch mkcert overwrote an existing CA"
fi
[ "$before" = "$(sha256sum "$dir/ca.key")" ] || fail "ca.key changed"
echo "  existing CA kept: $(cat "$dir/again.out")"

echo
echo "PASS: OpenSSL verified and served latch mkcert's P-256, P-384, RSA-2048 and Ed25519 certificates"
