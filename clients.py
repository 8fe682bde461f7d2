"""Connections to the platform, made the same way by every process."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from settings import Settings, get_settings


async def connect_temporal(settings: Settings | None = None) -> Client:
    """A Temporal client for the configured namespace.

    Always with the pydantic data converter: every workflow message is a pydantic
    model, and a client without it would send them as plain JSON dicts.
    """
    settings = settings or get_settings()
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
    )
