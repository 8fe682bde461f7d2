"""Stage 1 and putting things right, as pure rules (R-S1-1 to R-S1-7, R-REM-1 to R-REM-3,
R-LRN-1): a complaint state built by hand, fixed dates, no Temporal and no database."""

import re
from datetime import date, datetime, timedelta

import pytest

from models.complaint import ComplaintState, LogComplaintInput
from models.effects import Letter, Notify, SplitOff, Track
from models.enums import Decision, RemedyKind, Stage, Status
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AddIssueInput,
    AssignHandlerInput,
    ExtendInput,
    RecordAgreementInput,
    RecordProgressInput,
    RequestAgreementInput,
    SubmitResponseInput,
)
from models.parties import Complainant, StaffMember
from models.stages import Compensation, IssueDecision, OutstandingAction, Remedy, StageResponse
from rules.calendar import LONDON, WorkingCalendar, office_hours_on
from rules.handling import (
    acceptance,
    acknowledgement,
    aftercare,
    extensions,
    intake,
    responses,
    timekeeping,
)
from rules.handling.common import Ctx, Refused
from rules.holidays_source import build_snapshot
from rules.organisations import load_organisation
from rules.policy import load_profile

SNAPSHOT = build_snapshot(date(2025, 11, 1), date(2028, 12, 31))
CAL = WorkingCalendar(SNAPSHOT)
HANDLER = StaffMember(id="h.khan", name="Hana Khan", manager_id="m.osei")
ISSUES = ("Boiler repair delay", "Poor communication")

# Mon 2 Mar 2026: no bank holiday for the next six weeks, so the arithmetic is easy to check.
ACK_DAY = date(2026, 3, 2)
DUE = date(2026, 3, 16)  # 10 working days after Mon 2 Mar
CEILING = date(2026, 3, 30)  # 10 further working days after Mon 16 Mar


def at(day: date, hour: int = 10) -> Ctx:
    return Ctx(now=office_hours_on(day, hour), cal=CAL)


def opened(ack_on: date = ACK_DAY, issues: tuple[str, ...] = ISSUES) -> ComplaintState:
    """A complaint logged, accepted and acknowledged at Stage 1 on `ack_on`."""
    log_input = LogComplaintInput(
        reference="CMP-2026-000001",
        first_contact_on=ack_on,
        complainant=Complainant(name="Alex Morgan", email="alex@example.org"),
        description="The boiler has not worked for three weeks.",
    )
    state = ComplaintState(
        reference=log_input.reference,
        intake=log_input,
        profile=load_profile("seed"),
        calendar=SNAPSHOT,
        logged_at=office_hours_on(ack_on, 10),
        organisation=load_organisation(log_input.organisation, log_input.service_area),
    )
    ctx = at(ack_on)
    intake.log(state, ctx)
    intake.assign_handler(state, AssignHandlerInput(handler=HANDLER), ctx)
    acceptance.accept(state, AcceptInput(), ctx)
    acknowledgement.acknowledge(
        state,
        AcknowledgeInput(definition="Boiler broken", outcomes_sought="Fix it", issues=list(issues)),
        ctx,
    )
    return state


def response(**changes) -> StageResponse:
    fields = {
        "definition": "The boiler was not repaired in time",
        "decisions": [
            IssueDecision(issue_id=1, decision=Decision.UPHELD, reasons="Repair took 3 weeks"),
            IssueDecision(issue_id=2, decision=Decision.NOT_UPHELD, reasons="Calls returned"),
        ],
        "reasons": "Our repairs policy sets a 3 day target for loss of heating.",
        "remedies": [Remedy(kind=RemedyKind.APOLOGY, description="We apologise")],
        "actions": [OutstandingAction(what="Replace the boiler", due=date(2026, 4, 10))],
        "lesson": "Order boiler parts on the first visit",
    }
    fields.update(changes)
    return StageResponse(**fields)


def letters(effects, name: str) -> list[Letter]:
    return [e for e in effects if isinstance(e, Letter) and e.letter == name]


# -- R-S1-1 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acknowledged", "due"),
    [
        pytest.param(date(2026, 3, 2), date(2026, 3, 16), id="Mon 2 Mar 2026 gives Mon 16 Mar"),
        pytest.param(date(2026, 3, 6), date(2026, 3, 20), id="Fri 6 Mar 2026 gives Fri 20 Mar"),
        pytest.param(
            date(2026, 4, 2), date(2026, 4, 20), id="Thu 2 Apr 2026 skips Good Friday and Easter"
        ),
    ],
)
def test_r_s1_1_response_due_ten_working_days_after_acknowledgement(
    acknowledged: date, due: date
) -> None:
    state = opened(acknowledged)
    deadline = state.deadlines["stage_1_response"]
    assert (deadline.target, deadline.limit, deadline.basis) == (due, due, acknowledged)
    assert deadline.staff_id == HANDLER.id


