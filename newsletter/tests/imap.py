"""A real IMAP server for tests: Debian's dovecot, unprivileged, on a loopback port.

Dovecot runs as an ordinary user (``nobody`` when the tests run as root) with a config,
a password file and maildirs of its own in a temporary folder. IMAP_TEST_PORT chooses
the port (default: a free one).
"""

import getpass
import grp
import imaplib
import os
import pwd
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from portal.tests.smtp import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "bounces", "bounce-mailbox-password"

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
service stats {{
  inet_listener http {{
    port = 0
  }}
}}
"""


def dovecot_available():
    return Path(DOVECOT).exists()


@contextmanager
def running_dovecot(root):
    """Start dovecot in ``root``; yields (host, port) once it answers."""
    root = Path(root)
    as_root = os.geteuid() == 0
    user = "nobody" if as_root else getpass.getuser()
    group = grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name
    port = int(os.environ.get("IMAP_TEST_PORT") or free_port())
    (root / "mail").mkdir(parents=True)
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, user=user, group=group, port=port))
    command = [DOVECOT, "-F", "-c", str(config)]
    if as_root:
        os.chmod(root, 0o755)
        for path in [root, *root.rglob("*")]:
            shutil.chown(path, user, group)
        command = ["runuser", "-u", user, "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port, process, root)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port, process, root):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot exited: {process.stderr.read().decode()} {log}")
        try:
            imaplib.IMAP4("127.0.0.1", port, timeout=1).logout()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("dovecot did not start")
