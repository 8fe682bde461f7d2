"""Writing a workflow's records so that the record equals what the workflow accepted.

A local activity runs before its workflow task commits. If the task then fails (a payload
over Temporal's limits, a worker lost, a non-determinism error), the rows it wrote stay
while the workflow rolls back, and the retried task writes the same sequence numbers again,
perhaps with different content. So every row carries the *epoch* of the task that wrote it
(``rules.record.epoch``) and the *digest* of its content, and a write of a batch, in one
transaction with the complaint locked:

- skips a row already there with the same digest (a retry of this very write);
- supersedes a row with a different digest written by an earlier epoch: that task never
  committed, so its row never counted. The row is kept whole in ``superseded_records``;
- supersedes, the same way, any row of an earlier epoch at a sequence number of the
  writer's range that the batch does not use (left by a task that went further);
- refuses (``RecordConflict``) a row written by the same or a later epoch that differs:
  this write is the stale one, and a conflict is never ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession

from models.effects import (
    NotifyInput,
    RecordEffectsInput,
    RecordEventInput,
    SendLetterInput,
)
from store.read_model import advance_read_model
from store.tables import (
    ComplaintEvent,
    Delivery,
    LetterRecord,
    StaffNotification,
)
from store.tables import ComplaintState as ComplaintStateRow

TABLES: dict[str, Any] = {
    "event": ComplaintEvent,
    "letter": LetterRecord,
    "notice": StaffNotification,
}

SUPERSEDE = """
WITH gone AS (
    DELETE FROM {table} WHERE reference = :reference AND seq = ANY(:seqs) RETURNING *
)
INSERT INTO superseded_records (reference, seq, record, row, superseded_by_epoch, reason)
SELECT reference, seq, :record, to_jsonb(gone) - 'id', :epoch, :reason FROM gone
"""


class RecordConflict(Exception):
    """A different record is already there under a key this write would use."""


@dataclass
class Written:
    """What one write did: rows written, rows found already written, rows superseded."""

    written: int = 0
    unchanged: int = 0
    superseded: list[tuple[str, int]] = field(default_factory=list)


def event_row(input: RecordEventInput, epoch: int) -> dict[str, Any]:
    event = input.event
    return {
        "reference": input.reference,
        "seq": input.seq,
        "kind": event.kind,
        "summary": event.summary,
        "actor": event.actor,
        "occurred_at": input.occurred_at,
        "data": to_jsonable_python(event.data),
        "changes": input.changes,
        "epoch": epoch,
        "digest": input.digest,
    }


def letter_row(input: SendLetterInput, epoch: int, problem: str | None) -> dict[str, Any]:
    return {
        "reference": input.reference,
        "seq": input.seq,
        "letter": input.letter,
        "organisation": input.organisation,
        "channel": input.channel,
        "large_print": input.large_print,
        "recipients": [r.model_dump(mode="json") for r in input.recipients],
        "fields": to_jsonable_python(input.fields),
        "problem": problem,
        "occurred_at": input.occurred_at,
        "epoch": epoch,
        "digest": input.digest,
    }


def notice_row(input: NotifyInput, epoch: int) -> dict[str, Any]:
    return input.model_dump() | {"epoch": epoch}


def advance_state(records: RecordEffectsInput, *, force: bool = False) -> Insert:
    """Upsert the complaint's state snapshot, forward only (see ``advance_read_model``)."""
    upsert = insert(ComplaintStateRow).values(
        reference=records.reference, state=records.state, last_seq=records.last_seq
    )
    return upsert.on_conflict_do_update(
        index_elements=[ComplaintStateRow.reference],
        set_={
            "state": upsert.excluded.state,
            "last_seq": upsert.excluded.last_seq,
            "updated_at": func.now(),
        },
        where=None if force else ComplaintStateRow.last_seq < upsert.excluded.last_seq,
    )


