"""Escalation, Stage 2, Stage 3 and after the process, as pure rules (R-ESC-1 to R-ESC-3,
R-S2-1 to R-S2-3, R-S3-1, R-EXT-1, R-EXT-2, R-SAT-1): a complaint state built by hand,
fixed dates, no Temporal and no database.

The dates: first contact and acknowledgement Mon 2 Mar 2026, Stage 1 response Mon 9 Mar,
escalation asked Tue 10 Mar and accepted Thu 12 Mar. Stage 2 then runs over Easter 2026
(Good Friday 3 Apr, Easter Monday 6 Apr) and the early May bank holiday (4 May)."""

from datetime import date, timedelta
from typing import Any

import pytest

from models.complaint import ComplaintState, LogComplaintInput
from models.effects import Event, Letter, SplitOff, Track
from models.enums import (
    Decision,
    Determination,
    EscalationRefusal,
    Exclusion,
    Ombudsman,
    Relationship,
    ServiceArea,
    Stage,
    Status,
    Tenure,
)
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AnswerEnquiryInput,
    ArrangePanelInput,
    AssignHandlerInput,
    AssignReviewerInput,
    DecideEscalationInput,
    ExtendInput,
    RecordDeterminationInput,
    RecordEnquiryInput,
    RecordOmbudsmanCaseInput,
    RecordPanelMeetingInput,
    RequestEscalationInput,
    RequestStageThreeInput,
    SubmitResponseInput,
)
from models.parties import Complainant, StaffMember
from models.stages import IssueDecision, OutstandingAction, StageResponse
from rules.calendar import WorkingCalendar, office_hours_on
from rules.handling import (
    acceptance,
    acknowledgement,
    aftercare,
    escalation,
    extensions,
    intake,
    responses,
    stage_three,
    timekeeping,
)
from rules.handling.common import Ctx, Refused, stage_three_available
from rules.holidays_source import build_snapshot
from rules.letters import COMPLAINT_PARTS
from rules.organisations import load_organisation
from rules.policy import load_profile

SNAPSHOT = build_snapshot(date(2025, 11, 1), date(2028, 12, 31))
CAL = WorkingCalendar(SNAPSHOT)
HANDLER = StaffMember(id="h.khan", name="Hana Khan", manager_id="m.osei")
OTHER_HANDLER = StaffMember(id="j.doe", name="Jo Doe", manager_id="m.osei")
REVIEWER = StaffMember(id="r.patel", name="Ravi Patel", email="ravi@example.org")
BOARD_MEMBER = StaffMember(id="b.jones", name="Bea Jones")
EXECUTIVE = StaffMember(id="e.clark", name="Ed Clark")
HEAD_OF_SERVICE = StaffMember(id="s.ahmed", name="Sara Ahmed")

FIRST_CONTACT = date(2026, 3, 2)  # Mon: logged, accepted and acknowledged the same day
RESPONDED = date(2026, 3, 9)  # Mon: the Stage 1 response
WINDOW_CLOSES = date(2026, 9, 9)  # six calendar months after the Stage 1 response
REQUESTED = date(2026, 3, 10)  # Tue: the resident asks to escalate
DECISION_DUE = date(2026, 3, 17)  # 5 working days after Tue 10 Mar
ACCEPTED = date(2026, 3, 12)  # Thu: escalation accepted, Stage 2 acknowledged
STAGE_2_DUE = date(2026, 4, 13)  # 20 working days after Thu 12 Mar, over Easter
REASONS = "The boiler is still broken."
UNDERSTANDING = "The boiler is still not repaired."


def at(day: date, hour: int = 10) -> Ctx:
    return Ctx(now=office_hours_on(day, hour), cal=CAL)


def response(issue_ids: list[int], decision: Decision = Decision.NOT_UPHELD) -> StageResponse:
    return StageResponse(
        definition="The boiler was not repaired in time",
        decisions=[
            IssueDecision(issue_id=i, decision=decision, reasons="Checked the repair log")
            for i in issue_ids
        ],
        reasons="Our repairs policy sets a 3 day target for loss of heating.",
        lesson=None if decision == Decision.NOT_UPHELD else "Order parts on the first visit",
    )


def stage_ids(state: ComplaintState) -> list[int]:
    return [i.id for i in state.issues if i.stage == state.stage]


