#!/usr/bin/env python3
"""`latch get` against a real web server: nginx.

nginx runs in the foreground with this test's own config (a temporary
prefix, a port chosen at run time, the test certificate). What is checked
is what nginx itself answers: a 3 MiB file byte for byte (to stdout and
with -o), -I's head, a 301 followed with -L and not followed without it,
-f on a 404, a header and a POST body as nginx's variables saw them, a
body nginx sends chunked (its sub_filter drops the length), and -i's head
before the body on a pipe.
"""
import hashlib
import os
import shutil
import subprocess
import tempfile

import daemon_port
from cli_check import CERTS, LATCH, STEP_TIMEOUT, check, finish

work = tempfile.mkdtemp(prefix="latch-nginx-")
www = os.path.join(work, "www")
os.makedirs(os.path.join(www, "chunked"))
big = os.urandom(3 << 20)
with open(os.path.join(www, "big.bin"), "wb") as f:
    f.write(big)
text = b"".join(b"line %d: the needle in line %d\n" % (i, i) for i in range(8000))
with open(os.path.join(www, "chunked", "text.txt"), "wb") as f:
    f.write(text)


def nginx_argv(ports):
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""daemon off;
master_process off;
pid {work}/nginx.pid;
error_log stderr notice;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{ports[0]} ssl;
        ssl_certificate {CERTS}/rsa.pem;
        ssl_certificate_key {CERTS}/rsa.key;
        root {www};
        location = /moved {{ return 301 /big.bin; }}
        location = /header {{ return 200 "x-test=$http_x_test\\n"; }}
        location = /post {{ return 200 "method=$request_method length=$content_length\\n"; }}
        location /chunked/ {{
            sub_filter "needle" "NEEDLE";
            sub_filter_once off;
            sub_filter_types *;
        }}
    }}
}}
""")
    return ["nginx", "-p", work, "-e", "stderr", "-c", conf]


def get(*args):
    proc = subprocess.run([LATCH, "get", "--ca", os.path.join(CERTS, "ca.pem"), *args],
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=STEP_TIMEOUT)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


proc, (port,) = daemon_port.start(nginx_argv, 1, os.path.join(work, "nginx.log"))
base = f"https://localhost:{port}"
try:
    code, out, err = get(f"{base}/big.bin")
    check(code == 0 and hashlib.sha256(out).digest() == hashlib.sha256(big).digest(),
          "a 3 MiB file from nginx arrives byte for byte", (code, len(out), err))

    saved = os.path.join(work, "saved.bin")
    code, out, err = get("-o", saved, f"{base}/big.bin")
    check(code == 0 and out == b"" and open(saved, "rb").read() == big,
          "-o writes the file, nothing to stdout", (code, err))

    code, out, err = get("-I", f"{base}/big.bin")
    head = out.decode("latin-1")
    check(code == 0 and head.startswith("HTTP/1.1 200 OK\r\n") and
          f"Content-Length: {len(big)}\r\n" in head and "Server: nginx" in head and
          head.endswith("\r\n\r\n"), "-I: nginx's head, no body", (code, head, err))

    code, out, err = get(f"{base}/moved")
    check(code == 0 and b"301 Moved Permanently" in out,
          "without -L, the 301 page itself", (code, out[:200], err))
    code, out, err = get("-L", f"{base}/moved")
    check(code == 0 and out == big, "-L follows nginx's 301 to the file", (code, len(out), err))

    code, out, err = get("-f", f"{base}/missing")
    check(code == 22 and out == b"", "-f on nginx's 404: exit 22 and no body", (code, out, err))

    code, out, err = get("-H", "X-Test: from latch", f"{base}/header")
    check(code == 0 and out == b"x-test=from latch\n", "-H reaches nginx as a header",
          (code, out, err))

    code, out, err = get("-d", "a=1&b=22", f"{base}/post")
    check(code == 0 and out == b"method=POST length=8\n", "-d sends a POST body nginx counts",
          (code, out, err))

    code, out, err = get("-i", f"{base}/chunked/text.txt")
    head, _, body = out.partition(b"\r\n\r\n")
    check(code == 0 and b"Transfer-Encoding: chunked" in head and
          body == text.replace(b"needle", b"NEEDLE"),
          "a chunked body from nginx, reassembled; -i puts the head first on a pipe",
          (code, head, len(body), err))
finally:
    daemon_port.stop(proc)
    shutil.rmtree(work, ignore_errors=True)

finish("latch get against nginx: files, head, redirects, -f, -H, -d, chunked")
