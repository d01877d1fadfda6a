#!/usr/bin/env python3
"""`latch trace --format html` pages of real loopback handshakes, rendered
in headless Chromium.

openssl s_server listens on 127.0.0.1 (a port it picks, read from its
output); latch connects through a recording relay in this script, so the
ClientHello's bytes as they crossed the wire are known. For an ECDHE, an
RSA key exchange, a resumed and a failed handshake, the page must: pass
`tidy -errors` with no error; render in Chromium with no script error and
the page's own script run (it logs "latch-page-ready"); show the messages
in the chapter's order (ten for ECDHE, nine for RSA key exchange) as
cards in the rendered DOM; show the ClientHello's hex equal to the
captured bytes; and stay under 300 KB. A certificate whose subject and
SAN hold markup, quotes and a control character, and an ALPN name with
markup, must show as text, never as elements; so must the ALPN name an
openssl s_client offers to `latch server --trace --format html`, whose
page of the connection is checked the same way. The ECDHE page's
screenshot is saved as trace_html_ecdhe.png in the build directory.

Without Chromium or tidy the test is skipped (exit 77) with the reason.
"""
import html.parser
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

BUILD = os.environ["LATCH_BUILD"]
LATCH = os.path.join(BUILD, "latch")
CERTS = os.path.join(os.environ["LATCH_TESTDATA"], "interop")
STEP_TIMEOUT = 60
PAGE_MAX = 300 * 1024

CHAPTER = ["ClientHello", "ServerHello", "Certificate", "ServerKeyExchange", "ServerHelloDone",
           "ClientKeyExchange", "ChangeCipherSpec", "Finished", "ChangeCipherSpec", "Finished"]
RSA_KEX = [m for m in CHAPTER if m != "ServerKeyExchange"]
HOSTILE_CN = "<script>alert(1)</script>\"q'\x01"
# As the library writes a name (RFC 4514 2.4: special characters after a
# backslash; a control character as \xNN).
HOSTILE_CN_SHOWN = "CN=\\<script\\>alert(1)\\</script\\>\\\"q'\\x01"
HOSTILE_SAN = "<img src=x onerror=alert(2)>.example"
HOSTILE_ALPN = "<b>x</b>"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]

failures = []
work = tempfile.mkdtemp(prefix="latch-trace-html.")


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
    return ok


