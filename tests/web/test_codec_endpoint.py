"""R-DP-1: Temporal Web decrypts through the web app's codec endpoint, for staff only.

The requests are those Temporal Web's browser sends (its data encoder): a CORS preflight,
then ``POST <endpoint>/decode`` with ``Content-Type: application/json`` and ``X-Namespace``,
the ``Payloads`` protobuf as JSON, from Temporal Web's origin, with the session cookie
when "include cross-origin credentials" is on.
"""

from __future__ import annotations

import base64
import json

from google.protobuf import json_format
from temporalio.api.common.v1 import Payloads
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from codec import ENCODING

ORIGIN = "http://localhost:8233"  # Temporal Web, as the test settings name it
PREFLIGHT = {
    "Origin": ORIGIN,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type,x-namespace",
}


def from_temporal_web(namespace: str) -> dict[str, str]:
    return {"Origin": ORIGIN, "Content-Type": "application/json", "X-Namespace": namespace}


async def encrypted_input(complaints) -> tuple[str, str]:
    """A complaint's start input as Temporal keeps it, in the protocol's JSON; its namespace."""
    handle = await complaints.log()
    client: Client = complaints.env.client
    plain = Client(
        client.service_client, namespace=client.namespace, data_converter=pydantic_data_converter
    )
    history = await plain.get_workflow_handle(handle.id).fetch_history()
    payloads = history.events[0].workflow_execution_started_event_attributes.input
    assert payloads.payloads[0].metadata["encoding"] == ENCODING
    return json_format.MessageToJson(payloads), client.namespace


async def test_r_dp_1_preflight_allows_temporal_webs_origin_with_credentials(browser) -> None:
    anyone = await browser()
    for path in ("/codec/decode", "/codec/encode"):
        answer = await anyone.client.options(path, headers=PREFLIGHT)
        assert answer.status_code == 200
        assert answer.headers["access-control-allow-origin"] == ORIGIN
        assert answer.headers["access-control-allow-credentials"] == "true"
        allowed = answer.headers["access-control-allow-headers"].lower()
        assert "x-namespace" in allowed and "content-type" in allowed
        assert "POST" in answer.headers["access-control-allow-methods"]


async def test_r_dp_1_preflight_from_another_origin_is_refused(browser) -> None:
    anyone = await browser()
    answer = await anyone.client.options(
        "/codec/decode", headers={**PREFLIGHT, "Origin": "https://evil.example"}
    )
    assert answer.status_code == 400
    assert "access-control-allow-origin" not in answer.headers


async def test_r_dp_1_codec_refuses_without_a_staff_session(complaints, browser) -> None:
    body, namespace = await encrypted_input(complaints)
    anyone = await browser()
    answer = await anyone.client.post(
        "/codec/decode", content=body, headers=from_temporal_web(namespace)
    )
    assert answer.status_code == 401
    assert "Alex Morgan" not in answer.text
    # The browser may read the refusal, so Temporal Web can say it failed.
    assert answer.headers["access-control-allow-origin"] == ORIGIN
    encoded = await anyone.client.post(
        "/codec/encode", content=body, headers=from_temporal_web(namespace)
    )
    assert encoded.status_code == 401

    admin = await browser("admin")  # manages users, sees no complaints
    answer = await admin.client.post(
        "/codec/decode", content=body, headers=from_temporal_web(namespace)
    )
    assert answer.status_code == 403
    assert "Alex Morgan" not in answer.text


async def test_r_dp_1_codec_decodes_for_signed_in_staff(complaints, browser) -> None:
    body, namespace = await encrypted_input(complaints)
    officer = await browser("officer")
    answer = await officer.client.post(
        "/codec/decode", content=body, headers=from_temporal_web(namespace)
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["access-control-allow-origin"] == ORIGIN
    assert answer.headers["access-control-allow-credentials"] == "true"
    assert answer.headers["cache-control"] == "no-store"
    (payload,) = answer.json()["payloads"]
    assert base64.b64decode(payload["metadata"]["encoding"]) == b"json/plain"
    start = json.loads(base64.b64decode(payload["data"]))
    assert start["intake"]["complainant"]["name"] == "Alex Morgan"

    # Encoding (Temporal Web sending a signal) gives ciphertext the worker can read.
    encoded = await officer.client.post(
        "/codec/encode", content=answer.content, headers=from_temporal_web(namespace)
    )
    assert encoded.status_code == 200
    (sealed,) = encoded.json()["payloads"]
    assert base64.b64decode(sealed["metadata"]["encoding"]) == ENCODING
    assert b"Alex Morgan" not in base64.b64decode(sealed["data"])
    again = await officer.client.post(
        "/codec/decode", content=encoded.content, headers=from_temporal_web(namespace)
    )
    assert again.json() == answer.json()


async def test_r_dp_1_codec_passes_plain_payloads_and_refuses_what_is_not_payloads(
    browser,
) -> None:
    officer = await browser("officer")
    plain = Payloads(payloads=pydantic_data_converter.payload_converter.to_payloads(["hello"]))
    body = json_format.MessageToJson(plain)
    answer = await officer.client.post(
        "/codec/decode", content=body, headers=from_temporal_web("default")
    )
    assert answer.status_code == 200
    assert json_format.Parse(answer.content, Payloads()) == plain
    broken = await officer.client.post(
        "/codec/decode", content=b"{not json", headers=from_temporal_web("default")
    )
    assert broken.status_code == 400
    assert "payloads" in broken.json()["detail"]
