#!/usr/bin/env python3
"""`latch trace --tls1_3 --format html` pages of real TLS 1.3 loopback
handshakes with openssl s_server, checked like the TLS 1.2 pages of
test_trace_html.py (whose helpers this uses): tidy finds no error,
Chromium runs the page's script with a clean console, every diagram link
goes to a card, the ClientHello's hex and each record's header are the
bytes captured on the way.

Then what TLS 1.3 adds. A full handshake, with --show-secrets: the
messages in RFC 8446's order (the dummy ChangeCipherSpec of each side
said to change nothing), EncryptedExtensions, Certificate,
CertificateVerify and Finished shown decrypted and split field by field,
the ciphertext of every protected record of both sides equal to the
captured bytes, each record's TLSInnerPlaintext with its real type, and
each nonce the write IV XOR the sequence number where the IV is
HKDF-Expand-Label(traffic secret, "iv", "", 12) computed here from the
secret the page's key schedule shows; the key schedule's cards in the
order of RFC 8446 7.1, the early secret equal to RFC 8448's; one round
trip. A HelloRetryRequest (s_server -groups secp384r1), without
--show-secrets: shown as such, two round trips, a sentence on each
encrypted record saying what is hidden and why, and no value. Client
authentication, and a failed handshake: cards up to the failure, then
the sentence and the encrypted alert. A certificate whose names hold
markup, and an ALPN name with markup, show as text. And `latch server --trace --format
html`'s page of an openssl s_client that sends a KeyUpdate asking for
one back: both KeyUpdates and the next traffic secrets.

Without Chromium, tidy or openssl the test is skipped (exit 77).
"""
import hashlib
import hmac
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_trace_html as base  # noqa: E402

check = base.check
CERTS = base.CERTS
FULL = ["ClientHello", "ServerHello", "ChangeCipherSpec", "EncryptedExtensions", "Certificate",
        "CertificateVerify", "Finished", "ChangeCipherSpec", "Finished"]
# RFC 8448 2: HKDF-Extract(0, 32 zero bytes) with SHA-256.
EARLY_SECRET = "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a"
SCHEDULE = ["early_secret", "handshake_secret", "client_handshake_traffic_secret",
            "server_handshake_traffic_secret", "client_finished_key", "server_finished_key",
            "master_secret", "client_application_traffic_secret_0",
            "server_application_traffic_secret_0"]
HIDDEN = "Encrypted under a traffic secret of TLS 1.3"


def expand_label(secret, label, length):
    """RFC 8446 7.1's HKDF-Expand-Label with SHA-256, empty context."""
    full = b"tls13 " + label
    info = length.to_bytes(2, "big") + bytes([len(full)]) + full + b"\x00"
    out, block, i = b"", b"", 1
    while len(out) < length:
        block = hmac.new(secret, block + info + bytes([i]), hashlib.sha256).digest()
        out += block
        i += 1
    return out[:length]


def sections(text):
    """Each card of the page: (class, data-name, its html)."""
    return re.findall(r'<section class="card ([^"]*)" id="[^"]*" data-name="([^"]*)">(.*?)</section>',
                      text, re.S)


def key_values(text):
    """The key schedule's cards in order: (name, value hex or None)."""
    out = []
    for cls, name, body in sections(text):
        if cls == "keys":
            m = re.search(r'value: <span class="secret">([0-9a-f ]+)</span>', body)
            out.append((name, m.group(1).replace(" ", "") if m else None))
    return out


