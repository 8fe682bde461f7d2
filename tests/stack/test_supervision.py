"""``python -m devstack up`` keeps the stack up: a process killed with SIGKILL is reported
on the console and started again, the complaint carries on, and SIGTERM stops everything
within a bound even with a delivery stuck in the worker.

The stack runs as people run it, in a process of its own, in a temporary directory on free
ports; the complaint is driven with the starter, as a handler would.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from devstack import free_port
from devstack.postgres import EmbeddedPostgres

REPO_ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 180.0  # a loaded 2-core CI machine
RECOVER_SECONDS = 60.0
# The stack's own bound: the worker and the web app get 10 s to finish, then are killed; the
# mail sink, the Temporal server and PostgreSQL each stop within seconds.
STOP_SECONDS = 40.0


class RunningStack:
    """``python -m devstack up --headless`` in `data_dir`, its console in a file."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.console_path = data_dir.parent / "console.txt"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("REDRESS_") and key != "DATABASE_URL"
        }
        self.env.update(
            REDRESS_ENVIRONMENT="dev",
            REDRESS_DATA_DIR=str(data_dir),
            REDRESS_TEMPORAL_ADDRESS=f"127.0.0.1:{free_port()}",
            REDRESS_TEMPORAL_UI_URL=f"http://localhost:{free_port()}",
            REDRESS_SMTP_PORT=str(free_port()),
            REDRESS_IMAP_PORT=str(free_port()),
            REDRESS_WEB_PORT=str(free_port()),
            # Every delivery waits 10 minutes after the mail server took the letter: an
            # activity stuck in the worker when the stack is told to stop.
            REDRESS_FAULT_PAUSE_AFTER_SEND_SECONDS="600",
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.console_path.open("wb") as console:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "devstack", "up", "--headless"],
                cwd=REPO_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_for("The redress stack is running", START_SECONDS)

    @property
    def console(self) -> str:
        return self.console_path.read_text(errors="replace")

    def wait_for(self, pattern: str, seconds: float) -> re.Match[str]:
        """The first match of `pattern` on the console, waiting up to `seconds` for it."""
        deadline = time.monotonic() + seconds
        while (found := re.search(pattern, self.console)) is None:
            assert self.process is not None and self.process.poll() is None, self.console
            assert time.monotonic() < deadline, f"no {pattern!r} on the console:\n{self.console}"
            time.sleep(0.2)
        return found

    def child(self, marker: str) -> psutil.Process:
        """The stack's child process whose command line contains `marker`."""
        assert self.process is not None
        for process in psutil.Process(self.process.pid).children():
            if any(marker in part for part in process.cmdline()):
                return process
        raise AssertionError(f"no child running {marker}")

    def postmaster(self) -> psutil.Process:
        pid = (self.data_dir / "pgdata" / "postmaster.pid").read_text().split()[0]
        return psutil.Process(int(pid))

    def processes(self) -> list[psutil.Process]:
        """The supervisor, everything below it, and PostgreSQL (a daemon, not a child)."""
        assert self.process is not None
        supervisor = psutil.Process(self.process.pid)
        return [supervisor, *supervisor.children(recursive=True), self.postmaster()]

    def starter(self, *argv: str) -> str:
        """Run ``redress-starter`` against this stack; its output, once it succeeded."""
        done = subprocess.run(
            [sys.executable, "-m", "starter", *argv],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{argv}: {done.stdout}{done.stderr}"
        return done.stdout

    def kill_everything(self) -> None:
        """Leave nothing behind when a test fails half-way."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            for process in psutil.Process(self.process.pid).children(recursive=True):
                process.kill()
            self.process.wait(10)
        EmbeddedPostgres(self.data_dir / "pgdata").kill()


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[RunningStack]:
    running = RunningStack(tmp_path / "data")
    try:
        running.start()
        yield running
    finally:
        running.kill_everything()


def kill_and_see_it_back(
    stack: RunningStack, name: str, find: Callable[[], psutil.Process]
) -> re.Match[str]:
    """SIGKILL a component; the console reports the death and the restart."""
    victim = find()
    victim.kill()
    died = stack.wait_for(
        rf"{name} \(pid {victim.pid}\) died, (.*)\. The last lines of (\S+):", RECOVER_SECONDS
    )
    back = stack.wait_for(rf"{name} is running again \(pid (\d+)\)\.", RECOVER_SECONDS)
    assert int(back[1]) != victim.pid
    assert find().pid == int(back[1])
    return died


def mail_count(stack: RunningStack) -> int:
    return len(list((stack.data_dir / "mail").glob("*.eml")))


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.25)


def running(process: psutil.Process) -> bool:
    """Whether it runs; a zombie (dead, its exit status not yet collected) does not."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_killed_processes_are_reported_and_restarted_and_sigterm_stops_them_all(
    stack: RunningStack,
) -> None:
    logged = stack.starter(
        "log",
        "--name",
        "Alex Morgan",
        "--email",
        "alex@example.org",
        "--postcode",
        "LS1 1AA",
        "--description",
        "The boiler has not worked for three weeks",
        "--handler-id",
        "h.khan",
        "--handler-name",
        "Hana Khan",
    )
    reference = re.search(r"CMP-\d{4}-\d{6}", logged)
    assert reference is not None, logged

    died = kill_and_see_it_back(stack, "The worker", lambda: stack.child("worker.py"))
    assert died[1] == "killed by SIGKILL"
    assert died[2] == str(stack.data_dir / "logs" / "worker.log")
    assert re.search(r"Restarting the worker in 1 s\.", stack.console)
    stack.starter("accept", reference[0])

    died = kill_and_see_it_back(stack, "The Temporal dev server", lambda: stack.child("start-dev"))
    assert died[1] == "killed by SIGKILL"
    # The server's log is quoted: here, its banner naming the SQLite store it kept.
    assert "temporal.db" in stack.console[died.end() :]

    died = kill_and_see_it_back(stack, "PostgreSQL", stack.postmaster)
    assert died[1] == "exit status unknown"  # a daemon: pg_ctl started it, not the stack

    # The complaint carries on through the restarted worker, Temporal server and database:
    # acknowledged, its letter recorded and sent to the mail sink.
    stack.starter(
        "acknowledge",
        reference[0],
        "--definition",
        "Boiler not repaired",
        "--outcomes",
        "Working heating",
        "--issue",
        "Boiler repair delay",
    )
    wait_until(lambda: mail_count(stack) >= 1, RECOVER_SECONDS, "no acknowledgement letter")

    # The letter's delivery now waits in the worker (the fault injected above); SIGTERM stops
    # the stack all the same, within the bound, and nothing it started is left.
    processes = stack.processes()
    assert len(processes) >= 6  # supervisor, PostgreSQL, Temporal, mail sink, worker, web app
    assert stack.process is not None
    started = time.monotonic()
    stack.process.send_signal(signal.SIGTERM)
    assert stack.process.wait(STOP_SECONDS) == 0
    stopping = time.monotonic() - started
    wait_until(
        lambda: not any(running(process) for process in processes),
        10,
        f"left running: {[p.pid for p in processes if running(p)]}",
    )
    assert stopping < STOP_SECONDS
    assert "Stopped. Data kept in" in stack.console
