"""Sections 0 to 3 of the rules through the running workflow: time, policy profiles, who
and how, intake and acceptance.

Real time-skipping Temporal server, real activities, real PostgreSQL. Every date is
computed from the server's clock and checked against the working-day calendar.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from temporalio.client import WorkflowHandle
from temporalio.service import RPCError
from temporalio.worker import (
    Interceptor,
    Replayer,
    StartLocalActivityInput,
    WorkflowInboundInterceptor,
    WorkflowInterceptorClassInput,
    WorkflowOutboundInterceptor,
)

from activities import ComplaintActivities
from models.complaint import ComplaintState
from models.effects import ComplaintSummary, RecordEventInput
from models.enums import (
    CHANNEL_WORDS,
    EXCLUSION_WORDS,
    Channel,
    Exclusion,
    Kind,
    Relationship,
    RepresentativeKind,
    ServiceArea,
    Status,
    Tenure,
)
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignHandlerInput,
    AssignReviewerInput,
    CalendarChangedInput,
    DecideEscalationInput,
    DeclineInput,
    RecordConsentInput,
    ReopenInput,
    RequestClarificationInput,
    RequestEscalationInput,
    ResolveEarlyInput,
    SubmitResponseInput,
)
from models.parties import Complainant, Representative
from models.stages import IssueDecision, StageResponse
from rules import policy
from rules.calendar import LONDON, add_months, local_date, next_office_hours, overdue_from
from rules.handling.common import last_stage, stage_three_available
from rules.organisations import UnknownOrganisation, organisations
from settings import Settings
from store.references import next_reference
from tests.workflows.conftest import HANDLER, OTHER_HANDLER, REVIEWER, Complaints
from worker import WORKFLOWS, build_worker, workflow_runner
from workflows import search_attributes as sa
from workflows.inputs import StartComplaint

CLOSURES_ENV = "REDRESS_CLOSURES"

ACK = AcknowledgeInput(
    by=HANDLER.id,
    definition="The boiler has not worked for three weeks and two repair visits were missed",
    outcomes_sought="A working boiler and compensation for the missed visits",
    issues=["Boiler repair delay", "Missed repair appointments"],
)


# -- scenario steps ----------------------------------------------------------------------


async def logged(complaints: Complaints, **intake: Any) -> WorkflowHandle:
    """Logged and given a handler, awaiting the decision to accept."""
    handle = await complaints.log(**intake)
    await complaints.act(
        handle, "assign_handler", AssignHandlerInput(by="officer", handler=HANDLER)
    )
    return handle


async def accepted(complaints: Complaints, **intake: Any) -> WorkflowHandle:
    handle = await logged(complaints, **intake)
    await complaints.act(handle, "accept", AcceptInput(by="officer"))
    return handle


async def acknowledged(complaints: Complaints, **intake: Any) -> WorkflowHandle:
    handle = await accepted(complaints, **intake)
    await complaints.act(handle, "acknowledge", ACK)
    return handle


async def accepted_without_handler(complaints: Complaints, **intake: Any) -> WorkflowHandle:
    handle = await complaints.log(**intake)
    await complaints.act(handle, "accept", AcceptInput(by="officer"))
    return handle


async def late_and_logged(complaints: Complaints) -> WorkflowHandle:
    today = await complaints.today()
    return await logged(complaints, issue_date=add_months(today, -12) - timedelta(days=1))


def not_upheld() -> SubmitResponseInput:
    return SubmitResponseInput(
        by=HANDLER.id,
        response=StageResponse(
            definition=ACK.definition,
            decisions=[
                IssueDecision(issue_id=1, decision="not_upheld", reasons="Repaired in 3 days"),
                IssueDecision(issue_id=2, decision="not_upheld", reasons="Both visits were kept"),
            ],
            reasons="Our repairs policy gives 28 days for a non-urgent boiler repair.",
        ),
    )


async def stage_one_answered(complaints: Complaints, **intake: Any) -> WorkflowHandle:
    """Stage 1 response sent and the resident asks to escalate without giving reasons."""
    handle = await acknowledged(complaints, **intake)
    await complaints.act(handle, "submit_response", not_upheld())
    await complaints.act(handle, "request_escalation", RequestEscalationInput(reasons=""))
    return handle


async def at_stage_two(complaints: Complaints) -> WorkflowHandle:
    handle = await acknowledged(complaints)
    await complaints.act(handle, "submit_response", not_upheld())
    await complaints.act(
        handle, "request_escalation", RequestEscalationInput(reasons="The boiler still fails")
    )
    await complaints.act(handle, "assign_reviewer", AssignReviewerInput(reviewer=REVIEWER))
    await complaints.act(
        handle,
        "decide_escalation",
        DecideEscalationInput(
            by=REVIEWER.id,
            accept=True,
            understanding="The boiler still fails after the repair",
            outcomes_sought="A new boiler",
        ),
    )
    return handle


def kinds(events: list[Any]) -> list[str]:
    return [e.kind for e in events]


def about(events: list[Any], kind: str, key: str) -> list[Any]:
    """Events of a kind about one deadline."""
    return [e for e in events if e.kind == kind and e.data.get("key") == key]


async def attribute(handle: WorkflowHandle, key: Any) -> Any:
    return (await handle.describe()).typed_search_attributes.get(key)


async def refused_without_change(
    complaints: Complaints, handle: WorkflowHandle, update: str, inp: Any
) -> str:
    """The action is refused with a message; the state and the record are unchanged."""
    before = await complaints.state(handle)
    recorded = len(await complaints.events(handle.id))
    message = await complaints.refused(handle, update, inp)
    assert (await complaints.state(handle)).model_dump() == before.model_dump()
    assert len(await complaints.events(handle.id)) == recorded
    return message


@asynccontextmanager
async def worker_on(
    complaints: Complaints,
    postgres_url: str,
    data_dir: Any,
) -> AsyncIterator[Complaints]:
    """A worker of our own on its own task queue, its activities built from the
    environment as it is now (REDRESS_CLOSURES is read when the activities are built)."""
    task_queue = f"complaints-{uuid.uuid4()}"
    settings = complaints.settings.model_copy(
        update={
            "database_url": postgres_url,
            "data_dir": data_dir,
            "closures": Settings().closures,  # as REDRESS_CLOSURES says now
        }
    )
    activities = ComplaintActivities(complaints.sessionmaker, settings)
    async with build_worker(complaints.env.client, activities, task_queue):
        ours = Complaints(
            complaints.env,
            task_queue,
            complaints.sessionmaker,
            complaints.counter,
            settings,
            complaints.mail,
        )
        try:
            yield ours
        finally:
            await ours.terminate_started()  # before this worker, their only one, stops


# -- 0. Time -----------------------------------------------------------------------------


async def test_r_time_1_weekends_bank_holidays_and_closure_days_are_not_counted(
    complaints, monkeypatch
):
    day = await complaints.start_of_working_day()
    plain = complaints.cal(day)
    closed = plain.next_working_day(day)
    monkeypatch.setenv(CLOSURES_ENV, closed.isoformat())
    handle = await logged(complaints)
    state = await complaints.state(handle)
    assert closed in state.calendar.non_working
    # The configured closure, and every weekend and bank holiday, are skipped: one more
    # working day of the plain calendar is needed to reach each due date.
    assert state.deadlines["log"].due == plain.add_working_days(day, 2)
    assert state.deadlines["acknowledgement"].target == plain.add_working_days(day, 3)
    assert state.deadlines["acknowledgement"].limit == plain.add_working_days(day, 6)
    assert (state.deadlines["acknowledgement"].limit - day).days >= 7


async def test_r_time_2_a_complaint_received_on_a_saturday_counts_from_the_next_working_day(
    complaints,
):
    day = await complaints.start_of_working_day()
    saturday = day + timedelta(days=(5 - day.weekday()) % 7)
    await complaints.advance_to_day(saturday)
    handle = await logged(complaints)
    state = await complaints.state(handle)
    cal = complaints.cal(saturday)
    first_working = cal.working_day_on_or_after(saturday)
    assert state.intake.first_contact_on == saturday
    assert state.deadlines["log"].due == first_working
    assert state.deadlines["acknowledgement"].target == cal.next_working_day(first_working)
    assert state.deadlines["acknowledgement"].limit == cal.add_working_days(first_working, 4)


async def test_r_time_2_the_day_received_never_counts(complaints):
    day = await complaints.start_of_working_day()
    handle = await logged(complaints)
    state = await complaints.state(handle)
    cal = complaints.cal(day)
    assert state.deadlines["log"].due == cal.next_working_day(day) > day
    assert cal.working_days_between(day, state.deadlines["acknowledgement"].target) == 2
    assert cal.working_days_between(day, state.deadlines["acknowledgement"].limit) == 5


async def test_r_time_3_acknowledged_on_the_due_date_is_met(complaints):
    day = await complaints.start_of_working_day()
    handle = await accepted(complaints)
    limit = (await complaints.state(handle)).deadlines["acknowledgement"].limit
    await complaints.advance_to_day(limit, hour=16)
    await complaints.act(handle, "acknowledge", ACK)
    await complaints.advance_to(overdue_from(limit) + timedelta(hours=1))
    state = await complaints.state(handle)
    events = await complaints.events(handle.id)
    assert limit == complaints.cal(day).add_working_days(day, 5)
    assert state.deadlines["acknowledgement"].met_on == limit
    assert len(about(events, "deadline_met", "acknowledgement")) == 1
    assert not about(events, "limit_missed", "acknowledgement")
    assert not state.breached
    assert await attribute(handle, sa.BREACHED) is False


async def test_r_time_3_overdue_and_breached_from_midnight_london_the_next_day_not_before(
    complaints,
):
    await complaints.start_of_working_day()
    handle = await accepted(complaints)
    limit = (await complaints.state(handle)).deadlines["acknowledgement"].limit
    midnight = overdue_from(limit)

    await complaints.advance_to(midnight - timedelta(minutes=1))
    assert not about(await complaints.events(handle.id), "limit_missed", "acknowledgement")
    assert not (await complaints.state(handle)).breached
    assert await attribute(handle, sa.BREACHED) is False

    await complaints.advance_to(midnight + timedelta(minutes=1))
    (missed,) = about(await complaints.events(handle.id), "limit_missed", "acknowledgement")
    local = missed.occurred_at.astimezone(LONDON)
    assert missed.occurred_at >= midnight
    assert (local.date(), local.hour, local.minute) == (limit + timedelta(days=1), 0, 0)
    assert (await complaints.state(handle)).breached
    assert await attribute(handle, sa.BREACHED) is True
    assert (await complaints.row(handle.id)).breached


async def test_r_time_4_calendar_change_moves_open_deadlines_and_records_it(
    complaints, monkeypatch, postgres_url, tmp_path
):
    day = await complaints.start_of_working_day()
    before_cal = complaints.cal(day)
    announced = before_cal.add_working_days(day, 2)  # a future working day
    # The worker is configured with the newly announced holiday; the complaint was logged
    # (its calendar snapshot taken) before anyone knew of it.
    monkeypatch.setenv(CLOSURES_ENV, announced.isoformat())
    async with worker_on(complaints, postgres_url, tmp_path) as ours:
        monkeypatch.delenv(CLOSURES_ENV)
        handle = await acknowledged(ours)
        before = await ours.state(handle)
        response = before.deadlines["stage_1_response"]
        assert announced not in before.calendar.non_working
        assert day < announced < response.due

        monkeypatch.setenv(CLOSURES_ENV, announced.isoformat())
        await handle.signal("calendar_changed", CalendarChangedInput(reason="Bank holiday"))
        await ours.advance(timedelta(minutes=1))
        after = await ours.state(handle)
        events = await ours.events(handle.id)
        row = await ours.row(handle.id)

    moved = after.deadlines["stage_1_response"]
    assert announced in after.calendar.non_working
    assert moved.due == before_cal.next_working_day(response.due)
    assert moved.due == complaints.cal(day).add_working_days(day, 10)
    assert moved.ceiling == complaints.cal(day).add_working_days(moved.due, 10)
    assert after.deadlines["acknowledgement"] == before.deadlines["acknowledgement"]
    assert after.deadlines["log"] == before.deadlines["log"]
    assert after.calendar_changes == 1
    assert kinds(events).count("calendar_changed") == 1
    (recomputed,) = [e for e in events if e.kind == "deadline_recomputed"]
    assert recomputed.data == {
        "key": "stage_1_response",
        "from": response.due.isoformat(),
        "to": moved.due.isoformat(),
    }
    assert row.next_due == moved.due


class RecordedEvents(Interceptor):
    """Keeps what the workflow asks the database to record (`record_effects`), here
    during a replay: the events, and the read-model summary of each batch."""

    def __init__(self) -> None:
        self.inputs: list[RecordEventInput] = []
        self.summaries: list[ComplaintSummary | None] = []

    def workflow_interceptor_class(
        self, input: WorkflowInterceptorClassInput
    ) -> type[WorkflowInboundInterceptor]:
        seen, summaries = self.inputs, self.summaries

        class Outbound(WorkflowOutboundInterceptor):
            def start_local_activity(self, input: StartLocalActivityInput) -> Any:
                if input.activity == "record_effects":
                    seen.extend(input.args[0].events)
                    summaries.append(input.args[0].summary)
                return super().start_local_activity(input)

        class Inbound(WorkflowInboundInterceptor):
            def init(self, outbound: WorkflowOutboundInterceptor) -> None:
                super().init(Outbound(outbound))

        return Inbound


async def test_r_time_5_dates_are_in_the_history_and_replay_identically(complaints, monkeypatch):
    day = await complaints.start_of_working_day()
    handle = await acknowledged(complaints)
    state = await complaints.state(handle)
    recorded = await complaints.events(handle.id)
    history = await handle.fetch_history()

    started = history.events[0].workflow_execution_started_event_attributes
    # The input is encrypted in history (R-DP-1): decode with the session's codec.
    converter = complaints.env.client.data_converter
    (start,) = await converter.decode(started.input.payloads, [StartComplaint])
    assert start.calendar == state.calendar
    assert start.profile == state.profile

    # Replay where the calendar would now differ: the dates come from the history.
    monkeypatch.setenv(CLOSURES_ENV, complaints.cal(day).next_working_day(day).isoformat())
    spy = RecordedEvents()
    replayer = Replayer(
        workflows=WORKFLOWS,
        workflow_runner=workflow_runner(),
        data_converter=converter,
        interceptors=[spy],
    )
    await replayer.replay_workflow(history)

    # The replay asks for exactly the record the original run wrote, dates and all.
    replayed = [(i.seq, i.event.kind, i.event.summary, i.event.data) for i in spy.inputs]
    assert replayed == [(e.seq, e.kind, e.summary, e.data) for e in recorded]
    deadlines_set = {
        d["key"]: (d["target"], d["limit"]) for _, kind, _, d in replayed if kind == "deadline_set"
    }
    assert deadlines_set == {
        key: (d.target.isoformat(), d.limit.isoformat()) for key, d in state.deadlines.items()
    }
    last = spy.summaries[-1]
    assert last is not None
    assert (last.next_due, last.next_target) == (
        state.deadlines["stage_1_response"].due,
        state.deadlines["stage_1_response"].target,
    )


# -- 1. Policy profiles ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "target_wd", "limit_wd"),
    [
        pytest.param("seed", 2, 5, id="seed: 2 working days, 5 at most"),
        pytest.param("hos-2024", 5, 5, id="hos-2024: 5 working days"),
    ],
)
async def test_policy_profile_sets_the_acknowledgement_target_and_limit(
    complaints, profile, target_wd, limit_wd
):
    day = await complaints.start_of_working_day()
    handle = await logged(complaints, policy_profile=profile)
    state = await complaints.state(handle)
    cal = complaints.cal(day)
    ack = state.deadlines["acknowledgement"]
    assert (ack.target_wd, ack.limit_wd) == (target_wd, limit_wd)
    assert ack.target == cal.add_working_days(day, target_wd)
    assert ack.limit == cal.add_working_days(day, limit_wd)
    assert (state.profile.name, state.intake.policy_version) == (profile, 1)


NO_REASONS = DecideEscalationInput(
    by=REVIEWER.id,
    accept=False,
    refusal="no_reasons_given",
    explanation="You did not tell us what you disagree with.",
)


async def test_policy_profile_hos_2024_no_reasons_required_to_escalate(complaints):
    await complaints.start_of_working_day()
    handle = await stage_one_answered(complaints, policy_profile="hos-2024")
    (response,) = [x for x in await complaints.letters(handle.id) if x.letter == "stage_1_response"]
    assert response.fields["route"]["reasons_required"] is False
    assert (await complaints.state(handle)).status == Status.ESCALATION_REQUESTED
    message = await refused_without_change(complaints, handle, "decide_escalation", NO_REASONS)
    assert "does not require reasons to escalate" in message


async def test_policy_profile_seed_escalation_may_be_refused_without_reasons(complaints):
    await complaints.start_of_working_day()
    handle = await stage_one_answered(complaints, policy_profile="seed")
    (response,) = [x for x in await complaints.letters(handle.id) if x.letter == "stage_1_response"]
    assert response.fields["route"]["reasons_required"] is True
    await complaints.act(handle, "decide_escalation", NO_REASONS)
    state = await complaints.state(handle)
    assert (state.status, state.escalations[-1].refusal) == (Status.CLOSED, "no_reasons_given")


async def test_policy_profile_a_complaint_keeps_the_version_it_started_under(
    complaints, monkeypatch
):
    day = await complaints.start_of_working_day()
    cal = complaints.cal(day)
    earlier = await accepted(complaints)

    shipped = policy._index()
    version_2 = shipped["seed"][1].model_copy(
        update={"version": 2, "ack_target_wd": 3, "stage_1_response_wd": 15}
    )
    monkeypatch.setattr(
        policy, "_index", lambda: {**shipped, "seed": {**shipped["seed"], 2: version_2}}
    )
    later = await accepted(complaints)
    for handle in (earlier, later):
        await complaints.act(handle, "acknowledge", ACK)

    kept, new = await complaints.state(earlier), await complaints.state(later)
    assert (kept.profile.version, kept.intake.policy_version) == (1, 1)
    assert kept.deadlines["acknowledgement"].target == cal.add_working_days(day, 2)
    assert kept.deadlines["stage_1_response"].due == cal.add_working_days(day, 10)
    assert (new.profile.version, new.intake.policy_version) == (2, 2)
    assert new.deadlines["acknowledgement"].target == cal.add_working_days(day, 3)
    assert new.deadlines["stage_1_response"].due == cal.add_working_days(day, 15)


# -- 2. Who and how ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "representative",
    [
        pytest.param(
            {"name": "Smith & Co Solicitors", "kind": "legal_representative"},
            id="a legal representative",
        ),
        pytest.param(
            {"name": "A Friend", "kind": "other_third_party", "with_view_to_legal_action": True},
            id="a third party writing with a view to legal action",
        ),
    ],
)
async def test_r_who_1_a_legal_representative_is_refused_at_intake_with_a_clear_message(
    complaints, representative
):
    await complaints.start_of_working_day()
    reference = complaints.reference()
    with pytest.raises(ValidationError) as refused:
        await complaints.log(reference=reference, representative=representative)
    assert "legal representative writing with a view to legal action cannot act" in str(
        refused.value
    )
    with pytest.raises(RPCError):
        await complaints.env.client.get_workflow_handle(reference).describe()
    assert await complaints.events(reference) == []


@pytest.mark.parametrize(
    ("relationship", "kind"),
    [
        pytest.param(Relationship.CURRENT_RESIDENT, RepresentativeKind.MP, id="MP for a resident"),
        pytest.param(Relationship.FORMER_RESIDENT, RepresentativeKind.COUNCILLOR, id="councillor"),
        pytest.param(Relationship.SERVICE_USER, RepresentativeKind.ADVOCATE, id="advocate"),
        pytest.param(
            Relationship.POTENTIAL_RESIDENT,
            RepresentativeKind.FAMILY_OR_FRIEND,
            id="family for a potential resident",
        ),
        pytest.param(
            Relationship.NEIGHBOUR, RepresentativeKind.OTHER_THIRD_PARTY, id="third party"
        ),
    ],
)
async def test_r_who_1_residents_service_users_neighbours_and_their_representatives_may_complain(
    complaints, relationship, kind
):
    await complaints.start_of_working_day()
    handle = await accepted(
        complaints,
        complainant=Complainant(name="Sam Lee", email="sam@example.org", relationship=relationship),
        representative=Representative(name="Robin Shaw", kind=kind, email="robin@example.org"),
    )
    state = await complaints.state(handle)
    assert state.status == Status.ACCEPTED
    assert state.intake.complainant.relationship == relationship
    assert state.representative is not None and state.representative.kind == kind


async def test_r_who_2_letters_go_to_the_representative_only_after_consent(complaints):
    today = await complaints.start_of_working_day()
    rep = Representative(name="Cllr Jo Jones", kind="councillor", email="cllr.jones@example.org")
    handle = await accepted(complaints, representative=rep)
    await complaints.act(
        handle,
        "request_clarification",
        RequestClarificationInput(by=HANDLER.id, questions="Which rooms have no heating?"),
    )
    await complaints.act(
        handle,
        "record_consent",
        RecordConsentInput(by=HANDLER.id, representative=rep, consent_on=today),
    )
    await complaints.act(handle, "acknowledge", ACK)

    sent = {x.letter: x.recipients for x in await complaints.letters(handle.id)}
    assert [r["role"] for r in sent["clarification"]] == ["complainant"]
    assert [(r["role"], r["name"], r["email"]) for r in sent["acknowledgement"]] == [
        ("complainant", "Alex Morgan", "alex@example.org"),
        ("representative", "Cllr Jo Jones", "cllr.jones@example.org"),
    ]
    state = await complaints.state(handle)
    assert state.representative is not None
    assert state.representative.consent_recorded_on == today
    assert "consent_recorded" in kinds(await complaints.events(handle.id))


async def test_r_who_2_consent_dated_in_the_future_is_refused(complaints):
    today = await complaints.start_of_working_day()
    handle = await logged(complaints)
    rep = Representative(name="Cllr Jo Jones", kind="councillor")
    message = await refused_without_change(
        complaints,
        handle,
        "record_consent",
        RecordConsentInput(representative=rep, consent_on=today + timedelta(days=1)),
    )
    assert "Consent cannot be recorded with a date in the future" in message


@pytest.mark.parametrize("channel", list(Channel))
async def test_r_chan_1_a_complaint_from_each_channel_runs_to_acknowledgement(complaints, channel):
    await complaints.start_of_working_day()
    handle = await acknowledged(complaints, channel=channel)
    events = await complaints.events(handle.id)
    assert events[0].kind == "logged"
    assert f"received {CHANNEL_WORDS[channel]}" in events[0].summary
    assert (await complaints.row(handle.id)).channel == channel.value
    assert (await complaints.state(handle)).status == Status.OPEN
    assert "acknowledgement" in [x.letter for x in await complaints.letters(handle.id)]


async def test_r_chan_1_staff_enter_a_telephone_complaint_on_behalf_of_the_caller(complaints):
    day = await complaints.start_of_working_day()
    handle = await complaints.log(
        channel=Channel.TELEPHONE,
        logged_by=HANDLER.id,
        handler=HANDLER,
        complainant=Complainant(
            name="Pat Hill",
            phone="0113 496 0000",
            address="2 Oak Street, Leeds",
            preferences={"channel": "post"},
        ),
    )
    await complaints.act(handle, "accept", AcceptInput(by=HANDLER.id))
    await complaints.act(handle, "acknowledge", ACK)

    events = await complaints.events(handle.id)
    assert (events[0].kind, events[0].actor) == ("logged", HANDLER.id)
    (letter,) = [x for x in await complaints.letters(handle.id) if x.letter == "acknowledgement"]
    assert letter.channel == "post"
    assert letter.recipients[0]["address"] == "2 Oak Street, Leeds"
    assert letter.problem is None
    state = await complaints.state(handle)
    assert state.handler == HANDLER
    assert state.deadlines["acknowledgement"].met_on == day


async def test_r_chan_1_a_handler_given_at_intake_has_their_manager_told_of_a_missed_target(
    complaints,
):
    day = await complaints.start_of_working_day()
    handle = await complaints.log(channel=Channel.TELEPHONE, handler=HANDLER)
    await complaints.act(handle, "accept", AcceptInput(by=HANDLER.id))
    target = (await complaints.state(handle)).deadlines["acknowledgement"].target
    told_at = next_office_hours(overdue_from(target), complaints.cal(day))
    await complaints.advance_to(told_at + timedelta(hours=1))
    notices = [(n.staff_id, n.subject.split(":")[0]) for n in await complaints.notices(handle.id)]
    assert (HANDLER.id, "Reminder") in notices
    assert (HANDLER.manager_id, "Target missed") in notices


async def test_r_org_1_the_organisation_is_carried_everywhere(complaints):
    """Each complaint belongs to one organisation of the group; its letters carry that
    organisation's name, heading and contact details."""
    await complaints.start_of_working_day()
    care = await acknowledged(
        complaints, organisation="care", service_area=ServiceArea.ADULT_SOCIAL_CARE
    )
    homes = await acknowledged(complaints, organisation="housing_association")
    for handle, organisation in ((care, "care"), (homes, "housing_association")):
        details = organisations()[organisation]
        assert (await complaints.state(handle)).intake.organisation == organisation
        assert (await complaints.state(handle)).organisation == details
        assert (await complaints.row(handle.id)).organisation == organisation
        assert await attribute(handle, sa.ORGANISATION) == organisation
        letters = await complaints.letters(handle.id)
        assert letters and {x.organisation for x in letters} == {organisation}
        for letter in letters:
            heading = letter.fields["organisation"]
            assert (heading["name"], heading["letter_heading"], heading["phone"]) == (
                details.name,
                details.letter_heading,
                details.phone,
            )


