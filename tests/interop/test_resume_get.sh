#!/bin/sh
# `latch get --sess-out` then `--sess-in` against `latch server --http`
# and `openssl s_server -www`: the second fetch resumes (latch server's
# page says "session: resumed", s_server's says "Reused"), and the saved
# session file is readable by its owner only. TLS 1.2 (--tls1_2): latch
# resumes TLS 1.2 sessions only, so far.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl

# fetch_twice PEER PORT WORD: a row; WORD must be in the second page only.
fetch_twice() {
    sess=$work/get.sess
    rm -f "$sess"
    first=$work/first.out
    second=$work/second.out
    result=ok
    if ! timeout "$STEP_TIMEOUT" "$LATCH" get --tls1_2 --ca "$CERTS/ca.pem" --sess-out "$sess" \
        "https://localhost:$2/" >"$first" 2>&1 ||
        ! timeout "$STEP_TIMEOUT" "$LATCH" get --tls1_2 --ca "$CERTS/ca.pem" --sess-in "$sess" \
            "https://localhost:$2/" >"$second" 2>&1; then
        result="FAIL: latch get exited non-zero"
    elif grep -q "$3" "$first" || ! grep -q "$3" "$second" ||
        ! grep -q "^latch: resumed the session from $sess" "$second"; then
        result="FAIL: the second fetch did not resume"
    elif [ "$(stat -c %a "$sess")" != 600 ]; then
        result="FAIL: the session file is mode $(stat -c %a "$sess")"
    fi
    cat "$first" >>"$second"
    row "$1" "latch get ->" "--sess-out/--sess-in" ticket resumed "$result" "$second"
}

start_latch_server "$work/latch.log" --http
fetch_twice "latch server" "$latch_port" "^session: resumed"

log=$work/s_server.log
start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
    -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -www -naccept 2
port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$peer_pid")
fetch_twice "openssl s_server" "$port" "^Reused, TLSv1.2"

finish
