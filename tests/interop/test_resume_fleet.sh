#!/bin/sh
# Resumption across a fleet, as deployed: a real redis-server on a
# run-time port (no persistence, its own directory), and two `latch
# server`s on two ports standing for two machines, each with
# --session-cache redis://... and its own copy of one ticket key file.
# Server A runs a master and two workers and takes key changes from the
# file itself; server B runs one process and is told with SIGHUP.
#
# 1. A session made on one server resumes on the other: by session ID
#    through Redis (openssl s_client -no_ticket -sess_out/-sess_in, and
#    latch client --no-tickets --sess-out/--sess-in) and by ticket through
#    the shared keys (the same without -no_ticket). Redis holds the session
#    under its ID, and not its master secret.
# 2. The documented rotation on both: add a new key at the end, move it
#    first, drop the old one. The old ticket resumes on both servers until
#    its key is dropped, then gets a full handshake; tickets issued after
#    the second step are sealed under the new key and resume throughout.
# 3. Redis slow (DEBUG SLEEP): a handshake waits 50 ms at most, not for
#    Redis; once it is back, sessions resume through it again.
# 4. Redis stopped: handshakes still complete (full, for session IDs), and
#    the server logs the outage once, not once per handshake.
# And the options' mistakes: a Redis cache without --ticket-keys, a bad
# key file named by its line.
#
# TLS 1.2 is pinned on the clients.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
need redis-server redis-server
need redis-cli redis-server

SUITE=ECDHE-ECDSA-AES128-GCM-SHA256

# ---- Redis, on a port chosen here (redis-server cannot report one it
# chose), tried again if another program takes the port first ----

mkdir "$work/redis"
redis_up=""
for _try in 1 2 3 4 5; do
    rport=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
    start_peer "$work/redis.log" redis-server --port "$rport" --bind 127.0.0.1 --save '' \
        --appendonly no --dir "$work/redis" --daemonize no --enable-debug-command local
    redis_pid=$peer_pid
    ready=$(wait_for "$work/redis.log" \
        's/.*\(Ready to accept connections\|Address already in use\|Could not create server TCP\).*/\1/p' \
        "$redis_pid") || ready=""
    if [ "$ready" = "Ready to accept connections" ]; then
        redis_up=1
        break
    fi
    stop_peer "$redis_pid"
done
[ -n "$redis_up" ] || fail_setup "redis-server did not listen on 127.0.0.1 (see its log above)"
redis() { timeout "$STEP_TIMEOUT" redis-cli -h 127.0.0.1 -p "$rport" "$@"; }

# ---- the key files: two keys, made here ----

umask 077
old_key=$(openssl rand -base64 48)
new_key=$(openssl rand -base64 48)
# keys_for SERVER TEXT: the server's key file becomes TEXT, replaced with
# a rename as the README says, so the server never reads half a file.
keys_for() {
    printf '%s\n' "$2" >"$work/keys-$1.new"
    mv "$work/keys-$1.new" "$work/keys-$1"
}
keys_for a "# the fleet's ticket keys
$old_key"
keys_for b "# the fleet's ticket keys
$old_key"

# ---- the options' mistakes ----

# usage WANT_STATUS WANT_TEXT ARGS...: latch server refuses ARGS.
usage() {
    want=$1
    text=$2
    shift 2
    status=0
    timeout "$STEP_TIMEOUT" "$LATCH" server --cert "$CERTS/ecdsa.pem" --key "$CERTS/ecdsa.key" \
        "$@" >"$work/usage.err" 2>&1 || status=$?
    if [ "$status" -eq "$want" ] && grep -q -- "$text" "$work/usage.err"; then
        row "latch server" "$*" "-" "-" refused ok
    else
        row "latch server" "$*" "-" "-" refused "FAIL: exit status $status" "$work/usage.err"
    fi
}
printf '# one key\nAAECAwQF\n' >"$work/bad.keys"
usage 2 'needs --ticket-keys FILE' --session-cache "redis://127.0.0.1:$rport"
usage 1 'line 2: a key is 64 base64 characters' --ticket-keys "$work/bad.keys"
usage 1 'not redis://HOST\[:PORT\]' --session-cache redis://127.0.0.1:x --ticket-keys "$work/keys-a"

