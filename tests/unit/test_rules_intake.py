"""The pure rules of sections 0 to 3 (time, policy profiles, who and how, intake and
acceptance), applied to a complaint state built directly, on fixed dates."""

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from models.calendar import CalendarSnapshot
from models.complaint import ComplaintState, LogComplaintInput
from models.effects import Effect, Event, Letter, Notify
from models.enums import (
    EXCLUSION_WORDS,
    Decision,
    Exclusion,
    Kind,
    Ombudsman,
    RepresentativeKind,
    ServiceArea,
    Stage,
    Status,
    Tenure,
)
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignHandlerInput,
    DecideEscalationInput,
    DeclineInput,
    RecordConsentInput,
    ReopenInput,
    RequestClarificationInput,
    RequestEscalationInput,
    ResolveEarlyInput,
    SubmitResponseInput,
)
from models.parties import Complainant, Representative, StaffMember
from models.stages import IssueDecision, StageResponse
from rules.calendar import WorkingCalendar, add_months, london_midnight, office_hours_on
from rules.handling import (
    acceptance,
    acknowledgement,
    aftercare,
    escalation,
    intake,
    responses,
    timekeeping,
)
from rules.handling.common import (
    OMBUDSMAN_WORDS,
    Ctx,
    Refused,
    last_stage,
    ombudsman_for,
    stage_three_available,
)
from rules.holidays_source import Closures, build_snapshot
from rules.letters import COMPLAINT_PARTS
from rules.organisations import load_organisation
from rules.policy import load_profile

SNAPSHOT = build_snapshot(date(2025, 1, 1), date(2028, 12, 31))
CAL = WorkingCalendar(SNAPSHOT)
HANDLER = StaffMember(
    id="h.khan", name="Hana Khan", email="hana.khan@example.org", manager_id="m.osei"
)
REVIEWER = StaffMember(id="r.patel", name="Ravi Patel", email="ravi.patel@example.org")
MONDAY = date(2026, 3, 2)  # an ordinary week: no bank holiday until Good Friday 3 Apr 2026


def at(day: date, hour: int = 10, minute: int = 0) -> Ctx:
    return Ctx(now=office_hours_on(day, hour) + timedelta(minutes=minute), cal=CAL)


def complaint(
    first_contact: date = MONDAY,
    *,
    logged_on: date | None = None,
    profile: str = "seed",
    snapshot: CalendarSnapshot = SNAPSHOT,
    **fields,
) -> tuple[ComplaintState, list[Effect]]:
    """A complaint as the workflow builds it at logging (see ComplaintWorkflow.__init__)."""
    intake_input = LogComplaintInput(
        reference=fields.pop("reference", "CMP-2026-000001"),
        first_contact_on=first_contact,
        complainant=fields.pop(
            "complainant", Complainant(name="Alex Morgan", email="alex@example.org")
        ),
        description="The boiler has not worked for three weeks.",
        outcomes_sought="Repair the boiler",
        policy_profile=profile,
        **fields,
    )
    logged_on = logged_on or first_contact
    state = ComplaintState(
        reference=intake_input.reference,
        intake=intake_input,
        profile=load_profile(profile),
        calendar=snapshot,
        logged_at=office_hours_on(logged_on, 10),
        representative=intake_input.representative,
        organisation=load_organisation(intake_input.organisation, intake_input.service_area),
    )
    ctx = Ctx(now=office_hours_on(logged_on, 10), cal=WorkingCalendar(snapshot))
    return state, intake.log(state, ctx)


def accepted(day: date = MONDAY, **fields) -> ComplaintState:
    state, _ = complaint(day, **fields)
    intake.assign_handler(state, AssignHandlerInput(handler=HANDLER), at(day))
    acceptance.accept(state, AcceptInput(by="officer"), at(day))
    return state


def received() -> ComplaintState:
    return complaint()[0]


