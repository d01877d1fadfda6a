#!/bin/sh
# TLS 1.3 resumption (RFC 8446 2.2) with OpenSSL on loopback, both ways.
# openssl s_client -tls1_3 against `latch server`: -sess_out then
# -sess_in, the second saying "Reused, TLSv1.3"; the same with a ticket
# whose bytes were changed in the session file, which must give a new
# session. latch client --tls1_3 against `openssl s_server -tls1_3 -www`:
# --sess-out then --sess-in (twice, each resumption keeping the new
# ticket), s_server's page saying "Reused, TLSv1.3" and latch's summary
# `resumed=yes` with no certificate sent; then through a HelloRetryRequest
# (s_server takes only P-256, latch's first share is x25519); then
# `latch client --reconnect`, whose second connection resumes.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl

# ---- openssl s_client -> latch server ----

# --http answers the request and closes; -ign_eof keeps s_client reading
# until then, so the tickets that follow the handshake are read and saved.
start_latch_server "$work/latch.log" --http --workers 1
port=$latch_port

s_client() {
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout "$STEP_TIMEOUT" openssl s_client \
        -connect "127.0.0.1:$port" -tls1_3 -CAfile "$CERTS/ca.pem" -servername localhost \
        -ign_eof "$@"
}

sess=$work/openssl.sess
first=$work/first.out
second=$work/second.out
result=ok
if ! s_client -sess_out "$sess" >"$first" 2>&1 || ! s_client -sess_in "$sess" >"$second" 2>&1; then
    result="FAIL: s_client exited non-zero"
elif ! grep -q '^New, TLSv1.3' "$first" || ! grep -q '^Reused, TLSv1.3' "$second"; then
    result="FAIL: the second connection did not reuse the session"
fi
cat "$first" >>"$second"
row "openssl s_client" "-> latch server" "-sess_out/-sess_in" "TLS 1.3" resumed "$result" "$second"

# The same session with one byte of its ticket changed: latch cannot open
# it and answers with a full handshake (RFC 8446 4.2.11), not an alert.
bad=$work/bad.sess
python3 - "$sess" "$bad" <<'PY'
import base64
import sys
pem = open(sys.argv[1]).read()
lines = pem.strip().splitlines()
der = bytearray(base64.b64decode("".join(lines[1:-1])))
# OpenSSL's SSL_SESSION keeps the ticket as [10] EXPLICIT OCTET STRING
# (tag 0xaa): flip a byte in the middle of that string.
def length(at):
    n = der[at]
    if n < 0x80:
        return n, at + 1
    k = n & 0x7f
    return int.from_bytes(der[at + 1:at + 1 + k], "big"), at + 1 + k
found = False
for i in range(len(der) - 4):
    if der[i] != 0xaa:
        continue
    outer, j = length(i + 1)
    if j + outer > len(der) or der[j] != 0x04:
        continue
    n, k = length(j + 1)
    if n > 16 and k + n == j + outer:
        der[k + n // 2] ^= 0x40
        found = True
        break
assert found, "no ticket found in the session"
body = base64.b64encode(bytes(der)).decode()
out = lines[0] + "\n" + "\n".join(body[k:k + 64] for k in range(0, len(body), 64)) + "\n" + lines[-1] + "\n"
open(sys.argv[2], "w").write(out)
PY
third=$work/third.out
result=ok
if ! s_client -sess_in "$bad" >"$third" 2>&1; then
    result="FAIL: s_client exited non-zero"
elif ! grep -q '^New, TLSv1.3' "$third"; then
    result="FAIL: a changed ticket did not give a full handshake"
fi
row "openssl s_client" "-> latch server" "changed ticket" "TLS 1.3" "full" "$result" "$third"
stop_peer "$latch_pid"

# ---- latch client -> openssl s_server ----

# start_s_server ARGS: s_server -www -tls1_3 for three connections.
start_s_server() {
    log=$work/s_server.log
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_3 \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -www -naccept 3 "$@"
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
}

latch_client() {
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" \
        --ca "$CERTS/ca.pem" --sni localhost --tls1_3 "$@"
}

# check_run N OUT ERR: connection N's page and summary (1 new, 2 and 3
# resumed).
check_run() {
    if [ "$1" = 1 ]; then
        page='^New, TLSv1.3'
        summary='resumed=no'
    else
        page='^Reused, TLSv1.3'
        summary='resumed=yes'
    fi
    if ! grep -q "$page" "$2"; then
        echo "FAIL: connection $1: s_server's page does not match $page"
    elif ! grep -q "version=TLSv1.3 .*$summary" "$3"; then
        echo "FAIL: connection $1: latch's summary does not say $summary"
    elif [ "$1" != 1 ] && ! grep -q 'the peer sent 0 certificates' "$3"; then
        echo "FAIL: connection $1: a certificate came in a resumed handshake"
    else
        echo ok
    fi
}

for how in "" hrr; do
    if [ "$how" = hrr ]; then start_s_server -groups P-256; else start_s_server; fi
    sess=$work/latch.sess
    rm -f "$sess"
    result=ok
    for n in 1 2 3; do
        out=$work/client$n.out
        err=$work/client$n.err
        if [ "$n" = 1 ]; then in_opt=""; else in_opt="--sess-in $sess"; fi
        # shellcheck disable=SC2086
        if ! latch_client $in_opt --sess-out "$sess" >"$out" 2>"$err"; then
            result="FAIL: latch client exited non-zero (connection $n)"
            break
        fi
        r=$(check_run "$n" "$out" "$err")
        # The HelloRetryRequest's group, P-256, is the one used.
        [ "$r" = ok ] && [ "$how" = hrr ] && ! grep -q 'group=secp256r1' "$err" &&
            r="FAIL: connection $n: no HelloRetryRequest to P-256"
        if [ "$r" != ok ]; then
            result=$r
            break
        fi
    done
    perms=$(stat -c %a "$sess" 2>/dev/null || echo none)
    [ "$result" = ok ] && [ "$perms" != 600 ] && result="FAIL: the session file is mode $perms"
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "--sess-out/--sess-in ${how:-1-RTT}" "TLS 1.3" \
        resumed "$result" "$err"
done

# --reconnect: the ticket comes after the first handshake, so latch client
# reads until it has one before connecting again.
start_s_server
out=$work/reconnect.out
err=$work/reconnect.err
result=ok
if ! latch_client --reconnect >"$out" 2>"$err"; then
    result="FAIL: latch client --reconnect exited non-zero"
elif [ "$(grep -c 'version=TLSv1.3 .*resumed=no' "$err")" != 1 ] ||
    [ "$(grep -c 'version=TLSv1.3 .*resumed=yes' "$err")" != 1 ]; then
    result="FAIL: not one new connection, then one resumed"
elif ! grep -q '^Reused, TLSv1.3' "$out"; then
    result="FAIL: s_server's page does not say Reused, TLSv1.3"
fi
stop_peer "$pid"
cat "$log" >>"$err"
row "openssl s_server" "latch client ->" "--reconnect" "TLS 1.3" resumed "$result" "$err"

finish
