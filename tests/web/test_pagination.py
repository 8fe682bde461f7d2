"""Work queues come 50 rows to a page, with the whole count, so a queue of thousands
stays quick to load (the bench.web goal)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert

from store.tables import Complaint
from tests.harness import Complaints

MARK = "CMP-2097-"


async def test_a_long_queue_is_paged_fifty_at_a_time_with_its_whole_count(
    browser: Any, complaints: Complaints
) -> None:
    rows = [
        {
            "reference": f"{MARK}{n:06d}",
            "kind": "complaint",
            "organisation": "landlord",
            "service_area": "landlord_services",
            "channel": "web_form",
            "stage": "stage_1",
            "status": "received",
            "complainant_name": f"Resident {n}",
            "first_contact_on": date(2097, 1, 1),
            "logged_at": datetime(2097, 1, 1, tzinfo=UTC),
            "next_due": date(2097, 1, 1 + n % 28),
            "last_seq": 1,
        }
        for n in range(1, 121)
    ]
    async with complaints.sessionmaker() as session:
        await session.execute(insert(Complaint), rows)
        await session.commit()
    try:
        officer = await browser("officer")
        async with complaints.sessionmaker() as session:
            total = await session.scalar(
                select(func.count()).where(Complaint.status == "received", Complaint.is_open)
            )
        pages = -(-total // 50)

        seen: list[str] = []
        for number in range(1, pages + 1):
            page = (await officer.get(f"/queues/awaiting-acceptance?page={number}")).text
            found = re.findall(r'id="row-([A-Z]{3}-\d{4}-\d{6})"', page)
            assert len(found) == (50 if number < pages else total - 50 * (pages - 1))
            assert f"{total} complaints, soonest due first" in page
            seen += found
        home = (await officer.get("/staff")).text

        assert len(seen) == len(set(seen)) == total
        assert {r["reference"] for r in rows} <= set(seen)
        assert 'id="queue-pages"' in page and 'aria-current="page"' in page
        assert re.search(rf'id="count-awaiting-acceptance">{total}<', home)
    finally:
        async with complaints.sessionmaker() as session:
            await session.execute(delete(Complaint).where(Complaint.reference.like(f"{MARK}%")))
            await session.commit()
