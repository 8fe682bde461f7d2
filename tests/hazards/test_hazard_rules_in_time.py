"""HazardWorkflow on the time-skipping server with the real activities and PostgreSQL: the
bank holidays a significant hazard's clock skips, the regime a hazard keeps, the 12-week
fallback for further works, and what is recorded when a step cannot happen on time
(R-HAZ-1..6)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays
import pytest

from models.hazard import (
    HazardKind,
    HazardStep,
    LateReason,
)
from models.hazard_steps import (
    AccommodationInput,
    FurtherWorksInput,
    LateReasonInput,
    SafetyWorksInput,
    TriageInput,
)
from rules.calendar import LONDON, format_due, local_date, overdue_from
from rules.hazards.regimes import regime_on, shipped_regimes
from tests.hazards.harness import (
    act,
    deadline_of,
    details,
    found_significant,
    refused,
    start_hazard,
)
from workflows.hazard import HazardWorkflow

# The Friday before Christmas and the tenth working day after it, counted by hand: weekends,
# Christmas Day, Boxing Day, their substitutes and New Year's Day skipped.
CHRISTMAS = {
    2026: (date(2026, 12, 18), date(2027, 1, 6)),  # Fri 25, Mon 28 Dec and Fri 1 Jan off
    2027: (date(2027, 12, 24), date(2028, 1, 12)),  # Mon 27, Tue 28 Dec and Mon 3 Jan off
    2028: (date(2028, 12, 22), date(2029, 1, 10)),  # Mon 25, Tue 26 Dec and Mon 1 Jan off
}


def christmas_case(year: int) -> tuple[date, date]:
    """The Friday before Christmas Day and the tenth working day after it, counted here from
    England's bank holidays (the `holidays` package, not the product's calendar), so the test
    holds whatever year the shared test clock has reached."""
    off = holidays.country_holidays("GB", subdiv="ENG", years=[year, year + 1])
    friday = date(year, 12, 24)
    while friday.weekday() != 4:
        friday -= timedelta(days=1)
    day, counted = friday, 0
    while counted < 10:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            counted += 1
    return friday, day


@pytest.mark.parametrize("year", sorted(CHRISTMAS))
def test_the_christmas_count_agrees_with_the_count_by_hand(year: int) -> None:
    assert christmas_case(year) == CHRISTMAS[year]


async def test_r_haz_2_r_haz_3_friday_before_christmas_counts_10_working_days_past_holidays(
    complaints,
):
    today = await complaints.today()
    year = today.year if today <= date(today.year, 12, 1) else today.year + 1
    friday, tenth = christmas_case(year)
    await complaints.advance_to(datetime(friday.year, 12, friday.day, 16, 0, tzinfo=LONDON))
    handle = await start_hazard(complaints)
    triage = TriageInput(kind=HazardKind.SIGNIFICANT, by="o")
    state = await act(complaints, handle, HazardWorkflow.triage, triage)
    investigate = deadline_of(state, HazardStep.INVESTIGATE)
    assert investigate.due == overdue_from(tenth)
    assert investigate.label == f"Significant: investigate by {format_due(tenth)}"
    # The triage, within the 24 hours of a potential emergency, is met; nothing is missed
    # until the end of the tenth working day, in the new year.
    assert deadline_of(state, HazardStep.TRIAGE).met_at is not None
    await complaints.advance_to(investigate.due - timedelta(minutes=1))
    await complaints.quiet(handle.id)
    assert not (await details(handle)).breached
    await complaints.advance(timedelta(minutes=2))
    await complaints.quiet(handle.id)
    state = await details(handle)
    assert state.breached and deadline_of(state, HazardStep.INVESTIGATE).breached
    events = [e.summary for e in await complaints.events(handle.id)]
    assert f"Missed: {investigate.label}" in events


async def test_r_haz_1_a_new_regime_applies_to_hazards_reported_from_its_date_only(complaints):
    day = await complaints.start_of_working_day()
    phase_1 = shipped_regimes()[-1]
    phase_2 = phase_1.model_copy(
        update={
            "name": "Phase 2 (test)",
            "in_force_from": day,
            "significant": [*phase_1.significant, "excess_cold"],
        }
    )
    regimes = (phase_1, phase_2)
    midnight = datetime(day.year, day.month, day.day, tzinfo=LONDON)
    before = midnight - timedelta(minutes=30)
    after = midnight + timedelta(minutes=30)
    assert regime_on(local_date(before), regimes) == phase_1
    assert regime_on(local_date(after), regimes) == phase_2
    earlier = await start_hazard(complaints, before, regime_on(local_date(before), regimes))
    later = await start_hazard(complaints, after, regime_on(local_date(after), regimes))
    cold = TriageInput(kind=HazardKind.SIGNIFICANT, hazard="excess_cold", by="o")
    message = await refused(earlier, HazardWorkflow.triage, cold)
    assert message.endswith(f"is not in scope as a significant hazard under {phase_1.name}.")
    state = await act(complaints, later, HazardWorkflow.triage, cold)
    assert state.regime_name == "Phase 2 (test)" and state.report.hazard == "excess_cold"
    assert state.step == HazardStep.INVESTIGATE
    # The earlier hazard keeps phase 1, whenever it is triaged.
    assert (await details(earlier)).regime_name == phase_1.name


async def test_r_haz_5_further_works_not_practicable_in_5_days_are_started_within_12_weeks(
    complaints,
):
    handle, concluded = await found_significant(complaints)
    safety = SafetyWorksInput(done_at=await complaints.now(), what_was_done="Mould treated")
    await act(complaints, handle, HazardWorkflow.safety_works_done, safety)
    await complaints.advance(timedelta(weeks=6))
    await complaints.quiet(handle.id)
    on = await complaints.now()
    message = await refused(
        handle,
        HazardWorkflow.further_works,
        FurtherWorksInput(on=on, what="New extractor fan and vent", stage="started"),
    )
    assert message == "Say why the further works could not begin within 5 working days."
    started = FurtherWorksInput(
        on=on,
        what="New extractor fan and vent",
        stage="started",
        why_not_sooner="The wall needs a structural survey before it is cut.",
        by="o",
    )
    state = await act(complaints, handle, HazardWorkflow.further_works, started)
    fallback = deadline_of(state, HazardStep.FURTHER_WORKS, "Further works started by")
    twelve_weeks = local_date(concluded) + timedelta(weeks=12)
    assert fallback.due == overdue_from(twelve_weeks)
    assert fallback.met_at == on and not fallback.breached
    # Recorded after the 5 working days had run out, the 5-day clock stays missed.
    five_days = deadline_of(state, HazardStep.FURTHER_WORKS, "Further works begun by")
    assert five_days.breached and five_days.gave_way_at is None and state.breached
    assert state.further_works_started_at == on and state.step == HazardStep.WORKS
    events = [e.summary for e in await complaints.events(handle.id)]
    assert any(s.startswith("Further works started ") for s in events)


async def test_r_haz_6_a_late_reason_is_recorded_with_its_date_and_evidence(complaints):
    handle, _ = await found_significant(complaints)
    today = await complaints.today()
    late = LateReasonInput(
        step=HazardStep.SAFETY_WORKS,
        reason=LateReason.NO_ACCESS,
        occurred_on=today,
        detail="No answer at the door for the booked visit",
        evidence="Calling card left 10:15, photo DOC-3",
        by="o",
    )
    tomorrow = late.model_copy(update={"occurred_on": today + timedelta(days=1)})
    message = await refused(handle, HazardWorkflow.record_late_reason, tomorrow)
    assert message == "The date of the reason cannot be in the future."
    state = await act(complaints, handle, HazardWorkflow.record_late_reason, late)
    [recorded] = state.late_reasons
    assert (recorded.occurred_on, recorded.reason, recorded.evidence) == (
        today,
        LateReason.NO_ACCESS,
        "Calling card left 10:15, photo DOC-3",
    )
    assert recorded.recorded_at == (await details(handle)).late_reasons[0].recorded_at
    events = await complaints.events(handle.id)
    [event] = [e for e in events if e.kind == "hazard_late_reason"]
    assert "no access" in event.summary and "evidence: Calling card left 10:15" in event.summary


async def test_r_haz_6_alternative_accommodation_offered_and_recorded(complaints):
    handle, _ = await found_significant(complaints)
    now = await complaints.now()
    offer = AccommodationInput(
        offered_at=now,
        where="Two-bedroom flat, 4 Ash Court, while the wall is dried",
        accepted=True,
        note="Family moving on Monday",
        by="o",
    )
    later = offer.model_copy(update={"offered_at": now + timedelta(days=1)})
    message = await refused(handle, HazardWorkflow.offer_accommodation, later)
    assert "cannot be in the future" in message
    state = await act(complaints, handle, HazardWorkflow.offer_accommodation, offer)
    [recorded] = state.accommodation
    assert recorded.offered_at == now and recorded.accepted is True
    assert state.step == HazardStep.SAFETY_WORKS  # an offer is recorded; no step is met
    events = await complaints.events(handle.id)
    assert any(
        e.summary == "Alternative accommodation offered: Two-bedroom flat, 4 Ash Court, while "
        "the wall is dried (accepted)"
        for e in events
    )