def logged(
    profile: str = "seed",
    service_area: ServiceArea = ServiceArea.LANDLORD_SERVICES,
    tenure: Tenure = Tenure.TENANT,
) -> ComplaintState:
    """Logged on Mon 2 Mar 2026, awaiting the decision to accept it."""
    log_input = LogComplaintInput(
        reference="CMP-2026-000001",
        first_contact_on=FIRST_CONTACT,
        complainant=Complainant(
            name="Alex Morgan",
            email="alex@example.org",
            tenure=tenure,
            relationship=(
                Relationship.POTENTIAL_RESIDENT
                if tenure == Tenure.NONE
                else Relationship.CURRENT_RESIDENT
            ),
        ),
        description="The boiler has not worked for three weeks.",
        service_area=service_area,
        policy_profile=profile,
    )
    state = ComplaintState(
        reference=log_input.reference,
        intake=log_input,
        profile=load_profile(profile),
        calendar=SNAPSHOT,
        logged_at=office_hours_on(FIRST_CONTACT, 10),
        organisation=load_organisation(log_input.organisation, log_input.service_area),
    )
    intake.log(state, at(FIRST_CONTACT))
    return state


def opened(**kwargs: Any) -> ComplaintState:
    """Logged, accepted and acknowledged at Stage 1 on Mon 2 Mar 2026."""
    state = logged(**kwargs)
    ctx = at(FIRST_CONTACT)
    intake.assign_handler(state, AssignHandlerInput(handler=HANDLER), ctx)
    acceptance.accept(state, AcceptInput(), ctx)
    acknowledgement.acknowledge(
        state,
        AcknowledgeInput(definition="Boiler broken", outcomes_sought="Fix it", issues=["Heat"]),
        ctx,
    )
    return state


def responded(**kwargs: Any) -> ComplaintState:
    state = opened(**kwargs)
    responses.submit_response(state, SubmitResponseInput(response=response([1])), at(RESPONDED))
    return state


def requested(reasons: str = REASONS, on: date = REQUESTED, **kwargs: Any) -> ComplaintState:
    state = responded(**kwargs)
    escalation.request_escalation(state, RequestEscalationInput(reasons=reasons), at(on))
    return state


def accept_input(**changes: Any) -> DecideEscalationInput:
    fields: dict[str, Any] = {
        "accept": True,
        "understanding": UNDERSTANDING,
        "outcomes_sought": "A repair date",
    }
    fields.update(changes)
    return DecideEscalationInput(**fields)


def refuse_input(refusal: str, **changes: Any) -> DecideEscalationInput:
    fields: dict[str, Any] = {
        "accept": False,
        "refusal": refusal,
        "explanation": "We explained this decision on the telephone.",
    }
    fields.update(changes)
    return DecideEscalationInput(**fields)


def at_stage_two(**kwargs: Any) -> tuple[ComplaintState, list]:
    state = requested(**kwargs)
    escalation.assign_reviewer(state, AssignReviewerInput(reviewer=REVIEWER), at(ACCEPTED))
    effects = escalation.decide_escalation(state, accept_input(), at(ACCEPTED))
    return state, effects


def responded_at_stage_two(**kwargs: Any) -> tuple[ComplaintState, list]:
    state, _ = at_stage_two(**kwargs)
    effects = responses.submit_response(
        state, SubmitResponseInput(response=response(stage_ids(state))), at(STAGE_2_DUE)
    )
    return state, effects


def letters(effects: list, name: str) -> list[Letter]:
    return [e for e in effects if isinstance(e, Letter) and e.letter == name]


def refused(check, state: ComplaintState, inp: Any, ctx: Ctx, *words: str) -> str:
    """The check refuses with a sentence naming `words`, and leaves the state as it was."""
    before = state.model_dump()
    with pytest.raises(Refused) as caught:
        check(state, inp, ctx)
    message = str(caught.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    assert state.model_dump() == before
    return message


# -- R-ESC-1 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "words"),
    [
        pytest.param(
            logged,
            ("only be escalated after its Stage 1 response has been sent.",),
            id="received, not yet accepted",
        ),
        pytest.param(
            opened,
            ("only be escalated after its Stage 1 response", "(due Mon 16 Mar 2026)"),
            id="open, with its response due",
        ),
        pytest.param(
            lambda: at_stage_two()[0],
            ("cannot be escalated to Stage 2", "open at Stage 2"),
            id="already at Stage 2",
        ),
    ],
)
def test_r_esc_1_escalation_refused_unless_the_stage_1_response_was_sent(build, words) -> None:
    refused(
        escalation.check_request_escalation,
        build(),
        RequestEscalationInput(reasons=REASONS),
        at(REQUESTED),
        *words,
    )


