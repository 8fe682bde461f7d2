"""The period report as governance reads it (R-RPT-1, R-GOV-5, R-GOV-6, R-HAZ-7): volumes
by month and stage, by organisation, stage, service, category and channel, outcomes,
timeliness per stage, remedies, the Ombudsman's determinations, satisfaction, the quality
sample's scores, the lessons learned and the improvements made from them, and the hazards
the landlord became aware of in the period (``web.report_hazards``).

The figures over complaints and survey answers are aggregated in PostgreSQL
(``reports.sql``, ``reports.sql_governance``); the quality sample's reviews and the lessons'
actions, which are few, are read as they are kept (``store.governance``).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from reports import figures, sql_governance
from reports import governance as gov
from store import governance as store_gov
from web.charts import Chart
from web.render import day
from web.report_hazards import hazard_headline, hazard_tables, period_hazards
from web.report_layout import (
    KINDS,
    STAGE_NAMES,
    Choice,
    ReportView,
    Table,
    counts_table,
    period_figures,
    scope,
    share,
    stage,
)


def _timeliness_table(report: figures.PeriodReport) -> Table:
    rows, bars = [], []
    for kind, found in (("Acknowledgements", report.acknowledged), ("Responses", report.responded)):
        for name, t in found.items():
            what = f"{stage(name)} {kind.lower()}"
            rows.append(
                [what, str(t.counted), share(t.share_within_target), share(t.share_within_limit)]
            )
            bars.append((what, [t.share_within_target or 0.0, t.share_within_limit or 0.0]))
    table = Table(
        "Acknowledged and responded within target and limit, per stage",
        ["Deadline", "Came due", "Within target", "Within limit"],
        rows,
    )
    if bars:
        # One bar per share: within target, then within limit.
        table.chart = Chart(
            table.caption,
            ["Share"],
            [
                (f"{what}: {part}", [v])
                for what, values in bars
                for part, v in zip(("within target", "within limit"), values, strict=True)
            ],
            percent=True,
        )
    return table


async def period_view(db: AsyncSession, choice: Choice) -> ReportView:
    report = await period_figures(db, choice)
    months = gov.months_between(choice.start, choice.end)
    organisation = choice.organisation or None
    volumes, by_org = await sql_governance.volumes(
        db, choice.start, choice.end, organisation=organisation
    )
    satisfaction = await sql_governance.satisfaction(
        db, choice.start, choice.end, choice.organisation
    )
    qa = gov.qa_scores(await store_gov.qa_reviews(db, months), months, choice.organisation)
    improvements = gov.improvements(
        await store_gov.lessons(db), choice.start, choice.end, choice.organisation
    )
    hazards = await period_hazards(db, choice)  # R-HAZ-7
    headline = [
        ("Complaints received", str(report.complaints)),
        ("Declined", str(report.declined)),
        ("Withdrawn", str(report.withdrawn)),
        ("Linked as duplicates", str(report.duplicates)),
        ("Extensions", str(report.extensions)),
        ("Compensation", f"£{report.compensation_total:,.2f}"),
        ("Ombudsman cases", str(report.ombudsman_cases)),
        ("Survey answers", str(satisfaction.answered)),
        ("Satisfied with the handling", share(satisfaction.share_satisfied)),
        ("Quality sample reviewed", f"{qa.reviewed} of {qa.sampled}"),
        ("Average quality score", share(qa.average_score)),
        ("Improvements made", str(len(improvements))),
        *hazard_headline(hazards),
    ]
    stages = list(STAGE_NAMES)
    volume_table = Table(
        "Complaints received by month and the stage they reached",
        ["Month", *[STAGE_NAMES[s] for s in stages], "All"],
        [
            [month, *[str(v[s]) for s in stages], str(sum(v.values()))]
            for month, v in volumes.items()
        ],
    )
    volume_table.chart = Chart(
        volume_table.caption,
        [STAGE_NAMES[s] for s in stages],
        [(month, [float(v[s]) for s in stages]) for month, v in volumes.items()],
    )
    tables = [volume_table]
    if not choice.organisation:
        tables.append(counts_table("Complaints by organisation", by_org, "Organisation", words=str))
    tables += [
        counts_table("Complaints by stage reached", report.by_stage, "Stage", words=stage),
        counts_table("Complaints by service", report.by_service_area, "Service"),
        counts_table("Complaints by category", report.by_category, "Category", chart=True),
        counts_table("Complaints by channel", report.by_channel, "Channel"),
        counts_table("Outcomes", report.outcomes, "Outcome", chart=True),
        _timeliness_table(report),
        Table(
            "Average working days from first contact to response",
            ["Stage", "Working days"],
            [[stage(s), f"{d:.1f}"] for s, d in report.average_working_days_to_response.items()],
        ),
        counts_table("Remedies", report.remedies, "Remedy"),
        counts_table("Ombudsman determinations", report.ombudsman_determinations, "Determination"),
        _satisfaction_table(satisfaction),
        Table("Lessons learned in the period", ["Lesson"], [[text] for text in report.lessons]),
        Table(
            "Improvements made from lessons learned",
            ["Completed", "Lesson", "Action", "What changed", "Owner"],
            [
                [day(i.completed_on), i.lesson, i.action or "", i.outcome, i.owner or ""]
                for i in improvements
            ],
        ),
    ]
    tables += hazard_tables(hazards)
    return ReportView("period", KINDS["period"], scope(choice), headline, tables)


def _satisfaction_table(found: gov.Satisfaction) -> Table:
    words = {
        "5": "Very satisfied",
        "4": "Satisfied",
        "3": "Neither",
        "2": "Dissatisfied",
        "1": "Very dissatisfied",
    }
    rows = [(words[k], found.by_score.get(k, 0)) for k in ("5", "4", "3", "2", "1")]
    table = Table(
        "Satisfaction survey answers", ["Answer", "Residents"], [[w, str(n)] for w, n in rows]
    )
    if found.answered:
        table.chart = Chart(table.caption, ["Residents"], [(w, [float(n)]) for w, n in rows])
    return table
