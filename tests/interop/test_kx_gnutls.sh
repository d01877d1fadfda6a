#!/bin/sh
# The suites of issue 5 (RSA key transport, DHE, ECDHE with CBC) with
# GnuTLS both ways, encrypt_then_mac on and off (%NO_ETM) for CBC:
# `latch client` against `gnutls-serv --http`, and `gnutls-cli` against
# `latch server --http --ciphers ALL`. A suite this GnuTLS does not
# implement is skipped with a line saying so.
#
# The latch client runs with --insecure: these rows are about key
# exchange and record protection, and chain validation is tested apart.
set -eu
. "$(dirname "$0")/interop_lib.sh"
. "$(dirname "$0")/kx_lib.sh"

need_latch
need gnutls-serv gnutls-bin
need gnutls-cli gnutls-bin

# priority KX CIPHER MAC MODE: a priority string for exactly one suite.
priority() {
    p="NONE:+VERS-TLS1.2:+$2:+$3:+$1:+SIGN-ALL:+COMP-NULL:+GROUP-ALL"
    [ "$4" = no-etm ] && p="$p:%NO_ETM"
    echo "$p"
}

# gnutls_has KX CIPHER MAC: whether this GnuTLS implements the suite.
gnutls_has() {
    gnutls-cli --list --priority "$(priority "$1" "$2" "$3" etm)" 2>/dev/null |
        grep -q '^TLS_'
}

# client_row SUITE KEY KX CIPHER MAC MODE
client_row() {
    suite=$1 key=$2 kx=$3 cipher=$4 mac=$5 mode=$6
    log=$work/server.log
    start_gnutls_serv "$log" --http \
        --x509certfile "$CERTS/$key.pem" --x509keyfile "$CERTS/$key.key" \
        --priority "$(priority "$kx" "$cipher" "$mac" "$mode")"
    pid=$peer_pid
    out=$work/client.out
    err=$work/client.err
    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --insecure --ciphers "$suite" \
            >"$out" 2>"$err"; then
        result="FAIL: latch client exited non-zero"
    elif ! sed 's/<[^>]*>/ /g' "$out" | grep -q "Cipher  *$cipher"; then
        result="FAIL: the gnutls-serv page does not show $cipher"
    else
        why=$(summary_check "$err" "$suite" "$mode")
        [ -n "$why" ] && result=$why
    fi
    stop_peer "$pid"
    group=$(reported_group "$err")
    cat "$log" >>"$err"
    row "gnutls-serv" "latch client ->" "$suite" "$group" "$mode" "$result" "$err"
}

# server_row SUITE KEY KX CIPHER MAC MODE
server_row() {
    suite=$1 kx=$3 cipher=$4 mac=$5 mode=$6
    out=$work/client.out
    err=$work/client.err
    result=ok
    # gnutls-cli stops at the end of its input: that ends with the page.
    fresh "$out"
    # shellcheck disable=SC2094 # hold_open reads what the client writes
    if ! { printf 'GET / HTTP/1.0\r\n\r\n'; hold_open "$out" "$HTTP_PAGE_END"; } |
        timeout "$STEP_TIMEOUT" gnutls-cli --port "$latch_port" --x509cafile "$CERTS/ca.pem" \
            --priority "$(priority "$kx" "$cipher" "$mac" "$mode")" 127.0.0.1 \
            >"$out" 2>"$err"; then
        result="FAIL: gnutls-cli exited non-zero"
    elif ! grep -q -- "-($cipher)" "$out"; then
        result="FAIL: gnutls-cli did not negotiate $cipher"
    else
        why=$(page_check "$out" "$suite" "$mode")
        [ -n "$why" ] && result=$why
    fi
    group=$(reported_group "$out")
    cat "$out" >>"$err"
    row "gnutls-cli" "-> latch server" "$suite" "$group" "$mode" "$result" "$err"
}

echo "$KX_SUITES" | while read -r suite _ossl key kx cipher mac; do
    if ! gnutls_has "$kx" "$cipher" "$mac"; then
        echo "skip: $(gnutls-cli --version | head -n 1) does not implement $suite" >&2
        continue
    fi
    for mode in $(etm_modes "$mac"); do
        client_row "$suite" "$key" "$kx" "$cipher" "$mac" "$mode"
    done
done

start_latch_server "$work/latch.log" --http --ciphers ALL
echo "$KX_SUITES" | while read -r suite _ossl key kx cipher mac; do
    gnutls_has "$kx" "$cipher" "$mac" || continue
    for mode in $(etm_modes "$mac"); do
        server_row "$suite" "$key" "$kx" "$cipher" "$mac" "$mode"
    done
done
stop_peer "$latch_pid"

finish
