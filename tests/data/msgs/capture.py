#!/usr/bin/env python3
"""Captures real TLS 1.2 handshake messages on loopback as hex fixtures.

Runs `openssl s_server -tls1_2 -msg` and, against it, `openssl s_client
-tls1_2 -msg`, `gnutls-cli` and `curl`, and saves each whole handshake
message (4-byte header included) that -msg prints in clear as
<peer>_<message>.hex, 16 bytes a line. Needs openssl, gnutls-cli and curl
on PATH; writes into the directory this script is in.

    python3 tests/data/msgs/capture.py
"""
import os
import re
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 44330
HEADER = re.compile(r"^(<<<|>>>) TLS 1\.[0-3], Handshake \[length [0-9a-f]+\], (\w+)")
SNAKE = re.compile(r"(?<!^)(?=[A-Z])")


def messages(log, direction):
    """Yields (name, bytes) for each handshake message sent in direction."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        m = HEADER.match(line)
        if not m or m.group(1) != direction:
            continue
        data = bytearray()
        for hexline in lines[i + 1:]:
            if not hexline.startswith("    "):
                break
            data += bytes.fromhex(hexline)
        yield SNAKE.sub("_", m.group(2)).lower(), bytes(data)


def save(name, data, source):
    with open(os.path.join(HERE, name + ".hex"), "w") as f:
        f.write("# %s\n" % source)
        for i in range(0, len(data), 16):
            f.write(" ".join("%02x" % b for b in data[i:i + 16]) + "\n")


def keypair(tmp, kind):
    key, cert = os.path.join(tmp, kind + ".key"), os.path.join(tmp, kind + ".crt")
    algo = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] if kind == "ec" else [
        "-newkey", "rsa:2048"]
    subprocess.run(["openssl", "req", "-x509", *algo, "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=example.com"], check=True,
                   capture_output=True)
    return key, cert


def serve(tmp, kind, client, server_args=()):
    """Runs one handshake; returns (server log, client log)."""
    key, cert = keypair(tmp, kind)
    srv_log = os.path.join(tmp, "server.log")
    with open(srv_log, "w") as out:
        srv = subprocess.Popen(["openssl", "s_server", "-tls1_2", "-accept",
                                "127.0.0.1:%d" % PORT, "-cert", cert, "-key", key, "-msg",
                                "-naccept", "1", *server_args],
                               stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT)
        time.sleep(1)
        # Clients that wait for an answer (curl) are stopped after a while;
        # the messages wanted are in the logs by then.
        try:
            cli = subprocess.run(client, input=b"Q\n", capture_output=True, timeout=5).stdout
        except subprocess.TimeoutExpired as e:
            cli = e.stdout or b""
        time.sleep(0.5)
        srv.kill()
        srv.wait()
    with open(srv_log) as f:
        return f.read(), cli.decode(errors="replace")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        s_client = ["openssl", "s_client", "-tls1_2", "-connect", "127.0.0.1:%d" % PORT,
                    "-servername", "example.com", "-msg"]
        # ECDHE with ALPN, status_request and a CertificateRequest.
        _, log = serve(tmp, "ec", s_client + ["-alpn", "h2,http/1.1", "-status"],
                       ["-alpn", "h2", "-verify", "1"])
        src = ("OpenSSL %s: s_client -tls1_2 -servername example.com -alpn h2,http/1.1 -status "
               "against s_server -tls1_2 -alpn h2 -verify 1 (P-256 key), ECDHE")
        version = subprocess.run(["openssl", "version"], capture_output=True,
                                 text=True).stdout.split()[1]
        for direction, who in ((">>>", "client"), ("<<<", "server")):
            for name, data in messages(log, direction):
                if name in ("client_hello", "server_hello", "certificate",
                            "server_key_exchange", "certificate_request",
                            "server_hello_done", "client_key_exchange",
                            "new_session_ticket"):
                    save("openssl_%s" % name, data, src % version + ", sent by the " + who)
        # DHE and RSA key exchange need an RSA certificate.
        for suite, tag in (("DHE-RSA-AES128-GCM-SHA256", "dhe"), ("AES128-GCM-SHA256", "rsa")):
            _, log = serve(tmp, "rsa", s_client + ["-cipher", suite])
            for direction in (">>>", "<<<"):
                for name, data in messages(log, direction):
                    if name in ("server_key_exchange", "client_key_exchange"):
                        save("openssl_%s_%s" % (tag, name), data,
                             "OpenSSL %s: s_client -tls1_2 -cipher %s, RSA-2048 key"
                             % (version, suite))
        # Other clients' ClientHellos, as the server saw them.
        gnutls = subprocess.run(["gnutls-cli", "--version"], capture_output=True,
                                text=True).stdout.splitlines()[0]
        curl = subprocess.run(["curl", "--version"], capture_output=True,
                              text=True).stdout.split()[:2]
        others = (
            ("gnutls", ["gnutls-cli", "--insecure", "--sni-hostname", "example.com",
                        "--alpn", "http/1.1", "-p", str(PORT), "127.0.0.1"],
             "%s: gnutls-cli --insecure --sni-hostname example.com --alpn http/1.1" % gnutls),
            ("curl", ["curl", "-sk", "--resolve", "example.com:%d:127.0.0.1" % PORT,
                      "https://example.com:%d/" % PORT],
             "%s: curl -k https://example.com/ (default TLS settings)" % " ".join(curl)),
        )
        for tag, cmd, source in others:
            log, _ = serve(tmp, "ec", cmd)
            for name, data in messages(log, "<<<"):
                if name == "client_hello":
                    save("%s_client_hello" % tag, data, source + ", received by s_server -msg")


if __name__ == "__main__":
    main()
