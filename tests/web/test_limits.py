"""Limits on guessing: a password after five wrong ones for the same email address, and the
status page after ten look-ups that found nothing, wait until the window has passed; the
answer is the same whether or not the reference exists. The counts are kept in PostgreSQL,
each test under its own scope (the database outlives a test)."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.harness import Complaints, eventually
from tests.web.conftest import USERS
from web.limits import AttemptLimiter, too_many


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def limiter(complaints: Complaints, limit: int, window: float, clock: Clock) -> AttemptLimiter:
    return AttemptLimiter(complaints.sessionmaker, f"test-{uuid.uuid4()}", limit, window, clock)


@pytest.mark.parametrize(
    ("failures", "after", "wait"),
    [
        (4, 0, None),  # under the limit
        (5, 0, 15),  # at the limit: the whole window
        (5, 14 * 60 + 1, 1),  # nearly over: a minute, never zero
        (5, 15 * 60, None),  # the oldest failure has fallen out
    ],
)
async def test_attempts_are_limited_within_the_window(
    failures: int, after: int, wait: int | None, complaints: Complaints
) -> None:
    clock = Clock()
    limits = limiter(complaints, 5, 15 * 60, clock)
    for _ in range(failures):
        await limits.failed("email:a@example.org")
    clock.advance(after)
    assert await limits.wait_minutes("email:a@example.org") == wait
    assert await limits.wait_minutes("email:b@example.org") is None


async def test_a_success_clears_the_count_and_the_message_is_plain(
    complaints: Complaints,
) -> None:
    limits = limiter(complaints, 2, 60, Clock())
    await limits.failed("k")
    await limits.succeeded("k")
    await limits.failed("k")
    assert await limits.wait_minutes("k") is None
    assert too_many(1) == "Too many attempts. Wait 1 minute, then try again."


async def test_guesses_racing_in_parallel_cannot_pass_the_limit(complaints: Complaints) -> None:
    """Each attempt counts before its password is checked, under a lock per key: twenty
    guesses at once let exactly five through."""
    limits = limiter(complaints, 5, 15 * 60, Clock())
    answers = await asyncio.gather(*(limits.attempt("email:a@example.org") for _ in range(20)))
    assert sum(answer is None for answer in answers) == 5
    assert {answer for answer in answers if answer is not None} == {15}


async def test_five_wrong_passwords_stop_sign_in_for_that_email_even_with_the_right_one(
    app: Any, browser: Any, complaints: Complaints
) -> None:
    clock = Clock()
    app.state.sign_in_limiter = limiter(complaints, 5, 15 * 60, clock)
    user = USERS["handler"]
    guesser = await browser()
    for _ in range(5):
        wrong = await guesser.post("/sign-in", {"email": user.email, "password": "guess"})
        assert wrong.status_code == 401

    blocked = await guesser.post("/sign-in", {"email": user.email, "password": user.password})
    other = await guesser.post(
        "/sign-in", {"email": USERS["officer"].email, "password": USERS["officer"].password}
    )
    clock.advance(15 * 60)
    later = await (await browser()).post(
        "/sign-in", {"email": user.email, "password": user.password}
    )

    assert blocked.status_code == 429
    assert "Too many attempts. Wait 15 minutes, then try again." in blocked.text
    assert other.status_code == 303
    assert later.status_code == 303


async def test_the_status_page_stops_guessing_with_the_same_answer_for_any_reference(
    app: Any, browser: Any, complaints: Complaints
) -> None:
    clock = Clock()
    app.state.status_limiter = limiter(complaints, 10, 15 * 60, clock)
    handle = await complaints.log()
    await eventually(lambda: complaints.row(handle.id), lambda row: row is not None)
    resident = await browser()
    for n in range(10):
        response = await resident.post(
            "/status", {"reference": f"CMP-2099-99{n:04d}", "contact": "LS1 1AA"}
        )
        assert response.status_code == 404

    def answer(response: Any, reference: str) -> tuple[int, str]:
        text = response.text.replace(reference, "REFERENCE")
        return response.status_code, re.sub(r'nonce="[^"]+"', "", text)

    real = await resident.post("/status", {"reference": handle.id, "contact": "LS1 1AA"})
    unknown = await resident.post("/status", {"reference": "CMP-2099-990099", "contact": "x"})
    clock.advance(15 * 60)
    after = await resident.post("/status", {"reference": handle.id, "contact": "LS1 1AA"})

    assert real.status_code == 429 and "Too many attempts" in real.text
    assert answer(real, handle.id)[0] == answer(unknown, "CMP-2099-990099")[0]
    assert after.status_code == 200
