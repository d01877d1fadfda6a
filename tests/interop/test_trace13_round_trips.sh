#!/bin/sh
# The round trips `latch trace` counts, against `openssl s_server`: a TLS
# 1.3 handshake takes one (RFC 8446 2), resumed or not, and two after a
# HelloRetryRequest (the server takes only secp384r1, latch's first share
# is x25519: RFC 8446 4.1.4); the TLS 1.2 chapter's handshake takes two.
# Each is checked in the text summary, the text timeline's "Round trip N"
# headings, and the largest round_trip of the JSON events.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
need python3 python3

# s_server VERSION [ARGS...]: an `openssl s_server -www` for two
# connections; its port is in $port.
s_server() {
    start_peer "$work/s_server.log" timeout 300 openssl s_server -accept 127.0.0.1:0 "$@" \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -www -naccept 2
    port=$(wait_for "$work/s_server.log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$peer_pid")
}

# The largest round_trip of connection $2's JSON events in file $1.
json_round_trips() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
print(max((e["round_trip"] or 0) for e in events if e["connection"] == int(sys.argv[2])))
EOF
}

# check NAME VERSION_ARG WANT RESUMED_WANT [S_SERVER ARGS...]: both
# connections of `latch trace --reconnect`, the first full, the second
# resumed (TLS 1.3: the ticket's PSK; TLS 1.2: the session ticket).
check() {
    name=$1 version=$2 want=$3 resumed_want=$4
    shift 4
    s_server "$@"
    out=$work/$name.txt
    result=ok
    if ! timeout "$STEP_TIMEOUT" "$LATCH" trace "$version" --reconnect --sni localhost \
        --ca "$CERTS/ca.pem" "127.0.0.1:$port" >"$out" 2>&1; then
        result="FAIL: latch trace exited non-zero"
    fi
    for conn in 1 2; do
        n=$want
        [ "$conn" = 2 ] && n=$resumed_want
        plural=s
        [ "$n" = 1 ] && plural=
        summary=$(sed -n '/^Summary: /p' "$out" | sed -n "${conn}p")
        headings=$(sed -n "s/^#$conn Round trip \([0-9]*\)$/\1/p" "$out" | tr '\n' ' ')
        expected=$(seq 1 "$n" | tr '\n' ' ')
        if [ "$result" != ok ]; then
            break
        elif ! printf '%s\n' "$summary" | grep -q "; $n round trip$plural; handshake"; then
            result="FAIL: connection $conn: summary '$summary', not $n round trip$plural"
        elif ! grep -q "^#$conn .*handshake complete after $n round trip$plural\$" "$out"; then
            result="FAIL: connection $conn: the timeline does not end after $n"
        elif [ "$headings" != "$expected" ]; then
            result="FAIL: connection $conn: timeline headings '$headings', not '$expected'"
        fi
        if [ "$conn" = 2 ] && [ "$result" = ok ] &&
            ! printf '%s\n' "$summary" | grep -q 'resumed'; then
            result="FAIL: the second connection did not resume: $summary"
        fi
    done
    stop_peer "$peer_pid"
    row "openssl s_server" "latch trace ->" "$name" "-" "text" "$result" "$out"

    s_server "$@"
    json=$work/$name.json
    result=ok
    if ! timeout "$STEP_TIMEOUT" "$LATCH" trace "$version" --reconnect --sni localhost \
        --ca "$CERTS/ca.pem" --format json "127.0.0.1:$port" >"$json" 2>"$json.err"; then
        result="FAIL: latch trace --format json exited non-zero"
    elif [ "$(json_round_trips "$json" 1)" != "$want" ] ||
        [ "$(json_round_trips "$json" 2)" != "$resumed_want" ]; then
        result="FAIL: JSON round trips $(json_round_trips "$json" 1) and \
$(json_round_trips "$json" 2), not $want and $resumed_want"
    fi
    stop_peer "$peer_pid"
    cat "$json.err" >>"$json"
    row "openssl s_server" "latch trace ->" "$name" "-" "json" "$result" "$json"
}

check tls1_3 --tls1_3 1 1 -tls1_3
# The server keeps asking for secp384r1, so the resumed handshake gets a
# HelloRetryRequest as well.
check tls1_3-hrr --tls1_3 2 2 -tls1_3 -groups secp384r1
check tls1_2 --tls1_2 2 1 -tls1_2

finish
