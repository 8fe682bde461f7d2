"""Reports count withdrawals (R-WDR-1) and duplicates (R-DUP-1) apart from declined
complaints, and a duplicate once: from rows alone, and from the real store after the
time-skipping workflow has withdrawn, declined and linked complaints."""

from __future__ import annotations

from datetime import date

from intake.calendar import calendar_for
from models.messages import (
    AcceptInput,
    DeclineInput,
    LinkDuplicateInput,
    WithdrawInput,
)
from reports import figures
from reports.__main__ import build, parser
from rules.calendar import WorkingCalendar
from tests.harness import Complaints
from tests.unit.test_reports import LATE, ON_TIME, Q4, row

WITHDRAWN = row(11, status="withdrawn", closed_on=date(2026, 11, 5))
DUPLICATE = row(12, status="duplicate", channel="telephone", closed_on=date(2026, 11, 5))
DECLINED = row(13, status="declined", closed_on=date(2026, 11, 5))
# Once its record is complete a complaint's row says "completed"; the event log still knows.
WITHDRAWN_LONG_AGO = row(14, status="completed", closed_on=date(2026, 11, 5))
ROWS = [ON_TIME, LATE, WITHDRAWN, DUPLICATE, DECLINED, WITHDRAWN_LONG_AGO]
CLOSURES = {WITHDRAWN_LONG_AGO.reference: "withdrawn"}


def test_r_wdr_1_and_r_dup_1_counted_apart_from_declined_and_a_duplicate_once() -> None:
    report = figures.period_report(
        ROWS, *Q4, cal=WorkingCalendar(calendar_for(Q4[0])), closures=CLOSURES
    )
    assert (report.declined, report.withdrawn, report.duplicates) == (1, 2, 1)
    assert report.complaints == 5  # every complaint but the second contact
    assert report.by_channel == {"web_form": 4, "telephone": 1}  # LATE, not the duplicate


def test_r_dup_1_a_duplicate_is_not_counted_again_in_the_tenant_satisfaction_measures() -> None:
    reached = row(21, deadlines=ON_TIME.deadlines)
    again = row(22, status="duplicate", deadlines=ON_TIME.deadlines)
    tsm = figures.tenant_satisfaction([reached, again], *Q4, homes=1000)
    assert tsm.complaints["stage_1"] == 1


async def test_r_wdr_1_and_r_dup_1_reports_read_them_from_the_store(
    complaints: Complaints,
) -> None:
    today = await complaints.start_of_working_day()
    period = ["--from", today.isoformat(), "--to", today.isoformat()]

    async def report() -> figures.PeriodReport:
        made = await build(parser().parse_args(["period", *period]), complaints.sessionmaker)
        assert isinstance(made, figures.PeriodReport)
        return made

    before = await report()
    original = await complaints.log()
    await complaints.act(original, "accept", AcceptInput())
    withdrawn = await complaints.log()
    await complaints.act(withdrawn, "withdraw", WithdrawInput(how="telephone", withdrawn_on=today))
    declined = await complaints.log()
    await complaints.act(
        declined,
        "decline",
        DeclineInput(reason="insurance_claim", detail="This is a claim on the insurance."),
    )
    second = await complaints.log()
    await complaints.act(second, "link_duplicate", LinkDuplicateInput(original=original.id))

    after = await report()
    assert after.complaints - before.complaints == 3  # the duplicate is counted once
    assert after.declined - before.declined == 1
    assert after.withdrawn - before.withdrawn == 1
    assert after.duplicates - before.duplicates == 1
