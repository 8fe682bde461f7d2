"""Staff sessions kept in PostgreSQL (issue 10, R-DP-4): each way a session ends (signing
out on the page or the API, deactivation, a password change, an administrator, idle time)
makes a saved copy of its cookie worthless at once; a temporary password is changed before
anything else; the page and the API count wrong passwords together."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text

from models.enums import Status
from store.tables import StaffSession
from tests.harness import Complaints
from tests.web.conftest import PASSWORD, USERS, Browser
from tests.web.steps import state
from web.limits import SIGN_IN_FAILURES
from web.users import user_by_email

NEW_PASSWORD = "a much longer passphrase of my own"


async def copy_of(browser: Any, cookies: Browser | httpx.Cookies) -> Browser:
    """Another browser holding a saved copy of a browser's cookies (an attacker's, say)."""
    made = await browser()
    jar = cookies.client.cookies if isinstance(cookies, Browser) else cookies
    made.client.cookies = httpx.Cookies(jar)
    return made


async def new_user(browser: Any, complaints: Complaints, *roles: str) -> tuple[str, int]:
    """A user added by an administrator on the users page: their email and id."""
    admin = await browser("admin")
    email = f"u-{uuid.uuid4().hex[:10]}@test.example"
    response = await admin.post(
        "/admin/users",
        {
            "name": "Sam Temp",
            "email": email,
            "staff_id": f"s.{uuid.uuid4().hex[:10]}",
            "password": PASSWORD,
            "roles": list(roles or ("officer",)),
        },
    )
    assert response.status_code == 303, response.text
    async with complaints.sessionmaker() as db:
        user = await user_by_email(db, email)
    assert user is not None
    return email, user.id


async def signed_in_as(browser: Any, email: str, password: str = PASSWORD) -> Browser:
    made = await browser()
    response = await made.post("/sign-in", {"email": email, "password": password})
    assert response.status_code == 303, response.text
    return made


@pytest.mark.parametrize("how", ["page", "api"])
async def test_a_saved_cookie_is_worthless_after_signing_out(
    how: str, browser: Any, complaints: Complaints
) -> None:
    handle = await complaints.log()
    officer = await browser("officer")
    token = await officer.token()
    saved = httpx.Cookies(officer.client.cookies)
    assert (await (await copy_of(browser, saved)).get("/api/queues")).status_code == 200

    if how == "page":
        assert (await officer.post("/sign-out", {})).status_code == 303
    else:
        ended = await officer.client.delete("/api/session", headers={"X-CSRF-Token": token})
        assert ended.status_code == 204

    # Each request replays the saved cookie as it was (an attacker ignores Set-Cookie).
    queues = await (await copy_of(browser, saved)).get("/api/queues")
    page = await (await copy_of(browser, saved)).get("/staff")
    change = await (await copy_of(browser, saved)).client.post(
        f"/api/complaints/{handle.id}/accept", json={}, headers={"X-CSRF-Token": token}
    )
    form = await (await copy_of(browser, saved)).client.post(
        f"/complaints/{handle.id}/actions/accept", data={"csrf_token": token}
    )
    assert queues.status_code == 401
    assert page.status_code == 303 and page.headers["location"].startswith("/sign-in")
    assert change.status_code == 401
    assert form.status_code == 303 and form.headers["location"].startswith("/sign-in")
    assert (await state(complaints, handle.id)).status == Status.RECEIVED


async def test_signing_in_again_does_not_revive_the_old_session(browser: Any) -> None:
    officer = await browser("officer")
    saved = await copy_of(browser, officer)
    await officer.post("/sign-out", {})
    await officer.sign_in("officer")
    assert (await officer.get("/api/queues")).status_code == 200
    assert (await saved.get("/api/queues")).status_code == 401


async def test_a_lockout_on_the_page_stops_the_api_and_the_reverse(browser: Any) -> None:
    page_first, api_first = USERS["reviewer"], USERS["governance"]
    guesser = await browser()
    for _ in range(SIGN_IN_FAILURES):
        wrong = await guesser.post("/sign-in", {"email": page_first.email, "password": "guess"})
        assert wrong.status_code == 401
    for _ in range(SIGN_IN_FAILURES):
        body = {"email": api_first.email, "password": "guess"}
        assert (await guesser.api("/api/session", body)).status_code == 401

    api = await guesser.api(
        "/api/session", {"email": page_first.email, "password": page_first.password}
    )
    page = await guesser.post(
        "/sign-in", {"email": api_first.email, "password": api_first.password}
    )
    assert api.status_code == 429 and "Too many attempts" in api.json()["detail"]
    assert page.status_code == 429 and "Too many attempts" in page.text


async def test_thirty_wrong_passwords_on_the_api_do_not_end_in_the_right_one(
    browser: Any,
) -> None:
    user = USERS["reviewer"]
    guesser = await browser()
    answers = [
        (await guesser.api("/api/session", {"email": user.email, "password": f"g{n}"})).status_code
        for n in range(30)
    ]
    right = await guesser.api("/api/session", {"email": user.email, "password": user.password})
    assert answers[:SIGN_IN_FAILURES] == [401] * SIGN_IN_FAILURES
    assert set(answers[SIGN_IN_FAILURES:]) == {429}
    assert right.status_code == 429


async def test_a_deactivated_users_session_is_refused_at_once(
    browser: Any, complaints: Complaints
) -> None:
    email, user_id = await new_user(browser, complaints, "officer")
    member = await signed_in_as(browser, email)
    assert (await member.get("/api/queues")).status_code == 200
    admin = await browser("admin")

    deactivated = await admin.post(f"/admin/users/{user_id}/deactivate", {})
    refused = await member.get("/api/queues")
    again = await (await browser()).post("/sign-in", {"email": email, "password": PASSWORD})
    listed = await admin.get("/admin/users")
    await admin.post(f"/admin/users/{user_id}/reactivate", {})

    assert deactivated.status_code == 303
    assert refused.status_code == 401
    assert again.status_code == 401
    assert "Deactivated" in listed.text
    assert (await signed_in_as(browser, email)).client.cookies


async def test_an_administrator_cannot_deactivate_themself(
    browser: Any, complaints: Complaints
) -> None:
    admin = await browser("admin")
    async with complaints.sessionmaker() as db:
        me = await user_by_email(db, USERS["admin"].email)
    assert me is not None
    refused = await admin.post(f"/admin/users/{me.id}/deactivate", {})
    assert refused.status_code == 422 and "cannot deactivate yourself" in refused.text
    assert (await admin.get("/admin/users")).status_code == 200


async def test_a_password_change_ends_the_other_sessions_only(
    browser: Any, complaints: Complaints
) -> None:
    email, _ = await new_user(browser, complaints, "officer")
    here, elsewhere = await signed_in_as(browser, email), await signed_in_as(browser, email)

    wrong = await here.post(
        "/change-password",
        {"current_password": "not it", "new_password": NEW_PASSWORD, "confirm_password": "x"},
    )
    changed = await here.post(
        "/change-password",
        {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    old = await (await browser()).post("/sign-in", {"email": email, "password": PASSWORD})

    assert wrong.status_code == 422 and "Enter your current password correctly" in wrong.text
    assert changed.status_code == 303
    assert (await here.get("/api/queues")).status_code == 200
    assert (await elsewhere.get("/api/queues")).status_code == 401
    assert old.status_code == 401
    assert await signed_in_as(browser, email, NEW_PASSWORD)


async def test_a_session_idle_too_long_ends(browser: Any, complaints: Complaints) -> None:
    email, user_id = await new_user(browser, complaints, "officer")
    recent, idle = await signed_in_as(browser, email), await signed_in_as(browser, email)
    async with complaints.sessionmaker() as db:
        rows = (
            await db.scalars(
                select(StaffSession)
                .where(StaffSession.user_id == user_id)
                .order_by(StaffSession.id)
            )
        ).all()
        recent_id, idle_id = rows[0].id, rows[1].id
        for session_id, minutes in ((recent_id, 29), (idle_id, 31)):
            await db.execute(
                text(
                    "UPDATE staff_sessions SET last_seen_at = now() - make_interval(mins => :m) "
                    "WHERE id = :id"
                ),
                {"m": minutes, "id": session_id},
            )
        await db.commit()

    assert (await recent.get("/api/queues")).status_code == 200
    assert (await idle.get("/api/queues")).status_code == 401
    assert (await idle.get("/staff")).headers["location"].startswith("/sign-in")
    async with complaints.sessionmaker() as db:
        ended = await db.get(StaffSession, idle_id)
        touched = await db.get(StaffSession, recent_id)
        now = await db.scalar(text("SELECT now()"))
    assert ended is not None and ended.ended_reason == "idle"
    assert touched is not None and (now - touched.last_seen_at).total_seconds() < 60


async def test_a_temporary_password_must_be_changed_before_anything_else(
    browser: Any, complaints: Complaints
) -> None:
    email, user_id = await new_user(browser, complaints, "officer")
    before = await signed_in_as(browser, email)
    admin = await browser("admin")
    short = await admin.post(f"/admin/users/{user_id}/password", {"password": "short"})
    temporary = "temporary-password-123"
    assert (
        await admin.post(f"/admin/users/{user_id}/password", {"password": temporary})
    ).status_code == 303

    member = await browser()
    signed_in = await member.post("/sign-in", {"email": email, "password": temporary})
    queues_page = await member.get("/staff")
    queues_api = await member.get("/api/queues")
    changed = await member.post(
        "/change-password",
        {
            "current_password": temporary,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )

    assert short.status_code == 422 and "at least 12 characters" in short.text
    assert (await before.get("/api/queues")).status_code == 401  # setting it ended sessions
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/change-password"
    assert queues_page.status_code == 303
    assert queues_page.headers["location"] == "/change-password"
    assert queues_api.status_code == 403 and "temporary password" in queues_api.json()["detail"]
    assert changed.status_code == 303 and changed.headers["location"] == "/staff"
    assert (await member.get("/staff")).status_code == 200
    async with complaints.sessionmaker() as db:
        user = await user_by_email(db, email)
    assert user is not None and not user.must_change_password


async def test_an_administrator_sees_and_ends_a_users_sessions(
    browser: Any, complaints: Complaints
) -> None:
    email, user_id = await new_user(browser, complaints, "officer")
    first, second = await signed_in_as(browser, email), await signed_in_as(browser, email)
    admin = await browser("admin")
    listed = await admin.get(f"/admin/users/{user_id}")
    ids = [int(found) for found in re.findall(r'id="session-(\d+)"', listed.text)]
    assert listed.status_code == 200 and len(ids) == 2

    ended_one = await admin.post(f"/admin/users/{user_id}/sessions/{max(ids)}/end", {})
    again = await admin.post(f"/admin/users/{user_id}/sessions/{max(ids)}/end", {})
    assert ended_one.status_code == 303 and again.status_code == 404
    assert (await second.get("/api/queues")).status_code == 401
    assert (await first.get("/api/queues")).status_code == 200

    assert (await admin.post(f"/admin/users/{user_id}/sessions/end", {})).status_code == 303
    assert (await first.get("/api/queues")).status_code == 401
    assert "is not signed in anywhere" in (await admin.get(f"/admin/users/{user_id}")).text
    assert (await admin.get("/admin/users/999999999")).status_code == 404
