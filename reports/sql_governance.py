"""The rest of governance's figures computed in PostgreSQL, beside the period report and the
TSMs of ``reports.sql``: each one aggregate query over the read model or the event log, with
exactly the figures the Python reference (``reports.governance``, ``reports.annual``,
``reports.quality``) gives from rows read into Python, for the whole group or one
organisation (R-ORG-1).

- `volumes`: complaints first received in each month, by the stage reached (R-RPT-1), and
  per organisation (R-ORG-1).
- `satisfaction`: the survey's answers given in the period (R-GOV-6).
- `closed_between`: the complaints closed in a month, which its quality sample draws from
  (R-RPT-3).
- `lessons`: the period's lessons learned, of one organisation's complaints or all (R-LRN-1).
- `refused`: the types of complaint declined, for the annual report (R-GOV-1).
- `findings`: the Ombudsman's findings against the landlord determined in the period
  (R-GOV-1).
- `qa_sample`: the month's quality sample, drawn from the references of the complaints
  closed in it; only the drawn complaints' rows are read, for their checklist (R-RPT-3).

A complaint linked as a duplicate of another is counted once, as its original (R-DUP-1).
"""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from reports import load
from reports.annual import NON_COMPLIANCE, OmbudsmanFinding
from reports.governance import SATISFIED, Satisfaction, months_between
from reports.period import STAGES
from reports.quality import QaSample, checklist, draw
from reports.sql import CHOSEN, READ, scoped
from store import governance as store_governance

# One scan for both: the period's complaints by month, stage and organisation, which are few.
VOLUMES = f"""
SELECT date_trunc('month', first_contact_on), stage, organisation, count(*)
FROM complaints
WHERE {{period}} AND {CHOSEN}
GROUP BY 1, 2, 3
"""

# Each answer's day is the one it gives, else the day its event happened (in UTC, as the
# store's rows are read); only answers to complaints the read model holds.
ANSWERS = """
SELECT answers.satisfaction, answers.stage, answers.online, count(*)
FROM (
    SELECT coalesce((e.data->>'satisfaction')::int, 0) AS satisfaction,
           coalesce(e.data->>'stage', '') AS stage,
           e.actor = 'resident online' AS online,
           coalesce(nullif(e.data->>'answered_on', '')::date,
                    (e.occurred_at AT TIME ZONE 'UTC')::date) AS answered_on,
           c.organisation
    FROM complaint_events e JOIN complaints c ON c.reference = e.reference
    WHERE e.kind = 'survey_answered'
) AS answers
WHERE answers.answered_on BETWEEN :start AND :end
  AND (CAST(:organisation AS text) = '' OR answers.organisation = :organisation)
GROUP BY 1, 2, 3
"""

CLOSED = """
SELECT count(*) FROM complaints
WHERE kind = 'complaint' AND closed_on BETWEEN :start AND :end
  AND (CAST(:organisation AS text) = '' OR organisation = :organisation)
"""

CLOSED_REFERENCES = """
SELECT reference FROM complaints
WHERE kind = 'complaint' AND closed_on BETWEEN :start AND :end
"""

# The complaints declined, each counted under its categories, or its service area when it
# has none.
REFUSED = """
SELECT refused.type, count(*)
FROM (
    SELECT unnest(CASE WHEN cardinality(categories) > 0 THEN categories
                       ELSE ARRAY[service_area] END) AS type
    FROM complaints
    WHERE {period} AND closed_as = 'declined'
) AS refused
GROUP BY 1
"""

# The Ombudsman's findings against the landlord on the complaints a year's report reads,
# determined in the period or on no day recorded; each case in its complaint's order.
FINDINGS = f"""
SELECT reference, number, item->>'case_reference', item->>'ombudsman',
       item->>'determination', (item->>'determined_on')::date,
       jsonb_array_length(coalesce(item->'orders', '[]'::jsonb))
FROM complaints, jsonb_array_elements(ombudsman) WITH ORDINALITY AS cases(item, number)
WHERE {READ} AND ombudsman_determinations && CAST(:findings AS text[])
  AND item->>'determination' = ANY(:findings)
  AND (item->>'determined_on' IS NULL
       OR (item->>'determined_on')::date BETWEEN :read_from AND :read_to)
"""

IN_SCOPE = f"""
SELECT reference FROM complaints
WHERE reference = ANY(:references) AND organisation = :organisation AND {READ}
"""


