#!/bin/sh
# The conformance rows marked for TCP (tests/conformance/server_rows.c)
# sent to a real `latch server --http`, configured as the in-process table
# assumes: the RSA certificate, --ciphers ALL, --alpn http/1.1. Each row
# is one connection; conformance_probe_tcp reads the alert (or the
# ServerHello) the server sends back and prints the row's verdict. Then
# the request-head rows of tests/conformance/http_rows.py (issue 15 item
# 1) against the same server.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
probe=$LATCH_BUILD/tests/conformance_probe_tcp
[ -x "$probe" ] || fail_setup "$probe is missing; build the tests first"

# shellcheck disable=SC2086 # SERVER_OPTS is a list of options
start_peer "$work/server.log" "$LATCH" server --bind 127.0.0.1 --port 0 $SERVER_OPTS \
    --cert "$CERTS/rsa.pem" --key "$CERTS/rsa.key" --ciphers ALL --alpn http/1.1 --http
latch_pid=$peer_pid
port=$(wait_for "$work/server.log" 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$latch_pid")

status=0
timeout 300 "$probe" "$port" || status=$?
timeout 300 python3 "$LATCH_SOURCE/tests/conformance/http_rows.py" "$port" "$CERTS/ca.pem" ||
    status=1
if ! kill -0 "$latch_pid" 2>/dev/null; then
    echo "FAIL: latch server died during the probes; its log:" >&2
    cat "$work/server.log" >&2
    status=1
fi
exit "$status"
