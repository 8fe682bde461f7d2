"""Every route probed from outside, as an attacker and a careless user would (issue 8): no
input reaches a 500, a refused action changes no state, and the answer says why in words.

Each path and query parameter is tried with what a probe sends: not a number, negative,
zero, huge, years 0 and 10000, impossible dates, a period that ends before it starts, an
unknown organisation or reference, a malformed reference, a NUL, a lone surrogate, invalid
UTF-8, 100 kB of text and the parameter twice; each form is posted without its CSRF token,
by the wrong role and at addresses that do not exist. A refusal is a 4xx page with the
service's template and a heading, or JSON whose ``detail`` says what was wrong; a POST that
is refused leaves every table as it was.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import sqlalchemy as sa

from models.messages import AcceptInput, AssignHandlerInput
from models.parties import StaffMember
from tests.harness import settled
from tests.web.conftest import Browser
from tests.web.hazard_steps import report_hazard
from tests.web.steps import file_complaint
from tests.web.test_edge import raw_browser
from web import hazard_forms
from web.actions import ACTIONS

HUGE = "99999999999999999999"
# httpx refuses an address over 64 kB; a form field carries the full 100 kB.
LONG = "x" * 60_000
LONG_FORM = "x" * 100_000
NUMBERS = ("abc", "-1", "0", HUGE, "1.5", "%00", "%ED%A0%80", "%FF", LONG)
YEARS = (*NUMBERS, "10000", "0000")
REFERENCES = ("C-2026-99999", "H-2026-99999", "..%2F..%2Fetc", "C%00", "%ED%A0%80", "%FF", LONG)
TEXTS = ("", "unknown", "%00", "%ED%A0%80", "%FF", "%3Cscript%3E", LONG)
LAST_DAY = "9999-12-31"  # the calendar's last: a period cannot end on it
DATES = ("2026-02-30", "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "yesterday")
MONTHS = ("2026-13", "2026-00", "0000-01", "0001-01", "9999-12", "10000-01", "-1-01", "May")
FORM = {"content-type": "application/x-www-form-urlencoded"}
# Tables a request may touch without changing anything a user did: the session's last use,
# the guessing counters and the log of who read what.
BOOKKEEPING = frozenset({"staff_sessions", "guess_attempts", "access_log"})


def paths(template: str, values: tuple[str, ...]) -> list[str]:
    return [template.format(v=value) for value in values]


def queries(base: str, name: str, values: tuple[str, ...]) -> list[str]:
    return [*(f"{base}?{name}={v}" for v in values), f"{base}?{name}=1&{name}=2"]


REPORT_QUERIES = [
    *(f"/reports/period{ext}?from={d}" for ext in ("", ".csv", ".pdf") for d in DATES),
    *(f"/reports/period?to={d}" for d in DATES if d != LAST_DAY),
    "/reports/period?from=2026-09-30&to=2026-07-01",
    "/reports/period.csv?from=0001-01-01&to=9999-12-30",
    "/reports/period.pdf?from=0001-01-01&to=9999-12-30",
    "/reports/self-assessment?from=0001-01-01&to=9999-12-31",
    *(f"/reports/tsm?homes={v}" for v in (*NUMBERS, "1" + "0" * 5000)),
    "/reports/tsm.csv?homes=1&from=0001-01-01&to=9999-12-31",
    *(f"/reports/qa{ext}?month={m}" for ext in ("", ".csv", ".pdf") for m in MONTHS),
    *queries("/reports/period", "organisation", TEXTS),
    *paths("/reports/{v}", ("unknown", "period.exe", "qa.", "%00", LONG)),
    *(f"/reports/qa/{m}/C-2026-99999" for m in MONTHS),
    *paths("/reports/qa/2026-10/{v}", REFERENCES),
]
TEAM_QUERIES = [
    *queries("/manager/team", "page", NUMBERS),
    *(
        f"/manager/team?{name}={v}"
        for name in ("handler", "stage", "status", "service_area", "organisation", "rag", "sort")
        for v in TEXTS
    ),
    "/manager/team?overdue=yes&vulnerable=yes&page=" + HUGE,
]
# (role, addresses): every GET of the staff side, with its parameters probed.
STAFF_GETS: dict[str, tuple[str, list[str]]] = {
    "hazards-queue": ("manager", queries("/hazards", "page", NUMBERS)),
    "hazards-api": ("manager", queries("/api/hazards", "page", NUMBERS)),
    "hazard-page": ("manager", paths("/hazards/{v}", REFERENCES)),
    "hazard-api": ("manager", paths("/api/hazards/{v}", REFERENCES)),
    "hazard-step": (
        "handler",
        paths("/hazards/{v}/actions/triage", REFERENCES)
        + paths("/hazards/H-2026-99999/actions/{v}", TEXTS[1:]),
    ),
    "assessment": (
        "governance",
        paths("/governance/self-assessment/{v}", NUMBERS)
        + paths("/governance/self-assessment/{v}/versions/1", NUMBERS)
        + paths("/governance/self-assessment/1/versions/{v}", NUMBERS),
    ),
    "annual": (
        "governance",
        paths("/governance/annual-report/{v}", YEARS)
        + paths("/governance/annual-report/{v}/versions/1", YEARS)
        + paths("/governance/annual-report/2026/versions/{v}", NUMBERS)
        + paths("/governance/annual-report/{v}/published.html", YEARS)
        + paths("/governance/annual-report/{v}/published.pdf", YEARS)
        + paths("/governance/letters/{v}", NUMBERS),
    ),
    "reports": ("governance", REPORT_QUERIES),
    "lessons": (
        "manager",
        queries("/lessons", "q", TEXTS) + paths("/lessons/{v}", NUMBERS),
    ),
    "team": ("manager", TEAM_QUERIES),
    "complaints": (
        "manager",
        paths("/complaints/{v}", REFERENCES)
        + paths("/complaints/{v}/case-file.pdf", REFERENCES)
        + paths("/complaints/C-2026-99999/letters/{v}", NUMBERS)
        + paths("/complaints/C-2026-99999/documents/{v}", TEXTS[1:])
        + paths("/complaints/{v}/actions/acknowledge", REFERENCES)
        + queries("/complaints", "page", NUMBERS)
        + queries("/search", "q", TEXTS)
        + queries("/search?q=damp", "page", NUMBERS)
        + paths("/queues/{v}", TEXTS[1:])
        + queries("/queues/all", "page", NUMBERS)
        + paths("/api/queues/{v}", TEXTS[1:])
        + queries("/api/queues/all", "page", NUMBERS)
        + paths("/api/complaints/{v}", REFERENCES),
    ),
    "mail": ("officer", paths("/staff/mail/{v}", NUMBERS)),
    "admin": ("admin", paths("/admin/users/{v}", NUMBERS)),
    "wrong-role": (
        "officer",
        [
            "/manager/team?page=" + HUGE,
            "/reports/period?from=2026-02-30",
            "/governance/annual-report/10000",
            "/governance/self-assessment/" + HUGE,
            "/lessons/" + HUGE,
            "/admin/users/" + HUGE,
        ],
    ),
}
VISITOR_GETS = [
    *paths("/survey/{v}", REFERENCES),
    *queries("/survey/C-2026-99999", "token", TEXTS),
    "/your-complaint",
    *paths("/your-complaint/letters/{v}", NUMBERS),
    *paths("/your-complaint/letters/{v}/pdf", NUMBERS),
    *paths("/your-complaint/link/{v}", TEXTS[1:]),
    *queries("/sign-in", "next", TEXTS),
    *queries("/status", "reference", TEXTS),
]
# (role, address, form): every POST of the staff side at addresses that do not exist.
STAFF_POSTS: list[tuple[str, str, dict[str, str]]] = [
    ("handler", "/hazards/{v}/actions/triage", {"kind": "emergency"}),
    ("governance", "/governance/self-assessment/{v}", {}),
    ("governance", "/governance/annual-report/{v}", {}),
    ("governance", "/governance/annual-report/{v}/letters", {}),
    ("governance", "/reports/qa/2026-10/{v}", {"item-0": "yes"}),
    ("manager", "/lessons/{v}", {"action": "Train staff"}),
    (
        "manager",
        "/manager/team/reassign",
        {"reference": "{v}", "handler_to": "{v}", "stage": "{v}"},
    ),
    (
        "manager",
        "/manager/team/reassign",
        {"reference": "{v}", "handler_to": "h.khan", "reason": "Leave"},
    ),
    ("handler", "/complaints/{v}/actions/acknowledge", {}),
    ("officer", "/staff/mail/{v}/close", {}),
    ("admin", "/admin/users/{v}/deactivate", {}),
]
VISITOR_POSTS: list[tuple[str, dict[str, str]]] = [
    ("/survey/{v}", {"token": "{v}", "satisfied": "yes"}),
    ("/your-complaint/agreement", {"agree": "yes"}),
    ("/your-complaint/escalate", {"reason": "{v}"}),
    ("/your-complaint/survey", {"satisfied": "yes"}),
    ("/your-complaint/information", {"text": "{v}"}),
    ("/your-complaint/link/{v}", {}),
    ("/status/escalate", {"reference": "{v}", "reason": "{v}"}),
]
POSTED = ("abc", "-1", HUGE, "C-2026-99999", "%00", "%ED%A0%80", LONG)


async def snapshot(complaints: Any, *only: str) -> dict[str, str]:
    """A digest of every table's rows (or of ``only`` these), but the bookkeeping ones."""
    async with complaints.sessionmaker() as session:
        names = (
            await session.execute(
                sa.text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            )
        ).scalars()
        digests = {}
        for name in sorted((set(only) or set(names)) - BOOKKEEPING):
            rows = "coalesce(string_agg(t::text, ',' ORDER BY t::text), '')"
            sql = f'SELECT md5({rows}) FROM "{name}" t'
            digests[name] = (await session.execute(sa.text(sql))).scalar_one()
        return digests


