"""A hazard reported with a complaint (R-HAZ-1, R-HAZ-7).

The hazard runs in its own workflow under its own reference, with its own clock from the
moment we became aware: the complaint never waits for it and it never pauses the complaint.
The complaint keeps the references of its hazards, says on its timeline that one was
reported, and its Stage 1 and Stage 2 responses must say what was done about them
(`rules.handling.responses`).
"""

from models.complaint import ComplaintState
from models.effects import Effect, Event, Recipient
from models.enums import Status
from models.hazard import HazardOpened, HazardTenant, ReportHazardInput
from rules.handling.common import Ctx, Refused, describe, require_text

# While a complaint is being worked at some stage; once it is closed, declined, withdrawn
# or recorded, a hazard is reported on its own.
WORKED = (
    Status.RECEIVED,
    Status.ACCEPTED,
    Status.OPEN,
    Status.ESCALATION_REQUESTED,
    Status.PANEL_REQUESTED,
    Status.PANEL_HELD,
)


def check_report_hazard(state: ComplaintState, inp: ReportHazardInput, ctx: Ctx) -> None:
    """R-HAZ-1: only on an open complaint, with what, where, who and when we became aware."""
    if state.status not in WORKED or state.intake.kind != "complaint":
        raise Refused(
            f"Cannot report a hazard with complaint {state.reference}: it is "
            f"{describe(state)}. Report it as a hazard on its own."
        )
    require_text(inp.hazard, "which hazard it is", 2)
    require_text(inp.description, "what the hazard is")
    require_text(inp.location, "where in the home it is")
    require_text(inp.affected, "who is affected")
    if inp.aware_at.tzinfo is None:
        raise Refused("Give the time we became aware of the hazard with its time zone.")
    if inp.aware_at > ctx.now:
        raise Refused("We cannot have become aware of a hazard in the future.")


def hazard_reported(state: ComplaintState, inp: HazardOpened, ctx: Ctx) -> list[Effect]:
    """R-HAZ-7: the complaint keeps the hazard's reference and says so; told twice, once."""
    if inp.reference in state.hazards:
        return []
    state.hazards.append(inp.reference)
    words = inp.hazard.replace("_", " ")
    return [
        Event(
            kind="hazard_reported",
            actor=inp.by,
            summary=f"A hazard was reported: {words}, {inp.location} ({inp.reference})",
            data={"hazard": inp.reference},
        )
    ]


def hazard_tenant(state: ComplaintState) -> HazardTenant:
    """Who receives the hazard's letters: the resident who complained, as they asked."""
    person = state.intake.complainant
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


__all__ = ["check_report_hazard", "hazard_reported", "hazard_tenant"]
