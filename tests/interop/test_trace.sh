#!/bin/sh
# `latch trace` against `latch server` and `openssl s_server` on loopback:
# the text trace lists the chapter's ten messages in order, every line of
# --format json parses and has the documented keys, --format mermaid
# shows a ServerKeyExchange for ECDHE and none for RSA key exchange, and a
# failed handshake is traced up to the failure with the alert.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
need python3 python3

CHAPTER="ClientHello ServerHello Certificate ServerKeyExchange ServerHelloDone ClientKeyExchange ChangeCipherSpec Finished ChangeCipherSpec Finished"

start_latch_server "$work/latch.log" --http
lport=$latch_port
start_latch_server "$work/alpn.log" --http --alpn http/1.1
alpn_port=$latch_port
# This one accepts only RSA key exchange: for the RSA diagram, and for a
# client whose cipher suites it does not share.
start_latch_server "$work/rsa-kx.log" --http --ciphers TLS_RSA_WITH_AES_128_GCM_SHA256
rsa_port=$latch_port
start_peer "$work/openssl.log" timeout 300 openssl s_server -accept 127.0.0.1:0 -tls1_2 \
    -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -www
oport=$(wait_for "$work/openssl.log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$peer_pid")

# trace OUT PORT ARGS...: runs latch trace on 127.0.0.1:PORT (stdout to
# OUT, stderr to OUT.err), the chapter's TLS 1.2 handshake (--tls1_2);
# its exit status is in $traced.
trace() {
    out=$1 port=$2
    shift 2
    traced=0
    timeout "$STEP_TIMEOUT" "$LATCH" trace --tls1_2 --sni localhost --ca "$CERTS/ca.pem" "$@" \
        "127.0.0.1:$port" >"$out" 2>"$out.err" || traced=$?
    cat "$out.err" >>"$out"
}

# The message names of a text trace, one line, in order.
text_messages() {
    sed -n 's/^ *[0-9.]* ms  [a-z]* -> [a-z]* *\([A-Za-z]*\)  (.*/\1/p' "$1" | tr '\n' ' ' |
        sed 's/ $//'
}

# text PEER PORT: the ten messages in order, the chain validated before
# the client answers, the response, the summary.
text() {
    trace "$work/text.out" "$2"
    got=$(text_messages "$work/text.out")
    if [ "$traced" -ne 0 ]; then
        row "$1" "latch trace ->" "-" "-" text "FAIL: exit status $traced" "$work/text.out"
    elif [ "$got" != "$CHAPTER" ]; then
        row "$1" "latch trace ->" "-" "-" text "FAIL: messages were: $got" "$work/text.out"
    elif ! sed -n '/ServerHelloDone/,/ClientKeyExchange/p' "$work/text.out" |
        grep -q 'certificate check  chain'; then
        row "$1" "latch trace ->" "-" "-" text "FAIL: no chain check before answering" \
            "$work/text.out"
    elif ! grep -qi '^HTTP response: HTTP/1\.[01] 200 OK' "$work/text.out"; then
        row "$1" "latch trace ->" "-" "-" text "FAIL: no HTTP status line" "$work/text.out"
    elif ! grep -q '^Summary: TLSv1.2, cipher suite .*; 2 round trips; handshake' "$work/text.out"; then
        row "$1" "latch trace ->" "-" "-" text "FAIL: no summary" "$work/text.out"
    else
        row "$1" "latch trace ->" "-" "-" text ok
    fi
}

text "latch server" "$lport"
text "openssl s_server" "$oport"