fleet_opts="--echo --session-cache redis://127.0.0.1:$rport"
# shellcheck disable=SC2086
start_latch_server "$work/a.log" $fleet_opts --ticket-keys "$work/keys-a" --workers 2
a_pid=$latch_pid
a_port=$latch_port
# shellcheck disable=SC2086
start_latch_server "$work/b.log" $fleet_opts --ticket-keys "$work/keys-b" --workers 0
b_pid=$latch_pid
b_port=$latch_port

# s_client PORT ARGS...: one connection; its output on stdout.
s_client() {
    port=$1
    shift
    timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$port" -tls1_2 \
        -CAfile "$CERTS/ca.pem" -servername localhost -cipher "$SUITE" "$@" </dev/null 2>&1
}

# outcome OUT: "new", "reused", or "failed" from s_client's output.
outcome() {
    if grep -q '^Reused, TLSv1.2' "$1"; then
        echo reused
    elif grep -q '^New, TLSv1.2' "$1"; then
        echo new
    else
        echo failed
    fi
}

# expect WHAT WANT OUT: a row saying whether OUT's outcome is WANT.
expect() {
    got=$(outcome "$3")
    if [ "$got" = "$2" ]; then
        row "openssl s_client" "$1" "$SUITE" "-" "$2" ok
    else
        row "openssl s_client" "$1" "$SUITE" "-" "$2" "FAIL: $got" "$3"
    fi
}

# ---- 1. made on one server, resumed on the other ----

s_client "$a_port" -no_ticket -sess_out "$work/id.sess" >"$work/id1.out"
expect "session ID: full on A" new "$work/id1.out"
keys=$(redis --scan --pattern 'latch:session:*' | wc -l)
if [ "$keys" -eq 1 ]; then
    row redis-cli "SCAN latch:session:*" "-" "-" "1 key" ok
else
    row redis-cli "SCAN latch:session:*" "-" "-" "1 key" "FAIL: $keys keys"
fi
# The session ID s_client kept names the Redis key; the master secret it
# kept appears nowhere in the value.
id=$(openssl sess_id -in "$work/id.sess" -noout -text | sed -n 's/^ *Session-ID: *\([0-9A-F]*\)$/\1/p' |
    tr 'A-F' 'a-f')
master=$(openssl sess_id -in "$work/id.sess" -noout -text | sed -n 's/^ *Master-Key: *\([0-9A-F]*\)$/\1/p' |
    tr 'A-F' 'a-f')
value=$(redis --raw GET "latch:session:$id" | od -An -tx1 -v | tr -d ' \n')
if [ -z "$id" ] || [ -z "$master" ] || [ "${#value}" -lt 200 ]; then
    row redis-cli "GET latch:session:<ID>" "-" "-" sealed "FAIL: no value under the ID '$id'"
elif printf '%s' "$value" | grep -q "$master"; then
    row redis-cli "GET latch:session:<ID>" "-" "-" sealed "FAIL: the master secret is in the clear"
else
    row redis-cli "GET latch:session:<ID>" "-" "-" sealed ok
fi
# Kept for the session lifetime (7200 s by default), counted by Redis.
ttl=$(redis TTL "latch:session:$id")
if [ "$ttl" -gt 7000 ] && [ "$ttl" -le 7200 ]; then
    row redis-cli "TTL latch:session:<ID>" "-" "-" "7200 s" ok
else
    row redis-cli "TTL latch:session:<ID>" "-" "-" "7200 s" "FAIL: $ttl"
fi
s_client "$b_port" -no_ticket -sess_in "$work/id.sess" >"$work/id2.out"
expect "session ID: A's resumed on B" reused "$work/id2.out"

s_client "$b_port" -sess_out "$work/old.sess" >"$work/t1.out"
expect "ticket: full on B" new "$work/t1.out"
s_client "$a_port" -sess_in "$work/old.sess" >"$work/t2.out"
expect "ticket: B's resumed on A" reused "$work/t2.out"

