"""Rebuild the read model (``complaints``) from the event log alone.

Every event the complaint workflow records carries what it changed in the read model
(``complaint_events.changes``); folding those changes in order gives each complaint's row
exactly as the workflow last wrote it. Run it after a bad migration, a restore of the
event log, or to check the read model::

    python -m store.rebuild            # replace every row, in one transaction
    python -m store.rebuild --check    # change nothing; list the rows that differ

The rebuild holds an exclusive lock on ``complaints`` while it works, so live writes wait
for it rather than interleave; readers carry on.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, text, union_all

from rules.read_model import fold_changes
from settings import get_settings
from store.db import (
    NoDatabase,
    Sessionmaker,
    UnitOfWork,
    database_url,
    make_engine,
    make_sessionmaker,
)
from store.read_model import event_figures, read_model_row, with_events
from store.tables import Complaint, ComplaintEvent, LetterRecord, StaffNotification

# Action trackers number their records from item * 1,000,000 (workflows/tracker.py); the
# complaint's own sequence numbers stay below.
TRACKER_SEQ_START = 1_000_000
# Columns that say when or how the row was written, not what it says.
BOOKKEEPING = ("updated_at",)
BATCH = 1000


async def rebuilt_rows(
    session: Any, references: Sequence[str] | None = None
) -> AsyncIterator[dict[str, Any]]:
    """Each complaint's read-model row (or those of `references`), folded from its events'
    changes."""
    last_seqs = await _last_seqs(session, references)
    figures = await event_figures(session, references)
    statement = (
        select(ComplaintEvent.reference, ComplaintEvent.changes)
        .where(ComplaintEvent.changes.is_not(None))
        .order_by(ComplaintEvent.reference, ComplaintEvent.seq)
        .execution_options(yield_per=BATCH)
    )
    if references is not None:
        statement = statement.where(ComplaintEvent.reference.in_(references))
    reference: str | None = None
    changes: list[dict[str, Any]] = []
    async for found, change in await session.stream(statement):
        if found != reference and changes:
            yield _row(reference, changes, last_seqs, figures)
            changes = []
        reference = found
        changes.append(change)
    if changes:
        yield _row(reference, changes, last_seqs, figures)


def _row(
    reference: str | None,
    changes: list[dict[str, Any]],
    last_seqs: dict[str, int],
    figures: dict[str, tuple[str | None, int]],
) -> dict:
    summary = fold_changes(changes)
    assert summary is not None and reference is not None
    return with_events(read_model_row(summary, last_seqs.get(reference, 0)), figures)


async def _last_seqs(session: Any, references: Sequence[str] | None) -> dict[str, int]:
    """The greatest sequence number each complaint has recorded: the live row's last_seq."""
    parts = []
    for table in (ComplaintEvent, LetterRecord, StaffNotification):
        part = select(table.reference, table.seq).where(table.seq < TRACKER_SEQ_START)
        if references is not None:
            part = part.where(table.reference.in_(references))
        parts.append(part)
    recorded = union_all(*parts).subquery()
    statement = select(recorded.c.reference, func.max(recorded.c.seq)).group_by(
        recorded.c.reference
    )
    return {reference: seq for reference, seq in (await session.execute(statement)).all()}


async def rebuild(sessionmaker: Sessionmaker, references: Sequence[str] | None = None) -> int:
    """Replace every read-model row (or those of `references`) with the one the event log
    gives; returns the count."""
    count = 0
    async with UnitOfWork(sessionmaker) as uow:
        session = uow.session
        await session.execute(text("LOCK TABLE complaints IN EXCLUSIVE MODE"))
        wipe = delete(Complaint)
        if references is not None:
            wipe = wipe.where(Complaint.reference.in_(references))
        await session.execute(wipe)
        batch: list[dict[str, Any]] = []
        async for row in rebuilt_rows(session, references):
            batch.append(row)
            if len(batch) >= BATCH:
                await session.execute(insert(Complaint), batch)
                count += len(batch)
                batch = []
        if batch:
            await session.execute(insert(Complaint), batch)
            count += len(batch)
        await uow.commit()
    return count


async def differences(
    sessionmaker: Sessionmaker, references: Sequence[str] | None = None
) -> list[str]:
    """References whose live row differs from the rebuilt one (or exists on one side only)."""
    query = select(Complaint)
    if references is not None:
        query = query.where(Complaint.reference.in_(references))
    async with UnitOfWork(sessionmaker) as uow:
        live = {row.reference: _comparable(row) for row in (await uow.session.scalars(query)).all()}
        found: list[str] = []
        async for row in rebuilt_rows(uow.session, references):
            reference = row["reference"]
            if live.pop(reference, None) != _plain(row):
                found.append(reference)
        return sorted([*found, *live])


def _comparable(row: Complaint) -> dict[str, Any]:
    return _plain({column.key: getattr(row, column.key) for column in Complaint.__table__.c})


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in BOOKKEEPING}


async def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.rebuild", description=__doc__)
    parser.add_argument("--check", action="store_true", help="change nothing; list differences")
    parser.add_argument("references", nargs="*", help="only these complaints (default: all)")
    args = parser.parse_args(argv)
    references = args.references or None
    try:
        url = database_url(get_settings())
    except NoDatabase as error:
        print(error, file=sys.stderr)
        return 2
    engine = make_engine(url)
    try:
        sessionmaker = make_sessionmaker(engine)
        if args.check:
            differ = await differences(sessionmaker, references)
            for reference in differ:
                print(f"{reference}: the read model differs from the event log")
            print(f"{len(differ)} complaint(s) differ")
            return 1 if differ else 0
        count = await rebuild(sessionmaker, references)
        print(f"Rebuilt the read model: {count} complaint(s)")
        return 0
    finally:
        await engine.dispose()


if __name__ == "__main__":
    sys.exit(asyncio.run(_main()))