def test_r_esc_1_request_after_the_response_is_recorded_with_a_decision_due() -> None:
    state = responded()
    assert state.survey_due is not None
    effects = escalation.request_escalation(
        state, RequestEscalationInput(reasons=REASONS), at(REQUESTED)
    )
    assert state.status == Status.ESCALATION_REQUESTED
    assert state.survey_due is None
    assert [(r.stage, r.requested_on, r.reasons) for r in state.escalations] == [
        (Stage.STAGE_2, REQUESTED, REASONS)
    ]
    assert [e.kind for e in effects if isinstance(e, Event)] == [
        "escalation_requested",
        "deadline_set",
    ]


# -- R-ESC-2 ---------------------------------------------------------------------------------


def test_r_esc_2_decision_due_five_working_days_after_the_request() -> None:
    deadline = requested().deadlines["escalation_decision_1"]
    assert (deadline.basis, deadline.target, deadline.limit) == (
        REQUESTED,
        DECISION_DUE,
        DECISION_DUE,
    )


@pytest.mark.parametrize(
    ("requested_on", "late"),
    [
        pytest.param(WINDOW_CLOSES, False, id="on the day the window closes: in time"),
        pytest.param(WINDOW_CLOSES + timedelta(days=1), True, id="the day after: late"),
    ],
)
def test_r_esc_2_window_passed_is_a_reason_only_after_six_months(
    requested_on: date, late: bool
) -> None:
    state = requested(on=requested_on)
    inp = refuse_input(EscalationRefusal.WINDOW_PASSED.value)
    if late:
        escalation.check_decide_escalation(state, inp, at(requested_on))
    else:
        refused(
            escalation.check_decide_escalation,
            state,
            inp,
            at(requested_on),
            "within the escalation window",
        )


def test_r_esc_2_late_request_accepted_only_for_an_exceptional_reason() -> None:
    late = WINDOW_CLOSES + timedelta(days=1)
    state = requested(on=late)
    escalation.assign_reviewer(state, AssignReviewerInput(reviewer=REVIEWER), at(late))
    refused(
        escalation.check_decide_escalation,
        state,
        accept_input(exceptional_reason="  "),
        at(late),
        "exceptional reason",
    )
    effects = escalation.decide_escalation(
        state, accept_input(exceptional_reason="In hospital for months"), at(late)
    )
    assert state.stage == Stage.STAGE_2
    assert state.escalations[-1].explanation == "In hospital for months"
    assert "exceptionally: In hospital for months" in effects[0].summary


REFUSALS = [
    pytest.param("seed", "", EscalationRefusal.NO_REASONS_GIVEN, None, None, id="seed: no reasons"),
    pytest.param(
        "hos-2024",
        "",
        EscalationRefusal.NO_REASONS_GIVEN,
        None,
        "does not require reasons",
        id="hos-2024: reasons are not required",
    ),
    pytest.param(
        "seed",
        REASONS,
        EscalationRefusal.NO_REASONS_GIVEN,
        None,
        "The resident gave reasons",
        id="seed: reasons were given",
    ),
    pytest.param(
        "seed", REASONS, EscalationRefusal.REFUSED_TO_ENGAGE, None, None, id="refused to engage"
    ),
    pytest.param(
        "seed", REASONS, EscalationRefusal.ONLY_NEW_ISSUES, None, None, id="only new issues"
    ),
    pytest.param(
        "seed",
        REASONS,
        EscalationRefusal.EXCLUSION,
        Exclusion.INSURANCE_CLAIM.value,
        None,
        id="an exclusion",
    ),
    pytest.param(
        "seed",
        REASONS,
        EscalationRefusal.EXCLUSION,
        "no_such_exclusion",
        "Name the exclusion that applies",
        id="an unknown exclusion",
    ),
    pytest.param(
        "seed",
        REASONS,
        EscalationRefusal.NO_STAGE_1_RESPONSE,
        None,
        "has had its Stage 1 response",
        id="no Stage 1 response, when there was one",
    ),
    pytest.param(
        "seed",
        REASONS,
        EscalationRefusal.WINDOW_PASSED,
        None,
        "within the escalation window",
        id="window passed, within it",
    ),
]


