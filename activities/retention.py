"""The retention job's one activity: erase the personal data of every complaint and every
hazard whose record has been complete for the configured period (R-DP-3,
``dataprotection.retention``, ``dataprotection.hazard_retention``).

Idempotent: a complaint or hazard erased is in ``retention_log`` and never due again, and
each is erased in its own transaction, so a retry carries on where the last attempt
stopped."""

from __future__ import annotations

from temporalio import activity

from dataprotection.retention import erase_due
from delivery.documents import document_store
from models.retention import EraseExpiredInput, RetentionResult
from settings import Settings
from store.db import Sessionmaker


class RetentionActivities:
    def __init__(self, sessionmaker: Sessionmaker, settings: Settings) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings

    @activity.defn(name="erase_expired")
    async def erase_expired(self, inp: EraseExpiredInput) -> RetentionResult:
        years = self.settings.retention_years
        erased = await erase_due(
            self.sessionmaker,
            document_store(self.settings),
            self.settings.print_queue_path,
            inp.now,
            years,
            limit=inp.limit,
        )
        if erased:
            activity.logger.info("retention: personal data erased from %s", ", ".join(erased))
        return RetentionResult(erased=erased, period_years=years)
