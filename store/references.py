"""Complaint references: ``CMP-2026-000123`` and friends, given out once each (R-INT-1)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from models.enums import Kind
from store.tables import ReferenceAllocation, ReferenceCounter

PREFIXES: dict[Kind, str] = {
    Kind.COMPLAINT: "CMP",
    Kind.COMPLIMENT: "CPL",
    Kind.COMMENT: "CMT",
}
# A hazard under Awaab's Law has its own reference (HAZ-2026-000012), counted apart.
HAZARD_PREFIX = "HAZ"
# The same shape LogComplaintInput accepts.
REFERENCE_PATTERN = re.compile(r"^(CMP|CPL|CMT)-\d{4}-\d{6}$")
# Anything with a record of its own: a complaint, compliment, comment or hazard.
RECORD_REFERENCE_PATTERN = re.compile(r"^(CMP|CPL|CMT|HAZ)-\d{4}-\d{6}$")
LARGEST_NUMBER = 999_999


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year:04d}-{number:06d}"


async def next_reference(session: AsyncSession, kind: str, year: int) -> str:
    """The next reference for ``kind`` in ``year``, counting from 000001 each year.

    One ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statement: concurrent callers
    queue on the counter row, so no two get the same number. The number is taken when
    the caller's transaction commits; a rollback gives it back.

    Raises ``ValueError`` for an unknown kind, a year that is not four digits, or a
    year that has run out of six-digit numbers.
    """
    try:
        prefix = HAZARD_PREFIX if kind == "hazard" else PREFIXES[Kind(kind)]
    except ValueError:
        known = ", ".join(k.value for k in PREFIXES)
        raise ValueError(
            f'no reference prefix for kind "{kind}"; expected one of {known}'
        ) from None
    if not 1000 <= year <= 9999:
        raise ValueError(f"reference year must have four digits, got {year}")
    statement = (
        insert(ReferenceCounter)
        .values(prefix=prefix, year=year, last_value=1)
        .on_conflict_do_update(
            index_elements=[ReferenceCounter.prefix, ReferenceCounter.year],
            set_={"last_value": ReferenceCounter.last_value + 1},
        )
        .returning(ReferenceCounter.last_value)
    )
    number = (await session.execute(statement)).scalar_one()
    if number > LARGEST_NUMBER:
        raise ValueError(f"{prefix} references for {year} have run out at {LARGEST_NUMBER}")
    return format_reference(prefix, year, number)


async def reference_for_key(session: AsyncSession, key: str, kind: str, year: int) -> str:
    """The reference allocated for ``key``, allocating one the first time.

    Used by the workflow's allocation activity with the complaint and event as the key,
    so a retry after a lost reply returns the same reference. The caller commits.
    """
    found = await session.scalar(
        select(ReferenceAllocation.reference).where(ReferenceAllocation.key == key)
    )
    if found is not None:
        return found
    reference = await next_reference(session, kind, year)
    session.add(ReferenceAllocation(key=key, reference=reference))
    await session.flush()
    return reference