@pytest.mark.parametrize(("profile", "reasons", "refusal", "exclusion", "words"), REFUSALS)
def test_r_esc_2_refused_only_for_a_listed_reason_that_applies(
    profile: str,
    reasons: str,
    refusal: EscalationRefusal,
    exclusion: str | None,
    words: str | None,
) -> None:
    state = requested(reasons=reasons, profile=profile)
    inp = refuse_input(refusal.value, exclusion=exclusion)
    if words:
        refused(escalation.check_decide_escalation, state, inp, at(ACCEPTED), words)
        return
    effects = escalation.decide_escalation(state, inp, at(ACCEPTED))
    assert (state.status, state.stage) == (Status.CLOSED, Stage.STAGE_1)
    assert state.escalations[-1].refusal == refusal
    assert state.deadlines["escalation_decision_1"].met_on == ACCEPTED
    assert state.survey_due == date(2026, 4, 12)  # a calendar month after the decision
    (letter,) = letters(effects, "escalation_refused")
    assert letter.fields["reason"] == escalation.REFUSAL_WORDS[refusal] + (
        ": it is an insurance claim" if exclusion else ""
    )
    assert letter.fields["ombudsman"] == "the Housing Ombudsman Service"
    assert letter.fields["ombudsman_contact"]["phone"] == "0300 111 3000"
    splits = [e for e in effects if isinstance(e, SplitOff)]
    if refusal == EscalationRefusal.ONLY_NEW_ISSUES:
        assert [s.summary for s in splits] == [reasons]
    else:
        assert splits == []


def test_r_esc_2_unknown_refusal_reason_refused_listing_the_valid_ones() -> None:
    message = refused(
        escalation.check_decide_escalation,
        requested(),
        refuse_input("busy"),
        at(ACCEPTED),
        "'busy' is not a reason an escalation may be refused",
    )
    assert all(reason.value in message for reason in EscalationRefusal)


def test_r_esc_2_refusal_needs_an_explanation_for_the_resident() -> None:
    refused(
        escalation.check_decide_escalation,
        requested(),
        refuse_input(EscalationRefusal.REFUSED_TO_ENGAGE.value, explanation="no"),
        at(ACCEPTED),
        "the explanation for the resident",
    )


# -- R-ESC-3 and R-S2-1 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reviewer", "inp", "words"),
    [
        pytest.param(None, accept_input(), "Assign a Stage 2 reviewer", id="no reviewer"),
        pytest.param(
            REVIEWER, accept_input(understanding=""), "our understanding", id="no understanding"
        ),
        pytest.param(
            REVIEWER, accept_input(outcomes_sought=None), "the outcomes", id="no outcomes sought"
        ),
    ],
)
def test_r_esc_3_acceptance_needs_a_reviewer_and_the_agreed_understanding(
    reviewer: StaffMember | None, inp: DecideEscalationInput, words: str
) -> None:
    state = requested()
    state.reviewer = reviewer
    refused(escalation.check_decide_escalation, state, inp, at(ACCEPTED), words)


