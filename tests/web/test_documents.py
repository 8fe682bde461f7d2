"""Documents on the complaint page (R-REC-1): staff keep an upload or a resident's email
with the complaint and download it again; empty and oversized files are refused beside the
form, and nothing is kept; someone who may not act on the complaint cannot add to it."""

from __future__ import annotations

import re
from typing import Any

from delivery.documents import MAX_DOCUMENT_BYTES
from store import queries
from tests.harness import Complaints
from tests.web.steps import act, file_complaint


async def upload(browser: Any, reference: str, name: str, content: bytes, **form: str) -> Any:
    data = {"csrf_token": await browser.token(), **form}
    return await browser.client.post(
        f"/complaints/{reference}/documents",
        data=data,
        files={"document": (name, content, "application/octet-stream")},
    )


async def documents(complaints: Complaints, reference: str) -> list[Any]:
    async with complaints.sessionmaker() as session:
        return list(await queries.list_documents(session, reference))


async def test_r_rec_1_an_officer_keeps_a_residents_email_and_downloads_it(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    email = b"From: alex@example.org\r\nSubject: Photos\r\n\r\nThe mould is back.\r\n"

    response = await upload(officer, reference, "reply.eml", email)

    assert response.status_code == 303
    [kept] = await documents(complaints, reference)
    assert (kept.name, kept.source, kept.content_type) == (
        "reply.eml",
        "inbound_email",
        "message/rfc822",
    )
    page = (await officer.get(f"/complaints/{reference}")).text
    assert "reply.eml" in page and "Inbound email" in page
    download = await officer.get(f"/complaints/{reference}/documents/{kept.sha256}")
    assert download.content == email
    assert download.headers["content-disposition"] == 'attachment; filename="reply.eml"'


async def test_an_empty_or_oversized_upload_is_refused_beside_the_form_and_nothing_is_kept(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")

    empty = await upload(officer, reference, "photo.jpg", b"")
    huge = await upload(officer, reference, "video.mp4", b"x" * (MAX_DOCUMENT_BYTES + 1))

    assert empty.status_code == 422
    assert "The document &#34;photo.jpg&#34; is empty" in empty.text
    assert 'id="document-error"' in empty.text
    assert huge.status_code == 422 and "the largest we keep is 20 MB" in huge.text
    assert await documents(complaints, reference) == []


async def test_governance_cannot_add_a_document(browser: Any, complaints: Complaints) -> None:
    reference = await file_complaint(await browser(), complaints)
    reader = await browser("governance")

    response = await upload(reader, reference, "notes.txt", b"notes")

    assert response.status_code == 403
    assert 'id="upload-form"' not in (await reader.get(f"/complaints/{reference}")).text
    assert await documents(complaints, reference) == []


async def test_an_upload_without_the_csrf_token_is_refused(
    browser: Any, complaints: Complaints
) -> None:
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")

    response = await officer.client.post(
        f"/complaints/{reference}/documents", files={"document": ("a.txt", b"a", "text/plain")}
    )

    assert response.status_code == 403
    assert await documents(complaints, reference) == []


async def test_r_rec_1_the_complaint_page_says_how_each_letter_went(
    browser: Any, complaints: Complaints
) -> None:
    """Beside each letter, to whom it went and how (or why it did not)."""
    reference = await file_complaint(await browser(), complaints)
    officer = await browser("officer")
    for update, form in (
        ("assign_handler", {"handler": "h.khan"}),
        ("accept", {}),
        (
            "acknowledge",
            {
                "definition": "The boiler was not repaired for three weeks",
                "outcomes_sought": "A working boiler",
                "issues": "Boiler repair delay",
            },
        ),
    ):
        assert (await act(officer, reference, update, form)).status_code == 303
    await complaints.quiet(reference)

    async with complaints.sessionmaker() as session:
        [letter] = [x for x in await queries.list_letters(session, reference)]
        [delivery] = list(await queries.list_deliveries(session, reference))
    page = (await officer.get(f"/complaints/{reference}")).text

    cell = re.search(rf'id="delivery-{letter.seq}">(.*?)</td>', page, re.S)
    assert cell is not None
    assert delivery.status == "sent"
    assert f"{delivery.recipient}: emailed" in cell.group(1)
