"""Bring a database up to the latest schema, from code: tests, the dev stack, deployment.

Alembic does the work, with a configuration built here rather than read from a file,
so it runs the same from an installed package as from a checkout.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

# Alembic keeps its running environment in module globals, so two migrations in one
# process must not overlap; across processes the advisory lock in env.py serialises them.
_in_process = threading.Lock()


def alembic_config(database_url: str | None = None) -> Config:
    """The alembic configuration for ``store/migrations``, aimed at ``database_url``.

    The URL travels in ``attributes`` rather than the ini options, where a ``%`` in a
    password or a socket path would be read as interpolation.
    """
    config = Config()
    config.set_main_option("script_location", str(resources.files("store") / "migrations"))
    config.set_main_option("path_separator", "os")
    if database_url is not None:
        config.attributes["database_url"] = database_url
    return config


def head() -> str:
    """The newest revision the code knows about."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, "store/migrations/versions has no revisions"
    return revision


def upgrade(database_url: str, revision: str = "head") -> None:
    """Migrate ``database_url`` to ``revision``; does nothing when it is already there.

    Safe to call twice, from two threads and from two processes at once. Callable from
    inside a running event loop too: there the migration runs on a separate thread,
    since alembic's async environment starts its own loop.
    """
    config = alembic_config(database_url)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        _upgrade(config, revision)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="migrate") as pool:
        pool.submit(_upgrade, config, revision).result()


def _upgrade(config: Config, revision: str) -> None:
    with _in_process:
        command.upgrade(config, revision)
