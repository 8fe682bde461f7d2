"""Section 14 of the rules, the ends and corrections of everyday work: the resident withdraws
(R-WDR-1), a second contact joins the complaint already open (R-DUP-1), contact details,
service area or organisation are put right after logging (R-EDIT-1), and a comment that
expresses dissatisfaction becomes a complaint (R-DEF-1).

None of these is a decision on the complaint: a withdrawal and a duplicate close it without
a refusal letter or the ombudsman's rights, and reports count them apart from declined ones.
"""

import re
from datetime import date, timedelta

from pydantic import ValidationError

from letters.models import DuplicateLinked, WithdrawalConfirmed, WithdrawalReopened
from models.closure import Correction, Withdrawal
from models.complaint import ComplaintState
from models.effects import Effect, Event, SplitOff
from models.enums import Channel, Kind, ServiceArea, Status, choices
from models.messages import (
    CorrectContactInput,
    CorrectServiceInput,
    LinkDuplicateInput,
    ReopenWithdrawnInput,
    TreatAsComplaintInput,
    WithdrawInput,
)
from models.organisation import Organisation
from models.parties import Complainant
from rules.calendar import add_months, format_due
from rules.deadlines import Due
from rules.handling.common import (
    Ctx,
    Refused,
    cancel_deadline,
    require_status,
    require_text,
    set_deadline,
)
from rules.letters import compose
from rules.organisations import UnknownOrganisation, load_organisation

# R-WDR-1: "at any stage": while there is anything left to withdraw from.
WITHDRAWABLE = (
    Status.RECEIVED,
    Status.ACCEPTED,
    Status.OPEN,
    Status.CLOSED,
    Status.ESCALATION_REQUESTED,
    Status.PANEL_REQUESTED,
    Status.PANEL_HELD,
)
# R-DUP-1: a second contact is noticed before it has had a response of its own.
LINKABLE = (Status.RECEIVED, Status.ACCEPTED, Status.OPEN)
# R-EDIT-1: anything the workflow still holds can be put right.
CORRECTABLE = tuple(s for s in Status if s != Status.COMPLETED)
COMPLAINT_REFERENCE = re.compile(r"^CMP-[0-9]{4}-[0-9]{6}$")

# How the resident told us, as the letter says it: "You told us by phone".
HOW_WORDS = {
    Channel.TELEPHONE: "by phone",
    Channel.IN_PERSON: "in person",
    Channel.EMAIL: "by email",
    Channel.LETTER: "by letter",
    Channel.WEB_FORM: "through our website",
    Channel.SOCIAL_MEDIA: "through social media",
    Channel.THIRD_PARTY: "through someone acting for you",
    Channel.COUNCILLOR_OR_MP: "through your councillor or MP",
}
CONTACT_FIELDS = ("name", "email", "phone", "address", "postcode")


def _require_complaint(state: ComplaintState, doing: str) -> None:
    if state.intake.kind != Kind.COMPLAINT:
        raise Refused(f"Cannot {doing}: {state.reference} is a {state.intake.kind.value}.")


def _cancel_all(state: ComplaintState, why: str) -> list[Effect]:
    """Every open deadline stops: nothing is due on a complaint that is no longer handled."""
    return [
        event
        for deadline in list(state.open_deadlines)
        if (event := cancel_deadline(state, deadline.key, why)) is not None
    ]


# -- R-WDR-1 withdrawal ----------------------------------------------------------------


def check_withdraw(state: ComplaintState, inp: WithdrawInput, ctx: Ctx) -> None:
    _require_complaint(state, "record a withdrawal")
    require_status(state, WITHDRAWABLE, "record a withdrawal")
    if state.final:
        raise Refused(
            "Cannot record a withdrawal: our complaints process has ended for this complaint."
        )
    try:
        Channel(inp.how)
    except ValueError:
        raise Refused(
            f"'{inp.how}' is not a way the resident can tell us; use one of: {choices(Channel)}."
        ) from None
    if inp.withdrawn_on > ctx.today:
        raise Refused("The day the resident withdrew cannot be in the future.")
    if inp.withdrawn_on < state.intake.first_contact_on:
        raise Refused(
            "The day the resident withdrew cannot be before they first contacted us "
            f"({format_due(state.intake.first_contact_on)})."
        )