def accepted_without_handler() -> ComplaintState:
    state = received()
    acceptance.accept(state, AcceptInput(), at(MONDAY))
    return state


ACK = AcknowledgeInput(
    by="h.khan",
    definition="The boiler has been broken for three weeks",
    outcomes_sought="A working boiler",
    issues=["Boiler repair delay"],
)


def acknowledged(day: date = MONDAY, **fields) -> ComplaintState:
    state = accepted(day, **fields)
    acknowledgement.acknowledge(state, ACK, at(day))
    return state


def events(effects: list[Effect], kind: str) -> list[Event]:
    return [e for e in effects if isinstance(e, Event) and e.kind == kind]


def letters(effects: list[Effect]) -> list[Letter]:
    return [e for e in effects if isinstance(e, Letter)]


def own_parts(letter: Letter) -> dict[str, Any]:
    """The letter's parts without those every complaint letter carries."""
    return {k: v for k, v in letter.fields.items() if k not in COMPLAINT_PARTS}


def refuse(check, state: ComplaintState, inp, ctx: Ctx) -> str:
    """Run a check that must refuse; the state must be untouched. Returns the message."""
    before = state.model_dump()
    with pytest.raises(Refused) as refused:
        check(state, inp, ctx)
    assert state.model_dump() == before
    return str(refused.value)


# -- 0. Time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "log_due", "ack_target", "ack_limit"),
    [
        pytest.param(
            date(2026, 12, 18),
            date(2026, 12, 21),
            date(2026, 12, 22),
            date(2026, 12, 29),
            id="Fri 18 Dec 2026: Christmas and the substitute Boxing Day skipped",
        ),
        pytest.param(
            date(2026, 4, 2),
            date(2026, 4, 7),
            date(2026, 4, 8),
            date(2026, 4, 13),
            id="Thu 2 Apr 2026: Good Friday, the weekend and Easter Monday skipped",
        ),
        pytest.param(
            date(2026, 3, 6),
            date(2026, 3, 9),
            date(2026, 3, 10),
            date(2026, 3, 13),
            id="an ordinary Friday: the weekend skipped",
        ),
    ],
)
def test_r_time_1_deadlines_set_at_logging_count_only_working_days(
    received: date, log_due: date, ack_target: date, ack_limit: date
) -> None:
    state, _ = complaint(received)
    assert state.deadlines["log"].due == log_due
    assert state.deadlines["acknowledgement"].target == ack_target
    assert state.deadlines["acknowledgement"].limit == ack_limit


def test_r_time_1_configured_closure_days_are_skipped_too() -> None:
    closed = build_snapshot(
        date(2026, 1, 1),
        date(2028, 12, 31),
        closures=Closures(annual=["12-29", "12-30", "12-31"]),
    )
    state, _ = complaint(date(2026, 12, 18), snapshot=closed)
    # 21-24 Dec, then 25 and 28 Dec bank holidays, 29-31 Dec closed, 1 Jan 2027 a bank holiday.
    assert state.deadlines["acknowledgement"].limit == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("received", "log_due", "ack_target"),
    [
        pytest.param(date(2026, 3, 7), date(2026, 3, 9), date(2026, 3, 10), id="Saturday"),
        pytest.param(date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10), id="Sunday"),
        pytest.param(date(2026, 4, 3), date(2026, 4, 7), date(2026, 4, 8), id="Good Friday"),
        pytest.param(date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 6), id="a Wednesday"),
    ],
)
def test_r_time_2_the_day_received_never_counts_whatever_day_it_is(
    received: date, log_due: date, ack_target: date
) -> None:
    state, _ = complaint(received)
    assert state.deadlines["log"].due == log_due
    assert state.deadlines["acknowledgement"].target == ack_target
    assert state.deadlines["acknowledgement"].basis == received


