"""Run the database migrations, if the store package provides them."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import threading
from collections.abc import Callable
from typing import Any


def find_upgrade() -> Callable[[str], Any] | None:
    """``store.migrate.upgrade`` if it exists, else None.

    Imported lazily: the stack and the tests run before the store is written, and a
    missing module is a note, not an error. An import error inside the module is
    still raised, since that is a bug to see.
    """
    try:
        module = importlib.import_module("store.migrate")
    except ModuleNotFoundError as error:
        if error.name in ("store", "store.migrate"):
            return None
        raise
    upgrade = getattr(module, "upgrade", None)
    return upgrade if callable(upgrade) else None


def run_migrations(database_url: str) -> bool:
    """Bring the database at `database_url` to the latest schema.

    Returns False when there is nothing to run. ``upgrade`` may be plain or async; it
    runs in a thread of its own, so an Alembic env.py that calls ``asyncio.run`` works
    whether or not the caller is inside an event loop.
    """
    upgrade = find_upgrade()
    if upgrade is None:
        return False
    failure: list[BaseException] = []

    def _run() -> None:
        try:
            result = upgrade(database_url)
            if inspect.isawaitable(result):
                asyncio.run(_await(result))
        except BaseException as error:  # handed to the caller's thread below
            failure.append(error)

    thread = threading.Thread(target=_run, name="migrations")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return True


async def _await(awaitable: Any) -> Any:
    return await awaitable
