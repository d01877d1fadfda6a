#!/usr/bin/env python3
"""Sends raw bytes over TLS 1.2 and prints what comes back, for the
interop tests of `latch server --http`.

    raw_request.py --port N --ca FILE --request TEXT [--pad N]

TEXT takes Python escapes (\\r, \\n); --pad N appends an unterminated
header line of N bytes of 'x', for a head over the server's limit.
Connects to 127.0.0.1:N verifying the certificate for localhost, sends,
and prints everything the server sends until it closes. Exits 1 on any
failure.
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
    args = ap.parse_args()
    request = codecs.decode(args.request, "unicode_escape").encode("latin-1")
    request += b"X-Pad: " + b"x" * args.pad if args.pad else b""

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_verify_locations(args.ca)
    raw = socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout)
    with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall(request)
        got = b""
        while True:
            chunk = tls.recv(65536)
            if not chunk:
                break
            got += chunk
    sys.stdout.write(got.decode("latin-1"))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ssl.SSLError) as e:
        print(f"raw_request.py: {e}", file=sys.stderr)
        sys.exit(1)