async def lock_complaint(session: AsyncSession, reference: str) -> None:
    """One writer at a time per complaint, until the transaction ends."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:reference, 0))"),
        {"reference": reference},
    )


async def _existing(
    session: AsyncSession, records: RecordEffectsInput, first: int
) -> dict[int, tuple[str, int, str | None]]:
    """Rows of the writer's range from ``first`` on: seq -> (record, epoch, digest)."""
    found: dict[int, tuple[str, int, str | None]] = {}
    for name, table in TABLES.items():
        rows = await session.execute(
            select(table.seq, table.epoch, table.digest).where(
                table.reference == records.reference,
                table.seq >= first,
                table.seq < records.seq_ceiling,
            )
        )
        for seq, epoch, digest in rows:
            found[seq] = (name, epoch, digest)
    return found


async def write_records(
    session: AsyncSession,
    records: RecordEffectsInput,
    problems: dict[int, str | None],
) -> Written:
    """Write one batch (see the module's docstring); ``problems`` gives each letter's
    delivery problem, decided by the caller. Raises ``RecordConflict``."""
    await lock_complaint(session, records.reference)
    wanted: dict[int, tuple[str, str | None]] = {}
    for event in records.events:
        wanted[event.seq] = ("event", event.digest)
    for letter in records.letters:
        wanted[letter.seq] = ("letter", letter.digest)
    for notice in records.notices:
        wanted[notice.seq] = ("notice", notice.digest)
    first = min(wanted, default=records.last_seq + 1)
    first = max(first, records.seq_floor)
    outcome = Written()
    keep: set[int] = set()
    stale: dict[str, list[int]] = {name: [] for name in TABLES}
    for seq, (name, epoch, digest) in sorted((await _existing(session, records, first)).items()):
        want = wanted.get(seq)
        if want is not None and want == (name, digest) and digest is not None:
            outcome.unchanged += 1
            keep.add(seq)
            continue
        if epoch >= records.epoch:
            raise RecordConflict(
                f"{records.reference} #{seq}: a different {name} was written by a later "
                f"workflow task (epoch {epoch}, this write's {records.epoch}); this write is "
                "stale and is refused"
            )
        stale[name].append(seq)
    await _supersede(session, records, stale, outcome)
    await _insert(session, records, keep=keep, problems=problems, outcome=outcome)
    if records.state is not None:
        await session.execute(advance_state(records, force=bool(outcome.superseded)))
    if records.summary is not None:
        await session.execute(
            *advance_read_model(
                records.summary,
                records.last_seq,
                force=bool(outcome.superseded),
                kinds={e.event.kind for e in records.events},
            )
        )
    return outcome


async def _supersede(
    session: AsyncSession,
    records: RecordEffectsInput,
    stale: dict[str, list[int]],
    outcome: Written,
) -> None:
    seqs = sorted(seq for name in ("letter", "notice") for seq in stale[name])
    if seqs:
        sent = await session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.reference == records.reference, Delivery.seq.in_(seqs))
        )
        if sent:
            raise RecordConflict(
                f"{records.reference}: a letter or notice to be superseded (#{seqs}) has "
                "already been delivered"
            )
    if stale["event"]:
        await session.execute(text("SET LOCAL redress.superseding = 'on'"))
    for name, seqs_of in stale.items():
        if not seqs_of:
            continue
        await session.execute(
            text(SUPERSEDE.format(table=TABLES[name].__tablename__)),
            {
                "reference": records.reference,
                "seqs": seqs_of,
                "record": name,
                "epoch": records.epoch,
                "reason": "written by a workflow task that did not commit",
            },
        )
        outcome.superseded += [(name, seq) for seq in seqs_of]
    if stale["event"]:
        await session.execute(text("SET LOCAL redress.superseding = 'off'"))


async def _insert(
    session: AsyncSession,
    records: RecordEffectsInput,
    *,
    keep: set[int],
    problems: dict[int, str | None],
    outcome: Written,
) -> None:
    """Insert every record of the batch but those found already written."""
    epoch = records.epoch
    batches: list[tuple[Any, list[dict[str, Any]]]] = [
        (ComplaintEvent, [event_row(e, epoch) for e in records.events if e.seq not in keep]),
        (
            LetterRecord,
            [
                letter_row(x, epoch, problems.get(x.seq))
                for x in records.letters
                if x.seq not in keep
            ],
        ),
        (StaffNotification, [notice_row(n, epoch) for n in records.notices if n.seq not in keep]),
    ]
    for table, rows in batches:
        if rows:
            await session.execute(insert(table).values(rows))
            outcome.written += len(rows)
