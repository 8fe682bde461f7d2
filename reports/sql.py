"""The period report's figures and the Tenant Satisfaction Measures computed in PostgreSQL
(R-RPT-1, R-RPT-2), for periods with too many complaints to read into Python: the same
figures as ``reports.figures`` gives from the same rows and event log, aggregated where
they are, for the whole group or one organisation (R-ORG-1).

Each complaint's row keeps its part of the figures in plain columns, worked out when the
row is written (``store.read_model``): per stage, how many acknowledgements and responses
came to an end and how many of those within target and limit, the working days to the
response, whether the stage was reached; whether it was declined, withdrawn or linked as a
duplicate as the event log says; its extensions, remedies and ombudsman determinations.
So the report is one scan of the period's rows, counted and summed by what it splits them
by, and the TSMs another.

The working days are counted when the row is written, by the calendar reports count with
(``store.read_model.report_calendar``); after a change of closures, ``python -m
store.rebuild`` counts them again. A complaint linked as a duplicate of another is counted
apart (R-DUP-1), as there. The lessons (text from the event log) and the hazards stay with
``reports.figures``; the rest of governance's figures over complaints (volumes by month,
per organisation, the survey's answers, the types of complaint refused, the Ombudsman's
findings, the quality sample) are in ``reports.sql_governance``, the Ombudsman's orders in
``reports.pack``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from reports.period import STAGES, PeriodReport, TenantSatisfaction, Timeliness

CHOSEN = "closed_as IS DISTINCT FROM 'duplicate'"
# The complaints a report of a period reads into Python (``reports.load.complaints``): those
# first received in it, or closed in it.
READ = """
kind = 'complaint'
AND (first_contact_on BETWEEN :read_from AND :read_to OR closed_on BETWEEN :read_from AND :read_to)
"""
# What each stage's timeliness sums: (report field, stage, column prefix).
TIMELY = [
    *(("acknowledged", f"stage_{n}", f"s{n}_ack") for n in (1, 2)),
    *(("responded", f"stage_{n}", f"s{n}_response") for n in (1, 2, 3)),
]
MEASURES = ("counted", "in_target", "in_limit")
KEYS = (
    "closed_as",
    "stage",
    "service_area",
    "channel",
    "outcome",
    "categories",
    "remedy_kinds",
    "ombudsman_determinations",
)
SUMS = (
    "compensation_total",
    "extensions",
    *(f"{prefix}_{m}" for _, _, prefix in TIMELY for m in MEASURES),
    *(f"s{n}_response_days" for n in (1, 2, 3)),
)

# One scan: the period's rows counted and summed by everything the report splits them by,
# which are few; Python then adds each split up.
GROUPS = f"""
SELECT {", ".join(KEYS)}, count(*),
       {", ".join(f"coalesce(sum({name}), 0)" for name in SUMS)},
       {", ".join(f"count(s{n}_response_days)" for n in (1, 2, 3))}
FROM complaints
WHERE {{period}}
GROUP BY {", ".join(KEYS)}
"""

REACHED = f"""
SELECT count(*) FILTER (WHERE s1_reached), count(*) FILTER (WHERE s2_reached),
       coalesce(sum(s1_response_counted), 0), coalesce(sum(s1_response_in_limit), 0),
       coalesce(sum(s2_response_counted), 0), coalesce(sum(s2_response_in_limit), 0)