@pytest.mark.parametrize(
    ("organisation", "area", "words"),
    [
        ("nobody", ServiceArea.LANDLORD_SERVICES, "not one of our organisations"),
        ("care", ServiceArea.LANDLORD_SERVICES, "does not provide landlord services"),
    ],
    ids=["an organisation we do not have", "a service the organisation does not provide"],
)
async def test_r_org_1_a_complaint_for_an_unknown_organisation_or_service_is_refused(
    complaints, organisation, area, words
):
    with pytest.raises(UnknownOrganisation, match=words):
        await complaints.log(organisation=organisation, service_area=area)


@pytest.mark.parametrize(
    ("area", "tenure", "ombudsman", "stage_3"),
    [
        pytest.param(
            ServiceArea.LANDLORD_SERVICES,
            Tenure.TENANT,
            "Housing Ombudsman Service",
            False,
            id="landlord services: Housing Ombudsman",
        ),
        pytest.param(
            ServiceArea.HOMELESSNESS_ALLOCATIONS,
            Tenure.NONE,
            "Local Government and Social Care Ombudsman",
            True,
            id="homelessness, not a tenant: Stage 3 panel then LGSCO",
        ),
        pytest.param(
            ServiceArea.HOMELESSNESS_ALLOCATIONS,
            Tenure.TENANT,
            "Local Government and Social Care Ombudsman",
            False,
            id="allocations, a tenant: no Stage 3",
        ),
        pytest.param(
            ServiceArea.ADULT_SOCIAL_CARE,
            Tenure.NONE,
            "Local Government and Social Care Ombudsman",
            False,
            id="adult social care: LGSCO after Stage 2",
        ),
    ],
)
async def test_r_svc_1_the_service_area_decides_the_route(
    complaints, area, tenure, ombudsman, stage_3
):
    await complaints.start_of_working_day()
    handle = await logged(
        complaints,
        service_area=area,
        complainant=Complainant(name="Sam Lee", email="sam@example.org", tenure=tenure),
    )
    await complaints.act(
        handle,
        "decline",
        DeclineInput(reason="already_considered", detail="We answered this in March."),
    )
    (letter,) = [x for x in await complaints.letters(handle.id) if x.letter == "decline"]
    assert letter.fields["ombudsman_contact"]["name"] == ombudsman
    state = await complaints.state(handle)
    assert stage_three_available(state) is stage_3
    assert last_stage(state).value == ("stage_3" if stage_3 else "stage_2")


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [
        pytest.param(Kind.COMPLIMENT, "CPL", id="compliment"),
        pytest.param(Kind.COMMENT, "CMT", id="comment"),
    ],
)
async def test_r_def_1_a_compliment_is_thanked_with_no_deadlines_and_completes(
    complaints, kind, prefix
):
    today = await complaints.start_of_working_day()
    async with complaints.sessionmaker() as session:
        reference = await next_reference(session, kind.value, today.year)
        await session.commit()
    assert reference.startswith(f"{prefix}-{today.year}-")
    assert len(reference.rsplit("-", 1)[1]) == 6

    handle = await complaints.log(
        reference=reference, kind=kind, description="Thank you for the quick repair"
    )
    final = await handle.result()

    assert isinstance(final, ComplaintState)
    assert (final.intake.kind, final.status, final.closed_on) == (kind, Status.COMPLETED, today)
    assert final.deadlines == {}
    assert [x.letter for x in await complaints.letters(reference)] == [f"{kind.value}_reply"]
    assert kinds(await complaints.events(reference))[-1] == "completed"