@pytest.mark.parametrize(
    ("minute_offset", "kind"),
    [
        pytest.param(-1, "deadline_met", id="23:59 London on the due date is met"),
        pytest.param(0, "deadline_met_late", id="00:00 London the next day is late"),
    ],
)
def test_r_time_3_acknowledged_on_the_due_date_is_met_and_the_next_day_is_late(
    minute_offset: int, kind: str
) -> None:
    state = accepted()
    limit = state.deadlines["acknowledgement"].limit
    now = london_midnight(limit + timedelta(days=1)) + timedelta(minutes=minute_offset)
    effects = acknowledgement.acknowledge(state, ACK, Ctx(now=now, cal=CAL))
    assert [e.data["key"] for e in events(effects, kind)] == ["acknowledgement"]


def test_r_time_3_overdue_from_midnight_london_the_next_day_not_before() -> None:
    state = accepted()
    limit = state.deadlines["acknowledgement"].limit
    midnight = london_midnight(limit + timedelta(days=1))
    before = timekeeping.run_due(state, Ctx(now=midnight - timedelta(minutes=1), cal=CAL))
    assert not events(before, "limit_missed")
    assert not state.breached
    after = timekeeping.run_due(state, Ctx(now=midnight, cal=CAL))
    assert [e.data["key"] for e in events(after, "limit_missed")] == ["acknowledgement"]
    assert state.breached


def test_r_time_4_calendar_change_moves_open_deadlines_and_leaves_met_ones() -> None:
    state = acknowledged()  # acknowledged Mon 2 Mar 2026: response due Mon 16 Mar
    assert state.deadlines["stage_1_response"].due == date(2026, 3, 16)
    ack_before = state.deadlines["acknowledgement"].model_copy()
    announced = build_snapshot(
        date(2025, 1, 1), date(2028, 12, 31), closures=Closures(dates=[date(2026, 3, 4)])
    )
    effects = aftercare.recalculate(state, announced, at(date(2026, 3, 3)))
    assert state.deadlines["stage_1_response"].due == date(2026, 3, 17)
    assert state.deadlines["stage_1_response"].ceiling == CAL.add_working_days(
        date(2026, 3, 17), 10
    )
    assert state.deadlines["acknowledgement"] == ack_before
    assert [e.kind for e in effects] == ["calendar_changed", "deadline_recomputed"]
    assert events(effects, "deadline_recomputed")[0].data == {
        "key": "stage_1_response",
        "from": "2026-03-16",
        "to": "2026-03-17",
    }
    assert state.calendar == announced
    assert state.calendar_changes == 1


def test_r_time_4_the_same_calendar_again_changes_and_records_nothing() -> None:
    state = acknowledged()
    before = state.model_dump()
    assert aftercare.recalculate(state, SNAPSHOT, at(date(2026, 3, 3))) == []
    assert state.model_dump() == before


def test_r_time_4_a_deadline_already_past_is_not_recomputed() -> None:
    state = accepted()  # acknowledgement limit Mon 9 Mar 2026, never met
    announced = build_snapshot(
        date(2025, 1, 1), date(2028, 12, 31), closures=Closures(dates=[date(2026, 3, 4)])
    )
    aftercare.recalculate(state, announced, at(date(2026, 3, 10)))
    assert state.deadlines["acknowledgement"].limit == date(2026, 3, 9)


def test_r_time_5_every_date_is_held_in_the_state_with_the_calendar_it_came_from() -> None:
    state = acknowledged()
    again = ComplaintState.model_validate_json(state.model_dump_json())
    assert again == state
    assert again.calendar.version == SNAPSHOT.version
    assert {key: d.due for key, d in again.deadlines.items()} == {
        "log": date(2026, 3, 3),
        "acknowledgement": date(2026, 3, 9),
        "stage_1_response": date(2026, 3, 16),
    }


