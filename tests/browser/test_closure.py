"""An officer, in a real browser, links a second contact to the complaint already open
(R-DUP-1) and records a resident's withdrawal (R-WDR-1); both forms pass axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.enums import Status
from tests.browser import scenes
from tests.browser.axe import no_serious_violation
from tests.browser.conftest import Screenshots
from tests.browser.pages import choose, fill_date, follow, open_complaint, submit, text
from tests.web.steps import state


async def test_r_dup_1_and_r_wdr_1_an_officer_links_a_duplicate_and_records_a_withdrawal(
    people: Any, http: Any, complaints: Any, screenshots: Screenshots, axe_script: Path
) -> None:
    original = await scenes.acknowledged(http, complaints)
    second = await scenes.received(http, complaints)
    officer = await people("officer", screenshots, bypass_csp=True)

    # The second contact is about the same boiler: linked, not declined.
    await open_complaint(officer, screenshots, second)
    await follow(officer, screenshots, "#action-link_duplicate", "link-duplicate")
    await no_serious_violation(officer, axe_script)
    await officer.get_by_label("Original").fill(original)
    await submit(officer, screenshots, "linked")
    assert "Duplicate" in await text(officer, "main")
    assert (await state(complaints, second)).duplicate_of == original
    assert [x.letter for x in await complaints.letters(second)] == ["duplicate_linked"]

    # The resident rings to withdraw the original.
    await open_complaint(officer, screenshots, original)
    await follow(officer, screenshots, "#action-withdraw", "withdraw")
    await no_serious_violation(officer, axe_script)
    await choose(officer, "how", "telephone")
    await fill_date(officer, "withdrawn_on", await complaints.today())
    await officer.get_by_label("The resident's reason, if they gave one").fill("Boiler fixed")
    await submit(officer, screenshots, "withdrawn")
    assert "Withdrawn" in await text(officer, "main")
    found = await state(complaints, original)
    assert found.status == Status.WITHDRAWN and found.open_deadlines == []
    assert "withdrawal" in [x.letter for x in await complaints.letters(original)]
