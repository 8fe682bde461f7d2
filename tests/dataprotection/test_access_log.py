"""R-DP-4: every staff view of a complaint's page, a letter or a document is logged with
who and when, and only managers see the log on the complaint page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from store import queries
from store.tables import AccessLogEntry
from tests.dataprotection.steps import acknowledged, keep
from tests.harness import Complaints
from tests.web.steps import file_complaint


async def logged(complaints: Complaints, reference: str) -> list[tuple[str, str, str | None]]:
    async with complaints.sessionmaker() as session:
        rows = await session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.reference == reference)
            .order_by(AccessLogEntry.id)
        )
        return [(row.staff_id, row.what, row.item) for row in rows]


async def test_r_dp_4_views_of_the_page_a_letter_and_a_document_are_logged(
    browser: Any, complaints: Complaints
) -> None:
    reference = await acknowledged(browser, complaints)
    await keep(browser, reference, "reply.eml", b"From: alex@example.org\r\n\r\nMould.\r\n")
    officer = await browser("officer")
    letters = await complaints.letters(reference)
    page = await officer.get(f"/complaints/{reference}")
    letter = await officer.get(f"/complaints/{reference}/letters/{letters[0].seq}")
    async with complaints.sessionmaker() as session:
        # The letter's PDF is kept too once it has been delivered, which may be by now.
        kept = await queries.list_documents(session, reference)
    [document] = [kept_one for kept_one in kept if kept_one.name == "reply.eml"]
    download = await officer.get(f"/complaints/{reference}/documents/{document.sha256}")

    assert (page.status_code, letter.status_code, download.status_code) == (200, 200, 200)
    assert (await logged(complaints, reference))[-3:] == [
        ("o.bennett", "complaint", None),
        ("o.bennett", "letter", f"{letters[0].letter} ({letters[0].seq})"),
        ("o.bennett", "document", "reply.eml"),
    ]


async def test_r_dp_4_only_managers_see_who_has_looked(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    await officer.get(f"/complaints/{reference}")
    governance = await browser("governance")
    manager = await browser("manager")

    officer_page = (await officer.get(f"/complaints/{reference}")).text
    governance_page = (await governance.get(f"/complaints/{reference}")).text
    manager_page = await manager.get(f"/complaints/{reference}")

    assert 'id="access-log"' not in officer_page
    assert 'id="access-log"' not in governance_page
    assert manager_page.status_code == 200
    assert "Who has looked at this complaint" in manager_page.text
    table = manager_page.text.split('id="access-log"')[1].split("</table>")[0]
    assert table.count("Olu Bennett (o.bennett)") == 2
    assert table.count("Gail Ward (g.ward)") == 1
    assert table.count("Mary Osei (m.osei)") == 1  # this view too
    assert table.index("Mary Osei") < table.index("Gail Ward")  # newest first


async def test_a_complaint_that_does_not_exist_is_not_logged(
    browser: Any, complaints: Complaints
) -> None:
    manager = await browser("manager")

    response = await manager.get("/complaints/not-a-reference")

    assert response.status_code == 404
    assert await logged(complaints, "not-a-reference") == []
