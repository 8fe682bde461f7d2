"""The Tenant Satisfaction Measures (R-RPT-2), the month's quality sample with the
reviewers' scores (R-RPT-3) and the self-assessment's evidence from the data (R-RPT-4) as
governance reads them, each for the chosen period (or month) and organisation. The figures
are aggregated in PostgreSQL; of the month's complaints only those drawn into the sample
are read, for their checklist.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from reports import assessment, figures, load, sql, sql_governance
from reports import governance as gov
from store import governance as store_gov
from web.charts import Chart
from web.report_layout import KINDS, Choice, ReportView, Table, period_figures, scope, share, stage


async def tsm_view(db: AsyncSession, choice: Choice) -> ReportView:
    assert choice.homes is not None  # the route asks for it
    tsm = await sql.tenant_satisfaction(
        db, choice.start, choice.end, choice.homes, organisation=choice.organisation or None
    )
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
    reviews = [
        r
        for r in await store_gov.qa_reviews(db, [choice.month])
        if choice.organisation in (gov.GROUP, r.organisation)
    ]
    drawn = [r.reference for r in reviews]  # only the sample's rows are read
    rows = await load.complaints(db, choice.start, choice.end, references=drawn)
    checked = {r.reference: figures.checklist(r) for r in rows}
    closed = await sql_governance.closed_between(db, choice.start, choice.end, choice.organisation)
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


async def self_assessment_view(db: AsyncSession, choice: Choice) -> ReportView:
    """Each clause of the edition of the Code in force for the period that the period's
    figures speak to, in that edition's numbering, with what the figures say."""
    report = await period_figures(db, choice)
    code = assessment.edition_for(choice.start, choice.end)
    found = assessment.data_evidence(report, code.edition)
    table = Table(
        f"Clauses of the {code.name} and the evidence of the period",
        ["Clause", "Requirement", "Evidence", "Share in time"],
        [],
    )
    for clause in code.clauses:
        if clause.clause in found:
            evidence, in_time = found[clause.clause]
            row = [clause.clause, clause.requirement, evidence]
            table.rows.append(row + ["" if in_time is None else f"{in_time:.0%}"])
    headline = [
        ("Edition of the Code", code.edition),
        ("Clauses the data speaks to", str(len(table.rows))),
    ]
    return ReportView("self-assessment", KINDS["self-assessment"], scope(choice), headline, [table])
