"""The case file: the whole complaint as one PDF from its page, read from the record; and a
printed complaint page that is the complaint alone, with no navigation or forms."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from tests.browser.scenes import ACKNOWLEDGE, RESPOND
from tests.harness import Complaints, eventually
from tests.web.steps import act, file_complaint


async def test_the_case_file_is_one_pdf_with_the_summary_timeline_and_letters(
    browser: Any, complaints: Complaints
) -> None:
    await complaints.start_of_working_day()
    reference = await file_complaint(await browser(), complaints, name="Zoë Łukasz")
    officer = await browser("officer")
    for update, form in (
        ("assign_handler", {"handler": "h.khan"}),
        ("accept", {}),
        ("acknowledge", ACKNOWLEDGE),
    ):
        assert (await act(officer, reference, update, form)).status_code == 303, update
    handler = await browser("handler")
    response = {**RESPOND, "decision-1": "upheld", "lesson": "Chase repairs sooner"}
    response["compensation-time_and_trouble"] = "75"
    sent = await act(handler, reference, "submit_response", response)
    assert sent.status_code == 303, sent.text[-2000:]
    await eventually(lambda: complaints.row(reference), lambda row: row.status == "closed")
    letters = await eventually(
        lambda: complaints.letters(reference),
        lambda found: "stage_1_response" in [x.letter for x in found],
    )

    page = (await handler.get(f"/complaints/{reference}")).text
    link = f'href="/complaints/{reference}/case-file.pdf" id="case-file"'
    assert link in page and "Download the case file (PDF)" in page

    got = await handler.get(f"/complaints/{reference}/case-file.pdf")
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/pdf"
    assert f"{reference}-case-file.pdf" in got.headers["content-disposition"]
    pdf = PdfReader(io.BytesIO(got.content))
    assert pdf.metadata is not None and pdf.metadata.title == f"Case file {reference}"
    text = " ".join((p.extract_text() or "") for p in pdf.pages)
    flat = " ".join(text.split())
    assert f"Case file {reference}" in flat
    # A name outside the core font's encoding is folded, not refused.
    assert "Zoë Lukasz" in flat
    for heading in (
        "Summary",
        "Parties",
        "Issues",
        "Deadlines",
        "Timeline",
        "Letters",
        "Documents",
    ):
        assert heading in flat, heading
    assert "Boiler repair delay" in flat
    assert "Stage 1 outcome" in flat and "Upheld" in flat and "£75.00" in flat
    events = [e.summary for e in await complaints.events(reference)]
    assert events, "the timeline has entries"
    for summary in events:
        assert " ".join(summary.split())[:30] in flat, summary
    assert len(letters) >= 2
    for name in ("Acknowledgement", "Stage 1 response"):
        assert name in flat, name

    # The download is logged as a view of the complaint (R-DP-4), for a manager to see.
    manager = await browser("manager")
    log = (await manager.get(f"/complaints/{reference}")).text
    assert "case file (PDF)" in log and "Hana Khan (h.khan)" in log


async def test_the_case_file_of_no_complaint_is_not_found_and_needs_a_sign_in(
    browser: Any,
) -> None:
    officer = await browser("officer")
    missing = await officer.get("/complaints/CMP-2019-999999/case-file.pdf")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    signed_out = await (await browser()).get("/complaints/CMP-2019-999999/case-file.pdf")
    assert signed_out.status_code in (303, 401)
    assert "application/pdf" not in signed_out.headers.get("content-type", "")