# -- 1. Policy profiles ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "target", "limit"),
    [
        pytest.param("seed", date(2026, 3, 4), date(2026, 3, 9), id="seed: 2 WD target, 5 limit"),
        pytest.param("hos-2024", date(2026, 3, 9), date(2026, 3, 9), id="hos-2024: 5 WD both"),
    ],
)
def test_policy_profile_acknowledgement_target_and_limit(
    profile: str, target: date, limit: date
) -> None:
    state, _ = complaint(profile=profile)
    ack = state.deadlines["acknowledgement"]
    assert (ack.target, ack.limit) == (target, limit)
    assert state.profile.name == profile


def stage_one_answered(profile: str) -> ComplaintState:
    state = acknowledged(profile=profile)
    response = StageResponse(
        definition="The boiler has been broken for three weeks",
        decisions=[
            IssueDecision(issue_id=1, decision=Decision.NOT_UPHELD, reasons="Repaired in time")
        ],
        reasons="Our repairs policy allows 28 days for this repair.",
    )
    responses.submit_response(state, SubmitResponseInput(response=response), at(date(2026, 3, 9)))
    escalation.request_escalation(state, RequestEscalationInput(reasons=""), at(date(2026, 3, 10)))
    return state


NO_REASONS = DecideEscalationInput(
    accept=False, refusal="no_reasons_given", explanation="You did not tell us why you disagree."
)


def test_policy_profile_hos_2024_no_reasons_required_to_escalate() -> None:
    state = stage_one_answered("hos-2024")
    message = refuse(escalation.check_decide_escalation, state, NO_REASONS, at(date(2026, 3, 11)))
    assert "does not require reasons" in message


def test_policy_profile_seed_escalation_may_be_refused_when_no_reasons_are_given() -> None:
    state = stage_one_answered("seed")
    escalation.decide_escalation(state, NO_REASONS, at(date(2026, 3, 11)))
    assert state.escalations[-1].refusal == "no_reasons_given"
    assert state.status == Status.CLOSED


# -- 2. Who and how --------------------------------------------------------------------


@pytest.mark.parametrize(
    "representative",
    [
        pytest.param(
            {"name": "Smith & Co Solicitors", "kind": RepresentativeKind.LEGAL_REPRESENTATIVE},
            id="a legal representative",
        ),
        pytest.param(
            {
                "name": "A. Friend",
                "kind": RepresentativeKind.OTHER_THIRD_PARTY,
                "with_view_to_legal_action": True,
            },
            id="anyone writing with a view to legal action",
        ),
    ],
)
def test_r_who_1_a_legal_representative_is_refused_with_a_clear_message(representative) -> None:
    with pytest.raises(ValidationError) as refused:
        complaint(representative=representative)
    message = str(refused.value)
    assert "legal representative" in message
    assert "may still complain themselves" in message


@pytest.mark.parametrize(
    "kind", [k for k in RepresentativeKind if k.value != "legal_representative"]
)
def test_r_who_1_mps_councillors_advocates_and_others_may_act_for_a_resident(
    kind: RepresentativeKind,
) -> None:
    state, _ = complaint(representative={"name": "Someone Helpful", "kind": kind})
    assert state.representative is not None
    assert state.representative.kind == kind
    assert not state.representative.has_consent  # R-WHO-2: consent is recorded later


def test_r_who_2_consent_is_recorded_with_its_date() -> None:
    state, _ = complaint()
    rep = Representative(name="Cllr Jones", kind=RepresentativeKind.COUNCILLOR)
    effects = acknowledgement.record_consent(
        state, RecordConsentInput(representative=rep, consent_on=MONDAY), at(MONDAY)
    )
    assert state.representative is not None
    assert state.representative.consent_recorded_on == MONDAY
    assert [e.kind for e in effects] == ["consent_recorded"]


def test_r_who_2_consent_dated_in_the_future_is_refused() -> None:
    state, _ = complaint()
    rep = Representative(name="Cllr Jones", kind=RepresentativeKind.COUNCILLOR)
    inp = RecordConsentInput(representative=rep, consent_on=MONDAY + timedelta(days=1))
    assert "future" in refuse(acknowledgement.check_record_consent, state, inp, at(MONDAY))


