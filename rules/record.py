"""The record's fingerprints: what lets a write be told apart from a different one under the
same key, and the workflow's view of its record be compared with the database's.

Each record (event, letter, staff notice) carries the SHA-256 of its content as the
workflow sent it. The workflow folds those digests, in sequence order, into one running
digest it keeps in its state; ``store.reconcile`` folds the digests the database holds the
same way, so a phantom, a missing or a replaced record shows as a difference.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from models.effects import NotifyInput, RecordEffectsInput, RecordEventInput, SendLetterInput

Record = RecordEventInput | SendLetterInput | NotifyInput

# An epoch is the run's generation (continue-as-new count) and the history length of the
# workflow task that wrote the record; history never reaches this length within one run.
EPOCH_PER_GENERATION = 10_000_000


class _Dumpable(Protocol):
    def model_dump_json(self, *, exclude: set[str]) -> str: ...


def records_of(batch: RecordEffectsInput) -> list[Record]:
    """A batch's events, letters and notices, in sequence order."""
    found: list[Record] = [*batch.events, *batch.letters, *batch.notices]
    return sorted(found, key=lambda record: record.seq)


def record_digest(record: Record) -> str:
    """The SHA-256 of the record's content (everything but the digest itself)."""
    dumpable: _Dumpable = record
    text = dumpable.model_dump_json(exclude={"digest"})
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def fold_digest(running: str, digest: str) -> str:
    """The running digest after one more record, oldest first."""
    return hashlib.sha256(f"{running}:{digest}".encode("ascii")).hexdigest()


def fold_all(digests: list[str], start: str = "") -> str:
    running = start
    for digest in digests:
        running = fold_digest(running, digest)
    return running


def epoch(generation: int, history_length: int) -> int:
    """Which workflow task wrote a record: later tasks, and later runs, have larger epochs."""
    return generation * EPOCH_PER_GENERATION + history_length


def merged(batches: list[RecordEffectsInput]) -> RecordEffectsInput:
    """Several batches of one writer as one write, oldest first: the records kept while the
    database could not take them go with the next write, in order, never after it."""
    if len(batches) == 1:
        return batches[0].model_copy()
    last = batches[-1]
    summaries = [b.summary for b in batches if b.summary is not None]
    return last.model_copy(
        update={
            "events": [e for b in batches for e in b.events],
            "letters": [x for b in batches for x in b.letters],
            "notices": [n for b in batches for n in b.notices],
            "summary": summaries[-1] if summaries else None,
            "last_seq": max(b.last_seq for b in batches),
        }
    )
