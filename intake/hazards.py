"""A hazard reported on the resident's complaint form (R-HAZ-1, R-HAZ-7): the damp, mould
or danger question starts the hazard's own workflow beside the complaint, at once, with
the complaint's reference, never waiting for the complaint.

The hazard's reference is allocated under a key made of the complaint's reference, so a
second try for the same form opens the same hazard, and the workflow id is the hazard's
reference, so it is started once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from temporalio.client import Client

from activities.hazard import hazard_calendar, start_hazard_workflow
from models.complaint import LogComplaintInput
from models.effects import Recipient
from models.hazard import (
    HazardOpened,
    HazardReport,
    HazardSource,
    HazardTenant,
    HazardTenure,
    OpenHazardInput,
    StartHazard,
)
from rules.calendar import local_date
from rules.hazards.regimes import regime_on
from rules.organisations import load_organisation
from rules.policy import load_profile
from store.db import Sessionmaker, UnitOfWork
from store.references import reference_for_key
from workflows.complaint import ComplaintWorkflow

log = logging.getLogger(__name__)

# The form's answers: what the hazard is, as the regime names it.
FORM_HAZARDS = {"damp_or_mould": "damp_and_mould"}
# Danger of another kind: the officer names the hazard at triage.
OTHER_DANGER = "structural_collapse"


def form_report(
    intake: LogComplaintInput, answer: str, where: str, who: str, aware_at: datetime
) -> HazardReport:
    """The hazard as the resident told it on the complaint form."""
    tenant = intake.complainant.tenure == "tenant"
    return HazardReport(
        hazard=FORM_HAZARDS.get(answer, OTHER_DANGER),
        description=intake.description,
        location=where,
        aware_at=aware_at,
        affected=who,
        tenure=HazardTenure.SOCIAL_TENANCY if tenant else HazardTenure.LEASEHOLD,
        source=HazardSource.FORM,
        address=intake.complainant.address,
        postcode=intake.complainant.postcode,
    )


async def open_from_form(
    sessionmaker: Sessionmaker,
    client: Client,
    task_queue: str,
    complaint: LogComplaintInput,
    complaint_reference: str,
    report: HazardReport,
    logged_at: datetime,
) -> str | None:
    """Open the hazard beside the complaint filed as `complaint_reference`; its reference,
    or None when it could not be started now (logged: the complaint stands either way and
    the team triages the hazard from the complaint)."""
    person = complaint.complainant
    tenant = HazardTenant(
        name=person.name,
        recipients=[
            Recipient(
                name=person.name,
                email=person.email,
                address=person.address,
                postcode=person.postcode,
            )
        ],
        channel=person.preferences.channel,
        large_print=person.preferences.large_print,
    )
    organisation = load_organisation(complaint.organisation, complaint.service_area).id
    opening = OpenHazardInput(
        report=report,
        organisation=organisation,
        tenant=tenant,
        profile=load_profile(complaint.policy_profile, complaint.policy_version),
        logged_at=logged_at,
        complaint_reference=complaint_reference,
        reported_by="resident",
        key=f"form:{complaint_reference}",
    )
    try:
        async with UnitOfWork(sessionmaker) as uow:
            assert opening.key is not None
            reference = await reference_for_key(
                uow.session, opening.key, "hazard", local_date(logged_at).year
            )
            await uow.commit()
        start = StartHazard(
            reference=reference,
            organisation=opening.organisation,
            report=report,
            regime=regime_on(local_date(report.aware_at)),
            calendar=hazard_calendar(opening),
            profile=opening.profile,
            tenant=tenant,
            logged_at=logged_at,
            complaint_reference=complaint_reference,
            reported_by="resident",
        )
        await start_hazard_workflow(client, task_queue, start)
        # R-HAZ-7: the complaint keeps the hazard's reference; told twice, it records it once.
        await client.get_workflow_handle(complaint_reference).signal(
            ComplaintWorkflow.hazard_opened,
            HazardOpened(
                reference=reference, hazard=report.hazard, location=report.location, by="resident"
            ),
        )
    except Exception:
        log.warning("hazard for %s not started", complaint_reference, exc_info=True)
        return None
    return reference
