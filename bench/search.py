"""Search (R-FIND-1) at 100k complaints, beside the reference look-up in the same run.

``python -m bench.search [--complaints N]`` fills a fresh embedded PostgreSQL's read model
(as ``bench.store`` does, in one INSERT ... SELECT) with N complaints whose people differ
as callers' do: a first name and a surname from lists (so a surname is shared by a few
hundred), a postcode, an address, an email and a phone number. The search rows follow
through the read model's trigger, as in production. Then it times ``store.search.search``
(the ranked matches and the page of 25 rows the web app shows) for what a caller says,
misspelt surnames and postcodes without their space among them, against a baseline of
fetching one complaint by its reference.

Goal: each search's p95 under 50 ms at 100k complaints.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from bench.common import embedded_database
from bench.store import TODAY, p95, timed
from store import queries, search
from store.db import Sessionmaker

GOAL_MS = 50.0

FIRST = "Alex Sam Priya Jo Chris Hana Ravi Mary Gail Tom Aisha Ben Chloe Dev Ella Finn"
SURNAMES = (
    "Morgan Patel Khan Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson "
    "Wright Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Hughes "
    "Edwards Turner Hill Moore Cooper Ward Morris King Watson Harris Lee Martin Baker "
    "Allen Young Mitchell Kelly Shah Begum Ali Hussain Ahmed Nowak Kowalski Osei Mensah "
    "Okafor Adeyemi Murphy Byrne Walsh Doyle Campbell Stewart Scott Reid Murray Fraser "
    "Holt Lowe Barker Fisher Palmer Mason Hunt Price Bennett Bell Cook Bailey Parker "
    "Lewis Carter Phillips Chapman Ellis Marshall Webb Rogers Gray Owen Lloyd Kaur Singh "
    "Gill Chowdhury Rahman Islam Miah Uddin Yilmaz Demir Rossi Silva Santos Costa Pereira"
)
STREETS = "Mill Lane|Park Row|Church Street|High Street|Station Road|Victoria Road|Green Lane"

FILL = """
INSERT INTO complaints (
    reference, kind, organisation, service_area, channel, stage, status, complainant_name,
    postcode, email, handler_id, handler_name, first_contact_on, logged_at, next_due,
    next_due_label, next_target, is_open, parties, last_seq
)
SELECT
    'CMP-2027-' || lpad(n::text, 6, '0'), 'complaint', 'landlord', 'landlord_services',
    'web_form', 'stage_1', 'open', name, postcode,
    lower(replace(name, ' ', '.')) || n || '@example.org',
    'handler-' || (n % 50), 'Handler ' || (n % 50),
    CAST(:today AS date) - (n % 60), TIMESTAMPTZ '2027-01-01' + (n % 60) * INTERVAL '1 day',
    CAST(:today AS date) + (n % 90) - 30, 'Stage 1 response',
    CAST(:today AS date) + (n % 90) - 35, true,
    jsonb_build_object('complainant', jsonb_build_object(
        'name', name, 'postcode', postcode, 'phone', '07700 ' || lpad(n::text, 6, '0'),
        'address', (n % 200 + 1) || ' ' || street || ', Leeds')),
    5
FROM (
    SELECT n,
        first[1 + n % cardinality(first)] || ' '
            || surname[1 + (n / cardinality(first)) % cardinality(surname)] AS name,
        area[1 + n % cardinality(area)] || (1 + n % 29) || ' '
            || (n / 29) % 10 || chr(65 + (n / 7) % 26) || chr(65 + (n / 191) % 26) AS postcode,
        street[1 + (n / 3) % cardinality(street)] AS street
    FROM generate_series(1, :count) AS n,
        string_to_array(:first, ' ') AS first,
        string_to_array(:surnames, ' ') AS surname,
        string_to_array(:streets, '|') AS street,
        string_to_array('LS BD HX WF M B', ' ') AS area
) AS people
"""

LOOKED_UP = "CMP-2027-001616"  # Alex Morgan: a surname a hundred others share


def _misspelt(word: str) -> str:
    """The word with one letter dropped, as a caller's name is often typed ("Morgn")."""
    return word[:-2] + word[-1]


async def what_callers_say(sessionmaker: Sessionmaker) -> dict[str, str]:
    """The ways a caller names the complaint the benchmark looks up."""
    async with sessionmaker() as session:
        row = await queries.get_complaint(session, LOOKED_UP)
    assert row is not None and row.postcode is not None and row.email is not None
    person = row.parties["complainant"]
    first, surname = row.complainant_name.split(" ")
    return {
        f"misspelt surname ({_misspelt(surname)})": _misspelt(surname),
        f"misspelt full name ({first} {_misspelt(surname)})": f"{first} {_misspelt(surname)}",
        "postcode without its space": row.postcode.replace(" ", ""),
        "postcode with its space, lower case": row.postcode.lower(),
        "email address": row.email,
        "phone number, digits only": person["phone"].replace(" ", ""),
        "part of an address": person["address"].split(",")[0].lower(),
        "reference": LOOKED_UP,
    }


async def fill(sessionmaker: Sessionmaker, count: int) -> float:
    started = time.perf_counter()
    async with sessionmaker() as session:
        await session.execute(
            text(FILL),
            {
                "count": count,
                "today": TODAY,
                "first": FIRST,
                "surnames": SURNAMES,
                "streets": STREETS,
            },
        )
        await session.commit()
        for table in ("complaints", "complaint_search"):
            await session.execute(text(f"ANALYZE {table}"))
        await session.commit()
    return time.perf_counter() - started


async def searches(sessionmaker: Sessionmaker, repeat: int) -> None:
    async def by_reference() -> object:
        async with sessionmaker() as session:
            return await queries.get_complaint(session, LOOKED_UP)

    async def find(query: str) -> search.Found:
        async with sessionmaker() as session:
            return await search.search(session, query)

    baseline = await timed(by_reference, repeat)
    base = statistics.median(baseline)
    print(f"  baseline, one complaint by reference: median {base:.2f} ms, p95 {p95(baseline):.2f}")
    for name, query in (await what_callers_say(sessionmaker)).items():
        found = await find(query)
        listed = [row.reference for row in found.rows]
        position = listed.index(LOOKED_UP) + 1 if LOOKED_UP in listed else "not on page 1"
        times = await timed(functools.partial(find, query), repeat)
        median = statistics.median(times)
        verdict = "meets" if p95(times) < GOAL_MS else "MISSES"
        matched = f"{found.total}{'+' if found.capped else ''} found, it at {position}"
        print(
            f"  {name}: median {median:.2f} ms, p95 {p95(times):.2f} ms, {matched} "
            f"({median / base:.1f}x baseline; {verdict} the {GOAL_MS:.0f} ms goal)"
        )


async def main_async(complaints: int, repeat: int = 200) -> None:
    print(f"Search (R-FIND-1), {complaints:,} complaints")
    with tempfile.TemporaryDirectory(prefix="redress-bench-") as folder:
        async with embedded_database(Path(folder)) as database:
            seconds = await fill(database.sessionmaker, complaints)
            print(f"  filled in {seconds:.1f} s, search rows by the read model's trigger")
            await searches(database.sessionmaker, repeat)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args(argv)
    asyncio.run(main_async(args.complaints, args.repeat))


if __name__ == "__main__":
    main()
