"""The project's own processes in the dev stack: the worker and the web app.

Both only talk to the rest of the stack (PostgreSQL, Temporal, the mail sink, the
complaints mailbox), which the stack's environment names for them: they start after it,
the worker first, and stop before it, together, each within a bound, so that a worker
stuck on a workflow or an activity cannot hold the whole stack up. A worker that exits
straight away, or a web app that never takes connections, becomes a note with the tail of
its output rather than a stack that seems up and does nothing.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from devstack.process import ManagedProcess, StartupFailed, accepts_connections
from devstack.supervisor import Watched

REPO_ROOT = Path(__file__).resolve().parent.parent
# How long the worker and the web app have to finish their shutdown before they are killed:
# a worker stuck on a workflow or an activity must not hold the whole stack up.
CLIENT_STOP_SECONDS = 10.0
WEB_STARTUP_SECONDS = 20.0
# A worker that cannot import or connect dies within a second or two.
WORKER_STARTUP_SECONDS = 3.0


class Apps:
    """The worker (worker.py) and the web app (python -m web) of one stack, either optional.

    The web app listens on `host`:`web_port` and is seeded with one user per role in the
    dev environment. Their output goes to worker.log and web.log in `logs_dir`.
    """

    def __init__(
        self, logs_dir: Path, *, host: str, with_worker: bool, with_web: bool, web_port: int
    ) -> None:
        self.logs_dir = logs_dir
        self.host = host
        self.with_worker = with_worker
        self.with_web = with_web
        self.web_port = web_port
        self.worker: ManagedProcess | None = None
        self.web: ManagedProcess | None = None

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    async def start(self, env: dict[str, str]) -> list[str]:
        """Start those asked for with this environment; notes on any that did not come up.

        Each is kept as soon as it is started, so that a stop (after a failure, or a
        Ctrl-C while waiting) stops it too."""
        notes = []
        if self.with_worker:
            notes += await self._start_worker(env)
        if self.with_web:
            notes += await self._start_web(env)
        return notes

    async def stop(self) -> None:
        """Stop both at once, each within `CLIENT_STOP_SECONDS`."""
        running = [process for process in (self.web, self.worker) if process is not None]
        await asyncio.gather(
            *(asyncio.to_thread(process.stop, CLIENT_STOP_SECONDS) for process in running)
        )
        self.web = self.worker = None

    def kill(self) -> None:
        for process in (self.web, self.worker):
            if process is not None:
                process.kill()

    def watched(self) -> list[Watched]:
        """Those that run, as the supervisor watches them."""
        watched = []
        if self.worker is not None:
            watched.append(Watched("the worker", self.worker, self._restart_worker))
        if self.web is not None:
            watched.append(Watched("the web app", self.web, self._restart_web))
        return watched

    async def _start_worker(self, env: dict[str, str]) -> list[str]:
        self.worker = ManagedProcess(
            "worker",
            [sys.executable, REPO_ROOT / "worker.py"],
            log_path=self.logs_dir / "worker.log",
            env=env,
            cwd=REPO_ROOT,
        )
        self.worker.start()
        # Say so now rather than leave people wondering why complaints do not progress.
        if await asyncio.to_thread(self.worker.wait_exited, WORKER_STARTUP_SECONDS):
            return [
                f"The worker exited straight away (status {self.worker.returncode}); "
                f"its output:\n{self.worker.output_tail() or '(none)'}"
            ]
        return []

    async def _start_web(self, env: dict[str, str]) -> list[str]:
        """The web app on its port, with the dev users seeded; up when it takes connections."""
        seed = ["--seed-dev-users"] if env.get("REDRESS_ENVIRONMENT", "dev") == "dev" else []
        self.web = ManagedProcess(
            "web",
            [sys.executable, "-m", "web", "--host", self.host, "--port", str(self.web_port), *seed],
            log_path=self.logs_dir / "web.log",
            env=env,
            cwd=REPO_ROOT,
        )
        self.web.start()
        if not await self._web_listens():
            return [
                f"The web app did not start (status {self.web.returncode}); its output:\n"
                f"{self.web.output_tail() or '(none)'}"
            ]
        return []

    async def _web_listens(self) -> bool:
        """Wait until the web app takes connections; False if it exits or takes too long."""
        assert self.web is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WEB_STARTUP_SECONDS
        while loop.time() < deadline:
            if await asyncio.to_thread(accepts_connections, self.host, self.web_port):
                return True
            if not self.web.running:
                return False
            await asyncio.sleep(0.2)
        return False

    async def _restart_worker(self) -> None:
        assert self.worker is not None
        self.worker.restart()

    async def _restart_web(self) -> None:
        assert self.web is not None
        self.web.restart()
        if not await self._web_listens():
            raise StartupFailed(
                f"the web app did not take connections on port {self.web_port}:\n"
                f"{self.web.output_tail()}"
            )