# latch client, with its session file, both ways. TLS 1.2, as the
# openssl rows: session IDs and these tickets are TLS 1.2's resumption.
latch_client() {
    port=$1
    shift
    echo hello | timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" \
        --sni localhost --tls1_2 "$@" >/dev/null
}
for how in --no-tickets ""; do
    sess=$work/latch$how.sess
    err=$work/latch$how.err
    what="session ID"
    [ -z "$how" ] && what=ticket
    # shellcheck disable=SC2086
    if latch_client "$a_port" --sess-out "$sess" $how 2>"$err" &&
        latch_client "$b_port" --sess-in "$sess" $how 2>>"$err" &&
        grep -q '; new session;' "$err" &&
        grep -q 'session resumed (abbreviated handshake)' "$err"; then
        row "latch client" "$what: A's resumed on B" "-" "-" reused ok
    else
        row "latch client" "$what: A's resumed on B" "-" "-" reused "FAIL" "$err"
    fi
done

# ---- 2. rotation: each step on both servers, then checked on both ----

# count LOG PATTERN: how many lines of LOG match.
count() { grep -c -- "$2" "$1" || true; }

# rotate TEXT: the step on both servers: A notices its file changed; B
# gets SIGHUP (and may notice the change too, just before). Returns once
# every reload begun has said it is done, and A's replaced workers are
# gone, so no connection reaches an old worker.
rotate() {
    for side in a b; do
        eval "${side}_reloads=\$(count \"\$work/$side.log\" reloaded)"
        eval "${side}_changes=\$(count \"\$work/$side.log\" 'changed: reloading')"
    done
    keys_for a "$1"
    keys_for b "$1"
    kill -HUP "$b_pid"
    tries=$((STEP_TIMEOUT * 10))
    until [ "$(count "$work/a.log" 'changed: reloading')" -gt "$a_changes" ] &&
        [ "$(count "$work/a.log" reloaded)" -ge \
            $((a_reloads + $(count "$work/a.log" 'changed: reloading') - a_changes)) ] &&
        [ "$(count "$work/b.log" reloaded)" -ge \
            $((b_reloads + 1 + $(count "$work/b.log" 'changed: reloading') - b_changes)) ] &&
        [ "$(pgrep -c -P "$a_pid" || true)" -eq 2 ]; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] ||
            fail_setup "the servers did not reload their ticket keys: $(cat "$work/a.log" "$work/b.log")"
        sleep 0.1
    done
    ! grep -q 'keeps serving with the files loaded before' "$work/a.log" ||
        fail_setup "a worker of A kept the old keys: $(cat "$work/a.log")"
}

# 1: the new key added at the end: the old ticket still resumes.
rotate "$old_key
$new_key"
s_client "$a_port" -sess_in "$work/old.sess" >"$work/r1a.out"
expect "rotation 1 (added): old ticket on A" reused "$work/r1a.out"
s_client "$b_port" -sess_in "$work/old.sess" >"$work/r1b.out"
expect "rotation 1 (added): old ticket on B" reused "$work/r1b.out"

# 2: the new key moved first: it seals new tickets; the old one opens.
rotate "$new_key
# retiring
$old_key"
s_client "$a_port" -sess_in "$work/old.sess" >"$work/r2a.out"
expect "rotation 2 (promoted): old ticket on A" reused "$work/r2a.out"
s_client "$b_port" -sess_in "$work/old.sess" >"$work/r2b.out"
expect "rotation 2 (promoted): old ticket on B" reused "$work/r2b.out"
s_client "$a_port" -sess_out "$work/new.sess" >"$work/r2n.out"
expect "rotation 2 (promoted): new ticket from A" new "$work/r2n.out"
# Its ticket starts with the new key's name (the key's first 16 bytes).
name=$(printf '%s' "$new_key" | openssl base64 -d -A | head -c 16 | od -An -tx1 -v | tr -d ' \n')
sealed=$(openssl sess_id -in "$work/new.sess" -noout -text |
    sed -n '/TLS session ticket:/,/^$/p' | sed -n 's/^ *[0-9a-f]* - \(.*\)   .*/\1/p' |
    tr -d ' -' | tr -d '\n' | cut -c1-32)
if [ "$sealed" = "$name" ]; then
    row "openssl sess_id" "rotation 2: sealing key" "-" "-" "new key" ok
else
    row "openssl sess_id" "rotation 2: sealing key" "-" "-" "new key" \
        "FAIL: the ticket starts with '$sealed', not '$name'"
fi
s_client "$b_port" -sess_in "$work/new.sess" >"$work/r2m.out"
expect "rotation 2 (promoted): A's new ticket on B" reused "$work/r2m.out"