@pytest.mark.parametrize(
    ("sent_on", "kind"),
    [
        pytest.param(DUE, "deadline_met", id="sent on the due date: met"),
        pytest.param(DUE + timedelta(days=1), "deadline_met_late", id="sent the day after: late"),
    ],
)
def test_r_s1_1_response_sent_on_the_due_date_meets_it(sent_on: date, kind: str) -> None:
    state = opened()
    effects = responses.submit_response(
        state, SubmitResponseInput(response=response()), at(sent_on)
    )
    assert state.deadlines["stage_1_response"].met_on == sent_on
    assert [e.kind for e in effects if getattr(e, "kind", "").startswith("deadline_met")] == [kind]


# -- R-S1-2 -----------------------------------------------------------------------------


def run_clock(
    state: ComplaintState, start: datetime, until: datetime
) -> list[tuple[datetime, Notify]]:
    """Wake when the workflow would and apply what falls due, as `ComplaintWorkflow.run` does."""
    notices: list[tuple[datetime, Notify]] = []
    now = start
    for _ in range(100):
        wake = timekeeping.next_wakeup(state, Ctx(now=now, cal=CAL))
        if wake is None or wake[0] > until:
            return notices
        now = max(wake[0], now + timedelta(seconds=1))
        for effect in timekeeping.run_due(state, Ctx(now=now, cal=CAL)):
            if isinstance(effect, Notify):
                notices.append((now, effect))
    raise AssertionError("the clock did not settle")


def test_r_s1_2_reminder_two_working_days_before_and_manager_told_on_monday() -> None:
    # Acknowledged Fri 27 Feb 2026: due Fri 13 Mar, overdue from Sat 14 Mar 00:00.
    state = opened(date(2026, 2, 27))
    assert state.deadlines["stage_1_response"].due == date(2026, 3, 13)
    notices = run_clock(
        state, office_hours_on(date(2026, 2, 27), 11), office_hours_on(date(2026, 3, 17))
    )
    sent = [(when.astimezone(LONDON), n.staff_id, n.subject.split(":")[0]) for when, n in notices]
    assert sent == [
        (datetime(2026, 3, 11, 9, tzinfo=LONDON), "h.khan", "Reminder"),
        (datetime(2026, 3, 16, 9, tzinfo=LONDON), "m.osei", "Deadline missed"),
    ]
    deadline = state.deadlines["stage_1_response"]
    assert deadline.limit_missed and deadline.manager_told_limit and state.breached


def test_r_s1_2_manager_notice_due_at_midnight_waits_for_office_hours() -> None:
    state = opened(date(2026, 2, 27))
    saturday_midnight = datetime(2026, 3, 14, 0, 0, tzinfo=LONDON)
    effects = timekeeping.run_due(state, Ctx(now=saturday_midnight, cal=CAL))
    assert [e.kind for e in effects if not isinstance(e, Notify)] == ["limit_missed"]
    assert not [e for e in effects if isinstance(e, Notify) and e.staff_id == "m.osei"]
    wake, _ = timekeeping.next_wakeup(state, Ctx(now=saturday_midnight, cal=CAL))
    assert wake.astimezone(LONDON) == datetime(2026, 3, 16, 9, tzinfo=LONDON)


# -- R-S1-3 -----------------------------------------------------------------------------


def test_r_s1_3_extension_letter_and_new_due_date() -> None:
    state = opened()
    first = date(2026, 3, 20)
    effects = extensions.extend(
        state, ExtendInput(new_due=first, reason="Waiting for the contractor's report"), at(DUE)
    )
    assert state.deadlines["stage_1_response"].due == first
    (letter,) = letters(effects, "extension")
    assert letter.fields["reason"] == "Waiting for the contractor's report"
    assert letter.fields["new_due"] == first.isoformat()
    assert letter.fields["previous_due"] == DUE.isoformat()
    # Code 2024 6.5: a resident told of an extension is given the ombudsman's details.
    assert letter.fields["ombudsman_contact"]["phone"]
    extensions.extend(
        state, ExtendInput(new_due=CEILING, reason="The surveyor's visit has moved"), at(first)
    )
    record = state.stages[Stage.STAGE_1]
    assert [(e.new_due, e.with_agreement) for e in record.extensions] == [
        (first, False),
        (CEILING, False),
    ]


