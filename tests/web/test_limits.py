"""Limits on guessing: a password after five wrong ones for the same email address, and the
status page after ten look-ups that found nothing, wait until the window has passed; the
answer is the same whether or not the reference exists."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.harness import Complaints, eventually
from tests.web.conftest import USERS
from web.limits import AttemptLimiter, too_many


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("failures", "after", "wait"),
    [
        (4, 0, None),  # under the limit
        (5, 0, 15),  # at the limit: the whole window
        (5, 14 * 60 + 1, 1),  # nearly over: a minute, never zero
        (5, 15 * 60, None),  # the oldest failure has fallen out
    ],
)
def test_attempts_are_limited_within_the_window(failures, after, wait) -> None:
    clock = Clock()
    limiter = AttemptLimiter(5, 15 * 60, clock)
    for _ in range(failures):
        limiter.failed("email:a@example.org")
    clock.now += after
    assert limiter.wait_minutes("email:a@example.org") == wait
    assert limiter.wait_minutes("email:b@example.org") is None


def test_a_success_clears_the_count_and_the_message_is_plain() -> None:
    limiter = AttemptLimiter(2, 60, Clock())
    limiter.failed("k")
    limiter.succeeded("k")
    limiter.failed("k")
    assert limiter.wait_minutes("k") is None
    assert too_many(1) == "Too many attempts. Wait 1 minute, then try again."


async def test_five_wrong_passwords_stop_sign_in_for_that_email_even_with_the_right_one(
    app: Any, browser: Any
) -> None:
    clock = Clock()
    app.state.sign_in_limiter = AttemptLimiter(5, 15 * 60, clock)
    user = USERS["handler"]
    guesser = await browser()
    for _ in range(5):
        wrong = await guesser.post("/sign-in", {"email": user.email, "password": "guess"})
        assert wrong.status_code == 401

    blocked = await guesser.post("/sign-in", {"email": user.email, "password": user.password})
    other = await guesser.post(
        "/sign-in", {"email": USERS["officer"].email, "password": USERS["officer"].password}
    )
    clock.now += 15 * 60
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
    app.state.status_limiter = AttemptLimiter(10, 15 * 60, clock)
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
    clock.now += 15 * 60
    after = await resident.post("/status", {"reference": handle.id, "contact": "LS1 1AA"})

    assert real.status_code == 429 and "Too many attempts" in real.text
    assert answer(real, handle.id)[0] == answer(unknown, "CMP-2099-990099")[0]
    assert after.status_code == 200
