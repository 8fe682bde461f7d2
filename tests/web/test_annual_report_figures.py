"""The annual report's page shows governance the figures the Python reference
(``reports.annual.annual_report``) gives from every row of the financial year, though the
page takes them from PostgreSQL: the complaints received, declined and withdrawn, each
stage's responses within the limit, the types of complaint refused, the Ombudsman's
findings and the improvements, after real lifecycles (R-GOV-1)."""

from __future__ import annotations

import re
from html import unescape

from intake.calendar import calendar_for
from reports import annual, load
from rules.calendar import WorkingCalendar
from tests.harness import Complaints
from tests.reports.test_governance_surfaces_sql import decline_in_category, referred
from tests.reports.test_report_surfaces_sql import fill
from web.render import humanise


def said(page: str, element: str, tag: str = "p") -> str:
    """The words of the page's element with that id, without its markup."""
    found = re.search(rf'<{tag}[^>]* id="{element}"[^>]*>(.*?)</{tag}>', page, re.S)
    assert found, f"no {element} on the page"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


async def test_r_gov_1_the_annual_report_page_shows_the_python_figures(
    complaints: Complaints, browser
) -> None:
    await fill(complaints)
    reference = await referred(complaints)
    await decline_in_category(complaints)
    year = annual.year_of(await complaints.today())
    page = (await (await browser("governance")).get(f"/governance/annual-report/{year}")).text
    start, end = annual.financial_year(year)
    async with complaints.sessionmaker() as session:
        rows = await load.complaints(session, start, end)
        references = [r.reference for r in rows]
        python = annual.annual_report(
            rows,
            year,
            cal=WorkingCalendar(calendar_for(start)),
            homes=complaints.settings.homes,
            extensions=await load.extensions(session, references),
            lessons=await load.lessons(session, start, end),
            closures=await load.closures(session, references),
        )
    performance = python.performance
    assert said(page, "performance", "table").startswith(
        f"Complaints received: {performance.complaints} (declined {performance.declined}, "
        f"withdrawn {performance.withdrawn})"
    )
    for stage, number in (("Stage 1", "stage_1"), ("Stage 2", "stage_2")):
        timely = performance.responded.get(number)
        shown = f"{timely.within_limit} of {timely.counted}" if timely else "0 of 0"
        assert f"{stage} {performance.by_stage.get(number, 0)} {shown}" in said(
            page, "performance", "table"
        )
    refused = said(page, "refused").removeprefix("Complaints not accepted, by type: ")
    assert sorted(refused.rstrip(".").split(", ")) == sorted(
        f"{humanise(name)} {n}" for name, n in python.refused.items()
    )
    assert python.refused["pets"] >= 1
    findings = said(page, "findings").removeprefix("The Ombudsman's findings against us: ")
    assert findings.rstrip(".").split(", ") == [
        f"{f.case_reference} ({humanise(f.determination)})".strip() for f in python.findings
    ]
    assert f"HOS-{reference}-1 (Maladministration)" in findings
    assert f"HOS-{reference}-2" not in findings  # no maladministration: not a finding
    assert said(page, "improvements") == (
        f"Improvements from lessons learned: {len(python.improvements)}."
    )
