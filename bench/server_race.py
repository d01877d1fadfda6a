#!/usr/bin/env python3
"""The race of issue 21: `latch server --forward` against hitch, stunnel
and nginx as TLS terminators in front of one plaintext backend.

    bench/server_race.py --build DIR --certs DIR [--only NAME,...]
                         [--seconds S] [--idle N] [--rate R] [--resumed N]
                         [--requests N] [--tls 1.2|1.3]

Every terminator runs on 127.0.0.1 with the same ECDSA P-256 certificate
(CERTS/ecdsa.pem), one version (--tls, 1.3 by default) with one suite
(TLS_AES_128_GCM_SHA256, or ECDHE-ECDSA-AES128-GCM-SHA256 for 1.2),
and two workers (stunnel has none: one process, a thread per
connection). Behind each is the same backend, an nginx answering every
request with a short page. Ports are picked at run time.

Five figures each:
- new TLS connections per second with a full handshake, each carrying
  one request: two `openssl s_time -new -www /` clients side by side
  (h2load cannot be kept from resuming, and hitch cannot turn tickets
  off);
- new TLS connections per second, each carrying one request, resumed
  as h2load --h1 (nghttp2-client) does when it connects again (the
  client sends Connection: close, so it makes a new connection per
  request, and offers the previous one's ticket); each terminator
  resumes by ticket by default;
- requests per second on 32 kept-alive connections (h2load);
- beside each of these three, the terminator's CPU time (user and
  system, master and workers) per connection or request, in
  microseconds: the figure that other work on the machine disturbs
  least;
- p50 and p99 latency (h2load's per-request log) at a fixed offered load
  of R requests per second (20 clients, kept alive);
- RSS of the terminator's processes (master and workers) with N idle TLS
  connections open, each after a handshake and one echo round trip
  through it (build/tests/latch_load; the backend is then a TCP echo
  server), less the RSS before, per connection.

A benchmark, not a test: it prints one table and the commands it ran.
The machine's other work shows in the figures; compare within a run.
"""
import argparse
import asyncio
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

# The suite of each version, by OpenSSL's names.
SUITES = {"1.2": "ECDHE-ECDSA-AES128-GCM-SHA256", "1.3": "TLS_AES_128_GCM_SHA256"}
NGINX_STREAM = "/usr/lib/nginx/modules/ngx_stream_module.so"
READY_S = 20  # how long a server may take to listen


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc):
    """Connects until the port accepts; False if proc ended first or
    READY_S passed."""
    end = time.monotonic() + READY_S
    while time.monotonic() < end and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def tree(pid):
    """pid and its descendants."""
    out = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            for child in f.read().split():
                out += tree(int(child))
    except OSError:
        pass
    return out


def rss_kib(pid):
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                total += int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
        except (OSError, AttributeError):
            pass
    return total


def cpu_ticks(pid):
    """User and system CPU time of pid and its descendants, in ticks."""
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


