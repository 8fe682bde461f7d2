"""R-DP-1: what a resident told us is ciphertext in Temporal.

Someone who can read Temporal but has no key (Temporal Web without the codec endpoint, the
CLI, a database dump) sees the complaint's reference, stage and dates, never the
resident's name, contact details or words: not in the history (inputs, updates, activity
arguments and results, letters), not in the summary, details or search attributes.
"""

from __future__ import annotations

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from codec import ENCODING
from tests.replay.scenario import run_scenario

# What the harness's resident and handler told us (tests.harness.Complaints.log, HANDLER).
PERSONAL = [
    b"Alex Morgan",
    b"alex@example.org",
    b"1 Elm Road",
    b"LS1 1AA",
    b"boiler has not worked",
    b"Hana Khan",
]


def plain_client(client: Client) -> Client:
    """The same server, without the codec: what anyone with access to Temporal sees."""
    return Client(
        client.service_client, namespace=client.namespace, data_converter=pydantic_data_converter
    )


async def test_r_dp_1_history_read_without_the_key_names_no_one(complaints) -> None:
    handle = await run_scenario(complaints)
    plain = plain_client(complaints.env.client)
    runs = {handle.first_execution_run_id or handle.run_id}
    current = await complaints.latest(handle).describe()
    runs.add(current.run_id)
    for run_id in runs:
        history = await plain.get_workflow_handle(handle.id, run_id=run_id).fetch_history()
        raw = b"".join(event.SerializeToString() for event in history.events)
        assert len(history.events) > 20
        for words in PERSONAL:
            assert words not in raw, f"{words!r} is readable in the history of run {run_id}"
        started = history.events[0].workflow_execution_started_event_attributes
        assert all(p.metadata["encoding"] == ENCODING for p in started.input.payloads)

    # ...while the product's own client, with the key, reads the complaint whole.
    state = await complaints.state(handle)
    assert state.intake.complainant.name == "Alex Morgan"


async def test_r_dp_1_summary_details_and_search_attributes_hold_no_personal_data(
    complaints,
) -> None:
    handle = await complaints.log()
    await complaints.quiet(handle.id)
    description = await handle.describe()  # decoded with the key: still no one named
    shown = [
        await description.static_summary() or "",
        await description.static_details() or "",
        await complaints.current_details(handle),
        *(str(pair.value) for pair in description.typed_search_attributes),
    ]
    assert handle.id in shown[0]
    for words in PERSONAL:
        for text in shown:
            assert words.decode() not in text
    assert "Landlord services" not in shown[0] and "landlord services" in shown[0]
