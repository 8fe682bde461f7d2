"""Section 14 of the rules, a duplicate (R-DUP-1): a second contact about a complaint already
open is linked to it, not declined. The second closes, and the resident is told it is
handled under the original's reference, without a refusal or the ombudsman's rights; the
original records the second contact as joined to it.
"""

import re

from letters.models import DuplicateLinked
from models.complaint import ComplaintState
from models.effects import Effect, Event
from models.enums import Status
from models.messages import LinkDuplicateInput
from rules.calendar import add_months
from rules.handling.closure import cancel_all, require_complaint
from rules.handling.common import Ctx, Refused, require_status
from rules.letters import compose

# R-DUP-1: a second contact is noticed before it has had a response of its own.
LINKABLE = (Status.RECEIVED, Status.ACCEPTED, Status.OPEN)
COMPLAINT_REFERENCE = re.compile(r"^CMP-[0-9]{4}-[0-9]{6}$")


def check_link_duplicate(state: ComplaintState, inp: LinkDuplicateInput, ctx: Ctx) -> None:
    require_complaint(state, "link it as a duplicate")
    require_status(state, LINKABLE, "link it as a duplicate")
    original = inp.original.strip().upper()
    if not COMPLAINT_REFERENCE.match(original):
        raise Refused(
            f"'{inp.original}' is not a complaint reference: give the original's, for example "
            "CMP-2026-000123."
        )
    if original == state.reference:
        raise Refused("A complaint cannot be a duplicate of itself: give the original's reference.")
    if original in state.linked_complaints:
        raise Refused(f"{original} was split off this complaint, so it cannot be its original.")


def link_duplicate(state: ComplaintState, inp: LinkDuplicateInput, ctx: Ctx) -> list[Effect]:
    """R-DUP-1: closed as a duplicate of the complaint already open, not declined: the
    resident is told it is handled under the original's reference, without a refusal."""
    check_link_duplicate(state, inp, ctx)
    original = inp.original.strip().upper()
    state.duplicate_of = original
    state.status = Status.DUPLICATE
    state.closed_on = ctx.today
    state.retain_until = add_months(ctx.today, 12)  # kept as a declined complaint is
    summary = f"Linked as a duplicate of {original}"
    if inp.note.strip():
        summary += f": {inp.note.strip()}"
    return [
        Event(
            kind="linked_as_duplicate", summary=summary, actor=inp.by, data={"original": original}
        ),
        *cancel_all(state, f"a duplicate of {original}"),
        compose(
            DuplicateLinked,
            state,
            ctx,
            f"Tell the resident it is handled under {original}",
            original=original,
        ),
    ]


def duplicate_joined(state: ComplaintState, duplicate: str, by: str) -> list[Effect]:
    """R-DUP-1, on the original: the second contact is added to it."""
    if duplicate not in state.linked_complaints:
        state.linked_complaints.append(duplicate)
    return [
        Event(
            kind="duplicate_joined",
            summary=f"Second contact {duplicate} added to this complaint",
            actor=by,
            data={"duplicate": duplicate},
        )
    ]
