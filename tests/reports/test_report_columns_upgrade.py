"""Migration 0018 fills the report columns of the complaints already in the read model, from
their deadlines and the event log, exactly as the writer fills them for a new row, so an
upgraded database reports the same figures as the Python report (R-RPT-1, R-RPT-2)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url

from intake.calendar import calendar_for
from reports import load, sql
from rules.calendar import WorkingCalendar
from store import migrate
from store.db import Sessionmaker, make_engine, make_sessionmaker
from store.read_model import event_figures, read_model_row, report_columns, with_events
from store.tables import Complaint, ComplaintEvent
from tests.reports.test_sql_figures import FIXED, NOT_COMPARED, ORGANISATION
from tests.unit.test_reports import Q4

DATABASE = "redress_upgrade_0018"
REPORT_COLUMNS = set(report_columns(FIXED[0][0]))


@pytest.fixture
async def upgraded_from_0017(postgres_url: str) -> AsyncIterator[Sessionmaker]:
    """A database of its own at 0017, holding the fixed complaints and their events as the
    code before 0018 wrote them; then upgraded to 0018."""
    admin = make_engine(postgres_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}"'))
        await connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    url = make_url(postgres_url).set(database=DATABASE).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        migrate.upgrade(url, "0017")
        sessionmaker = make_sessionmaker(engine)
        at = datetime(2026, 11, 2, 10, tzinfo=UTC)
        async with sessionmaker() as session:
            for summary, kinds in FIXED:
                await session.execute(
                    insert(Complaint).values(summary.model_dump(mode="python") | {"last_seq": 1})
                )
                for seq, kind in enumerate(["logged", *kinds], 1):
                    await session.execute(
                        insert(ComplaintEvent).values(
                            reference=summary.reference,
                            seq=seq,
                            kind=kind,
                            summary=kind,
                            actor="system",
                            occurred_at=at + timedelta(minutes=seq),
                        )
                    )
            await session.commit()
        migrate.upgrade(url, "0018")
        yield sessionmaker
    finally:
        await engine.dispose()
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}"'))
        await admin.dispose()


async def test_r_rpt_1_migration_0018_fills_the_report_columns_as_the_writer_does(
    upgraded_from_0017: Sessionmaker,
) -> None:
    references = [summary.reference for summary, _ in FIXED]
    async with upgraded_from_0017() as session:
        found = {
            row.reference: {name: getattr(row, name) for name in REPORT_COLUMNS}
            for row in await session.scalars(
                select(Complaint).where(Complaint.reference.in_(references))
            )
        }
        from_log = await event_figures(session, references)
    expected = {
        summary.reference: {
            name: value
            for name, value in with_events(read_model_row(summary, 1), from_log).items()
            if name in REPORT_COLUMNS
        }
        for summary, _ in FIXED
    }
    assert found == expected
    assert found["RPT-2026-000037"]["closed_as"] == "declined"  # the last event decides
    assert found["RPT-2026-000036"]["closed_as"] is None  # withdrawn, then taken up again
    assert found["RPT-2026-000002"]["extensions"] == 2


async def test_r_rpt_1_an_upgraded_database_reports_the_python_figures(
    upgraded_from_0017: Sessionmaker,
) -> None:
    start, end = Q4
    cal = WorkingCalendar(calendar_for(start))
    async with upgraded_from_0017() as session:
        rows = await load.complaints(session, start, end)
        python = await load.period_report_of(session, rows, start, end, cal=cal)
        in_sql = await sql.period_counts(session, start, end, organisation=ORGANISATION)
    assert in_sql.model_dump(exclude=NOT_COMPARED) == python.model_dump(exclude=NOT_COMPARED)
    assert in_sql.complaints == 11
