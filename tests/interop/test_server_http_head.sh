#!/bin/sh
# How `latch server --http` reads a request head (python's ssl module as
# the client, sending raw bytes): a bare LF ends lines as well as CRLF
# (RFC 9112 2.2), an HTTP/1.1 request is answered as HTTP/1.1 and the
# connection kept for the next request (RFC 9112 9.3: three on one
# connection), unless it says Connection: close; an HTTP/1.0 one as
# HTTP/1.0 with Connection: close, and a head over the documented 8192
# bytes gets 431 instead of a wait for more.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need python3 python3

start_latch_server "$work/server.log" --http

# run_row NAME REQUEST STATUS_LINE CONNECTION [RAW_REQUEST ARGS...]
run_row() {
    name=$1 request=$2 status=$3 connection=$4
    shift 4
    out=$work/client.out
    err=$work/client.err
    result=ok
    if ! timeout "$STEP_TIMEOUT" python3 "$(dirname "$0")/raw_request.py" --port "$latch_port" \
        --ca "$CERTS/ca.pem" --request "$request" "$@" >"$out" 2>"$err"; then
        result="FAIL: the client failed"
    elif [ "$(head -n 1 "$out" | tr -d '\r')" != "$status" ]; then
        result="FAIL: the status line is not \"$status\""
    elif [ "$(grep -c "^HTTP/1" "$out")" != "$(grep -c "^Connection: $connection" "$out")" ]; then
        result="FAIL: not every reply says Connection: $connection"
    elif [ "${status#* }" = "200 OK" ] && ! grep -q "^cipher suite: TLS_" "$out"; then
        result="FAIL: the page does not describe the connection"
    fi
    cat "$out" >>"$err"
    row "python ssl" "-> latch server" "$name" - http "$result" "$err"
}

run_row "HTTP/1.0, bare LF" 'GET / HTTP/1.0\n\n' "HTTP/1.0 200 OK" close
run_row "HTTP/1.1, bare LF" 'GET / HTTP/1.1\nHost: localhost\n\n' "HTTP/1.1 200 OK" keep-alive \
    --kept 1
run_row "HTTP/1.1, CRLF, 3 kept" 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n' "HTTP/1.1 200 OK" \
    keep-alive --kept 3
run_row "HTTP/1.1, CR LF mixed" 'GET / HTTP/1.1\r\nHost: localhost\n\r\n' "HTTP/1.1 200 OK" \
    keep-alive --kept 1
run_row "HTTP/1.1, Connection: close" \
    'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "HTTP/1.1 200 OK" close
run_row "HTTP/1.0, CRLF" 'GET / HTTP/1.0\r\n\r\n' "HTTP/1.0 200 OK" close
run_row "head over 8192 bytes" 'GET / HTTP/1.1\r\n' \
    "HTTP/1.1 431 Request Header Fields Too Large" close --pad 9000

finish
