"""Stopping and starting the development stack loses no complaint.

Each test starts its own servers in a temporary directory on free ports, so the suite
runs beside a developer's ``python3 dev.py up``.
"""

from __future__ import annotations

import asyncio
import re
import socket
import time
from pathlib import Path
from typing import Any

import aiosmtplib
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from temporalio.api.operatorservice.v1 import ListSearchAttributesRequest
from temporalio.client import Client, WorkflowExecution, WorkflowExecutionStatus
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.contrib.pydantic import pydantic_data_converter

from devstack import EmbeddedPostgres, PortInUse, Stack, TemporalDevServer, free_port
from workflows import search_attributes

REFERENCE = "CMP-2026-000001"


def dev_server(tmp_path: Path, *, port: int | None = None, persist: bool = True):
    return TemporalDevServer(
        db_file=tmp_path / "temporal.db" if persist else None,
        log_path=tmp_path / "temporal.log",
        port=port or free_port(),
        headless=True,
    )


async def connect(server: TemporalDevServer) -> Client:
    return await Client.connect(server.address, data_converter=pydantic_data_converter)


async def list_until_found(client: Client, query: str, seconds: float = 10.0):
    """List visibility is eventually consistent: poll until the query finds something."""
    deadline = time.monotonic() + seconds
    while True:
        found: list[WorkflowExecution] = [w async for w in client.list_workflows(query)]
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.25)


async def execute(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(text(sql), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        await engine.dispose()


async def test_a_running_complaint_survives_a_temporal_dev_server_restart(tmp_path: Path) -> None:
    server = dev_server(tmp_path)
    await server.start()
    try:
        client = await connect(server)
        # No worker polls "complaints", so the execution simply stays Running.
        await client.start_workflow(
            "ComplaintWorkflow",
            {"reference": REFERENCE, "summary": "Damp in the back bedroom"},
            id=REFERENCE,
            task_queue="complaints",
            search_attributes=TypedSearchAttributes(
                [SearchAttributePair(search_attributes.REFERENCE, REFERENCE)]
            ),
        )
        await server.stop()

        await server.start()
        client = await connect(server)
        description = await client.get_workflow_handle(REFERENCE).describe()
        assert description.status == WorkflowExecutionStatus.RUNNING
        assert description.workflow_type == "ComplaintWorkflow"
        assert description.typed_search_attributes.get(search_attributes.REFERENCE) == REFERENCE

        found = await list_until_found(client, f'ComplaintReference = "{REFERENCE}"')
        assert [execution.id for execution in found] == [REFERENCE]
    finally:
        await server.stop()


async def test_the_dev_server_registers_every_complaint_search_attribute(tmp_path: Path) -> None:
    server = dev_server(tmp_path, persist=False)
    await server.start()
    try:
        client = await connect(server)
        response = await client.operator_service.list_search_attributes(
            ListSearchAttributesRequest(namespace="default")
        )
        registered = dict(response.custom_attributes)
        expected = {key.name: int(key.indexed_value_type) for key in search_attributes.ALL}
        assert {name: registered.get(name) for name in expected} == expected
    finally:
        await server.stop()


def test_the_production_sketch_registers_the_same_search_attributes() -> None:
    compose = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    in_compose = set(re.findall(r"\b([A-Za-z]+=[A-Za-z]+)\b", compose))
    in_dev_server = set(search_attributes.dev_server_flags()[1::2])
    assert in_dev_server <= in_compose


async def test_embedded_postgres_keeps_rows_across_a_stop_and_start(tmp_path: Path) -> None:
    postgres = EmbeddedPostgres(tmp_path / "pgdata")
    url = await asyncio.to_thread(postgres.start)
    try:
        await execute(url, "CREATE TABLE kept (reference text PRIMARY KEY, stage text)")
        await execute(url, "INSERT INTO kept VALUES (:reference, 'stage_one')", reference=REFERENCE)
        await asyncio.to_thread(postgres.stop)

        url = await asyncio.to_thread(postgres.start)
        assert await execute(url, "SELECT reference, stage FROM kept") == [(REFERENCE, "stage_one")]
    finally:
        await asyncio.to_thread(postgres.stop)


async def test_sqlalchemy_asyncpg_accepts_the_embedded_server_url(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+asyncpg://postgres@/redress?host=/")
    assert await execute(postgres_url, "SELECT current_database()") == [("redress",)]


async def test_the_stack_starts_keeps_letters_in_the_mail_sink_and_stops(tmp_path: Path) -> None:
    stack = Stack(
        tmp_path / "data",
        temporal_port=free_port(),
        headless=True,
        smtp_port=free_port(),
        with_worker=False,
    )
    await stack.start()
    try:
        assert stack.mail is not None
        await aiosmtplib.send(
            "From: complaints@example.org\r\nTo: resident@example.org\r\n"
            "Subject: Your complaint\r\n\r\nWe have logged your complaint.\r\n",
            sender="complaints@example.org",
            recipients=["resident@example.org"],
            hostname=stack.mail.host,
            port=stack.mail.port,
        )
        letters = stack.mail.messages()
        assert len(letters) == 1
        assert b"Subject: Your complaint" in letters[0].read_bytes()
        assert stack.database_url is not None
        assert await execute(stack.database_url, "SELECT 1") == [(1,)]
    finally:
        await stack.stop()
    # Everything stopped: the ports are free again.
    stack.temporal.check_ports()
    stack.mail.check_ports()


async def test_the_stack_names_a_port_already_in_use_and_starts_nothing(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        stack = Stack(tmp_path / "data", temporal_port=taken, headless=True, with_worker=False)
        with pytest.raises(PortInUse, match=f"Port {taken} .*Temporal gRPC"):
            await stack.start()
    assert not (tmp_path / "data" / "pgdata").exists()
