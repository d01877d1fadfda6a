#!/bin/sh
# The key log decrypts a real capture: tshark records a loopback TLS 1.3 handshake
# and HTTP request between `latch get` (with SSLKEYLOGFILE) and `latch
# server --http`; with the key log tshark reads the request in clear,
# without it only encrypted records. Skipped, with the reason, where this
# user cannot capture on lo (CI runs as root, where it must run).
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need tshark tshark

keylog=$work/keylog.txt
pcap=$work/capture.pcap

start_latch_server "$work/latch.log" --http --alpn http/1.1
port=$latch_port

# Before Wireshark 3.0 the TLS preferences were called ssl.*.
prefix=tls
major=$(tshark -v 2>/dev/null | sed -n '1s/^TShark[^0-9]*\([0-9][0-9]*\)\..*/\1/p')
[ "${major:-3}" -ge 3 ] || prefix=ssl

# A capture on lo, only this server's port; -P lists the packets, dissected
# as TLS, as they are written, and -l flushes each line at once. tshark
# says "Capturing on" before its filter is in place, so bare TCP
# connections probe the port until the capture sees one. If tshark stops
# instead, it says why (most often: no permission).
start_peer "$work/tshark.log" timeout 120 tshark -l -P -i lo -f "tcp port $port" \
    -d "tcp.port==$port,$prefix" -w "$pcap"
tshark_pid=$peer_pid
tries=$((STEP_TIMEOUT * 5))
while ! grep -q ' TCP ' "$work/tshark.log" 2>/dev/null; do
    if ! kill -0 "$tshark_pid" 2>/dev/null; then
        echo "skipped: tshark cannot capture on lo as $(id -un) (uid $(id -u)):"
        sed 's/^/    /' "$work/tshark.log"
        exit 0
    fi
    [ "$tries" -gt 0 ] || fail_setup "tshark runs but saw no packet on lo: $(cat "$work/tshark.log")"
    python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()' "$port" || true
    sleep 0.2
    tries=$((tries - 1))
done

if SSLKEYLOGFILE=$keylog timeout "$STEP_TIMEOUT" "$LATCH" get --ca "$CERTS/ca.pem" --alpn http/1.1 \
    "https://localhost:$port/keylog-probe?x=1" >"$work/get.out" 2>"$work/get.err"; then
    row "latch get" "-> latch server" "-" "-" fetch ok
else
    row "latch get" "-> latch server" "-" "-" fetch "FAIL: latch get failed" "$work/get.err"
fi
# Stop the capture once it has the request: two application data records
# listed (the probes sent none), the request and the page or the rest of
# the request, so the request's packets were written before.
tries=$((STEP_TIMEOUT * 10))
while [ "$(grep -c 'Application Data' "$work/tshark.log")" -lt 2 ]; do
    tries=$((tries - 1))
    if [ "$tries" -le 0 ]; then
        row "tshark" "captures" "-" "-" "records" \
            "FAIL: after $STEP_TIMEOUT s tshark had not listed 2 application data records" \
            "$work/tshark.log"
        break
    fi
    sleep 0.1
done
stop_peer "$tshark_pid"

# The key log: the four NSS lines of a TLS 1.3 handshake (the two
# handshake and the two application traffic secrets), a file only its
# owner may read.
mode=$(stat -c %a "$keylog" 2>/dev/null || echo missing)
lines=$(grep -Ec '^(CLIENT|SERVER)_(HANDSHAKE_TRAFFIC_SECRET|TRAFFIC_SECRET_0) [0-9a-f]{64} [0-9a-f]{64}([0-9a-f]{32})?$' "$keylog" || true)
if [ "$mode" != 600 ]; then
    row "SSLKEYLOGFILE" "-" "-" "-" mode "FAIL: mode $mode, not 600"
elif [ "$lines" -ne 4 ]; then
    row "SSLKEYLOGFILE" "-" "-" "-" format "FAIL: not an NSS key log line" "$keylog"
else
    row "SSLKEYLOGFILE" "-" "-" "-" format ok
fi

# read_http [KEYLOG]: the HTTP requests tshark finds in the capture.
read_http() {
    set -- -r "$pcap" -d "tcp.port==$port,$prefix" -Y http.request \
        -T fields -e http.request.method -e http.request.uri ${1:+-o "$prefix.keylog_file:$1"}
    timeout "$STEP_TIMEOUT" tshark "$@" 2>>"$work/tshark-read.log"
}

clear=$(read_http "$keylog" || true)
if echo "$clear" | grep -q '^GET	/keylog-probe?x=1$'; then
    row "tshark" "decrypts" "-" "-" "with log" ok
else
    echo "tshark found: '$clear'" >>"$work/tshark-read.log"
    row "tshark" "decrypts" "-" "-" "with log" "FAIL: no GET /keylog-probe?x=1 in clear" \
        "$work/tshark-read.log"
fi
hidden=$(read_http || true)
if [ -z "$hidden" ]; then
    row "tshark" "decrypts" "-" "-" "no log" ok
else
    row "tshark" "decrypts" "-" "-" "no log" "FAIL: the request is readable without the key log"
fi

finish
