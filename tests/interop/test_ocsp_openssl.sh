#!/bin/sh
# OCSP stapling (RFC 6066 8) with OpenSSL both ways. `openssl s_client
# -status` against `latch server --ocsp` shows the stapled response, and
# none without --ocsp. latch client against `openssl s_server -status_file`
# passes with a good staple (--require-staple), fails with certificate_revoked
# (alert 44) on a revoked one and bad_certificate_status_response (113) on a
# stale one, and with --require-staple fails against a server that staples
# nothing (certificate_unknown, 46). s_server must log the alert latch sent.
# Every row runs in TLS 1.2 and in TLS 1.3, where the staple travels in
# the leaf's CertificateEntry (RFC 8446 4.4.2.1): latch's trace must say
# the staple was checked, and a staple about another certificate fails.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need openssl openssl
[ -x "$LATCH" ] || fail_setup "$LATCH is missing; build latch first"
D=$LATCH_TESTDATA/verify

# server_row NAME WANT [--ocsp FILE]: s_client -status against latch server.
server_row() {
    name=$1 want=$2
    shift 2
    log=$work/latch.log
    start_peer "$log" "$LATCH" server --bind 127.0.0.1 --port 0 \
        --cert "$D/good-chain.pem" --key "$D/good.key" "$@"
    pid=$peer_pid
    port=$(wait_for "$log" 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$pid")
    out=$work/s_client.out
    result=ok
    timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$port" "$VERSION" -status \
        -servername good.example -CAfile "$D/root.pem" </dev/null >"$out" 2>&1 ||
        result="FAIL: s_client failed"
    if [ "$result" = ok ] && ! grep -qF -- "$want" "$out"; then
        result="FAIL: s_client did not print '$want'"
    fi
    stop_peer "$pid"
    cat "$log" >>"$out"
    row "openssl s_client" "-> latch server" "$name" "$VERSION" "ocsp" "$result" "$out"
}

# client_row NAME CERT KEY STATUS_FILE|- WANT_TEXT ALERT [latch client options]
# ALERT is the alert number s_server must report, or "-" for success.
client_row() {
    name=$1 cert=$2 key=$3 staple=$4 want=$5 alert=$6
    shift 6
    log=$work/server.log
    status_opt=""
    [ "$staple" = - ] || status_opt="-status_file $D/$staple"
    # shellcheck disable=SC2086 # status_opt is two words or none
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 "$VERSION" \
        -cert "$D/$cert" -key "$D/$key" -cert_chain "$D/int.pem" -www -naccept 1 $status_opt
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
    err=$work/client.err
    result=ok
    status=0
    printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$D/root.pem" \
            --sni "${cert%.pem}.example" "$@" >"$work/client.out" 2>"$err" || status=$?
    if [ "$alert" = - ]; then
        [ "$status" -eq 0 ] || result="FAIL: latch client exited $status"
        [ "$result" = ok ] && [ -n "$want" ] && ! grep -qF -- "$want" "$err" &&
            result="FAIL: the client's trace does not say '$want'"
    elif [ "$status" -eq 0 ]; then
        result="FAIL: latch client accepted it"
    elif ! grep -qF -- "$want" "$err"; then
        result="FAIL: the client's error does not say '$want'"
    else
        # s_server -naccept 1 ends after this connection (timeout bounds it).
        wait "$pid" 2>/dev/null || true
        grep -q "SSL alert number $alert" "$log" ||
            result="FAIL: s_server did not receive alert $alert"
    fi
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "$name" "$VERSION" "ocsp" "$result" "$err"
}

CHECKED="the stapled OCSP response says the server's certificate is good"
for VERSION in -tls1_2 -tls1_3; do
    server_row stapled "OCSP Response Status: successful" --ocsp "$D/ocsp-good.der"
    server_row not-stapled "OCSP response: no response sent"
    client_row good-required good.pem good.key ocsp-good.der "$CHECKED" - --require-staple --trace
    client_row good good.pem good.key ocsp-good.der "$CHECKED" - --trace
    client_row none good.pem good.key - "" -
    client_row none-required good.pem good.key - "the server sent no OCSP staple" 46 \
        --require-staple
    client_row revoked revoked.pem revoked.key ocsp-revoked.der \
        "the responder says the certificate is revoked" 44
    client_row stale good.pem good.key ocsp-stale.der "out of date" 113
    client_row another-cert good.pem good.key ocsp-revoked.der "no CertID matches" 113
done

finish
