"""The period report and the Tenant Satisfaction Measures over 1,000,000 complaints.

``python -m bench.reports [--complaints N]`` fills a fresh embedded PostgreSQL's read model
with N complaints first received over a financial year (deadlines met, late and missed,
a fifth at Stage 2, categories, outcomes, remedies and compensation), in one
``generate_series`` insert, then times, for the whole year:

- a bare ``count(*)`` over the same rows (the baseline);
- the period report's counts and the TSMs aggregated in PostgreSQL (``reports.sql``);
- the figures read into Python (``reports.load`` and ``reports.figures``) on a slice of
  the rows, to show why the aggregation moved into SQL; on that slice both give the same
  counts, which the benchmark checks.

Goal: each under 1 s at 1,000,000 complaints.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from bench.common import embedded_database
from intake.calendar import calendar_for
from reports import figures, load, sql
from rules.calendar import WorkingCalendar
from store.db import Sessionmaker

GOAL_S = 1.0
START, END = date(2026, 4, 1), date(2027, 3, 31)
HOMES = 250_000
SLICE = 20_000  # rows read into Python for the comparison

FILL = """
INSERT INTO complaints (
    reference, kind, organisation, service_area, channel, stage, status, complainant_name,
    first_contact_on, logged_at, categories, is_open, outcome, compensation_total,
    deadlines, remedies, last_seq
)
SELECT
    'CMP-2026-' || lpad(n::text, 7, '0'), 'complaint', 'landlord',
    (ARRAY['landlord_services', 'care_services'])[1 + n % 2],
    (ARRAY['web_form', 'email', 'telephone', 'letter'])[1 + n % 4],
    CASE WHEN n % 5 = 0 THEN 'stage_2' ELSE 'stage_1' END,
    (ARRAY['closed', 'closed', 'closed', 'open', 'declined', 'withdrawn'])[1 + n % 6],
    'Resident ' || n,
    day, day::timestamptz,
    ARRAY[(ARRAY['repairs', 'communication', 'damp_and_mould', 'rent'])[1 + n % 4]],
    n % 6 = 3,
    (ARRAY['upheld', 'partially_upheld', 'not_upheld', NULL])[1 + n % 4],
    CASE WHEN n % 4 = 0 THEN 50 + n % 200 ELSE 0 END,
    jsonb_build_array(
        jsonb_build_object('key', 'acknowledgement', 'target', day + 2, 'due', day + 5,
            'met_on', day + n % 7, 'cancelled', false, 'limit_missed', false),
        jsonb_build_object('key', 'stage_1_response', 'target', day + 10, 'due', day + 14,
            'met_on', CASE WHEN n % 9 = 0 THEN NULL ELSE day + n % 16 END,
            'cancelled', false, 'limit_missed', n % 9 = 0)
    ) || CASE WHEN n % 5 = 0 THEN jsonb_build_array(
        jsonb_build_object('key', 'stage_2_response', 'target', day + 30, 'due', day + 40,
            'met_on', day + 25 + n % 20, 'cancelled', false, 'limit_missed', false))
        ELSE '[]'::jsonb END,
    CASE WHEN n % 4 = 0 THEN '[{"kind": "apology"}, {"kind": "financial"}]'::jsonb
        ELSE '[]'::jsonb END,
    3
FROM generate_series(1, :count) AS n,
     LATERAL (SELECT CAST(:start AS date) + (n % 365) AS day) AS d
"""

COUNT = """
SELECT count(*) FROM complaints
WHERE kind = 'complaint' AND first_contact_on BETWEEN :start AND :end
"""


async def fill(sessionmaker: Sessionmaker, count: int) -> float:
    started = time.perf_counter()
    async with sessionmaker() as session:
        await session.execute(text(FILL), {"count": count, "start": START})
        await session.commit()
        await session.execute(text("ANALYZE complaints"))
        await session.commit()
    return time.perf_counter() - started


async def timed(run: Callable[[], Awaitable[object]], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await run()
        times.append(time.perf_counter() - started)
    return times


def said(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s, worst {max(times):.3f} s"


async def measure(sessionmaker: Sessionmaker, count: int, repeat: int) -> None:
    async def bare() -> object:
        async with sessionmaker() as session:
            return await session.scalar(text(COUNT), {"start": START, "end": END})

    async def period() -> figures.PeriodReport:
        async with sessionmaker() as session:
            return await sql.period_counts(session, START, END)

    async def tsm() -> figures.TenantSatisfaction:
        async with sessionmaker() as session:
            return await sql.tenant_satisfaction(session, START, END, HOMES)

    baseline = await timed(bare, repeat)
    print(f"  count(*) over the year's {await bare():,} rows: {said(baseline)}", flush=True)
    for name, run in (("period report (SQL)", period), ("TSMs (SQL)", tsm)):
        times = await timed(run, repeat)
        met = "met" if statistics.median(times) < GOAL_S else "MISSED"
        print(
            f"  {name}: {said(times)}, {statistics.median(times) / statistics.median(baseline):.1f}"
            f"x the count; goal < {GOAL_S:.0f} s: {met}",
            flush=True,
        )
    report = await period()
    print(f"  figures: {report.complaints:,} complaints, responded {report.responded}")
    print(f"  TSMs: {(await tsm()).model_dump(include={'ch01', 'ch02'})}", flush=True)
    await compare(sessionmaker)


async def compare(sessionmaker: Sessionmaker) -> None:
    """The same figures both ways on a slice small enough to read into Python."""
    days = max(1, 365 * SLICE // 1_000_000)
    end = START + timedelta(days=days - 1)
    async with sessionmaker() as session:
        started = time.perf_counter()
        rows = await load.complaints(session, START, end)
        references = [r.reference for r in rows]
        python = figures.period_report(
            rows,
            START,
            end,
            cal=WorkingCalendar(calendar_for(START)),
            closures=await load.closures(session, references),
        )
        in_python = time.perf_counter() - started
        started = time.perf_counter()
        in_sql = await sql.period_counts(session, START, end)
        sql_seconds = time.perf_counter() - started
    fields = (
        "complaints",
        "by_stage",
        "by_channel",
        "by_category",
        "outcomes",
        "remedies",
        "acknowledged",
        "responded",
        "compensation_total",
        "declined",
        "withdrawn",
    )
    same = [f for f in fields if getattr(python, f) != getattr(in_sql, f)]
    print(
        f"  a slice of {len(rows):,} complaints: read into Python {in_python:.2f} s, "
        f"in SQL {sql_seconds:.3f} s; same figures: {'yes' if not same else 'NO: ' + str(same)}",
        flush=True,
    )


async def main_async(complaints: int, repeat: int = 5) -> None:
    print(f"bench.reports: the period report and the TSMs over {complaints:,} complaints")
    with tempfile.TemporaryDirectory(prefix="redress-bench-reports-") as folder:
        async with embedded_database(Path(folder)) as database:
            seconds = await fill(database.sessionmaker, complaints)
            print(f"  filled in {seconds:.1f} s", flush=True)
            await measure(database.sessionmaker, complaints, repeat)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    asyncio.run(main_async(args.complaints))


if __name__ == "__main__":
    main()
