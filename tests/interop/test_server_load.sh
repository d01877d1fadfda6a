#!/bin/sh
# `latch server --echo` under hostile load: many connections held at once, a slowloris client,
# a flood of malformed ClientHellos, a flood of half-open handshakes, a stream of the largest
# legal ClientHellos, and a server short of descriptors.
# The load client is $LATCH_BUILD/tests/latch_load; everything stays on
# 127.0.0.1, and every step is bounded in count and in time.
#
# Sizes: LOAD_CONNS (default 1000), LOAD_FLOOD (2000 per flood; there are
# two), LOAD_TIMEOUT (the server's --timeout for the slowloris step, 3 s),
# LOAD_HALFOPEN (300 half-open handshakes against --max-handshakes
# LOAD_MAX_HANDSHAKES, 100), LOAD_BIGHELLO (300 of the largest hellos),
# LOAD_WORKERS (2, for the hold across workers). The other steps run
# --workers 0, since they read the serving process's memory by its pid.
# CTest runs these; `make load` runs 10000, 10000, 10, 2000 against the
# default 512, and 2000. Holding 10000 connections takes 10000 file
# descriptors in the load client and as many across the server's
# workers: both raise their soft limit to the hard one, which must be
# above 10100 (`ulimit -Hn`; raise it in /etc/security/limits.conf or
# with systemd's LimitNOFILE=).
set -eu
. "$(dirname "$0")/interop_lib.sh"
need_latch
LOAD=$LATCH_BUILD/tests/latch_load
[ -x "$LOAD" ] || fail_setup "$LOAD is missing; build latch first"
CONNS=${LOAD_CONNS:-1000}
FLOOD=${LOAD_FLOOD:-2000}
HALFOPEN=${LOAD_HALFOPEN:-300}
MAX_HANDSHAKES=${LOAD_MAX_HANDSHAKES:-100}
BIGHELLO=${LOAD_BIGHELLO:-300}
WORKERS=${LOAD_WORKERS:-2}
# What one handshake in progress may hold in `latch server` (README: a
# ClientHello of up to 128 KiB being received, the record buffer, the
# connection's reply buffer; measured 178 to 202 KiB with the allocator's
# overhead), and what the process may add beside them.
HANDSHAKE_KIB=256
SLACK_KIB=8192
# Under valgrind 100 handshakes take seconds: the slowloris deadline
# must be longer than that for the timing checks to mean anything.
if [ -n "${LATCH_VALGRIND:-}" ]; then
    HS_TIMEOUT=${LOAD_TIMEOUT:-20}
    # Each of the largest hellos takes valgrind a while to parse.
    HALFOPEN=${LOAD_HALFOPEN:-150}
    BIGHELLO=${LOAD_BIGHELLO:-50}
else
    HS_TIMEOUT=${LOAD_TIMEOUT:-3}
fi
# A load step holds thousands of connections: it gets longer than the
# library's per-step STEP_TIMEOUT (set already by interop_lib.sh).
LOAD_STEP_TIMEOUT=${LOAD_STEP_TIMEOUT:-120}

# field OUTPUT NAME: the value of NAME=... on the output's result line.
field() {
    sed -n "s/^result:.* $2=\([-0-9]*\).*/\1/p" "$1" | head -n 1
}

# load LOG ARGS...: runs the load client against $latch_port; true if it
# reported the outcome it expects.
load() {
    out=$1
    shift
    status=0
    timeout "$LOAD_STEP_TIMEOUT" "$LOAD" --port "$latch_port" --pid "$latch_pid" "$@" >"$out" 2>&1 ||
        status=$?
    cat "$out"
    return "$status"
}

alive() {
    kill -0 "$latch_pid" 2>/dev/null
}

# memory_row LABEL BEFORE_KIB AFTER_KIB: the server's heap is back within
# 2 MiB of where it was. AddressSanitizer and valgrind hold freed memory
# in quarantine, so RSS says nothing there; their leak checks at exit do.
memory_row() {
    if grep -q '^LATCH_SANITIZE:BOOL=ON' "$LATCH_BUILD/CMakeCache.txt" 2>/dev/null ||
        [ -n "${LATCH_VALGRIND:-}" ]; then
        return
    fi
    if [ "$3" -le $(($2 + 2048)) ]; then
        row "latch_load" "$1" "-" "-" "memory" ok
    else
        row "latch_load" "$1" "-" "-" "memory" "FAIL: VmRSS $2 KiB before, $3 KiB after"
    fi
}