def nonces(text):
    """Each protected record's nonce block, in order: (sender, IV, sequence, nonce)."""
    marks = [(m.start(), "record", m.group(1)) for m in
             re.finditer(r'<div class="record" data-sender="(client|server)">', text)]
    pattern = (r'write IV\s+<span class="secret">([0-9a-f ]+)</span>\nsequence (\d+)\s+'
               r'[0-9a-f ]+\nnonce \(XOR\)\s+<span class="secret">([0-9a-f ]+)</span>')
    marks += [(m.start(), "nonce", m.groups()) for m in re.finditer(pattern, text)]
    out, sender = [], None
    for _, kind, value in sorted(marks, key=lambda m: m[0]):
        if kind == "record":
            sender = value
        else:
            iv, seq, nonce = value
            out.append((sender, bytes.fromhex(iv.replace(" ", "")), int(seq),
                        bytes.fromhex(nonce.replace(" ", ""))))
    return out


def protected_fragments(data):
    """The fragments of the protected (outer type 23) records in data."""
    return [f for h, f in base.split_records(data) if h[0] == 23]


def trace13(name, server_args, trace_args):
    """Runs latch trace through the recording relay; returns the proc, the
    page's path, its text and the relay."""
    server, port = base.start_s_server(*server_args, version="-tls1_3")
    relay = base.Relay(port)
    try:
        proc, path = base.trace(name, relay.port, "--tls1_3", *trace_args)
    finally:
        relay.close()
        server.kill()
        server.wait()
    with open(path) as f:
        return proc, path, f.read(), relay


