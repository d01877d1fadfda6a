#!/usr/bin/env python3
"""`latch server --trace --format json` with two handshakes interleaved:
each event lands in its own connection's trace.

Two Python ssl clients (memory BIOs over loopback sockets, so the test
decides who speaks when) run their handshakes in turns: A's ClientHello
and the server's answer, then B's, then A's second flight, then B's. The
server's trace must give each connection number one whole full handshake
in order, whose ClientHello random is the one that client sent and whose
ServerHello random is the one that client received; and B's first event
must come before A's handshake is done, so the two really were traced at
once. One process (--workers 0), so one event loop holds both
connections.
"""
import json
import re
import signal
import socket
import ssl
import subprocess
import threading

from cli_check import CERTS, LATCH, STEP_TIMEOUT, check, finish

FULL = ["ClientHello", "ServerHello", "Certificate", "ServerKeyExchange", "ServerHelloDone",
        "ClientKeyExchange", "ChangeCipherSpec", "Finished", "NewSessionTicket",
        "ChangeCipherSpec", "Finished"]


class Client:
    """One TLS 1.2 client whose bytes move only when the test says."""

    def __init__(self, port, name):
        ctx = ssl.create_default_context(cafile=f"{CERTS}/ca.pem")
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        ctx.check_hostname = False
        self.name = name
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=STEP_TIMEOUT)
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = ctx.wrap_bio(self.incoming, self.outgoing, server_hostname=name)
        self.received = b""

    def step(self):
        """Runs the handshake as far as it goes; True once it is done."""
        try:
            self.tls.do_handshake()
            return True
        except ssl.SSLWantReadError:
            return False

    def send(self):
        """Sends what the client has queued; returns those bytes."""
        data = self.outgoing.read()
        self.sock.sendall(data)
        return data

    def read_until(self, condition):
        """Feeds the server's bytes to the client until condition()."""
        while not condition():
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError(f"{self.name}: the server closed")
            self.received += data
            self.incoming.write(data)

    def close(self):
        self.sock.close()


def hello_random(flight):
    """The random of the first handshake message in a flight of plaintext
    records: after the record header (5), the message header (4) and the
    version (2)."""
    return flight[11:43].hex()


server = subprocess.Popen([LATCH, "server", "--cert", f"{CERTS}/rsa.pem", "--key",
                           f"{CERTS}/rsa.key", "--port", "0", "--bind", "127.0.0.1", "--trace",
                           "--format", "json", "--workers", "0"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
lines = []
try:
    while True:
        line = server.stderr.readline()
        m = re.search(r"listening on .*:(\d+)$", line)
        if m or not line:
            break
    port = int(m.group(1))
    # The rest is read as it comes, so the pipe never fills.
    reader = threading.Thread(target=lambda: lines.extend(server.stderr), daemon=True)
    reader.start()

    a, b = Client(port, "alpha.localhost"), Client(port, "beta.localhost")
    sent_random, got_random = {}, {}
    for c in (a, b):
        c.step()
        sent_random[c.name] = hello_random(c.send())
        # The server's flight is whole when the client has its answer ready.
        c.read_until(lambda c=c: c.step() or c.outgoing.pending > 0)
        got_random[c.name] = hello_random(c.received)
    for c in (a, b):
        c.send()
        c.read_until(c.step)
    a.close()
    b.close()
finally:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=STEP_TIMEOUT)
reader.join(timeout=STEP_TIMEOUT)

events = []
for line in lines:
    if line.startswith("{"):
        events.append(json.loads(line))
by_conn = {}
for i, ev in enumerate(events):
    by_conn.setdefault(ev["connection"], []).append((i, ev))
check(sorted(by_conn) == [1, 2], "two connections traced, numbered 1 and 2", sorted(by_conn))

done_at = {}
for number, evs in sorted(by_conn.items()):
    messages = [ev["name"] for _, ev in evs if ev["kind"] == "message"]
    check(messages == FULL, f"#{number}: one full handshake, in order", messages)
    fields = {}
    for _, ev in evs:
        if ev["kind"] == "message" and ev["name"] in ("ClientHello", "ServerHello"):
            fields[ev["name"]] = {f["name"]: f["value"] for f in ev["fields"]}
    name = fields.get("ClientHello", {}).get("server_name")
    check(name in sent_random, f"#{number}: its ClientHello names one client ({name})", fields)
    if name not in sent_random:
        continue
    check(fields["ClientHello"].get("random") == sent_random[name],
          f"#{number}: the ClientHello random is the one {name} sent",
          (fields["ClientHello"].get("random"), sent_random[name]))
    check(fields.get("ServerHello", {}).get("random") == got_random[name],
          f"#{number}: the ServerHello random is the one {name} received",
          (fields.get("ServerHello", {}).get("random"), got_random[name]))
    states = [i for i, ev in evs if ev["kind"] == "state" and ev["name"] == "done"]
    check(len(states) == 1, f"#{number}: the handshake is done once", len(states))
    done_at[name] = (evs[0][0], states[0] if states else None)

if len(done_at) == 2 and None not in (done_at[a.name][1], done_at[b.name][1]):
    check(done_at[b.name][0] < done_at[a.name][1] < done_at[b.name][1],
          "the two handshakes were traced interleaved (B began before A was done)", done_at)

finish("a server's trace of interleaved connections keeps each one's events apart")