def start_s_server(*args, version="-tls1_2"):
    """openssl s_server on a port of its choosing; returns (process, port)."""
    proc = subprocess.Popen(["openssl", "s_server", "-accept", "127.0.0.1:0", version, "-www",
                             *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    # Killed if it says nothing in time, so readline() returns "".
    watchdog = threading.Timer(STEP_TIMEOUT, proc.kill)
    watchdog.start()
    try:
        for line in proc.stdout:
            m = re.match(r"^ACCEPT .*:(\d+)$", line.strip())
            if m:
                return proc, int(m.group(1))
    finally:
        watchdog.cancel()
    proc.kill()
    raise RuntimeError("openssl s_server did not start")


class Relay:
    """Forwards each accepted connection to upstream, keeping what every
    client sent, and what the server answered, connection by connection."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(STEP_TIMEOUT)
        self.port = self.listener.getsockname()[1]
        self.sent = []
        self.received = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        try:
            while True:
                client, _ = self.listener.accept()
                self.pump(client)
        except OSError:
            return

    def pump(self, client):
        server = socket.create_connection(("127.0.0.1", self.upstream), timeout=STEP_TIMEOUT)
        record = bytearray()
        answer = bytearray()
        self.sent.append(record)
        self.received.append(answer)
        peers = {client: server, server: client}
        while peers:
            ready, _, _ = select.select(list(peers), [], [], STEP_TIMEOUT)
            if not ready:
                break
            for s in ready:
                data = s.recv(65536)
                if s is client:
                    record += data
                else:
                    answer += data
                if not data:
                    try:
                        peers[s].shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    del peers[s]
                else:
                    peers[s].sendall(data)
        client.close()
        server.close()

    def close(self):
        self.listener.close()


class Page(html.parser.HTMLParser):
    """What the rendered DOM holds: per connection, the message cards in
    order; the first ClientHello's hex; the elements and text seen."""

    def __init__(self):
        super().__init__()
        self.connections = []
        self.tags = {}
        self.text = []
        self.client_hello_hex = None
        self.in_hex = 0
        self.capture = False
        self.ids = set()
        self.links = []
        # Each record block: who sent it, its header and (with secrets)
        # its ciphertext, as hex; hex_mode says which the text goes to.
        self.records = []
        self.hex_mode = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        cls = a.get("class") or ""
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "h2":
            self.connections.append({"messages": [], "cards": []})
        if tag == "section" and self.connections:
            self.connections[-1]["cards"].append(cls)
            if cls.startswith("card msg"):
                self.connections[-1]["messages"].append(a.get("data-name"))
                self.capture = (a.get("data-name") == "ClientHello" and
                                self.client_hello_hex is None)
                if self.capture:
                    self.client_hello_hex = ""
            else:
                self.capture = False
        if tag == "div" and "record" in cls.split():
            self.records.append({"sender": a.get("data-sender"), "header": "", "ct": None})
        if tag == "div" and self.records and ("rec" in cls.split() or "ct" in cls.split()):
            self.hex_mode = "header" if "rec" in cls.split() else "ct"
            if self.hex_mode == "ct":
                self.records[-1]["ct"] = ""
        if tag == "div" and "hex" in cls.split():
            self.in_hex = 1
        elif self.in_hex and tag in ("div",):
            self.in_hex += 1

    def handle_endtag(self, tag):
        if tag == "div":
            self.hex_mode = None
        if tag == "div" and self.in_hex:
            self.in_hex -= 1
        if tag == "section":
            self.capture = False

    def handle_data(self, data):
        self.text.append(data)
        if self.hex_mode is not None:
            self.records[-1][self.hex_mode] += re.sub(r"[^0-9a-f]", "", data)
        if self.in_hex and self.capture:
            self.client_hello_hex += data


def chromium(*args):
    profile = tempfile.mkdtemp(dir=work)
    return subprocess.run(["chromium", *CHROMIUM_FLAGS, "--user-data-dir=" + profile, *args],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=STEP_TIMEOUT * 2)


def render(path, name, screenshot=None):
    """Checks tidy and Chromium on the page; returns the parsed DOM."""
    size = os.path.getsize(path)
    check(size < PAGE_MAX, "%s: the page is %d bytes (under %d)" % (name, size, PAGE_MAX))
    tidy = subprocess.run(["tidy", "-errors", "-q", path], capture_output=True, text=True,
                          timeout=STEP_TIMEOUT)
    errors = [l for l in tidy.stderr.splitlines() if " Error: " in l]
    check(tidy.returncode < 2 and not errors,
          "%s: tidy finds no error%s" % (name, "" if not errors else ": " + errors[0]))
    url = "file://" + path
    dom = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", url)
    console = [l for l in dom.stderr.splitlines() if "CONSOLE" in l]
    check(any("latch-page-ready" in l for l in console),
          "%s: Chromium ran the page's script" % name)
    bad = [l for l in console if "latch-page-ready" not in l]
    check(not bad, "%s: no script error in the console%s" % (name, "" if not bad else ": " + bad[0]))
    if screenshot is not None:
        shot = chromium("--window-size=1100,1600", "--screenshot=" + screenshot, url)
        check(shot.returncode == 0 and os.path.getsize(screenshot) > 0,
              "%s: screenshot saved as %s" % (name, screenshot))
    page = Page()
    page.feed(dom.stdout)
    check(len(page.connections) > 0, "%s: Chromium rendered the page" % name)
    arrows = sum(len(c["messages"]) for c in page.connections)
    check(len(page.links) >= arrows and all(l in page.ids for l in page.links),
          "%s: each of the diagram's %d links goes to a card" % (name, len(page.links)))
    return page


def trace(name, port, *args):
    path = os.path.join(work, name + ".html")
    with open(path, "w") as out:
        proc = subprocess.run([LATCH, "trace", "127.0.0.1:%d" % port, "--format", "html", *args],
                              stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE,
                              timeout=STEP_TIMEOUT)
    return proc, path


def hello_on_wire(sent):
    """The first handshake message as the client sent it: the first
    record's fragment (RFC 5246 6.2.1: type, version, length, fragment)."""
    length = int.from_bytes(sent[3:5], "big")
    return bytes(sent[5:5 + length])


def split_records(sent):
    """The records in the bytes the client sent: (header, fragment)."""
    records = []
    while len(sent) >= 5:
        end = 5 + int.from_bytes(sent[3:5], "big")
        records.append((bytes(sent[:5]), bytes(sent[5:end])))
        sent = sent[end:]
    return records


def check_records(name, page, sent, secrets):
    """Every record the client sent has its header on the page, in order,
    and with --show-secrets each protected one its ciphertext (its first
    256 bytes) as captured."""
    records = split_records(sent)
    shown = [r for r in page.records if r["sender"] == "client"]
    check(len(records) > 4 and [r["header"] for r in shown] == [h.hex() for h, _ in records],
          "%s: the page shows the header of each of the %d records the client sent" %
          (name, len(records)))
    if secrets:
        pairs = [(r["ct"], f[:256].hex()) for r, (_, f) in zip(shown, records)
                 if r["ct"] is not None]
        check(len(pairs) >= 2 and all(a == b for a, b in pairs),
              "%s: each of the %d protected records shows its ciphertext as captured" %
              (name, len(pairs)))


def full_handshake(name, expected, server_args, trace_args, screenshot=None):
    server, port = start_s_server(*server_args)
    relay = Relay(port)
    try:
        proc, path = trace(name, relay.port, *trace_args)
        check(proc.returncode == 0, "%s: latch trace succeeded%s" % (
            name, "" if proc.returncode == 0 else ": " + proc.stderr.decode(errors="replace")))
        page = render(path, name, screenshot)
        got = page.connections[0]["messages"] if page.connections else []
        check(got == expected, "%s: the messages in order: %s" % (name, " ".join(map(str, got))))
        wire = hello_on_wire(relay.sent[0]).hex() if relay.sent else ""
        shown = re.sub(r"\s+", "", page.client_hello_hex or "")
        check(len(wire) > 0 and shown == wire,
              "%s: the ClientHello's hex is the %d bytes captured" % (name, len(wire) // 2))
        check_records(name, page, relay.sent[0] if relay.sent else b"",
                      "--show-secrets" in trace_args)
        return page
    finally:
        relay.close()
        server.kill()
        server.wait()


def served_page(name, server_args, client_args, client_input):
    """`latch server --trace --format html`: the page of the connection an
    openssl s_client makes, written to stderr when that connection ends;
    returns the page's path and what s_client printed, or None."""
    server = subprocess.Popen([LATCH, "server", "--bind", "127.0.0.1", "--port", "0", "--cert",
                               os.path.join(CERTS, "ecdsa.pem"), "--key",
                               os.path.join(CERTS, "ecdsa.key"), *server_args, "--trace",
                               "--format", "html"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(STEP_TIMEOUT, server.kill)
    watchdog.start()
    port = None
    for line in server.stderr:
        m = re.match(r"^listening on 127\.0\.0\.1:(\d+)$", line.strip())
        if m:
            port = int(m.group(1))
            break
    rest = []
    drain = threading.Thread(target=lambda: rest.append(server.stderr.read()), daemon=True)
    drain.start()
    try:
        if not check(port is not None, "%s: latch server started" % name):
            return None
        client = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port,
                                 "-servername", "localhost", *client_args],
                                input=client_input, capture_output=True, timeout=STEP_TIMEOUT)
    finally:
        server.terminate()
        server.wait()
        watchdog.cancel()
        drain.join()
    text = "".join(rest)
    start = text.find("<!DOCTYPE html>")
    end = text.find("</html>", start)
    if not check(start >= 0 and end > start, "%s: the connection's page was written" % name):
        return None
    path = os.path.join(work, name + ".html")
    with open(path, "w") as f:
        f.write(text[start:end + len("</html>")] + "\n")
    return path, client.stdout


def server_page():
    """The server's page of an openssl s_client offering HOSTILE_ALPN."""
    served = served_page("server", ["--http", "--alpn", HOSTILE_ALPN],
                         ["-tls1_2", "-alpn", HOSTILE_ALPN, "-no_ticket", "-ign_eof", "-quiet"],
                         b"GET / HTTP/1.0\r\n\r\n")
    if served is None:
        return
    path, answer = served
    check(b"HTTP/1.1 200" in answer or b"HTTP/1.0 200" in answer,
          "server: openssl s_client got an answer")
    page = render(path, "server")
    got = page.connections[0]["messages"] if page.connections else []
    check(got == CHAPTER, "server: the messages in order: " + " ".join(got))
    check("b" not in page.tags and HOSTILE_ALPN in "".join(page.text),
          "server: the client's ALPN name shows as text")


def mint(name, cn, *extensions):
    """A self-signed P-256 certificate for CN=cn with these -addext
    extensions, minted by openssl; returns (cert path, key path)."""
    key = os.path.join(work, name + ".key")
    cert = os.path.join(work, name + ".pem")
    addext = [a for e in extensions for a in ("-addext", e)]
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days",
                    "1", "-subj", "/CN=" + cn.replace("/", "\\/"), *addext], check=True,
                   capture_output=True, timeout=STEP_TIMEOUT)
    return cert, key


def mint_hostile():
    """The certificate whose subject and SAN hold markup, quotes and a
    control character."""
    return mint("hostile", HOSTILE_CN, "subjectAltName=DNS:" + HOSTILE_SAN,
                "basicConstraints=critical,CA:TRUE")


def tools_missing():
    """Whether a tool the test needs is missing (said, for the skip)."""
    for tool in ("chromium", "tidy", "openssl"):
        if shutil.which(tool) is None:
            print("SKIP: %s is not installed (scripts/install-deps.sh installs it)" % tool)
            return True
    return False


def main():
    if tools_missing():
        return 77
    rsa = ["-cert", os.path.join(CERTS, "rsa.pem"), "-key", os.path.join(CERTS, "rsa.key")]
    ecdsa = ["-cert", os.path.join(CERTS, "ecdsa.pem"), "-key", os.path.join(CERTS, "ecdsa.key")]
    trusted = ["--ca", os.path.join(CERTS, "ca.pem"), "--sni", "localhost"]

    shot = os.path.join(BUILD, "trace_html_ecdhe.png")
    page = full_handshake("ecdhe", CHAPTER, ecdsa, trusted + ["--show-secrets"], shot)
    text = "".join(page.text)
    check("HTTP/1.0 200 ok" in text, "ecdhe: with --show-secrets the response shows decrypted")
    check("The value is hidden" not in text, "ecdhe: with --show-secrets no value is hidden")

    page = full_handshake("rsa-kex", RSA_KEX, rsa + ["-cipher", "AES128-GCM-SHA256"],
                          trusted + ["--ciphers", "TLS_RSA_WITH_AES_128_GCM_SHA256"])
    check("The value is hidden" in "".join(page.text),
          "rsa-kex: without --show-secrets the page says the values are hidden")

    server, port = start_s_server(*ecdsa)
    try:
        proc, path = trace("resumed", port, *trusted, "--reconnect")
        check(proc.returncode == 0, "resumed: latch trace --reconnect succeeded")
        page = render(path, "resumed")
        second = page.connections[1]["messages"] if len(page.connections) > 1 else []
        abbreviated = [m for m in second if m != "NewSessionTicket"]
        check(abbreviated == ["ClientHello", "ServerHello", "ChangeCipherSpec", "Finished",
                              "ChangeCipherSpec", "Finished"],
              "resumed: the second connection is abbreviated: " + " ".join(map(str, second)))
        check("yes: an abbreviated handshake" in "".join(page.text),
              "resumed: the summary says the session was resumed")

        proc, path = trace("failed", port, "--sni", "localhost")
        check(proc.returncode == 1, "failed: latch trace failed against an untrusted chain")
        page = render(path, "failed")
        cards = page.connections[0]["cards"] if page.connections else []
        got = page.connections[0]["messages"] if page.connections else []
        check(got[:3] == CHAPTER[:3], "failed: the cards up to the failure: " + " ".join(got))
        check(sorted(c.split()[1] for c in cards[-2:]) == ["alert", "error"] and
              all(c.endswith(" fail") for c in cards[-2:]),
              "failed: the failure's sentence and the fatal alert end the page")
    finally:
        server.kill()
        server.wait()

    cert, key = mint_hostile()
    server, port = start_s_server("-cert", cert, "-key", key, "-alpn", HOSTILE_ALPN)
    try:
        proc, path = trace("hostile", port, "--insecure", "--alpn", HOSTILE_ALPN)
        check(proc.returncode == 0, "hostile: latch trace succeeded")
        page = render(path, "hostile")
        text = "".join(page.text)
        check(page.tags.get("script") == 1 and "img" not in page.tags and "b" not in page.tags,
              "hostile: the peer's markup made no element")
        check(HOSTILE_CN_SHOWN in text,
              "hostile: the subject shows as text, its control character escaped")
        check(HOSTILE_SAN in text, "hostile: the SAN shows as text")
        check(HOSTILE_ALPN in text, "hostile: the ALPN name shows as text")

        proc, path = trace("hostile-failed", port, "--ca", cert, "--sni", "localhost")
        check(proc.returncode == 1, "hostile-failed: the name does not match")
        page = render(path, "hostile-failed")
        sentence = "certificate for %s (%s) does not cover localhost" % (HOSTILE_SAN,
                                                                      HOSTILE_CN_SHOWN)
        check(page.tags.get("script") == 1 and "img" not in page.tags,
              "hostile-failed: the peer's markup made no element")
        check(sentence in "".join(page.text),
              "hostile-failed: the failure's sentence shows the names as text")
    finally:
        server.kill()
        server.wait()

    server_page()

    if failures:
        print("%d check(s) failed; pages in %s" % (len(failures), work))
        return 1
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