async def quiet_snapshot(complaints: Any, *only: str) -> dict[str, str]:
    """The snapshot (of ``only`` these tables, if named) once the workflows have finished
    writing what they started."""
    seen = None
    for _ in range(50):
        now = await snapshot(complaints, *only)
        if now == seen:
            return now
        seen = now
        await asyncio.sleep(0.1)
    raise AssertionError("the database did not settle")


def refusal_problem(response: httpx.Response) -> str | None:
    """Why ``response`` is not a clear answer, or None when it is."""
    status = response.status_code
    if status >= 500:
        return f"{status}: {response.text[:300]!r}"
    if status < 400:
        return None
    if response.headers.get("content-type", "").startswith("application/json"):
        detail = response.json().get("detail")
        return None if detail else f"{status} JSON without a detail"
    if 'class="govuk-template"' not in response.text or "<h1" not in response.text:
        return f"{status} without the service's page and heading"
    return None


async def probe(
    browser: Browser, method: str, url: str, form: dict[str, str] | None, *, refused: bool = False
) -> str | None:
    """Why the answer to this request is not a clear one, or None; with ``refused``, an
    answer that is not a refusal (4xx) is not clear either."""
    # The address as sent, escapes and all: httpx would otherwise encode them again.
    target = httpx.URL("https://testserver").copy_with(raw_path=url.encode("ascii"))
    if method == "GET":
        response = await browser.client.get(target)
    else:
        # The form as sent: its values already escaped, a NUL or invalid UTF-8 included.
        body = "&".join(f"{quote(name)}={value}" for name, value in (form or {}).items())
        response = await browser.client.post(target, content=body, headers=FORM)
    found = refusal_problem(response)
    if refused and not 400 <= response.status_code < 500:
        found = found or f"{response.status_code}, not a refusal"
    return f"{method} {url[:120]} -> {found}" if found else None