@pytest.mark.parametrize(
    ("area", "tenure", "ombudsman", "stage_3"),
    [
        pytest.param(
            ServiceArea.LANDLORD_SERVICES,
            Tenure.TENANT,
            Ombudsman.HOUSING,
            False,
            id="landlord services: Housing Ombudsman",
        ),
        pytest.param(
            ServiceArea.LANDLORD_SERVICES,
            Tenure.NONE,
            Ombudsman.HOUSING,
            False,
            id="landlord services, not a tenant",
        ),
        pytest.param(
            ServiceArea.HOMELESSNESS_ALLOCATIONS,
            Tenure.NONE,
            Ombudsman.LGSCO,
            True,
            id="homelessness, not a tenant: Stage 3 then LGSCO",
        ),
        pytest.param(
            ServiceArea.HOMELESSNESS_ALLOCATIONS,
            Tenure.TENANT,
            Ombudsman.LGSCO,
            False,
            id="allocations, a tenant: no Stage 3",
        ),
        pytest.param(
            ServiceArea.ADULT_SOCIAL_CARE,
            Tenure.NONE,
            Ombudsman.LGSCO,
            False,
            id="adult social care: LGSCO after Stage 2",
        ),
    ],
)
def test_r_svc_1_service_area_decides_the_route(
    area: ServiceArea, tenure: Tenure, ombudsman: Ombudsman, stage_3: bool
) -> None:
    state, _ = complaint(
        service_area=area, complainant=Complainant(name="Alex Morgan", tenure=tenure)
    )
    assert ombudsman_for(state) == ombudsman
    assert stage_three_available(state) is stage_3
    assert last_stage(state) == (Stage.STAGE_3 if stage_3 else Stage.STAGE_2)


@pytest.mark.parametrize(
    ("kind", "reference"),
    [
        pytest.param(Kind.COMPLIMENT, "CPL-2026-000001", id="compliment"),
        pytest.param(Kind.COMMENT, "CMT-2026-000001", id="comment"),
    ],
)
def test_r_def_1_compliments_and_comments_are_thanked_with_no_deadlines(
    kind: Kind, reference: str
) -> None:
    state, effects = complaint(kind=kind, reference=reference)
    assert state.status == Status.RECORDED
    assert state.deadlines == {}
    assert [letter.letter for letter in letters(effects)] == [f"{kind.value}_reply"]
    assert state.closed_on == MONDAY


# -- 3. Intake and acceptance ----------------------------------------------------------


@pytest.mark.parametrize(
    ("working_days_ago", "kind"),
    [
        pytest.param(0, "deadline_met", id="logged on the day of first contact"),
        pytest.param(1, "deadline_met", id="logged the next working day"),
        pytest.param(3, "deadline_met_late", id="logged three working days later"),
    ],
)
def test_r_int_1_first_contact_is_kept_apart_from_the_day_logged(
    working_days_ago: int, kind: str
) -> None:
    first = CAL.subtract_working_days(MONDAY, working_days_ago)
    state, effects = complaint(first, logged_on=MONDAY)
    assert state.intake.first_contact_on == first
    assert state.logged_at == office_hours_on(MONDAY, 10)
    assert state.deadlines["log"].met_on == MONDAY
    assert [e.data["key"] for e in events(effects, kind)] == ["log"]
    assert events(effects, "logged")[0].data == {
        "first_contact_on": first.isoformat(),
        "channel": "web_form",
    }


def test_r_int_2_there_is_no_stage_0() -> None:
    assert [s.value for s in Stage] == ["stage_1", "stage_2", "stage_3"]
    assert not any("0" in s.value or "0" in s.name for s in Stage)
    state, _ = complaint()
    intake.resolve_early(
        state,
        ResolveEarlyInput(what_was_done="Booked the repair", resident_agreed=True),
        at(MONDAY),
    )
    assert state.stage == Stage.STAGE_1


