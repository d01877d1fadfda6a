#!/usr/bin/env python3
"""A recording TCP relay on loopback, for interop tests.

Listens on 127.0.0.1 on a free port (written to PORT_FILE once listening),
accepts one client, connects it to 127.0.0.1:UPSTREAM_PORT, and forwards
bytes both ways until both sides have closed, appending what the client
sent to C2S_FILE and what the server sent to S2C_FILE. Exits non-zero if
nothing connects or the exchange does not end within the timeout.
Standard library only.
"""

import argparse
import os
import selectors
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("port_file")
    ap.add_argument("upstream_port", type=int)
    ap.add_argument("c2s_file")
    ap.add_argument("s2c_file")
    ap.add_argument("--timeout", type=float, default=20.0)
    args = ap.parse_args()
    deadline = time.monotonic() + args.timeout

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % listener.getsockname()[1])
    # Renamed into place so a reader never sees a half-written port.
    os.replace(args.port_file + ".tmp", args.port_file)

    listener.settimeout(args.timeout)
    try:
        client, _ = listener.accept()
    except socket.timeout:
        print("relay: no client connected within %.0fs" % args.timeout, file=sys.stderr)
        return 1
    listener.close()
    server = socket.create_connection(("127.0.0.1", args.upstream_port), timeout=args.timeout)

    records = {client: open(args.c2s_file, "wb"), server: open(args.s2c_file, "wb")}
    peer = {client: server, server: client}
    open_ends = {client, server}
    sel = selectors.DefaultSelector()
    for s in open_ends:
        # Blocking with a timeout: select says when recv will not block,
        # and sendall may wait for the peer.
        s.settimeout(args.timeout)
        sel.register(s, selectors.EVENT_READ)

    while open_ends:
        left = deadline - time.monotonic()
        if left <= 0:
            print("relay: exchange did not finish within %.0fs" % args.timeout, file=sys.stderr)
            return 1
        for key, _ in sel.select(timeout=left):
            src = key.fileobj
            try:
                data = src.recv(65536)
            except ConnectionResetError:
                data = b""
            if data:
                records[src].write(data)
                peer[src].sendall(data)
                continue
            # This side finished sending: pass the half-close on.
            sel.unregister(src)
            open_ends.discard(src)
            try:
                peer[src].shutdown(socket.SHUT_WR)
            except OSError:
                pass
    for f in records.values():
        f.close()
    client.close()
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
