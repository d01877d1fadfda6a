#!/bin/sh
# `latch trace --reconnect` against `latch server` and `openssl s_server`
# on loopback: the first trace is a full handshake with a
# NewSessionTicket, the second an abbreviated one whose ServerHello says
# the session is resumed, with no Certificate or key exchange, the server
# finishing first, in one round trip. Without --reconnect no ticket is
# offered: the chapter's ten messages. The client speaks TLS 1.2 here
# (--tls1_2): latch resumes TLS 1.2 sessions only, so far.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl

# messages_of FILE: the message names of each connection's text trace, one
# line per connection.
messages_of() {
    awk '/^Connecting again/ { print line; line = "" }
         { for (i = 2; i + 2 <= NF; i++)
               if ($i == "->" && $(i - 2) == "ms" && $(i + 2) !~ /^(HTTP|Alert)$/) {
                   line = line " " $(i + 2)
                   break
               } }
         END { print line }' "$1"
}

FULL=" ClientHello ServerHello Certificate ServerKeyExchange ServerHelloDone ClientKeyExchange ChangeCipherSpec Finished NewSessionTicket ChangeCipherSpec Finished"
ABBREVIATED=" ClientHello ServerHello ChangeCipherSpec Finished ChangeCipherSpec Finished"

# check PEER PORT: one row for a traced reconnection to that server.
check() {
    out=$work/trace.out
    result=ok
    if ! timeout "$STEP_TIMEOUT" "$LATCH" trace "127.0.0.1:$2" --tls1_2 --ca "$CERTS/ca.pem" \
        --sni localhost --reconnect >"$out" 2>&1; then
        result="FAIL: latch trace exited non-zero"
    elif [ "$(messages_of "$out" | sed -n 1p)" != "$FULL" ] ||
        [ "$(messages_of "$out" | sed -n 2p)" != "$ABBREVIATED" ]; then
        result="FAIL: messages were: $(messages_of "$out" | tr '\n' '/')"
    elif ! grep -q 'resumption  *the session ID echoes the client.s: the server resumes' "$out" ||
        ! grep -q 'reused from the resumed session' "$out" ||
        ! grep -q 'handshake complete after 1 round trip$' "$out"; then
        result="FAIL: the abbreviated handshake is not explained"
    elif ! grep -q '^Summary: .*, resumed (no key exchange.*; 1 round trip;' "$out"; then
        result="FAIL: the summary does not say the session was resumed"
    fi
    row "$1" "latch trace ->" "--reconnect" ticket resumed "$result" "$out"
}

start_latch_server "$work/latch.log" --http
check "latch server" "$latch_port"

log=$work/s_server.log
start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
    -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -www
port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$peer_pid")
check "openssl s_server" "$port"

out=$work/plain.out
if timeout "$STEP_TIMEOUT" "$LATCH" trace "127.0.0.1:$latch_port" --tls1_2 --ca "$CERTS/ca.pem" \
    --sni localhost >"$out" 2>&1 && ! grep -q 'NewSessionTicket\|session_ticket' "$out"; then
    row "latch server" "latch trace ->" "-" "-" "no ticket" ok
else
    row "latch server" "latch trace ->" "-" "-" "no ticket" "FAIL: a ticket was offered" "$out"
fi

# Both connections of --reconnect are numbered from 1; in mermaid each has
# a diagram of its own, whose round trips count from 1 again.
out=$work/numbered.out
result=ok
if ! timeout "$STEP_TIMEOUT" "$LATCH" trace "127.0.0.1:$latch_port" --tls1_2 --ca "$CERTS/ca.pem" \
    --sni localhost --reconnect >"$out" 2>&1; then
    result="FAIL: latch trace exited non-zero"
elif [ "$(grep -c '^#1 ' "$out")" -lt 5 ] || [ "$(grep -c '^#2 ' "$out")" -lt 5 ] ||
    grep -q '^#0 \|^#3 ' "$out" || [ "$(grep -c '^ *[0-9.]* ms ' "$out")" -ne 0 ]; then
    result="FAIL: the text lines are not numbered #1 then #2"
fi
row "latch server" "latch trace ->" "--reconnect" "text" "#1, #2" "$result" "$out"
out=$work/mermaid.out
result=ok
if ! timeout "$STEP_TIMEOUT" "$LATCH" trace "127.0.0.1:$latch_port" --tls1_2 --ca "$CERTS/ca.pem" \
    --sni localhost --reconnect --format mermaid >"$out" 2>/dev/null; then
    result="FAIL: latch trace exited non-zero"
elif [ "$(grep -c '^sequenceDiagram$' "$out")" -ne 2 ] ||
    [ "$(grep -c '^%% connection [12]$' "$out")" -ne 2 ] ||
    [ "$(grep -c 'Note over C,S: Round Trip 1$' "$out")" -ne 2 ] ||
    [ "$(awk '/^%% connection 2$/ { seen = 1 } seen && /C->>S: 1\. ClientHello/' "$out" | wc -l)" -ne 1 ]; then
    result="FAIL: not one diagram per connection, each numbered from 1"
fi
row "latch server" "latch trace ->" "--reconnect" "mermaid" "2 diagrams" "$result" "$out"

finish