# 1. Connections held open together, each after a handshake and an echo.
start_latch_server "$work/hold.log" --echo --workers 0
if load "$work/hold.out" hold "$CONNS" && alive; then
    row "latch_load" "hold $CONNS" "-" "-" "served" ok
    # Once every connection is closed the server gives its heap back.
    memory_row "hold $CONNS" "$(field "$work/hold.out" rss_before)" "$(field "$work/hold.out" rss_after)"
else
    row "latch_load" "hold $CONNS" "-" "-" "served" "FAIL" "$work/hold.log"
fi
stop_peer "$latch_pid"

# 1b. The same across workers: each holds its share with its own loop and
# listener (SO_REUSEPORT), and none dies under it. --pid reads the
# master's memory with its workers'. A fresh worker has touched none of
# the handshake's code and data yet (3 MiB each, once): a first small
# burst warms them before the memory is counted.
start_latch_server "$work/workers.log" --echo --workers "$WORKERS"
if load "$work/warm.out" hold 200 && load "$work/workers.out" hold "$CONNS" && alive &&
    [ "$(wc -w <"/proc/$latch_pid/task/$latch_pid/children")" -eq "$WORKERS" ] &&
    ! grep -q 'ended (' "$work/workers.log"; then
    row "latch_load" "hold $CONNS, $WORKERS workers" "-" "-" "served" ok
    memory_row "hold $CONNS, $WORKERS workers" "$(field "$work/workers.out" rss_before)" \
        "$(field "$work/workers.out" rss_after)"
else
    row "latch_load" "hold $CONNS, $WORKERS workers" "-" "-" "served" "FAIL" "$work/workers.log"
fi
stop_peer "$latch_pid"

# 2. A slowloris client is dropped at the handshake deadline although it
# keeps sending; 100 normal clients are served meanwhile.
start_latch_server "$work/slow.log" --echo --workers 0 --timeout "$HS_TIMEOUT"
if load "$work/slow.out" slowloris 100; then
    slow_ms=$(field "$work/slow.out" slow_ms)
    normal_ms=$(field "$work/slow.out" normal_ms)
    if [ "$slow_ms" -ge $((HS_TIMEOUT * 1000)) ] && [ "$slow_ms" -lt $((HS_TIMEOUT * 1000 + 1500)) ] &&
        [ "$normal_ms" -lt $((HS_TIMEOUT * 1000)) ] &&
        grep -q 'the handshake did not finish in time' "$work/slow.log"; then
        row "latch_load" "slowloris" "-" "-" "dropped" ok
    else
        row "latch_load" "slowloris" "-" "-" "dropped" \
            "FAIL: dropped after ${slow_ms} ms, others done after ${normal_ms} ms" "$work/slow.log"
    fi
else
    row "latch_load" "slowloris" "-" "-" "dropped" "FAIL" "$work/slow.log"
fi
stop_peer "$latch_pid"

# 3. Malformed ClientHellos and random bytes: the server closes every one,
# logs each in one line (as many lines as connections), and after both
# floods its memory is back where it started (within 2 MiB).
start_latch_server "$work/flood.log" --echo --workers 0
if load "$work/flood1.out" flood "$FLOOD" && load "$work/flood2.out" flood "$FLOOD" && alive; then
    logged=$(grep -c '^latch: 127\.0\.0\.1:[0-9]*: ' "$work/flood.log" || true)
    before=$(field "$work/flood1.out" rss_before)
    after=$(field "$work/flood2.out" rss_after)
    if [ "$logged" -eq $((2 * FLOOD)) ]; then
        row "latch_load" "flood 2x$FLOOD" "-" "-" "logged" ok
    else
        row "latch_load" "flood 2x$FLOOD" "-" "-" "logged" \
            "FAIL: $logged lines for $((2 * FLOOD)) connections" "$work/flood.log"
    fi
    memory_row "flood 2x$FLOOD" "$before" "$after"
else
    row "latch_load" "flood 2x$FLOOD" "-" "-" "survived" "FAIL" "$work/flood.log"
fi
kill -TERM "$latch_pid"
status=0
wait "$latch_pid" || status=$?
if [ "$status" -eq 0 ]; then
    row "latch server" "SIGTERM after floods" "-" "-" "exit" ok
else
    row "latch server" "SIGTERM after floods" "-" "-" "exit" "FAIL: exit status $status" \
        "$work/flood.log"
fi