@pytest.mark.parametrize("group", sorted(STAFF_GETS))
async def test_issue_8_no_staff_address_answers_a_500_however_it_is_written(app, group) -> None:
    role, urls = STAFF_GETS[group]
    browser = await raw_browser(app, role)
    failures = [found for url in urls if (found := await probe(browser, "GET", url, None))]
    assert not failures, "\n".join(failures)


async def test_issue_8_a_period_ending_on_the_calendars_last_day_is_refused_in_words(app) -> None:
    browser = await raw_browser(app, "governance")
    found = await probe(browser, "GET", f"/reports/period?to={LAST_DAY}", None)
    assert found is None, found
    page = await browser.get(f"/reports/period?to={LAST_DAY}")
    assert "Enter the date to between 1900 and 9998" in page.text


async def test_issue_8_no_public_address_answers_a_500_however_it_is_written(app) -> None:
    browser = await raw_browser(app)
    failures = [found for url in VISITOR_GETS if (found := await probe(browser, "GET", url, None))]
    assert not failures, "\n".join(failures)


def filled(form: dict[str, str], value: str) -> dict[str, str]:
    value = LONG_FORM if value == LONG else value
    return {name: field.replace("{v}", value) for name, field in form.items()}


@pytest.mark.parametrize(
    "role,template,form", STAFF_POSTS, ids=[f"{p[1]}-{i}" for i, p in enumerate(STAFF_POSTS)]
)
async def test_issue_8_a_refused_staff_form_changes_nothing_and_says_why(
    app, complaints, role, template, form
) -> None:
    """Without the CSRF token: a 403 page. With it, at addresses and with values that do not
    exist, and by a role the form is not for: a 4xx page. Every table is as it was."""
    before = await quiet_snapshot(complaints)
    failures = []
    for who in (role, "officer" if role != "officer" else "manager"):
        browser = await raw_browser(app, who)
        for value in POSTED:
            url = template.replace("{v}", value)
            for csrf in (False, True):
                data = filled(form, value)
                if csrf:
                    data["csrf_token"] = quote(await browser.token())
                if found := await probe(browser, "POST", url, data):
                    failures.append(found)
        missing = await browser.client.post(template.replace("{v}", "1"), data=form)
        if missing.status_code != 403:
            failures.append(f"POST {template} without a token -> {missing.status_code}")
    assert not failures, "\n".join(failures)
    assert await snapshot(complaints) == before


