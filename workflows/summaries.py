"""What Temporal Web shows of a workflow without the codec: its summary and details.

Search attributes, static summaries and static details are not personal data (R-DP-1):
anyone who can open Temporal Web reads them, and search attributes are never encrypted.
So they name the reference, the kind, the service, the organisation, the stage, the status,
a handler's staff id and dates, never a resident's name, contact details or words, nor
free text a member of staff wrote about them. Everything else is in the encrypted input,
read through the codec endpoint by signed-in staff.
"""

from __future__ import annotations

from datetime import date

from models.aftercare import TrackedItem
from models.complaint import LogComplaintInput

TRACKED_WORDS = {
    "remedy": "remedy",
    "action": "outstanding action",
    "ombudsman_order": "Ombudsman's order",
}


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _area(intake: LogComplaintInput) -> str:
    return intake.service_area.value.replace("_", " ")


def complaint_summary(intake: LogComplaintInput) -> str:
    """``Complaint CMP-2026-000001: repairs, north-homes``."""
    what = intake.kind.value.capitalize()
    where = f", {intake.organisation}" if intake.organisation else ""
    return f"{what} {intake.reference}: {_area(intake)}{where}"


def complaint_details(intake: LogComplaintInput) -> str:
    """The start's facts that identify no one: service, organisation, channel, dates."""
    lines = [
        f"Service: {_area(intake)}",
        f"Organisation: {intake.organisation or 'the provider of the service'}",
        f"Channel: {intake.channel.value.replace('_', ' ')}",
        f"First contact: {_day(intake.first_contact_on)}",
    ]
    if intake.linked_to:
        lines.append(f"Split from: {intake.linked_to}")
    if intake.handler:
        lines.append(f"Handler: {intake.handler.id}")
    return "\n\n".join(lines)


def linked_summary(intake: LogComplaintInput) -> str:
    """A complaint split off another (R-S1-5)."""
    return f"{complaint_summary(intake)}, linked to {intake.linked_to}"


def tracker_summary(reference: str, item: TrackedItem) -> str:
    """``CMP-2026-000001: outstanding action due Wed 9 Dec 2026``; what the action is stays
    in the encrypted input, since a handler's words may name the resident."""
    kind = TRACKED_WORDS.get(item.kind, item.kind.replace("_", " "))
    return f"{reference}: {kind} due {_day(item.due)}"
