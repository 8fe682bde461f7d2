"""In a real browser: governance opens the period report of an organisation whose hazards
ran late and in time (R-HAZ-7, R-ORG-1), sees the share of each statutory step met in time
drawn and tabled, follows a late step to its hazard, and the page passes axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.axe import no_serious_violation
from tests.browser.conftest import Screenshots
from tests.browser.pages import follow, visit
from tests.harness import Complaints
from tests.web.test_period_hazards import LATE, ORGANISATION, STEPS, run_two_hazards


async def test_r_haz_7_governance_reads_the_period_hazards_and_the_page_passes_axe(
    people: Any, complaints: Complaints, screenshots: Screenshots, axe_script: Path
) -> None:
    start = await complaints.today()
    emergency, _ = await run_two_hazards(complaints)
    end = await complaints.today()
    governance = await people("governance", screenshots, bypass_csp=True)
    query = f"from={start.isoformat()}&to={end.isoformat()}&organisation={ORGANISATION}"

    shown = await visit(governance, screenshots, f"/reports/period?{query}", "period-hazards")
    assert shown.status == 200
    await no_serious_violation(governance, axe_script)
    steps = governance.locator("h2", has_text=STEPS)
    table_id = (await steps.get_attribute("id") or "").removesuffix("-heading")
    chart = governance.locator(f"#{table_id}-chart svg")
    assert await chart.get_attribute("aria-hidden") == "true"
    rows = await governance.locator(f"#{table_id} tbody th").all_inner_texts()
    assert "Emergency: make safe" in rows
    late = governance.locator("h2", has_text=LATE)
    late_id = (await late.get_attribute("id") or "").removesuffix("-heading")
    opened = await follow(
        governance, screenshots, f"#{late_id} a[href='/hazards/{emergency}']", "late-hazard"
    )
    assert opened.status == 200
    assert await governance.locator("#reference").inner_text() == emergency
