#!/bin/sh
# TLS 1.3 with the other peers (RFC 8446): gnutls-cli, curl --tlsv1.3,
# wget --secure-protocol=TLSv1_3 and Python's ssl module (minimum TLS
# 1.3) against `latch server
# --http`, whose page names the version; latch client against
# `gnutls-serv` held to TLS 1.3. Then client certificates in TLS 1.3
# (RFC 8446 4.3.2, 4.4.2): `openssl s_client -tls1_3 -cert` against
# `latch server --verify-client --require-client-cert`, and `latch
# client --cert` against `openssl s_server -tls1_3 -Verify 1`, with and
# without a certificate (OpenSSL then sends certificate_required).
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
need gnutls-cli gnutls-bin
need gnutls-serv gnutls-bin
need curl curl
need wget wget
need python3 python3

E2E=$LATCH_TESTDATA/e2e
request() { printf 'GET / HTTP/1.0\r\n\r\n'; }

start_latch_server "$work/latch-http.log" --http
http_port=$latch_port

# page_row PEER OUT: the row for a page fetched over TLS 1.3.
page_row() {
    if grep -q "^version: TLSv1.3$" "$2"; then
        row "$1" "-> latch server" - - page ok
    else
        row "$1" "-> latch server" - - page "FAIL: the page does not say TLSv1.3" "$2"
    fi
}

out=$work/gnutls.out
fresh "$out"
# shellcheck disable=SC2094 # hold_open reads what the client writes
{ request; hold_open "$out" "$HTTP_PAGE_END"; } |
    timeout "$STEP_TIMEOUT" gnutls-cli --port "$http_port" --x509cafile "$CERTS/ca.pem" \
        --priority "NORMAL:-VERS-ALL:+VERS-TLS1.3" 127.0.0.1 >"$out" 2>&1 || true
page_row gnutls-cli "$out"

out=$work/curl.out
timeout "$STEP_TIMEOUT" curl --silent --show-error --tlsv1.3 --cacert "$CERTS/ca.pem" \
    "https://localhost:$http_port/" --resolve "localhost:$http_port:127.0.0.1" >"$out" 2>&1 || true
page_row curl "$out"

out=$work/wget.out
timeout "$STEP_TIMEOUT" wget --quiet --tries=1 --secure-protocol=TLSv1_3 \
    --ca-certificate="$CERTS/ca.pem" -O "$out" "https://127.0.0.1:$http_port/" 2>"$work/wget.err" ||
    cat "$work/wget.err" >>"$out"
page_row wget "$out"

out=$work/python.out
timeout "$STEP_TIMEOUT" python3 -c '
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.minimum_version = ssl.TLSVersion.TLSv1_3
with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as raw:
    with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall(b"GET / HTTP/1.0\r\n\r\n")
        page = b""
        while True:
            chunk = tls.recv(4096)
            if not chunk:
                break
            page += chunk
        sys.stdout.write(page.decode("ascii", "replace"))
' "$http_port" "$CERTS/ca.pem" >"$out" 2>&1 || true
page_row "python ssl" "$out"

log=$work/gnutls-serv.log
start_gnutls_serv "$log" --http --disable-client-cert \
    --x509certfile "$CERTS/ecdsa.pem" --x509keyfile "$CERTS/ecdsa.key" \
    --priority "NORMAL:-VERS-ALL:+VERS-TLS1.3"
pid=$peer_pid
out=$work/latch-gnutls.out
err=$work/latch-gnutls.err
result=ok
if ! request | timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" \
    --tls1_3 >"$out" 2>"$err"; then
    result="FAIL: latch client exited non-zero"
elif ! grep -q "TLS1.3" "$out" || ! grep -q "with TLSv1.3, " "$err"; then
    result="FAIL: the page or latch's summary does not show TLS 1.3"
fi
stop_peer "$pid"
cat "$out" "$log" >>"$err"
row "gnutls-serv" "latch client ->" - - page "$result" "$err"

start_latch_server "$work/latch-auth.log" --verify-client "$E2E/ca.pem" --require-client-cert
for key in ecdsa-p256 rsa2048; do
    out=$work/s_client-$key.out
    request | timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$latch_port" -tls1_3 \
        -CAfile "$CERTS/ca.pem" -cert "$E2E/$key.chain.pem" -key "$E2E/$key.key" -quiet \
        >"$out" 2>&1 || true
    if grep -q "^client certificate: verified$" "$out" && grep -q "^version: TLSv1.3$" "$out"; then
        row "openssl s_client" "-> latch server" "client key $key" - required ok
    else
        cat "$work/latch-auth.log" >>"$out"
        row "openssl s_client" "-> latch server" "client key $key" - required \
            "FAIL: the page does not say TLSv1.3 with a verified client certificate" "$out"
    fi
done

# latch_to_openssl KEY: latch client with the e2e KEY's certificate, or
# none, against a one-connection `openssl s_server -tls1_3 -Verify 1`.
latch_to_openssl() {
    key=$1
    log=$work/s_server.log
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_3 \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -Verify 1 -CAfile "$E2E/ca.pem" \
        -www -naccept 1
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
    set --
    [ "$key" != none ] && set -- --cert "$E2E/$key.chain.pem" --key "$E2E/$key.key"
    out=$work/client.out
    err=$work/client.err
    result=ok
    if request | timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" \
        --tls1_3 "$@" >"$out" 2>"$err"; then
        if [ "$key" = none ]; then
            result="FAIL: the connection went on without a client certificate"
        elif ! grep -q "^Client certificate" "$out" || ! grep -q "TLSv1.3" "$out"; then
            result="FAIL: the page does not show a client certificate over TLS 1.3"
        fi
    elif [ "$key" != none ]; then
        result="FAIL: latch client exited non-zero"
    elif ! grep -q "certificate_required" "$err"; then
        result="FAIL: latch client did not report the server's certificate_required"
    fi
    stop_peer "$pid"
    cat "$out" "$log" >>"$err"
    row "openssl s_server" "latch client ->" "client key $key" - "-Verify 1" "$result" "$err"
}

latch_to_openssl ecdsa-p256
latch_to_openssl ed25519
latch_to_openssl none

finish