@pytest.mark.parametrize(
    ("new_due", "reason", "words"),
    [
        pytest.param(
            date(2026, 3, 20), "Not prioritised this week", "Not prioritised", id="not prioritised"
        ),
        pytest.param(date(2026, 3, 20), "low priority case", "Not prioritised", id="low priority"),
        pytest.param(
            date(2026, 3, 20), "busy", "reason the response needs more time", id="no real reason"
        ),
        pytest.param(
            DUE, "Waiting for the surveyor", "must be after the current due date", id="same date"
        ),
        pytest.param(
            date(2026, 3, 12), "Waiting for the surveyor", "must be after", id="earlier date"
        ),
        pytest.param(
            date(2026, 3, 21), "Waiting for the surveyor", "not a working day", id="Saturday"
        ),
        pytest.param(
            date(2026, 3, 31),
            "Waiting for the surveyor",
            "resident's agreement",
            id="beyond ceiling",
        ),
    ],
)
def test_r_s1_3_extension_refused(new_due: date, reason: str, words: str) -> None:
    state = opened()
    before = state.model_dump()
    with pytest.raises(Refused, match=re.escape(words)):
        extensions.extend(state, ExtendInput(new_due=new_due, reason=reason), at(DUE))
    assert state.model_dump() == before


def test_r_s1_3_missed_date_moves_only_with_agreement() -> None:
    state = opened()
    with pytest.raises(Refused, match="that date has passed"):
        extensions.check_extend(
            state,
            ExtendInput(new_due=date(2026, 3, 20), reason="Waiting for the surveyor"),
            at(DUE + timedelta(days=1)),
        )


# -- R-S1-4 -----------------------------------------------------------------------------


def test_r_s1_4_agreed_date_beyond_the_ceiling_becomes_the_due_date() -> None:
    state = opened()
    later = date(2026, 4, 14)
    effects = extensions.request_agreement(
        state,
        RequestAgreementInput(proposed_due=later, reason="Major works need planning"),
        at(DUE),
    )
    assert letters(effects, "agreement_request")[0].fields["proposed_due"] == later.isoformat()
    extensions.record_agreement(state, RecordAgreementInput(agreed=True), at(DUE))
    deadline = state.deadlines["stage_1_response"]
    assert (deadline.agreed_to, deadline.due) == (later, later)
    assert state.stages[Stage.STAGE_1].extensions[-1].with_agreement


def test_r_s1_4_no_agreement_sends_ombudsman_details_and_flags_the_complaint() -> None:
    state = opened()
    extensions.request_agreement(
        state,
        RequestAgreementInput(proposed_due=date(2026, 4, 14), reason="Major works need planning"),
        at(DUE),
    )
    effects = extensions.record_agreement(state, RecordAgreementInput(agreed=False), at(DUE))
    (letter,) = letters(effects, "no_agreement")
    assert letter.fields["ombudsman_contact"]["name"] == "Housing Ombudsman Service"
    assert letter.fields["ombudsman_contact"]["phone"] == "0300 111 3000"
    assert state.status == Status.OPEN and state.stages[Stage.STAGE_1].agreement_refused
    assert state.deadlines["stage_1_response"].due == DUE


@pytest.mark.parametrize(
    ("proposed", "words"),
    [
        pytest.param(CEILING, "extend the date instead", id="within the ceiling"),
        pytest.param(date(2026, 4, 4), "not a working day", id="a Saturday"),
    ],
)
def test_r_s1_4_agreement_request_refused(proposed: date, words: str) -> None:
    state = opened()
    with pytest.raises(Refused, match=re.escape(words)):
        extensions.check_request_agreement(
            state, RequestAgreementInput(proposed_due=proposed, reason="Major works"), at(DUE)
        )


def test_r_s1_4_answer_refused_before_agreement_is_asked() -> None:
    with pytest.raises(Refused, match="Ask the resident to agree a later date"):
        extensions.check_record_agreement(opened(), RecordAgreementInput(agreed=True), at(DUE))


# -- R-S1-5 -----------------------------------------------------------------------------


def test_r_s1_5_issue_before_the_response_joins_it() -> None:
    state = opened()
    effects = responses.add_issue(state, AddIssueInput(summary="Damp in the bedroom"), at(DUE))
    assert [(i.id, i.summary, i.stage) for i in state.issues][-1] == (
        3,
        "Damp in the bedroom",
        Stage.STAGE_1,
    )
    assert not [e for e in effects if isinstance(e, SplitOff)]


