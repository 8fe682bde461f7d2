"""Limits on guessing (R-DP-4): wrong passwords per email address, on the sign-in page and
the API alike, and status-page look-ups that find nothing per client address and per
reference. The failures are kept in PostgreSQL (``guess_attempts``), so every web process
counts against the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from store.db import Sessionmaker
from store.tables import GuessAttempt

SIGN_IN_FAILURES = 5  # wrong passwords for one email address...
STATUS_FAILURES = 10  # ...or look-ups that found nothing, from one place or for one reference
WINDOW_SECONDS = 15 * 60  # ...within this long; then a wait until enough have fallen out


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AttemptLimiter:
    """At most ``limit`` failures per key within ``window`` seconds, counted in PostgreSQL
    under ``scope`` (one scope per limit: ``sign_in``, ``status``)."""

    def __init__(
        self,
        sessionmaker: Sessionmaker,
        scope: str,
        limit: int,
        window: float,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.scope = scope
        self.limit = limit
        self.window = timedelta(seconds=window)
        self.clock = clock

    async def attempt(self, *keys: str) -> int | None:
        """Whole minutes to wait if any of ``keys`` is at its limit; otherwise None, and this
        attempt already counts as a failure until ``succeeded`` clears it. Taken under a lock
        per key, so requests racing in parallel (or in other processes) cannot all slip
        under the limit before any of them has failed."""
        now = self.clock()
        async with self.sessionmaker() as db:
            for key in sorted(set(keys)):
                await db.execute(
                    select(func.pg_advisory_xact_lock(func.hashtext(f"{self.scope}|{key}")))
                )
            wait = await self._wait(db, keys, now)
            if wait is None:
                self._add(db, keys, now)
            await db.commit()
        return wait

    async def wait_minutes(self, *keys: str) -> int | None:
        """Whole minutes until another attempt is allowed for any of ``keys``, or None."""
        async with self.sessionmaker() as db:
            return await self._wait(db, keys, self.clock())

    async def failed(self, *keys: str) -> None:
        now = self.clock()
        async with self.sessionmaker() as db:
            self._add(db, keys, now)
            await db.commit()

    async def succeeded(self, *keys: str) -> None:
        async with self.sessionmaker() as db:
            await db.execute(
                delete(GuessAttempt).where(
                    GuessAttempt.scope == self.scope, GuessAttempt.key.in_(keys)
                )
            )
            await db.commit()

    def _add(self, db: AsyncSession, keys: tuple[str, ...], now: datetime) -> None:
        db.add_all(GuessAttempt(scope=self.scope, key=key, failed_at=now) for key in keys)

    async def _wait(self, db: AsyncSession, keys: tuple[str, ...], now: datetime) -> int | None:
        # Old failures count for nothing: forget them as new ones come.
        await db.execute(
            delete(GuessAttempt).where(
                GuessAttempt.scope == self.scope, GuessAttempt.failed_at <= now - self.window
            )
        )
        waits = []
        for key in keys:
            # The limit-th most recent failure in the window: the key is free once it falls out.
            oldest_counted = await db.scalar(
                select(GuessAttempt.failed_at)
                .where(
                    GuessAttempt.scope == self.scope,
                    GuessAttempt.key == key,
                    GuessAttempt.failed_at > now - self.window,
                    GuessAttempt.failed_at <= now,
                )
                .order_by(GuessAttempt.failed_at.desc())
                .offset(self.limit - 1)
                .limit(1)
            )
            if oldest_counted is not None:
                waits.append((oldest_counted + self.window - now).total_seconds())
        return max(1, math.ceil(max(waits) / 60)) if waits else None


def too_many(minutes: int) -> str:
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many attempts. Wait {minutes} {unit}, then try again."
