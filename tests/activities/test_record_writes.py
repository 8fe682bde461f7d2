"""``record_effects`` against a real PostgreSQL: the record equals what the workflow accepted
(R-REC-1; issue 8, findings 1 and 2).

A batch is keyed by reference and sequence number, stamped with the epoch of the workflow
task that wrote it and the digest of each record. The table below drives each case: what an
earlier (or later) task left, what the next write brings, and what must be in the record.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities import ComplaintActivities
from models.calendar import Closures
from models.effects import Event, RecordEffectsInput, RecordEventInput
from rules.record import record_digest
from settings import Settings
from store.db import Sessionmaker, make_engine, make_sessionmaker
from store.tables import Complaint, ComplaintEvent, SupersededRecord
from tests.activities.test_store import LOGGED_AT, summary

_numbers = count(1)


def reference() -> str:
    return f"CMP-2032-{next(_numbers):06d}"


def batch(
    ref: str, epoch: int, *events: tuple[int, str], status: str = "open"
) -> RecordEffectsInput:
    records = [
        RecordEventInput(
            reference=ref,
            seq=seq,
            occurred_at=LOGGED_AT,
            event=Event(kind="note", summary=words),
        )
        for seq, words in events
    ]
    for record in records:
        record.digest = record_digest(record)
    return RecordEffectsInput(
        reference=ref,
        events=records,
        summary=summary(ref, status=status),
        last_seq=max((seq for seq, _ in events), default=0),
        epoch=epoch,
    )


@pytest.fixture(scope="module")
async def sessionmaker(postgres_url: str) -> AsyncIterator[Sessionmaker]:
    engine = make_engine(postgres_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
def activities(sessionmaker: Sessionmaker, tmp_path: Path) -> ComplaintActivities:
    settings = Settings(data_dir=tmp_path, documents_dir=tmp_path / "documents")
    return ComplaintActivities(sessionmaker, settings, closures=Closures.from_setting(""))


async def write(activities: ComplaintActivities, records: RecordEffectsInput) -> None:
    await ActivityEnvironment().run(activities.record_effects, records)


async def log_of(sessionmaker: Sessionmaker, ref: str) -> list[tuple[int, str, int]]:
    async with sessionmaker() as session:
        rows = await session.execute(
            select(ComplaintEvent.seq, ComplaintEvent.summary, ComplaintEvent.epoch)
            .where(ComplaintEvent.reference == ref)
            .order_by(ComplaintEvent.seq)
        )
        return [tuple(row) for row in rows]


@dataclass(frozen=True)
class Case:
    name: str
    before: list[tuple[int, tuple[tuple[int, str], ...]]]  # (epoch, events) written first
    then: tuple[int, tuple[tuple[int, str], ...]]
    log: list[tuple[int, str]]
    superseded: list[str]
    status: str = "open"  # the read model's status after the second write


CASES = [
    Case(
        "a retry of the same write writes nothing twice",
        before=[(7, ((1, "Logged"), (2, "Letter sent")))],
        then=(7, ((1, "Logged"), (2, "Letter sent"))),
        log=[(1, "Logged"), (2, "Letter sent")],
        superseded=[],
        status="phantom",  # nothing changed, the read model included
    ),
    Case(
        "a different record from a later task supersedes the phantom (finding 2)",
        before=[(7, ((12, "Issue added: 3 MB of text"),))],
        then=(9, ((12, "Issue added: damp"),)),
        log=[(12, "Issue added: damp")],
        superseded=["Issue added: 3 MB of text"],
    ),
    Case(
        "rows a failed task wrote beyond the next write go too",
        before=[(7, ((12, "Issue added"), (13, "Letter sent"), (14, "Reminder")))],
        then=(9, ((12, "Issue added: damp"),)),
        log=[(12, "Issue added: damp")],
        superseded=["Issue added", "Letter sent", "Reminder"],
    ),
    Case(
        "a later action is never dropped by an earlier phantom (finding 2)",
        before=[(7, ((12, "Phantom"),)), (9, ((12, "Issue added: damp"),))],
        then=(11, ((13, "Issue added: mould"),)),
        log=[(12, "Issue added: damp"), (13, "Issue added: mould")],
        superseded=["Phantom"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_r_rec_1_record_writes(
    case: Case, activities: ComplaintActivities, sessionmaker: Sessionmaker
) -> None:
    ref = reference()
    for epoch, events in case.before:
        await write(activities, batch(ref, epoch, *events, status="phantom"))
    epoch, events = case.then
    await write(activities, batch(ref, epoch, *events))
    assert [(seq, words) for seq, words, _ in await log_of(sessionmaker, ref)] == case.log
    async with sessionmaker() as session:
        aside = await session.scalars(
            select(SupersededRecord).where(SupersededRecord.reference == ref)
        )
        assert sorted(r.row["summary"] for r in aside) == sorted(case.superseded)
        row = await session.get(Complaint, ref)
    assert row is not None and row.status == case.status
    assert row.last_seq == max(seq for seq, _ in case.log)


async def test_r_rec_1_a_stale_write_is_refused_and_changes_nothing(
    activities: ComplaintActivities, sessionmaker: Sessionmaker
) -> None:
    """A task older than the one that wrote the row cannot replace it: a conflict is an
    error that is not retried, never a silent no-op."""
    ref = reference()
    await write(activities, batch(ref, 9, (1, "Logged")))
    with pytest.raises(ApplicationError) as refused:
        await write(activities, batch(ref, 5, (1, "Something else"), status="phantom"))
    assert refused.value.type == "RecordConflict" and refused.value.non_retryable
    assert "stale" in refused.value.message
    assert await log_of(sessionmaker, ref) == [(1, "Logged", 9)]


async def test_r_rec_1_data_the_database_cannot_hold_is_refused_not_retried(
    activities: ComplaintActivities, sessionmaker: Sessionmaker
) -> None:
    """Finding 1: a NUL that slipped past every model is a business failure with the
    reason, not a retry loop; nothing of the batch is written."""
    ref = reference()
    records = batch(ref, 3, (1, "Logged"))
    poisoned = records.events[0].event.model_copy(update={"summary": "Nul\x00Name"})
    records.events[0] = records.events[0].model_copy(update={"event": poisoned})
    with pytest.raises(ApplicationError) as refused:
        await write(activities, records)
    assert refused.value.type == "RecordRefused" and refused.value.non_retryable
    assert "could not be written" in refused.value.message
    assert await log_of(sessionmaker, ref) == []


async def test_r_rec_1_the_event_log_stays_append_only_outside_a_supersede(
    activities: ComplaintActivities, sessionmaker: Sessionmaker
) -> None:
    ref = reference()
    await write(activities, batch(ref, 3, (1, "Logged")))
    async with sessionmaker() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            await session.execute(
                text("DELETE FROM complaint_events WHERE reference = :r"), {"r": ref}
            )
    assert len(await log_of(sessionmaker, ref)) == 1


async def test_a_complaint_whose_record_is_behind_is_in_the_needs_attention_queue(
    activities: ComplaintActivities, sessionmaker: Sessionmaker
) -> None:
    """Issue 8, "no poison pill": managers see the complaint in a queue of its own, and the
    mark goes when the record catches up (the next write carries needs_attention None)."""
    from models.effects import AttentionInput
    from web import queues

    ref = reference()
    await write(activities, batch(ref, 3, (1, "Logged")))
    reason = "The complaint's record is behind: 1 record(s) could not be written"
    await ActivityEnvironment().run(
        activities.flag_attention, AttentionInput(reference=ref, reason=reason)
    )
    async with sessionmaker() as session:
        listed = await queues.rows(session, "needs-attention", LOGGED_AT.date(), "m.osei")
        counted = await queues.counts(session, LOGGED_AT.date(), "m.osei")
    assert (ref, reason) in [(row.reference, row.needs_attention) for row in listed]
    assert counted["needs-attention"] >= 1
    await write(activities, batch(ref, 5, (2, "Issue added")))
    async with sessionmaker() as session:
        listed = await queues.rows(session, "needs-attention", LOGGED_AT.date(), "m.osei")
    assert ref not in [row.reference for row in listed]
