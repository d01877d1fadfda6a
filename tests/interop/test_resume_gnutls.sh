#!/bin/sh
# Session resumption with GnuTLS on loopback, both ways, by ticket and by
# session ID. gnutls-cli --resume against `latch server` (with and
# without --noticket) prints "This is a resumed session" for the second
# handshake. latch client --reconnect against `gnutls-serv --http` (with
# and without --no-tickets): latch's summary says the second handshake
# resumed the session and no certificate came; by session ID, gnutls-serv
# logs the same session ID for both connections.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need gnutls-cli gnutls-bin
need gnutls-serv gnutls-bin
need python3 python3

how_of() {
    if [ -n "$1" ]; then echo "session ID"; else echo "ticket"; fi
}

# ---- gnutls-cli -> latch server ----

start_latch_server "$work/latch.log" --echo
for no_ticket in "" --noticket; do
    out=$work/gnutls-cli.out
    result=ok
    # gnutls-cli stops at the end of its input: that ends once the
    # resumed connection's echo is back.
    fresh "$out"
    # shellcheck disable=SC2086,SC2094 # $no_ticket: one word or none; hold_open
    # reads what the client writes
    if ! { echo resumed; hold_open "$out" '^resumed$'; } |
        timeout "$STEP_TIMEOUT" gnutls-cli --port "$latch_port" --x509cafile "$CERTS/ca.pem" \
            --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2" --resume $no_ticket localhost \
            >"$out" 2>&1; then
        result="FAIL: gnutls-cli exited non-zero"
    elif ! grep -q '\*\*\* This is a resumed session' "$out"; then
        result="FAIL: gnutls-cli did not resume"
    fi
    row "gnutls-cli" "-> latch server" "--resume" "$(how_of "$no_ticket")" resumed "$result" "$out"
done
stop_peer "$latch_pid"

# ---- latch client -> gnutls-serv ----

for no_tickets in "" --no-tickets; do
    log=$work/gnutls-serv.log
    start_gnutls_serv "$log" --http \
        --disable-client-cert --x509certfile "$CERTS/ecdsa.pem" --x509keyfile "$CERTS/ecdsa.key" \
        --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2"
    pid=$peer_pid
    out=$work/client.out
    err=$work/client.err
    : >"$err"
    result=ok
    # shellcheck disable=SC2086
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" \
            --sni localhost --reconnect $no_tickets >"$out" 2>"$err"; then
        result="FAIL: latch client exited non-zero"
    elif [ "$(grep -c '; new session; the peer sent 1 certificate' "$err")" -ne 1 ] ||
        ! grep -q 'session resumed (abbreviated handshake); the peer sent 0 certificates' "$err"; then
        result="FAIL: latch did not report a full, then a resumed handshake"
    elif [ -n "$no_tickets" ] &&
        [ "$(sed -n 's/^- Session ID: //p' "$log" | sort -u | wc -l)" -ne 1 ]; then
        result="FAIL: gnutls-serv did not log one session ID for both connections"
    fi
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "gnutls-serv" "latch client ->" "--reconnect" "$(how_of "$no_tickets")" resumed "$result" \
        "$err"
done

finish
