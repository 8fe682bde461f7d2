"""What the starter's commands act on: a Temporal client and, for some, the database.

Its own module so that each command's module can name it without importing the command
line (``starter.cli`` imports every command).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from temporalio.client import Client

from delivery.documents import DocumentStore
from rules.calendar import local_date
from store.db import Sessionmaker


async def system_today() -> date:
    return local_date(datetime.now(UTC))


@dataclass
class Connection:
    """What the commands act on. `sessionmaker` is needed only to log (references) and
    for the record commands; `documents` only to attach."""

    client: Client
    task_queue: str
    sessionmaker: Sessionmaker | None = None
    policy_profile: str = "seed"
    today: Callable[[], Awaitable[date]] = system_today
    documents: DocumentStore | None = None
