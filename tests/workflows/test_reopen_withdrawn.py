"""R-WDR-1 on the real test server, time-skipped: a withdrawn complaint taken up again before
the reopen-by date its letter gave goes back where it stood, its deadlines counted afresh
from the reopening, with a letter; reports no longer count it as withdrawn."""

from __future__ import annotations

from datetime import timedelta

from models.enums import Stage
from models.messages import ReopenWithdrawnInput, WithdrawInput
from reports.load import closures
from rules.calendar import office_hours_on
from rules.handling import withdrawal
from rules.handling.common import Ctx, Refused, response_key
from tests.harness import assert_refused
from tests.workflows.test_closure import acknowledged

STAGE_1 = response_key(Stage.STAGE_1)


async def withdrawn(complaints):
    day = await complaints.start_of_working_day()
    handle = await acknowledged(complaints)
    await complaints.act(
        handle,
        "withdraw",
        WithdrawInput(by="o.ahmed", how="telephone", withdrawn_on=day, reason="Repaired"),
    )
    return handle


async def test_r_wdr_1_reopened_it_resumes_where_it_was_with_deadlines_from_the_reopening(
    complaints,
) -> None:
    handle = await withdrawn(complaints)
    before = (await complaints.state(handle)).deadlines[STAGE_1]
    assert before.cancelled
    # A fortnight later the resident rings: the repair failed again.
    await complaints.advance(timedelta(days=14))
    day = await complaints.start_of_working_day()

    result = await complaints.act(
        handle,
        "reopen_withdrawn",
        ReopenWithdrawnInput(by="o.ahmed", reason="Rang: the boiler failed again"),
    )

    assert result.status == "open"
    state = await complaints.state(handle)
    assert (state.status, state.withdrawal, state.closed_on, state.retain_until) == (
        "open",
        None,
        None,
        None,
    )
    deadline = state.deadlines[STAGE_1]
    cal = complaints.cal(day)
    assert deadline.is_open and deadline.basis == day
    assert deadline.limit == cal.add_working_days(day, before.limit_wd) > before.limit
    kinds = [event.kind for event in await complaints.events(handle.id)]
    assert kinds[kinds.index("withdrawal_reopened") + 1] == "deadline_set"
    letter = (await complaints.letters(handle.id))[-1]
    assert letter.letter == "reopened"
    assert letter.fields["next_due"] == deadline.due.isoformat()
    assert letter.fields["next_step"] == "respond to your complaint"
    row = await complaints.row(handle.id)
    assert (row.status, row.is_open) == ("open", True)
    async with complaints.sessionmaker() as session:
        assert await closures(session, [handle.id]) == {}  # no longer counted as withdrawn


async def test_r_wdr_1_only_a_withdrawn_complaint_is_reopened(complaints) -> None:
    await complaints.start_of_working_day()
    handle = await acknowledged(complaints)
    await assert_refused(
        complaints,
        handle,
        "reopen_withdrawn",
        ReopenWithdrawnInput(by="o.ahmed", reason="Asked to reopen"),
        "Cannot reopen the complaint",
    )


async def test_r_wdr_1_after_the_reopen_by_date_it_is_refused(complaints) -> None:
    handle = await withdrawn(complaints)
    state = await complaints.state(handle)
    assert state.withdrawal is not None
    reopen_by = state.withdrawal.reopen_by
    inp = ReopenWithdrawnInput(by="o.ahmed", reason="Asked to reopen")
    on_the_day = Ctx(now=office_hours_on(reopen_by, 10), cal=complaints.cal(reopen_by))
    withdrawal.check_reopen_withdrawn(state, inp, on_the_day)  # the last day allowed
    after = reopen_by + timedelta(days=1)
    late = Ctx(now=office_hours_on(after, 10), cal=complaints.cal(after))
    try:
        withdrawal.check_reopen_withdrawn(state, inp, late)
    except Refused as refusal:
        assert "log a new complaint instead" in str(refusal)
    else:
        raise AssertionError("reopening after the reopen-by date was not refused")


async def test_r_wdr_1_it_is_reopened_on_the_last_day_the_letter_gives(complaints) -> None:
    handle = await withdrawn(complaints)
    state = await complaints.state(handle)
    assert state.withdrawal is not None
    reopen_by = state.withdrawal.reopen_by
    assert state.retain_until == reopen_by + timedelta(days=1)  # held through the whole day
    # Late in the afternoon of the reopen-by day the resident rings.
    await complaints.advance_to_day(reopen_by, hour=16)

    result = await complaints.act(
        handle,
        "reopen_withdrawn",
        ReopenWithdrawnInput(by="o.ahmed", reason="Rang on the last day: still no heating"),
    )

    assert result.status == "open"
    assert (await complaints.letters(handle.id))[-1].letter == "reopened"
