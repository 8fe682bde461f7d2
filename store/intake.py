"""The submissions kept at intake (``intake_submissions``), before and until their workflow
is started: what `intake.service` keeps and the retrier claims and marks. The caller's unit
of work commits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import IntakeSubmission


async def keep_submission(
    session: AsyncSession,
    reference: str,
    kind: str,
    start: dict[str, Any],
    *,
    first_try_after: timedelta,
) -> None:
    """Keep a submission's whole start input under its reference; the retrier leaves it
    alone for ``first_try_after``, while the first try has its chance."""
    session.add(
        IntakeSubmission(
            reference=reference,
            kind=kind,
            start=start,
            next_attempt_at=func.now() + first_try_after,
        )
    )
    await session.flush()


async def mark_started(session: AsyncSession, reference: str, *, attempts: int) -> None:
    """The submission's workflow exists (started now, or by an earlier try)."""
    await _set(session, reference, attempts=attempts, started_at=func.now(), last_error=None)


async def postpone(
    session: AsyncSession,
    reference: str,
    after: timedelta,
    *,
    attempts: int | None = None,
    problem: str | None = None,
) -> None:
    """Try again ``after`` from now; with ``attempts`` and ``problem`` when a try failed."""
    values: dict[str, Any] = {"next_attempt_at": func.now() + after}
    if attempts is not None:
        values["attempts"] = attempts
    if problem is not None:
        values["last_error"] = problem[:2000]
    await _set(session, reference, **values)


async def _set(session: AsyncSession, reference: str, **values: Any) -> None:
    await session.execute(
        update(IntakeSubmission).where(IntakeSubmission.reference == reference).values(**values)
    )


async def claim_waiting(
    session: AsyncSession, *, batch: int, hold: timedelta
) -> list[tuple[str, dict[str, Any], int, str]]:
    """Claim up to ``batch`` submissions whose next try is due, holding them for ``hold`` so
    that two retriers never try the same one at once: (reference, start input, attempts,
    kind)."""
    waiting = (
        select(IntakeSubmission.reference)
        .where(IntakeSubmission.started_at.is_(None))
        .where(IntakeSubmission.next_attempt_at <= func.now())
        .order_by(IntakeSubmission.next_attempt_at)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    claim = (
        update(IntakeSubmission)
        .where(IntakeSubmission.reference.in_(waiting.scalar_subquery()))
        .values(next_attempt_at=func.now() + hold)
        .returning(
            IntakeSubmission.reference,
            IntakeSubmission.start,
            IntakeSubmission.attempts,
            IntakeSubmission.kind,
        )
        .execution_options(synchronize_session=False)
    )
    return [
        (reference, start, attempts, kind)
        for reference, start, attempts, kind in await session.execute(claim)
    ]