@pytest.mark.parametrize(
    ("profile", "ceiling"),
    [
        pytest.param("seed", date(2026, 4, 27), id="seed: 10 further working days"),
        pytest.param("hos-2024", date(2026, 5, 12), id="hos-2024: 20, past the May bank holiday"),
    ],
)
def test_r_esc_3_acceptance_acknowledges_stage_2_with_its_due_date(
    profile: str, ceiling: date
) -> None:
    state, effects = at_stage_two(profile=profile)
    assert (state.stage, state.status) == (Stage.STAGE_2, Status.OPEN)
    deadline = state.deadlines["stage_2_response"]
    assert (deadline.basis, deadline.target, deadline.limit) == (ACCEPTED, STAGE_2_DUE, STAGE_2_DUE)
    assert (deadline.ceiling, deadline.staff_id) == (ceiling, REVIEWER.id)
    record = state.stages[Stage.STAGE_2]
    assert (record.acknowledged_on, record.definition, record.owner) == (
        ACCEPTED,
        UNDERSTANDING,
        REVIEWER,
    )
    assert [i.summary for i in state.issues if i.stage == Stage.STAGE_2] == ["Heat"]
    (letter,) = letters(effects, "stage_2_acknowledgement")
    assert {k: v for k, v in letter.fields.items() if k not in COMPLAINT_PARTS} == {
        "understanding": UNDERSTANDING,
        "outcomes_sought": "A repair date",
        "contact": {"name": REVIEWER.name, "email": REVIEWER.email, "phone": None},
        "response_due": STAGE_2_DUE.isoformat(),
    }


def test_r_s2_1_anyone_who_handled_stage_1_is_refused_as_reviewer() -> None:
    state = opened()
    intake.assign_handler(state, AssignHandlerInput(handler=OTHER_HANDLER), at(FIRST_CONTACT))
    responses.submit_response(state, SubmitResponseInput(response=response([1])), at(RESPONDED))
    escalation.request_escalation(state, RequestEscalationInput(reasons=REASONS), at(REQUESTED))
    assert state.stage_1_staff == [HANDLER.id, OTHER_HANDLER.id]
    for former in (HANDLER, OTHER_HANDLER):
        refused(
            escalation.check_assign_reviewer,
            state,
            AssignReviewerInput(reviewer=former),
            at(REQUESTED),
            f"{former.name} handled this complaint at Stage 1",
        )
    escalation.assign_reviewer(state, AssignReviewerInput(reviewer=REVIEWER), at(REQUESTED))
    assert state.deadlines["escalation_decision_1"].staff_id == REVIEWER.id


# -- R-S2-2 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "ceiling", "further"),
    [("seed", date(2026, 4, 27), 10), ("hos-2024", date(2026, 5, 12), 20)],
)
def test_r_s2_2_extension_up_to_the_profiles_days_without_agreement(
    profile: str, ceiling: date, further: int
) -> None:
    state, _ = at_stage_two(profile=profile)
    beyond = CAL.next_working_day(ceiling)
    refused(
        extensions.check_extend,
        state,
        ExtendInput(new_due=beyond, reason="Waiting for the surveyor's report"),
        at(ACCEPTED),
        f"beyond the {further} further working days",
        "Ask the resident to agree a later date first",
    )
    effects = extensions.extend(
        state, ExtendInput(new_due=ceiling, reason="Waiting for the surveyor"), at(ACCEPTED)
    )
    assert state.deadlines["stage_2_response"].due == ceiling
    (letter,) = letters(effects, "extension")
    assert (letter.fields["stage"], letter.fields["new_due"]) == ("Stage 2", ceiling.isoformat())


# -- R-S2-3 and R-EXT-1 ----------------------------------------------------------------------


ROUTES = [
    pytest.param(
        ServiceArea.LANDLORD_SERVICES,
        Tenure.TENANT,
        "the Housing Ombudsman Service",
        id="landlord services: final, Housing Ombudsman",
    ),
    pytest.param(
        ServiceArea.ADULT_SOCIAL_CARE,
        Tenure.TENANT,
        "the Local Government and Social Care Ombudsman",
        id="adult social care: final, LGSCO",
    ),
    pytest.param(
        ServiceArea.HOMELESSNESS_ALLOCATIONS,
        Tenure.TENANT,
        "the Local Government and Social Care Ombudsman",
        id="homelessness, a tenant: final, LGSCO",
    ),
    pytest.param(
        ServiceArea.HOMELESSNESS_ALLOCATIONS,
        Tenure.NONE,
        None,
        id="homelessness, not a tenant: on to Stage 3",
    ),
]


