#!/bin/sh
# Small records agreed with real peers: max_fragment_length (RFC 6066 4)
# with OpenSSL both ways, record_size_limit (RFC 8449) with GnuTLS both
# ways. Each connection runs through record_relay.py, and record_sizes.py
# reads the records on the wire: every record the limit covers carries at
# most that much plaintext (AES-128-GCM adds 24 bytes), and the data spans
# several records. 20 KB of data go each way unless a row says otherwise.
# The clients' input waits on their own output (hold_open), by design:
# shellcheck disable=SC2094
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
need gnutls-cli gnutls-bin
need python3 python3

RELAY=$LATCH_SOURCE/tests/interop/record_relay.py
SIZES=$LATCH_SOURCE/tests/interop/record_sizes.py
SUITE=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256

# 200 numbered lines of 100 bytes and an end marker: 20012 bytes.
data=$work/data.txt
python3 -c '
for i in range(200):
    print("%04d" % i + "x" * 95)
print("END-OF-DATA")' >"$data"
mkdir "$work/root"
cp "$data" "$work/root/big.txt"

# start_relay UPSTREAM_PORT: a recording relay in front of a server; sets
# $relay_pid and $relay_port, and records into $work/c2s.bin, s2c.bin.
start_relay() {
    rm -f "$work/relay.port" "$work/c2s.bin" "$work/s2c.bin"
    start_peer "$work/relay.log" timeout "$STEP_TIMEOUT" python3 "$RELAY" "$work/relay.port" "$1" \
        "$work/c2s.bin" "$work/s2c.bin" --timeout "$STEP_TIMEOUT"
    relay_pid=$peer_pid
    relay_port=$(wait_for "$work/relay.port" 's/^\([0-9][0-9]*\)$/\1/p' "$relay_pid")
}

# check_wire C2S_ARGS S2C_ARGS: once the relay has ended, and unless
# $result already says what failed, the record sizes each way
# (record_sizes.py arguments) into $result.
check_wire() {
    if ! wait "$relay_pid"; then
        result="FAIL: the relay did not see the connection end"
        return
    fi
    [ "$result" = ok ] || return 0
    # shellcheck disable=SC2086 # word lists of arguments
    if ! python3 "$SIZES" "$work/c2s.bin" $1 >>"$err" ||
        ! python3 "$SIZES" "$work/s2c.bin" $2 >>"$err"; then
        result=$(grep '^FAIL' "$err" | head -n 1)
    fi
}

# begin_row: fresh client output and error files, and result=ok.
begin_row() {
    out=$work/client.out err=$work/client.err
    fresh "$out"
    fresh "$err"
    result=ok
}

# feed END_PATTERN OUT: the data, then hold the client's input open until
# its output OUT has the line END_PATTERN.
feed() {
    cat "$data"
    hold_open "$2" "$1"
}

# OpenSSL s_client -maxfraglen against latch server --echo: the limit
# binds both ways from the ServerHello on (--from first).
for len in 512 1024 2048 4096; do
    start_latch_server "$work/server.log" --echo
    start_relay "$latch_port"
    begin_row
    feed END-OF-DATA "$out" |
        timeout "$STEP_TIMEOUT" openssl s_client -tls1_2 -maxfraglen "$len" -quiet -no_ign_eof \
            -connect "127.0.0.1:$relay_port" >"$out" 2>>"$err" ||
        result="FAIL: s_client exited non-zero"
    [ "$result" = ok ] && ! cmp -s "$data" "$out" && result="FAIL: the echo is not the data sent"
    check_wire "--limit $len --from first" "--limit $len --from first"
    stop_peer "$latch_pid"
    cat "$work/server.log" >>"$err"
    row "openssl s_client" "-> latch server" "$SUITE" x25519 "mfl $len" "$result" "$err"
done

