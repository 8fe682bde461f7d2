"""A real IMAP mailbox on loopback: Debian's dovecot-imapd, run in a folder of its own
with a configuration written here (one user, a Maildir, plain IMAP on a free port).
The tests read the complaints mailbox from it, and the dev stack delivers to it."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

CONFIG = """\
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/users
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={folder}/home/%u
}}
mail_location = maildir:~/Maildir
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next(
        (p for p in ("/usr/sbin/dovecot",) if Path(p).exists()), None
    )


class Dovecot:
    """``start()`` runs dovecot in the foreground of a child process; ``stop()`` ends it."""

    def __init__(self, folder: Path, port: int, user: str, password: str) -> None:
        self.folder = folder
        self.port = port
        self.user = user
        self.password = password
        self.process: subprocess.Popen[bytes] | None = None

    def configure(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        home = self.folder / "home"
        home.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            # dovecot will not run its logins or mail as root: its own users do.
            login, internal, mail = "dovenull", "dovecot", pwd.getpwnam("dovecot")
            self.folder.chmod(0o755)
            os.chown(home, mail.pw_uid, mail.pw_gid)
        else:
            me = pwd.getpwuid(os.geteuid())
            login = internal = me.pw_name
            mail = me
        (self.folder / "users").write_text(f"{self.user}:{{PLAIN}}{self.password}\n")
        config = self.folder / "dovecot.conf"
        config.write_text(
            CONFIG.format(
                folder=self.folder,
                port=self.port,
                login_user=login,
                internal_user=internal,
                mail_user=mail.pw_uid,
                mail_group=mail.pw_gid,
            )
        )
        return config

    def start(self, timeout: float = 10.0) -> None:
        binary = dovecot_binary()
        if binary is None:
            raise RuntimeError("dovecot is not installed (apt-get install dovecot-imapd)")
        config = self.configure()
        self.process = subprocess.Popen(
            [binary, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    if s.recv(64).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not answer on port {self.port}: {self.log()}")

    def log(self) -> str:
        path = self.folder / "dovecot.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