async def volumes(
    session: AsyncSession, start: date, end: date, *, organisation: str | None = None
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """As ``reports.governance.monthly_volumes`` (each month of the period, by stage) and
    ``reports.governance.by_organisation`` (per organisation, in the order of their names),
    in one scan."""
    values = {"start": start, "end": end, "organisation": organisation}
    monthly = {month: dict.fromkeys(STAGES, 0) for month in months_between(start, end)}
    organisations: Counter[str] = Counter()
    found = await session.execute(text(scoped(VOLUMES, organisation)), values)
    for first_of_month, stage, name, count in found:
        month = monthly[f"{first_of_month:%Y-%m}"]
        month[stage] = month.get(stage, 0) + count
        organisations[name] += count
    return monthly, dict(sorted(organisations.items()))


async def satisfaction(
    session: AsyncSession, start: date, end: date, organisation: str = ""
) -> Satisfaction:
    """As ``reports.governance.satisfaction`` over ``store.governance.survey_answers``."""
    values = {"start": start, "end": end, "organisation": organisation}
    scores: Counter[int] = Counter()
    stages: Counter[str] = Counter()
    online = 0
    for score, stage, by_resident, count in await session.execute(text(ANSWERS), values):
        scores[score] += count
        stages[stage] += count
        online += count if by_resident else 0
    answered = sum(scores.values())
    if not answered:
        return Satisfaction(by_score={str(n): 0 for n in range(1, 6)})
    satisfied = sum(scores[n] for n in SATISFIED)
    return Satisfaction(
        answered=answered,
        online=online,
        by_staff=answered - online,
        satisfied=satisfied,
        share_satisfied=round(satisfied / answered, 4),
        average=round(sum(n * count for n, count in scores.items()) / answered, 2),
        by_score={str(n): scores[n] for n in range(1, 6)},
        by_stage=dict(sorted(stages.items())),
    )


async def closed_between(
    session: AsyncSession, start: date, end: date, organisation: str = ""
) -> int:
    """As ``reports.quality.qa_sample``'s `closed` over the month's rows: the complaints of
    one organisation (or all) closed between start and end."""
    values = {"start": start, "end": end, "organisation": organisation}
    return int((await session.execute(text(CLOSED), values)).scalar_one())


async def lessons(
    session: AsyncSession, start: date, end: date, organisation: str | None = None
) -> list[str]:
    """The lessons recorded in the period, oldest first (``reports.load.lessons``); for one
    organisation, those on its complaints first received or closed in the period."""
    if organisation is None:
        return await load.lessons(session, start, end)
    recorded = [
        lesson
        for lesson in await store_governance.lessons(session)
        if start <= lesson.recorded_on <= end
    ]
    values: dict[str, Any] = {
        "references": sorted({lesson.reference for lesson in recorded}),
        "organisation": organisation,
        "read_from": start,
        "read_to": end,
    }
    in_scope = set((await session.scalars(text(IN_SCOPE), values)).all())
    return [lesson.lesson for lesson in recorded if lesson.reference in in_scope][::-1]


async def refused(session: AsyncSession, start: date, end: date) -> dict[str, int]:
    """As ``reports.annual.refused_types`` over the complaints first received in the period:
    the complaints declined, by category (their service area when they have none), the most
    first."""
    values = {"start": start, "end": end}
    found = await session.execute(text(scoped(REFUSED, None)), values)
    return dict(sorted(((name, int(n)) for name, n in found), key=lambda i: (-i[1], i[0])))


async def findings(session: AsyncSession, start: date, end: date) -> list[OmbudsmanFinding]:
    """As ``reports.annual.findings`` over the complaints first received or closed in the
    period: the Ombudsman's findings against the landlord determined in it."""
    values = {"read_from": start, "read_to": end, "findings": list(NON_COMPLIANCE)}
    found = [
        (
            (day or start, reference, number),
            OmbudsmanFinding(
                reference=reference,
                case_reference=case_reference or "",
                ombudsman=ombudsman or "",
                determination=determination,
                determined_on=day,
                orders=orders,
            ),
        )
        for reference, number, case_reference, ombudsman, determination, day, orders in (
            await session.execute(text(FINDINGS), values)
        )
    ]
    return [finding for _, finding in sorted(found, key=lambda pair: pair[0])]


async def qa_sample(session: AsyncSession, year: int, month: int) -> QaSample:
    """As ``reports.quality.qa_sample`` over every row of the month: the same complaints
    drawn, from the references of those closed in it, each with its checklist."""
    start = date(year, month, 1)
    end = date(year, month, calendar.monthrange(year, month)[1])
    closed = sorted(await session.scalars(text(CLOSED_REFERENCES), {"start": start, "end": end}))
    drawn = draw(closed, year, month)
    rows = await load.complaints(session, start, end, references=drawn)
    return QaSample(
        month=f"{year:04d}-{month:02d}",
        closed=len(closed),
        sampled=[checklist(r) for r in sorted(rows, key=lambda r: r.reference)],
    )
