"""In a real browser (R-HAZ-1, R-HAZ-3, R-HAZ-7): a resident reports mould on the complaint
form, the officer triages it as significant from the hazard's page, and the hazard is in
the hazards queue and on the complaint's page with its state. Each page passes axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from store import hazard_queries
from tests.browser.axe import no_serious_violation
from tests.browser.conftest import Screenshots
from tests.browser.pages import choose, follow, text, visit
from tests.harness import Complaints, eventually
from tests.web.hazard_queue import hazards_in_read_model


async def _page_to_hazard(page: Any, shots: Screenshots, reference: str) -> None:
    """Hazards from other tests share the queue: page on, as a person would, until this
    hazard's row is shown."""
    while not await page.locator(f"#hazard-{reference}").count():
        assert await page.locator('a[rel="next"]').count(), f"{reference} is not in the queue"
        await follow(page, shots, 'a[rel="next"]', "queue-next-page")


async def test_r_haz_7_mould_reported_on_the_form_is_triaged_and_shown_in_queue_and_complaint(
    people: Any, complaints: Complaints, screenshots: Screenshots, axe_script: Path
) -> None:
    resident = await people(None, bypass_csp=True)
    await visit(resident, screenshots, "/complain", "complain")
    await resident.get_by_label("Full name").fill("Amina Yusuf")
    await resident.get_by_label("Postcode", exact=True).fill("LS6 2AB")
    for name, value in (
        ("relationship", "current_resident"),
        ("tenure", "tenant"),
        ("service_area", "landlord_services"),
        ("hazard", "damp_or_mould"),
    ):
        await choose(resident, name, value)
    await resident.get_by_label("What went wrong?").fill(
        "Black mould in the bedroom for two months; nobody has come."
    )
    await resident.get_by_label("If yes, where in the home is it? (optional)").fill("back bedroom")
    await resident.get_by_label("If yes, who lives there? (optional)").fill("two adults and a baby")
    await no_serious_violation(resident, axe_script)
    await follow(resident, screenshots, "#submit", "confirmation")
    complaint = await resident.inner_text("#filed-reference")
    complaints.started.append(complaint)

    async def hazards() -> Any:
        async with complaints.sessionmaker() as session:
            return await hazard_queries.of_complaint(session, complaint)

    hazard = (await eventually(hazards, lambda rows: len(rows) == 1))[0].reference
    complaints.started.append(hazard)

    officer = await people("officer", screenshots, bypass_csp=True)
    await visit(officer, screenshots, "/hazards", "queue")
    await _page_to_hazard(officer, screenshots, hazard)
    assert await officer.locator(f"#hazard-{hazard}").count() == 1
    await no_serious_violation(officer, axe_script)
    await follow(officer, screenshots, f"#hazard-{hazard} a", "hazard")
    assert await text(officer, "#complaint") == complaint
    await no_serious_violation(officer, axe_script)
    await follow(officer, screenshots, "#action-triage", "triage")
    await no_serious_violation(officer, axe_script)
    await follow(officer, screenshots, "#submit", "triage-with-errors")
    assert "Select how the hazard is triaged" in await text(officer, "#error-summary")
    await no_serious_violation(officer, axe_script)
    await choose(officer, "kind", "significant")
    await follow(officer, screenshots, "#submit", "triaged")
    assert await text(officer, "#kind") == "Significant"
    assert await officer.locator("#step-investigate").count() == 1

    await visit(officer, screenshots, "/hazards", "queue-after")
    await _page_to_hazard(officer, screenshots, hazard)
    assert "Significant" in await text(officer, f"#kind-{hazard}")
    await follow(officer, screenshots, f"#hazard-{hazard} a[href^='/complaints/']", "complaint")
    assert "Significant" in await text(officer, f"#hazard-kind-{hazard}")
    await no_serious_violation(officer, axe_script)


async def test_r_haz_2_a_long_hazards_queue_is_paged_and_each_page_passes_axe(
    people: Any, complaints: Complaints, screenshots: Screenshots, axe_script: Path
) -> None:
    """With more open hazards than a page holds, the queue says how many are open and
    breached, links to the next and previous pages, and every page passes axe-core."""
    async with hazards_in_read_model(complaints, 70):
        officer = await people("officer", screenshots, bypass_csp=True)
        await visit(officer, screenshots, "/hazards", "long-queue")
        total = int(await text(officer, "#hazards-open-count"))
        assert total >= 60 and await officer.locator("#hazards-pages").count() == 1
        assert await officer.locator("#hazards-table tbody tr").count() == 50
        await no_serious_violation(officer, axe_script)
        await follow(officer, screenshots, 'a[rel="next"]', "long-queue-page-2")
        assert "?page=2" in officer.url
        assert await officer.locator('[aria-current="page"]').inner_text() == "2"
        assert await officer.locator('a[rel="prev"]').count() == 1
        await no_serious_violation(officer, axe_script)
