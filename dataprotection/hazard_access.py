"""The hazards held about a person, for subject access (R-DP-2 with section 10).

A hazard is the person's when it was reported with one of their complaints, when its
report's postcode is theirs, or when they are named (by email address or name) among the
recipients of its letters or the tenant of its kept start input.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import Hazard

# Hazards whose letters or kept start input name the person (as email or name).
_NAMED = text(
    """
    SELECT l.reference FROM letters l JOIN hazards h ON h.reference = l.reference,
        jsonb_array_elements(l.recipients) r
    WHERE (:email <> '' AND lower(r->>'email') = :email)
       OR (:name <> '' AND lower(r->>'name') = :name)
    UNION
    SELECT s.reference FROM intake_submissions s JOIN hazards h ON h.reference = s.reference,
        jsonb_array_elements(coalesce(s.start->'tenant'->'recipients', '[]'::jsonb)) r
    WHERE (:email <> '' AND lower(r->>'email') = :email)
       OR (:name <> '' AND lower(r->>'name') = :name)
    """
)


async def hazards_of(
    session: AsyncSession, complaints: Sequence[str], *, email: str, postcode: str, name: str
) -> list[str]:
    """The references of the person's hazards: those of their complaints, and those whose
    report's postcode (``postcode`` without spaces, upper case) or letters' recipients
    (``email`` and ``name`` in lower case) are theirs."""
    named = set((await session.scalars(_NAMED, {"email": email, "name": name.lower()})).all())
    wanted: list[ColumnElement[bool]] = [Hazard.reference.in_(named)]
    if complaints:
        wanted.append(Hazard.complaint_reference.in_(list(complaints)))
    if postcode:
        kept = func.replace(Hazard.state["report"]["postcode"].astext, " ", "")
        wanted.append(func.upper(kept) == postcode)
    statement = select(Hazard.reference).where(or_(*wanted)).order_by(Hazard.reference)
    return list((await session.scalars(statement)).all())
