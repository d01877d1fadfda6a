#!/bin/sh
# `curl` against `latch server --http`: every suite and group of the
# matrix, chosen with --ciphers and --curves, the certificate verified
# for localhost; curl offers ALPN h2,http/1.1 and must get http/1.1.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need curl curl

curl_curves() {
    client_groups "$1" "$2" | sed 's/x25519/X25519/g; s/secp256r1/P-256/g; s/secp384r1/P-384/g; s/ /:/g'
}

start_group_servers --alpn http/1.1

echo "$MATRIX_SUITES" | while read -r suite ossl key; do
    for group in $MATRIX_GROUPS; do
        port=$(server_port "$group" http)
        out=$work/client.out
        err=$work/client.err
        result=ok
        if ! timeout "$STEP_TIMEOUT" curl --silent --show-error --tlsv1.2 --tls-max 1.2 \
            --ciphers "$ossl" --curves "$(curl_curves "$group" "$key")" \
            --cacert "$CERTS/ca.pem" --resolve "localhost:$port:127.0.0.1" \
            "https://localhost:$port/curl" >"$out" 2>"$err"; then
            result="FAIL: curl exited non-zero"
        elif ! grep -q "^cipher suite: $suite$" "$out" || ! grep -q "^group: $group$" "$out"; then
            result="FAIL: the page does not show $suite and $group"
        elif ! grep -q "^ALPN: http/1.1$" "$out" || ! grep -q "^SNI: localhost$" "$out"; then
            result="FAIL: the page does not show ALPN http/1.1 and SNI localhost"
        elif ! grep -q "^request: GET /curl HTTP/1.1$" "$out"; then
            result="FAIL: the server did not see the request"
        fi
        cat "$out" >>"$err"
        row "curl" "-> latch server" "$suite" "$group" "http" "$result" "$err"
    done
done
stop_group_servers

finish
