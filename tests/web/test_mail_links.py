"""The "New mail" queue is one click from every staff page of the complaints team: the
header's navigation and the work queues page link to it with the number of messages
waiting, and it counts down as messages are handled; others are not shown it."""

from __future__ import annotations

import re

from mailbox_reader.store import count_new
from tests.harness import Complaints
from tests.mailbox.kept import keep_waiting


async def waiting(complaints: Complaints) -> int:
    async with complaints.sessionmaker() as session:
        return await count_new(session)


def header_count(page: str) -> int:
    found = re.search(r'href="/staff/mail" id="nav-new-mail">New mail \((\d+)\)</a>', page)
    assert found is not None, "no New mail link in the header"
    return int(found[1])


def home_count(page: str) -> int:
    found = re.search(
        r'id="queue-new-mail">New mail</a>: (\d+) messages? from the complaints mailbox', page
    )
    assert found is not None, "no New mail link on the work queues page"
    return int(found[1])


async def test_officers_and_managers_reach_new_mail_from_the_header_and_home_with_its_count(
    complaints: Complaints, browser
) -> None:
    mail_id = await keep_waiting(complaints.sessionmaker, subject="Rent account wrong")
    officer, manager = await browser("officer"), await browser("manager")
    expected = await waiting(complaints)
    assert expected >= 1

    home = (await officer.get("/staff")).text
    assert header_count(home) == home_count(home) == expected
    assert header_count((await manager.get("/staff/mail")).text) == expected
    assert header_count((await officer.get(f"/staff/mail/{mail_id}")).text) == expected

    closed = await officer.post(
        f"/staff/mail/{mail_id}/close", {"reason": "A question about rent, answered by phone"}
    )
    assert closed.status_code == 303
    assert home_count((await officer.get("/staff")).text) == expected - 1


async def test_handlers_and_governance_are_not_shown_new_mail(
    complaints: Complaints, browser
) -> None:
    await keep_waiting(complaints.sessionmaker, subject="Fence blown down")
    for role in ("handler", "governance"):
        page = (await (await browser(role)).get("/staff")).text
        assert 'id="nav-queues"' in page, role
        assert "/staff/mail" not in page, role
