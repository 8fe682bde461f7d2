"""Reading the whole hazards queue, page after page, as staff and API clients do: hazards
from other tests share the queue (the database lives for the whole session), so a test's
own hazard may be on any page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert

from store.tables import Hazard
from tests.harness import Complaints
from tests.web.steps import every_page

ROW = re.compile(r'id="hazard-(HAZ-\d{4}-\d{6})"')
MARK = "HAZ-2098-"
KINDS = ("emergency", "significant", None)
START = datetime(2098, 3, 2, 9, 0, tzinfo=UTC)


def read_model_row(n: int) -> dict[str, Any]:
    """The nth of a test's hazards as the read model holds it: every kind, due times that
    interleave across the kinds (some the same, some none), a third breached, every fifth
    vulnerable, every seventh closed."""
    due = None if n % 11 == 0 else START + timedelta(hours=(n * 37) % 50)
    return {
        "reference": f"{MARK}{n:06d}",
        "organisation": "main",
        "complaint_reference": None,
        "hazard": "damp_and_mould",
        "hazard_words": "Damp and mould",
        "source": "call",
        "tenure": "secure_tenancy",
        "location": f"room {n}",
        "kind": KINDS[n % 3],
        "step": "triage",
        "aware_at": START,
        "logged_at": START,
        "next_due": due,
        "next_due_label": "Triage" if due else None,
        "breached": n % 3 == 1,
        "is_open": n % 7 != 0,
        "vulnerable": n % 5 == 0,
        "regime": "awaabs-law-2025",
        "deadlines": [],
        "late_reasons": [],
        "accommodation": [],
        "state": {},
        "last_seq": 1,
    }


@asynccontextmanager
async def hazards_in_read_model(
    complaints: Complaints, n: int
) -> AsyncIterator[list[dict[str, Any]]]:
    """`n` hazards written straight into the ``hazards`` read model (a long queue without
    `n` running workflows), removed afterwards; their rows."""
    rows = [read_model_row(number) for number in range(1, n + 1)]
    async with complaints.sessionmaker() as session:
        await session.execute(insert(Hazard), rows)
        await session.commit()
    try:
        yield rows
    finally:
        async with complaints.sessionmaker() as session:
            await session.execute(delete(Hazard).where(Hazard.reference.like(f"{MARK}%")))
            await session.commit()


async def hazards_pages(client: Any) -> list[str]:
    """Every page of ``/hazards``, first to last, following its ``rel="next"`` link."""
    return await every_page(client, "/hazards")


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