@pytest.mark.parametrize(
    ("responded", "as_new"),
    [
        pytest.param(True, False, id="after the response"),
        pytest.param(False, True, id="before it, when it would delay the response"),
    ],
)
def test_r_s1_5_issue_becomes_a_new_linked_complaint(responded: bool, as_new: bool) -> None:
    state = opened()
    if responded:
        responses.submit_response(state, SubmitResponseInput(response=response()), at(DUE))
    effects = responses.add_issue(
        state, AddIssueInput(summary="Damp in the bedroom", as_new_complaint=as_new), at(DUE)
    )
    assert effects == [SplitOff(summary="Damp in the bedroom")]
    assert len(state.issues) == 2


# -- R-S1-6, R-S1-7, R-REM-2, R-LRN-1: what a response must contain ----------------------


DECIDED = [
    IssueDecision(issue_id=1, decision=Decision.UPHELD, reasons="Repair took 3 weeks"),
    IssueDecision(issue_id=2, decision=Decision.UPHELD, reasons="No call back"),
]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        pytest.param(
            {"decisions": DECIDED[:1]},
            "missing: 2 (Poor communication)",
            id="R-S1-6 a decision on each issue",
        ),
        pytest.param(
            {
                "decisions": [
                    *DECIDED,
                    IssueDecision(issue_id=7, decision="upheld", reasons="x y z"),
                ]
            },
            "no issue numbered 7",
            id="R-S1-6 an unknown issue",
        ),
        pytest.param(
            {"decisions": [DECIDED[0], DECIDED[0]]}, "not two", id="R-S1-6 two decisions on one"
        ),
        pytest.param({"reasons": "Policy."}, "the reasons, citing policy", id="R-S1-6 reasons"),
        pytest.param(
            {"overall": Decision.NOT_UPHELD},
            "they give 'partially upheld', not 'not upheld'",
            id="R-S1-6 overall follows from the issues",
        ),
        pytest.param({"lesson": None}, "lesson learned", id="R-LRN-1 lesson when upheld"),
        pytest.param({"lesson": "   "}, "lesson learned", id="R-LRN-1 a blank lesson"),
        pytest.param(
            {"remedies": [Remedy(kind=RemedyKind.FINANCIAL, description="Compensation")]},
            "compensation parts",
            id="R-REM-2 financial remedy without compensation",
        ),
        pytest.param(
            {
                "remedies": [
                    Remedy(
                        kind=RemedyKind.FINANCIAL,
                        description="Compensation",
                        compensation=Compensation(),
                    )
                ]
            },
            "compensation parts",
            id="R-REM-2 financial remedy of nothing",
        ),
        pytest.param(
            {"actions": [OutstandingAction(what="Replace the boiler", due=date(2026, 3, 1))]},
            "due date in the past",
            id="R-REM-3 an action already overdue",
        ),
        pytest.param({"names_staff": True}, "must not name individual staff", id="R-S1-7"),
    ],
)
def test_r_s1_6_response_refused_without_its_parts(changes: dict, words: str) -> None:
    state = opened()
    before = state.model_dump()
    with pytest.raises(Refused, match=re.escape(words)):
        responses.submit_response(state, SubmitResponseInput(response=response(**changes)), at(DUE))
    assert state.model_dump() == before


@pytest.mark.parametrize(
    ("decisions", "overall"),
    [
        pytest.param(["upheld", "upheld"], "upheld", id="all upheld"),
        pytest.param(["not_upheld", "not_upheld"], "not_upheld", id="none upheld"),
        pytest.param(["upheld", "not_upheld"], "partially_upheld", id="some upheld"),
        pytest.param(["partially_upheld", "partially_upheld"], "partially_upheld", id="partial"),
        pytest.param(["not_upheld", "partially_upheld"], "partially_upheld", id="one partial"),
    ],
)
def test_r_s1_6_overall_decision_follows_from_the_issues(
    decisions: list[str], overall: str
) -> None:
    assert responses.overall_decision([Decision(d) for d in decisions]) == Decision(overall)


def test_r_s1_6_response_letter_holds_every_part_and_the_route_to_stage_two() -> None:
    state = opened()
    effects = responses.submit_response(state, SubmitResponseInput(response=response()), at(DUE))
    (letter,) = letters(effects, "stage_1_response")
    fields = letter.fields
    assert fields["stage"] == "Stage 1"
    assert fields["definition"] == "The boiler was not repaired in time"
    assert [(d["issue_id"], d["decision"]) for d in fields["decisions"]] == [
        (1, "upheld"),
        (2, "not_upheld"),
    ]
    assert fields["overall"] == "partially_upheld"
    assert fields["reasons"].startswith("Our repairs policy")
    assert fields["remedies"][0]["kind"] == "apology"
    assert fields["actions"] == [{"what": "Replace the boiler", "due": "2026-04-10", "owner": None}]
    assert fields["route"]["next"] == "stage_2"
    assert fields["route"]["escalate_by"] == "2026-09-16"
    assert state.status == Status.CLOSED and state.tracked["1"].completed_on is None