# bound_row LABEL GROWTH_KIB BOUND_KIB: the server's peak RSS grew by no
# more than the bound (not under the sanitizers or valgrind, see memory_row).
bound_row() {
    if grep -q '^LATCH_SANITIZE:BOOL=ON' "$LATCH_BUILD/CMakeCache.txt" 2>/dev/null ||
        [ -n "${LATCH_VALGRIND:-}" ]; then
        return
    fi
    if [ "$2" -le "$3" ]; then
        row "latch_load" "$1" "-" "-" "peak RSS" ok
    else
        row "latch_load" "$1" "-" "-" "peak RSS" "FAIL: grew $2 KiB, bound $3 KiB"
    fi
}

# 4. Half-open handshakes: each sends all but the last byte of the largest
# legal ClientHello and waits. The server holds at most --max-handshakes
# of them (a new connection drops the oldest), so its peak RSS grows by at
# most that many handshakes' worth, and 100 normal clients are served
# while the flood's connections are open.
start_latch_server "$work/halfopen.log" --echo --workers 0 --max-handshakes "$MAX_HANDSHAKES"
if load "$work/halfopen.out" --normal 100 halfopen "$HALFOPEN" && alive; then
    row "latch_load" "halfopen $HALFOPEN (limit $MAX_HANDSHAKES)" "-" "-" "served" ok
    before=$(field "$work/halfopen.out" rss_before)
    peak=$(field "$work/halfopen.out" rss_peak)
    bound_row "halfopen $HALFOPEN (limit $MAX_HANDSHAKES)" $((peak - before)) \
        $((MAX_HANDSHAKES * HANDSHAKE_KIB + SLACK_KIB))
    memory_row "halfopen $HALFOPEN" "$before" "$(field "$work/halfopen.out" rss_after)"
else
    row "latch_load" "halfopen $HALFOPEN (limit $MAX_HANDSHAKES)" "-" "-" "served" "FAIL" \
        "$work/halfopen.log"
fi
stop_peer "$latch_pid"

# 5. A stream of the largest legal ClientHellos (131,400 bytes each, 200
# at a time): every one is answered with a ServerHello flight, and the
# peak RSS is bounded by the hellos in flight, not by how many came.
start_latch_server "$work/bighello.log" --echo --workers 0
if load "$work/bighello.out" bighello "$BIGHELLO" && alive; then
    row "latch_load" "bighello $BIGHELLO" "-" "-" "answered" ok
    before=$(field "$work/bighello.out" rss_before)
    peak=$(field "$work/bighello.out" rss_peak)
    bound_row "bighello $BIGHELLO" $((peak - before)) $((200 * HANDSHAKE_KIB + SLACK_KIB))
    memory_row "bighello $BIGHELLO" "$before" "$(field "$work/bighello.out" rss_after)"
else
    row "latch_load" "bighello $BIGHELLO" "-" "-" "answered" "FAIL" "$work/bighello.log"
fi
stop_peer "$latch_pid"

# 6. Out of descriptors: 64 of them for 200 clients. The server waits for
# descriptors to free up without spinning, and serves everybody. Not
# under valgrind: it keeps descriptors below the limit for itself and
# closes an accepted one that lands there, which resets that client.
if [ -n "${LATCH_VALGRIND:-}" ]; then
    echo "exhaust 200 (ulimit 64): not run under valgrind"
    finish
    exit
fi
(
    ulimit -n 64
    # shellcheck disable=SC2086 # SERVER_OPTS is a list of options
    exec "$LATCH" server --bind 127.0.0.1 --port 0 $SERVER_OPTS --echo --workers 0 \
        --cert "$CERTS/ecdsa.pem" --key "$CERTS/ecdsa.key" >"$work/fds.log" 2>&1 </dev/null
) &
latch_pid=$!
peers="$peers $latch_pid"
latch_port=$(wait_for "$work/fds.log" 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$latch_pid")
if load "$work/fds.out" --hold-ms 300 exhaust 200 && alive; then
    cpu=$(field "$work/fds.out" cpu_percent)
    if [ "$cpu" -lt 50 ] && grep -q 'cannot accept connections for now' "$work/fds.log"; then
        row "latch_load" "exhaust 200 (ulimit 64)" "-" "-" "served" ok
    else
        row "latch_load" "exhaust 200 (ulimit 64)" "-" "-" "served" \
            "FAIL: server CPU ${cpu}% of the time" "$work/fds.log"
    fi
else
    row "latch_load" "exhaust 200 (ulimit 64)" "-" "-" "served" "FAIL" "$work/fds.log"
fi
stop_peer "$latch_pid"

finish