@pytest.mark.parametrize("template,form", VISITOR_POSTS, ids=[p[0] for p in VISITOR_POSTS])
async def test_issue_8_a_refused_public_form_changes_nothing_and_says_why(
    app, complaints, template, form
) -> None:
    before = await quiet_snapshot(complaints)
    browser = await raw_browser(app)
    failures = []
    for value in POSTED:
        url = template.replace("{v}", value)
        for csrf in (False, True):
            data = filled(form, value)
            if csrf:
                data["csrf_token"] = quote(await browser.token())
            if found := await probe(browser, "POST", url, data):
                failures.append(found)
    assert not failures, "\n".join(failures)
    assert await snapshot(complaints) == before


RESIDENT_POSTS: list[tuple[str, dict[str, str]]] = [
    ("/your-complaint/agreement", {"agreed": "{v}", "note": "{v}"}),
    ("/your-complaint/escalate", {"reasons": "{v}"}),
    ("/your-complaint/survey", {"satisfaction": "{v}", "comments": "{v}"}),
    ("/your-complaint/information", {"information": "{v}"}),
    ("/status/escalate", {"reasons": "{v}"}),
]
# Values no form may keep: a NUL, other control characters, 100 kB. (A lone surrogate
# cannot arrive in a form: its bytes are invalid UTF-8, read as replacement characters.)
UNKEEPABLE = ("%00", "%01", "%1B", LONG)


async def test_issue_8_the_residents_own_view_refuses_what_it_cannot_keep(
    app, browser, complaints
) -> None:
    """Signed in to their own view, a resident who asks for numbers that are no letter, or
    sends forms with a NUL, a control character or 100 kB, is told why; nothing changes."""
    reference = await file_complaint(await browser(), complaints)
    resident = await raw_browser(app)
    opened = await resident.post("/status", {"reference": reference, "contact": "ls11aa"})
    assert 'id="open-view"' in opened.text
    handle = complaints.env.client.get_workflow_handle(reference)
    before = await settled(complaints, handle)
    failures = []
    for template in ("/your-complaint/letters/{v}", "/your-complaint/letters/{v}/pdf"):
        for url in paths(template, NUMBERS):
            if found := await probe(resident, "GET", url, None):
                failures.append(found)
    for url, form in RESIDENT_POSTS:
        for value in UNKEEPABLE:
            data = filled(form, value) | {"csrf_token": quote(await resident.token())}
            if found := await probe(resident, "POST", url, data, refused=True):
                failures.append(f"{found}, sent {value[:12]}")
    assert not failures, "\n".join(failures)
    assert await settled(complaints, handle) == before


NAME = re.compile(r'name="([^"]+)"')
# A date's three fields as a careless user or a probe fills them: an impossible day, years
# the calendar cannot hold, negative numbers and a digit that is not an ASCII digit.
BAD_DATES = (
    ("30", "2", "2026"),
    ("1", "1", HUGE),
    ("1", "1", "10000"),
    ("1", "1", "0"),
    ("-1", "-1", "-1"),
    ("%C2%B2", "1", "2026"),
)
# Every other field: a superscript two (a digit to str.isdigit, not to int), or more digits
# than int reads, each with a NUL, so that the text fields refuse the form whatever the date.
NOT_NUMBERS = ("%C2%B2%00", "1" * 5000 + "%00")


