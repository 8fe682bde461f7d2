"""Steps the data protection tests share: a complaint filed on the resident's form and
acknowledged by the officer, so it has a letter; a document kept with it."""

from __future__ import annotations

from typing import Any

from tests.harness import Complaints, eventually
from tests.web.steps import act, file_complaint


async def acknowledged(browser: Any, complaints: Complaints, **resident: Any) -> str:
    """A complaint from the form (``resident`` changes its fields), accepted and
    acknowledged by the officer; its reference once the acknowledgement letter is recorded."""
    reference = await file_complaint(await browser(), complaints, **resident)
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
        response = await act(officer, reference, update, form)
        assert response.status_code == 303, (update, response.text)
    await eventually(lambda: complaints.letters(reference), lambda found: bool(found))
    return reference


async def keep(browser: Any, reference: str, name: str, content: bytes) -> None:
    """The officer keeps a document with the complaint."""
    officer = await browser("officer")
    response = await officer.client.post(
        f"/complaints/{reference}/documents",
        data={"csrf_token": await officer.token()},
        files={"document": (name, content, "application/octet-stream")},
    )
    assert response.status_code == 303, response.text