def withdraw(state: ComplaintState, inp: WithdrawInput, ctx: Ctx) -> list[Effect]:
    """R-WDR-1: recorded with how and when, every deadline stopped, closed as withdrawn and
    confirmed by letter with how to take it up again."""
    check_withdraw(state, inp, ctx)
    how = Channel(inp.how)
    reopen_by = add_months(ctx.today, state.profile.escalation_window_months)
    stopped = [deadline.key for deadline in state.open_deadlines]
    state.withdrawal = Withdrawal(
        how=how,
        withdrawn_on=inp.withdrawn_on,
        recorded_on=ctx.today,
        by=inp.by,
        reason=inp.reason,
        status_before=state.status,
        reopen_by=reopen_by,
        stopped=stopped,
        closed_on_before=state.closed_on,
        retain_until_before=state.retain_until,
    )
    state.status = Status.WITHDRAWN
    state.closed_on = ctx.today
    state.retain_until = reopen_by
    summary = f"Withdrawn by the resident {HOW_WORDS[how]} on {format_due(inp.withdrawn_on)}"
    if inp.reason.strip():
        summary += f": {inp.reason.strip()}"
    effects: list[Effect] = [
        Event(
            kind="withdrawn",
            summary=summary,
            actor=inp.by,
            data={"how": how.value, "withdrawn_on": inp.withdrawn_on.isoformat()},
        ),
        *_cancel_all(state, "the resident withdrew the complaint"),
        compose(
            WithdrawalConfirmed,
            state,
            ctx,
            "Confirm the withdrawal",
            withdrawn_on=inp.withdrawn_on,
            how=HOW_WORDS[how],
            reopen_by=reopen_by,
        ),
    ]
    return effects


def check_reopen_withdrawn(state: ComplaintState, inp: ReopenWithdrawnInput, ctx: Ctx) -> None:
    require_status(state, (Status.WITHDRAWN,), "reopen the complaint")
    withdrawal = state.withdrawal
    assert withdrawal is not None  # recorded with the status
    if ctx.today > withdrawal.reopen_by:
        raise Refused(
            "Cannot reopen the complaint: the resident could take it up again until "
            f"{format_due(withdrawal.reopen_by)}; log a new complaint instead."
        )
    require_text(inp.reason, "what the resident told us")


def _restarted(state: ComplaintState, key: str, ctx: Ctx, days_away: int) -> Event:
    """A deadline the withdrawal stopped, counted again from the reopening: working days
    from today where it was counted, else moved on by the days the complaint was away."""
    old = state.deadlines[key]
    if old.target_wd is not None and old.limit_wd is not None:
        due = Due(
            target=ctx.cal.add_working_days(ctx.today, old.target_wd),
            limit=ctx.cal.add_working_days(ctx.today, old.limit_wd),
        )
    else:
        due = Due(
            target=old.target + timedelta(days=days_away),
            limit=old.due + timedelta(days=days_away),
        )
    return set_deadline(
        state,
        key,
        old.label,
        ctx.today,
        due,
        target_wd=old.target_wd,
        limit_wd=old.limit_wd,
        ceiling=old.ceiling + timedelta(days=days_away) if old.ceiling else None,
        staff_id=old.staff_id,
    )


