"""The hazards queue and ``GET /api/hazards`` come 50 open hazards to a page, with how many
are open and how many breached, so a landlord with hundreds of open hazards sees every
one: emergencies first (R-HAZ-2), then by when the next step is due (R-HAZ-3..5).

The rows are written straight into the ``hazards`` read model, as the work-queue paging
test writes complaints: 130 running hazard workflows would test the workflow, not the
paging. They are removed afterwards."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest_asyncio
from sqlalchemy import select

from store.hazard_queries import PAGE_SIZE
from store.tables import Hazard
from tests.harness import Complaints
from tests.web.hazard_queue import (
    ROW,
    every_listed_hazard,
    hazards_in_read_model,
    hazards_pages,
)
from web.routes.api import MAX_PAGE


@pytest_asyncio.fixture(loop_scope="session")
async def many(complaints: Complaints) -> AsyncIterator[list[dict[str, Any]]]:
    """130 hazards in the read model beside the session's own; removed afterwards."""
    async with hazards_in_read_model(complaints, 130) as rows:
        yield rows


async def _open_in_order(complaints: Complaints) -> tuple[list[str], int]:
    """Every open hazard's reference in the queue's order, worked out here from the rows
    (emergencies, then by due time, nothing due last, then by reference); and how many of
    them are breached."""
    async with complaints.sessionmaker() as session:
        found = (await session.scalars(select(Hazard).where(Hazard.is_open))).all()
    never = datetime.max.replace(tzinfo=UTC)
    found = sorted(found, key=lambda h: (h.kind != "emergency", h.next_due or never, h.reference))
    return [h.reference for h in found], sum(h.breached for h in found)


async def test_r_haz_2_the_queue_shows_every_open_hazard_once_page_by_page_emergencies_first(
    browser: Any, complaints: Complaints, many: list[dict[str, Any]]
) -> None:
    officer = await browser("officer")
    pages = await hazards_pages(officer)
    expected, breached = await _open_in_order(complaints)

    seen = [reference for page in pages for reference in ROW.findall(page)]
    assert len(pages) == -(-len(expected) // PAGE_SIZE) >= 3
    assert seen == expected  # each once, in the queue's order across the pages
    assert [len(ROW.findall(page)) for page in pages[:-1]] == [PAGE_SIZE] * (len(pages) - 1)
    mine = {row["reference"] for row in many if row["is_open"]}
    assert mine <= set(seen) and not ({row["reference"] for row in many} - mine) & set(seen)
    total = len(expected)
    for number, page in enumerate(pages, start=1):
        assert f'<span id="hazards-open-count">{total}</span> open hazards' in page
        assert f'<span id="hazards-breached-count">{breached}</span> breached' in page
        last = min(number * PAGE_SIZE, total)
        assert f"{(number - 1) * PAGE_SIZE + 1} to {last} shown" in page
        assert f'aria-label="Page {number}" aria-current="page"' in page
        assert ('rel="prev"' in page) == (number > 1)
        assert ('rel="next"' in page) == (number < len(pages))


async def test_r_vul_1_a_later_pages_hazards_show_their_vulnerability_as_the_first_pages(
    browser: Any, many: list[dict[str, Any]]
) -> None:
    """Officers see every vulnerable hazard marked, on every page; a handler sees no
    vulnerability of a hazard that is not their complaint's."""
    vulnerable = {row["reference"] for row in many if row["vulnerable"] and row["is_open"]}
    for role, sees in (("officer", True), ("other_handler", False)):
        client = await browser(role)
        queue = "".join(await hazards_pages(client))
        marked = {
            reference
            for reference, row in re.findall(r'id="hazard-(HAZ-[\d-]+)"(.*?)</tr>', queue, re.S)
            if "Vulnerability</strong>" in row
        }
        assert (vulnerable <= marked) if sees else not (vulnerable & marked), role
        listed = await every_listed_hazard(client)
        flagged = {row["reference"] for row in listed if row["vulnerable"]}
        assert (vulnerable <= flagged) if sees else not (vulnerable & flagged), role


async def test_a_page_out_of_range_shows_the_nearest_and_a_page_not_a_number_is_refused(
    browser: Any, complaints: Complaints, many: list[dict[str, Any]]
) -> None:
    officer = await browser("officer")
    expected, _ = await _open_in_order(complaints)
    last = -(-len(expected) // PAGE_SIZE)

    for asked, shown in (("0", 1), ("-4", 1), ("99999", last), ("9" * 30, last)):
        answer = await officer.get("/hazards", params={"page": asked})
        assert answer.status_code == 200, asked
        assert f'aria-label="Page {shown}" aria-current="page"' in answer.text, asked
        first = ROW.findall(answer.text)[0]
        assert first == expected[(shown - 1) * PAGE_SIZE], asked
    for asked in ("two", "1.5", ""):
        wrong = await officer.get("/hazards", params={"page": asked})
        assert wrong.status_code == 422, asked
        assert "There is a problem" in wrong.text and "page:" in wrong.text, asked
        assert 'id="hazards-table"' not in wrong.text


async def test_the_api_pages_the_open_hazards_with_their_counts_and_links(
    browser: Any, complaints: Complaints, many: list[dict[str, Any]]
) -> None:
    officer = await browser("officer")
    expected, breached = await _open_in_order(complaints)
    last = -(-len(expected) // PAGE_SIZE)

    listed = await every_listed_hazard(officer)
    assert [row["reference"] for row in listed] == expected
    first = await officer.get("/api/hazards")
    assert [row["reference"] for row in first.json()] == expected[:PAGE_SIZE]
    assert first.headers["x-total-count"] == str(len(expected))
    assert first.headers["x-breached-count"] == str(breached)
    assert first.headers["link"] == '</api/hazards?page=2>; rel="next"'
    middle = await officer.get("/api/hazards", params={"page": 2})
    assert middle.headers["link"] == (
        '</api/hazards?page=3>; rel="next", </api/hazards?page=1>; rel="prev"'
    )
    beyond = await officer.get("/api/hazards", params={"page": last + 1})
    assert beyond.status_code == 200 and beyond.json() == []
    assert beyond.headers["link"] == f'</api/hazards?page={last}>; rel="prev"'
    assert beyond.headers["x-total-count"] == str(len(expected))
    for asked in ("0", "-1", str(MAX_PAGE + 1), "two"):
        wrong = await officer.get("/api/hazards", params={"page": asked})
        assert wrong.status_code == 422, asked
        assert wrong.json()["detail"].startswith("page:"), asked