# 3: the old key dropped: its ticket gets a full handshake, never an error.
rotate "$new_key"
s_client "$a_port" -sess_in "$work/old.sess" >"$work/r3a.out"
expect "rotation 3 (dropped): old ticket on A" new "$work/r3a.out"
s_client "$b_port" -sess_in "$work/old.sess" >"$work/r3b.out"
expect "rotation 3 (dropped): old ticket on B" new "$work/r3b.out"
s_client "$b_port" -sess_in "$work/new.sess" >"$work/r3n.out"
expect "rotation 3 (dropped): new ticket on B" reused "$work/r3n.out"

# ---- 3. Redis slow: B's handshake does not wait for it ----

# DEBUG SLEEP holds Redis for 5 s (longer under the sanitizers and
# valgrind, where a handshake is slower); B's lookups give up after 50 ms.
# B tries until it has timed out once (the sleep may not have begun at
# the first try), and every handshake ends while Redis still sleeps.
asleep=$((STEP_TIMEOUT / 6))
redis DEBUG SLEEP "$asleep" >/dev/null 2>&1 &
sleeper=$!
tries=0
until grep -q 'is unavailable (no answer within 50 ms)' "$work/b.log"; do
    tries=$((tries + 1))
    [ "$tries" -le 20 ] || break
    s_client "$b_port" -no_ticket -sess_in "$work/id.sess" >"$work/slow.out"
    if [ "$(outcome "$work/slow.out")" = failed ]; then
        break
    fi
done
if ! kill -0 "$sleeper" 2>/dev/null; then
    row "openssl s_client" "Redis slow: session ID on B" "$SUITE" "-" "not held" \
        "FAIL: the handshakes outlasted a $asleep s DEBUG SLEEP" "$work/b.log"
elif ! grep -q 'is unavailable (no answer within 50 ms)' "$work/b.log"; then
    row "openssl s_client" "Redis slow: session ID on B" "$SUITE" "-" "not held" \
        "FAIL: B never timed out waiting for Redis" "$work/b.log"
else
    expect "Redis slow: session ID on B" new "$work/slow.out"
fi
wait "$sleeper" || true
# Redis is back: B connects again and resumes a session made on A.
s_client "$a_port" -no_ticket -sess_out "$work/back.sess" >"$work/back1.out"
s_client "$b_port" -no_ticket -sess_in "$work/back.sess" >"$work/back2.out"
expect "Redis back: A's session ID on B" reused "$work/back2.out"
if grep -q 'session cache redis://127.0.0.1:[0-9]* is back' "$work/b.log"; then
    row "latch server" "Redis back: B's log" "-" "-" "is back" ok
else
    row "latch server" "Redis back: B's log" "-" "-" "is back" "FAIL" "$work/b.log"
fi

# ---- 4. Redis stops: handshakes go on, and the outage is said once ----

said_before=$(grep -c 'session cache redis://127.0.0.1:[0-9]* is unavailable' "$work/b.log" || true)

s_client "$a_port" -no_ticket -sess_out "$work/id3.sess" >"$work/id3.out"
expect "session ID: full on A before Redis stops" new "$work/id3.out"
redis shutdown nosave >/dev/null 2>&1 || true
wait "$redis_pid" 2>/dev/null || true
for i in 1 2 3; do
    s_client "$b_port" -no_ticket -sess_in "$work/id3.sess" >"$work/down$i.out"
    expect "Redis down: session ID on B, try $i" new "$work/down$i.out"
done
s_client "$b_port" -sess_in "$work/new.sess" >"$work/down-t.out"
expect "Redis down: ticket on B" reused "$work/down-t.out"
said=$(grep -c 'session cache redis://127.0.0.1:[0-9]* is unavailable' "$work/b.log" || true)
said=$((said - said_before))
if [ "$said" -eq 1 ]; then
    row "latch server" "Redis down: B's log" "-" "-" "one line" ok
else
    row "latch server" "Redis down: B's log" "-" "-" "one line" "FAIL: $said lines" "$work/b.log"
fi

for side in a b; do
    eval "pid=\$${side}_pid"
    kill -TERM "$pid"
    status=0
    wait "$pid" || status=$?
    if [ "$status" -eq 0 ]; then
        row "latch server" "SIGTERM" "-" "-" "server $side" ok
    else
        row "latch server" "SIGTERM" "-" "-" "server $side" "FAIL: exit status $status" \
            "$work/$side.log"
    fi
done

finish