# JSON: every line an object with the documented keys, and the messages
# in the chapter's order.
json() {
    trace "$work/json.out" "$2" --format json
    if [ "$traced" -ne 0 ]; then
        row "$1" "latch trace ->" "-" "-" json "FAIL: exit status $traced" "$work/json.out"
        return
    fi
    if python3 - "$work/json.out" "$CHAPTER" >"$work/json.check" 2>&1 <<'EOF'; then
import json
import sys

keys = {"connection", "time_ms", "kind", "name", "direction", "sender", "round_trip",
        "handshake_type", "content_type", "protected", "length", "detail", "fields", "secret",
        "record"}
kinds = {"state", "record", "message", "keys", "signature", "certificate", "alert", "error"}
messages = []
with open(sys.argv[1], encoding="utf-8") as f:
    lines = [l for l in f if not l.startswith(("Tracing ", "HTTP response: ")) and l.strip()]
for n, line in enumerate(lines, 1):
    o = json.loads(line)
    assert isinstance(o, dict), f"line {n} is not an object"
    assert set(o) == keys, f"line {n} has keys {sorted(o)}"
    assert o["kind"] in kinds, f"line {n}: kind {o['kind']}"
    assert o["direction"] in ("sent", "received", None), f"line {n}: direction"
    assert all(set(f) == {"name", "value"} for f in o["fields"]), f"line {n}: fields"
    assert o["secret"] is None, f"line {n}: a secret without --show-secrets"
    rec = o["record"]
    if o["kind"] != "record":
        assert rec is None, f"line {n}: record data on a {o['kind']} event"
    else:
        # The header as on the wire: type, version 3.3, the length.
        assert set(rec) == {"sequence", "header", "nonce", "ciphertext", "plaintext"}, f"line {n}"
        h = bytes.fromhex(rec["header"])
        assert h[0] == o["content_type"] and h[1:3] == b"\x03\x03", f"line {n}: header {h.hex()}"
        assert rec["nonce"] is None and rec["plaintext"] is None, f"line {n}: secrets shown"
    if o["kind"] == "message":
        messages.append(o["name"])
        assert o["round_trip"] in (1, 2), f"line {n}: round_trip {o['round_trip']}"
assert messages == sys.argv[2].split(), f"messages: {messages}"
print(f"{len(lines)} events")
EOF
        row "$1" "latch trace ->" "-" "-" json ok
    else
        cat "$work/json.check" >>"$work/json.out"
        row "$1" "latch trace ->" "-" "-" json "FAIL: $(tail -n 1 "$work/json.check")" \
            "$work/json.out"
    fi
}

json "latch server" "$lport"
json "openssl s_server" "$oport"

# --show-secrets puts the pre-master and master secrets in the JSON.
trace "$work/secrets.out" "$lport" --format json --show-secrets
# And, for each protected record, its nonce (the 4-byte salt and the
# 8-byte explicit nonce the record carries, RFC 5288 3), its ciphertext
# and its plaintext: the Finished messages both ways.
if grep -q '"name":"master_secret".*"secret":"[0-9a-f]\{96\}"' "$work/secrets.out" &&
    python3 - "$work/secrets.out" <<'EOF'; then
import json
import sys

protected = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("{"):
        continue
    o = json.loads(line)
    rec = o["record"]
    if o["kind"] != "record" or not o["protected"]:
        continue
    protected += 1
    nonce, ct = bytes.fromhex(rec["nonce"]), bytes.fromhex(rec["ciphertext"])
    assert len(nonce) == 12 and nonce[4:] == ct[:8], f"nonce {nonce.hex()} / {ct[:8].hex()}"
    assert len(ct) == int(rec["header"][6:], 16), "ciphertext length"
    assert len(bytes.fromhex(rec["plaintext"])) == o["length"] == len(ct) - 24, "plaintext"
    if o["content_type"] == 22:
        assert rec["plaintext"].startswith("14"), "a Finished message decrypted"
assert protected >= 2, f"{protected} protected records"
EOF
    row "latch server" "latch trace ->" "-" "-" secrets ok
else
    row "latch server" "latch trace ->" "-" "-" secrets "FAIL: no master secret or no record nonce, ciphertext and plaintext" "$work/secrets.out"
fi

# Mermaid of an ECDHE handshake: ServerKeyExchange is there, ten
# numbered messages, the round trips and the application data as notes.
trace "$work/ecdhe.mmd" "$lport" --format mermaid
if [ "$traced" -ne 0 ]; then
    row "latch server" "latch trace ->" "-" "-" mermaid "FAIL: exit status $traced" "$work/ecdhe.mmd"
