#!/usr/bin/env python3
"""`latch client` as s_client users use it, against Python servers.

For each of smtp, imap, pop3, ftp, xmpp and postgres a server in a thread
of this script (127.0.0.1, a port chosen at run time) speaks the protocol's
plaintext preamble as its RFC has it, then wraps the same socket with
Python's ssl module and writes a line over TLS. `latch client --starttls`
must get that line, and the server must have seen the commands it expects.
A server that refuses STARTTLS is named with its words. Then -showcerts
(the chain, equal to the served PEM), -connect HOST:PORT, the one-line
session summary, and --connect-timeout against a server that never
answers.
"""
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time

from cli_check import CERTS, LATCH, STEP_TIMEOUT, check, finish





CTX = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
CTX.load_cert_chain(os.path.join(CERTS, "rsa.pem"), os.path.join(CERTS, "rsa.key"))


def read_line(conn):
    data = b""
    while not data.endswith(b"\n"):
        c = conn.recv(1)
        if not c:
            raise EOFError
        data += c
    return data


def read_until(conn, marker):
    data = b""
    while marker not in data:
        c = conn.recv(1)
        if not c:
            raise EOFError
        data += c
    return data


def smtp(conn, seen, refuse):
    conn.sendall(b"220-mail.test ESMTP\r\n220 ready\r\n")
    seen.append(read_line(conn))
    conn.sendall(b"250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n")
    seen.append(read_line(conn))
    if refuse:
        conn.sendall(b"454 4.7.0 TLS not available\r\n")
        return False
    conn.sendall(b"220 2.0.0 go ahead\r\n")
    return True


def imap(conn, seen, refuse):
    conn.sendall(b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n")
    line = read_line(conn)
    seen.append(line)
    tag = line.split(b" ")[0]
    conn.sendall(b"* an untagged line first\r\n" + tag + b" OK begin TLS now\r\n")
    return True


def pop3(conn, seen, refuse):
    conn.sendall(b"+OK POP3 ready\r\n")
    seen.append(read_line(conn))
    conn.sendall(b"+OK begin TLS\r\n")
    return True


def ftp(conn, seen, refuse):
    conn.sendall(b"220 FTP ready\r\n")
    seen.append(read_line(conn))
    conn.sendall(b"234 AUTH TLS successful\r\n")
    return True


def xmpp(conn, seen, refuse):
    seen.append(read_until(conn, b"version='1.0'>"))
    conn.sendall(b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                 b"xmlns:stream='http://etherx.jabber.org/streams' id='x1' from='localhost' "
                 b"version='1.0'><stream:features><starttls "
                 b"xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                 b"</stream:features>")
    seen.append(read_until(conn, b"/>"))
    conn.sendall(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
    return True


def postgres(conn, seen, refuse):
    seen.append(conn.recv(8))
    conn.sendall(b"N" if refuse else b"S")
    return not refuse


def server(preamble, refuse=False):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    seen = []

    def serve():
        while True:
            conn, _ = sock.accept()
            try:
                if preamble(conn, seen, refuse):
                    tls = CTX.wrap_socket(conn, server_side=True)
                    tls.sendall(b"hello over " + preamble.__name__.encode() + b"\n")
                    tls.unwrap()
            except (OSError, EOFError, ssl.SSLError) as e:
                seen.append(repr(e).encode())
            finally:
                conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return sock.getsockname()[1], seen


def client(*args):
    proc = subprocess.run([LATCH, "client", "--ca", os.path.join(CERTS, "ca.pem"), *args],
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=STEP_TIMEOUT)
    return proc.returncode, proc.stdout, proc.stderr.decode("ascii", "replace")


# Python's ssl module (OpenSSL 3) speaks TLS 1.3, which latch now offers.
SESSION = re.compile(r"^latch: session peer=\S+ version=TLSv1\.3 suite=\S+ group=\S+ alpn=\S+ "
                     r"resumed=(yes|no) verify=(ok|skipped)$", re.M)

EXPECT = {
    smtp: [b"EHLO latch.invalid\r\n", b"STARTTLS\r\n"],
    imap: [b"L1 STARTTLS\r\n"],
    pop3: [b"STLS\r\n"],
    ftp: [b"AUTH TLS\r\n"],
    xmpp: [None, b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"],
    postgres: [bytes([0, 0, 0, 8, 4, 0xd2, 0x16, 0x2f])],
}
for proto, expected in EXPECT.items():
    port, seen = server(proto)
    code, out, err = client("--starttls", proto.__name__, f"localhost:{port}")
    name = proto.__name__
    commands_ok = len(seen) >= len(expected) and all(
        e is None or s == e for s, e in zip(seen, expected))
    check(code == 0 and out == f"hello over {name}\n".encode() and commands_ok and
          SESSION.search(err) is not None,
          f"--starttls {name}: the preamble, then TLS on the same socket",
          (code, out, err, seen))
    if proto is xmpp:
        check(b"to='localhost'" in seen[0], "--starttls xmpp names the domain in the stream",
              seen)

for proto, words in ((smtp, "454 4.7.0 TLS not available"), (postgres, "does not accept SSL")):
    port, _ = server(proto, refuse=True)
    code, out, err = client("--starttls", proto.__name__, f"localhost:{port}")
    check(code == 1 and words in err, f"a refusal of {proto.__name__} is named: "
          f"{err.strip().splitlines()[-1] if err.strip() else ''}", (code, err))

code, out, err = client("--starttls", "gopher", "localhost:1")
check(code == 2 and "use smtp, imap" in err, "an unknown --starttls protocol is a usage error", err)

# -showcerts and -connect, as s_client spells them, against openssl-less Python TLS.
port, _ = server(pop3)
code, out, err = client("-showcerts", "--starttls", "pop3", "-connect", f"localhost:{port}")
served = open(os.path.join(CERTS, "rsa.pem"), "rb").read()
first = re.search(rb"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", served, re.S)
check(code == 0 and out.startswith(first.group(0)) and out.endswith(b"hello over pop3\n"),
      "-showcerts writes the chain as PEM, equal to the served file, before the data",
      (code, out[:200], err))
code, out, err = client("-connect", "localhost:1", "localhost:2")
check(code == 2 and "give the server once" in err, "-connect and an operand together are refused",
      err)
m = SESSION.search(err if False else client("--insecure", "--starttls", "pop3",
                                            f"127.0.0.1:{server(pop3)[0]}")[2])
check(m is not None and m.group(2) == "skipped", "--insecure shows verify=skipped in the summary",
      m)

# --connect-timeout: a server that accepts and says nothing.
silent = socket.socket()
silent.bind(("127.0.0.1", 0))
silent.listen(4)
held = []
threading.Thread(target=lambda: held.append(silent.accept()), daemon=True).start()
start = time.monotonic()
code, out, err = client("--connect-timeout", "1", f"127.0.0.1:{silent.getsockname()[1]}")
took = time.monotonic() - start
check(code == 28 and "--connect-timeout" in err and took < 20,
      f"--connect-timeout 1 against a silent server: exit 28 after {took:.1f} s", (code, err))

finish("STARTTLS for six protocols, -showcerts, -connect, the summary line, the timeout")
