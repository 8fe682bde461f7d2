"""Search (R-FIND-1): staff find a complaint by reference, name, postcode, address, email
or phone, tolerant of case, spacing and small misspellings, on the real read model and its
indexes (migration 0011), through the web app."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert

from store import search as store_search
from store.tables import Complaint, ComplaintSearch
from tests.harness import Complaints

LETTERS = str.maketrans("0123456789", "ghijklmnop")
FOUND = re.compile(r'id="result-([A-Z]{3}-\d{4}-\d{6})"')


def _row(reference: str, name: str, **extra: Any) -> dict[str, Any]:
    person = {
        "name": name,
        "email": extra.get("email"),
        "phone": extra.pop("phone", None),
        "address": extra.pop("address", None),
        "postcode": extra.get("postcode"),
    }
    return {
        "reference": reference,
        "kind": "complaint",
        "organisation": "landlord",
        "service_area": "landlord_services",
        "channel": "web_form",
        "stage": "stage_1",
        "status": "open",
        "complainant_name": name,
        "first_contact_on": date(2096, 1, 5),
        "logged_at": datetime(2096, 1, 5, tzinfo=UTC),
        "parties": {"complainant": person, "representative": None, "restriction": None},
        "last_seq": 1,
        **extra,
    }


@pytest_asyncio.fixture(loop_scope="session")
async def people(complaints: Complaints, app: Any) -> AsyncIterator[dict[str, str]]:
    """Four complaints in the read model whose people a caller might name, one overdue;
    each run's references and surnames are its own, so runs and other tests do not meet."""
    year = 2096
    mark = uuid.uuid4().hex[:6].translate(LETTERS)  # a name's letters: no digits
    today = (await complaints.now()).date()
    references = {
        who: f"CMP-{year}-{n:06d}"
        for n, who in enumerate(
            ("morgan", "morgan_too", "patel", "closed"), start=uuid.uuid4().int % 900_000 + 1
        )
    }
    surname = f"Morgan{mark}"
    # Postcodes of this run's own (other tests' complaints share "LS1 1AA"): "GH47 3IJ".
    n = uuid.uuid4().int
    postcode = f"{mark[:2]}{n % 90 + 10} {n // 90 % 10}{mark[2:4]}".upper()
    closed_postcode = f"{mark[4:]}{n // 900 % 9 + 1}{n // 8100 % 10}{mark[:2]}"  # no space
    rows = [
        _row(
            references["morgan"],
            f"Alex {surname}",
            postcode=postcode,
            email=f"alex.{mark}@example.org",
            phone="07700 900123",
            address="12 Mill Lane, Leeds",
            next_due=today - timedelta(days=2),
            next_target=today - timedelta(days=5),
        ),
        _row(
            references["morgan_too"],
            f"Sam {surname}",
            postcode="LS2 7QT",
            address="4 Park Row, Leeds",
            next_due=today + timedelta(days=10),
            next_target=today + timedelta(days=5),
        ),
        _row(references["patel"], f"Priya Patel{mark}", postcode="M1 2AB"),
        _row(
            references["closed"],
            f"Chris Holt{mark}",
            postcode=closed_postcode,
            status="closed",
            is_open=False,
        ),
    ]
    async with complaints.sessionmaker() as session:
        await session.execute(insert(Complaint), rows)
        await session.commit()
    yield {
        **references,
        "surname": surname,
        "mark": mark,
        "postcode": postcode,
        "closed_postcode": closed_postcode,
    }
    async with complaints.sessionmaker() as session:
        await session.execute(delete(Complaint).where(Complaint.reference.in_(references.values())))
        await session.commit()


async def _found(browser: Any, who: str, query: str) -> list[str]:
    response = await (await browser(who)).get("/search", params={"q": query})
    assert response.status_code == 200, response.text
    return FOUND.findall(response.text)


async def test_r_find_1_a_misspelt_surname_finds_both_complaints_of_that_name(
    browser: Any, people: dict[str, str]
) -> None:
    misspelt = people["surname"].replace("gan", "gn")  # "Morgn..."
    found = await _found(browser, "officer", misspelt.lower())
    assert set(found) == {people["morgan"], people["morgan_too"]}


async def test_r_find_1_a_postcode_without_its_space_and_in_any_case_finds_the_complaint(
    browser: Any, people: dict[str, str]
) -> None:
    postcode, closed = people["postcode"], people["closed_postcode"]  # "GH47 3IJ", "ep77lm"
    assert people["morgan"] in await _found(browser, "handler", postcode.replace(" ", ""))
    assert people["morgan"] in await _found(browser, "handler", postcode.lower())
    # A postcode kept without its space is found by one written with it, and by itself.
    assert people["closed"] in await _found(
        browser, "handler", f"{closed[:-3]} {closed[-3:]}".upper()
    )
    assert people["closed"] in await _found(browser, "handler", closed.upper())


