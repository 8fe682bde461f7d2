"""Keeping the stack up: a process that dies is reported and started again.

Each component is watched through a `Watched`: how to tell that it has ended, where its
log is and how to start it again. A death is reported on the console with the exit status
and the last lines of the log; the component is started again after a back-off that
doubles from 1 s to 60 s and starts over once a run has lasted a minute, so a process
that cannot start does not spin and one that died once comes back at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import textwrap
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

POLL_SECONDS = 0.5
TAIL_LINES = 15


@dataclass(frozen=True)
class Exit:
    """How a watched process ended: its pid and exit status (None when unknown, as for a
    daemon that is not our child)."""

    pid: int | None
    status: int | None

    def describe(self) -> str:
        if self.status is None:
            return "exit status unknown"
        if self.status < 0:
            try:
                return f"killed by {signal.Signals(-self.status).name}"
            except ValueError:
                return f"killed by signal {-self.status}"
        return f"exit status {self.status}"


@dataclass
class Backoff:
    """Seconds to wait before each restart: `first`, doubling up to `longest`, and back to
    `first` after a run of at least `healthy_after` seconds."""

    first: float = 1.0
    longest: float = 60.0
    healthy_after: float = 60.0
    _next: float = field(init=False)

    def __post_init__(self) -> None:
        self._next = self.first

    def after_run(self, ran_for: float) -> float:
        if ran_for >= self.healthy_after:
            self._next = self.first
        delay = self._next
        self._next = min(delay * 2, self.longest)
        return delay


class Component(Protocol):
    """What the supervisor reads of a process it watches."""

    @property
    def log_path(self) -> Path: ...

    @property
    def pid(self) -> int | None: ...

    def exited(self) -> Exit | None:
        """None while it runs."""

    def output_tail(self) -> str:
        """The last lines of this run's log."""


@dataclass
class Watched:
    """One component as the supervisor sees it, and how to start it again (raising if it
    does not come up)."""

    name: str
    component: Component
    restart: Callable[[], Awaitable[None]]


class Supervisor:
    """Watches components in a task of its own until `stop`; says what it sees through
    `report` (one message a call, for the console)."""

    def __init__(
        self,
        watched: list[Watched],
        report: Callable[[str], None],
        *,
        poll_seconds: float = POLL_SECONDS,
        backoff: Callable[[], Backoff] = Backoff,
    ) -> None:
        self.watched = watched
        self.report = report
        self.poll_seconds = poll_seconds
        self._backoff = backoff
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="devstack supervisor")

    async def stop(self) -> None:
        """Stop watching, so that stopping the stack restarts nothing. A restart under
        way is abandoned (see `run_to_end` for one that must finish)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        await asyncio.gather(*(self._watch(component) for component in self.watched))

    async def _watch(self, component: Watched) -> None:
        backoff = self._backoff()
        started = time.monotonic()
        while True:
            ended = component.component.exited()
            if ended is None:
                await asyncio.sleep(self.poll_seconds)
                continue
            self.report(self._death(component, ended))
            delay = backoff.after_run(time.monotonic() - started)
            while not await self._restart(component, delay):
                delay = backoff.after_run(0.0)
            started = time.monotonic()

    async def _restart(self, component: Watched, delay: float) -> bool:
        self.report(f"Restarting {component.name} in {delay:g} s.")
        await asyncio.sleep(delay)
        try:
            await component.restart()
        except Exception as error:  # the next attempt waits longer; the stack stays up
            reason = str(error).strip() or type(error).__name__
            self.report(f"{_capital(component.name)} did not start again: {reason}")
            return False
        pid = component.component.pid
        self.report(f"{_capital(component.name)} is running again (pid {pid}).")
        return True

    @staticmethod
    def _death(component: Watched, ended: Exit) -> str:
        tail = component.component.output_tail().strip() or "(nothing)"
        tail = "\n".join(tail.splitlines()[-TAIL_LINES:])
        return (
            f"{_capital(component.name)} (pid {ended.pid}) died, {ended.describe()}. The last "
            f"lines of {component.component.log_path}:\n{textwrap.indent(tail, '    ')}"
        )


def _capital(name: str) -> str:
    """'the worker' as a sentence begins: 'The worker'; 'PostgreSQL' stays as it is."""
    return name[:1].upper() + name[1:]


async def run_to_end(work: Callable[[], object]) -> None:
    """Run blocking `work` in a thread and, if cancelled meanwhile, still wait for it to
    finish: a server half-way through starting must not be stopped at the same time."""
    future = asyncio.ensure_future(asyncio.to_thread(work))
    try:
        await asyncio.shield(future)
    except asyncio.CancelledError:
        await future
        raise
