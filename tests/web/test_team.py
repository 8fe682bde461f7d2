"""The team view (R-TEAM-1): managers see open complaints by handler, filter and sort them,
and reassign several at once with a reason; each is its workflow's `assign_handler`
update, and the resident is told who now deals with their complaint."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from store.tables import LetterRecord
from tests.harness import Complaints, eventually
from tests.web.steps import act, every_page, file_complaint, state

ROW = re.compile(r'id="row-([A-Z]{3}-\d{4}-\d{6})" data-rag="(\w+)"')


async def _assigned(browser: Any, complaints: Complaints, count: int) -> list[str]:
    """`count` complaints filed by residents and assigned to Hana Khan by an officer."""
    resident, officer = await browser(), await browser("officer")
    references = []
    for _ in range(count):
        reference = await file_complaint(resident, complaints)
        response = await act(officer, reference, "assign_handler", {"handler": "h.khan"})
        assert response.status_code == 303, response.text
        references.append(reference)
    return references


async def _whole_team(manager: Any, **filters: str) -> str:
    """Every page of the team view under `filters` in one text."""
    return "".join(await every_page(manager, "/manager/team", **filters))


async def test_r_team_1_a_manager_reassigns_three_complaints_at_once_with_a_reason(
    browser: Any, complaints: Complaints
) -> None:
    references = await _assigned(browser, complaints, 3)
    manager = await browser("manager")
    listed = await _whole_team(manager, handler="h.khan")
    assert set(references) <= set(dict(ROW.findall(listed)))

    form = {"reference": references, "handler_to": "j.doe", "reason": "Hana is on leave"}
    response = await manager.post("/manager/team/reassign", form)

    assert response.status_code == 303, response.text
    flash = (await manager.get(response.headers["location"])).text
    assert "3 complaints reassigned to Jo Doe" in flash
    for reference in references:
        now = await eventually(
            lambda r=reference: state(complaints, r), lambda s: s.handler.id == "j.doe"
        )
        assert now.handler is not None and now.handler.name == "Jo Doe"
        events = await complaints.events(reference)
        assert any(e.summary == "Reassigned to Jo Doe: Hana is on leave" for e in events)
        letters = await eventually(
            lambda r=reference: _letters(complaints, r), lambda found: "handler_changed" in found
        )
        assert letters.count("handler_changed") == 1


async def _letters(complaints: Complaints, reference: str) -> list[str]:
    async with complaints.sessionmaker() as session:
        found = await session.scalars(
            select(LetterRecord.letter).where(LetterRecord.reference == reference)
        )
        return list(found.all())


async def test_r_team_1_a_first_assignment_without_a_reason_sends_no_letter(
    browser: Any, complaints: Complaints
) -> None:
    [reference] = await _assigned(browser, complaints, 1)
    letters = await _letters(complaints, reference)
    assert "handler_changed" not in letters
    events = await complaints.events(reference)
    assert any(e.summary == "Assigned to Hana Khan" for e in events)


async def test_r_team_1_reassignment_without_complaints_handler_or_reason_is_refused(
    browser: Any,
) -> None:
    manager = await browser("manager")
    response = await manager.post("/manager/team/reassign", {"reason": " "})
    assert response.status_code == 422
    for message in (
        "Tick the complaints to reassign",
        "Choose the handler to reassign them to",
        "Say why the complaints are reassigned",
    ):
        assert message in response.text


async def test_r_team_1_a_refusal_for_one_complaint_is_shown_beside_it(
    browser: Any, complaints: Complaints
) -> None:
    [reference] = await _assigned(browser, complaints, 1)
    manager = await browser("manager")
    form = {
        "reference": [reference, "CMP-2001-999999"],
        "handler_to": "j.doe",
        "reason": "Workload",
    }
    response = await manager.post("/manager/team/reassign", form)
    assert response.status_code == 200
    assert "1 complaint reassigned to Jo Doe" in response.text
    assert "CMP-2001-999999: there is no such complaint" in response.text


async def test_r_team_1_only_managers_see_the_team_view(browser: Any) -> None:
    for who in ("officer", "handler", "reviewer", "governance", "admin"):
        response = await (await browser(who)).get("/manager/team")
        assert response.status_code == 403, who
    posted = await (await browser("officer")).post(
        "/manager/team/reassign", {"reference": "CMP-2001-000001", "handler_to": "j.doe"}
    )
    assert posted.status_code == 403


async def test_r_team_1_filters_and_sorting_narrow_the_view(
    browser: Any, complaints: Complaints
) -> None:
    references = await _assigned(browser, complaints, 2)
    manager = await browser("manager")
    mine = (await manager.get("/manager/team", params={"handler": "h.khan"})).text
    handlers = re.findall(r'id="handler-[A-Z0-9-]+">([^<]+)<', mine)
    assert handlers and set(handlers) == {"Hana Khan"}
    green = await _whole_team(manager, rag="green")
    assert set(dict(ROW.findall(green)).values()) == {"green"}
    assert set(references) <= set(dict(ROW.findall(green)))
    overdue = await _whole_team(manager, overdue="yes")
    assert not set(references) & set(dict(ROW.findall(overdue)))
    stage_2 = await _whole_team(manager, stage="stage_2")
    assert not set(references) & set(dict(ROW.findall(stage_2)))
    by_reference = (await manager.get("/manager/team", params={"sort": "reference"})).text
    listed = [reference for reference, _ in ROW.findall(by_reference)]
    assert listed == sorted(listed)
    assert 'id="handler-loads"' in mine and "Hana Khan" in mine
