"""An officer's everyday casework in a real browser: records a call with the resident
(R-NOTE-1), flags a vulnerability with the adjustments agreed (R-VUL-1) and finds the
complaint in the queue by its "Adjustments" tag and the vulnerability filter; printed, the
complaint page is the complaint alone, with no navigation or forms, and the case file is a
link away."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.browser import scenes
from tests.browser.conftest import Screenshots
from tests.browser.pages import fill_date, follow, open_complaint, page_to_row, submit, text
from tests.harness import eventually


async def pick(page: Any, name: str, value: str) -> None:
    """Choose ``value`` for the field ``name``, a select or a group of radios."""
    if await page.locator(f'select[name="{name}"]').count():
        await page.select_option(f'select[name="{name}"]', value)
    else:
        await page.check(f'input[type="radio"][name="{name}"][value="{value}"]')


async def test_r_note_1_r_vul_1_an_officer_records_a_call_and_flags_a_vulnerability(
    people: Any, http: Any, complaints: Any, screenshots: Screenshots
) -> None:
    reference = await scenes.received(http, complaints)
    today = await complaints.today()
    officer = await people("officer", screenshots)

    await open_complaint(officer, screenshots, reference)
    await follow(officer, screenshots, "#action-record_contact", "record-contact")
    await pick(officer, "kind", "phone_in")
    await officer.fill("#summary", "Resident rang: the mould is worse in the back bedroom.")
    await fill_date(officer, "happened_on", today)
    await officer.fill("#happened_time", "00:05")  # earlier today: a future call is refused
    response = await submit(officer, screenshots, "call-recorded")
    assert response.status == 200, await officer.content()
    timeline = await text(officer, "#timeline")
    assert "the mould is worse in the back bedroom" in timeline and "Olu Bennett" in timeline

    await follow(officer, screenshots, "#action-record_vulnerability", "record-vulnerability")
    await officer.fill("#circumstances", "Aged 84 with COPD; the mould affects her breathing")
    await officer.check('input[name="adjustment-phone_calls"]')
    await fill_date(officer, "review_on", today + timedelta(days=90))
    response = await submit(officer, screenshots, "vulnerability-recorded")
    assert response.status == 200, await officer.content()
    assert "Aged 84 with COPD" in await text(officer, "#vulnerability")

    await eventually(lambda: complaints.row(reference), lambda row: row.vulnerable)
    await follow(officer, screenshots, "#nav-queues", "work-queues")
    await follow(officer, screenshots, 'a[href="/queues/awaiting-acceptance"]', "queue")
    await page_to_row(officer, screenshots, reference)
    assert await officer.locator(f"#vulnerable-{reference}").inner_text() == "Adjustments"
    await follow(officer, screenshots, "#filter-vulnerable", "queue-vulnerable")
    assert "vulnerable=yes" in officer.url
    await page_to_row(officer, screenshots, reference)
    assert await officer.locator(f"#row-{reference}").count() == 1
    rows = officer.locator("#queue-table tbody tr")
    for n in range(await rows.count()):  # every row the filter keeps carries the tag
        assert await rows.nth(n).locator("strong", has_text="Adjustments").count() == 1

    # Printed, the page is the complaint: no header, navigation, search or forms.
    await open_complaint(officer, screenshots, reference)
    assert await officer.locator("#case-file").is_visible()
    await officer.emulate_media(media="print")
    await screenshots.take(officer, "printed")
    for hidden in ("header", "#navigation", "#header-search-form", "#actions", "#case-file"):
        assert not await officer.locator(hidden).first.is_visible(), hidden
    assert await officer.locator("#reference").is_visible()
    assert await officer.locator("#timeline").is_visible()
    await officer.emulate_media(media="screen")
    assert await officer.locator("header").first.is_visible()
