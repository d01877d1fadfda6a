#!/usr/bin/env python3
"""Errors of the latch command that name the fix.

Plaintext servers in threads of this script, on 127.0.0.1 at ports chosen
at run time, speak first as an SSH, SMTP, FTP, IMAP or POP3 server does,
or answer with HTTP or HTML: `latch client` and `latch get` must say the
peer is not speaking TLS, what it is, and what to try (--starttls,
http://). Then the file errors: a missing file names the reason (strerror),
swapped --cert/--key say so both ways, a PEM file with a line cut short
names that line, and usage errors are one line pointing to --help.
"""
import os
import socket
import subprocess
import sys
import tempfile
import threading

from cli_check import CERTS, LATCH, STEP_TIMEOUT, check, finish






def plaintext_server(first, answer=None):
    """Listens on a run-time port; each connection gets `first` at once,
    or, when `answer` is set, `answer` after the client's first bytes."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)

    def serve():
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            with conn:
                try:
                    if answer is not None:
                        conn.recv(4096)
                        conn.sendall(answer)
                    else:
                        conn.sendall(first)
                        conn.recv(4096)
                except OSError:
                    pass

    threading.Thread(target=serve, daemon=True).start()
    return sock.getsockname()[1]


def latch(*args):
    proc = subprocess.run([LATCH, *args], stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=STEP_TIMEOUT)
    return proc.returncode, proc.stderr.decode("ascii", "replace")


GREETINGS = [
    ("SSH", b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", None, ["not TLS", "SSH server"]),
    ("SMTP", b"220 mail.example ESMTP Postfix\r\n", None, ["not TLS", "--starttls smtp"]),
    ("FTP", b"220 (vsFTPd 3.0.3)\r\n", None, ["not TLS", "ftp"]),
    ("IMAP", b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n", None,
     ["not TLS", "--starttls imap"]),
    ("POP3", b"+OK Dovecot ready.\r\n", None, ["not TLS", "--starttls pop3"]),
    ("HTTP", None, b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
     ["not TLS", "http://"]),
    ("HTML", None, b"<html><body>hello</body></html>\n", ["not TLS", "HTML", "http://"]),
    ("text", b"hello there, this is not TLS\r\n", None,
     ["not TLS", "plain text", '"hello"']),
]

for name, first, answer, words in GREETINGS:
    port = plaintext_server(first, answer)
    for cmd in (["client", "--insecure", f"127.0.0.1:{port}"],
                ["get", "--insecure", f"https://127.0.0.1:{port}/"]):
        code, err = latch(*cmd)
        missing = [w for w in words if w not in err]
        check(code == 1 and not missing and err.startswith("latch: "),
              f"{name} peer, latch {cmd[0]}: {err.strip().splitlines()[-1] if err else ''}",
              f"exit {code}, missing {missing}: {err}")

with tempfile.TemporaryDirectory() as tmp:
    cert = os.path.join(CERTS, "rsa.pem")
    key = os.path.join(CERTS, "rsa.key")
    missing = os.path.join(tmp, "nope.key")

    # A missing file: the reason, as strerror gives it.
    for what, args in (("--ca", ["client", "--ca", missing, "127.0.0.1:1"]),
                       ("--key", ["server", "--cert", cert, "--key", missing, "--port", "0"])):
        code, err = latch(*args)
        check(code != 0 and f"cannot open {missing}: No such file or directory" in err,
              f"missing {what} file names the reason", err)

    # Swapped certificate and key, both ways round.
    code, err = latch("server", "--cert", key, "--key", cert, "--port", "0")
    check(code != 0 and "swapped" in err and "only a private key" in err,
          "a key given as --cert is named as swapped", err)
    code, err = latch("server", "--cert", cert, "--key", cert, "--port", "0")
    check(code != 0 and "swapped" in err and "only a certificate" in err,
          "a certificate given as --key is named as swapped", err)

    # A line of base64 cut short: its number is in the sentence.
    lines = open(cert).read().splitlines()
    damaged = list(lines)
    damaged[5] = damaged[5][:-3]
    bad = os.path.join(tmp, "cut.pem")
    with open(bad, "w") as f:
        f.write("\n".join(damaged) + "\n")
    code, err = latch("client", "--ca", bad, "127.0.0.1:1")
    check(code != 0 and "line 6 is not as wide as the lines before it" in err,
          "a PEM line cut short is named", err)

    # A suite in the wrong list, or an unknown one: the sentence says where
    # it belongs or lists the known TLS 1.3 suites, on every command.
    known13 = "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256"
    for args, words in ((["client", "--ciphersuites", "TLS_AES_512", "127.0.0.1:1"],
                         ["--ciphersuites", '"TLS_AES_512"', known13]),
                        (["get", "--ciphersuites", "", "https://127.0.0.1:1/"],
                         ["--ciphersuites", "list is empty"]),
                        (["server", "--cert", cert, "--key", key, "--port", "0", "--ciphersuites",
                          "ECDHE-RSA-AES128-GCM-SHA256"], ["is a TLS 1.2 cipher suite", known13]),
                        (["trace", "--ciphers", "TLS_AES_128_GCM_SHA256", "127.0.0.1:1"],
                         ["is a TLS 1.3 cipher suite", "--ciphersuites"])):
        code, err = latch(*args)
        check(code != 0 and all(w in err for w in words),
              f"`latch {' '.join(args[:1] + args[-2:])}` names the suite and the fix", err)

    # Usage errors: one line, what was wrong, and where help is.
    for args, words in ((["client", "localhost", "4433"], ["'localhost:4433'", "--help"]),
                        (["client"], ["HOST:PORT", "--help"]),
                        (["client", "--no-such-option", "a:1"], ["--help"]),
                        (["get"], ["URL", "--help"]),
                        (["server", "--cert", cert], ["has no --key", "--help"])):
        code, err = latch(*args)
        lines = err.strip().splitlines()
        ok = (code == 2 and all(w in err for w in words) and "usage:" not in err and
              len([ln for ln in lines if ln.startswith("latch: ")]) == 1 and len(lines) <= 2)
        check(ok, f"usage error for `latch {' '.join(args)}` is one line: {lines[-1] if lines else ''}",
              f"exit {code}: {err}")

finish("every error names what failed and the fix")