@pytest.mark.parametrize(
    "query",
    ["alex.{mark}@example.org", "07700900123", "07700 900123", "12 mill lane", "Alex Morgan{mark}"],
)
async def test_r_find_1_email_phone_address_and_full_name_each_find_the_complaint(
    browser: Any, people: dict[str, str], query: str
) -> None:
    found = await _found(browser, "reviewer", query.format(mark=people["mark"]))
    assert found[0] == people["morgan"]


async def test_r_find_1_the_reference_comes_first_and_results_show_who_and_where(
    browser: Any, people: dict[str, str]
) -> None:
    governance = await browser("governance")
    page = (await governance.get("/search", params={"q": people["morgan"].lower()})).text
    assert FOUND.findall(page)[0] == people["morgan"]
    row = page[page.index(f'id="result-{people["morgan"]}"') :].split("</tr>")[0]
    assert "12 Mill Lane, Leeds" in row and people["postcode"] in row and "Alex " in row
    assert 'data-rag="red"' in row and "Overdue" in row


async def test_r_find_1_each_result_has_the_queues_red_amber_green_state(
    browser: Any, people: dict[str, str]
) -> None:
    manager = await browser("manager")
    page = (await manager.get("/search", params={"q": people["surname"]})).text
    states = dict(re.findall(r'id="result-([A-Z0-9-]+)" data-rag="(\w+)"', page))
    assert states == {people["morgan"]: "red", people["morgan_too"]: "green"}


async def test_r_find_1_a_search_that_matches_nothing_says_so(
    browser: Any, people: dict[str, str]
) -> None:
    page = (await (await browser("officer")).get("/search", params={"q": "zzqxjv"})).text
    assert 'id="search-empty"' in page and "No complaint matches zzqxjv" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "Enter a name, reference"), ("ab", "at least 3 characters"), ("x" * 201, "200")],
)
async def test_r_find_1_a_query_too_short_or_too_long_is_refused_beside_the_field(
    browser: Any, query: str, message: str
) -> None:
    response = await (await browser("officer")).get("/search", params={"q": query})
    assert response.status_code == 422
    assert message in response.text and 'id="q-error"' in response.text


async def test_r_find_1_a_control_character_is_refused_at_the_edge(browser: Any) -> None:
    response = await (await browser("officer")).get("/search", params={"q": "Morgan\x1b"})
    assert response.status_code == 422


async def test_r_find_1_only_staff_who_see_complaints_may_search(
    browser: Any, people: dict[str, str]
) -> None:
    admin = await browser("admin")
    refused = await admin.get("/search", params={"q": people["surname"]})
    assert refused.status_code == 403 and people["morgan"] not in refused.text
    signed_out = await (await browser()).get("/search", params={"q": people["surname"]})
    assert people["morgan"] not in signed_out.text
    for who in ("officer", "handler", "reviewer", "manager", "governance"):
        assert people["morgan"] in await _found(browser, who, people["surname"])


async def test_r_find_1_every_staff_page_has_the_search_box_in_its_header(browser: Any) -> None:
    officer = await browser("officer")
    for path in ("/staff", "/search", "/queues/overdue"):
        page = (await officer.get(path)).text
        assert 'id="header-search-form"' in page and 'action="/search"' in page
    admin_page = (await (await browser("admin")).get("/admin/users")).text
    assert 'id="header-search-form"' not in admin_page


async def test_r_find_1_many_matches_are_paged(complaints: Complaints, browser: Any) -> None:
    mark = uuid.uuid4().hex[:8]
    rows = [
        _row(f"CMP-2095-{n:06d}", f"Jo Lowe{mark} {n}", postcode="B1 1AA")
        for n in range(1, store_search.PAGE_SIZE + 8)
    ]
    async with complaints.sessionmaker() as session:
        await session.execute(insert(Complaint), rows)
        await session.commit()
    try:
        officer = await browser("officer")
        first = (await officer.get("/search", params={"q": f"lowe{mark}"})).text
        second = (await officer.get("/search", params={"q": f"lowe{mark}", "page": 2})).text
        seen = FOUND.findall(first) + FOUND.findall(second)
        assert len(FOUND.findall(first)) == store_search.PAGE_SIZE
        assert sorted(seen) == sorted(row["reference"] for row in rows)
        assert 'id="search-pages"' in first and f"{len(rows)} complaints match" in first
    finally:
        async with complaints.sessionmaker() as session:
            await session.execute(
                delete(Complaint).where(Complaint.reference.in_([r["reference"] for r in rows]))
            )
            await session.commit()


async def test_r_find_1_the_search_words_follow_the_read_model(
    complaints: Complaints, people: dict[str, str]
) -> None:
    reference = people["patel"]
    renamed = f"Priya Shah{people['mark']}"
    async with complaints.sessionmaker() as session:
        await session.execute(
            update(Complaint)
            .where(Complaint.reference == reference)
            .values(complainant_name=renamed)
        )
        await session.commit()
        document = await session.scalar(
            select(ComplaintSearch.document).where(ComplaintSearch.reference == reference)
        )
        found = await store_search.search(session, f"shah{people['mark']}")
    assert document is not None and renamed.lower() in document
    assert [row.reference for row in found.rows] == [reference]