# -- 3. Intake and acceptance ------------------------------------------------------------


async def test_r_int_1_the_reference_is_the_workflow_id(complaints):
    await complaints.start_of_working_day()
    reference = complaints.reference()
    handle = await complaints.log(reference=reference)
    assert handle.id == reference
    assert (await handle.describe()).id == reference
    assert await attribute(handle, sa.REFERENCE) == reference
    assert (await complaints.state(handle)).reference == reference
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    assert (await complaints.row(reference)).reference == reference


@pytest.mark.parametrize(
    ("working_days_ago", "recorded_as"),
    [
        pytest.param(0, "deadline_met", id="logged the day of first contact: met"),
        pytest.param(1, "deadline_met", id="logged the next working day: met on the due date"),
        pytest.param(3, "deadline_met_late", id="logged three working days later: missed"),
    ],
)
async def test_r_int_1_first_contact_is_kept_apart_from_the_day_logged(
    complaints, working_days_ago, recorded_as
):
    today = await complaints.start_of_working_day()
    cal = complaints.cal(today)
    first_contact = cal.subtract_working_days(today, working_days_ago)
    handle = await logged(complaints, first_contact_on=first_contact)
    state = await complaints.state(handle)
    row = await complaints.row(handle.id)
    log = state.deadlines["log"]
    assert (state.intake.first_contact_on, row.first_contact_on) == (first_contact, first_contact)
    assert local_date(state.logged_at) == local_date(row.logged_at) == today
    assert log.due == cal.next_working_day(first_contact)
    assert log.met_on == today
    assert len(about(await complaints.events(handle.id), recorded_as, "log")) == 1