def test_r_s1_7_staff_may_be_named_when_the_complaint_is_about_them() -> None:
    state = opened()
    about_them = response(names_staff=True, complaint_is_about_staff=True)
    responses.submit_response(state, SubmitResponseInput(response=about_them), at(DUE))
    assert state.stages[Stage.STAGE_1].response.names_staff


# -- R-REM-1, R-REM-2, R-REM-3, R-LRN-1 ----------------------------------------------------


def every_remedy(due: date | None = None) -> list[Remedy]:
    money = Compensation(
        statutory=25, quantifiable_losses=60.5, time_and_trouble=50, distress_and_inconvenience=100
    )
    return [
        Remedy(
            kind=kind,
            description=f"Remedy: {kind.value}",
            compensation=money if kind == RemedyKind.FINANCIAL else None,
            due=due,
        )
        for kind in RemedyKind
    ]


def test_r_rem_1_every_kind_of_remedy_is_recorded_with_the_response() -> None:
    state = opened()
    responses.submit_response(
        state, SubmitResponseInput(response=response(remedies=every_remedy())), at(DUE)
    )
    recorded = state.stages[Stage.STAGE_1].response.remedies
    assert [r.kind for r in recorded] == list(RemedyKind)


def test_r_rem_2_compensation_records_its_parts_and_total() -> None:
    state = opened()
    effects = responses.submit_response(
        state, SubmitResponseInput(response=response(remedies=every_remedy())), at(DUE)
    )
    (letter,) = letters(effects, "stage_1_response")
    (money,) = [r["compensation"] for r in letter.fields["remedies"] if r["compensation"]]
    assert money == {
        "statutory": 25,
        "quantifiable_losses": 60.5,
        "time_and_trouble": 50,
        "distress_and_inconvenience": 100,
    }
    (financial,) = [
        r for r in state.stages[Stage.STAGE_1].response.remedies if r.kind == RemedyKind.FINANCIAL
    ]
    assert financial.compensation.total == 235.5


def test_r_rem_3_each_remedy_due_and_each_action_is_tracked_by_its_own_workflow() -> None:
    state = opened()
    remedies = [
        Remedy(kind=RemedyKind.APOLOGY, description="We apologise"),  # delivered in the letter
        Remedy(
            kind=RemedyKind.AMEND_RECORD,
            description="Correct the repair log",
            due=date(2026, 3, 20),
        ),
    ]
    effects = responses.submit_response(
        state, SubmitResponseInput(response=response(remedies=remedies)), at(DUE)
    )
    assert [e.item_id for e in effects if isinstance(e, Track)] == ["1", "2"]
    assert [(i.kind, i.due, i.workflow_id) for i in state.tracked.values()] == [
        ("remedy", date(2026, 3, 20), "CMP-2026-000001/action-1"),
        ("action", date(2026, 4, 10), "CMP-2026-000001/action-2"),
    ]


@pytest.mark.parametrize(
    ("item_id", "words"),
    [
        pytest.param("9", "no action numbered 9", id="unknown item"),
        pytest.param("1", "was completed on Wed 18 Mar 2026", id="completed item"),
    ],
)
def test_r_rem_3_progress_refused_on_unknown_or_completed_items(item_id: str, words: str) -> None:
    state = opened()
    responses.submit_response(state, SubmitResponseInput(response=response()), at(DUE))
    aftercare.item_completed(state, "1", date(2026, 3, 18))
    with pytest.raises(Refused, match=re.escape(words)):
        aftercare.check_record_progress(
            state, RecordProgressInput(item_id=item_id, note="Parts ordered"), at(DUE)
        )


@pytest.mark.parametrize(
    ("decisions", "lessons"),
    [
        pytest.param(["upheld", "upheld"], ["Order parts early"], id="upheld"),
        pytest.param(["upheld", "not_upheld"], ["Order parts early"], id="partially upheld"),
        pytest.param(["not_upheld", "not_upheld"], [], id="not upheld: no lesson needed"),
    ],
)
def test_r_lrn_1_lesson_joins_the_lessons_log(decisions: list[str], lessons: list[str]) -> None:
    state = opened()
    answer = response(
        decisions=[
            IssueDecision(issue_id=n, decision=d, reasons="Checked the records")
            for n, d in enumerate(decisions, start=1)
        ],
        lesson=lessons[0] if lessons else None,
    )
    responses.submit_response(state, SubmitResponseInput(response=answer), at(DUE))
    assert state.lessons == lessons
