#!/usr/bin/env python3
"""`latch server --root DIR`: static files, read-only, nothing outside DIR.

A temporary tree holds files, an index.html, a secret beside the root,
and symbolic links pointing out of it and within it. curl (a real peer)
fetches a 200 KiB file and two files over one kept-alive connection;
a Python ssl client sends request lines exactly as written, so that no
client normalises them first: "..", "%2e%2e", encoded slashes, %00,
symbolic links out and in, a non-GET method, HEAD, and keep-alive with and
without Connection: close.
"""
import os
import queue
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile

from cli_check import CERTS, STEP_TIMEOUT, check, finish, start_server

tmp = tempfile.mkdtemp()
root = os.path.join(tmp, "root")
os.makedirs(os.path.join(root, "sub"))
with open(os.path.join(tmp, "secret.txt"), "w") as f:
    f.write("outside the root\n")
with open(os.path.join(root, "hello.txt"), "w") as f:
    f.write("hello\n")
with open(os.path.join(root, "sub", "index.html"), "w") as f:
    f.write("<p>index</p>\n")
big = os.urandom(200 * 1024)
with open(os.path.join(root, "big.bin"), "wb") as f:
    f.write(big)
os.symlink(os.path.join(tmp, "secret.txt"), os.path.join(root, "link-out"))
os.symlink("hello.txt", os.path.join(root, "link-in"))
os.symlink(tmp, os.path.join(root, "dir-out"))

server, port, lines = start_server("--root", root, "--log")

CTX = ssl.create_default_context(cafile=os.path.join(CERTS, "ca.pem"))


def read_response(tls, buf, head_only=False):
    """One response from the stream: (status line, headers dict, body, rest)."""
    while b"\r\n\r\n" not in buf:
        data = tls.recv(65536)
        if not data:
            return None, {}, b"", buf
        buf += data
    head, rest = buf.split(b"\r\n\r\n", 1)
    status, *fields = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (f.split(":", 1) for f in fields)}
    length = 0 if head_only else int(headers.get("content-length", "0"))
    while len(rest) < length:
        data = tls.recv(65536)
        if not data:
            break
        rest += data
    return status, headers, rest[:length], rest[length:]


def exchange(*requests, head_only=False):
    """Sends the requests one after another on one connection; the
    responses, and whether the server closed the connection after them."""
    out = []
    with socket.create_connection(("127.0.0.1", port), timeout=STEP_TIMEOUT) as raw:
        with CTX.wrap_socket(raw, server_hostname="localhost") as tls:
            buf = b""
            for request in requests:
                tls.sendall(request)
                status, headers, body, buf = read_response(tls, buf, head_only)
                out.append((status, headers, body))
            try:
                closed = tls.recv(1) == b""
            except (ssl.SSLError, OSError):
                closed = True
    return out, closed


def get(path, method="GET"):
    (resp,), _ = exchange(f"{method} {path} HTTP/1.1\r\nHost: localhost\r\n"
                          f"Connection: close\r\n\r\n".encode("latin-1"),
                          head_only=method == "HEAD")
    return resp


try:
    status, headers, body = get("/hello.txt")
    check(status == "HTTP/1.1 200 OK" and body == b"hello\n" and
          headers["content-type"].startswith("text/plain"), "GET /hello.txt", (status, body))
    status, headers, body = get("/sub/")
    check(status == "HTTP/1.1 200 OK" and body == b"<p>index</p>\n", "a directory serves index.html",
          (status, body))
    status, headers, body = get("/hello.txt", "HEAD")
    check(status == "HTTP/1.1 200 OK" and headers["content-length"] == "6" and body == b"",
          "HEAD: the length, no body", (status, headers))
    status, headers, body = get("/hello.txt", "POST")
    check(status.startswith("HTTP/1.1 405") and headers.get("allow") == "GET, HEAD",
          "POST gets 405 with Allow", status)

    # Every way out of the root, as written on the wire.
    for path, code, what in (("/../secret.txt", "403", ".."),
                             ("/sub/../../secret.txt", "403", ".. after a directory"),
                             ("/%2e%2e/secret.txt", "403", "%2e%2e"),
                             ("/..%2fsecret.txt", "400", "an encoded slash"),
                             ("/sub%2findex.html", "400", "an encoded slash inside"),
                             ("/hello.txt%00.png", "400", "%00"),
                             ("/link-out", "404", "a symbolic link out"),
                             ("/dir-out/secret.txt", "404", "a linked directory out"),
                             ("/link-in", "404", "a symbolic link within (none is followed)"),
                             ("/nope", "404", "a missing file"),
                             ("hello.txt", "400", "a target without '/'")):
        status, headers, body = get(path)
        check(status is not None and status.split(" ")[1] == code and b"outside" not in body,
              f"{what}: {path} -> {code}", (status, body))

    # Keep-alive: two requests on one connection, then Connection: close.
    responses, closed = exchange(b"GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n",
                                 b"GET /sub/ HTTP/1.1\r\nHost: localhost\r\n"
                                 b"Connection: close\r\n\r\n")
    check([r[2] for r in responses] == [b"hello\n", b"<p>index</p>\n"] and
          responses[0][1]["connection"] == "keep-alive" and
          responses[1][1]["connection"] == "close" and closed,
          "HTTP/1.1 keep-alive, then Connection: close ends it", (responses, closed))
    responses, closed = exchange(b"GET /hello.txt HTTP/1.0\r\n\r\n")
    check(responses[0][2] == b"hello\n" and responses[0][0].startswith("HTTP/1.0") and closed,
          "HTTP/1.0 closes after one reply", (responses, closed))

    if shutil.which("curl"):
        out = os.path.join(tmp, "big.out")
        proc = subprocess.run(["curl", "-sS", "--cacert", os.path.join(CERTS, "ca.pem"),
                               "-o", out, f"https://localhost:{port}/big.bin",
                               "-o", os.path.join(tmp, "hello.out"),
                               f"https://localhost:{port}/hello.txt"],
                              capture_output=True, timeout=STEP_TIMEOUT)
        check(proc.returncode == 0 and open(out, "rb").read() == big and
              open(os.path.join(tmp, "hello.out"), "rb").read() == b"hello\n",
              "curl: a 200 KiB file and a second one, byte for byte", proc.stderr)
        logs = []
        while True:
            try:
                line = lines.get(timeout=5 if not logs else 0.5)
            except queue.Empty:
                break
            if line.startswith("latch: log "):
                logs.append(line)
        last = logs[-1] if logs else ""
        m = re.search(r"out=(\d+)", last)
        check(m is not None and int(m.group(1)) > len(big) + 6 and "result=ok" in last,
              "curl's two requests went over one kept-alive connection (one log line)", last)
    else:
        check(False, "curl is installed (scripts/install-deps.sh)")
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=STEP_TIMEOUT)
    shutil.rmtree(tmp)

finish("--root serves files and nothing outside its directory")
