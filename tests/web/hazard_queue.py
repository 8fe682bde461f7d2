"""Reading the whole hazards queue, page after page, as staff and API clients do: hazards
from other tests share the queue (the database lives for the whole session), so a test's
own hazard may be on any page."""

from __future__ import annotations

import re
from typing import Any

ROW = re.compile(r'id="hazard-(HAZ-\d{4}-\d{6})"')


async def hazards_pages(client: Any) -> list[str]:
    """Every page of ``/hazards``, first to last, following its ``rel="next"`` link."""
    pages = [(await client.get("/hazards")).text]
    while 'rel="next"' in pages[-1]:
        pages.append((await client.get("/hazards", params={"page": len(pages) + 1})).text)
    return pages


async def whole_hazards_queue(client: Any) -> str:
    """The rows of every page of ``/hazards`` in one text."""
    return "".join(await hazards_pages(client))


async def every_listed_hazard(client: Any) -> list[dict[str, Any]]:
    """Every row of ``GET /api/hazards``, page after page until the Link header has no
    ``rel="next"``."""
    rows: list[dict[str, Any]] = []
    number = 1
    while True:
        answer = await client.get("/api/hazards", params={"page": number})
        assert answer.status_code == 200, answer.text
        rows += answer.json()
        if 'rel="next"' not in answer.headers.get("link", ""):
            return rows
        number += 1