async def test_r_int_2_early_resolution_with_the_residents_agreement_is_recorded(complaints):
    today = await complaints.start_of_working_day()
    handle = await logged(complaints)
    result = await complaints.act(
        handle,
        "resolve_early",
        ResolveEarlyInput(
            by=HANDLER.id, what_was_done="Booked the boiler repair for Friday", resident_agreed=True
        ),
    )
    state = await complaints.state(handle)
    assert result.status == state.status == Status.RESOLVED_EARLY
    assert state.early_resolution is not None
    assert state.early_resolution.what_was_done == "Booked the boiler repair for Friday"
    assert (state.early_resolution.resident_agreed, state.early_resolution.resolved_on) == (
        True,
        today,
    )
    assert state.deadlines["acknowledgement"].cancelled
    (event,) = [e for e in await complaints.events(handle.id) if e.kind == "resolved_early"]
    assert (event.actor, event.data) == (HANDLER.id, {"resident_agreed": True})
    assert await attribute(handle, sa.STAGE) == "stage_1"


async def test_r_int_2_reopening_makes_it_stage_1_at_once_counted_from_that_day(complaints):
    day = await complaints.start_of_working_day()
    cal = complaints.cal(day)
    handle = await logged(complaints)
    await complaints.act(
        handle,
        "resolve_early",
        ResolveEarlyInput(
            what_was_done="Explained when the repair is booked", resident_agreed=True
        ),
    )
    reopened_on = cal.add_working_days(day, 2)
    await complaints.advance_to_day(reopened_on)
    result = await complaints.act(
        handle, "reopen", ReopenInput(by=HANDLER.id, reason="The resident wants a formal complaint")
    )
    state = await complaints.state(handle)
    ack = state.deadlines["acknowledgement"]
    assert (result.stage, result.status) == ("stage_1", "accepted")
    assert state.accepted_on == reopened_on
    assert ack.is_open and ack.basis == reopened_on
    assert ack.target == cal.add_working_days(reopened_on, 2)
    assert ack.limit == cal.add_working_days(reopened_on, 5)
    assert "became_stage_1" in kinds(await complaints.events(handle.id))
    assert (await complaints.act(handle, "acknowledge", ACK)).status == "open"


