#!/usr/bin/env python3
"""`latch client --starttls imap|pop3` against a real mail server: Dovecot.

Dovecot runs in the foreground with a config of this test's own (a
temporary directory, ports chosen at run time, the test certificate, no
mail users: only the commands allowed before login are used). Through
STARTTLS, latch must complete a verified handshake and carry commands
whose answers only Dovecot gives (its CAPABILITY and CAPA lists, its
LOGOUT and QUIT words). Without --starttls, latch must name the plaintext
greeting and the option that fixes it.
"""
import os
import shutil
import subprocess
import tempfile

import daemon_port
from cli_check import CERTS, LATCH, STEP_TIMEOUT, check, finish

work = tempfile.mkdtemp(prefix="latch-dovecot-")
log_path = os.path.join(work, "dovecot.log")


def dovecot_argv(ports):
    imap, pop3 = ports
    unprivileged = "" if os.getuid() == 0 else (
        f"default_internal_user = {os.environ.get('USER', 'nobody')}\n"
        f"default_login_user = {os.environ.get('USER', 'nobody')}\n")
    conf = os.path.join(work, "dovecot.conf")
    with open(conf, "w") as f:
        f.write(f"""base_dir = {work}/run
state_dir = {work}/state
log_path = /dev/stderr
protocols = imap pop3
listen = 127.0.0.1
ssl = yes
ssl_cert = <{CERTS}/rsa.pem
ssl_key = <{CERTS}/rsa.key
{unprivileged}passdb {{
  driver = static
  args = nopassword=y
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={work}/home
}}
service imap-login {{
  inet_listener imap {{
    port = {imap}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = {pop3}
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
""")
    return ["dovecot", "-F", "-c", conf]


def client(stdin, *args):
    proc = subprocess.run([LATCH, "client", "--ca", os.path.join(CERTS, "ca.pem"), *args],
                          input=stdin, capture_output=True, timeout=STEP_TIMEOUT)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


proc, (imap, pop3) = daemon_port.start(dovecot_argv, 2, log_path)
try:
    code, out, err = client(b"a1 CAPABILITY\r\na2 LOGOUT\r\n", "--starttls", "imap",
                            f"localhost:{imap}")
    check(code == 0 and b"* CAPABILITY IMAP4rev1" in out and b"a1 OK" in out and
          b"a2 OK Logout completed." in out and "verify=ok" in err,
          "--starttls imap: Dovecot's capabilities and logout over a verified TLS session",
          (code, out, err))
    check("with TLSv1.3," in err and
          "extended master secret n/a (TLS 1.3); encrypt-then-MAC n/a (TLS 1.3)" in err,
          "TLS 1.3 with Dovecot; the summary says the two TLS 1.2 extensions do not apply", err)
    check(b"STARTTLS" not in out.split(b"* CAPABILITY", 1)[-1].split(b"\r\n")[0],
          "inside TLS, Dovecot no longer offers STARTTLS: the upgrade really happened", out)

    code, out, err = client(b"CAPA\r\nQUIT\r\n", "--starttls", "pop3", f"localhost:{pop3}")
    check(code == 0 and b"\r\nUIDL\r\n" in out and b"+OK Logging out" in out and
          "verify=ok" in err,
          "--starttls pop3: Dovecot's CAPA list and QUIT over a verified TLS session",
          (code, out, err))

    for port, proto in ((imap, "imap"), (pop3, "pop3")):
        code, out, err = client(b"", f"localhost:{port}")
        check(code != 0 and "not TLS" in err and f"--starttls {proto}" in err,
              f"plain TLS to Dovecot's {proto} port names the greeting and --starttls {proto}",
              (code, err))
finally:
    daemon_port.stop(proc)
    shutil.rmtree(work, ignore_errors=True)

finish("latch client --starttls imap and pop3 against Dovecot")
