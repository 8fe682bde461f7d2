"""Sections 4 and 6 of the rules: the response clock at each stage, extensions, the
resident's agreement beyond the limit, additional issues and the response itself."""

from models.complaint import ComplaintState, Extension, Issue, TrackedItem
from models.effects import Effect, Event, Letter, SplitOff, Track
from models.enums import Decision, RemedyKind, Stage, Status
from models.messages import (
    AddIssueInput,
    ExtendInput,
    RecordAgreementInput,
    RequestAgreementInput,
    SubmitResponseInput,
)
from rules import deadlines
from rules.calendar import add_months, format_due
from rules.handling.common import (
    OMBUDSMAN_CONTACT,
    OMBUDSMAN_WORDS,
    STAGE_WORDS,
    Ctx,
    Refused,
    last_stage,
    meet_deadline,
    ombudsman_for,
    require_status,
    require_text,
    response_key,
    stage_record,
    stage_three_available,
)

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
        Letter(
            letter="extension",
            summary=f"Send extension letter (new date {format_due(inp.new_due)})",
            fields={
                "stage": stage,
                "reason": inp.reason,
                "new_due": inp.new_due.isoformat(),
                "previous_due": old.isoformat(),
            },
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
        Letter(
            letter="agreement_request",
            summary="Send request to agree a later response date",
            fields={
                "stage": STAGE_WORDS[state.stage],
                "proposed_due": inp.proposed_due.isoformat(),
                "reason": inp.reason,
            },
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
        return [event, *extension]
    record.agreement_refused = True
    ombudsman = ombudsman_for(state)
    return [
        Event(
            kind="agreement_refused",
            summary="Resident did not agree a later date; complaint flagged",
            actor=inp.by,
            data={"note": inp.note},
        ),
        Letter(
            letter="no_agreement",
            summary="Send ombudsman contact details (no agreement)",
            fields={
                "stage": STAGE_WORDS[state.stage],
                "due": deadline.due.isoformat(),
                "ombudsman": OMBUDSMAN_WORDS[ombudsman],
                "ombudsman_contact": OMBUDSMAN_CONTACT[ombudsman],
            },
        ),
    ]


def check_add_issue(state: ComplaintState, inp: AddIssueInput, ctx: Ctx) -> None:
    require_status(
        state,
        (
            Status.ACCEPTED,
            Status.OPEN,
            Status.CLOSED,
            Status.ESCALATION_REQUESTED,
            Status.PANEL_REQUESTED,
            Status.PANEL_HELD,
        ),
        "add an issue",
    )
    require_text(inp.summary, "the new issue")


def add_issue(state: ComplaintState, inp: AddIssueInput, ctx: Ctx) -> list[Effect]:
    """R-S1-5: before the response the issue joins it; after it (or if it would delay the
    response unreasonably) it becomes a new complaint linked to this one."""
    check_add_issue(state, inp, ctx)
    joins = state.status in (Status.ACCEPTED, Status.OPEN) and not inp.as_new_complaint
    if joins:
        state.issues.append(
            Issue(
                id=len(state.issues) + 1, summary=inp.summary, added_on=ctx.today, stage=state.stage
            )
        )
        return [Event(kind="issue_added", summary=f"Issue added: {inp.summary}", actor=inp.by)]
    return [SplitOff(summary=inp.summary)]


def overall_decision(decisions: list[Decision]) -> Decision:
    if all(d == Decision.UPHELD for d in decisions):
        return Decision.UPHELD
    if all(d == Decision.NOT_UPHELD for d in decisions):
        return Decision.NOT_UPHELD
    return Decision.PARTIALLY_UPHELD


def stage_issues(state: ComplaintState) -> list[Issue]:
    return [i for i in state.issues if i.stage == state.stage]


def check_submit_response(state: ComplaintState, inp: SubmitResponseInput, ctx: Ctx) -> None:
    """R-S1-6 / R-S2-3: the product refuses a response without its parts."""
    allowed = (Status.PANEL_HELD,) if state.stage == Stage.STAGE_3 else (Status.OPEN,)
    require_status(state, allowed, f"send the {STAGE_WORDS[state.stage]} response")
    response = inp.response
    require_text(response.definition, "the complaint definition")
    require_text(response.reasons, "the reasons, citing policy, law or good practice", 10)
    issues = {i.id: i for i in stage_issues(state)}
    given = [d.issue_id for d in response.decisions]
    unknown = [str(i) for i in given if i not in issues]
    if unknown:
        raise Refused(f"There is no issue numbered {', '.join(unknown)} at this stage.")
    if len(set(given)) != len(given):
        raise Refused("Give one decision for each issue, not two.")
    missing = [f"{i.id} ({i.summary})" for i in issues.values() if i.id not in given]
    if missing:
        raise Refused(f"Give a decision on every issue; missing: {'; '.join(missing)}.")
    for decision in response.decisions:
        require_text(decision.reasons, f"the reasons for the decision on issue {decision.issue_id}")
    derived = overall_decision([d.decision for d in response.decisions])
    if response.overall and response.overall != derived:
        raise Refused(
            f"The overall decision must follow from the decisions on each issue: they give "
            f"'{derived.value.replace('_', ' ')}', not '{response.overall.value.replace('_', ' ')}'."
        )
    if derived != Decision.NOT_UPHELD and not (response.lesson or "").strip():
        raise Refused("Record the lesson learned: part of the complaint is upheld (R-LRN-1).")
    for remedy in response.remedies:
        require_text(
            remedy.description, f"a description of the {remedy.kind.value.replace('_', ' ')} remedy"
        )
        if remedy.kind == RemedyKind.FINANCIAL and (
            remedy.compensation is None or remedy.compensation.total <= 0
        ):
            raise Refused("A financial remedy needs its compensation parts and amounts.")
        if remedy.due and remedy.due < ctx.today:
            raise Refused(f"The remedy '{remedy.description}' has a due date in the past.")
    for action in response.actions:
        require_text(action.what, "what each outstanding action is")
        if action.due < ctx.today:
            raise Refused(f"The action '{action.what}' has a due date in the past.")
    if response.names_staff and not response.complaint_is_about_staff:
        raise Refused(
            "Resident letters must not name individual staff or contractors unless the "
            "complaint is about them (R-S1-7)."
        )


def submit_response(state: ComplaintState, inp: SubmitResponseInput, ctx: Ctx) -> list[Effect]:
    """Send the response when the answer is known, not when the actions finish (R-S1-6)."""
    check_submit_response(state, inp, ctx)
    response = inp.response
    stage = state.stage
    words = STAGE_WORDS[stage]
    overall = overall_decision([d.decision for d in response.decisions])
    by_id = {d.issue_id: d for d in response.decisions}
    for issue in stage_issues(state):
        issue.decision = by_id[issue.id].decision
        issue.reasons = by_id[issue.id].reasons
    record = stage_record(state, stage)
    record.response = response.model_copy(update={"overall": overall})
    record.responded_on = ctx.today
    record.overall = overall
    if response.lesson:
        state.lessons.append(response.lesson)
    effects: list[Effect] = [
        Event(
            kind="responded",
            summary=f"{words} response sent: {overall.value.replace('_', ' ')}",
            actor=inp.by,
            data={"stage": stage.value, "overall": overall.value},
        )
    ]
    if response.lesson:
        # R-LRN-1: the event log is the service's lessons log (store.queries.lessons_log).
        effects.append(
            Event(
                kind="lesson_recorded",
                summary=f"Lesson learned: {response.lesson}",
                actor=inp.by,
                data={
                    "lesson": response.lesson,
                    "stage": stage.value,
                    "service_area": state.intake.service_area.value,
                    "organisation": state.intake.organisation,
                    "categories": state.intake.categories,
                },
            )
        )
    met = meet_deadline(state, response_key(stage), ctx.today)
    if met:
        effects.append(met)
    effects.extend(_track_remedies(state, response, ctx))
    state.status = Status.CLOSED
    state.closed_on = ctx.today
    state.final = stage == last_stage(state)
    state.survey_due = deadlines.survey_due(ctx.today, state.profile)
    state.survey_sent_on = None
    state.retain_until = add_months(ctx.today, 12)
    ombudsman = ombudsman_for(state)
    route: dict[str, object] = {"final": state.final}
    if stage == Stage.STAGE_1:
        closes = deadlines.escalation_window_closes(ctx.today, state.profile)
        route |= {
            "next": "stage_2",
            "escalate_by": closes.isoformat(),
            "reasons_required": state.profile.escalation_requires_reasons,
        }
    elif not state.final and stage_three_available(state):
        route |= {"next": "stage_3"}
    else:
        route |= {
            "next": "ombudsman",
            "ombudsman": OMBUDSMAN_WORDS[ombudsman],
            "ombudsman_contact": OMBUDSMAN_CONTACT[ombudsman],
        }
    effects.append(
        Letter(
            letter=f"{stage.value}_response",
            summary=f"Send {words} response",
            fields={
                "stage": words,
                "definition": response.definition,
                "decisions": [d.model_dump(mode="json") for d in response.decisions],
                "issues": {str(i.id): i.summary for i in stage_issues(state)},
                "overall": overall.value,
                "reasons": response.reasons,
                "remedies": [r.model_dump(mode="json") for r in response.remedies],
                "actions": [a.model_dump(mode="json") for a in response.actions],
                "route": route,
            },
        )
    )
    if state.final:
        effects.append(
            Letter(
                letter="final",
                summary="Send final letter with the ombudsman's details",
                fields={
                    "ombudsman": OMBUDSMAN_WORDS[ombudsman],
                    "ombudsman_contact": OMBUDSMAN_CONTACT[ombudsman],
                },
            )
        )
    return effects


def _track_remedies(state: ComplaintState, response, ctx: Ctx) -> list[Effect]:
    """R-REM-3: every remedy still to deliver and every action gets its own tracker."""
    effects: list[Effect] = []
    items = [(f"remedy: {r.description}", r.due, "remedy") for r in response.remedies if r.due]
    items += [(a.what, a.due, "action") for a in response.actions]
    for what, due, kind in items:
        item_id = f"{len(state.tracked) + 1}"
        state.tracked[item_id] = TrackedItem(
            id=item_id,
            kind=kind,
            what=what,
            due=due,
            workflow_id=f"{state.reference}/action-{item_id}",
        )
        effects.append(Track(item_id=item_id))
    return effects
