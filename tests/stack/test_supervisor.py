"""The supervisor's parts on real, small child processes: back-off, reports, bounded stops.

The whole stack under supervision is in ``test_supervision.py``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from devstack.process import ManagedProcess
from devstack.supervisor import Backoff, Exit, Supervisor, Watched


@pytest.mark.parametrize(
    ("runs", "delays"),
    [
        ([0, 0, 0, 0], [1, 2, 4, 8]),
        ([0] * 9, [1, 2, 4, 8, 16, 32, 60, 60, 60]),
        ([0, 0, 0, 60], [1, 2, 4, 1]),
        ([0, 0, 59.9], [1, 2, 4]),
        ([3600, 3600], [1, 1]),
    ],
    ids=[
        "doubles_from_one_second",
        "stops_doubling_at_a_minute",
        "starts_over_after_a_minute_up",
        "keeps_doubling_after_a_short_run",
        "always_one_second_for_a_process_that_ran_long",
    ],
)
def test_backoff(runs: list[float], delays: list[float]) -> None:
    backoff = Backoff()
    assert [backoff.after_run(ran_for) for ran_for in runs] == delays


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (-signal.SIGKILL, "killed by SIGKILL"),
        (-signal.SIGSEGV, "killed by SIGSEGV"),
        (3, "exit status 3"),
        (0, "exit status 0"),
        (None, "exit status unknown"),
    ],
)
def test_an_exit_is_described_in_words(status: int | None, words: str) -> None:
    assert Exit(1234, status).describe() == words


def python(tmp_path: Path, name: str, code: str) -> ManagedProcess:
    return ManagedProcess(
        name, [sys.executable, "-c", code], log_path=tmp_path / "logs" / f"{name}.log"
    )


# Dies with a message the first time; once its marker file exists it stays up.
DIES_ONCE = """
import pathlib, sys, time
marker = pathlib.Path({marker!r})
if not marker.exists():
    marker.touch()
    print("the boiler exploded", flush=True)
    sys.exit(3)
print("up again", flush=True)
time.sleep(120)
"""


async def until(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        await asyncio.sleep(0.05)


async def test_a_child_that_dies_is_reported_with_its_status_and_log_and_started_again(
    tmp_path: Path,
) -> None:
    child = python(tmp_path, "boiler", DIES_ONCE.format(marker=str(tmp_path / "died")))
    child.start()
    first_pid = child.pid
    said: list[str] = []

    async def restart() -> None:
        child.restart()

    watched = Watched("the boiler", child, restart)
    supervisor = Supervisor(
        [watched], said.append, poll_seconds=0.05, backoff=lambda: Backoff(first=0.1)
    )
    supervisor.start()
    try:
        await until(lambda: any("running again" in message for message in said), 15)
        await until(lambda: "up again" in child.output_tail(), 15)
    finally:
        await supervisor.stop()
        child.stop(timeout=2)

    died, restarting, running = said
    assert died.startswith(f"The boiler (pid {first_pid}) died, exit status 3.")
    assert f"The last lines of {child.log_path}:" in died
    assert "    the boiler exploded" in died
    assert restarting == "Restarting the boiler in 0.1 s."
    assert running == f"The boiler is running again (pid {child.pid})."
    assert child.pid != first_pid
    assert not _alive(first_pid or 0)


async def test_a_restart_that_fails_is_reported_and_tried_again_later(tmp_path: Path) -> None:
    child = python(tmp_path, "sink", "import sys; sys.exit(1)")
    child.start()
    attempts: list[float] = []
    said: list[str] = []

    async def restart() -> None:
        attempts.append(time.monotonic())
        if len(attempts) < 3:
            raise RuntimeError("port 8025 is taken")
        child.restart()

    watched = Watched("the sink", child, restart)
    supervisor = Supervisor(
        [watched], said.append, poll_seconds=0.05, backoff=lambda: Backoff(first=0.1)
    )
    supervisor.start()
    try:
        await until(lambda: len(attempts) >= 3, 15)
    finally:
        await supervisor.stop()
        child.stop(timeout=2)
    assert said[1:5] == [
        "Restarting the sink in 0.1 s.",
        "The sink did not start again: port 8025 is taken",
        "Restarting the sink in 0.2 s.",
        "The sink did not start again: port 8025 is taken",
    ]
    # The waits between attempts grow: 0.2 s, then 0.4 s.
    assert attempts[2] - attempts[1] >= 0.35


IGNORES_SIGTERM = """
import signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
print(helper.pid, flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize("stopped", [False, True], ids=["stuck", "stopped_with_sigstop"])
async def test_a_child_stuck_in_its_shutdown_is_killed_with_its_helpers_within_the_bound(
    tmp_path: Path, stopped: bool
) -> None:
    child = python(tmp_path, "stuck", IGNORES_SIGTERM)
    child.start()
    await until(lambda: child.output_tail().strip().isdigit(), 15)
    helper = int(child.output_tail().strip())
    if stopped:
        os.killpg(child.pid or 0, signal.SIGSTOP)

    started = time.monotonic()
    await asyncio.to_thread(child.stop, 1.0)
    assert time.monotonic() - started < 4
    assert child.exited() == Exit(child.pid, -signal.SIGKILL)
    await until(lambda: not _alive(helper), 5)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