def reopen_withdrawn(state: ComplaintState, inp: ReopenWithdrawnInput, ctx: Ctx) -> list[Effect]:
    """R-WDR-1: taken up again before the reopen-by date the withdrawal letter gave: back where
    it stood, the deadlines the withdrawal stopped counted afresh from today, and a letter
    saying what comes next and by when."""
    check_reopen_withdrawn(state, inp, ctx)
    withdrawal = state.withdrawal
    assert withdrawal is not None
    state.status = withdrawal.status_before
    state.closed_on = withdrawal.closed_on_before
    state.retain_until = withdrawal.retain_until_before
    days_away = (ctx.today - withdrawal.recorded_on).days
    restarted = [_restarted(state, key, ctx, days_away) for key in withdrawal.stopped]
    state.withdrawal = None
    effects: list[Effect] = [
        Event(
            kind="withdrawal_reopened",
            summary=f"Reopened at the resident's request: {inp.reason.strip()}",
            actor=inp.by,
            data={"status": state.status.value, "reopened_on": ctx.today.isoformat()},
        ),
        *restarted,
    ]
    step, due = _next_step(state)
    effects.append(
        compose(
            WithdrawalReopened,
            state,
            ctx,
            "Confirm the complaint is reopened",
            reopened_on=ctx.today,
            next_step=step,
            next_due=due,
        )
    )
    return effects


# What the resident is told comes next, by the start of the deadline's key (rules.handling.*).
_NEXT_STEP = (
    ("acknowledgement", "acknowledge your complaint"),
    ("escalation_decision", "tell you whether we will take your complaint to Stage 2"),
    ("stage_1_response", "respond to your complaint"),
    ("stage_2_response", "respond to your complaint at Stage 2"),
    ("stage_3_panel", "hold the panel that will hear your complaint"),
    ("stage_3_response", "respond to your complaint at Stage 3"),
)


def _next_step(state: ComplaintState) -> tuple[str | None, date | None]:
    for deadline in state.open_deadlines:
        for key, words in _NEXT_STEP:
            if deadline.key.startswith(key):
                return words, deadline.due
    return None, None


# -- R-DUP-1 duplicates ------------------------------------------------------------------


def check_link_duplicate(state: ComplaintState, inp: LinkDuplicateInput, ctx: Ctx) -> None:
    _require_complaint(state, "link it as a duplicate")
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
        *_cancel_all(state, f"a duplicate of {original}"),
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


# -- R-EDIT-1 corrections ----------------------------------------------------------------


