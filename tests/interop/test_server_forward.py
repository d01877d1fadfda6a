#!/usr/bin/env python3
"""`latch server --forward`: TLS in front of a plaintext backend.

Backends are threads of this script on ports the kernel picks; clients
are openssl s_client, curl and Python's ssl module. Checked: bytes both
ways (s_client, curl), 8 MiB each way with a checksum, half-closes
carried through (the client's close_notify reaches the backend as end of
file, the backend's end of file reaches the client as close_notify), a
slow reader of 48 MiB holding the worker's memory flat, a refused
backend, one that resets and one that never accepts (--connect-timeout)
each giving a close_notify and exactly one log line, a PROXY protocol v2
header parsed by the backend, and a client that sends nothing dropped at
--handshake-timeout, and a quiet one closed at --idle-timeout.
"""
import hashlib
import os
import re
import shutil
import socket
import ssl
import struct
import subprocess
import time

from cli_check import CERTS, STEP_TIMEOUT, check, finish, start_server
from forward_lib import (Backend, HalfCloseClient, answer_line, client_context, echo_then_digest,
                         http_page, read_proxy_v2, stop, vm_kib, wait_line, worker_of)


# 1. Behind one worker: s_client to a backend that answers a line and
# closes, curl to one that answers HTTP, then 8 MiB each way to an echo
# backend and both half-closes, with Python's ssl.
liner, pager, echo = Backend(answer_line), Backend(http_page), Backend(echo_then_digest)
server, port, lines = start_server("--forward", f"127.0.0.1:{liner.port}", "--workers", "1",
                                   "--log")
try:
    proc = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-quiet",
                           "-servername", "localhost", "-CAfile", os.path.join(CERTS, "ca.pem"),
                           "-verify_return_error"],
                          input=b"through the relay\n", capture_output=True, timeout=STEP_TIMEOUT)
    check(proc.returncode == 0 and proc.stdout == b"backend got: through the relay\n",
          "openssl s_client: a line there and the answer back; the backend's close ends it",
          (proc.stdout, proc.stderr))
    line = wait_line(lines, r"^latch: log ")
    check(line is not None and " in=18 out=31 " in line and "result=ok" in line,
          "s_client: one log line, 18 bytes in, 31 out, ok", line)
finally:
    check(stop(server) == 0, "SIGTERM: the master and its worker exit 0")

server, port, lines = start_server("--forward", f"127.0.0.1:{pager.port}", "--workers", "1")
try:
    if shutil.which("curl"):
        proc = subprocess.run(["curl", "-sS", "--cacert", os.path.join(CERTS, "ca.pem"),
                               "--http1.1", "-m", str(STEP_TIMEOUT),
                               f"https://localhost:{port}/via-curl"],
                              capture_output=True, timeout=STEP_TIMEOUT)
        check(proc.returncode == 0 and proc.stdout == b"behind latch: GET /via-curl HTTP/1.1\n",
              "curl: the request reaches the backend and its page comes back",
              (proc.stdout, proc.stderr))
    else:
        check(False, "curl is installed (scripts/install-deps.sh)")
finally:
    stop(server)

server, port, lines = start_server("--forward", f"127.0.0.1:{echo.port}", "--workers", "1",
                                   "--log")
try:
    payload = os.urandom(8 << 20)
    client = HalfCloseClient(port)
    back = client.exchange(payload)
    client.close_notify()
    tail, ending = b"", "close_notify"
    try:
        while True:
            data = client.recv()
            if not data:
                break
            tail += data
    except (ssl.SSLError, OSError) as e:
        ending = f"cut: {e}"
    client.close()
    want = hashlib.sha256(payload).hexdigest()
    check(hashlib.sha256(back).hexdigest() == want, "8 MiB to the backend and back, same SHA-256")
    check(tail == b"backend saw EOF after %d bytes: %s\n" % (len(payload), want.encode()),
          "client close_notify -> backend EOF (with every byte before it)", tail[:200])
    check(ending == "close_notify",
          "backend EOF -> close_notify to the client (a clean end, not a cut)", ending)
    line = wait_line(lines, r"^latch: log ")
    check(line is not None and f" in={len(payload)} " in line and "result=ok" in line,
          "python: one log line with the byte count, ok", line)
finally:
    check(stop(server) == 0, "SIGTERM: the master and its worker exit 0")