def cpu_us_per(pid, before, count):
    """Microseconds of the terminator's CPU per connection or request."""
    if not count:
        return None
    return (cpu_ticks(pid) - before) * 1e6 / os.sysconf("SC_CLK_TCK") / count


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Run:
    def __init__(self, args, work):
        self.args = args
        self.suite = SUITES[args.tls]
        self.proto = "TLSv" + args.tls
        self.work = work
        self.cert = os.path.abspath(os.path.join(args.certs, "ecdsa.pem"))
        self.key = os.path.abspath(os.path.join(args.certs, "ecdsa.key"))
        self.log = open(os.path.join(work, "servers.log"), "w")

    def start(self, argv):
        print("  $", " ".join(argv), file=sys.stderr)
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log,
                                stderr=self.log, start_new_session=True)

    def conf(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def http_backend(self, port):
        d = os.path.join(self.work, "backend")
        os.makedirs(d, exist_ok=True)
        conf = self.conf("backend.conf", f"""
daemon off; master_process on; worker_processes 1; pid {d}/nginx.pid;
error_log stderr error; worker_rlimit_nofile 20000;
events {{ worker_connections 20000; }}
http {{
  access_log off; keepalive_requests 100000000; keepalive_timeout 300s;
  client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
  server {{ listen 127.0.0.1:{port} backlog=4096;
    location / {{ return 200 "hello from the plaintext backend\\n"; }} }}
}}
""")
        return self.start(["nginx", "-p", d, "-e", "stderr", "-c", conf])

    def echo_backend(self, port):
        return self.start([sys.executable, __file__, "--echo-backend", str(port)])

    def terminator(self, name, port, backend):
        """Starts one terminator on port in front of backend."""
        if name == "latch":
            return self.start([os.path.join(self.args.build, "latch"), "server", "--forward",
                               f"127.0.0.1:{backend}", "--workers", "2", "--bind", "127.0.0.1",
                               "--port", str(port), "--cert", self.cert, "--key", self.key,
                               "--tls" + self.args.tls.replace(".", "_")] +
                              (["--ciphers", self.suite] if self.args.tls == "1.2" else []))
        if name == "hitch":
            pem = os.path.join(self.work, "hitch.pem")
            with open(pem, "w") as out:
                for part in (self.key, self.cert):
                    with open(part) as f:
                        out.write(f.read())
            conf = self.conf("hitch.conf", f"""
frontend = "[127.0.0.1]:{port}"
backend = "[127.0.0.1]:{backend}"
pem-file = "{pem}"
{"ciphers" if self.args.tls == "1.2" else "ciphersuites"} = "{self.suite}"
tls-protos = {self.proto}
workers = 2
backlog = 4096
daemon = off
user = "nobody"
""")
            return self.start(["hitch", "--config", conf])
        if name == "stunnel":
            conf = self.conf("stunnel.conf", f"""
foreground = yes
pid =
debug = 3
[tls]
accept = 127.0.0.1:{port}
connect = 127.0.0.1:{backend}
cert = {self.cert}
key = {self.key}
{"ciphers" if self.args.tls == "1.2" else "ciphersuites"} = {self.suite}
sslVersionMin = {self.proto}
sslVersionMax = {self.proto}
socket = l:TCP_NODELAY=1
socket = r:TCP_NODELAY=1
""")
            return self.start(["stunnel4", conf])
        if name == "nginx":
            d = os.path.join(self.work, "nginx")
            os.makedirs(d, exist_ok=True)
            conf = self.conf("nginx.conf", f"""
load_module {NGINX_STREAM};
daemon off; master_process on; worker_processes 2; pid {d}/nginx.pid;
error_log stderr error; worker_rlimit_nofile 20000;
events {{ worker_connections 20000; }}
stream {{
  server {{ listen 127.0.0.1:{port} ssl reuseport backlog=4096;
    proxy_pass 127.0.0.1:{backend};
    ssl_certificate {self.cert}; ssl_certificate_key {self.key};
    ssl_protocols {self.proto}; {
        f"ssl_ciphers {self.suite};" if self.args.tls == "1.2" else
        f"ssl_conf_command Ciphersuites {self.suite};"} }}
}}
""")
            return self.start(["nginx", "-p", d, "-e", "stderr", "-c", conf])
        raise ValueError(name)

    def h2load(self, port, *opts):
        ciphers = "--ciphers" if self.args.tls == "1.2" else "--tls13-ciphers"
        argv = ["h2load", "--h1", f"{ciphers}={self.suite}", *opts, f"https://127.0.0.1:{port}/"]
        print("  $", " ".join(argv), file=sys.stderr)
        out = subprocess.run(argv, capture_output=True, text=True, timeout=300).stdout
        done = re.search(r"requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded", out)
        rate = re.search(r"finished in [\d.]+\w+, ([\d.]+) req/s", out)
        if not done or not rate or done.group(3) == "0":
            print(out, file=sys.stderr)
            return None, out, 0
        failed = int(done.group(1)) - int(done.group(3))
        if failed:
            print(f"  ({failed} of {done.group(1)} requests failed)", file=sys.stderr)
        return float(rate.group(1)), out, int(done.group(3))

    def full_handshakes(self, port):
        """Connections per second from two s_time clients at once."""
        argv = ["openssl", "s_time", "-connect", f"127.0.0.1:{port}", "-new", "-www", "/",
                "-cipher" if self.args.tls == "1.2" else "-ciphersuites", self.suite,
                "-time", str(self.args.seconds)]
        print("  $ 2x", " ".join(argv), file=sys.stderr)
        clients = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                    text=True) for _ in range(2)]
        total = 0.0
        count = 0
        for c in clients:
            out = c.communicate(timeout=self.args.seconds + 60)[0]
            m = re.search(r"(\d+) connections in (\d+) real seconds", out)
            if not m or int(m.group(2)) == 0:
                print(out, file=sys.stderr)
                return None, 0
            total += int(m.group(1)) / int(m.group(2))
            count += int(m.group(1))
        return total, count

    def latency(self, port):
        """p50 and p99 in ms at the offered load, from h2load's log."""
        path = os.path.join(self.work, "latency.log")
        clients = 20
        rps = max(1, self.args.rate // clients)
        rate, _, _ = self.h2load(port, "-c", str(clients), "--rps", str(rps), "-D",
                              str(self.args.seconds), "--warm-up-time=1", f"--log-file={path}")
        if rate is None:
            return None, None
        with open(path) as f:
            us = sorted(int(line.split()[2]) for line in f if line.strip())
        if len(us) < 100:
            return None, None
        q = statistics.quantiles(us, n=100)
        return q[49] / 1000, q[98] / 1000

    def idle_rss(self, name):
        """KiB of RSS per idle TLS connection through the terminator, and
        the RSS with all of them open."""
        bport, port = free_port(), free_port()
        backend = self.echo_backend(bport)
        proc = None
        try:
            if not wait_listening(bport, backend):
                return None, None
            proc = self.terminator(name, port, bport)
            if not wait_listening(port, proc):
                return None, None
            n = self.args.idle
            argv = [os.path.join(self.args.build, "tests", "latch_load"), "--port", str(port),
                    "--pid", str(proc.pid), "--concurrency", "200", "--deadline", "240", "hold",
                    str(n)]
            print("  $", " ".join(argv), file=sys.stderr)
            out = subprocess.run(argv, capture_output=True, text=True, timeout=300).stdout
            m = re.search(r"result: held=(\d+) failed=(\d+) rss_before=(-?\d+) rss_during=(-?\d+)",
                          out)
            if not m or int(m.group(1)) != n:
                print(out, file=sys.stderr)
                return None, None
            before, during = int(m.group(3)), int(m.group(4))
            return (during - before) / n, during
        finally:
            if proc is not None:
                stop(proc)
            stop(backend)

    def race(self, name):
        row = {"name": name}
        bport, port = free_port(), free_port()
        backend = self.http_backend(bport)
        proc = None
        try:
            if not wait_listening(bport, backend):
                raise RuntimeError("the nginx backend did not start (servers.log)")
            proc = self.terminator(name, port, bport)
            if not wait_listening(port, proc):
                raise RuntimeError(f"{name} did not start (servers.log)")
            cpu = cpu_ticks(proc.pid)
            row["full"], count = self.full_handshakes(port)
            row["full_cpu"] = cpu_us_per(proc.pid, cpu, count)
            cpu = cpu_ticks(proc.pid)
            row["new"], out, count = self.h2load(port, "-c", "16", "-n", str(self.args.resumed),
                                                 "-H", "Connection: close")
            row["new_cpu"] = cpu_us_per(proc.pid, cpu, count)
            row["cipher"] = (re.search(r"Cipher: (\S+)", out) or [None, "?"])[1]
            cpu = cpu_ticks(proc.pid)
            row["keep"], _, count = self.h2load(port, "-c", "32", "-n", str(self.args.requests))
            row["keep_cpu"] = cpu_us_per(proc.pid, cpu, count)
            row["p50"], row["p99"] = self.latency(port)
            row["rss_start"] = rss_kib(proc.pid)
        finally:
            if proc is not None:
                stop(proc)
            stop(backend)
        row["per_conn"], row["rss_idle"] = self.idle_rss(name)
        return row


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def table(rows, args):
    head = ("terminator", "new conn/s full", "(CPU us)", "new conn/s resumed", "(CPU us)",
            "keep-alive req/s", "(CPU us)", f"p50 ms @{args.rate}/s",
            f"p99 ms @{args.rate}/s", f"RSS {args.idle} idle", "KiB/idle conn")
    lines = [head]
    for r in rows:
        lines.append((r["name"], fmt(r["full"], ".0f"), fmt(r["full_cpu"], ".0f"),
                      fmt(r["new"], ".0f"), fmt(r["new_cpu"], ".0f"), fmt(r["keep"], ".0f"),
                      fmt(r["keep_cpu"], ".0f"), fmt(r["p50"], ".2f"),
                      fmt(r["p99"], ".2f"),
                      "-" if r["rss_idle"] is None else f"{r['rss_idle'] / 1024:.1f} MiB",
                      fmt(r["per_conn"], ".1f")))
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for k, line in enumerate(lines):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |")
        if k == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


async def echo_serve(port):
    async def echo(reader, writer):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()
    server = await asyncio.start_server(echo, "127.0.0.1", port, backlog=4096)
    async with server:
        await server.serve_forever()


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--echo-backend":
        asyncio.run(echo_serve(int(sys.argv[2])))
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", required=True)
    p.add_argument("--certs", required=True)
    p.add_argument("--only", default="latch,hitch,stunnel,nginx")
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--idle", type=int, default=9000)
    p.add_argument("--rate", type=int, default=2000)
    p.add_argument("--resumed", type=int, default=20000)
    p.add_argument("--requests", type=int, default=200000)
    p.add_argument("--tls", choices=sorted(SUITES), default="1.3")
    args = p.parse_args()
    # Every process here holds thousands of descriptors.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    missing = [t for t in ("h2load", "hitch", "stunnel4", "nginx") if shutil.which(t) is None]
    if missing or not os.path.exists(NGINX_STREAM):
        print("bench-server: missing " + " ".join(missing or [NGINX_STREAM]) +
              " (scripts/install-deps.sh bench)", file=sys.stderr)
        return 1
    work = tempfile.mkdtemp(prefix="latch-race-")
    run = Run(args, work)
    rows = []
    try:
        for name in args.only.split(","):
            print(f"{name}:", file=sys.stderr)
            rows.append(run.race(name))
    except RuntimeError as e:
        run.log.close()
        with open(run.log.name) as f:
            print(f.read()[-2000:], file=sys.stderr)
        print(f"bench-server: {e}", file=sys.stderr)
        shutil.rmtree(work)
        return 1
    run.log.close()
    print(f"\nTLS {args.tls} {SUITES[args.tls]}, ECDSA P-256, 2 workers (stunnel: threads), "
          f"{os.cpu_count()} cores, descriptor limit {hard}; load average {os.getloadavg()[0]:.1f}")
    print("ciphers negotiated: " + ", ".join(f"{r['name']} {r['cipher']}" for r in rows))
    print(table(rows, args))
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
