"""Every page passes axe-core with no serious or critical violation: the residents' forms
(also as they come back with errors), the status page, sign-in, each work queue, the
complaint page at each point of its life, each action form, a refusal, the users page,
the New mail queue and a message's page with its forms (also with errors).

axe-core (npm, ``node_modules/axe-core``) is injected into the page as it stands in
Chromium; the page's Content-Security-Policy is bypassed for that script alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from tests.browser import scenes
from tests.browser.axe import SERIOUS, no_serious_violation
from tests.browser.conftest import Screenshots
from tests.browser.pages import choose, follow, visit
from tests.harness import Complaints
from tests.mailbox.kept import keep_waiting
from tests.web.conftest import Browser
from tests.web.hazard_steps import report_hazard
from tests.web.steps import state
from web.actions import ACTIONS
from web.hazard_forms import FORMS as HAZARD_FORMS
from web.queues import QUEUES

# The complaint's life, in order; an action form is checked at the first point it is offered.
POINTS = ("received", "acknowledged", "responded", "escalated")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def points(_complaints_session: Complaints, base_url: str) -> AsyncIterator[dict[str, str]]:
    """One complaint at each point of its life, for the whole module; ended afterwards."""
    complaints = dataclasses.replace(_complaints_session, started=[])
    clients: list[httpx.AsyncClient] = []

    async def http(who: str | None = None) -> Browser:
        client = httpx.AsyncClient(base_url=base_url, timeout=30)
        clients.append(client)
        made = Browser(client)
        return await made.sign_in(who) if who else made

    made = {point: await getattr(scenes, point)(http, complaints) for point in POINTS}
    yield made
    for client in clients:
        await client.aclose()
    await complaints.terminate_started()


Visit = Callable[[Any, Screenshots, dict[str, str], Complaints], Awaitable[Any]]


def opening(path: str) -> Visit:
    async def go(page: Any, shots: Screenshots, refs: dict[str, str], _: Complaints) -> Any:
        return await visit(page, shots, path.format(**refs), "page")

    return go


async def complain_with_errors(page: Any, shots: Screenshots, *_: Any) -> Any:
    await visit(page, shots, "/complain", "complain")
    return await follow(page, shots, "#submit", "page")


async def confirmation(page: Any, shots: Screenshots, _: Any, complaints: Complaints) -> Any:
    await visit(page, shots, "/complain", "complain")
    await page.get_by_label("Full name").fill("Sam Lee")
    await page.get_by_label("Postcode", exact=True).fill("LS2 2BB")
    for name, value in (
        ("relationship", "current_resident"),
        ("tenure", "tenant"),
        ("service_area", "landlord_services"),
    ):
        await choose(page, name, value)
    await page.get_by_label("What went wrong?").fill("The lift has been broken for a month.")
    response = await follow(page, shots, "#submit", "page")
    complaints.started.append(await page.inner_text("#filed-reference"))
    return response


async def feedback_with_errors(page: Any, shots: Screenshots, *_: Any) -> Any:
    await visit(page, shots, "/feedback", "feedback")
    return await follow(page, shots, "#submit", "page")


def status_for(contact: str) -> Visit:
    async def go(page: Any, shots: Screenshots, refs: dict[str, str], _: Complaints) -> Any:
        await visit(page, shots, "/status", "status")
        await page.get_by_label("Reference").fill(refs["responded"])
        await page.get_by_label("Postcode or email address").fill(contact)
        return await follow(page, shots, "#check", "page")

    return go


async def sign_in_with_errors(page: Any, shots: Screenshots, *_: Any) -> Any:
    await visit(page, shots, "/sign-in", "sign-in")
    await page.get_by_label("Email address").fill("nobody@test.example")
    await page.get_by_label("Password").fill("wrong")
    return await follow(page, shots, "#sign-in", "page")


def action_form(update: str) -> Visit:
    """The action's form, on the first complaint it is offered on (else an open one)."""
    action = next(a for a in ACTIONS if a.update == update)

    async def go(page: Any, shots: Screenshots, refs: dict[str, str], c: Complaints) -> Any:
        chosen = refs["acknowledged"]
        for point in POINTS:
            if action.offered(await state(c, refs[point])):
                chosen = refs[point]
                break
        return await visit(page, shots, f"/complaints/{chosen}/actions/{update}", "page")

    return go


async def action_form_with_errors(page: Any, shots: Screenshots, refs: dict[str, str], _: Any):
    await visit(page, shots, f"/complaints/{refs['acknowledged']}/actions/extend", "extend")
    return await follow(page, shots, "#submit", "page")


async def response_preview(page: Any, shots: Screenshots, refs: dict[str, str], _: Any) -> Any:
    """R-PREV-1: the stage response letter as it will go out, with its send button."""
    reference = refs["acknowledged"]
    await visit(page, shots, f"/complaints/{reference}/actions/submit_response", "respond")
    await page.fill("#definition", scenes.RESPOND["definition"])
    await choose(page, "decision-1", "not_upheld")
    await page.fill("#reasons-1", scenes.RESPOND["reasons-1"])
    await page.fill("#reasons", scenes.RESPOND["reasons"])
    return await follow(page, shots, "#preview", "page")


async def new_mail(page: Any, shots: Screenshots, _: Any, complaints: Complaints) -> Any:
    """The queue with a message in it: one with no sender, arrived a week ago (amber)."""
    arrived = datetime.now(UTC) - timedelta(days=7)
    await keep_waiting(complaints.sessionmaker, sender=None, subject="Bins", arrived=arrived)
    await keep_waiting(complaints.sessionmaker, subject="Leak under the sink")
    return await visit(page, shots, "/staff/mail", "page")


