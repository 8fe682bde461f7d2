"""Governance's reports as the web shows them: each report (the period report, the Tenant
Satisfaction Measures, the quality sample, the self-assessment) for a period and an
organisation, or the group (R-ORG-1), laid out once as a title, headline figures and
tables, some with a chart. The page, the CSV and the PDF are written from the same view, so
the three say the same figures.

The figures come from ``reports.figures`` and ``reports.governance``; this module only
reads the rows and puts the figures into words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from intake.calendar import calendar_for
from reports import figures, load
from reports import governance as gov
from rules.calendar import WorkingCalendar
from store import governance as store_gov
from web.charts import Chart
from web.render import day, humanise

KINDS = {
    "period": "Complaints report",
    "tsm": "Tenant Satisfaction Measures",
    "qa": "Quality sample",
    "self-assessment": "Self-assessment",
}
STAGE_NAMES = {"stage_1": "Stage 1", "stage_2": "Stage 2", "stage_3": "Stage 3"}


@dataclass
class Table:
    caption: str
    head: list[str]
    rows: list[list[str]]
    chart: Chart | None = None
    links: dict[int, str] = field(default_factory=dict)  # row index: address of its first cell


@dataclass
class ReportView:
    kind: str
    title: str
    scope: str  # the period (or month) and the organisation, in words
    headline: list[tuple[str, str]]
    tables: list[Table]


@dataclass(frozen=True)
class Choice:
    """What the reader chose: a period (or a month for the sample), an organisation."""

    start: date
    end: date
    organisation: str = gov.GROUP
    homes: int | None = None
    month: str | None = None


def share(value: float | None) -> str:
    return "none due" if value is None else f"{value:.0%}"


def stage(value: str) -> str:
    return STAGE_NAMES.get(value, humanise(value))


def counts_table(
    caption: str, counts: dict[str, int], what: str, *, chart: bool = False, words: Any = humanise
) -> Table:
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    table = Table(caption, [what, "Complaints"], [[words(k), str(v)] for k, v in rows])
    if chart and rows:
        table.chart = Chart(caption, ["Complaints"], [(words(k), [float(v)]) for k, v in rows])
    return table


def scope(choice: Choice) -> str:
    who = choice.organisation or "the group (every organisation)"
    if choice.month:
        return f"Complaints closed in {choice.month}, {who}"
    return f"{day(choice.start)} to {day(choice.end)}, {who}"


async def _period_figures(
    db: AsyncSession, choice: Choice
) -> tuple[figures.PeriodReport, list[Any], dict[str, str]]:
    rows = gov.for_organisation(
        await load.complaints(db, choice.start, choice.end), choice.organisation
    )
    references = [r.reference for r in rows]
    closures = await load.closures(db, references)
    lessons = await load.lessons(db, choice.start, choice.end)
    if choice.organisation:
        in_scope = {r.reference for r in rows}
        lessons = [
            lesson.lesson
            for lesson in await store_gov.lessons(db)
            if lesson.reference in in_scope and choice.start <= lesson.recorded_on <= choice.end
        ][::-1]
    report = figures.period_report(
        rows,
        choice.start,
        choice.end,
        cal=WorkingCalendar(calendar_for(choice.start)),
        extensions=await load.extensions(db, references),
        lessons=lessons,
        closures=closures,
    )
    return report, rows, closures


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
    report, rows, closures = await _period_figures(db, choice)
    months = gov.months_between(choice.start, choice.end)
    volumes = gov.monthly_volumes(rows, choice.start, choice.end, closures)
    satisfaction = gov.satisfaction(
        await store_gov.survey_answers(db, choice.start, choice.end),
        choice.start,
        choice.end,
        choice.organisation,
    )
    qa = gov.qa_scores(await store_gov.qa_reviews(db, months), months, choice.organisation)
    improvements = gov.improvements(
        await store_gov.lessons(db), choice.start, choice.end, choice.organisation
    )
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
        by_org = gov.by_organisation(rows, choice.start, choice.end, closures)
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
    hazards = getattr(report, "hazards", None)  # R-HAZ-7, where the figures give them
    if isinstance(hazards, BaseModel | dict):
        found = hazards.model_dump() if isinstance(hazards, BaseModel) else hazards
        tables.append(
            Table("Hazards", ["Figure", "Value"], [[humanise(k), str(v)] for k, v in found.items()])
        )
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


async def tsm_view(db: AsyncSession, choice: Choice) -> ReportView:
    rows = gov.for_organisation(
        await load.complaints(db, choice.start, choice.end), choice.organisation
    )
    closures = await load.closures(db, [r.reference for r in rows])
    assert choice.homes is not None  # the route asks for it
    tsm = figures.tenant_satisfaction(rows, choice.start, choice.end, choice.homes, closures)
    stages = list(tsm.complaints)
    table = Table(
        "CH01 and CH02 per stage",
        ["Stage", "Complaints", "CH01: per 1,000 homes", "CH02: responded within timescales"],
        [
            [stage(s), str(tsm.complaints[s]), f"{tsm.ch01[s]:.2f}", share(tsm.ch02[s])]
            for s in stages
        ],
    )
    table.chart = Chart(
        "CH02: share responded within the Code's timescales",
        ["Share"],
        [(stage(s), [tsm.ch02[s] or 0.0]) for s in stages],
        percent=True,
    )
    headline = [("Homes", f"{tsm.homes:,}")] + [
        (f"CH01 {stage(s)} complaints per 1,000 homes", f"{tsm.ch01[s]:.2f}") for s in stages
    ]
    headline += [(f"CH02 {stage(s)} within timescales", share(tsm.ch02[s])) for s in stages]
    return ReportView("tsm", KINDS["tsm"], scope(choice), headline, [table])


async def qa_view(db: AsyncSession, choice: Choice) -> ReportView:
    assert choice.month is not None
    year, month = (int(part) for part in choice.month.split("-"))
    rows = await load.complaints(db, choice.start, choice.end)
    checked = {r.reference: figures.checklist(r) for r in rows}
    reviews = [
        r
        for r in await store_gov.qa_reviews(db, [choice.month])
        if choice.organisation in (gov.GROUP, r.organisation)
    ]
    closed = figures.qa_sample(gov.for_organisation(rows, choice.organisation), year, month).closed
    sample = Table(
        "The complaints drawn and their scores",
        ["Reference", "Organisation", "Checklist from the record", "Reviewer's score", "Reviewer"],
        [],
    )
    for index, review in enumerate(reviews):
        auto = checked.get(review.reference)
        sample.rows.append(
            [
                review.reference,
                review.organisation,
                share(auto.score) if auto else "not found",
                share(gov.review_score(review.scores)) if review.scores else "not reviewed",
                review.reviewer_id or "",
            ]
        )
        sample.links[index] = f"/reports/qa/{choice.month}/{review.reference}"
    scores = gov.qa_scores(reviews)
    items = Table(
        "Reviewers' answers per checklist item",
        ["Checklist item", "Yes", "No", "Not applicable", "Share yes where it applies"],
        [],
    )
    bars = []
    for item, answers in scores.items.items():
        applies = answers["yes"] + answers["no"]
        yes = answers["yes"] / applies if applies else None
        items.rows.append(
            [
                item.capitalize(),
                str(answers["yes"]),
                str(answers["no"]),
                str(answers["n/a"]),
                share(yes),
            ]  # fmt: skip
        )
        bars.append((item.capitalize(), [yes or 0.0]))
    if scores.reviewed:
        items.chart = Chart(items.caption, ["Share yes"], bars, percent=True)
    headline = [
        ("Complaints closed in the month", str(closed)),
        ("Drawn into the sample", str(scores.sampled)),
        ("Reviewed", str(scores.reviewed)),
        ("Average reviewer's score", share(scores.average_score)),
    ]
    return ReportView("qa", KINDS["qa"], scope(choice), headline, [sample, items])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and 0 <= value <= 1:
        return f"{value:.0%}"
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


async def self_assessment_view(db: AsyncSession, choice: Choice) -> ReportView:
    report, _, _ = await _period_figures(db, choice)
    found = figures.self_assessment(report)
    items = [item.model_dump() if isinstance(item, BaseModel) else dict(item) for item in found]
    names = list(items[0]) if items else ["clause", "evidence"]
    table = Table(
        "Code clauses and the evidence of the period",
        [humanise(n) for n in names],
        [[_cell(item.get(n)) for n in names] for item in items],
    )
    headline = [("Clauses", str(len(items)))]
    return ReportView("self-assessment", KINDS["self-assessment"], scope(choice), headline, [table])


VIEWS = {
    "period": period_view,
    "tsm": tsm_view,
    "qa": qa_view,
    "self-assessment": self_assessment_view,
}
