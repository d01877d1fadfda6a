#!/usr/bin/env python3
"""An HTTPS server on Python's ssl module, for the `latch get` tests.

    https_server.py --cert FILE --key FILE

Listens on 127.0.0.1 on a free port and prints `listening on
127.0.0.1:PORT`. Paths choose the response framing: /chunked sends the
body in chunks (with an extension and a trailer), /length with
Content-Length, /close without either, ending with close_notify, and
/truncated like /close but without close_notify. Every body is the path
repeated, so a client can check it.
"""
import argparse
import http.server
import ssl
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        body = (self.path + "\n").encode() * 1000
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        if self.path == "/chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 3000):
                part = body[i:i + 3000]
                self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\nX-Trailer: yes\r\n\r\n")
        elif self.path == "/length":
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            if self.path == "/close":
                self.request.unwrap()
        self.close_connection = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    args = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(args.cert, args.key)
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    print(f"listening on 127.0.0.1:{httpd.server_address[1]}", file=sys.stderr, flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