def common_checks(name, page, relay, secrets):
    wire = base.hello_on_wire(relay.sent[0]).hex() if relay.sent else ""
    shown = re.sub(r"\s+", "", page.client_hello_hex or "")
    check(len(wire) > 0 and shown == wire,
          "%s: the ClientHello's hex is the %d bytes captured" % (name, len(wire) // 2))
    base.check_records(name, page, relay.sent[0] if relay.sent else b"", secrets)


def full(ecdsa, trusted):
    name = "tls13"
    shot = os.path.join(base.BUILD, "trace_html_tls13.png")
    proc, path, text, relay = trace13(name, ecdsa, trusted + ["--show-secrets"])
    check(proc.returncode == 0, "%s: latch trace succeeded" % name)
    page = base.render(path, name, shot)
    got = page.connections[0]["messages"] if page.connections else []
    check(got[:len(FULL)] == FULL and all(m == "NewSessionTicket" for m in got[len(FULL):]),
          "%s: the messages in order: %s" % (name, " ".join(map(str, got))))
    common_checks(name, page, relay, True)

    cards = {n: (c, b) for c, n, b in sections(text) if c.startswith("msg server")}
    for message in ("EncryptedExtensions", "Certificate", "CertificateVerify", "Finished"):
        cls, body = cards.get(message, ("", ""))
        check("encrypted on the wire (shown decrypted)" in body and 'class="hex"' in body and
              'class="fields"' in body,
              "%s: the server's %s is shown decrypted, field by field" % (name, message))
    check("cert_data (DER)" in cards.get("Certificate", ("", ""))[1],
          "%s: the Certificate is split as TLS 1.3's, entry by entry" % name)
    ccs = [b for c, n, b in sections(text) if n == "ChangeCipherSpec"]
    check(len(ccs) == 2 and all("changes nothing" in b for b in ccs),
          "%s: both dummy ChangeCipherSpecs are said to change nothing" % name)

    # Both directions' ciphertext, as captured, in the order sent.
    for who, data in (("client", relay.sent[0]), ("server", relay.received[0])):
        wanted = [f[:256].hex() for f in protected_fragments(data)]
        shown = [r["ct"] for r in page.records if r["sender"] == who and r["ct"] is not None]
        check(len(wanted) >= 2 and shown == wanted,
              "%s: the %d protected records the %s sent show their ciphertext as captured" %
              (name, len(wanted), who))
    inner = re.findall(r"content type \((\d+), (\w+)\)", text)
    check(("22", "handshake") in inner and ("23", "application_data") in inner and
          ("21", "alert") in inner,
          "%s: each record's TLSInnerPlaintext shows its real type" % name)

    keys = key_values(text)
    steps = [k for k, _ in keys if k in SCHEDULE]
    check(steps == SCHEDULE, "%s: the key schedule's HKDF steps in order: %s" %
          (name, " ".join(steps)))
    values = dict(keys)
    check(values.get("early_secret") == EARLY_SECRET,
          "%s: the early secret is RFC 8448's HKDF-Extract(0, 0)" % name)
    check("&quot;tls13 c hs traffic&quot;" in text and "transcript_hash" in text,
          "%s: the Derive-Secret cards name their label and transcript hash" % name)

    # The nonce of each side's first record under each traffic secret.
    firsts = {}
    for sender, iv, seq, nonce in nonces(text):
        padded = seq.to_bytes(12, "big")
        check(bytes(a ^ b for a, b in zip(iv, padded)) == nonce,
              "%s: a %s record's nonce is its IV XOR sequence %d" % (name, sender, seq))
        firsts.setdefault((sender, iv), seq)
    for secret in ("client_handshake_traffic_secret", "server_handshake_traffic_secret",
                   "client_application_traffic_secret_0", "server_application_traffic_secret_0"):
        value = values.get(secret)
        sender = secret.split("_")[0]
        iv = expand_label(bytes.fromhex(value), b"iv", 12) if value else None
        check(iv is not None and firsts.get((sender, iv)) == 0,
              "%s: HKDF-Expand-Label(%s, \"iv\") is the IV of the %s's records from sequence 0"
              % (name, secret, sender))
    check("<th>round trips</th><td>1</td>" in text and "<th>version</th><td>TLSv1.3" in text,
          "%s: the summary says TLS 1.3 in one round trip" % name)
    check("everything below is encrypted" in text,
          "%s: the diagram marks where encryption starts" % name)


def hello_retry(ecdsa, trusted):
    name = "tls13-hrr"
    proc, path, text, relay = trace13(name, ecdsa + ["-groups", "secp384r1"], trusted)
    check(proc.returncode == 0, "%s: latch trace succeeded" % name)
    page = base.render(path, name)
    got = page.connections[0]["messages"] if page.connections else []
    check(got[:2] == ["ClientHello", "HelloRetryRequest"] and got.count("ClientHello") == 2 and
          got.count("ServerHello") == 1,
          "%s: the HelloRetryRequest is shown as such: %s" % (name, " ".join(map(str, got))))
    check("<th>round trips</th><td>2</td>" in text and "<th>HelloRetryRequest</th><td>yes" in text,
          "%s: the summary says two round trips and the HelloRetryRequest" % name)
    check("SHA-256(&quot;HelloRetryRequest&quot;)" in text,
          "%s: the HelloRetryRequest's random is explained" % name)
    common_checks(name, page, relay, False)
    protected = len(protected_fragments(relay.sent[0])) + len(
        protected_fragments(relay.received[0]))
    check(protected >= 4 and text.count(HIDDEN) == protected,
          "%s: each of the %d encrypted records says what is hidden and why" % (name, protected))
    check('<span class="secret">' not in text, "%s: no secret value is shown" % name)


def client_auth(ecdsa, trusted):
    name = "tls13-client-auth"
    cert, key = base.mint("client", "latch trace client")
    proc, path, text, relay = trace13(name, ecdsa + ["-Verify", "1", "-CAfile", cert],
                                      trusted + ["--cert", cert, "--key", key])
    check(proc.returncode == 0, "%s: latch trace succeeded" % name)
    page = base.render(path, name)
    got = page.connections[0]["messages"] if page.connections else []
    want = FULL[:4] + ["CertificateRequest"] + FULL[4:8] + ["Certificate", "CertificateVerify",
                                                          "Finished"]
    check(got[:len(want)] == want, "%s: the messages in order: %s" % (name, " ".join(got)))
    common_checks(name, page, relay, False)


def failed(ecdsa):
    name = "tls13-failed"
    proc, path, text, relay = trace13(name, ecdsa, ["--sni", "localhost"])
    check(proc.returncode == 1, "%s: latch trace failed against an untrusted chain" % name)
    page = base.render(path, name)
    cards = page.connections[0]["cards"] if page.connections else []
    got = page.connections[0]["messages"] if page.connections else []
    check(got == FULL[:5], "%s: the cards up to the failure: %s" % (name, " ".join(got)))
    check(sorted(c.split()[1] for c in cards[-2:]) == ["alert", "error"] and
          all(c.endswith(" fail") for c in cards[-2:]),
          "%s: the failure's sentence and the fatal alert end the page" % name)
    check(re.search(r"Alert [a-z_]+ \(encrypted\)", text) is not None,
          "%s: the alert went out encrypted, under the handshake traffic secret" % name)


def hostile():
    """Peer text on a TLS 1.3 page: the certificate's names, which come
    encrypted in Certificate, show as text, as does the ALPN name with
    markup (offered, and chosen in EncryptedExtensions)."""
    name = "tls13-hostile"
    cert, key = base.mint_hostile()
    proc, path, text, relay = trace13(name, ["-cert", cert, "-key", key, "-alpn",
                                             base.HOSTILE_ALPN],
                                      ["--insecure", "--alpn", base.HOSTILE_ALPN])
    check(proc.returncode == 0, "%s: latch trace succeeded" % name)
    page = base.render(path, name)
    shown = "".join(page.text)
    check(page.tags.get("script") == 1 and "img" not in page.tags and "b" not in page.tags,
          "%s: the peer's markup made no element" % name)
    check(base.HOSTILE_CN_SHOWN in shown and base.HOSTILE_SAN in shown,
          "%s: the certificate's names show as text" % name)
    check(base.HOSTILE_ALPN in shown, "%s: the ALPN name shows as text" % name)


def server_side():
    """`latch server --tls1_3 --echo` traced: it sends its tickets, then an
    openssl s_client asks for a KeyUpdate with update_requested ("K" on its
    input, RFC 8446 4.6.3)."""
    name = "tls13-server"
    served = base.served_page(name, ["--echo", "--tls1_3"], ["-tls1_3"], b"K\n")
    if served is None:
        return
    path, _ = served
    page = base.render(path, name)
    with open(path) as f:
        text = f.read()
    got = page.connections[0]["messages"] if page.connections else []
    # The server's two NewSessionTickets (RFC 8446 4.6.1) follow its
    # handshake, before the KeyUpdates.
    check(got == FULL + ["NewSessionTicket", "NewSessionTicket", "KeyUpdate", "KeyUpdate"],
          "%s: the messages in order, the tickets, the client's KeyUpdate answered: %s" %
          (name, " ".join(got)))
    updates = [b for c, n, b in sections(text) if n == "KeyUpdate"]
    check(len(updates) == 2 and "request_update" in updates[0] and "request_update" in updates[1],
          "%s: both KeyUpdates are split field by field" % name)
    steps = [k for k, _ in key_values(text)]
    check(steps[-2:] == ["client_application_traffic_secret_1",
                         "server_application_traffic_secret_1"],
          "%s: each KeyUpdate moves to the next traffic secret: %s" % (name, " ".join(steps[-2:])))
    check(HIDDEN in text, "%s: the encrypted records say what is hidden and why" % name)


def main():
    if base.tools_missing():
        return 77
    ecdsa = ["-cert", os.path.join(CERTS, "ecdsa.pem"), "-key", os.path.join(CERTS, "ecdsa.key")]
    trusted = ["--ca", os.path.join(CERTS, "ca.pem"), "--sni", "localhost"]
    full(ecdsa, trusted)
    hello_retry(ecdsa, trusted)
    client_auth(ecdsa, trusted)
    failed(ecdsa)
    hostile()
    server_side()
    if base.failures:
        print("%d check(s) failed; pages in %s" % (len(base.failures), base.work))
        return 1
    shutil.rmtree(base.work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
