"""In a real browser: governance opens each report page for a period, downloads its CSV and
its PDF (whose text holds the figures on the page), opens the quality sample's review form,
the lessons log and the survey's form, and every page passes axe-core; a handler is refused
the governance pages (issue 12)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from delivery.survey import survey_token
from tests.browser.axe import no_serious_violation
from tests.browser.conftest import Screenshots
from tests.browser.pages import visit
from tests.browser.scenes import closed_and_sampled
from tests.harness import Complaints
from tests.letters.reading import pdf_text


async def _download(page: Any, selector: str) -> bytes:
    async with page.expect_download() as info:
        await page.click(selector)
    return await asyncio.to_thread(Path(await (await info.value).path()).read_bytes)


async def test_governance_opens_each_report_downloads_csv_and_pdf_and_the_pages_pass_axe(
    people: Any, complaints: Complaints, screenshots: Screenshots, axe_script: Path
) -> None:
    scene = await closed_and_sampled(complaints)
    reference, month, period = scene.reference, scene.month, scene.period
    governance = await people("governance", screenshots, bypass_csp=True)

    for kind, query in (
        ("period", period),
        ("tsm", f"{period}&homes=1000"),
        ("qa", f"month={month}"),
        ("self-assessment", period),
    ):
        await visit(governance, screenshots, f"/reports/{kind}?{query}", kind)
        await no_serious_violation(governance, axe_script)
        figures = await governance.locator("#headline dd").all_inner_texts()
        assert figures, kind
        csv = (await _download(governance, "#download-csv")).decode("utf-8-sig")
        pdf = pdf_text(await _download(governance, "#download-pdf"))
        for figure in figures:
            assert figure.strip() in csv, (kind, figure)
            assert figure.strip() in pdf, (kind, figure)
        if kind == "period":
            assert await governance.locator("svg").count() >= 2
            assert await governance.locator("#table-1 tbody tr").count() >= 1

    for path, name in (
        ("/reports", "reports"),
        (f"/reports/qa/{month}/{scene.sampled}", "qa-review"),
        (f"/reports/tsm?{period}", "tsm-without-homes"),
        ("/lessons?q=boiler", "lessons"),
    ):
        await visit(governance, screenshots, path, name)
        await no_serious_violation(governance, axe_script)
    await governance.click("#lessons tbody a >> nth=0")
    await no_serious_violation(governance, axe_script)

    resident = await people(None, screenshots, bypass_csp=True)
    token = survey_token(complaints.settings.secret_key, reference)
    await visit(resident, screenshots, f"/survey/{reference}?token={token}", "survey")
    await no_serious_violation(resident, axe_script)

    handler = await people("handler", screenshots, bypass_csp=True)
    for path in ("/reports", f"/reports/period?{period}", "/lessons"):
        shown = await visit(handler, screenshots, path, "refused")
        assert shown.status == 403, path
