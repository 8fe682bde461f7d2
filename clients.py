"""Connections to the platform, made the same way by every process."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes

from codec import EncryptionCodec, PayloadKey, dev_keys, parse_keys
from settings import Settings, get_settings


def payload_keys(settings: Settings) -> tuple[PayloadKey, ...]:
    """``REDRESS_PAYLOAD_KEYS``, or in dev and test the key kept in the data directory
    (settings refuse to start anywhere else without keys)."""
    if settings.payload_keys is not None:
        return parse_keys(settings.payload_keys.get_secret_value())
    return dev_keys(settings.data_dir)


def encrypted_converter(keys: Sequence[PayloadKey]) -> DataConverter:
    """The pydantic data converter with every payload encrypted (R-DP-1).

    Failures are encrypted too: their message and stack trace travel as an encoded
    attribute, since an error may quote what a resident wrote.
    """
    return dataclasses.replace(
        pydantic_data_converter,
        payload_codec=EncryptionCodec(keys),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


def data_converter(settings: Settings | None = None) -> DataConverter:
    """The one data converter of every client, worker and replayer the product builds."""
    return encrypted_converter(payload_keys(settings or get_settings()))


async def connect_temporal(settings: Settings | None = None, **options: Any) -> Client:
    """A Temporal client for the configured namespace.

    Always with the pydantic data converter, since every workflow message is a pydantic
    model, and with the payload codec, so that what a resident told us is ciphertext in
    Temporal. ``options`` are passed to ``Client.connect`` (the web app's are lazy and
    quick to give up).
    """
    settings = settings or get_settings()
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(settings),
        **options,
    )
