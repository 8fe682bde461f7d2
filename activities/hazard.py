"""Activities of hazards under Awaab's Law: open one (reference, regime, calendar, start its
workflow) and write a step's records with the hazard's read-model row, in one transaction,
through the same record writer as complaints (``store.record.write_records``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert
from temporalio import activity
from temporalio.client import Client
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import WorkflowAlreadyStartedError

from activities.complaint import refuse
from models.hazard import (
    OpenHazardInput,
    StartHazard,
)
from models.hazard_state import (
    RecordHazardInput,
)
from rules.calendar import local_date
from rules.hazards.regimes import NoRegimeError, hazard_words, regime_on
from rules.holidays_source import build_snapshot, default_overrides
from settings import Settings
from store.db import Sessionmaker, UnitOfWork
from store.record import RecordConflict, write_records
from store.references import reference_for_key
from store.tables import Hazard
from workflows import search_attributes as sa

# The bank-holiday calendar a hazard runs under: its longest clock is 12 weeks.
CALENDAR_BEFORE = timedelta(days=31)
CALENDAR_AFTER = timedelta(days=400)


def hazard_calendar(start: StartHazard | OpenHazardInput):
    """R-HAZ-1: weekends and bank holidays only; closure days never extend a hazard."""
    aware = local_date(start.report.aware_at)
    return build_snapshot(
        aware - CALENDAR_BEFORE, aware + CALENDAR_AFTER, overrides=default_overrides()
    )


class HazardActivities:
    def __init__(
        self, sessionmaker: Sessionmaker, settings: Settings, client: Client, task_queue: str
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self._client = client
        self._task_queue = task_queue

    @activity.defn(name="open_hazard")
    async def open_hazard(self, inp: OpenHazardInput) -> str:
        """R-HAZ-1, R-HAZ-7: a hazard's own reference and workflow, started at once and
        never waited for; a retry (same key) opens the same hazard."""
        try:
            regime = regime_on(local_date(inp.report.aware_at))
        except NoRegimeError as error:
            raise refuse(str(error), "HazardRefused") from None
        year = local_date(inp.logged_at).year
        async with UnitOfWork(self.sessionmaker) as uow:
            key = inp.key or f"hazard:{activity.info().workflow_id}:{activity.info().activity_id}"
            reference = await reference_for_key(uow.session, key, "hazard", year)
            await uow.commit()
        start = StartHazard(
            reference=reference,
            organisation=inp.organisation,
            report=inp.report,
            regime=regime,
            calendar=hazard_calendar(inp),
            profile=inp.profile,
            tenant=inp.tenant,
            logged_at=inp.logged_at,
            complaint_reference=inp.complaint_reference,
            officer_id=inp.officer_id,
            manager_id=inp.manager_id,
            duty_contact=self.settings.hazard_duty_contact,
            reported_by=inp.reported_by,
        )
        await start_hazard_workflow(self._client, self._task_queue, start)
        return reference

    @activity.defn(name="record_hazard")
    async def record_hazard(self, inp: RecordHazardInput) -> None:
        """One step's events, letters and notices, the ``hazards`` row and the state, in one
        transaction under the hazard's lock (see ``store.record``)."""
        async with UnitOfWork(self.sessionmaker) as uow:
            try:
                written = await write_records(uow.session, inp.records, {})
            except RecordConflict as error:
                raise refuse(str(error), "RecordConflict") from None
            # The summary's lists hold JSON already (HazardDeadline dumped in JSON mode).
            row = inp.summary.model_dump() | {
                "state": inp.state,
                "last_seq": inp.records.last_seq,
            }
            upsert = insert(Hazard).values(**row)
            await uow.session.execute(
                upsert.on_conflict_do_update(
                    index_elements=[Hazard.reference],
                    set_={
                        **{k: upsert.excluded[k] for k in row if k != "reference"},
                        "updated_at": func.now(),
                    },
                    where=None
                    if written.superseded
                    else Hazard.last_seq <= upsert.excluded.last_seq,
                )
            )
            await uow.commit()


async def start_hazard_workflow(client: Client, task_queue: str, start: StartHazard) -> None:
    """Start the hazard's workflow under its reference; a second start is already done."""
    words = hazard_words(start.regime, start.report.hazard)
    attributes: list[SearchAttributePair[Any]] = [
        SearchAttributePair(sa.ORGANISATION, start.organisation),
        SearchAttributePair(sa.HAZARD_STEP, "triage"),
    ]
    if start.complaint_reference:
        attributes.append(SearchAttributePair(sa.REFERENCE, start.complaint_reference))
    try:
        await client.start_workflow(
            "HazardWorkflow",
            start,
            id=start.reference,
            task_queue=task_queue,
            static_summary=f"{start.reference}: {words}, {start.report.location}"[:200],
            search_attributes=TypedSearchAttributes(attributes),
        )
    except WorkflowAlreadyStartedError:
        activity.logger.info("hazard %s already started", start.reference)


__all__ = ["HazardActivities", "hazard_calendar", "start_hazard_workflow"]