def _given(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def _contact_changes(state: ComplaintState, inp: CorrectContactInput) -> dict[str, str]:
    person = state.intake.complainant
    changes = {}
    for name in CONTACT_FIELDS:
        new = _given(getattr(inp, name))
        old = getattr(person, name)
        if new is not None and new != (str(old) if old is not None else None):
            changes[name] = new
    return changes


def _corrected_person(state: ComplaintState, changes: dict[str, str]) -> Complainant:
    person = state.intake.complainant
    try:
        return Complainant.model_validate(person.model_dump() | changes)
    except ValidationError as error:
        what = ", ".join(str(e["loc"][0]) for e in error.errors() if e["loc"])
        raise Refused(f"The corrected {what or 'details'} is not valid: check it.") from None


def check_correct_contact(state: ComplaintState, inp: CorrectContactInput, ctx: Ctx) -> None:
    require_status(state, CORRECTABLE, "correct the contact details")
    require_text(inp.reason, "the reason for the correction")
    changes = _contact_changes(state, inp)
    if not changes:
        raise Refused("Give at least one contact detail that differs from the one recorded.")
    _corrected_person(state, changes)
    _check_resend(state, inp)


def corrected_complainant(state: ComplaintState, inp: CorrectContactInput) -> Complainant:
    """The complainant as the correction would leave them; the state is unchanged."""
    return _corrected_person(state, _contact_changes(state, inp))


def _check_resend(state: ComplaintState, inp: CorrectContactInput) -> None:
    """R-EDIT-1: a letter that could not be delivered is sent again once, not on every
    correction (whether it could be delivered is read from the record, in the handler)."""
    if len(set(inp.resend)) != len(inp.resend):
        raise Refused("Name each letter to send again once.")
    again = sorted(set(inp.resend) & set(state.resent))
    if again:
        numbers = ", ".join(str(seq) for seq in again)
        raise Refused(
            f"Letter {numbers} was sent again after an earlier correction; a letter is "
            "not sent again twice."
        )


def correct_contact(state: ComplaintState, inp: CorrectContactInput, ctx: Ctx) -> list[Effect]:
    """R-EDIT-1: the complainant's contact details put right, each with its old value."""
    check_correct_contact(state, inp, ctx)
    changes = _contact_changes(state, inp)
    person = state.intake.complainant
    old = {name: getattr(person, name) for name in changes}
    state.intake = state.intake.model_copy(
        update={"complainant": _corrected_person(state, changes)}
    )
    return _corrected(state, inp.reason, inp.by, ctx.today, old, changes, "Contact details")


def _service_changes(state: ComplaintState, inp: CorrectServiceInput) -> dict[str, str]:
    changes = {}
    service = _given(inp.service_area)
    if service is not None and service != state.intake.service_area.value:
        changes["service_area"] = service
    organisation = _given(inp.organisation)
    if organisation is not None and organisation != state.intake.organisation:
        changes["organisation"] = organisation
    return changes


def _corrected_organisation(
    state: ComplaintState, changes: dict[str, str]
) -> tuple[ServiceArea, Organisation]:
    try:
        service = ServiceArea(changes.get("service_area", state.intake.service_area.value))
    except ValueError:
        raise Refused(
            f"'{changes['service_area']}' is not a service area; use one of: "
            f"{choices(ServiceArea)}."
        ) from None
    organisation = changes.get("organisation", state.intake.organisation)
    try:
        return service, load_organisation(organisation, service)
    except UnknownOrganisation as error:
        raise Refused(str(error)) from None


def check_correct_service(state: ComplaintState, inp: CorrectServiceInput, ctx: Ctx) -> None:
    require_status(state, CORRECTABLE, "correct the service area or organisation")
    require_text(inp.reason, "the reason for the correction")
    changes = _service_changes(state, inp)
    if not changes:
        raise Refused("Give a service area or organisation that differs from the one recorded.")
    _corrected_organisation(state, changes)


def correct_service(state: ComplaintState, inp: CorrectServiceInput, ctx: Ctx) -> list[Effect]:
    """R-EDIT-1: the service area or organisation put right; letters from now on carry the
    organisation's details, and the route to the ombudsman follows the service (R-SVC-1)."""
    check_correct_service(state, inp, ctx)
    changes = _service_changes(state, inp)
    service, organisation = _corrected_organisation(state, changes)
    old = {
        "service_area": state.intake.service_area.value,
        "organisation": state.intake.organisation,
    }
    new = {"service_area": service.value, "organisation": organisation.id}
    state.intake = state.intake.model_copy(
        update={"service_area": service, "organisation": organisation.id}
    )
    state.organisation = organisation
    changed = {key: value for key, value in new.items() if value != old[key]}
    return _corrected(
        state, inp.reason, inp.by, ctx.today, {k: old[k] for k in changed}, changed, "Service"
    )


def _corrected(
    state: ComplaintState,
    reason: str,
    by: str,
    on: date,
    old: dict[str, object],
    new: dict[str, str],
    what: str,
) -> list[Effect]:
    """Each value corrected is kept with its old value, who and why (R-REC-1)."""
    fields = {}
    for name, value in new.items():
        before = None if old.get(name) is None else str(old[name])
        state.corrections.append(
            Correction(what=name, old=before, new=value, reason=reason, by=by, on=on)
        )
        fields[name] = {"old": before, "new": value}
    words = ", ".join(
        f"{name.replace('_', ' ')} from {change['old'] or 'none'} to {change['new']}"
        for name, change in fields.items()
    )
    return [
        Event(
            kind="corrected",
            summary=f"{what} corrected: {words}, because {reason.strip()}",
            actor=by,
            data={"fields": fields, "reason": reason},
        )
    ]


# -- R-DEF-1 a comment treated as a complaint ----------------------------------------------


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
