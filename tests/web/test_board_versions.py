"""R-GOV-1 to R-GOV-3 on the web: a self-assessment run answers every clause of the edition
of the Code in force for its year and says which; a run saved before editions were kept
stays a run of the 2022 edition; and every version listed on the self-assessment's and the
annual report's pages opens as it was saved, with who saved it and when, for reading only."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from sqlalchemy import text

from reports import annual
from rules.code_clauses import code_clauses
from tests.harness import Complaints


def words(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


async def started_run(governance: Any) -> str:
    started = await governance.post("/governance/self-assessment", {"reason": "annual"})
    assert started.status_code == 303, started.text
    return started.headers["location"]


async def test_r_gov_3_a_run_answers_the_2024_edition_and_each_version_opens_as_saved(
    complaints: Complaints, browser: Any
) -> None:
    governance = await browser("governance")
    run = await started_run(governance)
    page = await governance.get(run)
    assert page.status_code == 200
    assert "Complaint Handling Code 2024, in force from 1 April 2024: 72 clauses" in words(
        page.text
    )
    assert page.text.count('id="clause-') == len(code_clauses("2024"))
    assert 'id="c6_2-figures"' in page.text  # Stage 1 acknowledgements, from the data

    answers = {
        "c4_1-comply": "yes",
        "c4_1-evidence": "A complaints officer, named in the policy.",
        "intent": "save",
    }
    saved = await governance.post(run, answers)
    assert saved.status_code == 303, saved.text
    page = await governance.get(run)
    assert f'href="{run}/versions/1"' in page.text and f'href="{run}/versions/2"' in page.text

    first = await governance.get(f"{run}/versions/1")
    assert first.status_code == 200
    said = words(first.text)
    assert "version 1" in said and "Saved by g.ward" in said
    assert "Complaint Handling Code 2024 (72 clauses)" in said
    assert "A complaints officer" not in said  # written in version 2, not 1
    assert 'id="saved-4_1"' in first.text and "Not answered" in said
    assert "<form" not in first.text.split("<main", 1)[1]  # to read, not to change
    second = words((await governance.get(f"{run}/versions/2")).text)
    assert "A complaints officer, named in the policy." in second

    missing = await governance.get(f"{run}/versions/99")
    assert missing.status_code == 404 and "no such version" in missing.text
    handler = await browser("handler")
    assert (await handler.get(f"{run}/versions/1")).status_code == 403


async def test_r_gov_3_a_run_saved_before_editions_keeps_the_2022_edition(
    complaints: Complaints, browser: Any
) -> None:
    """Stored runs are not read again against another edition's numbering: a run saved
    before the edition was kept is a run of the 2022 edition, and a new run of the 2024
    edition takes none of its answers."""
    old = [
        c.model_dump() | {"comply": True, "evidence": "Old policy."} for c in code_clauses("2022")
    ]
    async with complaints.sessionmaker() as session:
        latest = "SELECT coalesce(max(run), 0) + 1 FROM self_assessment_versions"
        run = (await session.execute(text(latest))).scalar_one()
        await session.execute(
            text(
                "INSERT INTO self_assessment_versions"
                " (run, version, reason, period_start, period_end, clauses, saved_by)"
                " VALUES (:run, 1, 'annual', '2023-04-01', '2024-03-31',"
                " CAST(:clauses AS jsonb), 'g.ward')"
            ),
            {"run": run, "clauses": json.dumps(old)},
        )
        await session.commit()
    governance = await browser("governance")
    page = words((await governance.get(f"/governance/self-assessment/{run}")).text)
    assert "Complaint Handling Code 2022, in force from 1 April 2022 to 31 March 2024" in page
    assert "72 clauses" in page
    runs = words((await governance.get("/governance/self-assessment")).text)
    assert f"Run {run} Annual self-assessment 2022 edition" in runs

    again = await governance.get(await started_run(governance))
    assert "Complaint Handling Code 2024" in words(again.text)
    assert "Old policy." not in again.text  # another edition's answers are not carried over


async def test_r_gov_1_each_version_of_the_annual_report_opens_as_saved(
    complaints: Complaints, browser: Any
) -> None:
    governance = await browser("governance")
    year = annual.year_of(await complaints.today()) - 2  # a year no other test writes
    report = f"/governance/annual-report/{year}"
    for introduction in ("Our first draft.", "Our second draft."):
        saved = await governance.post(report, {"introduction": introduction, "intent": "save"})
        assert saved.status_code == 303, saved.text
    page = (await governance.get(report)).text
    found = [int(n) for n in re.findall(rf'href="{report}/versions/(\d+)"', page)]
    assert len(found) >= 2
    earlier, latest = sorted(found)[-2:]

    shown = await governance.get(f"{report}/versions/{earlier}")
    assert shown.status_code == 200
    said = words(shown.text)
    assert "Our first draft." in said and "Our second draft." not in said
    assert "Saved by g.ward" in said and "Published No" in said
    assert "Our second draft." in words((await governance.get(f"{report}/versions/{latest}")).text)
    assert (await governance.get(f"{report}/versions/999")).status_code == 404
    handler = await browser("handler")
    assert (await handler.get(f"{report}/versions/{earlier}")).status_code == 403
