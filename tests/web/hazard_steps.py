"""Steps the hazard tests share: a hazard reported in a complaint, started as the
complaint's ``report_hazard`` starts one, and read back from the store."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from activities.hazard import hazard_calendar, start_hazard_workflow
from models.effects import Recipient
from models.hazard import (
    HazardReport,
    HazardSource,
    HazardTenant,
    OpenHazardInput,
    StartHazard,
)
from rules.calendar import local_date
from rules.hazards.regimes import regime_on
from rules.policy import load_profile
from store.tables import Hazard
from tests.harness import Complaints, eventually

TENANT = HazardTenant(
    name="Alex Morgan", recipients=[Recipient(name="Alex Morgan", email="alex@example.org")]
)


async def report_hazard(
    complaints: Complaints, complaint: str | None, hazard: str = "damp_and_mould"
) -> str:
    """A hazard reported now (in `complaint`, if given); its reference, once recorded."""
    now = await complaints.now()
    complaints.counter[0] += 1
    report = HazardReport(
        hazard=hazard,
        description="Black mould in the bedroom for two months.",
        location="back bedroom",
        aware_at=now,
        affected="two adults and a baby",
        vulnerability="the baby has asthma",
        source=HazardSource.COMPLAINT if complaint else HazardSource.CALL,
    )
    opening = OpenHazardInput(
        report=report,
        organisation="main",
        tenant=TENANT,
        profile=load_profile("hos-2024"),
        logged_at=now,
    )
    start = StartHazard(
        reference=f"HAZ-2099-{complaints.counter[0]:06d}",
        organisation="main",
        report=report,
        regime=regime_on(local_date(now)),
        calendar=hazard_calendar(opening),
        profile=opening.profile,
        tenant=TENANT,
        logged_at=now,
        complaint_reference=complaint,
        manager_id="m.osei",
    )
    await start_hazard_workflow(complaints.env.client, complaints.task_queue, start)
    complaints.started.append(start.reference)
    await eventually(lambda: row(complaints, start.reference), lambda found: found is not None)
    return start.reference


async def row(complaints: Complaints, reference: str) -> Any:
    async with complaints.sessionmaker() as session:
        return await session.scalar(select(Hazard).where(Hazard.reference == reference))
