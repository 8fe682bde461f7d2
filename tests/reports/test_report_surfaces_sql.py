"""The report pages, ``python -m reports period|tsm`` and the quarterly pack take their
figures from PostgreSQL (``reports.sql``, ``reports.sql_governance``,
``reports.pack.stored_mrc_pack``), and those are the figures the Python report
(``reports.figures``, ``reports.governance``, ``reports.pack.mrc_pack``) gives from the rows
read into memory, on a store the time-skipping workflow has filled (R-RPT-1, R-RPT-2,
R-GOV-4, R-GOV-5, R-GOV-6, R-ORG-1, R-DUP-1) and on fixed rows with the Ombudsman's orders."""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from intake.calendar import calendar_for
from models.effects import ComplaintSummary, Event, RecordEventInput
from models.messages import (
    AnswerSurveyInput,
    DeclineInput,
    ExtendInput,
    LinkDuplicateInput,
    ReopenWithdrawnInput,
    WithdrawInput,
)
from reports import __main__ as command
from reports import figures, load, sql_governance
from reports import governance as gov
from reports.pack import mrc_pack, quarter_before, quarter_start, stored_mrc_pack
from rules.calendar import WorkingCalendar
from rules.read_model import as_record
from store import governance as store_gov
from store.db import Sessionmaker, UnitOfWork
from store.rows import append_event
from tests.delivery.test_lifecycle import HANDLER, opened, response
from tests.harness import Complaints
from tests.unit.test_reports import row as base_row
from web.report_layout import Choice, period_figures
from web.report_measures import qa_view, tsm_view
from web.routes.reports import month_bounds

HOMES = 12_500


async def python_report(
    sessionmaker: Sessionmaker, start: date, end: date, organisation: str = gov.GROUP
) -> tuple[figures.PeriodReport, list[ComplaintSummary], dict[str, str]]:
    """The period report as the pages made it from rows read into Python."""
    async with sessionmaker() as session:
        rows = gov.for_organisation(await load.complaints(session, start, end), organisation)
        references = [r.reference for r in rows]
        closures = await load.closures(session, references)
        lessons = await load.lessons(session, start, end)
        if organisation:
            lessons = [
                lesson.lesson
                for lesson in await store_gov.lessons(session)
                if lesson.reference in set(references) and start <= lesson.recorded_on <= end
            ][::-1]
        report = figures.period_report(
            rows,
            start,
            end,
            cal=WorkingCalendar(calendar_for(start)),
            extensions=await load.extensions(session, references),
            lessons=lessons,
            closures=closures,
        )
    return report, rows, closures


async def fill(complaints: Complaints) -> tuple[date, date, str]:
    """Complaints handled by the workflow: answered after an extension with a lesson and a
    survey answer, declined, withdrawn, withdrawn and taken up again, and a second contact
    linked as a duplicate; the period, and the answered complaint's organisation."""
    answered = await opened(complaints)
    today = await complaints.today()
    current = (await complaints.state(answered)).deadlines["stage_1_response"].due
    new_due = complaints.cal(today).add_working_days(current, 2)
    await complaints.act(
        answered,
        "extend",
        ExtendInput(by=HANDLER.id, new_due=new_due, reason="Waiting for the surveyor's report"),
    )
    await complaints.act(answered, "submit_response", response())
    await complaints.act(answered, "answer_survey", AnswerSurveyInput(satisfaction=4))
    declined = await complaints.log()
    await complaints.act(
        declined, "decline", DeclineInput(reason="insurance_claim", detail="A claim on insurance.")
    )
    withdrawn = await opened(complaints)
    await complaints.act(
        withdrawn, "withdraw", WithdrawInput(how="telephone", withdrawn_on=await complaints.today())
    )
    back = await opened(complaints)
    await complaints.act(
        back, "withdraw", WithdrawInput(how="email", withdrawn_on=await complaints.today())
    )
    await complaints.act(back, "reopen_withdrawn", ReopenWithdrawnInput(reason="Asked by phone"))
    second = await complaints.log()
    await complaints.act(second, "link_duplicate", LinkDuplicateInput(original=answered.id))
    await complaints.advance(timedelta(days=3))
    organisation = (await complaints.row(answered.id)).organisation
    return today.replace(day=1), await complaints.today(), organisation


