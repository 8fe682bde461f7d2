"""Sections 4 and 6 of the rules: extending the response date (R-S1-3, R-S2-2) and the
resident's agreement to a date beyond the limit (R-S1-4)."""

from letters.models import AgreementRequest, NoAgreement
from letters.models import Extension as ExtensionLetter
from models.complaint import ComplaintState
from models.effects import Effect, Event
from models.enums import Stage, Status
from models.messages import (
    ExtendInput,
    RecordAgreementInput,
    RequestAgreementInput,
)
from models.stages import Extension
from rules.calendar import format_due
from rules.handling.common import (
    STAGE_WORDS,
    Ctx,
    Refused,
    ombudsman_fields,
    require_status,
    require_text,
    response_key,
    stage_record,
)
from rules.handling.self_service import told
from rules.letters import compose

NOT_A_REASON = ("not prioritised", "not prioritized", "not a priority", "low priority")


def _response_deadline(state: ComplaintState, doing: str):
    require_status(state, (Status.OPEN,), doing)
    deadline = state.deadlines.get(response_key(state.stage))
    if deadline is None or not deadline.is_open:
        raise Refused(f"Cannot {doing}: no {STAGE_WORDS[state.stage]} response is due.")
    return deadline


def check_extend(state: ComplaintState, inp: ExtendInput, ctx: Ctx) -> None:
    """R-S1-3 / R-S2-2 / R-S1-4."""
    deadline = _response_deadline(state, "extend the response date")
    reason = require_text(inp.reason, "the reason the response needs more time", 10)
    if any(words in reason.lower() for words in NOT_A_REASON):
        raise Refused(
            "'Not prioritised' is not a reason the Code accepts for an extension: explain "
            "what the response is waiting for."
        )
    if inp.new_due <= deadline.due:
        raise Refused(
            f"The new date must be after the current due date, {format_due(deadline.due)}."
        )
    if not ctx.cal.is_working_day(inp.new_due):
        raise Refused(f"{format_due(inp.new_due)} is not a working day; choose a working day.")
    agreed = deadline.agreed_to
    if (
        deadline.ceiling
        and inp.new_due > deadline.ceiling
        and not (agreed and inp.new_due <= agreed)
    ):
        extra = deadline_extension_days(state)
        raise Refused(
            f"{format_due(inp.new_due)} is beyond the {extra} further working days the Code "
            f"allows without the resident's agreement (latest {format_due(deadline.ceiling)}). "
            "Ask the resident to agree a later date first."
        )
    if deadline.due < ctx.today and not (agreed and inp.new_due <= agreed):
        raise Refused(
            f"The response was due on {format_due(deadline.due)} and that date has passed; "
            "a missed date can only be moved with the resident's agreement."
        )


def deadline_extension_days(state: ComplaintState) -> int:
    if state.stage == Stage.STAGE_1:
        return state.profile.stage_1_extension_wd
    return state.profile.stage_2_extension_wd


def extend(state: ComplaintState, inp: ExtendInput, ctx: Ctx) -> list[Effect]:
    """Extend with a reason and a new date; the resident gets a letter with both."""
    check_extend(state, inp, ctx)
    deadline = state.deadlines[response_key(state.stage)]
    old = deadline.due
    with_agreement = bool(deadline.agreed_to and inp.new_due > (deadline.ceiling or inp.new_due))
    deadline.extended_to = inp.new_due
    deadline.reminded = False
    record = stage_record(state, state.stage)
    record.extensions.append(
        Extension(
            new_due=inp.new_due, reason=inp.reason, on=ctx.today, with_agreement=with_agreement
        )
    )
    stage = STAGE_WORDS[state.stage]
    return [
        Event(
            kind="extended",
            summary=f"{stage} response extended from {format_due(old)} to "
            f"{format_due(inp.new_due)}: {inp.reason}",
            actor=inp.by,
            data={
                "from": old.isoformat(),
                "to": inp.new_due.isoformat(),
                "reason": inp.reason,
                "with_agreement": with_agreement,
            },
        ),
        compose(
            ExtensionLetter,
            state,
            ctx,
            f"Send extension letter (new date {format_due(inp.new_due)})",
            stage=stage,
            reason=inp.reason,
            new_due=inp.new_due.isoformat(),
            previous_due=old.isoformat(),
            **ombudsman_fields(state),  # Code 2024 6.5, 6.16
        ),
    ]


