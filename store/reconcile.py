"""Reconcile each complaint's workflow with its record: list every difference.

The workflow is what was accepted; the record (the event log, letters and notices) and the
read model must say the same. For each complaint this asks the workflow for its state and
compares:

- the record's numbers: no row beyond the last number the workflow used (a phantom left by
  a workflow task that never committed);
- the record's content: the digests of the rows, folded in order, against the running
  digest the workflow keeps (``rules.record``): a missing, extra or different row shows;
- records the workflow holds that the database has not taken yet (needs attention);
- the read model's row, field by field, against the workflow's summary.

Usage (with the stack's settings, or ``DATABASE_URL`` and ``REDRESS_TEMPORAL_ADDRESS``)::

    python -m store.reconcile                    # every complaint in the read model
    python -m store.reconcile CMP-2026-000001    # only these

Exit status 1 when any difference is found. Complaints whose rows were written before
digests existed are compared on what they have (the rows without a digest are skipped).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from temporalio.client import Client

from models.complaint import ComplaintState
from models.effects import SEQ_SPACE, ComplaintSummary
from rules.read_model import as_record, summarise
from rules.record import fold_all, records_of
from store.db import Sessionmaker
from store.tables import Complaint, ComplaintEvent, LetterRecord, StaffNotification

RECORDS: dict[str, Any] = {
    "event": ComplaintEvent,
    "letter": LetterRecord,
    "notice": StaffNotification,
}


@dataclass(frozen=True)
class Difference:
    reference: str
    what: str

    def __str__(self) -> str:
        return f"{self.reference}: {self.what}"


async def _rows(sessionmaker: Sessionmaker, reference: str) -> list[tuple[int, str, str | None]]:
    """The complaint's own records (not its trackers'): (seq, kind, digest), in order."""
    found: list[tuple[int, str, str | None]] = []
    async with sessionmaker() as session:
        for name, table in RECORDS.items():
            rows = await session.execute(
                select(table.seq, table.digest).where(
                    table.reference == reference, table.seq < SEQ_SPACE
                )
            )
            found += [(seq, name, digest) for seq, digest in rows]
    return sorted(found)


async def _read_model(sessionmaker: Sessionmaker, reference: str) -> Complaint | None:
    async with sessionmaker() as session:
        return await session.get(Complaint, reference)


def compare(
    state: ComplaintState,
    rows: list[tuple[int, str, str | None]],
    read_model: Complaint | None,
) -> list[Difference]:
    """Every difference between the workflow's state and its record (pure)."""
    ref = state.reference
    found: list[Difference] = []
    phantoms = [(seq, kind) for seq, kind, _ in rows if seq > state.event_seq]
    found += [
        Difference(ref, f"{kind} #{seq} is in the record but not in the workflow (phantom)")
        for seq, kind in phantoms
    ]
    kept = {r.seq for batch in state.unrecorded for r in records_of(batch)}
    if kept:
        found.append(
            Difference(
                ref,
                f"{len(kept)} record(s) held by the workflow are not yet written "
                f"(#{min(kept)} to #{max(kept)})",
            )
        )
    digests = [digest for seq, _, digest in rows if digest is not None and seq not in kept]
    if not kept and fold_all(digests) != state.record_digest:
        found.append(
            Difference(ref, "the record's content differs from what the workflow accepted")
        )
    found += _read_model_differences(state, read_model)
    return found


def _read_model_differences(state: ComplaintState, row: Complaint | None) -> list[Difference]:
    ref = state.reference
    if row is None:
        return [Difference(ref, "no row in the read model")]
    if state.unrecorded:
        return []  # the row follows once the held records are written
    expected = as_record(summarise(state))
    columns = {column.key: getattr(row, column.key) for column in Complaint.__table__.c}
    actual = as_record(ComplaintSummary.model_validate(columns))
    found = [
        Difference(ref, f"read model field {name}: {actual.get(name)!r}, workflow {value!r}")
        for name, value in expected.items()
        if name != "needs_attention" and actual.get(name) != value
    ]
    if (row.needs_attention is not None) != (state.attention is not None):
        found.append(
            Difference(
                ref,
                f"read model needs_attention {row.needs_attention!r}, workflow {state.attention!r}",
            )
        )
    if row.last_seq > state.event_seq:
        found.append(
            Difference(
                ref,
                f"read model written by record #{row.last_seq}, beyond "
                f"the workflow's last #{state.event_seq}",
            )
        )
    return found


async def reconcile_one(
    client: Client, sessionmaker: Sessionmaker, reference: str
) -> list[Difference]:
    try:
        state = await client.get_workflow_handle(reference).query(
            "complaint", result_type=ComplaintState
        )
    except Exception as error:  # noqa: BLE001 - said as a difference, the rest go on
        return [Difference(reference, f"the workflow could not be asked: {error}")]
    rows = await _rows(sessionmaker, reference)
    return compare(state, rows, await _read_model(sessionmaker, reference))


async def reconcile(
    client: Client, sessionmaker: Sessionmaker, references: Sequence[str] | None = None
) -> list[Difference]:
    """Every difference for ``references`` (default: every complaint in the read model)."""
    if references is None:
        async with sessionmaker() as session:
            references = list(
                await session.scalars(select(Complaint.reference).order_by(Complaint.reference))
            )
    found: list[Difference] = []
    for reference in references:
        found += await reconcile_one(client, sessionmaker, reference)
    return found


async def _main(argv: list[str] | None = None) -> int:
    from clients import connect_temporal
    from settings import get_settings
    from store.db import NoDatabase, database_url, make_engine, make_sessionmaker

    parser = argparse.ArgumentParser(prog="python -m store.reconcile", description=__doc__)
    parser.add_argument("references", nargs="*", help="only these complaints (default: all)")
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        url = database_url(settings)
    except NoDatabase as error:
        print(error, file=sys.stderr)
        return 2
    engine = make_engine(url)
    try:
        client = await connect_temporal(settings)
        found = await reconcile(client, make_sessionmaker(engine), args.references or None)
    finally:
        await engine.dispose()
    for difference in found:
        print(difference)
    print(f"{len(found)} difference(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_main()))
