"""A comment treated as a complaint (R-DEF-1, in section 2 of the rules): the resident does
not have to use the word "complaint". A comment that expresses dissatisfaction becomes a
new complaint, linked to the comment, with its own reference and workflow and its
deadlines counted from the comment's first contact; until then a comment stays where it
can be treated so.
"""

from models.complaint import ComplaintState
from models.effects import Effect, Event, SplitOff
from models.enums import Kind, Status
from models.messages import TreatAsComplaintInput
from rules.calendar import add_months, format_due
from rules.handling.common import Ctx, Refused, require_status, require_text


def keep_comment_open(state: ComplaintState) -> None:
    """R-DEF-1: a comment stays where it can be treated as a complaint for as long as an
    early resolution can be reopened, instead of its record completing the day it came."""
    if state.intake.kind == Kind.COMMENT and state.closed_on is not None:
        state.retain_until = add_months(state.closed_on, state.profile.escalation_window_months)


def check_treat_as_complaint(state: ComplaintState, inp: TreatAsComplaintInput, ctx: Ctx) -> None:
    if state.intake.kind != Kind.COMMENT:
        raise Refused(
            f"Only a comment can be treated as a complaint; {state.reference} is a "
            f"{state.intake.kind.value}."
        )
    require_status(state, (Status.RECORDED,), "treat the comment as a complaint")
    if state.treated_as_complaint_on is not None:
        raise Refused(
            f"This comment was treated as a complaint on "
            f"{format_due(state.treated_as_complaint_on)}: "
            f"{', '.join(state.linked_complaints) or 'see its timeline'}."
        )
    require_text(inp.reason, "the dissatisfaction the comment expresses")


def treat_as_complaint(state: ComplaintState, inp: TreatAsComplaintInput, ctx: Ctx) -> list[Effect]:
    """R-DEF-1: the resident need not say "complaint": a new complaint, linked to the
    comment, with its own reference and workflow, its deadlines from the comment's first
    contact."""
    check_treat_as_complaint(state, inp, ctx)
    state.treated_as_complaint_on = ctx.today
    return [
        Event(
            kind="treated_as_complaint",
            summary=f"Treated as a complaint: {inp.reason.strip()}",
            actor=inp.by,
        ),
        SplitOff(
            summary=state.intake.description,
            first_contact_on=state.intake.first_contact_on,
        ),
    ]