async def test_r_acc_1_accepting_records_the_day_and_awaits_acknowledgement(complaints):
    today = await complaints.start_of_working_day()
    handle = await accepted(complaints)
    state = await complaints.state(handle)
    assert (state.status, state.accepted_on) == (Status.ACCEPTED, today)
    assert "accepted" in kinds(await complaints.events(handle.id))
    assert await attribute(handle, sa.STATUS) == "accepted"


async def test_r_acc_1_a_late_complaint_is_accepted_only_with_a_discretion_reason(complaints):
    await complaints.start_of_working_day()
    handle = await late_and_logged(complaints)
    message = await refused_without_change(complaints, handle, "accept", AcceptInput())
    assert "older than 12 months" in message and "discretion" in message
    await complaints.act(
        handle,
        "accept",
        AcceptInput(late_discretion_reason="the resident was in hospital for most of the year"),
    )
    state = await complaints.state(handle)
    assert state.status == Status.ACCEPTED
    assert state.late_accepted_because == "the resident was in hospital for most of the year"
    (event,) = [e for e in await complaints.events(handle.id) if e.kind == "accepted"]
    assert "in hospital" in event.summary


async def test_r_acc_1_a_late_complaint_may_be_declined_as_late(complaints):
    await complaints.start_of_working_day()
    handle = await late_and_logged(complaints)
    await complaints.act(
        handle, "decline", DeclineInput(reason="late", detail="The repair was in 2019.")
    )
    assert (await complaints.state(handle)).declined_for == Exclusion.LATE


