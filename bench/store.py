"""The read model's work-queue queries and the event log's append rate, on 100k complaints.

``python -m bench.store [--complaints N]`` fills a fresh embedded PostgreSQL with N open
complaints (rows shaped like the live ones, with deadlines, parties and issues as JSON)
and five events each, then times:

- the queue pages the web app shows (50 rows each): the team's open complaints by due
  date, one handler's, the overdue ones and those due in the next few days; against a
  baseline of fetching one complaint by its reference, in the same run;
- appending events as the workflow does (events and the read-model row in one transaction,
  ``record_effects``), against a baseline of a bare single-row insert.

Goal: each queue page query under 20 ms at 100k open complaints.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

from activities.complaint import ComplaintActivities
from bench.common import embedded_database
from models.effects import ComplaintSummary, Event, RecordEffectsInput, RecordEventInput
from settings import Settings
from store import queries
from store.db import Sessionmaker
from store.tables import Complaint

GOAL_MS = 20.0
TODAY = date(2027, 3, 1)

FILL = """
INSERT INTO complaints (
    reference, kind, organisation, service_area, channel, stage, status, complainant_name,
    postcode, email, handler_id, handler_name, reviewer_id, first_contact_on, logged_at,
    next_due, next_due_label, next_target, breached, flagged, categories, is_open,
    deadlines, parties, issues, last_seq
)
SELECT
    'CMP-2027-' || lpad(n::text, 6, '0'), 'complaint', 'landlord', 'landlord_services',
    'web_form',
    CASE WHEN n % 5 = 0 THEN 'stage_2' ELSE 'stage_1' END,
    (ARRAY['received', 'accepted', 'open', 'open', 'open', 'escalation_requested'])[1 + n % 6],
    'Resident ' || n, 'LS' || (n % 30) || ' 1AA', 'resident' || n || '@example.org',
    'handler-' || (n % 50), 'Handler ' || (n % 50), 'reviewer-' || (n % 10),
    CAST(:today AS date) - (n % 60), TIMESTAMPTZ '2027-01-01' + (n % 60) * INTERVAL '1 day',
    CAST(:today AS date) + (n % 90) - 30, 'Stage 1 response', CAST(:today AS date) + (n % 90) - 35,
    n % 17 = 0, false, ARRAY['repairs'], true,
    jsonb_build_array(
        jsonb_build_object('key', 'acknowledgement', 'met_on', '2027-01-03'),
        jsonb_build_object('key', 'stage_1_response', 'due', '2027-03-01', 'met_on', null)
    ),
    jsonb_build_object('complainant', jsonb_build_object('name', 'Resident ' || n)),
    jsonb_build_array(jsonb_build_object('id', 1, 'summary', 'Repairs', 'decision', null)),
    5
FROM generate_series(1, :count) AS n
"""

FILL_EVENTS = """
INSERT INTO complaint_events (reference, seq, kind, summary, actor, occurred_at, data)
SELECT 'CMP-2027-' || lpad(n::text, 6, '0'), s, 'deadline_set', 'Stage 1 response due',
       'system', TIMESTAMPTZ '2027-01-01', '{}'::jsonb
