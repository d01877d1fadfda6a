#!/usr/bin/env python3
"""The latch command's output when a hostile server sends terminal escapes.

Two servers on 127.0.0.1, on ports chosen at run time, in threads of this
script: a fake TLS server that answers any ClientHello with a ServerHello
choosing an ALPN protocol full of escape sequences (ESC ] 0 ; sets a
terminal's title, ESC [ 2 J clears it, BEL, CR LF, a C1 CSI, a
backslash), and a Python ssl HTTPS server whose status line and a header
hold the same. `latch client`, `latch trace` in its three formats and
`latch get -i` must print only escaped forms: no byte outside printable
ASCII but the newline (and tab) between lines, the \\xNN forms present,
and every JSON line must parse with the escaped text as its value.
"""
import json
import os
import re
import socket
import ssl
import struct
import subprocess
import sys
import threading

LATCH = os.path.join(os.environ["LATCH_BUILD"], "latch")
CERTS = os.path.join(os.environ["LATCH_TESTDATA"], "interop")
STEP_TIMEOUT = 60

HOSTILE = b"\x1b]0;owned\x07\r\n\x1b[2J\xc2\x9b\\"
ESCAPED = "\\x1b]0;owned\\x07\\x0d\\x0a\\x1b[2J\\xc2\\x9b\\\\"
HEADER = b"X-Evil: \x1b]0;owned\x07\x1b[2J\xc2\x9b\\ \x00end"
HEADER_ESCAPED = "X-Evil: \\x1b]0;owned\\x07\\x1b[2J\\xc2\\x9b\\\\ \\x00end"
STATUS = b"HTTP/1.1 200 \x1b[31mOK\x07"
STATUS_ESCAPED = "HTTP/1.1 200 \\x1b[31mOK\\x07"

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def server_hello():
    """A ServerHello choosing TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 and
    the hostile protocol, with renegotiation_info and EMS."""
    alpn = struct.pack(">HB", len(HOSTILE) + 1, len(HOSTILE)) + HOSTILE
    ext = (b"\xff\x01\x00\x01\x00" + b"\x00\x17\x00\x00" +
           struct.pack(">HH", 0x0010, len(alpn)) + alpn)
    body = (b"\x03\x03" + b"\x42" * 32 + b"\x00" + b"\xc0\x2b\x00" +
            struct.pack(">H", len(ext)) + ext)
    msg = b"\x02" + struct.pack(">I", len(body))[1:] + body
    return b"\x16\x03\x03" + struct.pack(">H", len(msg)) + msg


def serve_alpn(sock):
    while True:
        conn, _ = sock.accept()
        with conn:
            try:
                header = read_exact(conn, 5)
                read_exact(conn, struct.unpack(">H", header[3:5])[0])
                conn.sendall(server_hello())
                while conn.recv(4096):
                    pass
            except (EOFError, OSError):
                pass


def serve_http(sock, ctx):
    while True:
        raw, _ = sock.accept()
        try:
            with ctx.wrap_socket(raw, server_side=True) as conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    request += chunk
                conn.sendall(STATUS + b"\r\n" + HEADER + b"\r\nContent-Length: 3\r\n"
                             b"Connection: close\r\n\r\nok\n")
                conn.unwrap()
        except (ssl.SSLError, OSError):
            pass


def listen():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def run(*args):
    return subprocess.run([LATCH, *args], stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=STEP_TIMEOUT)


def printable(data):
    return all(0x20 <= b < 0x7f or b in (0x0a, 0x09) for b in data)


def main():
    alpn_sock = listen()
    threading.Thread(target=serve_alpn, args=(alpn_sock,), daemon=True).start()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(os.path.join(CERTS, "rsa.pem"), os.path.join(CERTS, "rsa.key"))
    http_sock = listen()
    threading.Thread(target=serve_http, args=(http_sock, ctx), daemon=True).start()
    alpn_target = "127.0.0.1:%d" % alpn_sock.getsockname()[1]
    http_port = http_sock.getsockname()[1]

    r = run("client", alpn_target, "--insecure", "--alpn", "h2,http/1.1")
    check(r.returncode == 1, "latch client fails on the ALPN it did not offer")
    check(printable(r.stdout + r.stderr), "latch client prints no raw control or non-ASCII byte")
    check(ESCAPED in r.stderr.decode(), "latch client's error shows the escaped protocol")

    for fmt in ("text", "json", "mermaid"):
        r = run("trace", alpn_target, "--insecure", "--alpn", "h2,http/1.1", "--format", fmt)
        out = r.stdout + r.stderr
        check(r.returncode == 1, "latch trace --format %s fails" % fmt)
        check(printable(out), "latch trace --format %s prints no raw byte" % fmt)
        if fmt == "text":
            check(ESCAPED in out.decode(), "the text trace shows the escaped protocol")
        if fmt == "json":
            values = []
            try:
                for line in r.stdout.decode().splitlines():
                    event = json.loads(line)
                    values += [f["value"] for f in event["fields"] if f["name"] == "alpn"]
                    values.append(event["detail"] or "")
                parsed = True
            except (ValueError, KeyError):
                parsed = False
            check(parsed and r.stdout != b"", "every JSON trace line parses")
            check(ESCAPED in values, "the JSON alpn field is the escaped protocol")
            check(any(ESCAPED in v for v in values), "the JSON error detail is escaped")
        if fmt == "mermaid":
            notes = [l for l in r.stdout.decode().splitlines() if "handshake failed" in l]
            bare = re.sub(r"#[0-9]+;", "", notes[0]) if len(notes) == 1 else ";"
            check(";" not in bare and "#" not in bare and "]0#59;owned" in notes[0],
                  "the mermaid note is one line with ; as an entity code")

    url = "https://127.0.0.1:%d/" % http_port
    r = run("get", "-i", "--ca", os.path.join(CERTS, "ca.pem"), "--sni", "localhost", url)
    check(r.returncode == 0, "latch get -i succeeds")
    check(printable(r.stdout.replace(b"\r\n", b"\n")), "latch get -i prints the head escaped")
    lines = r.stdout.decode().split("\r\n")
    check(lines[0] == STATUS_ESCAPED, "the status line is escaped")
    check(HEADER_ESCAPED in lines, "the header is escaped, its NUL too")
    check(r.stdout.endswith(b"\r\n\r\nok\n"), "the body is as sent")

    r = run("trace", "127.0.0.1:%d" % http_port, "--ca", os.path.join(CERTS, "ca.pem"),
            "--sni", "localhost")
    check(r.returncode == 0, "latch trace reads the response")
    check(printable(r.stdout + r.stderr), "latch trace prints no raw byte")
    check(("HTTP response: " + STATUS_ESCAPED) in (r.stdout + r.stderr).decode(),
          "latch trace shows the status line escaped")

    if failures:
        print("%d failed" % len(failures))
        sys.exit(1)
    print("all passed")


if __name__ == "__main__":
    main()