async def test_r_acc_2_decline_letter_gives_the_detailed_reason_and_the_ombudsman(complaints):
    await complaints.start_of_working_day()
    handle = await logged(complaints)
    detail = "Your claim for the damaged carpet is being handled by our insurer."
    await complaints.act(handle, "decline", DeclineInput(reason="insurance_claim", detail=detail))
    (letter,) = await complaints.letters(handle.id)
    assert letter.letter == "decline"
    assert letter.fields["reason"] == EXCLUSION_WORDS[Exclusion.INSURANCE_CLAIM]
    assert letter.fields["detail"] == detail
    assert letter.fields["ombudsman"] == "the Housing Ombudsman Service"
    assert letter.fields["ombudsman_contact"]["phone"] == "0300 111 3000"
    assert letter.fields["reference"] == handle.id
    state = await complaints.state(handle)
    assert (state.status, state.declined_for) == (Status.DECLINED, Exclusion.INSURANCE_CLAIM)
    assert state.deadlines["acknowledgement"].cancelled


@pytest.mark.parametrize(
    ("area", "any_time"),
    [
        pytest.param(ServiceArea.LANDLORD_SERVICES, True, id="landlord services"),
        pytest.param(ServiceArea.ADULT_SOCIAL_CARE, False, id="adult social care"),
    ],
)
async def test_r_ack_1_acknowledgement_letter_states_what_the_code_requires(
    complaints, area, any_time
):
    day = await complaints.start_of_working_day()
    handle = await acknowledged(complaints, service_area=area)
    (letter,) = [x for x in await complaints.letters(handle.id) if x.letter == "acknowledgement"]
    fields = letter.fields
    assert fields["reference"] == handle.id
    assert fields["stage"] == "Stage 1"
    assert fields["definition"] == ACK.definition
    assert fields["outcomes_sought"] == ACK.outcomes_sought
    assert fields["issues"] == ACK.issues
    assert fields["contact"] == {"name": HANDLER.name, "email": HANDLER.email, "phone": None}
    assert fields["response_due"] == complaints.cal(day).add_working_days(day, 10).isoformat()
    assert fields["ombudsman_any_time"] is any_time
    state = await complaints.state(handle)
    assert state.deadlines["acknowledgement"].met_on == day
    assert state.deadlines["stage_1_response"].due.isoformat() == fields["response_due"]


