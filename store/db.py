"""Engine, sessions and the unit of work every database write goes through."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from settings import Settings, to_asyncpg_url

Sessionmaker = async_sessionmaker[AsyncSession]


class NoDatabase(RuntimeError):
    """No database to connect to; the message says how to get one."""


def database_url(settings: Settings) -> str:
    """DATABASE_URL, else the embedded PostgreSQL the dev stack runs in the data directory."""
    if settings.database_url:
        return settings.database_url
    from devstack.postgres import running_url  # only the dev stack has one

    pgdata = settings.data_dir / "pgdata"
    url = running_url(pgdata)
    if url is None:
        raise NoDatabase(
            f"DATABASE_URL is not set and no embedded PostgreSQL is running in {pgdata}; "
            "start the stack with: python3 dev.py up (or set REDRESS_DATA_DIR)"
        )
    return url


def make_engine(url: str, **options: Any) -> AsyncEngine:
    """An asyncpg engine for ``url``; a plain ``postgresql://`` URL is given the driver."""
    if not url.startswith("postgresql+asyncpg://"):
        url = to_asyncpg_url(url)
    options.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **options)


def make_sessionmaker(engine: AsyncEngine) -> Sessionmaker:
    # Rows stay readable after commit: activities return them, queries hand them on.
    return async_sessionmaker(engine, expire_on_commit=False)


class UnitOfWork:
    """One transaction: ``async with uow:`` ... ``await uow.commit()``.

    Leaving the block without committing rolls back, so an exception (or a forgotten
    commit) never leaves half a change behind.
    """

    session: AsyncSession

    def __init__(self, sessionmaker: Sessionmaker) -> None:
        self._sessionmaker = sessionmaker

    async def __aenter__(self) -> Self:
        self.session = self._sessionmaker()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            await self.rollback()  # nothing to undo after a commit
        finally:
            await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