async def form_names(browser: Browser, address: str) -> list[str]:
    page = await browser.get(address)
    return [n for n in dict.fromkeys(NAME.findall(page.text)) if n != "csrf_token"]


async def probe_form(browser: Browser, address: str, *, shown: bool = True) -> list[str]:
    """Post the form at ``address`` with each bad date and every other field refused; unless
    ``shown`` is False (an action not offered now), the form must be there to fill."""
    names = await form_names(browser, address)
    assert names or not shown, f"no form at {address}"
    failures = []
    for (day, month, year), other in itertools.product(BAD_DATES, NOT_NUMBERS):
        parts = {"-day": day, "-month": month, "-year": year}
        data = {n: parts.get(n[n.rfind("-") :], other) for n in names}
        data["csrf_token"] = quote(await browser.token())
        if found := await probe(browser, "POST", address, data, refused=True):
            failures.append(f"{found}, dated {day}/{month}/{year[:12]}, else {other[:12]}")
    return failures


async def test_issue_8_every_hazard_step_form_refuses_what_it_cannot_read(app, complaints) -> None:
    """Each hazard step's form, on a real hazard, with impossible dates and numbers: a 4xx
    with the form again, and the hazard as it was."""
    hazard = await report_hazard(complaints, None)
    manager = await raw_browser(app, "manager")
    before = await quiet_snapshot(complaints, "hazards")
    failures = []
    for update in sorted(hazard_forms.BY_UPDATE):
        address = f"/hazards/{hazard}/actions/{update}"
        failures += await probe_form(manager, address, shown=False)
    assert not failures, "\n".join(failures)
    assert await quiet_snapshot(complaints, "hazards") == before


async def test_issue_8_every_complaint_action_form_refuses_what_it_cannot_read(
    app, complaints
) -> None:
    """Each action's form on a complaint being handled, with impossible dates and numbers: a
    4xx, and the complaint as it was."""
    handle = await complaints.log()
    await complaints.act(handle, "accept", AcceptInput())
    handler = StaffMember(id="h.khan", name="Hana Khan", email="handler@test.example")
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=handler))
    manager = await raw_browser(app, "manager")
    before = await settled(complaints, handle)
    failures = []
    for action in ACTIONS:
        address = f"/complaints/{handle.id}/actions/{action.action.name}"
        failures += await probe_form(manager, address, shown=False)
    assert not failures, "\n".join(failures)
    assert await settled(complaints, handle) == before


GOVERNANCE_TABLES = ("self_assessment_versions", "annual_report_versions", "ombudsman_letters")


async def test_issue_8_the_governance_forms_refuse_what_they_cannot_read(app, complaints) -> None:
    """A self-assessment run and the year's annual report, each saved with impossible dates
    and numbers: a 4xx with the form again, and no new version."""
    governance = await raw_browser(app, "governance")
    started = await governance.post("/governance/self-assessment", {"reason": "annual"})
    assert started.status_code == 303, started.text
    latest = await governance.get("/governance/annual-report")
    assert latest.status_code in (302, 303, 307), latest.text
    before = await quiet_snapshot(complaints, *GOVERNANCE_TABLES)
    failures = await probe_form(governance, started.headers["location"])
    failures += await probe_form(governance, latest.headers["location"])
    assert not failures, "\n".join(failures)
    assert await quiet_snapshot(complaints, *GOVERNANCE_TABLES) == before


async def test_issue_8_the_complaint_forms_refuse_what_they_cannot_read(app, complaints) -> None:
    """The resident's complaint, feedback, status and sign-in-link forms and the officer's
    form for logging a complaint, with impossible dates and numbers: a 4xx with the form
    again, and nothing recorded."""
    tables = ("complaints", "intake_submissions", "reference_allocations")
    before = await quiet_snapshot(complaints, *tables)
    visitor = await raw_browser(app)
    failures = []
    for address in ("/complain", "/feedback", "/status", "/your-complaint/sign-in"):
        failures += await probe_form(visitor, address)
    failures += await probe_form(await raw_browser(app, "officer"), "/staff/log")
    assert not failures, "\n".join(failures)
    assert await quiet_snapshot(complaints, *tables) == before
