#!/bin/sh
# `gnutls-cli` against `latch server --http` and `--echo`: every suite and
# group of the matrix, chosen by the client's priority string, then ALPN.
# gnutls-cli prints the parameters it negotiated; the --http page names
# the ones the server negotiated; the echo rows expect their line back.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need gnutls-cli gnutls-bin

gnutls_cipher() {
    case $1 in
    *AES_128_GCM*) echo AES-128-GCM ;;
    *AES_256_GCM*) echo AES-256-GCM ;;
    *CHACHA20*) echo CHACHA20-POLY1305 ;;
    esac
}

start_group_servers --alpn http/1.1

# run_row SUITE KEY GROUP CHECK [GNUTLS-CLI ARGS...]
run_row() {
    suite=$1 key=$2 group=$3 check=$4
    shift 4
    out=$work/client.out
    err=$work/client.err
    kx=ECDHE-$(echo "$key" | tr "[:lower:]" "[:upper:]")
    cipher=$(gnutls_cipher "$suite")
    groups=""
    for g in $(client_groups "$group" "$key"); do
        groups="$groups:+GROUP-$(echo "$g" | tr "[:lower:]" "[:upper:]")"
    done
    mode=http
    [ "$check" = echo ] && mode="echo"
    port=$(server_port "$group" "$mode")
    if [ "$mode" = echo ]; then
        input="ping $suite $group"
    else
        input=$(printf 'GET / HTTP/1.0\r\n')
    fi
    result=ok
    # gnutls-cli stops at the end of its input: that ends once the answer
    # is in (the echoed line, or the page's last line).
    answer="^$input"
    [ "$mode" = http ] && answer=$HTTP_PAGE_END
    fresh "$out"
    # shellcheck disable=SC2094 # hold_open reads what the client writes
    if ! { printf '%s\r\n\r\n' "$input"; hold_open "$out" "$answer"; } |
        timeout "$STEP_TIMEOUT" gnutls-cli --port "$port" --x509cafile "$CERTS/ca.pem" \
            --priority "NONE:+VERS-TLS1.2:+$cipher:+AEAD:+$kx:+SIGN-ALL:+COMP-NULL$groups" \
            "$@" 127.0.0.1 >"$out" 2>"$err"; then
        result="FAIL: gnutls-cli exited non-zero"
    elif ! grep -q "(ECDHE-$(echo "$group" | tr "[:lower:]" "[:upper:]"))-.*($cipher)" "$out"; then
        result="FAIL: gnutls-cli did not negotiate $kx, $group and $cipher"
    elif [ "$mode" = echo ] && ! grep -q "^$input" "$out"; then
        result="FAIL: the line did not come back"
    elif [ "$mode" = http ] && { ! grep -q "^cipher suite: $suite$" "$out" ||
        ! grep -q "^group: $group$" "$out"; }; then
        result="FAIL: the page does not show $suite and $group"
    elif [ "$check" = alpn ] && ! grep -q "^ALPN: http/1.1$" "$out"; then
        result="FAIL: http/1.1 was not negotiated"
    fi
    cat "$out" >>"$err"
    row "gnutls-cli" "-> latch server" "$suite" "$group" "$check" "$result" "$err"
}

echo "$MATRIX_SUITES" | while read -r suite _ossl key; do
    for group in $MATRIX_GROUPS; do
        run_row "$suite" "$key" "$group" http
        run_row "$suite" "$key" "$group" echo
    done
done
run_row TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 rsa secp256r1 alpn --alpn h2 --alpn http/1.1
stop_group_servers

finish
