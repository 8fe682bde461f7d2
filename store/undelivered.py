"""Letters the resident never received (R-EDIT-1): those whose delivery to them (the first
recipient, numbered 0: `rules.letters.recipients`) was marked undeliverable, with what the
letter said as recorded, so a correction of the contact details can send them again.

Nothing here writes; the workflow records a letter sent again as a new letter.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.closure import UndeliveredLetter
from rules.calendar import local_date
from store.tables import Delivery, LetterRecord


async def undelivered_letters(
    session: AsyncSession, reference: str, seqs: Iterable[int] | None = None
) -> list[UndeliveredLetter]:
    """The complaint's letters (or those of `seqs`) marked undeliverable to the resident,
    oldest first."""
    statement = (
        select(LetterRecord, Delivery.problem)
        .join(
            Delivery,
            (Delivery.reference == LetterRecord.reference) & (Delivery.seq == LetterRecord.seq),
        )
        .where(
            LetterRecord.reference == reference,
            # reference:seq:recipient, the delivery's key (delivery.ledger)
            Delivery.key == func.concat(LetterRecord.reference, ":", LetterRecord.seq, ":0"),
            Delivery.status == "undeliverable",
        )
        .order_by(LetterRecord.seq)
    )
    if seqs is not None:
        statement = statement.where(LetterRecord.seq.in_(list(seqs)))
    return [
        UndeliveredLetter(
            seq=letter.seq,
            letter=letter.letter,
            fields=letter.fields,
            problem=problem or "It could not be delivered.",
            recorded_on=local_date(letter.occurred_at),
        )
        for letter, problem in (await session.execute(statement)).all()
    ]
