#!/bin/sh
# Session resumption with Python's ssl module against `latch server`: a
# first connection, then a second offering its session (by ticket, and
# with OP_NO_TICKET by session ID); SSLSocket.session_reused must be
# True on the second and False on the first, and data must echo.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need python3 python3

# One worker: each worker has its own session-ID cache.
start_latch_server "$work/latch.log" --echo --workers 1

for how in ticket id; do
    out=$work/python-$how.out
    result=ok
    if ! timeout "$STEP_TIMEOUT" python3 - "$latch_port" "$CERTS/ca.pem" "$how" "$STEP_TIMEOUT" >"$out" 2>&1 <<'PY'; then
import socket, ssl, sys

port, ca, how, wait = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(ca)
ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.TLSv1_2
if how == "id":
    ctx.options |= ssl.OP_NO_TICKET

def connect(session):
    raw = socket.create_connection(("127.0.0.1", port), timeout=wait)
    s = ctx.wrap_socket(raw, server_hostname="localhost", session=session)
    s.sendall(b"ping")
    assert s.recv(4) == b"ping", "no echo"
    return s

first = connect(None)
session, first_reused = first.session, first.session_reused
print("first reused:", first_reused, "ticket:", session.has_ticket)
first.close()
second = connect(session)
second_reused = second.session_reused
print("second reused:", second_reused)
second.close()
assert not first_reused and second_reused, "not resumed"
assert session.has_ticket == (how == "ticket"), "ticket presence"
PY
        result="FAIL: the second connection did not resume"
    fi
    row "python3 ssl" "-> latch server" "session=" "$how" resumed "$result" "$out"
done
stop_peer "$latch_pid"

finish