async def test_r_rpt_1_the_report_pages_give_the_python_figures_after_real_lifecycles(
    complaints: Complaints,
) -> None:
    start, end, organisation = await fill(complaints)
    for chosen in (gov.GROUP, organisation):
        python, rows, closures = await python_report(complaints.sessionmaker, start, end, chosen)
        async with complaints.sessionmaker() as session:
            page = await period_figures(session, Choice(start, end, chosen))
            volumes, by_organisation = await sql_governance.volumes(
                session, start, end, organisation=chosen or None
            )
            satisfaction = await sql_governance.satisfaction(session, start, end, chosen)
            answers = await store_gov.survey_answers(session, start, end)
            tsm = await tsm_view(session, Choice(start, end, chosen, homes=HOMES))
        assert page.model_dump() == python.model_dump()
        assert page.declined >= 1 and page.withdrawn >= 1 and page.duplicates >= 1
        assert "Order boiler parts on the first visit" in page.lessons
        assert volumes == gov.monthly_volumes(rows, start, end, closures)
        assert by_organisation == gov.by_organisation(rows, start, end, closures)
        assert by_organisation[organisation] >= 1
        assert sum(n for month in volumes.values() for n in month.values()) == page.complaints
        assert satisfaction == gov.satisfaction(answers, start, end, chosen)
        assert satisfaction.answered >= 1 and satisfaction.by_score["4"] >= 1
        python_tsm = figures.tenant_satisfaction(rows, start, end, HOMES, closures)
        ch01 = {name: value for name, value in tsm.headline if name.startswith("CH01")}
        assert (
            ch01["CH01 Stage 1 complaints per 1,000 homes"] == f"{python_tsm.ch01['stage_1']:.2f}"
        )


async def test_r_rpt_1_the_period_and_tsm_commands_give_the_python_figures(
    complaints: Complaints,
) -> None:
    start, end, _ = await fill(complaints)
    python, rows, closures = await python_report(complaints.sessionmaker, start, end)
    period = argparse.Namespace(command="period", start=start, end=end)
    found = await command.build(period, complaints.sessionmaker)
    assert isinstance(found, figures.PeriodReport)
    assert found.model_dump(exclude={"hazards"}) == python.model_dump(exclude={"hazards"})
    assert found.hazards is not None
    tsm = argparse.Namespace(command="tsm", start=start, end=end, homes=HOMES)
    assert await command.build(tsm, complaints.sessionmaker) == figures.tenant_satisfaction(
        rows, start, end, HOMES, closures
    )


async def python_pack(sessionmaker: Sessionmaker, day: date) -> Any:
    """The pack as the activity made it from rows read into Python."""
    start, _ = quarter_before(day)
    before, _ = quarter_before(start)
    async with sessionmaker() as session:
        rows = await load.complaints(session, before, day - timedelta(days=1))
        references = [r.reference for r in rows]
        return mrc_pack(
            rows,
            day,
            cal=WorkingCalendar(calendar_for(start)),
            homes=HOMES,
            mrc_name="Cllr Ada Moss",
            extensions=await load.extensions(session, references),
            lessons=await load.lessons(session, start, day - timedelta(days=1)),
            closures=await load.closures(session, references),
        )


async def test_r_gov_4_the_pack_gives_the_python_figures_after_real_lifecycles(
    complaints: Complaints,
) -> None:
    start, _, _ = await fill(complaints)
    day = quarter_start(quarter_start(start) + timedelta(days=100))  # the next quarter
    python = await python_pack(complaints.sessionmaker, day)
    async with complaints.sessionmaker() as session:
        stored = await stored_mrc_pack(session, day, homes=HOMES, mrc_name="Cllr Ada Moss")
    assert stored == python
    assert stored.report.complaints >= 1 and stored.satisfaction is not None


def order(due: str, completed_on: str | None) -> dict[str, Any]:
    return {"kind": "ombudsman_order", "what": "Pay £100", "due": due, "completed_on": completed_on}


RUN = uuid.uuid4().hex[:8]  # references of their own, so the rows are new to any store


