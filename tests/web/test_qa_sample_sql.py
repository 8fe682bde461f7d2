"""The quality sample's monthly run and its review form read the month from PostgreSQL
(``reports.sql_governance.qa_sample``): after real lifecycles on the time-skipping
workflow, the run draws and keeps the complaints the Python reference
(``reports.figures.qa_sample``) draws from every row of the month, and the review form of
each suggests that complaint's checklist as the reference scores it (R-RPT-3, R-ORG-1)."""

from __future__ import annotations

import re
import uuid

from models.qa import QaSampleRun
from reports import figures, load
from store import governance as store_gov
from tests.harness import Complaints
from tests.reports.test_report_surfaces_sql import fill
from web.routes.reports import month_bounds
from workflows.qa import QaSampleWorkflow


def suggested(form: str) -> dict[str, str]:
    """The answer each checklist item's radios have chosen on the review form."""
    return dict(re.findall(r'name="(item-\d)" type="radio" value="([^"]+)" checked', form))


async def test_r_rpt_3_the_monthly_run_and_the_review_form_draw_the_python_sample(
    complaints: Complaints, browser
) -> None:
    start, end, _ = await fill(complaints)
    async with complaints.sessionmaker() as session:
        closed = [r.closed_on for r in await load.complaints(session, start, end) if r.closed_on]
    assert closed, "a complaint the workflow closed"
    month = f"{max(closed):%Y-%m}"
    drawn = await complaints.env.client.execute_workflow(
        QaSampleWorkflow.run,
        QaSampleRun(month=month),
        id=f"qa-{uuid.uuid4()}",
        task_queue=complaints.task_queue,
    )
    async with complaints.sessionmaker() as session:
        rows = await load.complaints(session, *month_bounds(month))
        kept = {r.reference: r for r in await store_gov.qa_reviews(session, [month])}
    year, number = (int(part) for part in month.split("-"))
    python = figures.qa_sample(rows, year, number)
    assert drawn.closed == python.closed >= 1
    assert drawn.sampled == [checked.reference for checked in python.sampled]
    assert drawn.sampled, "a complaint drawn"
    organisation = {row.reference: row.organisation for row in rows}
    assert {r: kept[r].organisation for r in drawn.sampled} == {
        r: organisation[r] for r in drawn.sampled
    }

    governance = await browser("governance")
    words = {"passed": "yes", "failed": "no", "not_applicable": "n/a"}
    for checked in python.sampled:
        form = await governance.get(f"/reports/qa/{month}/{checked.reference}")
        assert form.status_code == 200, form.text
        assert f"the checklist scores {checked.score * 100:.0f}%" in form.text
        expected = {
            f"item-{figures.CHECKLIST.index(item)}": words[answer]
            for answer in words
            for item in getattr(checked, answer)
        }
        assert suggested(form.text) == expected

    not_drawn = [r.reference for r in rows if r.reference not in kept] + ["CMP-NOT-DRAWN"]
    for reference in not_drawn:
        assert (await governance.get(f"/reports/qa/{month}/{reference}")).status_code == 404
