"""Section 3 of the rules: acknowledgement (R-ACK-1), clarification (R-ACK-2) and the
resident's consent for a representative (R-WHO-2)."""

from letters.models import Acknowledgement, Clarification
from models.complaint import ComplaintState
from models.effects import Effect, Event
from models.enums import Stage, Status
from models.messages import (
    AcknowledgeInput,
    RecordConsentInput,
    RecordRestrictionInput,
    RequestClarificationInput,
)
from models.stages import Issue
from rules import deadlines
from rules.calendar import format_due
from rules.handling.common import (
    Ctx,
    Refused,
    meet_deadline,
    ombudsman_fields,
    ombudsman_for,
    owner_words,
    require_handler,
    require_status,
    require_text,
    response_key,
    set_deadline,
)
from rules.letters import compose


def check_request_clarification(
    state: ComplaintState, inp: RequestClarificationInput, ctx: Ctx
) -> None:
    require_status(state, (Status.RECEIVED, Status.ACCEPTED), "ask the resident to clarify")
    require_text(inp.questions, "what needs clarifying")


def request_clarification(
    state: ComplaintState, inp: RequestClarificationInput, ctx: Ctx
) -> list[Effect]:
    """R-ACK-2: the resident is asked to clarify; the clock keeps running."""
    check_request_clarification(state, inp, ctx)
    state.clarification_requested_on = ctx.today
    return [
        Event(
            kind="clarification_requested",
            summary="Asked the resident to clarify",
            actor=inp.by,
            data={"questions": inp.questions},
        ),
        compose(Clarification, state, ctx, "Send clarification request", questions=inp.questions),
    ]


def check_acknowledge(state: ComplaintState, inp: AcknowledgeInput, ctx: Ctx) -> None:
    require_status(state, (Status.ACCEPTED,), "acknowledge the complaint")
    require_handler(state, "acknowledge the complaint")
    require_text(inp.definition, "our understanding of the complaint")
    require_text(inp.outcomes_sought, "the outcomes the resident is seeking")
    if not [i for i in inp.issues if i.strip()]:
        raise Refused("List at least one issue the complaint is about.")


def acknowledge(state: ComplaintState, inp: AcknowledgeInput, ctx: Ctx) -> list[Effect]:
    """R-ACK-1/R-ACK-2: acknowledge with the agreed definition; the response clock starts."""
    check_acknowledge(state, inp, ctx)
    assert state.handler is not None
    record = state.stages[Stage.STAGE_1]
    record.acknowledged_on = ctx.today
    record.definition = inp.definition
    record.outcomes_sought = inp.outcomes_sought
    record.owner = state.handler
    for summary in inp.issues:
        if summary.strip():
            state.issues.append(
                Issue(id=len(state.issues) + 1, summary=summary.strip(), added_on=ctx.today)
            )
    state.status = Status.OPEN
    effects: list[Effect] = []
    met = meet_deadline(state, "acknowledgement", ctx.today)
    if met:
        effects.append(met)
    due = deadlines.stage_one_response_due(ctx.today, state.profile, ctx.cal)
    ceiling = deadlines.stage_one_extension_ceiling(due.limit, state.profile, ctx.cal)
    effects.append(
        set_deadline(
            state,
            response_key(Stage.STAGE_1),
            "Stage 1 response",
            ctx.today,
            due,
            target_wd=state.profile.stage_1_response_wd,
            limit_wd=state.profile.stage_1_response_wd,
            ceiling=ceiling,
            staff_id=state.handler.id,
        )
    )
    ombudsman = ombudsman_for(state)
    effects.append(
        compose(
            Acknowledgement,
            state,
            ctx,
            f"Send Stage 1 acknowledgement (response due {format_due(due.limit)})",
            definition=inp.definition,
            outcomes_sought=inp.outcomes_sought,
            issues=[i.summary for i in state.issues],
            contact=owner_words(state),
            response_due=due.limit.isoformat(),
            **ombudsman_fields(state),
            ombudsman_any_time=ombudsman.value == "housing_ombudsman",
        )
    )
    effects.insert(
        0,
        Event(
            kind="acknowledged",
            summary="Stage 1 acknowledged",
            actor=inp.by,
            data={"definition": inp.definition},
        ),
    )
    return effects


def check_record_consent(state: ComplaintState, inp: RecordConsentInput, ctx: Ctx) -> None:
    if state.status in (Status.COMPLETED,):
        raise Refused("This complaint has ended; nothing more can be recorded on it.")
    if inp.consent_on > ctx.today:
        raise Refused("Consent cannot be recorded with a date in the future.")


def record_consent(state: ComplaintState, inp: RecordConsentInput, ctx: Ctx) -> list[Effect]:
    """R-WHO-2: consent is recorded before personal data is shared; letters then copy them."""
    check_record_consent(state, inp, ctx)
    rep = inp.representative.model_copy(update={"consent_recorded_on": inp.consent_on})
    state.representative = rep
    return [
        Event(
            kind="consent_recorded",
            summary=f"Resident's consent recorded for {rep.name} ({rep.kind.value}) "
            "to act for them",
            actor=inp.by,
            data={"representative": rep.name},
        )
    ]


def check_record_restriction(state: ComplaintState, inp: RecordRestrictionInput, ctx: Ctx) -> None:
    """R-COM-2: a restriction needs its reason, what it restricts, and a review date."""
    if state.status == Status.COMPLETED:
        raise Refused("This complaint has ended; nothing more can be recorded on it.")
    require_text(inp.restriction.reason, "the reason for the contact restriction")
    require_text(inp.restriction.restriction, "what the restriction is (e.g. email only)")
    if inp.restriction.review_on <= ctx.today:
        raise Refused("The restriction's review date must be in the future.")


def record_restriction(
    state: ComplaintState, inp: RecordRestrictionInput, ctx: Ctx
) -> list[Effect]:
    """R-COM-2: recorded with a reason, the restriction and a review date. It changes how
    we contact the resident, never whether the complaint is handled: every deadline,
    letter and action goes on as before; the handler is reminded on the review date."""
    check_record_restriction(state, inp, ctx)
    state.restriction = inp.restriction
    state.restriction_reviewed = False
    return [
        Event(
            kind="restriction_recorded",
            summary=f"Contact restriction: {inp.restriction.restriction} "
            f"(review {format_due(inp.restriction.review_on)})",
            actor=inp.by,
            data={
                "reason": inp.restriction.reason,
                "restriction": inp.restriction.restriction,
                "review_on": inp.restriction.review_on.isoformat(),
            },
        )
    ]
