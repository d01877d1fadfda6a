"""What the `latch server --forward` tests share: plaintext backends on
127.0.0.1 (threads of the test, each on a port the kernel picks), a TLS
client that can half-close, and the server's processes."""
import hashlib
import os
import queue
import re
import select
import socket
import ssl
import struct
import threading
import time

from cli_check import CERTS, STEP_TIMEOUT

PP2_SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"


class Backend:
    """A TCP server; handler(conn, backend) runs in a thread per
    connection. Whatever the handlers record goes in self.events."""

    def __init__(self, handler):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.handler = handler
        self.events = []
        self.cond = threading.Condition()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn):
        try:
            self.handler(conn, self)
        except OSError as e:
            self.record(("error", str(e)))
        finally:
            conn.close()

    def record(self, event):
        with self.cond:
            self.events.append(event)
            self.cond.notify_all()

    def wait_for(self, pred):
        """The first recorded event for which pred is true."""
        with self.cond:
            ok = self.cond.wait_for(lambda: any(pred(e) for e in self.events),
                                    timeout=STEP_TIMEOUT)
            return next(e for e in self.events if pred(e)) if ok else None

    def close(self):
        self.sock.close()


def echo_then_digest(conn, backend):
    """Echoes every byte; at the client's end of file sends a line with
    the SHA-256 of all it got, then closes (the backend's own EOF)."""
    digest = hashlib.sha256()
    total = 0
    while True:
        data = conn.recv(65536)
        if not data:
            break
        digest.update(data)
        total += len(data)
        conn.sendall(data)
    backend.record(("eof", total, digest.hexdigest()))
    conn.sendall(b"backend saw EOF after %d bytes: %s\n" % (total, digest.hexdigest().encode()))


def answer_line(conn, backend):
    """Reads one line, answers it, and closes."""
    line = b""
    while not line.endswith(b"\n"):
        data = conn.recv(4096)
        if not data:
            return
        line += data
    conn.sendall(b"backend got: " + line)


def http_page(conn, backend):
    """Reads an HTTP request head and answers with a page naming its
    request line, then closes."""
    head = b""
    while b"\r\n\r\n" not in head:
        data = conn.recv(4096)
        if not data:
            return
        head += data
    backend.record(("request", head))
    body = b"behind latch: " + head.split(b"\r\n")[0] + b"\n"
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" %
                 (len(body), body))


def read_proxy_v2(conn):
    """The PROXY v2 header (haproxy proxy-protocol.txt 2.2), parsed: a
    dict of the family, addresses, ports and TLVs; ValueError when it is
    malformed."""
    def exact(n):
        out = b""
        while len(out) < n:
            data = conn.recv(n - len(out))
            if not data:
                raise ValueError("end of file inside the PROXY header")
            out += data
        return out

    fixed = exact(16)
    if fixed[:12] != PP2_SIGNATURE:
        raise ValueError(f"no PROXY v2 signature: {fixed!r}")
    ver_cmd, fam, length = fixed[12], fixed[13], struct.unpack("!H", fixed[14:16])[0]
    if ver_cmd != 0x21:
        raise ValueError(f"version/command byte {ver_cmd:#x}, not 0x21")
    body = exact(length)
    if fam == 0x11:
        src, dst = socket.inet_ntop(socket.AF_INET, body[0:4]), socket.inet_ntop(socket.AF_INET, body[4:8])
        sport, dport = struct.unpack("!HH", body[8:12])
        rest = body[12:]
    elif fam == 0x21:
        src, dst = socket.inet_ntop(socket.AF_INET6, body[0:16]), socket.inet_ntop(socket.AF_INET6, body[16:32])
        sport, dport = struct.unpack("!HH", body[32:36])
        rest = body[36:]
    else:
        raise ValueError(f"family byte {fam:#x}")
    tlvs = {}
    while rest:
        if len(rest) < 3:
            raise ValueError("a TLV cut short")
        kind, n = rest[0], struct.unpack("!H", rest[1:3])[0]
        if len(rest) < 3 + n:
            raise ValueError("a TLV longer than the header")
        tlvs[kind] = rest[3:3 + n]
        rest = rest[3 + n:]
    return {"family": fam, "src": src, "dst": dst, "sport": sport, "dport": dport, "tlvs": tlvs}