elif ! grep -q '^    S->>C: 4\. ServerKeyExchange$' "$work/ecdhe.mmd"; then
    row "latch server" "latch trace ->" "-" "-" mermaid "FAIL: no ServerKeyExchange" "$work/ecdhe.mmd"
elif [ "$(grep -c '^    [CS]->>[CS]: [0-9]*\. ' "$work/ecdhe.mmd")" -ne 10 ] ||
    ! grep -q '^    Note over C,S: Round Trip 2$' "$work/ecdhe.mmd" ||
    ! grep -q '^    Note over C,S: Encrypted Application Data$' "$work/ecdhe.mmd"; then
    row "latch server" "latch trace ->" "-" "-" mermaid "FAIL: not the chapter's diagram" \
        "$work/ecdhe.mmd"
else
    row "latch server" "latch trace ->" "-" "-" mermaid ok
fi

# RSA key exchange: no ServerKeyExchange goes over the wire. Where this
# build's server does not take the suite, say so and skip.
trace "$work/rsa.mmd" "$rsa_port" --format mermaid --ciphers TLS_RSA_WITH_AES_128_GCM_SHA256
if [ "$traced" -ne 0 ] && grep -q 'no cipher suite in common' "$work/rsa-kx.log"; then
    echo "skipped: the RSA key exchange mermaid check; this build's server does not accept" \
        "TLS_RSA_WITH_AES_128_GCM_SHA256 (it said: $(grep 'no cipher suite' "$work/rsa-kx.log" | head -n 1))"
elif [ "$traced" -ne 0 ]; then
    row "latch server" "latch trace ->" TLS_RSA_WITH_AES_128_GCM_SHA256 "-" mermaid \
        "FAIL: exit status $traced" "$work/rsa.mmd"
elif grep -q 'ServerKeyExchange' "$work/rsa.mmd" ||
    ! grep -q '^    S->>C: 4\. ServerHelloDone$' "$work/rsa.mmd" ||
    ! grep -q '^    C->>S: 5\. ClientKeyExchange$' "$work/rsa.mmd"; then
    row "latch server" "latch trace ->" TLS_RSA_WITH_AES_128_GCM_SHA256 "-" mermaid \
        "FAIL: not the RSA key exchange diagram" "$work/rsa.mmd"
else
    row "latch server" "latch trace ->" TLS_RSA_WITH_AES_128_GCM_SHA256 "-" mermaid ok
fi

# failed WHAT ALERT PORT ARGS...: the handshake fails; the trace shows the
# ClientHello, then the alert and the reason, and latch trace exits 1.
failed() {
    what=$1 alert=$2 port=$3
    shift 3
    trace "$work/fail.out" "$port" "$@"
    trace "$work/fail.mmd" "$port" --format mermaid "$@"
    if [ "$traced" -ne 1 ]; then
        row "latch server" "latch trace ->" "-" "-" "$what" "FAIL: exit status $traced" \
            "$work/fail.mmd"
    elif [ "$(text_messages "$work/fail.out")" != ClientHello ] ||
        ! grep -q "server -> client  Alert $alert  (fatal)" "$work/fail.out" ||
        ! grep -q "handshake failed (alert_received)" "$work/fail.out" ||
        ! grep -q "the peer sent the fatal alert $alert" "$work/fail.out"; then
        row "latch server" "latch trace ->" "-" "-" "$what" "FAIL: the text trace" "$work/fail.out"
    elif ! grep -q "^    S->>C: Alert $alert (fatal)$" "$work/fail.mmd" ||
        ! grep -q "^    Note over C,S: handshake failed: the peer sent the fatal alert $alert" \
            "$work/fail.mmd"; then
        row "latch server" "latch trace ->" "-" "-" "$what" "FAIL: the diagram" "$work/fail.mmd"
    else
        row "latch server" "latch trace ->" "-" "-" "$what" ok
    fi
}

failed alpn no_application_protocol "$alpn_port" --alpn h2
failed ciphers handshake_failure "$rsa_port" --ciphers TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256

finish