FROM generate_series(1, :count) AS n, generate_series(1, 5) AS s
"""


async def fill(sessionmaker: Sessionmaker, count: int) -> float:
    started = time.perf_counter()
    async with sessionmaker() as session:
        await session.execute(text(FILL), {"count": count, "today": TODAY})
        await session.execute(text(FILL_EVENTS), {"count": count})
        await session.commit()
        await session.execute(text("ANALYZE complaints"))
        await session.execute(text("ANALYZE complaint_events"))
        await session.commit()
    return time.perf_counter() - started


async def timed(run: Callable[[], Awaitable[object]], repeat: int) -> list[float]:
    for _ in range(5):  # warm the pool, the caches and the plans
        await run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await run()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


async def queue_pages(sessionmaker: Sessionmaker, repeat: int) -> None:
    async def by_reference() -> object:
        async with sessionmaker() as session:
            return await queries.get_complaint(session, "CMP-2027-000777")

    async def page(statement) -> object:
        async with sessionmaker() as session:
            return (await session.scalars(statement)).all()

    open_ = select(Complaint).where(Complaint.is_open)
    due = Complaint.next_due.asc().nulls_last(), Complaint.reference
    pages = {
        "team queue (open by due date)": open_.order_by(*due).limit(50),
        "my complaints (one handler)": open_.where(Complaint.handler_id == "handler-7")
        .order_by(*due)
        .limit(50),
        "overdue": open_.where(Complaint.next_due < TODAY).order_by(*due).limit(50),
        "due in the next 3 working days": open_.where(
            Complaint.next_due.between(TODAY, TODAY + timedelta(days=5))
        )
        .order_by(*due)
        .limit(50),
    }
    baseline = await timed(by_reference, repeat)
    base = statistics.median(baseline)
    print(f"  baseline, one complaint by reference: median {base:.2f} ms, p95 {p95(baseline):.2f}")
    for name, statement in pages.items():
        times = await timed(functools.partial(page, statement), repeat)
        median = statistics.median(times)
        verdict = "meets" if p95(times) < GOAL_MS else "MISSES"
        print(
            f"  {name}: median {median:.2f} ms, p95 {p95(times):.2f} ms "
            f"({median / base:.1f}x baseline; {verdict} the {GOAL_MS:.0f} ms goal)"
        )


def _summary(reference: str, seq: int) -> ComplaintSummary:
    return ComplaintSummary(
        reference=reference,
        kind="complaint",
        organisation="landlord",
        service_area="landlord_services",
        channel="web_form",
        stage="stage_1",
        status="open",
        complainant_name="Bench Resident",
        first_contact_on=TODAY,
        logged_at=datetime(2027, 3, 1, tzinfo=UTC),
        next_due=TODAY + timedelta(days=seq % 20),
        deadlines=[{"key": "stage_1_response", "due": "2027-03-15", "met_on": None}],
    )


async def appends(sessionmaker: Sessionmaker, workdir: Path, count: int) -> None:
    activities = ComplaintActivities(sessionmaker, Settings(environment="test", data_dir=workdir))
    at = datetime(2027, 3, 1, 10, tzinfo=UTC)

    async def bare(n: int) -> None:
        async with sessionmaker() as session:
            await session.execute(
                text("INSERT INTO bench_bare (reference, seq, summary) VALUES (:r, :s, :m)"),
                {"r": f"BENCH-{n % 1000}", "s": n, "m": "Stage 1 response due"},
            )
            await session.commit()

    async def workflow_record(n: int) -> None:
        # Two events a complaint, in order, from one writer: as its workflow writes them (a
        # different event under a sequence number already taken is a conflict).
        reference = f"CMP-2028-{n // 2:06d}"
        seq = n % 2 + 1
        event = RecordEventInput(
            reference=reference,
            seq=seq,
            occurred_at=at,
            event=Event(kind="deadline_set", summary="Stage 1 response due"),
            changes={"next_due": (TODAY + timedelta(days=seq % 20)).isoformat()},
        )
        await activities.record_effects(
            RecordEffectsInput(
                reference=reference,
                events=[event],
                summary=_summary(reference, seq),
                last_seq=seq,
            )
        )

    async with sessionmaker() as session:
        await session.execute(
            text("CREATE TABLE bench_bare (reference text, seq int, summary text)")
        )
        await session.commit()

    async def rate(write: Callable[[int], Awaitable[None]]) -> float:
        started = time.perf_counter()
        await asyncio.gather(*(_serial(write, worker, count // 10) for worker in range(10)))
        return count / (time.perf_counter() - started)

    baseline = await rate(bare)
    ours = await rate(workflow_record)
    print(f"  baseline, bare single-row insert: {baseline:,.0f} per second (10 writers)")
    print(
        f"  an event with its read-model row (record_effects): {ours:,.0f} per second "
        f"({ours / baseline:.2f}x baseline)"
    )


async def _serial(write: Callable[[int], Awaitable[None]], worker: int, count: int) -> None:
    for n in range(count):
        await write(worker * count + n)


async def main_async(complaints: int, repeat: int = 200, appended: int = 2000) -> None:
    print(f"Read model and event log, {complaints:,} open complaints")
    with tempfile.TemporaryDirectory(prefix="redress-bench-") as folder:
        workdir = Path(folder)
        async with embedded_database(workdir) as database:
            seconds = await fill(database.sessionmaker, complaints)
            print(f"  filled in {seconds:.1f} s ({complaints * 5:,} events)")
            await queue_pages(database.sessionmaker, repeat)
            await appends(database.sessionmaker, workdir, appended)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__)
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args(argv)
    asyncio.run(main_async(args.complaints, args.repeat))


if __name__ == "__main__":
    main()