# 2. A backend that sends 48 MiB to a client that reads slowly: the
# worker's memory stays flat, because it stops reading the backend while
# the client has not taken what it holds.
FLOOD = 48 << 20
def flood(conn, backend):
    digest = hashlib.sha256()
    block = hashlib.sha256(b"latch").digest() * 2048  # 64 KiB
    sent = 0
    while sent < FLOOD:
        conn.sendall(block)
        digest.update(block)
        sent += len(block)
    backend.record(("flooded", digest.hexdigest()))
    conn.shutdown(socket.SHUT_WR)
    conn.recv(1)

flooder = Backend(flood)
# ASan keeps freed blocks in a quarantine (256 MiB by default), so in a
# sanitizer build the worker's RSS grows with every buffer it frees and
# remakes; without the quarantine, RSS measures what the relay holds.
os.environ["ASAN_OPTIONS"] = os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=0"
server, port, lines = start_server("--forward", f"127.0.0.1:{flooder.port}", "--workers", "1")
os.environ["ASAN_OPTIONS"] = os.environ["ASAN_OPTIONS"].rsplit(":", 1)[0]
try:
    worker = worker_of(server)
    client = HalfCloseClient(port)
    first = client.recv()
    base = vm_kib(worker, "VmRSS")
    digest = hashlib.sha256(first)
    got, peak = len(first), base
    while got < FLOOD:
        data = client.recv()
        if not data:
            break
        digest.update(data)
        got += len(data)
        if got % (1 << 20) < len(data):
            peak = max(peak, vm_kib(worker, "VmRSS"))
            time.sleep(0.02)  # the slow reader: about 50 MiB/s at most
    rest = client.recv()
    client.close()
    done = flooder.wait_for(lambda e: e[0] == "flooded")
    check(got == FLOOD and done is not None and digest.hexdigest() == done[1] and rest == b"",
          "48 MiB from the backend to a slow reader, same SHA-256, then close_notify",
          (got, done))
    check(peak - base < 2048, f"the worker's RSS grew by {peak - base} KiB (< 2 MiB) "
          "while relaying 48 MiB to a slow reader", (base, peak))
finally:
    stop(server)


# 3. A backend that refuses: the handshake completes, the client gets a
# close_notify, and the server logs one line naming the backend and why.
closed = socket.socket()
closed.bind(("127.0.0.1", 0))
dead_port = closed.getsockname()[1]
closed.close()  # nothing listens there now
server, port, lines = start_server("--forward", f"127.0.0.1:{dead_port}", "--workers", "1")
try:
    client = HalfCloseClient(port)
    end = client.recv()
    client.close()
    check(end == b"", "backend refused: the client gets a close_notify")
    line = wait_line(lines, r"backend")
    check(line is not None and re.match(
        rf"^latch: 127\.0\.0\.1:\d+: backend 127\.0\.0\.1:{dead_port} refused the connection: "
        r"Connection refused$", line) is not None, "one line naming the backend and the reason",
        line)
    proc = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-quiet"],
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=STEP_TIMEOUT)
    check(wait_line(lines, r"backend") is not None and lines.empty(),
          "s_client too: exactly one line for its connection", proc.stderr)
finally:
    stop(server)


# 3b. A backend that dies mid-connection (a reset after the first line):
# again a close_notify and one line naming it.
def dies(conn, backend):
    conn.recv(4096)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

dying = Backend(dies)
server, port, lines = start_server("--forward", f"127.0.0.1:{dying.port}", "--workers", "1")
try:
    client = HalfCloseClient(port)
    client.send(b"are you there?\n")
    end = client.recv()
    client.close()
    check(end == b"", "backend reset: the client gets a close_notify")
    line = wait_line(lines, r"backend")
    check(line is not None and re.match(
        rf"^latch: 127\.0\.0\.1:\d+: backend 127\.0\.0\.1:{dying.port} failed: "
        r"(Connection reset by peer|Broken pipe)$", line) is not None,
        "one line naming the backend and the reset", line)
finally:
    stop(server)


# 3c. A backend that never accepts: its listen queue (backlog 0) is
# already full, so the kernel leaves latch's connect unanswered until
# --connect-timeout.
stuck = socket.socket()
stuck.bind(("127.0.0.1", 0))
stuck.listen(0)
queued = socket.create_connection(stuck.getsockname(), timeout=STEP_TIMEOUT)  # fills it
server, port, lines = start_server("--forward", f"127.0.0.1:{stuck.getsockname()[1]}",
                                   "--workers", "1", "--connect-timeout", "1")
