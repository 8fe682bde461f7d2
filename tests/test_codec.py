"""R-DP-1: the payload codec encrypts every payload, rotates keys and lets others pass."""

from __future__ import annotations

import base64
import threading
from pathlib import Path

import pytest
from pydantic import ValidationError
from temporalio.api.common.v1 import Payload
from temporalio.contrib.pydantic import pydantic_data_converter

from clients import data_converter, encrypted_converter, payload_keys
from codec import (
    ENCODING,
    KEY_ID,
    EncryptionCodec,
    PayloadKey,
    PayloadKeyError,
    dev_keys,
    parse_keys,
)
from models.parties import Complainant
from settings import Settings

OLD = PayloadKey.generate("2026-old")
NEW = PayloadKey.generate("2026-new")
RESIDENT = Complainant(name="Alex Morgan", email="alex.morgan@example.org", postcode="LS1 1AA")


def plain(value: object) -> Payload:
    (payload,) = pydantic_data_converter.payload_converter.to_payloads([value])
    return payload


async def test_a_payload_round_trips_and_its_ciphertext_names_no_one() -> None:
    codec = EncryptionCodec([NEW])
    (sealed,) = await codec.encode([plain(RESIDENT)])
    assert sealed.metadata["encoding"] == ENCODING
    assert sealed.metadata[KEY_ID] == b"2026-new"
    assert b"Alex" not in sealed.SerializeToString()
    assert b"alex.morgan" not in sealed.SerializeToString()
    assert await codec.decode([sealed]) == [plain(RESIDENT)]


async def test_each_payload_has_its_own_nonce() -> None:
    codec = EncryptionCodec([NEW])
    first, second = await codec.encode([plain(RESIDENT), plain(RESIDENT)])
    assert first.data != second.data


async def test_rotation_new_payloads_use_the_newest_key_and_old_ones_still_decode() -> None:
    before = EncryptionCodec([OLD])
    (old_payload,) = await before.encode([plain(RESIDENT)])
    rotated = EncryptionCodec([NEW, OLD])
    (new_payload,) = await rotated.encode([plain(RESIDENT)])
    assert new_payload.metadata[KEY_ID] == b"2026-new"
    assert await rotated.decode([old_payload, new_payload]) == [plain(RESIDENT)] * 2


async def test_a_key_no_longer_listed_is_named_in_the_refusal() -> None:
    (old_payload,) = await EncryptionCodec([OLD]).encode([plain(RESIDENT)])
    with pytest.raises(PayloadKeyError, match="2026-old"):
        await EncryptionCodec([NEW]).decode([old_payload])


async def test_an_altered_or_relabelled_payload_does_not_decrypt() -> None:
    codec = EncryptionCodec([NEW, OLD])
    (sealed,) = await codec.encode([plain(RESIDENT)])
    altered = Payload(
        metadata=sealed.metadata, data=sealed.data[:-1] + bytes([sealed.data[-1] ^ 1])
    )
    relabelled = Payload(metadata={**sealed.metadata, KEY_ID: b"2026-old"}, data=sealed.data)
    for payload in (altered, relabelled):
        with pytest.raises(PayloadKeyError, match="does not decrypt"):
            await codec.decode([payload])


async def test_a_payload_without_our_encoding_passes_through_undecoded() -> None:
    """Histories recorded before encryption replay as they are."""
    recorded = plain(RESIDENT)
    assert await EncryptionCodec([NEW]).decode([recorded]) == [recorded]


async def test_the_products_converter_turns_models_into_ciphertext_and_back() -> None:
    converter = encrypted_converter([NEW])
    (sealed,) = await converter.encode([RESIDENT])
    assert b"Alex Morgan" not in sealed.SerializeToString()
    assert await converter.decode([sealed], [Complainant]) == [RESIDENT]


@pytest.mark.parametrize(
    "text, refusal",
    [
        ("", "no payload key"),
        ("k1", "id:base64key"),
        ("k1:not base64!", "not base64"),
        (f"k1:{base64.b64encode(b'short').decode()}", "must be 32 bytes"),
        (f"k 1:{base64.b64encode(bytes(32)).decode()}", "payload key id"),
        (f"{NEW.text()},{NEW.text()}", "same id"),
    ],
)
def test_a_key_list_that_cannot_be_used_is_refused_with_a_sentence(text: str, refusal: str) -> None:
    with pytest.raises(PayloadKeyError, match=refusal):
        parse_keys(text)


def test_keys_are_listed_newest_first_and_never_shown() -> None:
    keys = parse_keys(f" {NEW.text()} ,\n{OLD.text()}")
    assert [key.id for key in keys] == ["2026-new", "2026-old"]
    assert base64.b64encode(NEW.secret).decode() not in repr(keys)


def test_production_refuses_to_start_without_payload_keys(monkeypatch) -> None:
    monkeypatch.setenv("REDRESS_ENVIRONMENT", "production")
    monkeypatch.setenv("REDRESS_SECRET_KEY", "a-long-random-production-value")
    with pytest.raises(ValidationError, match="REDRESS_PAYLOAD_KEYS is not set"):
        Settings()
    monkeypatch.setenv("REDRESS_PAYLOAD_KEYS", "k1:short")
    with pytest.raises(ValidationError, match="not base64|must be 32 bytes") as refused:
        Settings()
    assert "k1:short" not in str(refused.value)
    monkeypatch.setenv("REDRESS_PAYLOAD_KEYS", f"{NEW.text()},{OLD.text()}")
    assert [key.id for key in payload_keys(Settings())] == ["2026-new", "2026-old"]


def test_dev_and_test_keep_one_key_in_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(environment="dev", data_dir=tmp_path)
    (first,) = payload_keys(settings)
    assert payload_keys(settings) == (first,)
    assert (tmp_path / "payload-keys").stat().st_mode & 0o077 == 0  # the owner's only
    assert data_converter(settings).payload_codec is not None


def test_processes_starting_at_once_agree_on_one_dev_key(tmp_path: Path) -> None:
    found: list[tuple[PayloadKey, ...]] = []
    threads = [threading.Thread(target=lambda: found.append(dev_keys(tmp_path))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8 and len(set(found)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["payload-keys"]  # no spare left behind