FROM complaints
WHERE {{period}} AND {CHOSEN}
"""


def scoped(sql: str, organisation: str | None) -> str:
    """The query with ``{period}`` as the complaints first received in the period, of one
    organisation or of all."""
    period = "kind = 'complaint' AND first_contact_on BETWEEN :start AND :end"
    if organisation is not None:
        period += " AND organisation = :organisation"
    return sql.format(period=period)


async def period_counts(
    session: AsyncSession, start: date, end: date, *, organisation: str | None = None
) -> PeriodReport:
    """R-RPT-1's figures for complaints first received in the period, of one organisation
    or of all."""
    values: dict[str, Any] = {"start": start, "end": end, "organisation": organisation}
    rows = (await session.execute(text(scoped(GROUPS, organisation)), values)).all()
    ends: Counter[str] = Counter()
    splits: dict[str, Counter[Any]] = {name: Counter() for name in KEYS[1:]}
    sums: Counter[str] = Counter()
    for row in rows:
        keys = dict(zip(KEYS, row[: len(KEYS)], strict=True))
        count, *added = row[len(KEYS) :]
        if keys["closed_as"]:
            ends[keys["closed_as"]] += count
        if keys["closed_as"] == "duplicate":
            continue  # R-DUP-1: counted once, as its original
        sums["complaints"] += count
        for name in ("stage", "service_area", "channel"):
            splits[name][keys[name]] += count
        if keys["outcome"]:
            splits["outcome"][keys["outcome"]] += count
        for name in ("categories", "remedy_kinds", "ombudsman_determinations"):
            for item in keys[name]:
                splits[name][item] += count
        for name, value in zip((*SUMS, "s1_days", "s2_days", "s3_days"), added, strict=True):
            sums[name] += value
    return _report(start, end, ends, splits, sums)


def _report(
    start: date,
    end: date,
    ends: Counter[str],
    splits: dict[str, Counter[Any]],
    sums: Counter[str],
) -> PeriodReport:
    determinations = splits["ombudsman_determinations"]
    report = PeriodReport(
        start=start,
        end=end,
        complaints=sums["complaints"],
        declined=ends["declined"],
        withdrawn=ends["withdrawn"],
        duplicates=ends["duplicate"],
        by_stage=dict(splits["stage"]),
        by_service_area=dict(splits["service_area"]),
        by_channel=dict(splits["channel"]),
        outcomes=dict(splits["outcome"]),
        by_category=dict(splits["categories"]),
        remedies=dict(splits["remedy_kinds"]),
        extensions=int(sums["extensions"]),
        compensation_total=round(float(sums["compensation_total"]), 2),
        ombudsman_cases=sum(determinations.values()),
        ombudsman_determinations={d: n for d, n in determinations.items() if d},
    )
    for field, stage, prefix in TIMELY:
        counted, in_target, in_limit = (int(sums[f"{prefix}_{m}"]) for m in MEASURES)
        if counted:
            getattr(report, field)[stage] = Timeliness(
                counted=counted, within_target=in_target, within_limit=in_limit
            )
    for n, stage in enumerate(STAGES, 1):
        if given := sums[f"s{n}_days"]:
            days = int(sums[f"s{n}_response_days"])
            report.average_working_days_to_response[stage] = round(days / given, 1)
    return report


async def tenant_satisfaction(
    session: AsyncSession,
    start: date,
    end: date,
    homes: int,
    *,
    organisation: str | None = None,
) -> TenantSatisfaction:
    """R-RPT-2, as ``reports.figures.tenant_satisfaction``."""
    if homes <= 0:
        raise ValueError("The number of homes must be more than 0 (CH01 is per 1,000 homes).")
    values = {"start": start, "end": end, "organisation": organisation}
    found = (await session.execute(text(scoped(REACHED, organisation)), values)).one()
    stage_1, stage_2, *responded = (int(v) for v in found)
    counts = {"stage_1": stage_1, "stage_2": stage_2}
    ch02: dict[str, float | None] = {}
    for i, stage in enumerate(counts):
        counted, in_limit = responded[2 * i : 2 * i + 2]
        ch02[stage] = round(in_limit / counted, 4) if counted else None
    return TenantSatisfaction(
        start=start,
        end=end,
        homes=homes,
        complaints=counts,
        ch01={s: round(n / homes * 1000, 2) for s, n in counts.items()},
        ch02=ch02,
    )