def test_r_int_2_early_resolution_records_the_agreement_and_what_was_done() -> None:
    state, _ = complaint()
    effects = intake.resolve_early(
        state,
        ResolveEarlyInput(by="h.khan", what_was_done="Booked the repair", resident_agreed=True),
        at(MONDAY),
    )
    assert state.status == Status.RESOLVED_EARLY
    assert state.early_resolution is not None
    assert state.early_resolution.what_was_done == "Booked the repair"
    assert state.early_resolution.resident_agreed
    assert state.deadlines["acknowledgement"].cancelled
    assert [e.kind for e in effects] == ["resolved_early", "deadline_cancelled"]


def test_r_int_2_early_resolution_without_agreement_is_refused() -> None:
    state, _ = complaint()
    inp = ResolveEarlyInput(what_was_done="Booked the repair", resident_agreed=False)
    message = refuse(intake.check_resolve_early, state, inp, at(MONDAY))
    assert "agreement" in message
    assert "Stage 1" in message


def test_r_int_2_reopening_makes_it_stage_1_at_once_counted_from_that_day() -> None:
    state, _ = complaint()
    intake.resolve_early(
        state,
        ResolveEarlyInput(what_was_done="Booked the repair", resident_agreed=True),
        at(MONDAY),
    )
    reopened_on = date(2026, 3, 5)
    intake.reopen(
        state, ReopenInput(reason="The resident wants a formal complaint"), at(reopened_on)
    )
    ack = state.deadlines["acknowledgement"]
    assert (state.stage, state.status) == (Stage.STAGE_1, Status.ACCEPTED)
    assert state.accepted_on == reopened_on
    assert (ack.basis, ack.target, ack.limit) == (reopened_on, date(2026, 3, 9), date(2026, 3, 12))
    assert ack.is_open


@pytest.mark.parametrize(
    ("issue_date", "late"),
    [
        pytest.param(add_months(MONDAY, -12), False, id="exactly 12 months before: in time"),
        pytest.param(add_months(MONDAY, -12) - timedelta(days=1), True, id="a day more: late"),
        pytest.param(None, False, id="no issue date: not late"),
    ],
)
def test_r_acc_1_late_means_the_issue_is_older_than_twelve_months(
    issue_date: date | None, late: bool
) -> None:
    state, _ = complaint(issue_date=issue_date)
    assert acceptance.is_late(state) is late


def test_r_acc_1_a_late_complaint_is_accepted_only_with_a_discretion_reason() -> None:
    state, _ = complaint(issue_date=date(2024, 1, 1))
    message = refuse(acceptance.check_accept, state, AcceptInput(), at(MONDAY))
    assert "12 months" in message
    assert "discretion" in message
    acceptance.accept(state, AcceptInput(late_discretion_reason="safeguarding"), at(MONDAY))
    assert state.status == Status.ACCEPTED
    assert state.late_accepted_because == "safeguarding"


@pytest.mark.parametrize("reason", [e for e in Exclusion if e != Exclusion.LATE])
def test_r_acc_1_each_listed_exclusion_may_decline(reason: Exclusion) -> None:
    state, _ = complaint()
    acceptance.decline(
        state, DeclineInput(reason=reason.value, detail="The detailed reason for you."), at(MONDAY)
    )
    assert state.status == Status.DECLINED
    assert state.declined_for == reason


def test_r_acc_1_an_unknown_exclusion_is_refused_with_the_valid_reasons() -> None:
    state, _ = complaint()
    inp = DeclineInput(reason="too_busy", detail="We are too busy to look at this.")
    message = refuse(acceptance.check_decline, state, inp, at(MONDAY))
    assert "'too_busy' is not one of the reasons" in message
    assert all(reason.value in message for reason in Exclusion)


