"""The period report's counts and the Tenant Satisfaction Measures computed in PostgreSQL
(R-RPT-1, R-RPT-2), for periods with too many complaints to read into Python: the same
figures as ``reports.figures`` from the same read-model rows, aggregated where they are.

``period_counts`` fills a ``PeriodReport``'s volumes, outcomes, timeliness per stage,
extensions, remedies and compensation; the average working days, the ombudsman cases and
the lessons stay with ``reports.figures`` (they need the calendar or the event log's text).
A complaint linked as a duplicate of another is left out (R-DUP-1), as there.
Declined and withdrawn are read from the row's status, so a complaint whose record has
since been completed is not counted as either here; ``reports.figures`` reads the event log.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from reports.figures import PeriodReport, TenantSatisfaction, Timeliness

CHOSEN = """
WITH chosen AS (
    SELECT c.reference, c.stage, c.service_area, c.channel, c.status, c.outcome,
           c.categories, c.remedies, c.deadlines, c.compensation_total
    FROM complaints c
    WHERE c.kind = 'complaint' AND c.first_contact_on BETWEEN :start AND :end
      AND c.status <> 'duplicate'
      AND NOT EXISTS (
          SELECT 1 FROM complaint_events e
          WHERE e.reference = c.reference AND e.kind = 'linked_as_duplicate'
      )
)
"""

GROUPS = (
    CHOSEN
    + """
SELECT 'stage', stage, count(*) FROM chosen GROUP BY stage
UNION ALL SELECT 'service_area', service_area, count(*) FROM chosen GROUP BY service_area
UNION ALL SELECT 'channel', channel, count(*) FROM chosen GROUP BY channel
UNION ALL SELECT 'outcome', outcome, count(*) FROM chosen WHERE outcome IS NOT NULL
    GROUP BY outcome
UNION ALL SELECT 'category', category, count(*) FROM chosen, unnest(categories) AS category
    GROUP BY category
UNION ALL SELECT 'remedy', m->>'kind', count(*) FROM chosen, jsonb_array_elements(remedies) m
    GROUP BY m->>'kind'
UNION ALL SELECT 'status', status, count(*) FROM chosen
    WHERE status IN ('declined', 'withdrawn') GROUP BY status
UNION ALL SELECT 'total', '', count(*) FROM chosen
"""
)

TIMELINESS = (
    CHOSEN
    + """
SELECT CASE
         WHEN d->>'key' = 'acknowledgement' THEN 'acknowledged stage_1'
         WHEN d->>'key' LIKE 'escalation_decision_%' THEN 'acknowledged stage_2'
         ELSE 'responded ' || left(d->>'key', 7)
       END AS kind,
       count(*),
       count(*) FILTER (WHERE (d->>'met_on')::date <= (d->>'target')::date),
       count(*) FILTER (WHERE (d->>'met_on')::date <= (d->>'due')::date)
FROM chosen, jsonb_array_elements(deadlines) d
WHERE (d->>'key' IN ('acknowledgement', 'stage_1_response', 'stage_2_response',
                     'stage_3_response') OR d->>'key' LIKE 'escalation_decision_%')
  AND NOT coalesce((d->>'cancelled')::boolean, false)
  AND (d->>'met_on' IS NOT NULL OR coalesce((d->>'limit_missed')::boolean, false))
GROUP BY 1
"""
)

TOTALS = (
    CHOSEN
    + """
SELECT coalesce(sum(compensation_total), 0),
       (SELECT count(*) FROM complaint_events e JOIN chosen USING (reference)
        WHERE e.kind = 'extended')
FROM chosen
"""
)

REACHED = (
    CHOSEN
    + """
SELECT count(*) FILTER (WHERE deadlines @> '[{"key": "stage_1_response"}]'),
       count(*) FILTER (WHERE deadlines @> '[{"key": "stage_2_response"}]')
FROM chosen
"""
)


async def _timeliness(
    session: AsyncSession, start: date, end: date
) -> dict[str, dict[str, Timeliness]]:
    found: dict[str, dict[str, Timeliness]] = {"acknowledged": {}, "responded": {}}
    rows = await session.execute(text(TIMELINESS), {"start": start, "end": end})
    for kind, counted, target, limit in rows.all():
        what, stage = kind.split(" ")
        found[what][stage] = Timeliness(counted=counted, within_target=target, within_limit=limit)
    return found


async def period_counts(session: AsyncSession, start: date, end: date) -> PeriodReport:
    """R-RPT-1's counts for complaints first received in the period."""
    report = PeriodReport(start=start, end=end)
    groups: dict[str, dict[str, int]] = {}
    for group, name, count in (
        await session.execute(text(GROUPS), {"start": start, "end": end})
    ).all():
        groups.setdefault(group, {})[name] = count
    report.complaints = groups.get("total", {}).get("", 0)
    report.declined = groups.get("status", {}).get("declined", 0)
    report.withdrawn = groups.get("status", {}).get("withdrawn", 0)
    report.by_stage = groups.get("stage", {})
    report.by_service_area = groups.get("service_area", {})
    report.by_channel = groups.get("channel", {})
    report.outcomes = groups.get("outcome", {})
    report.by_category = groups.get("category", {})
    report.remedies = groups.get("remedy", {})
    timeliness = await _timeliness(session, start, end)
    report.acknowledged = timeliness["acknowledged"]
    report.responded = timeliness["responded"]
    total, extensions = (await session.execute(text(TOTALS), {"start": start, "end": end})).one()
    report.compensation_total = round(float(total), 2)
    report.extensions = extensions
    return report


async def tenant_satisfaction(
    session: AsyncSession, start: date, end: date, homes: int
) -> TenantSatisfaction:
    """R-RPT-2, as ``reports.figures.tenant_satisfaction``."""
    if homes <= 0:
        raise ValueError("The number of homes must be more than 0 (CH01 is per 1,000 homes).")
    stage_1, stage_2 = (await session.execute(text(REACHED), {"start": start, "end": end})).one()
    counts = {"stage_1": stage_1, "stage_2": stage_2}
    responded = (await _timeliness(session, start, end))["responded"]
    ch02: dict[str, float | None] = {}
    for stage in counts:
        share = responded.get(stage, Timeliness()).share_within_limit
        ch02[stage] = None if share is None else round(share, 4)
    return TenantSatisfaction(
        start=start,
        end=end,
        homes=homes,
        complaints=counts,
        ch01={s: round(n / homes * 1000, 2) for s, n in counts.items()},
        ch02=ch02,
    )
