"""Every governance page passes axe-core with no serious or critical violation, as
``test_accessibility`` checks every other page: the reports index and each report (also
with a bad period), the quality sample's review form, the lessons log and a lesson (also
with errors), the self-assessment's runs, a run and a saved version of it, the annual
report, a saved version of it and its published page, and the survey's form by the
letter's link, with errors and after the answer (R-GOV-1 to R-GOV-6, R-RPT-1 to R-RPT-4).

The scene is set once for the module: a closed complaint with a lesson, the month's quality
sample, a self-assessment run with two versions and an annual report published.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from delivery.survey import survey_token
from reports import annual
from tests.browser.axe import no_serious_violation
from tests.browser.conftest import Screenshots
from tests.browser.pages import follow, visit
from tests.browser.scenes import closed_and_sampled
from tests.harness import Complaints
from tests.web.conftest import Browser


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def scene(_complaints_session: Complaints, base_url: str) -> AsyncIterator[dict[str, str]]:
    """What the governance pages show, made once; the complaint ended afterwards."""
    complaints = dataclasses.replace(_complaints_session, started=[])
    client = httpx.AsyncClient(base_url=base_url, timeout=30)
    governance = await Browser(client).sign_in("governance")
    made = await closed_and_sampled(complaints)
    today, reference = made.today, made.reference
    lessons = (await governance.get("/lessons?q=boiler")).text
    lesson = re.search(r'href="(/lessons/\d+)"', lessons)
    assert lesson, lessons
    started = await governance.post("/governance/self-assessment", {"reason": "annual"})
    run = started.headers["location"]
    await governance.post(run, {"c4_1-comply": "yes", "c4_1-evidence": "A team of four."})
    year = annual.year_of(today) - 3  # a year the other governance tests leave alone
    report = f"/governance/annual-report/{year}"
    await governance.post(report, {"introduction": "Our year.", "intent": "save"})
    published = await governance.post(
        report, {"introduction": "Our year.", "board_response": "Welcomed.", "intent": "publish"}
    )
    assert published.status_code == 303, published.text
    token = survey_token(complaints.settings.secret_key, reference)
    yield {
        "period": made.period,
        "month": made.month,
        "sampled": made.sampled,
        "lesson": lesson.group(1),
        "run": run,
        "report": report,
        "survey": f"/survey/{reference}?token={token}",
    }
    await client.aclose()
    await complaints.terminate_started()


Visit = Callable[[Any, Screenshots, dict[str, str]], Awaitable[Any]]


def opening(path: str) -> Visit:
    async def go(page: Any, shots: Screenshots, made: dict[str, str]) -> Any:
        return await visit(page, shots, path.format(**made), "page")

    return go


def sent_empty(path: str, button: str = "main button[type=submit] >> nth=0") -> Visit:
    """The page's form sent as it opens (nothing chosen): the page with its errors."""

    async def go(page: Any, shots: Screenshots, made: dict[str, str]) -> Any:
        await visit(page, shots, path.format(**made), "form")
        return await follow(page, shots, button, "page")

    return go


async def qa_review_with_errors(page: Any, shots: Screenshots, made: dict[str, str]) -> Any:
    """The review's notes longer than the form takes (the answers come filled in)."""
    await visit(page, shots, "/reports/qa/{month}/{sampled}".format(**made), "form")
    await page.fill("#notes", "x" * 2_001)
    return await follow(page, shots, "main button[type=submit] >> nth=0", "page")


async def survey_answered(page: Any, shots: Screenshots, made: dict[str, str]) -> Any:
    await visit(page, shots, made["survey"], "form")
    await page.check('input[name="satisfaction"][value="4"]')
    return await follow(page, shots, "main button[type=submit] >> nth=0", "page")


# (id, who is signed in, how to reach the page, the HTTP status it answers with)
PAGES: list[tuple[str, str | None, Visit, int]] = [
    ("reports", "governance", opening("/reports"), 200),
    *[
        (f"report-{kind}", "governance", opening(f"/reports/{kind}?{query}"), 200)
        for kind, query in (
            ("period", "{period}"),
            ("tsm", "{period}&homes=1000"),
            ("qa", "month={month}"),
            ("self-assessment", "{period}"),
        )
    ],
    ("report-tsm-without-homes", "governance", opening("/reports/tsm?{period}"), 422),
    ("report-bad-period", "governance", opening("/reports/period?from=2026-02-30"), 422),
    ("report-for-a-manager", "manager", opening("/reports/period?{period}"), 200),
    ("qa-review", "governance", opening("/reports/qa/{month}/{sampled}"), 200),
    ("qa-review-with-errors", "governance", qa_review_with_errors, 422),
    ("lessons", "governance", opening("/lessons"), 200),
    ("lessons-search", "governance", opening("/lessons?q=boiler"), 200),
    ("lesson", "governance", opening("{lesson}"), 200),
    ("lesson-with-errors", "governance", sent_empty("{lesson}"), 422),
    ("self-assessment-runs", "governance", opening("/governance/self-assessment"), 200),
    (
        "self-assessment-runs-with-errors",
        "governance",
        sent_empty("/governance/self-assessment", "#start-run"),
        422,
    ),
    ("self-assessment-run", "governance", opening("{run}"), 200),
    ("self-assessment-run-with-errors", "governance", sent_empty("{run}", "#approve"), 422),
    ("self-assessment-version", "governance", opening("{run}/versions/1"), 200),
    ("self-assessment-no-such-version", "governance", opening("{run}/versions/99"), 404),
    ("annual-report", "governance", opening("{report}"), 200),
    ("annual-report-with-errors", "governance", sent_empty("{report}", "#upload"), 422),
    ("annual-report-version", "governance", opening("{report}/versions/1"), 200),
    ("annual-report-published", "governance", opening("{report}/published.html"), 200),
    ("governance-refused", "handler", opening("/governance/self-assessment"), 403),
    ("survey", None, opening("{survey}"), 200),
    ("survey-with-errors", None, sent_empty("{survey}"), 422),
    ("survey-answered", None, survey_answered, 200),
]


@pytest.mark.parametrize(
    ("who", "reach", "status"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES]
)
async def test_the_governance_page_has_no_serious_or_critical_accessibility_violation(
    who, reach, status, people, scene, screenshots, axe_script: Path
) -> None:
    page = await people(who, bypass_csp=True)
    response = await reach(page, screenshots, scene)
    assert response.status == status, await page.content()
    await no_serious_violation(page, axe_script, screenshots.folder / "axe-violations.json")