async def test_r_ack_1_missed_target_tells_the_manager_in_office_hours_and_the_limit_is_a_breach(
    complaints,
):
    day = await complaints.start_of_working_day()
    cal = complaints.cal(day)
    handle = await accepted(complaints)
    ack = (await complaints.state(handle)).deadlines["acknowledgement"]
    await complaints.advance_to(
        next_office_hours(overdue_from(ack.limit), cal) + timedelta(hours=1)
    )

    events = await complaints.events(handle.id)
    (missed_target,) = about(events, "target_missed", "acknowledgement")
    assert missed_target.occurred_at >= overdue_from(ack.target)
    assert len(about(events, "limit_missed", "acknowledgement")) == 1
    notices = {n.subject.split(":")[0]: n for n in await complaints.notices(handle.id)}
    for subject, due in (("Target missed", ack.target), ("Deadline missed", ack.limit)):
        notice = notices[subject]
        local = notice.occurred_at.astimezone(LONDON)
        assert notice.staff_id == HANDLER.manager_id
        assert (local.hour, local.minute) == (9, 0)
        assert local.weekday() < 5 and cal.is_working_day(local.date())
        assert notice.occurred_at >= next_office_hours(overdue_from(due), cal)
    assert (await complaints.state(handle)).breached


async def test_r_ack_2_clarification_letter_and_the_agreed_definition_recorded(complaints):
    today = await complaints.start_of_working_day()
    handle = await accepted(complaints)
    ack_before = (await complaints.state(handle)).deadlines["acknowledgement"]
    await complaints.act(
        handle,
        "request_clarification",
        RequestClarificationInput(by=HANDLER.id, questions="Is the hot water affected as well?"),
    )
    (letter,) = [x for x in await complaints.letters(handle.id) if x.letter == "clarification"]
    assert letter.fields["questions"] == "Is the hot water affected as well?"
    state = await complaints.state(handle)
    assert state.clarification_requested_on == today
    assert state.deadlines["acknowledgement"] == ack_before  # the clock keeps running

    await complaints.act(handle, "acknowledge", ACK)
    state = await complaints.state(handle)
    assert state.stages["stage_1"].definition == ACK.definition
    assert state.stages["stage_1"].outcomes_sought == ACK.outcomes_sought
    (event,) = [e for e in await complaints.events(handle.id) if e.kind == "acknowledged"]
    assert event.data == {"definition": ACK.definition}