def test_r_acc_1_declining_as_late_needs_a_late_complaint() -> None:
    state, _ = complaint(issue_date=MONDAY - timedelta(days=30))
    inp = DeclineInput(reason="late", detail="The issue happened too long ago.")
    assert "not late" in refuse(acceptance.check_decline, state, inp, at(MONDAY))
    late, _ = complaint(issue_date=date(2024, 1, 1))
    acceptance.decline(late, inp, at(MONDAY))
    assert late.declined_for == Exclusion.LATE


@pytest.mark.parametrize(
    ("area", "ombudsman"),
    [
        pytest.param(ServiceArea.LANDLORD_SERVICES, Ombudsman.HOUSING, id="landlord"),
        pytest.param(ServiceArea.ADULT_SOCIAL_CARE, Ombudsman.LGSCO, id="adult social care"),
    ],
)
def test_r_acc_2_decline_letter_gives_the_reason_and_the_right_ombudsman(
    area: ServiceArea, ombudsman: Ombudsman
) -> None:
    state, _ = complaint(service_area=area)
    effects = acceptance.decline(
        state,
        DeclineInput(reason="insurance_claim", detail="Your claim is with our insurer, Zurich."),
        at(MONDAY),
    )
    (letter,) = letters(effects)
    assert letter.letter == "decline"
    assert letter.fields["reason"] == EXCLUSION_WORDS[Exclusion.INSURANCE_CLAIM]
    assert letter.fields["detail"] == "Your claim is with our insurer, Zurich."
    assert letter.fields["ombudsman"] == OMBUDSMAN_WORDS[ombudsman]
    assert letter.fields["ombudsman_contact"]["phone"]
    assert state.deadlines["acknowledgement"].cancelled


def test_r_ack_1_acknowledgement_letter_and_response_due_ten_working_days_later() -> None:
    state = accepted()
    effects = acknowledgement.acknowledge(state, ACK, at(MONDAY))
    (letter,) = letters(effects)
    assert letter.letter == "acknowledgement"
    assert letter.fields["definition"] == ACK.definition
    assert letter.fields["outcomes_sought"] == ACK.outcomes_sought
    assert letter.fields["contact"] == {
        "name": "Hana Khan",
        "email": "hana.khan@example.org",
        "phone": None,
    }
    assert letter.fields["response_due"] == "2026-03-16"
    assert letter.fields["ombudsman_any_time"] is True
    assert state.deadlines["stage_1_response"].due == date(2026, 3, 16)
    assert state.stages[Stage.STAGE_1].acknowledged_on == MONDAY


@pytest.mark.parametrize(
    ("prepare", "inp", "words"),
    [
        pytest.param(
            received,
            ACK,
            ("Cannot acknowledge", "awaiting a decision to accept"),
            id="R-ACK-1 acknowledge before accepting",
        ),
        pytest.param(
            accepted_without_handler,
            ACK,
            ("Assign a handler",),
            id="R-ACK-1 acknowledge without a handler",
        ),
    ],
)
def test_r_ack_1_acknowledgement_is_refused_out_of_turn(prepare, inp, words) -> None:
    message = refuse(acknowledgement.check_acknowledge, prepare(), inp, at(MONDAY))
    assert all(word in message for word in words)


def test_r_ack_1_a_missed_target_tells_the_handlers_manager_at_nine_on_a_working_day() -> None:
    state = accepted(date(2026, 3, 5))  # Thursday: target Mon 9 Mar, limit Thu 12 Mar
    assert state.deadlines["acknowledgement"].target == date(2026, 3, 9)
    timekeeping.run_due(state, Ctx(now=london_midnight(date(2026, 3, 10)), cal=CAL))
    assert state.deadlines["acknowledgement"].target_missed
    assert not timekeeping.run_due(state, Ctx(now=office_hours_on(date(2026, 3, 10), 8), cal=CAL))
    effects = timekeeping.run_due(state, Ctx(now=office_hours_on(date(2026, 3, 10), 9), cal=CAL))
    notices = [e for e in effects if isinstance(e, Notify)]
    assert [(n.staff_id, n.subject.split(":")[0]) for n in notices] == [
        ("h.khan", "Reminder"),
        ("m.osei", "Target missed"),
    ]


