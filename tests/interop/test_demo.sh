#!/bin/sh
# `latch demo` as `make demo` runs it: fresh certificates, the chapter's
# ten messages in order, the chain validated before the client answers,
# the decrypted response and the summary.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch

CHAPTER="ClientHello ServerHello Certificate ServerKeyExchange ServerHelloDone ClientKeyExchange ChangeCipherSpec Finished ChangeCipherSpec Finished"
out=$work/demo.out
status=0
timeout "$STEP_TIMEOUT" "$LATCH" demo >"$out" 2>&1 || status=$?
got=$(sed -n 's/^ *[0-9.]* ms  [a-z]* -> [a-z]* *\([A-Za-z]*\)  (.*/\1/p' "$out" | tr '\n' ' ' |
    sed 's/ $//')

if [ "$status" -ne 0 ]; then
    row "latch demo" "-" "-" "-" run "FAIL: exit status $status" "$out"
elif [ "$got" != "$CHAPTER" ]; then
    row "latch demo" "-" "-" "-" messages "FAIL: messages were: $got" "$out"
elif ! grep -q "the server's chain is valid" "$out"; then
    row "latch demo" "-" "-" "-" verify "FAIL: the chain was not validated" "$out"
elif ! grep -q '^    HTTP/1.1 200 OK' "$out" || ! grep -q '^    You asked: GET / HTTP/1.1' "$out"; then
    row "latch demo" "-" "-" "-" response "FAIL: no decrypted response" "$out"
elif ! grep -q '^Summary: TLSv1.2, cipher suite TLS_.*, group .*; 2 round trips; handshake [0-9.]* ms\.$' \
    "$out"; then
    row "latch demo" "-" "-" "-" summary "FAIL: no summary" "$out"
else
    row "latch demo" "-" "-" "-" all ok
fi

finish
