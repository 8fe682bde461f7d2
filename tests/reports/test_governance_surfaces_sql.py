"""The governing body's pages and ``python -m reports self-assessment|qa`` take their
figures from PostgreSQL (``reports.sql``, ``reports.sql_governance``): the annual report's
draft (its performance, TSMs, types of complaint refused, the Ombudsman's findings and
improvements), the period figures a self-assessment run is drafted from, the command
line's evidence per clause and the month's quality sample. After real lifecycles on the
time-skipping workflow, each is what the Python reference (``reports.annual``,
``reports.assessment``, ``reports.figures``) gives from every row of the same period read
into memory (R-GOV-1, R-GOV-3, R-RPT-3, R-RPT-4, R-DUP-1)."""

from __future__ import annotations

import argparse
from datetime import timedelta

from intake.calendar import calendar_for
from models.messages import (
    DeclineInput,
    RecordDeterminationInput,
    RecordOmbudsmanCaseInput,
)
from models.stages import OutstandingAction
from reports import __main__ as command
from reports import annual, assessment, figures, load
from rules.calendar import WorkingCalendar
from tests.delivery.test_lifecycle import opened, response
from tests.harness import Complaints
from tests.reports.test_report_surfaces_sql import HOMES, fill, python_report
from web.routes.board_annual import draft
from web.routes.board_common import period_figures
from web.routes.reports import month_bounds


async def referred(complaints: Complaints) -> str:
    """A complaint answered at Stage 1, then taken to the Housing Ombudsman twice: one case
    found maladministration with an order, the other no maladministration."""
    handle = await opened(complaints)
    await complaints.act(handle, "submit_response", response())
    today = await complaints.today()
    for case, determination in enumerate(("maladministration", "no_maladministration"), 1):
        await complaints.act(
            handle,
            "record_ombudsman_case",
            RecordOmbudsmanCaseInput(
                by="officer",
                ombudsman="housing_ombudsman",
                case_reference=f"HOS-{handle.id}-{case}",
                referred_on=today,
            ),
        )
        orders = [OutstandingAction(what="Pay £250", due=today + timedelta(days=28))]
        await complaints.act(
            handle,
            "record_determination",
            RecordDeterminationInput(
                by="officer",
                case_id=case,
                determination=determination,
                orders=orders if determination == "maladministration" else [],
            ),
        )
    return handle.id


async def decline_in_category(complaints: Complaints) -> None:
    """A complaint declined with a category of its own, counted under it as refused."""
    handle = await complaints.log(categories=["pets"])
    await complaints.act(
        handle, "decline", DeclineInput(reason="insurance_claim", detail="A claim on insurance.")
    )


async def test_r_gov_1_the_annual_report_is_drafted_with_the_python_figures(
    complaints: Complaints,
) -> None:
    await fill(complaints)
    reference = await referred(complaints)
    await decline_in_category(complaints)
    year = annual.year_of(await complaints.today())
    start, end = annual.financial_year(year)
    settings = complaints.settings.model_copy(update={"homes": HOMES})
    async with complaints.sessionmaker() as session:
        page = await draft(session, settings, year)
        rows = await load.complaints(session, start, end)
        references = [r.reference for r in rows]
        python = annual.annual_report(
            rows,
            year,
            cal=WorkingCalendar(calendar_for(start)),
            homes=HOMES,
            extensions=await load.extensions(session, references),
            lessons=await load.lessons(session, start, end),
            closures=await load.closures(session, references),
            assessment=page.self_assessment,
            assessment_edition=page.assessment_edition,
            letters=page.letters,
            written=page.written,
            board_response=page.board_response,
        )
    assert page.model_dump() == python.model_dump()
    assert page.refused["pets"] >= 1 and page.refused["landlord_services"] >= 1
    assert list(page.refused.values()) == sorted(page.refused.values(), reverse=True)
    (finding,) = [f for f in page.findings if f.reference == reference]
    assert (finding.case_reference, finding.determination, finding.orders) == (
        f"HOS-{reference}-1",
        "maladministration",
        1,
    )
    assert page.satisfaction is not None and page.satisfaction.complaints["stage_1"] >= 1
    assert "Order boiler parts on the first visit" in page.improvements


async def test_r_gov_3_a_self_assessment_run_is_drafted_from_the_python_figures(
    complaints: Complaints,
) -> None:
    """A run for the financial year so far (``web.routes.board_assessment.start_run``)."""
    await fill(complaints)
    today = await complaints.today()
    start, end = annual.financial_year(annual.year_of(today))
    python, _, _ = await python_report(complaints.sessionmaker, start, min(end, today))
    async with complaints.sessionmaker() as session:
        report = await period_figures(session, start, min(end, today))
    assert report.model_dump() == python.model_dump()
    assert report.declined >= 1 and report.withdrawn >= 1 and report.duplicates >= 1
    drafted = assessment.draft(report, "annual")
    assert drafted == assessment.draft(python, "annual")
    accepted = f"{report.complaints - report.declined} of {report.complaints} complaint(s)"
    assert any(c.figures.startswith(accepted) for c in drafted.clauses)


async def test_r_rpt_4_the_self_assessment_command_gives_the_python_evidence(
    complaints: Complaints,
) -> None:
    start, end, _ = await fill(complaints)
    python, _, _ = await python_report(complaints.sessionmaker, start, end)
    asked = argparse.Namespace(command="self-assessment", start=start, end=end)
    found = await command.build(asked, complaints.sessionmaker)
    assert found == assessment.period_evidence(python)
    assert isinstance(found, assessment.PeriodEvidence) and found.clauses
    assert f"{python.extensions} extension(s)" in command.text(found)


async def test_r_rpt_3_the_qa_command_draws_the_python_sample(complaints: Complaints) -> None:
    """Only the references of the month's closed complaints and the drawn complaints' rows
    are read: the same sample, closed count and checklists as from every row of the month."""
    start, end, _ = await fill(complaints)
    async with complaints.sessionmaker() as session:
        closed = [r.closed_on for r in await load.complaints(session, start, end) if r.closed_on]
    assert closed, "a complaint the workflow closed"
    month = f"{max(closed):%Y-%m}"
    found = await command.build(
        argparse.Namespace(command="qa", month=month), complaints.sessionmaker
    )
    async with complaints.sessionmaker() as session:
        rows = await load.complaints(session, *month_bounds(month))
    year, number = (int(part) for part in month.split("-"))
    python = figures.qa_sample(rows, year, number)
    assert found == python
    assert python.closed >= 1 and len(python.sampled) >= 1


async def test_r_rpt_3_the_qa_command_refuses_a_month_it_cannot_read(
    complaints: Complaints,
) -> None:
    for wrong in ("2026-13", "November", "2026-11-02"):
        asked = argparse.Namespace(command="qa", month=wrong)
        try:
            await command.build(asked, complaints.sessionmaker)
        except ValueError as refused:
            assert str(refused) == f"--month must be a month as YYYY-MM, not {wrong!r}"
        else:
            raise AssertionError(f"{wrong} was read as a month")