@pytest.mark.parametrize(("service_area", "tenure", "ombudsman"), ROUTES)
def test_r_s2_3_stage_2_response_ends_with_the_route_onwards(
    service_area: ServiceArea, tenure: Tenure, ombudsman: str | None
) -> None:
    state, effects = responded_at_stage_two(service_area=service_area, tenure=tenure)
    (sent,) = letters(effects, "stage_2_response")
    assert state.final is (ombudsman is not None)
    assert sent.fields["route"]["final"] is state.final
    # The response is the only letter: no final letter apart from it (issue 15).
    assert letters(effects, "final") == []
    if ombudsman is None:
        assert sent.fields["route"]["next"] == "stage_3"
        return
    assert (sent.fields["route"]["next"], sent.fields["route"]["ombudsman"]) == (
        "ombudsman",
        ombudsman,
    )
    contact = sent.fields["route"]["ombudsman_contact"]
    assert {"name", "address", "phone", "website"} <= set(contact)


def test_r_ext_1_complaints_from_before_get_the_final_letter_apart_as_they_did() -> None:
    """Histories from before the response became the final letter replay with both."""
    state, _ = at_stage_two()
    inp = SubmitResponseInput(response=response(stage_ids(state)))
    effects = responses.submit_response_with_final_letter_apart(state, inp, at(STAGE_2_DUE))
    (final,) = letters(effects, "final")
    assert final.fields["ombudsman"] == "the Housing Ombudsman Service"
    assert [e.letter for e in effects if isinstance(e, Letter)] == ["stage_2_response", "final"]


def test_r_s2_3_stage_2_response_refused_without_a_decision_on_every_issue() -> None:
    state, _ = at_stage_two()
    refused(
        responses.check_submit_response,
        state,
        SubmitResponseInput(response=response([])),
        at(ACCEPTED),
        "Give a decision on every issue",
    )


# -- R-S3-1 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service_area", "tenure", "available"),
    [
        (ServiceArea.HOMELESSNESS_ALLOCATIONS, Tenure.NONE, True),
        (ServiceArea.HOMELESSNESS_ALLOCATIONS, Tenure.TENANT, False),
        (ServiceArea.HOMELESSNESS_ALLOCATIONS, Tenure.LEASEHOLDER, False),
        (ServiceArea.LANDLORD_SERVICES, Tenure.NONE, False),
        (ServiceArea.ADULT_SOCIAL_CARE, Tenure.NONE, False),
    ],
)
def test_r_s3_1_stage_3_only_for_homelessness_and_allocations_non_tenants(
    service_area: ServiceArea, tenure: Tenure, available: bool
) -> None:
    state, _ = responded_at_stage_two(service_area=service_area, tenure=tenure)
    assert stage_three_available(state) is available
    if available:
        stage_three.check_request_stage_three(
            state, RequestStageThreeInput(), at(date(2026, 4, 14))
        )
    else:
        refused(
            stage_three.check_request_stage_three,
            state,
            RequestStageThreeInput(),
            at(date(2026, 4, 14)),
            "Stage 3 is only for homelessness and allocations",
        )


STAGE_3_REQUESTED = date(2026, 4, 14)
PANEL_DUE = date(2026, 5, 13)  # 20 working days after Tue 14 Apr, past the May bank holiday
MEETING = date(2026, 4, 30)


def panel_requested() -> ComplaintState:
    state, _ = responded_at_stage_two(
        service_area=ServiceArea.HOMELESSNESS_ALLOCATIONS, tenure=Tenure.NONE
    )
    stage_three.request_stage_three(state, RequestStageThreeInput(), at(STAGE_3_REQUESTED))
    return state


def panel_input(meeting_on: date = MEETING, **changes: StaffMember) -> ArrangePanelInput:
    members = {
        "board_member": BOARD_MEMBER,
        "executive": EXECUTIVE,
        "head_of_service": HEAD_OF_SERVICE,
    }
    members.update(changes)
    return ArrangePanelInput(meeting_on=meeting_on, **members)


def test_r_s3_1_panel_due_twenty_working_days_after_the_request() -> None:
    state = panel_requested()
    assert (state.stage, state.status) == (Stage.STAGE_3, Status.PANEL_REQUESTED)
    deadline = state.deadlines["stage_3_panel"]
    assert (deadline.basis, deadline.target, deadline.limit) == (
        STAGE_3_REQUESTED,
        PANEL_DUE,
        PANEL_DUE,
    )


