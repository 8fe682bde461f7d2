"""In a real browser: an officer finds a complaint by a misspelt surname and by a postcode
with no space, from the search box in the header (R-FIND-1); a manager reassigns three
complaints at once with a reason in the team view (R-TEAM-1). Each page passes axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.axe import no_serious_violation
from tests.browser.conftest import Screenshots
from tests.browser.pages import follow, visit
from tests.harness import Complaints, eventually
from tests.web.steps import file_complaint, state


async def test_r_find_1_an_officer_finds_a_complaint_by_a_misspelt_surname_and_a_bare_postcode(
    people: Any, http: Any, complaints: Complaints, screenshots: Screenshots, axe_script: Path
) -> None:
    reference = await file_complaint(
        await http(), complaints, name="Dana Featherstonehaugh", postcode="LS7 3QZ"
    )
    officer = await people("officer", screenshots, bypass_csp=True)
    await officer.fill("#header-search", "Featherstonhaugh")  # an "e" missed out
    await follow(officer, screenshots, "#header-search-button", "misspelt-surname")
    assert await officer.locator(f"#result-{reference}").count() == 1
    await no_serious_violation(officer, axe_script)

    await officer.fill("#q", "ls73qz")
    await follow(officer, screenshots, "#search", "postcode-with-no-space")
    row = officer.locator(f"#result-{reference}")
    assert await row.count() == 1
    assert "LS7 3QZ" in await row.inner_text()
    await follow(officer, screenshots, f"#result-{reference} a", "complaint")
    assert reference in await officer.title() or reference in await officer.content()


async def test_r_team_1_a_manager_reassigns_three_complaints_at_once(
    people: Any, http: Any, complaints: Complaints, screenshots: Screenshots, axe_script: Path
) -> None:
    resident, officer = await http(), await http("officer")
    references = []
    for _ in range(3):
        reference = await file_complaint(resident, complaints)
        assigned = await officer.post(
            f"/complaints/{reference}/actions/assign_handler", {"handler": "h.khan"}
        )
        assert assigned.status_code == 303, assigned.text
        references.append(reference)

    manager = await people("manager", screenshots, bypass_csp=True)
    await visit(manager, screenshots, "/manager/team?handler=h.khan&sort=reference", "team")
    await no_serious_violation(manager, axe_script)
    for reference in references:
        await manager.check(f"#pick-{reference}")
    await manager.select_option("#handler_to", "j.doe")
    await manager.fill("#reason", "Hana Khan is on leave until March")
    response = await follow(manager, screenshots, "#reassign", "reassigned")

    assert response.status == 200
    assert "3 complaints reassigned to Jo Doe" in await manager.inner_text("#flash")
    await no_serious_violation(manager, axe_script)
    for reference in references:
        now = await eventually(
            lambda r=reference: state(complaints, r), lambda s: s.handler.id == "j.doe"
        )
        assert now.handler is not None and now.handler.name == "Jo Doe"
