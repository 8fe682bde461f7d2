"""R-TIME-5 and STYLE habit 10: histories recorded under earlier code replay under this code.

Every file in `histories/` is a complete or partial ComplaintWorkflow, TrackerWorkflow or
HazardWorkflow history (the replayer has every workflow of the worker); a change
that makes the workflow non-deterministic fails here, not in production. A fresh history
recorded in this run replays too, including one that continued as new.

Replay decodes with the product's data converter: a history recorded before payloads were
encrypted passes through its codec as it is, one recorded since (`record.py`) is decrypted
with the recording key, and a fresh one with the session's key.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.converter import DataConverter
from temporalio.worker import Replayer

from clients import encrypted_converter
from tests.replay.hazard_scenario import run_hazard_scenario
from tests.replay.keys import RECORDING_KEY
from tests.replay.scenario import run_scenario
from worker import WORKFLOWS, workflow_runner

HISTORIES = sorted((Path(__file__).parent / "histories").glob("*.json"))


def replayer(converter: DataConverter | None = None) -> Replayer:
    return Replayer(
        workflows=WORKFLOWS,
        workflow_runner=workflow_runner(),
        data_converter=converter or encrypted_converter([RECORDING_KEY]),
    )


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
async def test_r_time_5_checked_in_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text())  # noqa: ASYNC240 - small file
    result = await replayer().replay_workflow(history, raise_on_replay_failure=True)
    assert result.replay_failure is None


def test_checked_in_histories_exist() -> None:
    assert HISTORIES, "record one with: python -m tests.replay.record"


async def test_r_time_5_fresh_history_replays_with_the_same_dates(complaints) -> None:
    handle = await run_scenario(complaints)
    history = await handle.fetch_history()
    result = await replayer(complaints.env.client.data_converter).replay_workflow(
        history, raise_on_replay_failure=True
    )
    assert result.replay_failure is None
    state = await complaints.state(handle)
    assert state.deadlines["stage_2_response"].met_on is not None


async def test_history_stays_bounded_by_continuing_as_new(complaints) -> None:
    """A long-lived complaint continues as new with its whole state; each run replays."""
    handle = await run_scenario(complaints, continue_after_events=120)
    first_run = handle.run_id
    current = await complaints.latest(handle).describe()
    assert current.run_id != first_run, "the complaint should have continued as new"
    first = complaints.env.client.get_workflow_handle(handle.id, run_id=first_run)
    first_history = await first.fetch_history()
    assert len(first_history.events) < 300
    result = await replayer(complaints.env.client.data_converter).replay_workflow(
        first_history, raise_on_replay_failure=True
    )
    assert result.replay_failure is None
    state = await complaints.state(handle)
    assert state.stage.value == "stage_2" and state.status.value == "closed"
    assert {"stage_1_response", "stage_2_response"} <= set(state.deadlines)
    assert state.tracked["1"].completed_on is not None


async def test_r_time_5_fresh_hazard_history_replays(complaints) -> None:
    """A hazard run to completion replays under this code, as hazard-v1 does."""
    handle = await run_hazard_scenario(complaints)
    history = await handle.fetch_history()
    result = await replayer(complaints.env.client.data_converter).replay_workflow(
        history, raise_on_replay_failure=True
    )
    assert result.replay_failure is None