def check_request_agreement(state: ComplaintState, inp: RequestAgreementInput, ctx: Ctx) -> None:
    deadline = _response_deadline(state, "ask the resident to agree a later date")
    require_text(inp.reason, "the reason more time is needed", 10)
    if deadline.ceiling and inp.proposed_due <= deadline.ceiling:
        raise Refused(
            f"{format_due(inp.proposed_due)} is within the extension the Code allows without "
            f"agreement (up to {format_due(deadline.ceiling)}): extend the date instead."
        )
    if not ctx.cal.is_working_day(inp.proposed_due):
        raise Refused(f"{format_due(inp.proposed_due)} is not a working day.")


def request_agreement(state: ComplaintState, inp: RequestAgreementInput, ctx: Ctx) -> list[Effect]:
    """R-S1-4: beyond the limit only with the resident's agreement."""
    check_request_agreement(state, inp, ctx)
    record = stage_record(state, state.stage)
    record.agreement_requested = inp.proposed_due
    return [
        Event(
            kind="agreement_requested",
            summary=f"Asked the resident to agree a response by {format_due(inp.proposed_due)}",
            actor=inp.by,
            data={"proposed_due": inp.proposed_due.isoformat(), "reason": inp.reason},
        ),
        compose(
            AgreementRequest,
            state,
            ctx,
            "Send request to agree a later response date",
            stage=STAGE_WORDS[state.stage],
            proposed_due=inp.proposed_due.isoformat(),
            reason=inp.reason,
        ),
    ]


def check_record_agreement(state: ComplaintState, inp: RecordAgreementInput, ctx: Ctx) -> None:
    _response_deadline(state, "record the resident's agreement")
    record = stage_record(state, state.stage)
    if record.agreement_requested is None:
        raise Refused("Ask the resident to agree a later date before recording their answer.")
    if inp.agreed:
        agreed_due = inp.agreed_due or record.agreement_requested
        if not ctx.cal.is_working_day(agreed_due):
            raise Refused(f"{format_due(agreed_due)} is not a working day.")
        if agreed_due <= ctx.today:
            raise Refused("The agreed date must be in the future.")


def record_agreement(state: ComplaintState, inp: RecordAgreementInput, ctx: Ctx) -> list[Effect]:
    """R-S1-4: agreed, the date moves; not agreed, the resident gets the ombudsman's details
    to challenge the plan and the complaint stays open, flagged."""
    check_record_agreement(state, inp, ctx)
    record = stage_record(state, state.stage)
    deadline = state.deadlines[response_key(state.stage)]
    if inp.agreed:
        agreed_due = inp.agreed_due or record.agreement_requested
        assert agreed_due is not None
        deadline.agreed_to = agreed_due
        record.agreement_refused = False
        event = Event(
            kind="agreement_recorded",
            summary=f"Resident agreed a response by {format_due(agreed_due)}",
            actor=inp.by,
            data={"agreed_due": agreed_due.isoformat(), "note": inp.note},
        )
        extension = extend(
            state,
            ExtendInput(
                by=inp.by,
                new_due=agreed_due,
                reason=f"agreed with the resident. {inp.note}".strip(),
            ),
            ctx,
        )
        return [event, *extension, *told(state, inp.by, "agreed a later response date")]
    record.agreement_refused = True
    return [
        Event(
            kind="agreement_refused",
            summary="Resident did not agree a later date; complaint flagged",
            actor=inp.by,
            data={"note": inp.note},
        ),
        compose(
            NoAgreement,
            state,
            ctx,
            "Send ombudsman contact details (no agreement)",
            stage=STAGE_WORDS[state.stage],
            due=deadline.due.isoformat(),
            **ombudsman_fields(state),
        ),
        *told(state, inp.by, "did not agree a later response date"),
    ]
