"""``python -m reports``: the figures governance reads, from the running stack's database.

    python -m reports period --from 2026-10-01 --to 2026-12-31     # R-RPT-1, a quarter
    python -m reports tsm --from 2026-04-01 --to 2027-03-31 --homes 12500   # R-RPT-2
    python -m reports qa --month 2026-11                           # R-RPT-3
    python -m reports self-assessment --from 2026-04-01 --to 2027-03-31     # R-RPT-4
    python -m reports hazards --from 2026-10-01 --to 2026-12-31    # R-HAZ-7, Awaab's Law

Add ``--json`` for the figures as JSON. The self-assessment names the clauses of the Code's
edition in force for the period (``rules.code_clauses``), as the web self-assessment does.
The figures are aggregated in PostgreSQL (``reports.sql``, ``reports.sql_governance``), as
the web reports take them; of a month's complaints ``qa`` reads only the sample's rows.
The database is DATABASE_URL, else the embedded PostgreSQL of ``python3 dev.py up``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date

from pydantic import BaseModel

from reports import assessment, figures, hazard_figures, load, sql, sql_governance
from settings import get_settings
from starter.cli import Failed, database_url
from store import hazard_queries
from store.db import Sessionmaker, make_engine, make_sessionmaker


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(prog="python -m reports", description=__doc__.splitlines()[0])
    commands = made.add_subparsers(dest="command", required=True)
    for name in ("period", "tsm", "self-assessment", "hazards"):
        sub = commands.add_parser(name)
        sub.add_argument("--from", dest="start", type=date.fromisoformat, required=True)
        sub.add_argument("--to", dest="end", type=date.fromisoformat, required=True)
        sub.add_argument("--json", action="store_true")
        if name == "tsm":
            sub.add_argument("--homes", type=int, required=True, help="homes the landlord owns")
    qa = commands.add_parser("qa")
    qa.add_argument("--month", required=True, help="YYYY-MM")
    qa.add_argument("--json", action="store_true")
    return made


def month_of(value: str) -> tuple[int, int]:
    """The year and month of ``YYYY-MM``."""
    try:
        day = date.fromisoformat(f"{value}-01")
    except ValueError:
        raise ValueError(f"--month must be a month as YYYY-MM, not {value!r}") from None
    return day.year, day.month


async def build(args: argparse.Namespace, sessionmaker: Sessionmaker) -> BaseModel:
    """The figures asked for, aggregated in PostgreSQL, as the web reports give them."""
    async with sessionmaker() as session:
        if args.command == "qa":
            year, month = month_of(args.month)
            return await sql_governance.qa_sample(session, year, month)
        if args.end < args.start:
            raise ValueError("--to must not be before --from")
        if args.command == "tsm":
            return await sql.tenant_satisfaction(session, args.start, args.end, args.homes)
        if args.command == "self-assessment":
            report = await sql.period_counts(session, args.start, args.end)
            report.lessons = await load.lessons(session, args.start, args.end)
            return assessment.period_evidence(report)
        hazards = hazard_figures.hazard_figures(
            await hazard_queries.summaries_between(
                session, *hazard_figures.period_bounds(args.start, args.end)
            ),
            args.start,
            args.end,
        )
        if args.command == "hazards":
            return hazards
        report = await sql.period_counts(session, args.start, args.end)
        report.lessons = await load.lessons(session, args.start, args.end)
        report.hazards = hazards
        return report


def text(result: BaseModel) -> str:
    if isinstance(result, assessment.PeriodEvidence):
        heading = (
            f"Self-assessment against the {result.code}, {result.start:%-d %B %Y} to "
            f"{result.end:%-d %B %Y}: the clauses the period's figures speak to."
        )
        clauses = [f"{c.clause}  {c.requirement} {c.evidence}" for c in result.clauses]
        return "\n".join([heading, *clauses])
    lines = []
    for name, value in result.model_dump(mode="json").items():
        lines.append(f"{name.replace('_', ' ')}: {value}")
    if isinstance(result, figures.QaSample):
        lines += [f"  {c.reference}: score {c.score:.0%}" for c in result.sampled]
    if isinstance(result, hazard_figures.HazardFigures):
        lines = [line for line in lines if not line.startswith("late:")]
        lines.append(f"late steps: {len(result.late)}")
        for late in result.late:
            done = f"done {late.done:%d %b %Y %H:%M}" if late.done else "not done"
            why = "; ".join(late.reasons) or "no reason recorded"
            due = f"due {late.due:%d %b %Y %H:%M}"
            lines.append(f"  {late.reference} {late.step}, {due}, {done}: {why}")
    return "\n".join(lines)


async def main_async(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        url = database_url(get_settings())
    except Failed as error:
        print(error, file=sys.stderr)
        return 2
    engine = make_engine(url)
    try:
        result = await build(args, make_sessionmaker(engine))
    except ValueError as error:
        print(f"Refused: {error}", file=sys.stderr)
        return 2
    finally:
        await engine.dispose()
    if args.json:
        print(result.model_dump_json(indent=2))
    else:
        print(text(result))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main_async()))
