"""Moving through the web app in Chromium as a person would: following links, filling
fields by their labels, pressing the form's button; each page reached is photographed."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.browser.conftest import Screenshots


async def visit(page: Any, shots: Screenshots, path: str, name: str) -> Any:
    """Open a page by its address; the response."""
    response = await page.goto(path)
    await shots.take(page, name)
    return response


async def follow(page: Any, shots: Screenshots, selector: str, name: str) -> Any:
    """Follow a link or press a button that loads a new page; the response."""
    async with page.expect_navigation() as navigation:
        await page.click(selector)
    response = await navigation.value
    await shots.take(page, name)
    return response


async def submit(page: Any, shots: Screenshots, name: str, button: str = "#submit") -> Any:
    """Press the form's button; the response to what it sent (after any redirect)."""
    return await follow(page, shots, button, name)


async def fill_date(page: Any, name: str, day: date) -> None:
    """A GOV.UK date input's three fields."""
    await page.fill(f"#{name}-day", str(day.day))
    await page.fill(f"#{name}-month", str(day.month))
    await page.fill(f"#{name}-year", str(day.year))


async def choose(page: Any, name: str, value: str) -> None:
    """Check the radio button with this value in the group `name`."""
    await page.check(f'input[type="radio"][name="{name}"][value="{value}"]')


async def text(page: Any, selector: str) -> str:
    return " ".join((await page.inner_text(selector)).split())


async def open_complaint(page: Any, shots: Screenshots, reference: str) -> Any:
    """From the work queues, find a complaint by its reference."""
    await visit(page, shots, "/staff", "work-queues")
    await page.get_by_label("Find a complaint by reference").fill(reference)
    return await follow(page, shots, "#find", "complaint")


async def page_to_row(page: Any, shots: Any, reference: str) -> None:
    """Complaints from other tests share the queues (the database lives for the session):
    page on, as a person would, until this complaint's row is shown."""
    while not await page.locator(f"#row-{reference}").count():
        assert await page.locator('a[rel="next"]').count(), f"{reference} is not in the queue"
        await follow(page, shots, 'a[rel="next"]', "queue-next-page")