def client_context(alpn=None):
    ctx = ssl.create_default_context(cafile=os.path.join(CERTS, "ca.pem"))
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    if alpn:
        ctx.set_alpn_protocols(alpn)
    return ctx


class HalfCloseClient:
    """A TLS client over a memory BIO, so that it can send close_notify
    and go on reading (Python's SSLSocket.unwrap() waits for the peer's
    close_notify and refuses the data before it)."""

    def __init__(self, port, server_hostname="localhost"):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=STEP_TIMEOUT)
        self.inc, self.out = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = client_context().wrap_bio(self.inc, self.out, server_hostname=server_hostname)
        self._until(self.obj.do_handshake)

    def _flush(self):
        data = self.out.read()
        if data:
            self.sock.sendall(data)

    def _until(self, op):
        while True:
            try:
                result = op()
                self._flush()
                return result
            except ssl.SSLWantReadError:
                self._flush()
                data = self.sock.recv(65536)
                if not data:
                    self.inc.write_eof()
                else:
                    self.inc.write(data)

    def exchange(self, payload):
        """Sends payload while reading what comes back, in one thread
        (neither side ever waits on the other with a full buffer); returns
        the bytes read once as many came back as were sent."""
        self.sock.setblocking(False)
        got, sent, wire = bytearray(), 0, b""
        while len(got) < len(payload):
            if sent < len(payload) and len(wire) < 65536:
                self.obj.write(payload[sent:sent + 16384])
                sent = min(len(payload), sent + 16384)
                wire += self.out.read()
            readable, writable, _ = select.select([self.sock], [self.sock] if wire else [], [],
                                                  STEP_TIMEOUT)
            if not readable and not writable:
                raise TimeoutError(f"stuck after {sent} bytes sent, {len(got)} read")
            if writable:
                wire = wire[self.sock.send(wire):]
            if readable:
                data = self.sock.recv(65536)
                if not data:
                    raise ConnectionError(f"closed after {len(got)} bytes")
                self.inc.write(data)
                while True:
                    try:
                        got += self.obj.read(65536)
                    except ssl.SSLWantReadError:
                        break
        self.sock.setblocking(True)
        self.sock.settimeout(STEP_TIMEOUT)
        return bytes(got)

    def send(self, data):
        self.obj.write(data)
        self._flush()

    def recv(self):
        """Some bytes, or b"" at the server's close_notify."""
        try:
            return self._until(lambda: self.obj.read(65536))
        except ssl.SSLZeroReturnError:
            return b""

    def close_notify(self):
        try:
            self.obj.unwrap()
        except ssl.SSLWantReadError:
            pass
        self._flush()

    def peer_cert(self):
        return self.obj.getpeercert(binary_form=True)

    def close(self):
        self.sock.close()


def children(pid):
    """The pids of pid's child processes."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def vm_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def wait_line(lines, pattern):
    """The next stderr line matching pattern (earlier ones are dropped);
    None if none comes in time."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            return None
        if re.search(pattern, line):
            return line
    return None


def stop(server):
    server.terminate()
    return server.wait(timeout=STEP_TIMEOUT)


def workers_of(server, count, but=()):
    """count workers of server, none of them in but, once there are (the
    master starts them after saying it listens on a restart or reload);
    [] if they do not come in time."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while time.monotonic() < deadline:
        kids = [k for k in children(server.pid) if k not in but]
        if len(kids) == count:
            return kids
        time.sleep(0.05)
    return []


def worker_of(server):
    """The one worker of a --workers 1 server."""
    kids = workers_of(server, 1)
    return kids[0] if kids else None