def test_r_s3_1_stage_3_refused_before_the_stage_2_response() -> None:
    state, _ = at_stage_two(service_area=ServiceArea.HOMELESSNESS_ALLOCATIONS, tenure=Tenure.NONE)
    refused(
        stage_three.check_request_stage_three,
        state,
        RequestStageThreeInput(),
        at(ACCEPTED),
        "after the Stage 2 response",
    )


@pytest.mark.parametrize(
    ("inp", "words"),
    [
        pytest.param(
            panel_input(head_of_service=EXECUTIVE), "three different people", id="a duplicate"
        ),
        pytest.param(
            panel_input(board_member=HANDLER), "Hana Khan was involved", id="the Stage 1 handler"
        ),
        pytest.param(
            panel_input(executive=REVIEWER), "Ravi Patel was involved", id="the Stage 2 reviewer"
        ),
        pytest.param(
            panel_input(meeting_on=date(2026, 5, 14)),
            "must meet by Wed 13 May 2026",
            id="after the panel due date",
        ),
        pytest.param(
            panel_input(meeting_on=date(2026, 5, 4)),
            "is not a future working day",
            id="on a bank holiday",
        ),
        pytest.param(
            panel_input(meeting_on=date(2026, 4, 13)),
            "is not a future working day",
            id="in the past",
        ),
    ],
)
def test_r_s3_1_panel_arrangement_refused(inp: ArrangePanelInput, words: str) -> None:
    refused(stage_three.check_arrange_panel, panel_requested(), inp, at(STAGE_3_REQUESTED), words)


def test_r_s3_1_response_after_the_meeting_is_final_and_names_the_lgsco() -> None:
    state = panel_requested()
    stage_three.arrange_panel(state, panel_input(), at(STAGE_3_REQUESTED))
    stage_three.record_panel_meeting(state, RecordPanelMeetingInput(held_on=MEETING), at(MEETING))
    assert state.status == Status.PANEL_HELD
    assert state.deadlines["stage_3_panel"].met_on == MEETING
    deadline = state.deadlines["stage_3_response"]
    # 10 working days target; 20 at the most, past the spring bank holiday (25 May).
    assert (deadline.target, deadline.limit) == (date(2026, 5, 15), date(2026, 6, 1))

    effects = responses.submit_response(
        state, SubmitResponseInput(response=response(stage_ids(state))), at(date(2026, 5, 14))
    )
    assert (state.status, state.final) == (Status.CLOSED, True)
    assert letters(effects, "final") == []
    (final,) = letters(effects, "stage_3_response")
    assert final.fields["route"]["ombudsman"] == "the Local Government and Social Care Ombudsman"
    assert final.fields["route"]["ombudsman_contact"]["website"] == "www.lgo.org.uk"


# -- R-EXT-2 ---------------------------------------------------------------------------------


CASE_DAY = date(2026, 5, 11)


def with_case() -> ComplaintState:
    state, _ = responded_at_stage_two()
    aftercare.record_ombudsman_case(
        state,
        RecordOmbudsmanCaseInput(
            ombudsman=Ombudsman.HOUSING.value, case_reference="HOS-1", referred_on=CASE_DAY
        ),
        at(CASE_DAY),
    )
    return state


def test_r_ext_2_ombudsman_case_refused_for_an_unknown_ombudsman() -> None:
    state, _ = responded_at_stage_two()
    message = refused(
        aftercare.check_record_ombudsman_case,
        state,
        RecordOmbudsmanCaseInput(ombudsman="a judge", case_reference="X", referred_on=CASE_DAY),
        at(CASE_DAY),
        "Choose the ombudsman",
    )
    assert all(o.value in message for o in Ombudsman)


def test_r_ext_2_enquiry_is_a_deadline_met_when_answered() -> None:
    state = with_case()
    due = date(2026, 5, 22)
    aftercare.record_enquiry(state, RecordEnquiryInput(case_id=1, due=due), at(CASE_DAY))
    deadline = state.deadlines["ombudsman_1_enquiry_1"]
    assert (deadline.target, deadline.limit, deadline.staff_id) == (due, due, REVIEWER.id)
    # The handler is reminded two working days before, in office hours.
    reminders = [
        d for d in timekeeping.duties(state, at(CASE_DAY)) if d.summary.startswith("Remind")
    ]
    assert [d.at for d in reminders] == [office_hours_on(date(2026, 5, 20), 9)]

    effects = aftercare.answer_enquiry(
        state, AnswerEnquiryInput(case_id=1, enquiry_id=1), at(date(2026, 5, 21))
    )
    assert state.deadlines["ombudsman_1_enquiry_1"].met_on == date(2026, 5, 21)
    assert [e.kind for e in effects] == ["deadline_met"]


