"""R-GOV-1 to R-GOV-3 in the browser: governance runs a self-assessment against every clause
of the Code's 2024 edition, answers a clause, opens an earlier version as it was saved, then
edits and publishes the annual report with the governing body's response and opens its
first version; the published PDF holds what the page said. Each page passes axe; a handler
is refused the governance pages."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

from tests.browser.axe import no_serious_violation
from tests.browser.pages import choose, follow, text, visit


async def test_r_gov_governance_answers_the_code_then_edits_and_publishes_the_annual_report(
    people, http, screenshots, axe_script: Path
) -> None:
    page = await people("governance", screenshots, bypass_csp=True)

    await visit(page, screenshots, "/governance/self-assessment", "self-assessment-runs")
    await no_serious_violation(page, axe_script)
    await follow(page, screenshots, "#start-run", "self-assessment-refused")
    assert "Select why the run is needed" in await text(page, "#error-summary")
    await no_serious_violation(page, axe_script)
    await choose(page, "reason", "annual")
    await follow(page, screenshots, "#start-run", "self-assessment-run")
    assert "drafted from the data" in await text(page, "#flash")
    assert await page.locator("[id^='clause-']").count() == 72
    assert "Complaint Handling Code 2024" in await text(page, "#run-edition")
    assert "From the data" in await text(page, "#c6_2-figures")
    await no_serious_violation(page, axe_script)

    await choose(page, "c3_1-comply", "yes")
    await page.fill("#c3_1-evidence", "A complaints team of four, named in the policy.")
    await follow(page, screenshots, "#save", "self-assessment-saved")
    assert "Version 2 saved" in await text(page, "#flash")
    assert (
        await page.input_value("#c3_1-evidence")
        == "A complaints team of four, named in the policy."
    )
    await follow(page, screenshots, "#approve", "self-assessment-approval-refused")
    assert "say whether it is met" in await text(page, "#error-summary")
    await no_serious_violation(page, axe_script)
    await follow(page, screenshots, "#version-1", "self-assessment-version-1")
    assert "Saved by" in await text(page, "#version-status")
    assert "Not answered" in await text(page, "#saved-3_1")
    assert await page.locator("main form").count() == 0
    await no_serious_violation(page, axe_script)

    await visit(page, screenshots, "/governance/annual-report", "annual-report")
    await no_serious_violation(page, axe_script)
    year = page.url.rstrip("/").rsplit("/", 1)[1]
    await page.fill("#introduction", "Our year of complaints, and what we changed.")
    await follow(page, screenshots, "#publish", "annual-report-refused")
    assert "governing body's response before publishing" in await text(page, "#error-summary")
    await no_serious_violation(page, axe_script)
    await page.fill("#board_response", "The board welcomes the report and its lessons.")
    await follow(page, screenshots, "#save", "annual-report-saved")
    saved = re.search(r"Version (\d+) saved", await text(page, "#flash"))
    assert saved, "no version saved"  # the year's first, unless other tests saved before
    version = int(saved.group(1))
    await follow(page, screenshots, "#publish", "annual-report-published")
    assert f"Version {version + 1} published" in await text(page, "#flash")
    assert f"Version {version + 1}" in await text(page, "#published")
    await no_serious_violation(page, axe_script)
    await follow(page, screenshots, f"#version-{version}", "annual-report-saved-version")
    assert "Our year of complaints" in await text(page, "#part-introduction")
    assert await text(page, "#published") == "No"
    await no_serious_violation(page, axe_script)

    html = await page.request.get(f"/governance/annual-report/{year}/published.html")
    assert html.ok and "The board welcomes the report and its lessons." in await html.text()
    pdf = await page.request.get(f"/governance/annual-report/{year}/published.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(await pdf.body())).pages)
    assert "Our year of complaints" in words
    assert "The board welcomes the report" in " ".join(words.split())
    assert "Self-assessment against the Complaint Handling Code" in words

    handler = await http("handler")
    for path in ("/governance/self-assessment", f"/governance/annual-report/{year}"):
        refused = await handler.get(path)
        assert refused.status_code == 403, path
        assert "Only governance" in refused.text