# -- refused actions: a sentence that says why, and nothing changed ----------------------

Setup = Callable[[Complaints], Awaitable[WorkflowHandle]]


@pytest.mark.parametrize(
    ("setup", "update", "inp", "words"),
    [
        pytest.param(
            logged,
            "acknowledge",
            ACK,
            ("Cannot acknowledge", "awaiting a decision to accept it"),
            id="R-ACK-1 acknowledge before accepting",
        ),
        pytest.param(
            accepted_without_handler,
            "acknowledge",
            ACK,
            ("Assign a handler before you acknowledge",),
            id="R-ACK-1 acknowledge without a handler",
        ),
        pytest.param(
            accepted,
            "accept",
            AcceptInput(by="officer"),
            ("Cannot accept", "accepted at Stage 1 and awaiting acknowledgement"),
            id="R-ACC-1 accept twice",
        ),
        pytest.param(
            logged,
            "decline",
            DeclineInput(reason="too_busy", detail="We are too busy to look at this"),
            ("'too_busy' is not one of the reasons", *[e.value for e in Exclusion]),
            id="R-ACC-1 decline with an unknown reason",
        ),
        pytest.param(
            logged,
            "decline",
            DeclineInput(reason="late", detail="This happened long ago."),
            ("The complaint is not late", "12"),
            id="R-ACC-1 decline as late when it is not",
        ),
        pytest.param(
            logged,
            "resolve_early",
            ResolveEarlyInput(what_was_done="Explained the repair date", resident_agreed=False),
            ("resident's agreement", "accept the complaint at Stage 1"),
            id="R-INT-2 resolve early without the resident's agreement",
        ),
        pytest.param(
            acknowledged,
            "request_clarification",
            RequestClarificationInput(questions="Which rooms are cold?"),
            ("Cannot ask the resident to clarify", "open at Stage 1"),
            id="R-ACK-2 clarify after acknowledging",
        ),
        pytest.param(
            logged,
            "reopen",
            ReopenInput(reason="The resident asked for a formal complaint"),
            ("Cannot make this a formal complaint",),
            id="R-INT-2 reopen what was not resolved early",
        ),
        pytest.param(
            at_stage_two,
            "assign_handler",
            AssignHandlerInput(handler=OTHER_HANDLER),
            ("owned by its reviewer", "assign a reviewer"),
            id="R-S2-1 assign a handler at Stage 2",
        ),
    ],
)
async def test_section_3_a_refused_action_says_why_and_changes_nothing(
    complaints, setup: Setup, update, inp, words
):
    await complaints.start_of_working_day()
    handle = await setup(complaints)
    message = await refused_without_change(complaints, handle, update, inp)
    for word in words:
        assert word in message
