"""Logging a complaint from outside the workflow: the reference, the policy profile and the
calendar snapshot are settled here, so the workflow starts with all it needs in its input
(R-INT-1, R-TIME-5). The starter command line, the web app and the benchmarks share this."""

from __future__ import annotations

import os
from datetime import date, timedelta

from temporalio.client import Client, WorkflowHandle
from temporalio.common import SearchAttributePair, TypedSearchAttributes

from activities.complaint import CLOSURES_ENV, parse_closures
from models import search_attributes as sa
from models.calendar import CalendarSnapshot
from models.complaint import LogComplaintInput
from rules.calendar import add_months
from rules.holidays_source import build_snapshot, default_overrides
from rules.organisations import load_organisation
from rules.policy import load_profile
from workflows.complaint import CALENDAR_YEARS_AHEAD, ComplaintWorkflow
from workflows.inputs import StartComplaint

PREFIX = {"complaint": "CMP", "compliment": "CPL", "comment": "CMT"}


def calendar_for(first_contact: date) -> CalendarSnapshot:
    """The England and Wales working-day calendar around a complaint's first contact."""
    return build_snapshot(
        first_contact - timedelta(days=60),
        add_months(first_contact, 12 * CALENDAR_YEARS_AHEAD),  # 29 Feb safe
        closures=parse_closures(os.environ.get(CLOSURES_ENV)),
        overrides=default_overrides(),
    )


def prepare(intake: LogComplaintInput, *, continue_after_events: int = 2000) -> StartComplaint:
    profile = load_profile(intake.policy_profile, intake.policy_version)
    organisation = load_organisation(intake.organisation, intake.service_area)
    intake = intake.model_copy(
        update={"policy_version": profile.version, "organisation": organisation.id}
    )
    return StartComplaint(
        intake=intake,
        profile=profile,
        calendar=calendar_for(intake.first_contact_on),
        organisation=organisation,
        continue_after_events=continue_after_events,
    )


def static_summary(intake: LogComplaintInput) -> str:
    what = intake.kind.value.capitalize()
    area = intake.service_area.value.replace("_", " ")
    return f"{what} {intake.reference}: {intake.complainant.name}, {area}"


async def log_complaint(
    client: Client, start: StartComplaint, task_queue: str
) -> WorkflowHandle[ComplaintWorkflow, object]:
    """Start the complaint's workflow; its id is the reference."""
    intake = start.intake
    return await client.start_workflow(
        ComplaintWorkflow.run,
        start,
        id=intake.reference,
        task_queue=task_queue,
        static_summary=static_summary(intake),
        static_details=intake.description[:2000],
        search_attributes=TypedSearchAttributes(
            [
                SearchAttributePair(sa.REFERENCE, intake.reference),
                SearchAttributePair(sa.ORGANISATION, intake.organisation),
                SearchAttributePair(sa.SERVICE_AREA, intake.service_area.value),
            ]
        ),
    )