def test_r_ack_1_a_handler_named_at_intake_owns_the_acknowledgement_deadline() -> None:
    state, _ = complaint(handler=HANDLER, channel="telephone", logged_by="h.khan")
    assert state.deadlines["acknowledgement"].staff_id == "h.khan"
    acceptance.accept(state, AcceptInput(), at(MONDAY))
    timekeeping.run_due(state, Ctx(now=london_midnight(date(2026, 3, 5)), cal=CAL))
    effects = timekeeping.run_due(state, Ctx(now=office_hours_on(date(2026, 3, 5), 9), cal=CAL))
    assert ("m.osei", "Target missed") in [
        (n.staff_id, n.subject.split(":")[0]) for n in effects if isinstance(n, Notify)
    ]


def test_r_ack_2_clarification_letter_and_the_agreed_definition() -> None:
    state = accepted()
    effects = acknowledgement.request_clarification(
        state, RequestClarificationInput(questions="Which rooms are affected?"), at(MONDAY)
    )
    (letter,) = letters(effects)
    assert (letter.letter, own_parts(letter)) == (
        "clarification",
        {"questions": "Which rooms are affected?"},
    )
    assert state.clarification_requested_on == MONDAY
    assert state.deadlines["acknowledgement"].limit == date(2026, 3, 9)  # the clock keeps running
    acknowledgement.acknowledge(state, ACK, at(date(2026, 3, 3)))
    assert state.stages[Stage.STAGE_1].definition == ACK.definition


def test_r_ack_2_clarification_after_acknowledgement_is_refused() -> None:
    state = acknowledged()
    inp = RequestClarificationInput(questions="Which rooms are affected?")
    assert "Cannot ask the resident to clarify" in refuse(
        acknowledgement.check_request_clarification, state, inp, at(MONDAY)
    )


def test_r_acc_1_accepting_twice_is_refused() -> None:
    message = refuse(acceptance.check_accept, accepted(), AcceptInput(), at(MONDAY))
    assert "Cannot accept" in message
    assert "accepted at Stage 1" in message


def test_r_acc_2_declining_without_a_detailed_reason_is_refused() -> None:
    state, _ = complaint()
    inp = DeclineInput(reason="first_request_for_service", detail=" " * 12)
    assert "detailed reason" in refuse(acceptance.check_decline, state, inp, at(MONDAY))


def test_r_s2_1_a_handler_cannot_be_assigned_at_stage_2() -> None:
    state = acknowledged()
    state.stage = Stage.STAGE_2
    inp = AssignHandlerInput(handler=REVIEWER)
    assert "assign a reviewer" in refuse(intake.check_assign_handler, state, inp, at(MONDAY))


def test_r_int_1_a_reference_has_the_kind_prefix_year_and_six_digits() -> None:
    for good, kind in (
        ("CMP-2026-000123", Kind.COMPLAINT),
        ("CPL-2026-000001", Kind.COMPLIMENT),
        ("CMT-2027-999999", Kind.COMMENT),
    ):
        complaint(reference=good, kind=kind)
    for bad in ("CMP-26-000123", "ABC-2026-000001", "CMP-2026-123"):
        with pytest.raises(ValidationError):
            complaint(reference=bad)
    with pytest.raises(ValidationError, match="compliment's reference starts CPL-"):
        complaint(reference="CMP-2026-000124", kind=Kind.COMPLIMENT)


def test_r_time_3_an_action_takes_the_london_date_of_its_instant() -> None:
    # 23:30 UTC on 30 Jun is already 1 Jul in London (BST): the action is on 1 Jul.
    ctx = Ctx(now=datetime.fromisoformat("2026-06-30T23:30:00+00:00"), cal=CAL)
    assert ctx.today == date(2026, 7, 1)
