#!/usr/bin/env python3
"""Sends raw bytes over TLS 1.2 and prints what comes back, for the
interop tests of `latch server --http`.

    raw_request.py --port N --ca FILE --request TEXT [--pad N]

TEXT takes Python escapes (\\r, \\n); --pad N appends an unterminated
header line of N bytes of 'x', for a head over the server's limit.
Connects to 127.0.0.1:N verifying the certificate for localhost, sends,
and prints everything the server sends until it closes. With --kept N
it sends the request N times on the one connection, each after the
previous reply (its head and Content-Length bytes), and prints the N
replies without waiting for a close. Exits 1 on any failure.
"""
import argparse
import codecs
import socket
import ssl
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--request", required=True)
    ap.add_argument("--pad", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--kept", type=int, default=0)
    args = ap.parse_args()
    request = codecs.decode(args.request, "unicode_escape").encode("latin-1")
    request += b"X-Pad: " + b"x" * args.pad if args.pad else b""

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_verify_locations(args.ca)
    raw = socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout)
    with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
        if args.kept:
            got = b"".join(ask_kept(tls, request) for _ in range(args.kept))
        else:
            tls.sendall(request)
            got = read_all(tls)
    sys.stdout.write(got.decode("latin-1"))
    return 0


def read_all(tls):
    got = b""
    while True:
        chunk = tls.recv(65536)
        if not chunk:
            return got
        got += chunk


def ask_kept(tls, request):
    """One request, and its reply: the head, then Content-Length bytes."""
    tls.sendall(request)
    got = b""
    while b"\r\n\r\n" not in got:
        chunk = tls.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed before a whole reply head")
        got += chunk
    head, _, body = got.partition(b"\r\n\r\n")
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        chunk = tls.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed before the whole body")
        body += chunk
    return head + b"\r\n\r\n" + body


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ssl.SSLError) as e:
        print(f"raw_request.py: {e}", file=sys.stderr)
        sys.exit(1)