try:
    client = HalfCloseClient(port)
    start = time.monotonic()
    end = client.recv()
    waited = time.monotonic() - start
    client.close()
    check(end == b"" and waited >= 0.9,
          f"backend not accepting: close_notify after {waited:.2f} s (--connect-timeout 1)")
    line = wait_line(lines, r"backend")
    check(line is not None and line.endswith(
        f"backend 127.0.0.1:{stuck.getsockname()[1]} did not accept the connection within 1 s"),
        "one line naming the backend and the timeout", line)
finally:
    stop(server)
    queued.close()
    stuck.close()


# 4. --proxy-protocol: the backend reads a PROXY v2 header with the
# client's address and port, the server's, the SNI and the ALPN, then
# answers curl over HTTP.
def proxied(conn, backend):
    try:
        header = read_proxy_v2(conn)
    except ValueError as e:
        backend.record(("bad header", str(e)))
        return
    backend.record(("header", header))
    http_page(conn, backend)

proxy = Backend(proxied)
server, port, lines = start_server("--forward", f"127.0.0.1:{proxy.port}", "--proxy-protocol",
                                   "--alpn", "http/1.1", "--workers", "1")
try:
    if shutil.which("curl"):
        proc = subprocess.run(["curl", "-sS", "--cacert", os.path.join(CERTS, "ca.pem"),
                               "--http1.1", "-m", str(STEP_TIMEOUT),
                               f"https://localhost:{port}/"], capture_output=True,
                              timeout=STEP_TIMEOUT)
        check(proc.returncode == 0 and proc.stdout == b"behind latch: GET / HTTP/1.1\n",
              "curl through --proxy-protocol gets the backend's page", proc.stderr)
    ctx = client_context(alpn=["http/1.1"])
    with socket.create_connection(("127.0.0.1", port)) as raw:
        client_port = raw.getsockname()[1]
        with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            while tls.recv(4096):
                pass
    event = proxy.wait_for(lambda e: e[0] == "bad header" or
                           (e[0] == "header" and e[1]["sport"] == client_port))
    header = event[1] if event and event[0] == "header" else {}
    check(event is not None and event[0] == "header", "the backend parsed a PROXY v2 header",
          event)
    check(header.get("family") == 0x11 and header.get("src") == "127.0.0.1" and
          header.get("dst") == "127.0.0.1" and header.get("dport") == port,
          "PROXY v2: TCP over IPv4, the client's address and port, the server's", header)
    check(header.get("tlvs", {}).get(0x02) == b"localhost" and
          header.get("tlvs", {}).get(0x01) == b"http/1.1",
          "PROXY v2: PP2_TYPE_AUTHORITY is the SNI, PP2_TYPE_ALPN the protocol", header)
finally:
    stop(server)


# 5. --handshake-timeout: a client that connects and sends nothing is
# dropped when it runs out, not before; --idle-timeout closes a relayed
# connection on which nothing moves.
server, port, lines = start_server("--forward", f"127.0.0.1:{echo.port}", "--workers", "1",
                                   "--handshake-timeout", "1", "--idle-timeout", "1")
try:
    with socket.create_connection(("127.0.0.1", port), timeout=STEP_TIMEOUT) as silent:
        start = time.monotonic()
        end = silent.recv(1)  # waits for the server to close
        waited = time.monotonic() - start
    check(end == b"" and waited >= 0.9, f"a silent client is dropped after {waited:.2f} s (>= 1)")
    check(wait_line(lines, r"the handshake did not finish in time") is not None,
          "and the server says why")
    # --idle-timeout: a relayed connection quiet both ways is closed.
    client = HalfCloseClient(port)
    start = time.monotonic()
    end = client.recv()
    waited = time.monotonic() - start
    client.close()
    check(end == b"" and waited >= 0.9 and
          wait_line(lines, r"closing after 1 s without data") is not None,
          f"a quiet relayed connection gets close_notify after {waited:.2f} s (--idle-timeout 1)")
finally:
    stop(server)

finish("latch server --forward relays, half-closes, bounds memory, reports backends, "
       "sends PROXY v2 and times out handshakes")
