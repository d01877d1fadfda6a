#!/usr/bin/env python3
"""`latch server --log`: one line per connection, with what it negotiated.

The server runs on a port it picks (--port 0). curl fetches a page over
TLS (a real peer), a Python ssl client sends SNI and ALPN and echoes, a
plaintext HTTP request fails, and a client that closes mid-handshake
fails: each connection must give exactly one `latch: log` line with its
peer, SNI, version, suite, group, ALPN, resumption, byte counts, duration
and result, the failures with their sentence.
"""
import os
import queue
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys

from cli_check import CERTS, STEP_TIMEOUT, check, finish, start_server





server, port, lines = start_server("--http", "--log", "--alpn", "http/1.1,x-test")


def next_log():
    while True:
        line = lines.get(timeout=STEP_TIMEOUT)
        if line.startswith("latch: log "):
            return line


LOG = re.compile(r"^latch: log peer=127\.0\.0\.1:\d+ sni=(\S+) version=(\S+) suite=(\S+) "
                 r"group=(\S+) alpn=(\S+) resumed=(yes|no) client_cert=(verified|none) "
                 r"client_subject=(?:\"[^\"]*\"|none) in=(\d+) out=(\d+) ms=(\d+) result=(.*)$")
E2E = os.path.join(os.environ["LATCH_TESTDATA"], "e2e")

try:
    if shutil.which("curl"):
        proc = subprocess.run(["curl", "-sS", "--cacert", os.path.join(CERTS, "ca.pem"),
                               f"https://localhost:{port}/curl"], capture_output=True,
                              timeout=STEP_TIMEOUT)
        m = LOG.match(next_log())
        check(proc.returncode == 0 and m is not None and m.group(1) == "localhost" and
              m.group(2) == "TLSv1.3" and m.group(5) == "http/1.1" and int(m.group(8)) > 0 and
              int(m.group(9)) > 0 and m.group(11) == "ok",
              "curl: one log line with SNI, version (TLS 1.3, curl's choice), ALPN, bytes and ok",
              m and m.group(0))
    else:
        check(False, "curl is installed (scripts/install-deps.sh)")

    ctx = ssl.create_default_context(cafile=os.path.join(CERTS, "ca.pem"))
    ctx.set_alpn_protocols(["x-test"])
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    with socket.create_connection(("127.0.0.1", port)) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(b"GET /python HTTP/1.1\r\nHost: localhost\r\n\r\n")
            reply = b""
            while True:
                try:
                    data = tls.recv(4096)
                except ssl.SSLError:
                    break
                if not data:
                    break
                reply += data
    request_len = len(b"GET /python HTTP/1.1\r\nHost: localhost\r\n\r\n")
    m = LOG.match(next_log())
    check(m is not None and m.group(5) == "x-test" and m.group(4) != "none" and
          int(m.group(8)) == request_len and int(m.group(9)) == len(reply) and
          m.group(11) == "ok", "python ssl: ALPN x-test, group, exact byte counts",
          (m and m.group(0), len(reply)))

    with socket.create_connection(("127.0.0.1", port)) as raw:
        raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        raw.recv(100)
    m = LOG.match(next_log())
    check(m is not None and m.group(2) == "none" and "failed: " in m.group(11) and
          "not TLS" in m.group(11), "plaintext HTTP: result=failed with the sentence",
          m and m.group(0))

    # A client that closes before asking anything: the server logs it as
    # failed, and still answers the close_notify (Python's unwrap() waits
    # for it, and raises if the TCP connection ends first).
    with socket.create_connection(("127.0.0.1", port), timeout=STEP_TIMEOUT) as raw:
        ctx = ssl.create_default_context(cafile=os.path.join(CERTS, "ca.pem"))
        tls = ctx.wrap_socket(raw, server_hostname="localhost")
        try:
            tls.unwrap()
            answered = "yes"
        except (OSError, ssl.SSLError) as e:
            answered = repr(e)
    m = LOG.match(next_log())
    check(answered == "yes" and m is not None and "before sending a whole request" in m.group(11),
          "a client that closes at once: its close_notify answered, the log says why",
          (answered, m and m.group(0)))

    with socket.create_connection(("127.0.0.1", port)) as raw:
        raw.sendall(b"\x16\x03\x01\x00\x10\x01\x00\x00")  # half a ClientHello
    m = LOG.match(next_log())
    check(m is not None and m.group(11).startswith("failed: "),
          "a client gone mid-handshake: result=failed", m and m.group(0))
    check(m is not None and m.group(7) == "none" and "client_subject=none" in m.group(0),
          "no client certificate: client_subject=none", m and m.group(0))
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=STEP_TIMEOUT)

# A client certificate (openssl s_client -cert, the e2e fixture issued by
# e2e/ca.pem): the log names its subject as openssl reads it.
server, port, lines = start_server("--http", "--log", "--verify-client",
                                   os.path.join(E2E, "ca.pem"), "--require-client-cert")
try:
    chain = os.path.join(E2E, "ecdsa-p256.chain.pem")
    subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-tls1_2", "-quiet",
                    "-CAfile", os.path.join(CERTS, "ca.pem"), "-cert", chain, "-key",
                    os.path.join(E2E, "ecdsa-p256.key")],
                   input=b"GET / HTTP/1.0\r\n\r\n", capture_output=True, timeout=STEP_TIMEOUT)
    subject = subprocess.run(["openssl", "x509", "-in", chain, "-noout", "-subject", "-nameopt",
                              "RFC2253"], capture_output=True, text=True,
                             timeout=STEP_TIMEOUT).stdout.strip().removeprefix("subject=")
    line = next_log()
    m = LOG.match(line)
    logged = re.search(r' client_subject="([^"]*)" ', line)
    check(m is not None and m.group(7) == "verified" and logged is not None and
          logged.group(1) == subject and m.group(11) == "ok",
          "a client certificate: client_subject is its subject (%s)" % subject, line)
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=STEP_TIMEOUT)

finish("one log line per connection, with what it negotiated and how it ended")