def mail_message(button: str | None) -> Visit:
    """A message's page with its three forms; `button`: pressed with nothing filled in."""

    async def go(page: Any, shots: Screenshots, _: Any, complaints: Complaints) -> Any:
        mail_id = await keep_waiting(complaints.sessionmaker, subject="Damp in the bedroom")
        response = await visit(page, shots, f"/staff/mail/{mail_id}", "page")
        if button is None:
            return response
        await page.fill("#description", "")
        return await follow(page, shots, button, "with-errors")

    return go


HAZARD_ACTIONS = "/hazards/{hazard}/actions"
HAZARD_TRIAGE = "/hazards/{hazard}/actions/triage"


def hazard_page(path: str, button: str | None = None) -> Visit:
    """A page of a hazard reported in the acknowledged complaint (``{hazard}`` in `path`);
    `button`: pressed with nothing filled in."""

    async def go(page: Any, shots: Screenshots, refs: dict[str, str], c: Complaints) -> Any:
        hazard = await report_hazard(c, refs["acknowledged"])
        response = await visit(page, shots, path.format(hazard=hazard), "page")
        if button is None:
            return response
        return await follow(page, shots, button, "with-errors")

    return go


async def add_user_with_errors(page: Any, shots: Screenshots, *_: Any) -> Any:
    await visit(page, shots, "/admin/users", "users")
    return await follow(page, shots, "#add-user", "page")


async def manage_user(page: Any, shots: Screenshots, *_: Any) -> Any:
    """An admin's page for one user: sessions, deactivation, a temporary password."""
    await visit(page, shots, "/admin/users", "users")
    return await follow(page, shots, "#manage-o\\.bennett", "user")


# (id, who is signed in, how to reach the page, the HTTP status it answers with)
PAGES: list[tuple[str, str | None, Visit, int]] = [
    ("home", None, opening("/"), 200),
    ("complain", None, opening("/complain"), 200),
    ("complain-with-errors", None, complain_with_errors, 422),
    ("confirmation", None, confirmation, 200),
    ("feedback", None, opening("/feedback"), 200),
    ("feedback-with-errors", None, feedback_with_errors, 422),
    ("status", None, opening("/status"), 200),
    ("status-not-found", None, status_for("ZZ9 9ZZ"), 404),
    ("status-result", None, status_for("LS1 1AA"), 200),
    ("sign-in", None, opening("/sign-in"), 200),
    ("sign-in-with-errors", None, sign_in_with_errors, 401),
    ("work-queues", "officer", opening("/staff"), 200),
    *[(f"queue-{q.slug}", "manager", opening(f"/queues/{q.slug}"), 200) for q in QUEUES],
    *[(f"complaint-{p}", "manager", opening(f"/complaints/{{{p}}}"), 200) for p in POINTS],
    *[(f"action-{a.update}", "manager", action_form(a.update), 200) for a in ACTIONS],
    ("action-with-errors", "handler", action_form_with_errors, 422),
    ("response-preview", "manager", response_preview, 200),
    ("refused", "other_handler", opening("/complaints/{acknowledged}/actions/extend"), 403),
    ("admin-users", "admin", opening("/admin/users"), 200),
    ("admin-users-with-errors", "admin", add_user_with_errors, 422),
    ("admin-user", "admin", manage_user, 200),
    ("change-password", "officer", opening("/change-password"), 200),
    ("page-not-found", None, opening("/no/such/page"), 404),
    ("queue-not-found", "manager", opening("/queues/nosuch"), 404),
    ("new-mail", "officer", new_mail, 200),
    ("mail-message", "officer", mail_message(None), 200),
    ("mail-message-log-with-errors", "officer", mail_message("#log"), 422),
    ("mail-message-close-with-errors", "manager", mail_message("#close"), 422),
    ("search", "officer", opening("/search?q=Morgn"), 200),
    ("search-with-errors", "officer", opening("/search?q=ab"), 422),
    ("team", "manager", opening("/manager/team"), 200),
    ("bad-address", "manager", opening("/complaints/CMP%00"), 422),
    ("hazards-queue", "officer", hazard_page("/hazards"), 200),
    ("hazard", "officer", hazard_page("/hazards/{hazard}"), 200),
    *[
        (f"hazard-{h.update}", "manager", hazard_page(f"{HAZARD_ACTIONS}/{h.update}"), 200)
        for h in HAZARD_FORMS
    ],
    ("hazard-triage-with-errors", "officer", hazard_page(HAZARD_TRIAGE, "#submit"), 422),
    ("hazard-not-found", "officer", opening("/hazards/HAZ-2099-999999"), 404),
]


@pytest.mark.parametrize(
    ("who", "reach", "status"), [p[1:] for p in PAGES], ids=[p[0] for p in PAGES]
)
async def test_the_page_has_no_serious_or_critical_accessibility_violation(
    who, reach, status, people, points, complaints, screenshots, axe_script: Path
) -> None:
    page = await people(who, bypass_csp=True)
    response = await reach(page, screenshots, points, complaints)
    assert response.status == status, await page.content()
    await no_serious_violation(page, axe_script, screenshots.folder / "axe-violations.json")


async def test_the_check_finds_a_serious_violation_when_there_is_one(
    people, axe_script: Path
) -> None:
    """The check itself works: an image without a text alternative and an unlabelled field."""
    page = await people(bypass_csp=True)
    await page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>'
        '<h1>Broken</h1><img src="data:,"><input type="text" name="name"></main></body></html>'
    )
    await page.add_script_tag(path=str(axe_script))
    results = await page.evaluate("axe.run()")
    found = {v["id"]: v["impact"] for v in results["violations"]}
    assert found.get("image-alt") in SERIOUS and found.get("label") in SERIOUS, found
