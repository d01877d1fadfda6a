#!/usr/bin/env python3
"""Issue 15 item 1 as rows: request heads sent over TLS to `latch server
--http` (python's ssl as the client), each with the status line and
headers its RFC section requires. Usage: http_rows.py PORT CA_FILE."""
import socket
import ssl
import sys

# id, RFC section, what, request bytes, expected status line start,
# headers the answer must carry
ROWS = [
    ("H-lf-1.0", "RFC 9112 2.2", "HTTP/1.0 head with bare LF line ends",
     b"GET / HTTP/1.0\n\n", b"HTTP/1.0 200", [b"Connection: close"]),
    ("H-crlf-1.0", "RFC 9112 2.1", "HTTP/1.0 head with CRLF line ends",
     b"GET / HTTP/1.0\r\n\r\n", b"HTTP/1.0 200", [b"Connection: close"]),
    ("H-lf-1.1", "RFC 9112 2.2", "HTTP/1.1 head with bare LF: answered as 1.1",
     b"GET / HTTP/1.1\nHost: localhost\n\n", b"HTTP/1.1 200", [b"Connection: keep-alive"]),
    ("H-crlf-1.1", "RFC 9112 9.3", "HTTP/1.1 head: answered as 1.1, kept alive",
     b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", b"HTTP/1.1 200",
     [b"Connection: keep-alive"]),
    ("H-close-1.1", "RFC 9112 9.6", "HTTP/1.1 head with Connection: close is closed",
     b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", b"HTTP/1.1 200",
     [b"Connection: close"]),
    ("H-mixed-ends", "RFC 9112 2.2", "CRLF and bare LF in one head",
     b"GET / HTTP/1.1\r\nHost: localhost\n\r\n", b"HTTP/1.1 200", [b"Connection: keep-alive"]),
    ("H-head-8000", "RFC 9112 2.2", "a head of about 8000 bytes, under the limit",
     b"GET / HTTP/1.1\r\nX: " + b"a" * 7900 + b"\r\n\r\n", b"HTTP/1.1 200", []),
    ("H-head-too-large", "RFC 6585 5", "a head over the 8192-byte limit gets 431",
     b"GET / HTTP/1.1\r\nX: " + b"a" * 9000 + b"\r\n\r\n", b"HTTP/1.1 431",
     [b"Connection: close"]),
]


def whole_reply(answer):
    head, sep, body = answer.partition(b"\r\n\r\n")
    lengths = [int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
               if line.lower().startswith(b"content-length:")]
    return sep != b"" and lengths != [] and len(body) >= lengths[0]


def ask(port, ctx, request):
    with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(request)
            answer = b""
            try:
                # Until the close, or the whole reply on a kept connection.
                while not whole_reply(answer):
                    data = tls.recv(65536)
                    if not data:
                        break
                    answer += data
            except (socket.timeout, ssl.SSLError, ConnectionError) as err:
                return answer, str(err)
            return answer, ""


def main():
    port, ca = int(sys.argv[1]), sys.argv[2]
    ctx = ssl.create_default_context(cafile=ca)
    passed = 0
    for rid, rfc, what, request, status, headers in ROWS:
        answer, err = ask(port, ctx, request)
        head = answer.split(b"\r\n\r\n", 1)[0]
        lines = head.split(b"\r\n")
        ok = lines[0].startswith(status) and all(h in lines[1:] for h in headers)
        got = lines[0].decode("ascii", "backslashreplace") if answer else "(no answer) " + err
        print(f"{rid:<24} {rfc:<22} expected {status.decode():<14} got {got:<44} "
              f"{'ok  ' if ok else 'FAIL'}  {what}")
        passed += ok
    print(f"latch server --http: {passed} of {len(ROWS)} rows answered as the RFCs require")
    return 0 if passed == len(ROWS) else 1


if __name__ == "__main__":
    sys.exit(main())
