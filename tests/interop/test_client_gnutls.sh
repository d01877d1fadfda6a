#!/bin/sh
# latch client against `gnutls-serv --http`: every suite and group of the
# matrix, chosen by the server's priority string, then ALPN. The page
# gnutls-serv sends back names the key exchange, group and cipher it used.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need gnutls-serv gnutls-bin
need python3 python3

gnutls_cipher() {
    case $1 in
    *AES_128_GCM*) echo AES-128-GCM ;;
    *AES_256_GCM*) echo AES-256-GCM ;;
    *CHACHA20*) echo CHACHA20-POLY1305 ;;
    esac
}

# run_row SUITE KEY GROUP CHECK [CLIENT ARGS...]
run_row() {
    suite=$1 key=$2 group=$3 check=$4
    shift 4
    kx=ECDHE-$(echo "$key" | tr "[:lower:]" "[:upper:]")
    cipher=$(gnutls_cipher "$suite")
    ggroup=$(echo "$group" | tr "[:lower:]" "[:upper:]")
    alpn_server=""
    [ "$check" = alpn ] && alpn_server="--alpn=http/1.1"
    log=$work/server.log
    # shellcheck disable=SC2086
    start_gnutls_serv "$log" --http \
        --disable-client-cert \
        --x509certfile "$CERTS/ecdsa.pem" --x509keyfile "$CERTS/ecdsa.key" \
        --x509certfile "$CERTS/rsa.pem" --x509keyfile "$CERTS/rsa.key" $alpn_server \
        --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2:-CIPHER-ALL:+$cipher:-KX-ALL:+$kx:-GROUP-ALL:+GROUP-$ggroup"
    pid=$peer_pid
    out=$work/client.out
    err=$work/client.err
    : >"$err"
    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" "$@" \
            >"$out" 2>"$err"; then
        result="FAIL: latch client exited non-zero"
    elif ! grep -q "(ECDHE-$ggroup)-.*($cipher)" "$out" || ! grep -q "$kx" "$out"; then
        result="FAIL: the page does not show $kx, $ggroup and $cipher"
    elif ! grep -q "cipher suite $suite " "$err" || ! grep -q "group $group," "$err"; then
        result="FAIL: the summary does not show $suite and $group"
    elif [ "$check" = alpn ] && ! grep -q "ALPN http/1.1;" "$err"; then
        result="FAIL: http/1.1 was not negotiated"
    fi
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "gnutls-serv" "latch client ->" "$suite" "$group" "$check" "$result" "$err"
}

echo "$MATRIX_SUITES" | while read -r suite _ossl key; do
    for group in $MATRIX_GROUPS; do
        run_row "$suite" "$key" "$group" data
    done
done
run_row TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 ecdsa x25519 alpn \
    --alpn h2,http/1.1 --sni localhost
run_row TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 rsa secp384r1 alpn \
    --alpn h2,http/1.1 --sni localhost

finish
