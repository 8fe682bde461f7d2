"""The reports read from the real store (R-RPT-1 to R-RPT-4): a complaint answered at
Stage 1 by the time-skipping workflow shows in the quarter's figures, the Tenant
Satisfaction Measures, the month's QA sample population and the self-assessment."""

from __future__ import annotations

from reports import figures
from reports.__main__ import build, parser
from reports.assessment import SPEAKS_TO, edition_for
from tests.delivery.test_lifecycle import opened, response
from tests.harness import Complaints


async def test_r_rpt_1_to_4_a_complaint_answered_at_stage_1_is_in_the_figures(
    complaints: Complaints,
) -> None:
    handle = await opened(complaints)
    await complaints.act(handle, "submit_response", response())
    today = await complaints.today()
    period = ["--from", today.replace(day=1).isoformat(), "--to", today.isoformat()]

    async def run(*argv: str):
        return await build(parser().parse_args(list(argv)), complaints.sessionmaker)

    report = await run("period", *period)
    tsm = await run("tsm", *period, "--homes", "1000")
    qa = await run("qa", "--month", f"{today:%Y-%m}")
    assessment = await run("self-assessment", *period)

    assert isinstance(report, figures.PeriodReport)
    assert report.complaints >= 1 and report.responded["stage_1"].within_limit >= 1
    assert report.outcomes.get("partially_upheld", 0) >= 1
    assert "Order boiler parts on the first visit" in report.lessons
    assert tsm.complaints["stage_1"] >= 1 and tsm.ch02["stage_1"] is not None
    assert qa.closed >= 1 and len(qa.sampled) >= 1
    # the clauses of the edition in force for the period (the 2024 Code), in its numbering
    code = edition_for(today.replace(day=1), today)
    assert assessment.edition == code.edition == "2024" and assessment.code == code.name
    clauses = {c.clause: c for c in assessment.clauses}
    assert set(clauses) == {c for found in SPEAKS_TO["2024"].values() for c in found}
    assert clauses["6.3"].share is not None and clauses["6.3"].share > 0  # answered in time
