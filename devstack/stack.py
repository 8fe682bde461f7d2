"""The whole development stack, started and stopped in order.

PostgreSQL (embedded, unless a database URL is given), the Temporal dev server, the
complaints mailbox (when dovecot is installed) and the mail sink start in that order, then
the project's own processes, the worker and the web app (`devstack.apps`), told where
everything is by `Stack.worker_environment`. They stop in reverse order, and a supervisor
(`devstack.supervisor`) starts again any component that dies while the stack runs.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from devstack.apps import Apps
from devstack.mail import MailSink
from devstack.mailbox import INSTALL_HINT, PASSWORD_FILE, DevMailbox
from devstack.migrations import run_migrations
from devstack.postgres import EmbeddedPostgres
from devstack.process import ensure_port_free
from devstack.supervisor import Supervisor, Watched, run_to_end
from devstack.temporal import TemporalDevServer
from settings import Settings

LOCALHOST = "127.0.0.1"
# The dev mailbox's IMAP port unless REDRESS_IMAP_PORT names another (143 needs root).
DEV_IMAP_PORT = 1143


class Stack:
    """PostgreSQL, Temporal dev server, complaints mailbox, mail sink and worker for one data
    directory.

    Everything the stack keeps lives under `data_dir` (pgdata/, temporal.db, mailbox/, mail/,
    logs/), so stopping and starting again loses nothing. If `database_url` is given
    the stack uses that database and starts no PostgreSQL of its own.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        database_url: str | None = None,
        temporal_port: int = 7233,
        ui_port: int = 8233,
        headless: bool = False,
        smtp_port: int = 8025,
        with_mail: bool = True,
        with_worker: bool = True,
        with_web: bool = True,
        web_port: int = 8000,
        with_mailbox: bool = False,
        imap_port: int = DEV_IMAP_PORT,
        complaints_address: str = "complaints@example.org",
    ) -> None:
        self.data_dir = data_dir.absolute()
        self.logs_dir = self.data_dir / "logs"
        self.notes: list[str] = []
        self.postgres = EmbeddedPostgres(self.data_dir / "pgdata") if database_url is None else None
        self.database_url = database_url
        self.temporal = TemporalDevServer(
            db_file=self.data_dir / "temporal.db",
            log_path=self.logs_dir / "temporal.log",
            ip=LOCALHOST,
            port=temporal_port,
            ui_port=ui_port,
            headless=headless,
            # Temporal Web shows payloads decrypted by the web app, to signed-in staff only.
            codec_endpoint=f"http://{LOCALHOST}:{web_port}/codec" if with_web else None,
        )
        # The complaints mailbox, when dovecot is installed: mail to the complaints address
        # at the mail sink lands in it, and the worker reads it.
        self.mailbox = (
            DevMailbox(
                self.data_dir / "mailbox",
                address=complaints_address,
                port=imap_port,
                password_file=self.data_dir / PASSWORD_FILE,
            )
            if with_mail and with_mailbox and DevMailbox.installed()
            else None
        )
        if with_mail and with_mailbox and self.mailbox is None:
            self.notes.append(
                f"No complaints mailbox: dovecot is not installed ({INSTALL_HINT} to have "
                f"one); mail to {complaints_address} is only kept in the mail sink."
            )
        self.mail = (
            MailSink(
                self.data_dir / "mail",
                log_path=self.logs_dir / "mail.log",
                host=LOCALHOST,
                port=smtp_port,
                mailbox_arguments=self.mailbox.sink_arguments() if self.mailbox else (),
            )
            if with_mail
            else None
        )
        # The worker and the web app (python -m web, seeded with one user per role in dev).
        self.apps = Apps(
            self.logs_dir,
            host=LOCALHOST,
            with_worker=with_worker,
            with_web=with_web,
            web_port=web_port,
        )
        self._supervisor: Supervisor | None = None

    @property
    def with_web(self) -> bool:
        return self.apps.with_web

    @property
    def web_url(self) -> str:
        return self.apps.web_url

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> Stack:
        """A stack on the ports and data directory the settings name."""
        options: dict[str, object] = {
            "database_url": settings.database_url,
            "temporal_port": urlsplit(f"//{settings.temporal_address}").port or 7233,
            "ui_port": urlsplit(settings.temporal_ui_url).port or 8233,
            "smtp_port": settings.smtp_port,
            "web_port": settings.web_port,
            # A mailbox of the landlord's own (REDRESS_IMAP_HOST) is read instead of ours.
            "with_mailbox": settings.imap_host is None,
            "imap_port": settings.imap_port
            if "imap_port" in settings.model_fields_set
            else DEV_IMAP_PORT,
            "complaints_address": settings.mail_from,
        }
        options.update(overrides)
        return cls(settings.data_dir, **options)  # type: ignore[arg-type]

    async def start(self) -> None:
        """Start every component; on any failure stop what had started, then raise."""
        # Check every port first, so a clash is reported before anything starts.
        self.temporal.check_ports()
        if self.mail is not None:
            self.mail.check_ports()
        if self.mailbox is not None:
            self.mailbox.check_ports()
        if self.with_web:
            ensure_port_free("web app", LOCALHOST, self.apps.web_port)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            await self._start_database()
            await self.temporal.start()
            if self.mailbox is not None:
                await self.mailbox.start()
            if self.mail is not None:
                await self.mail.start()
            self.notes += await self.apps.start(self.worker_environment())
        except BaseException:
            await self.stop()
            raise

    def supervise(self, report: Callable[[str], None]) -> None:
        """From now until `stop`, report a component that dies and start it again."""
        self._supervisor = Supervisor(self._watched(), report)
        self._supervisor.start()

    async def stop(self) -> None:
        """Stop in reverse order of start, each within a bound. Data is kept."""
        if self._supervisor is not None:
            await self._supervisor.stop()
            self._supervisor = None
        # The web app and the worker only talk to the rest: stop them together.
        await self.apps.stop()
        if self.mail is not None:
            await self.mail.stop()
        if self.mailbox is not None:
            await self.mailbox.stop()
        await self.temporal.stop()
        if self.postgres is not None:
            await asyncio.to_thread(self.postgres.stop)

    def kill(self) -> None:
        """Kill every component at once (a second Ctrl-C while stopping)."""
        self.apps.kill()
        if self.mail is not None:
            self.mail.kill()
        if self.mailbox is not None:
            self.mailbox.kill()
        self.temporal.kill()
        if self.postgres is not None:
            self.postgres.kill()

    def worker_environment(self) -> dict[str, str]:
        """Environment for processes that should talk to this stack."""
        assert self.database_url is not None
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database_url,
            REDRESS_DATA_DIR=str(self.data_dir),
            REDRESS_TEMPORAL_ADDRESS=self.temporal.address,
        )
        env.pop("REDRESS_DATABASE_URL", None)  # it would win over DATABASE_URL
        if self.mail is not None:
            env.update(REDRESS_SMTP_HOST=self.mail.host, REDRESS_SMTP_PORT=str(self.mail.port))
        if self.mailbox is not None:
            env.update(self.mailbox.environment())
        if self.temporal.ui_url is not None:
            env["REDRESS_TEMPORAL_UI_URL"] = self.temporal.ui_url
        return env

    def addresses(self) -> list[tuple[str, str]]:
        """(what, where) pairs for people to open."""
        rows = [
            *([("Web app", self.web_url)] if self.with_web else []),
            ("Temporal Web", self.temporal.ui_url or "(headless)"),
            ("Temporal gRPC", self.temporal.address),
            ("Database", self.database_url or "(not started)"),
        ]
        if self.mail is not None:
            rows.append(("Mail sink", f"smtp://{self.mail.address} -> {self.mail.mail_dir}"))
        if self.mailbox is not None:
            rows.append(("Complaints mailbox", f"{self.mailbox.url} (read into New mail)"))
        rows.append(("Logs", str(self.logs_dir)))
        return rows

    async def _start_database(self) -> None:
        if self.postgres is not None:
            self.database_url = await asyncio.to_thread(self.postgres.start)
        assert self.database_url is not None
        if not await asyncio.to_thread(run_migrations, self.database_url):
            self.notes.append("store.migrate.upgrade not found: database migrations skipped.")

    def _watched(self) -> list[Watched]:
        """Every component that runs, as the supervisor watches it."""
        watched = [Watched("the Temporal dev server", self.temporal, self.temporal.restart)]
        if (postgres := self.postgres) is not None:
            watched.insert(0, Watched("PostgreSQL", postgres, lambda: run_to_end(postgres.restart)))
        if self.mail is not None:
            watched.append(Watched("the mail sink", self.mail, self.mail.restart))
        if self.mailbox is not None:
            mailbox = self.mailbox
            watched.append(Watched("the complaints mailbox", mailbox, mailbox.restart))
        return watched + self.apps.watched()
