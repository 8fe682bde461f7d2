"""A hazard reported on the resident's complaint form (R-HAZ-1, R-HAZ-7): the damp, mould
or danger question starts the hazard's own workflow beside the complaint, at once, with
the complaint's reference, never waiting for the complaint.

As a complaint is (`intake.service`), the hazard is kept in PostgreSQL with its reference
(``intake_submissions``, kind ``hazard``, its whole start input) before its workflow is
started, so a hazard reported while Temporal is down is not lost: the worker's intake
retrier starts it, and tells the complaint, once Temporal is back. Its reference is
allocated under a key made of the complaint's reference, so a second try for the same form
keeps and opens the same hazard, and the workflow id is the hazard's reference, so it is
started once; told twice, the complaint records it once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode

from activities.hazard import hazard_calendar, start_hazard_workflow
from intake.service import RETRY_MOST, START_TIMEOUT, Received, note, try_kept
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
from store import hazard_queries
from store import intake as submissions
from store.db import Sessionmaker, UnitOfWork
from store.references import reference_for_key
from workflows.complaint import ComplaintWorkflow

log = logging.getLogger(__name__)

HAZARD = "hazard"  # the kind of a kept hazard in ``intake_submissions``
# Until the first try has had its chance, the retrier leaves a kept hazard alone.
FIRST_TRY_LEASE = timedelta(seconds=30)

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
    duty_contact: str | None = None,
) -> str | None:
    """Keep the hazard beside the complaint filed as `complaint_reference` and start it; its
    reference, whether started now or left to the retrier (a failure to start is noted with
    the next try's time, never raised), or None when it could not even be kept (logged: the
    complaint stands either way and the team reports the hazard from the complaint)."""
    try:
        start = await keep_hazard(
            sessionmaker, complaint, complaint_reference, report, logged_at, duty_contact
        )
    except Exception:
        log.warning("hazard for %s not kept", complaint_reference, exc_info=True)
        return None
    await try_start_hazard(sessionmaker, client, task_queue, start, attempts=1)
    return start.reference


def _tenant(complaint: LogComplaintInput) -> HazardTenant:
    person = complaint.complainant
    return HazardTenant(
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


async def keep_hazard(
    sessionmaker: Sessionmaker,
    complaint: LogComplaintInput,
    complaint_reference: str,
    report: HazardReport,
    logged_at: datetime,
    duty_contact: str | None = None,
) -> StartHazard:
    """Take the hazard's reference and keep its whole start input under it, in one
    transaction; kept already (a second try for the same form), the one kept. The duty
    contact (settings' `hazard_duty_contact`) is told at once of an emergency, as for a
    hazard the team reports."""
    tenant = _tenant(complaint)
    opening = OpenHazardInput(
        report=report,
        organisation=load_organisation(complaint.organisation, complaint.service_area).id,
        tenant=tenant,
        profile=load_profile(complaint.policy_profile, complaint.policy_version),
        logged_at=logged_at,
        complaint_reference=complaint_reference,
        reported_by="resident",
        key=f"form:{complaint_reference}",
    )
    regime = regime_on(local_date(report.aware_at))
    calendar = hazard_calendar(opening)
    async with UnitOfWork(sessionmaker) as uow:
        assert opening.key is not None
        reference = await reference_for_key(
            uow.session, opening.key, HAZARD, local_date(logged_at).year
        )
        kept = await hazard_queries.kept_start(uow.session, reference)
        if kept is not None:
            return StartHazard.model_validate(kept)
        start = StartHazard(
            reference=reference,
            organisation=opening.organisation,
            report=report,
            regime=regime,
            calendar=calendar,
            profile=opening.profile,
            tenant=tenant,
            logged_at=logged_at,
            complaint_reference=complaint_reference,
            duty_contact=duty_contact,
            reported_by="resident",
        )
        await submissions.keep_submission(
            uow.session,
            reference,
            HAZARD,
            start.model_dump(mode="json"),
            first_try_after=FIRST_TRY_LEASE,
        )
        await uow.commit()
    return start


async def _start_and_tell(client: Client, task_queue: str, start: StartHazard) -> None:
    await start_hazard_workflow(client, task_queue, start)
    if start.complaint_reference is None:
        return
    # R-HAZ-7: the complaint keeps the hazard's reference; told twice, it records it once.
    complaint = client.get_workflow_handle(start.complaint_reference)
    try:
        await complaint.signal(
            ComplaintWorkflow.hazard_opened,
            HazardOpened(
                reference=start.reference,
                hazard=start.report.hazard,
                location=start.report.location,
                by=start.reported_by,
            ),
        )
    except RPCError as error:
        if error.status != RPCStatusCode.NOT_FOUND:
            raise
        # Not started yet: raises, and the retrier tries again. Ended already (withdrawn,
        # closed): there is nothing to tell it, and the hazard runs on its own.
        if (await complaint.describe()).status == WorkflowExecutionStatus.RUNNING:
            raise
        log.warning("hazard %s: complaint %s has ended", start.reference, complaint.id)


async def try_start_hazard(
    sessionmaker: Sessionmaker,
    client: Client,
    task_queue: str,
    start: StartHazard,
    *,
    attempts: int,
    wait: timedelta = START_TIMEOUT,
) -> Received:
    """Start a kept hazard's workflow and tell its complaint, then mark it started; an
    earlier start counts as started. A failure (Temporal down, or the complaint's own
    workflow not started yet) is noted with the next try's time; it is never raised."""
    return await try_kept(
        sessionmaker,
        start.reference,
        _start_and_tell(client, task_queue, start),
        kind=HAZARD,
        attempts=attempts,
        wait=wait,
    )


async def start_kept_hazard(
    sessionmaker: Sessionmaker,
    client: Client,
    task_queue: str,
    reference: str,
    kept: dict[str, Any],
    attempts: int,
    *,
    wait: timedelta = START_TIMEOUT,
) -> Received:
    """The retrier's try of a kept hazard (`intake.retrier`). One that cannot be read is
    noted with its problem and tried again at the longest interval, as a complaint is; it
    says it was not started, and that Temporal was not the reason."""
    try:
        start = StartHazard.model_validate(kept)
    except ValidationError as error:  # kept by an older version: say so, keep it
        log.error("hazard %s cannot be read: %s", reference, error)
        problem = f"cannot be read: {error}"

        async def unreadable(session: AsyncSession) -> None:
            await submissions.postpone(session, reference, RETRY_MOST, problem=problem)

        await note(sessionmaker, reference, unreadable)
        return Received(reference, started=False)
    return await try_start_hazard(
        sessionmaker, client, task_queue, start, attempts=attempts + 1, wait=wait
    )
