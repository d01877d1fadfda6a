#!/usr/bin/env python3
"""`latch get` with curl's options, against a Python ssl HTTPS server.

The server (threads of this script, 127.0.0.1 and ::1, ports chosen at run
time) echoes each request back as JSON, so every check reads what really
went on the wire: -X, -H (added, replaced, dropped), -d and --data-binary
@FILE, -I, -L (the hops, the limit of 10, 303 turning POST into GET,
never https to http), -f (exit 22, no body), -o and -O, -s, -v, URLs with
spaces (percent-encoded) and control characters (refused before anything
is sent), IPv6 literals, -i with the head before the body on a pipe and
on a file, and the time limits against servers that accept and never
answer (exit 28, within the limit).
"""
import http.server
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

from cli_check import CERTS, LATCH, STEP_TIMEOUT, check, finish


requests_seen = []




class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        requests_seen.append(self.path)
        path = self.path
        port = self.server.server_address[1]
        if path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            if n == 0:
                return self.send(200, b"arrived\n")
            return self.send(302, headers=[("Location", f"/redirect/{n - 1}")])
        if path == "/relative/a":
            return self.send(301, headers=[("Location", "b?x=1")])
        if path == "/see-other":
            return self.send(303, headers=[("Location", f"https://localhost:{port}/echo")])
        if path == "/to-http":
            return self.send(302, headers=[("Location", f"http://127.0.0.1:{port}/echo")])
        if path == "/missing":
            return self.send(404, b"no such page\n")
        if path.split("?")[0] == "/file.txt":
            return self.send(200, b"the file\n")
        if path == "/stall-body":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"ten bytes\n")
            self.wfile.flush()
            time.sleep(30)
            return
        echo = {"method": self.command, "path": path,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body": body.decode("latin-1")}
        self.send(200, (json.dumps(echo) + "\n").encode())

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = handle_any


class V6Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


def start(server_class, address):
    httpd = server_class(address, Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(CERTS, "rsa.pem"), os.path.join(CERTS, "rsa.key"))
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd.server_address[1]


def silent_server():
    """Accepts connections and never sends a byte."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    held = []

    def serve():
        while True:
            conn, _ = sock.accept()
            held.append(conn)

    threading.Thread(target=serve, daemon=True).start()
    return sock.getsockname()[1]


def get(*args, stdout=subprocess.PIPE, cwd=None):
    proc = subprocess.run([LATCH, "get", "--ca", os.path.join(CERTS, "ca.pem"), *args],
                          stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE,
                          timeout=STEP_TIMEOUT, cwd=cwd)
    return proc.returncode, proc.stdout or b"", proc.stderr.decode("ascii", "replace")


def echoed(out):
    try:
        return json.loads(out)
    except ValueError:
        return {"method": None, "path": None, "headers": [], "body": None}


def header(echo, name):
    return [v for k, v in echo["headers"] if k.lower() == name.lower()]


port = start(http.server.ThreadingHTTPServer, ("127.0.0.1", 0))
base = f"https://localhost:{port}"

# -X, -H added, replaced and dropped.
code, out, err = get("-X", "PUT", "-H", "X-One: 1", "-H", "User-Agent: mine", "-H", "Accept:",
                     f"{base}/echo")
e = echoed(out)
check(code == 0 and e["method"] == "PUT" and header(e, "X-One") == ["1"] and
      header(e, "User-Agent") == ["mine"] and header(e, "Accept") == [],
      "-X PUT, -H added, replaced and dropped", (code, out, err))

# -d and --data-binary @FILE.
with tempfile.TemporaryDirectory() as tmp:
    data = os.path.join(tmp, "data.bin")
    with open(data, "wb") as f:
        f.write(b"line one\r\nline two\n\x00\xff")
    code, out, err = get("-d", "a=1", "-d", "b=2", f"{base}/echo")
    e = echoed(out)
    check(code == 0 and e["method"] == "POST" and e["body"] == "a=1&b=2" and
          header(e, "Content-Type") == ["application/x-www-form-urlencoded"],
          "-d twice: a POST form joined with &", (code, out, err))
    code, out, err = get("--data-binary", "@" + data, "-H", "Content-Type: application/octet-stream",
                         f"{base}/echo")
    e = echoed(out)
    check(code == 0 and e["body"] == "line one\r\nline two\n\x00\xff" and
          header(e, "Content-Type") == ["application/octet-stream"],
          "--data-binary @FILE sends the bytes as they are", (code, out, err))
    code, out, err = get("-d", "@" + data, f"{base}/echo")
    check(code == 0 and echoed(out)["body"] == "line oneline two\x00\xff",
          "-d @FILE drops CR and LF, as curl does", (code, out, err))
    code, out, err = get("-d", "@" + os.path.join(tmp, "none"), f"{base}/echo")
    check(code == 2 and "No such file or directory" in err, "-d @missing names the reason", err)

    # -o FILE and -O.
    target = os.path.join(tmp, "out.json")
    code, out, err = get("-o", target, f"{base}/echo")
    check(code == 0 and out == b"" and echoed(open(target, "rb").read())["path"] == "/echo",
          "-o FILE writes the body there", (code, out, err))
    code, out, err = get("-O", f"{base}/file.txt?x=1", cwd=tmp)
    check(code == 0 and open(os.path.join(tmp, "file.txt"), "rb").read() == b"the file\n",
          "-O names the file after the URL's last segment", (code, out, err))
    code, out, err = get("-O", f"{base}/", cwd=tmp)
    check(code == 1 and "no file name" in err, "-O without a file name is refused", err)

    # -i: the head comes before the body on a pipe and on a file.
    code, out, err = get("-i", f"{base}/file.txt")
    check(code == 0 and out.startswith(b"HTTP/1.1 200") and out.endswith(b"\r\n\r\nthe file\n"),
          "-i on a pipe: head, then body", out)
    with open(target, "wb") as f:
        code, _, err = get("-i", f"{base}/file.txt", stdout=f)
    written = open(target, "rb").read()
    check(code == 0 and written.startswith(b"HTTP/1.1 200") and
          written.endswith(b"\r\n\r\nthe file\n"), "-i on a file: head, then body", written)

# -I: HEAD, the head only.
code, out, err = get("-I", f"{base}/file.txt")
check(code == 0 and out.startswith(b"HTTP/1.1 200") and out.endswith(b"\r\n\r\n") and
      b"the file" not in out and requests_seen[-1] == "/file.txt", "-I sends HEAD, prints the head",
      out)

# -L: hops, relative Location, 303 after POST, the limit, never to http.
code, out, err = get("-L", f"{base}/redirect/10")
check(code == 0 and out == b"arrived\n", "-L follows 10 redirects", (code, out, err))
code, out, err = get("-L", f"{base}/redirect/11")
check(code == 47 and "more than 10 redirects" in err, "-L stops after 10 (exit 47)", (code, err))
code, out, err = get("-L", f"{base}/relative/a")
check(code == 0 and echoed(out)["path"] == "/relative/b?x=1", "-L resolves a relative Location",
      (code, out, err))
code, out, err = get("-L", "-d", "x=1", f"{base}/see-other")
e = echoed(out)
check(code == 0 and e["method"] == "GET" and e["body"] == "", "-L: 303 after POST continues with GET",
      (code, out, err))
before = len(requests_seen)
code, out, err = get("-L", f"{base}/to-http")
check(code == 1 and "never follows https to http" in err and len(requests_seen) == before + 1,
      "-L never follows https to http", (code, err))
code, out, err = get(f"{base}/redirect/1")
check(code == 0 and out == b"", "without -L a redirect is the answer", (code, out))

# -f, -s, -v.
code, out, err = get("-f", f"{base}/missing")
check(code == 22 and out == b"" and "404" in err, "-f: exit 22, no body", (code, out, err))
code, out, err = get(f"{base}/missing")
check(code == 0 and out == b"no such page\n", "without -f a 404 body is written", (code, out))
code, out, err = get("-f", "-s", f"{base}/missing")
check(code == 22 and err == "", "-s: no message", (code, err))
code, out, err = get("-v", f"{base}/file.txt")
check(code == 0 and "Connected to" in err and "> GET /file.txt HTTP/1.1" in err and
      "< HTTP/1.1 200" in err and out == b"the file\n", "-v: summary and heads on stderr", err)

# URLs: spaces percent-encoded; control characters and bad hosts refused before sending.
code, out, err = get(f"{base}/a b")
check(code == 0 and echoed(out)["path"] == "/a%20b", "a space is sent as %20", (code, out, err))
before = len(requests_seen)
for bad in (f"{base}/a\nX-Injected: 1", f"{base}/a\rb", f"{base}/\x00", f"{base}/a\tb",
            f"https://local host:{port}/", f"https://localhost\r\nX: 1:{port}/"):
    try:
        code, out, err = get(bad)
    except ValueError:  # Python itself refuses a NUL in an argument
        continue
    check(code == 2 and "the URL" in err, f"refused before sending: {bad!r}", (code, err))
check(len(requests_seen) == before, "nothing reached the server from a refused URL")
code, out, err = get("-H", "X-Evil: a\r\nX-Injected: 1", f"{base}/echo")
check(code == 2 and "control character" in err, "-H with CR LF is refused", (code, err))
code, out, err = get("-X", "GET /x HTTP/1.1\r\n", f"{base}/echo")
check(code == 2 and "not an HTTP method" in err, "-X with spaces is refused", (code, err))
code, out, err = get("http://localhost/")
check(code == 2 and "https://" in err, "http:// URLs are named as such", err)

# IPv6 literal.
try:
    port6 = start(V6Server, ("::1", 0))
except OSError as e:
    port6 = None
    print(f"note: no IPv6 loopback here ({e}); the IPv6 case is not run")
if port6 is not None:
    code, out, err = get(f"https://[::1]:{port6}/echo")
    e = echoed(out)
    check(code == 0 and header(e, "Host") == [f"[::1]:{port6}"], "https://[::1]:PORT/ works",
          (code, out, err))

# Time limits: a server that accepts and never answers, and one that stalls mid-body.
silent = silent_server()
start_time = time.monotonic()
code, out, err = get("--connect-timeout", "1", f"https://127.0.0.1:{silent}/")
took = time.monotonic() - start_time
check(code == 28 and "--connect-timeout" in err and took < 20,
      f"--connect-timeout 1 against a silent server: exit 28 after {took:.1f} s", (code, err))
start_time = time.monotonic()
code, out, err = get("-m", "2", f"{base}/stall-body")
took = time.monotonic() - start_time
check(code == 28 and "--max-time" in err and took < 20 and out == b"ten bytes\n",
      f"-m 2 against a stalled body: exit 28 after {took:.1f} s", (code, out, err))
code, out, err = get("--connect-timeout", "soon", f"{base}/")
check(code == 2 and "not a number of seconds" in err, "--connect-timeout checks its value", err)

finish("latch get's options did what curl's do, as the server saw it")