# latch client --max-fragment-length against OpenSSL s_server, which
# honours the offer; -rev sends each line back reversed.
for len in 512 4096; do
    log=$work/s_server.log
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -tls1_2 -rev -naccept 1 \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -accept 127.0.0.1:0
    server_pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$server_pid")
    start_relay "$port"
    begin_row
    feed ATAD-FO-DNE "$out" |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$relay_port" --ca "$CERTS/ca.pem" \
            --sni localhost --max-fragment-length "$len" >"$out" 2>>"$err" ||
        result="FAIL: latch client exited non-zero"
    [ "$result" = ok ] && [ "$(grep -c 'x\{95\}' "$out")" -ne 200 ] &&
        result="FAIL: the reversed lines did not all come back"
    check_wire "--limit $len --from first" "--limit $len --from first"
    stop_peer "$server_pid"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "$SUITE" x25519 "mfl $len" "$result" "$err"
done

# gnutls-cli --recordsize against latch server --root: the 20 KB file
# comes back in records within the client's limit.
start_latch_server "$work/server.log" --http --root "$work/root"
start_relay "$latch_port"
begin_row
{
    printf 'GET /big.txt HTTP/1.0\r\n\r\n'
    hold_open "$out" END-OF-DATA
} | timeout "$STEP_TIMEOUT" gnutls-cli --priority NORMAL:-VERS-ALL:+VERS-TLS1.2 --recordsize=1024 \
    --x509cafile "$CERTS/ca.pem" --verify-hostname=localhost -p "$relay_port" 127.0.0.1 \
    >"$out" 2>>"$err" || result="FAIL: gnutls-cli exited non-zero"
[ "$result" = ok ] && ! grep -q END-OF-DATA "$out" && result="FAIL: the file did not come back"
check_wire "--limit 16384 --from ccs --min-records 1" "--limit 1024 --from ccs"
stop_peer "$latch_pid"
cat "$work/server.log" >>"$err"
row "gnutls-cli" "-> latch server" "$SUITE" x25519 "rsl 1024" "$result" "$err"

# gnutls-cli against latch server --record-size-limit 1024: gnutls-cli
# sends one record per read of its input and drops what does not fit
# (its own partial write), so only the records on the wire are checked:
# within our limit, and several of them.
start_latch_server "$work/server.log" --echo --record-size-limit 1024
start_relay "$latch_port"
begin_row
timeout "$STEP_TIMEOUT" gnutls-cli --priority NORMAL:-VERS-ALL:+VERS-TLS1.2 \
    --recordsize=4096 --x509cafile "$CERTS/ca.pem" --verify-hostname=localhost \
    -p "$relay_port" 127.0.0.1 <"$data" >"$out" 2>>"$err" || result="FAIL: gnutls-cli exited non-zero"
check_wire "--limit 1024 --from ccs" "--limit 4096 --from ccs --min-records 1"
stop_peer "$latch_pid"
cat "$work/server.log" >>"$err"
row "gnutls-cli" "-> latch server" "$SUITE" x25519 "rsl srv" "$result" "$err"

# latch client --record-size-limit 1024 against gnutls-serv --echo
# --recordsize=4096: each side writes within the other's limit.
log=$work/gnutls-serv.log
start_gnutls_serv "$log" --echo --recordsize=4096 --disable-client-cert \
    --x509certfile "$CERTS/ecdsa.pem" --x509keyfile "$CERTS/ecdsa.key"
server_pid=$peer_pid
start_relay "$port"
begin_row
feed END-OF-DATA "$out" |
    timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$relay_port" --ca "$CERTS/ca.pem" \
        --sni localhost --record-size-limit 1024 >"$out" 2>>"$err" ||
    result="FAIL: latch client exited non-zero"
[ "$result" = ok ] && ! cmp -s "$data" "$out" && result="FAIL: the echo is not the data sent"
check_wire "--limit 4096 --from ccs" "--limit 1024 --from ccs"
stop_peer "$server_pid"
cat "$log" >>"$err"
row "gnutls-serv" "latch client ->" "$SUITE" x25519 "rsl both" "$result" "$err"

# The check can fail: latch client's 4096-byte records to gnutls-serv,
# held to a 1024-byte limit, must be refused.
result=ok
if python3 "$SIZES" "$work/c2s.bin" --limit 1024 --from ccs >"$err"; then
    result="FAIL: 4096-byte records passed a 1024-byte limit"
fi
row "record_sizes.py" "negative control" - - "rsl 1024" "$result" "$err"

finish
