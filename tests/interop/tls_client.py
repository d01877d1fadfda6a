#!/usr/bin/env python3
"""A TLS 1.2 client on Python's ssl module, for the interop tests.

    tls_client.py --port N --ca FILE --cipher NAME (--http PATH | --echo LINE) [--alpn P ...]

Connects to 127.0.0.1:N verifying the certificate for localhost, prints
the negotiated version and suite to stderr and what the server sent to
stdout. With --http it sends a GET and reads to the close; with --echo it
sends the line, reads it back, and closes with close_notify. Exits 1 on
any failure, including a close without close_notify.
"""
import argparse
import socket
import ssl
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--cipher", required=True)
    ap.add_argument("--alpn", action="append")
    ap.add_argument("--timeout", type=float, default=10)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--http")
    mode.add_argument("--echo")
    args = ap.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers(args.cipher)
    ctx.load_verify_locations(args.ca)
    if args.alpn:
        ctx.set_alpn_protocols(args.alpn)

    raw = socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout)
    with ctx.wrap_socket(raw, server_hostname="localhost", suppress_ragged_eofs=False) as tls:
        name, version, _bits = tls.cipher()
        print(f"version {version} cipher {name} alpn {tls.selected_alpn_protocol()}",
              file=sys.stderr)
        if args.http is not None:
            tls.sendall(f"GET {args.http} HTTP/1.1\r\nHost: localhost\r\n"
                        "Connection: close\r\n\r\n".encode())
            while True:
                data = tls.recv(16384)
                if not data:
                    break
                sys.stdout.buffer.write(data)
        else:
            line = (args.echo + "\n").encode()
            tls.sendall(line)
            got = b""
            while len(got) < len(line):
                data = tls.recv(16384)
                if not data:
                    raise ConnectionError("the server closed before echoing the line")
                got += data
            sys.stdout.buffer.write(got)
            tls.unwrap()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ssl.SSLError, ValueError) as e:
        print(f"tls_client.py: {e}", file=sys.stderr)
        sys.exit(1)
