#!/bin/sh
# TLS 1.3 resumption (RFC 8446 2.2) with GnuTLS on loopback, both ways.
# gnutls-cli --resume against `latch server` prints "This is a resumed
# session" for its second handshake; latch client --sess-out then
# --sess-in against `gnutls-serv --http`: latch's summary says the second
# connection resumed with no certificate sent.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need gnutls-cli gnutls-bin
need gnutls-serv gnutls-bin
need python3 python3

PRIORITY="NORMAL:-VERS-ALL:+VERS-TLS1.3"

# ---- gnutls-cli -> latch server ----

start_latch_server "$work/latch.log" --echo
out=$work/gnutls-cli.out
result=ok
# gnutls-cli stops at the end of its input: that ends once the resumed
# connection's echo is back.
fresh "$out"
# shellcheck disable=SC2094 # hold_open reads what the client writes
if ! { echo resumed; hold_open "$out" '^resumed$'; } |
    timeout "$STEP_TIMEOUT" gnutls-cli --port "$latch_port" --x509cafile "$CERTS/ca.pem" \
        --priority "$PRIORITY" --resume localhost >"$out" 2>&1; then
    result="FAIL: gnutls-cli exited non-zero"
elif ! grep -q '^- Description: (TLS1.3' "$out"; then
    result="FAIL: not TLS 1.3"
elif ! grep -q '\*\*\* This is a resumed session' "$out"; then
    result="FAIL: gnutls-cli did not resume"
fi
row "gnutls-cli" "-> latch server" "--resume" "TLS 1.3" resumed "$result" "$out"
stop_peer "$latch_pid"

# ---- latch client -> gnutls-serv ----

log=$work/gnutls-serv.log
start_gnutls_serv "$log" --http \
    --disable-client-cert --x509certfile "$CERTS/ecdsa.pem" --x509keyfile "$CERTS/ecdsa.key" \
    --priority "$PRIORITY"
pid=$peer_pid
sess=$work/latch.sess
err=$work/client.err
: >"$err"
latch_client() {
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" \
        --ca "$CERTS/ca.pem" --sni localhost --tls1_3 "$@"
}
result=ok
if ! latch_client --sess-out "$sess" >/dev/null 2>>"$err" ||
    ! latch_client --sess-in "$sess" >/dev/null 2>>"$err"; then
    result="FAIL: latch client exited non-zero"
elif [ "$(grep -c 'version=TLSv1.3 .*resumed=no' "$err")" -ne 1 ] ||
    [ "$(grep -c 'version=TLSv1.3 .*resumed=yes' "$err")" -ne 1 ] ||
    ! grep -q 'session resumed (abbreviated handshake); the peer sent 0 certificates' "$err"; then
    result="FAIL: latch did not report a full, then a resumed TLS 1.3 handshake"
fi
stop_peer "$pid"
cat "$log" >>"$err"
row "gnutls-serv" "latch client ->" "--sess-out/--sess-in" "TLS 1.3" resumed "$result" "$err"

finish
