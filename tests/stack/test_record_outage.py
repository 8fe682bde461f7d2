"""PostgreSQL stopped during an action: nothing lost, nothing duplicated (issue 8, "no
poison pill" and the fault tests; R-REC-1).

The complaint runs on its own embedded PostgreSQL, which is stopped while a handler acts.
The action is answered within seconds, the complaint says its record is behind (needs
attention), and once PostgreSQL is back the kept records are written in order, once each,
the letter is delivered once, and reconciliation finds no difference.
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from sqlalchemy import select

from activities import ComplaintActivities
from devstack.migrations import run_migrations
from devstack.postgres import EmbeddedPostgres
from models.messages import AddIssueInput, ExtendInput
from settings import Settings
from store.db import make_engine, make_sessionmaker
from store.reconcile import reconcile
from store.tables import ComplaintEvent, Delivery, LetterRecord
from tests.harness import _COUNTER, HANDLER, Complaints, register_search_attributes
from tests.workflows.test_stage_one import opened
from worker import build_worker


async def test_r_rec_1_postgres_stopped_during_an_action_loses_and_duplicates_nothing(
    workflow_env, mail_sink, tmp_path
) -> None:
    server = EmbeddedPostgres(tmp_path / "pgdata", database="redress")
    url = server.start()
    engine = make_engine(url)
    try:
        run_migrations(url)
        sessionmaker = make_sessionmaker(engine)
        settings = Settings(
            environment="test",
            database_url=url,
            data_dir=tmp_path / "data",
            smtp_host=mail_sink.host,
            smtp_port=mail_sink.port,
        )
        await register_search_attributes(workflow_env)
        task_queue = f"outage-{uuid.uuid4()}"
        worker = build_worker(
            workflow_env.client, ComplaintActivities(sessionmaker, settings), task_queue
        )
        complaints = Complaints(workflow_env, task_queue, sessionmaker, _COUNTER, settings)
        complaints.mail = mail_sink
        async with worker:
            handle = await opened(complaints)
            due = (await complaints.state(handle)).deadlines["stage_1_response"].due
            new_due = complaints.cal(due).add_working_days(due, 5)
            server.stop()
            started = time.monotonic()
            await complaints.act(
                handle, "add_issue", AddIssueInput(by=HANDLER.id, summary="Damp in the hall")
            )
            await complaints.act(
                handle,
                "extend",
                ExtendInput(by=HANDLER.id, new_due=new_due, reason="Waiting for a damp survey"),
            )
            assert time.monotonic() - started < 30, "actions must not wait for the database"
            state = await complaints.state(handle)
            assert state.attention and state.unrecorded
            assert [i.summary for i in state.issues][-1] == "Damp in the hall"

            server.start()
            await complaints.advance(timedelta(hours=3))
            await complaints.quiet(handle.id)
            state = await complaints.state(handle)
            assert state.attention is None and not state.unrecorded
            async with sessionmaker() as session:
                events = list(
                    await session.scalars(
                        select(ComplaintEvent.summary).where(ComplaintEvent.reference == handle.id)
                    )
                )
                letters = list(
                    await session.scalars(
                        select(LetterRecord.seq).where(
                            LetterRecord.reference == handle.id,
                            LetterRecord.letter == "extension",
                        )
                    )
                )
            assert sum("Damp in the hall" in e for e in events) == 1
            assert len(letters) == 1
            async with sessionmaker() as session:
                sent = list(
                    await session.scalars(
                        select(Delivery.status).where(
                            Delivery.reference == handle.id, Delivery.seq == letters[0]
                        )
                    )
                )
            assert sent == ["sent"]
            assert await reconcile(workflow_env.client, sessionmaker, [handle.id]) == []
            await complaints.terminate_started()
    finally:
        await engine.dispose()
        server.stop()