@pytest.mark.parametrize("determination", list(Determination))
def test_r_ext_2_each_determination_is_recorded_with_its_orders_tracked(
    determination: Determination,
) -> None:
    state = with_case()
    orders = [
        OutstandingAction(what="Pay £200 compensation", due=date(2026, 6, 8)),
        OutstandingAction(what="Apologise in writing", due=date(2026, 5, 25)),
    ]
    effects = aftercare.record_determination(
        state,
        RecordDeterminationInput(case_id=1, determination=determination.value, orders=orders),
        at(CASE_DAY),
    )
    case = state.ombudsman_cases[0]
    assert (case.determination, case.determined_on, case.orders) == (
        determination,
        CASE_DAY,
        ["1", "2"],
    )
    assert [e.item_id for e in effects if isinstance(e, Track)] == ["1", "2"]
    assert [(state.tracked[i].kind, state.tracked[i].due) for i in case.orders] == [
        ("ombudsman_order", date(2026, 6, 8)),
        ("ombudsman_order", date(2026, 5, 25)),
    ]
    assert state.tracked["1"].workflow_id == "CMP-2026-000001/action-1"


def test_r_ext_2_unknown_determination_refused_listing_the_valid_ones() -> None:
    message = refused(
        aftercare.check_record_determination,
        with_case(),
        RecordDeterminationInput(case_id=1, determination="guilty"),
        at(CASE_DAY),
        "Choose the determination",
    )
    assert all(d.value in message for d in Determination)


# -- R-SAT-1 and the end of the complaint's life -------------------------------------------


def test_r_sat_1_survey_goes_out_a_calendar_month_after_closure_at_nine() -> None:
    state, _ = responded_at_stage_two()
    survey_on = date(2026, 5, 13)  # a calendar month after Mon 13 Apr
    assert state.survey_due == survey_on
    assert timekeeping.run_due(state, Ctx(office_hours_on(survey_on, 8), CAL)) == []
    assert state.survey_sent_on is None
    wake, why = timekeeping.next_wakeup(state, at(STAGE_2_DUE))
    assert (wake, why) == (office_hours_on(survey_on, 9), "Satisfaction survey due Wed 13 May 2026")

    effects = timekeeping.run_due(state, Ctx(office_hours_on(survey_on, 9), CAL))
    assert [(e.letter, e.summary) for e in letters(effects, "satisfaction_survey")] == [
        ("satisfaction_survey", "Send satisfaction survey")
    ]
    assert state.survey_sent_on == survey_on
    assert timekeeping.run_due(state, at(survey_on, 11)) == []


def test_finished_only_after_survey_retention_and_everything_closed() -> None:
    state, _ = responded_at_stage_two()
    retained = date(2027, 4, 13)
    assert state.retain_until == retained
    after = Ctx(office_hours_on(retained + timedelta(days=1), 9), CAL)
    assert not timekeeping.finished(state, after)  # the survey has not gone out
    timekeeping.run_due(state, at(date(2026, 5, 13)))
    assert not timekeeping.finished(state, at(retained - timedelta(days=1)))
    assert timekeeping.finished(state, after)

    aftercare.record_ombudsman_case(
        state,
        RecordOmbudsmanCaseInput(
            ombudsman=Ombudsman.HOUSING.value, case_reference="HOS-1", referred_on=CASE_DAY
        ),
        at(CASE_DAY),
    )
    assert not timekeeping.finished(state, after)  # awaiting the determination
    aftercare.record_determination(
        state,
        RecordDeterminationInput(
            case_id=1,
            determination=Determination.SERVICE_FAILURE.value,
            orders=[OutstandingAction(what="Apologise", due=date(2026, 6, 1))],
        ),
        at(CASE_DAY),
    )
    assert not timekeeping.finished(state, after)  # the order is not complete
    aftercare.item_completed(state, "1", date(2026, 5, 20))
    assert timekeeping.finished(state, after)