# The Ombudsman's orders on fixed rows (R-GOV-4): due in the quarter (2026 Q4) and done by
# then, done late, not done; due after it; and another kind of action due in it.
ORDERS = [
    base_row(
        601,
        reference=f"PCK-{RUN}-601",
        organisation="Pack Test Homes",
        actions=[
            order("2026-11-20", "2026-11-19"),
            order("2026-12-01", "2026-12-09"),
            order("2026-12-30", None),
            order("2027-01-15", None),
            {"kind": "action", "what": "Fit a fan", "due": "2026-11-25", "completed_on": None},
        ],
    ),
    # Received before the quarter before and closed in it: read, so its order counts.
    base_row(
        602,
        reference=f"PCK-{RUN}-602",
        organisation="Pack Test Homes",
        first_contact_on=date(2026, 3, 2),
        closed_on=date(2026, 8, 3),
        actions=[order("2026-10-20", "2026-10-20")],
    ),
    # Received long before and closed long before: not read, so not counted.
    base_row(
        603,
        reference=f"PCK-{RUN}-603",
        organisation="Pack Test Homes",
        first_contact_on=date(2025, 3, 2),
        closed_on=date(2025, 8, 3),
        actions=[order("2026-10-21", None)],
    ),
]


async def test_r_gov_4_the_pack_counts_the_ombudsman_orders_as_the_python_pack(
    complaints: Complaints,
) -> None:
    async with complaints.sessionmaker() as session:
        before = await stored_mrc_pack(session, date(2027, 1, 5), homes=HOMES)
    async with UnitOfWork(complaints.sessionmaker) as uow:
        for summary in ORDERS:
            await append_event(
                uow.session,
                RecordEventInput(
                    reference=summary.reference,
                    seq=1,
                    occurred_at=datetime(2026, 11, 2, 10, tzinfo=UTC),
                    event=Event(kind="logged", summary="logged (fixed orders)"),
                    summary=summary,
                    changes=as_record(summary),
                ),
            )
        await uow.commit()
    python = await python_pack(complaints.sessionmaker, date(2027, 1, 5))
    async with complaints.sessionmaker() as session:
        stored = await stored_mrc_pack(
            session, date(2027, 1, 5), homes=HOMES, mrc_name="Cllr Ada Moss"
        )
    assert stored == python
    added = (
        stored.orders.due - before.orders.due,
        stored.orders.complied - before.orders.complied,
        stored.orders.outstanding - before.orders.outstanding,
    )
    assert added == (4, 2, 1)


async def test_r_rpt_3_the_quality_sample_page_gives_the_python_figures(
    complaints: Complaints,
) -> None:
    """The month's closed complaints are counted in PostgreSQL, and only the sample's rows
    are read, for their checklist: as from every row of the month."""
    start, end, organisation = await fill(complaints)
    async with complaints.sessionmaker() as session:
        closed = [r.closed_on for r in await load.complaints(session, start, end) if r.closed_on]
    assert closed, "a complaint the workflow closed"
    month = f"{max(closed):%Y-%m}"
    async with complaints.sessionmaker() as session:
        rows = await load.complaints(session, *month_bounds(month))
        drawn = [(r.reference, r.organisation) for r in rows if r.closed_on is not None]
    assert drawn, "a complaint closed in the month"
    async with UnitOfWork(complaints.sessionmaker) as uow:
        await store_gov.keep_sample(uow.session, month, drawn)
        await uow.commit()
    for chosen in (gov.GROUP, organisation):
        choice = Choice(*month_bounds(month), chosen, month=month)
        async with complaints.sessionmaker() as session:
            rows = await load.complaints(session, choice.start, choice.end)
            view = await qa_view(session, choice)
        year, number = (int(part) for part in month.split("-"))
        python = figures.qa_sample(gov.for_organisation(rows, chosen), year, number)
        assert dict(view.headline)["Complaints closed in the month"] == str(python.closed)
        assert python.closed >= 1
        checked = {r.reference: figures.checklist(r) for r in rows}
        sample = {cells[0]: cells[2] for cells in view.tables[0].rows}
        assert {reference for reference, _ in drawn if reference in sample} == {
            reference for reference, o in drawn if chosen in (gov.GROUP, o)
        }
        for reference, words in sample.items():
            found = checked.get(reference)
            assert words == (f"{found.score:.0%}" if found else "not found")
