"""Sections 4 and 6 of the rules: the response clock at each stage, extensions, the
resident's agreement beyond the limit, additional issues and the response itself."""

from letters.models import Final
from models.aftercare import TrackedItem
from models.complaint import ComplaintState
from models.effects import Effect, Event, SplitOff, Track
from models.enums import Decision, RemedyKind, Stage, Status
from models.messages import (
    AddIssueInput,
    SubmitResponseInput,
)
from models.stages import Issue
from rules import deadlines
from rules.calendar import add_months
from rules.decisions import overall_decision
from rules.handling.common import (
    STAGE_WORDS,
    Ctx,
    Refused,
    last_stage,
    meet_deadline,
    ombudsman_fields,
    require_status,
    require_text,
    response_key,
    stage_record,
    stage_three_available,
)
from rules.letters import RESPONSE_LETTERS, compose
from rules.staff_names import first_named, staff_on


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
    if state.final:
        raise Refused(
            "The final response has been sent, so no issue can be added: a new complaint "
            "can be logged instead."
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


def stage_issues(state: ComplaintState) -> list[Issue]:
    return [i for i in state.issues if i.stage == state.stage]


def check_submit_response(state: ComplaintState, inp: SubmitResponseInput, ctx: Ctx) -> None:
    """R-S1-6 / R-S2-3: the product refuses a response without its parts."""
    allowed = (Status.PANEL_HELD,) if state.stage == Stage.STAGE_3 else (Status.OPEN,)
    require_status(state, allowed, f"send the {STAGE_WORDS[state.stage]} response")
    response = inp.response
    require_text(response.definition, "the complaint definition")
    require_text(response.reasons, "the reasons, citing policy, law or good practice", 10)
    if state.hazards and not (response.hazards_addressed or "").strip():  # R-HAZ-7
        raise Refused(
            f"Say what was done about the hazard{'s' if len(state.hazards) > 1 else ''} "
            f"reported with this complaint ({', '.join(state.hazards)}) (R-HAZ-7)."
        )
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
            f"'{derived.value.replace('_', ' ')}', "
            f"not '{response.overall.value.replace('_', ' ')}'."
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
    if not response.complaint_is_about_staff:
        texts = [
            response.definition,
            response.reasons,
            *(d.reasons for d in response.decisions),
            *(r.description for r in response.remedies),
            *(a.what for a in response.actions),
        ]
        named = first_named(staff_on(state), texts)
        if named is not None:
            raise Refused(
                f"The response names {named}: resident letters must not name individual "
                "staff unless the complaint is about them (R-S1-7). Describe their role "
                "instead (for example, 'the repairs officer')."
            )


def submit_response(state: ComplaintState, inp: SubmitResponseInput, ctx: Ctx) -> list[Effect]:
    """Send the response when the answer is known, not when the actions finish (R-S1-6).
    The last stage's response is the final letter itself: the resident gets one."""
    return _respond(state, inp, ctx, final_letter_apart=False)


def submit_response_with_final_letter_apart(
    state: ComplaintState, inp: SubmitResponseInput, ctx: Ctx
) -> list[Effect]:
    """As complaints that started before the response became the final letter did: the
    last stage's response and then a final letter (their histories deliver both)."""
    return _respond(state, inp, ctx, final_letter_apart=True)


def _still_open(state: ComplaintState) -> list[dict[str, str]]:
    """Remedies and actions promised at an earlier stage and not yet done."""
    return [
        {"what": item.what.removeprefix("remedy: "), "due": item.due.isoformat()}
        for item in state.tracked.values()
        if item.kind in ("remedy", "action") and item.completed_on is None
    ]


def _earlier_compensation(state: ComplaintState, stage: Stage) -> float:
    """What the earlier stages' responses awarded, in pounds (R-REM-2)."""
    total = 0.0
    for record in state.stages.values():
        if record.stage < stage and record.response is not None:
            total += sum(r.compensation.total for r in record.response.remedies if r.compensation)
    return total


def _respond(
    state: ComplaintState, inp: SubmitResponseInput, ctx: Ctx, *, final_letter_apart: bool
) -> list[Effect]:
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
    earlier_actions = _still_open(state)
    earlier_compensation = _earlier_compensation(state, stage)
    effects.extend(_track_remedies(state, response, ctx))
    state.status = Status.CLOSED
    state.closed_on = ctx.today
    state.final = stage == last_stage(state)
    state.survey_due = deadlines.survey_due(ctx.today, state.profile)
    state.survey_sent_on = None
    state.retain_until = add_months(ctx.today, 12)
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
            **ombudsman_fields(state),
        }
    # R-HAZ-7: said only when hazards were reported, so other responses keep their fields.
    hazards = {"hazards_addressed": response.hazards_addressed} if state.hazards else {}
    effects.append(
        compose(
            RESPONSE_LETTERS[stage],
            state,
            ctx,
            f"Send {words} response",
            stage=words,
            definition=response.definition,
            decisions=[d.model_dump(mode="json") for d in response.decisions],
            issues={str(i.id): i.summary for i in stage_issues(state)},
            overall=overall.value,
            reasons=response.reasons,
            remedies=[r.model_dump(mode="json") for r in response.remedies],
            actions=[a.model_dump(mode="json") for a in response.actions],
            earlier_actions=earlier_actions,
            earlier_compensation=earlier_compensation,
            route=route,
            **hazards,
        )
    )
    if state.final and final_letter_apart:
        effects.append(
            compose(
                Final,
                state,
                ctx,
                "Send final letter with the ombudsman's details",
                **ombudsman_fields(state),
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
