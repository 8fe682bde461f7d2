"""Alembic environment: runs the migrations over an asyncpg connection.

The database URL comes from ``config.attributes["database_url"]`` when the code migrates
(``store.migrate.upgrade``), otherwise from the settings (``REDRESS_DATABASE_URL``) for
the alembic command line. A caller may also hand in an open synchronous connection as
``config.attributes["connection"]``.
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from settings import get_settings, to_asyncpg_url
from store.tables import Base

# Any constant will do, as long as every process uses the same one: two processes
# starting together (worker and web app) migrate one after the other, not at once.
MIGRATION_LOCK_KEY = 7_310_551_001

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and config.file_config.has_section("loggers"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    url = config.attributes.get("database_url") or get_settings().database_url
    if not url:
        raise RuntimeError(
            "no database to migrate: set REDRESS_DATABASE_URL, or call store.migrate.upgrade(url)"
        )
    return url if url.startswith("postgresql+asyncpg://") else to_asyncpg_url(url)


def run_migrations_offline() -> None:
    """Print the SQL instead of running it (``alembic upgrade head --sql``)."""
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        # Held until the transaction ends; the current revision is read after it is taken.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = create_async_engine(_database_url(), poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        do_run_migrations(connection)
    else:
        asyncio.run(run_async_migrations())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
