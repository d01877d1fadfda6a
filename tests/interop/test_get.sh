#!/bin/sh
# `latch get` against three servers, one per way an HTTP/1.1 response
# ends: `latch server --http` (Content-Length), `openssl s_server -www`
# (read to close_notify) and a Python server (chunked, Content-Length
# and read to close). Checks the body, -i, and the names verified.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
need python3 python3

start_latch_server "$work/latch.log" --http --alpn http/1.1
lport=$latch_port
start_peer "$work/python.log" timeout 300 python3 "$LATCH_SOURCE/tests/interop/https_server.py" \
    --cert "$CERTS/rsa.pem" --key "$CERTS/rsa.key"
pport=$(wait_for "$work/python.log" 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$peer_pid")
start_peer "$work/openssl.log" timeout 300 openssl s_server -accept 127.0.0.1:0 -tls1_2 \
    -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -www
oport=$(wait_for "$work/openssl.log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$peer_pid")
# The same certificate on 127.0.0.2, an address it does not name.
start_peer "$work/badname.log" timeout 300 openssl s_server -accept 127.0.0.2:0 -tls1_2 \
    -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -www
bport=$(wait_for "$work/badname.log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$peer_pid")

# get PEER WHAT EXPECT_FILE_OR_PATTERN ARGS...: runs latch get; EXPECT is
# a file the output must equal, or a line the output must contain.
get() {
    peer=$1 what=$2 expect=$3
    shift 3
    out=$work/get.out
    err=$work/get.err
    result=ok
    if ! timeout "$STEP_TIMEOUT" "$LATCH" get --ca "$CERTS/ca.pem" "$@" >"$out" 2>"$err"; then
        result="FAIL: latch get exited non-zero"
    elif [ -f "$expect" ]; then
        cmp -s "$expect" "$out" || result="FAIL: the body differs"
    elif ! grep -q -- "$expect" "$out"; then
        result="FAIL: no line '$expect' in the output"
    fi
    cat "$out" >>"$err"
    row "$peer" "latch get ->" "-" "-" "$what" "$result" "$err"
}

body() {
    python3 -c 'import sys; sys.stdout.write((sys.argv[1] + "\n") * 1000)' "$1" >"$work/$2"
    echo "$work/$2"
}

get "latch server" length "^request: GET /a?b=c HTTP/1.1$" "https://localhost:$lport/a?b=c#frag"
get "latch server" ip "^SNI: [(]none[)]$" "https://127.0.0.1:$lport/"
get "latch server" alpn "^ALPN: http/1.1$" --alpn http/1.1 "https://localhost:$lport/"
get "latch server" head "^HTTP/1.1 200 OK" -i "https://localhost:$lport/"
get "python" chunked "$(body /chunked chunked)" "https://localhost:$pport/chunked"
get "python" length "$(body /length length)" "https://localhost:$pport/length"
get "python" close "$(body /close close)" "https://127.0.0.1:$pport/close"
get "openssl s_server" close "Cipher is ECDHE-ECDSA" "https://localhost:$oport/"
# --sni replaces the URL's host as the name sent and verified: 127.0.0.2
# is not in the certificate, localhost is.
get "latch server" sni "^SNI: localhost$" --sni localhost "https://127.0.0.1:$lport/"
get "openssl s_server" sni "Cipher is ECDHE-ECDSA" --sni localhost "https://127.0.0.2:$bport/"

# refuse PEER WHAT URL: latch get must fail, with a `latch: ` sentence.
refuse() {
    if timeout "$STEP_TIMEOUT" "$LATCH" get --ca "$CERTS/ca.pem" "$3" \
        >"$work/bad.out" 2>"$work/bad.err"; then
        row "$1" "latch get ->" "-" "-" "$2" "FAIL: latch get succeeded"
    elif grep -q "^latch: " "$work/bad.err"; then
        row "$1" "latch get ->" "-" "-" "$2" ok
    else
        row "$1" "latch get ->" "-" "-" "$2" "FAIL: no error sentence" "$work/bad.err"
    fi
}

# 127.0.0.2 is not in the certificate; a body that ends without
# close_notify may have been cut short.
refuse "openssl s_server" badname "https://127.0.0.2:$bport/"
refuse "python" truncated "https://localhost:$pport/truncated"

finish
