"""Sections 5 and 7 of the rules: remedies and actions followed to completion, ombudsman
cases and their orders, and calendar changes (R-TIME-4)."""

from datetime import date

from models.aftercare import Enquiry, OmbudsmanCase, TrackedItem
from models.calendar import CalendarSnapshot
from models.complaint import ComplaintState
from models.effects import Effect, Event, Track
from models.enums import Determination, Ombudsman, Stage, Status, choices
from models.messages import (
    AnswerEnquiryInput,
    RecordDeterminationInput,
    RecordEnquiryInput,
    RecordOmbudsmanCaseInput,
    RecordProgressInput,
)
from rules.calendar import WorkingCalendar, format_due
from rules.handling.common import Ctx, Refused, require_text


def check_record_progress(state: ComplaintState, inp: RecordProgressInput, ctx: Ctx) -> TrackedItem:
    item = state.tracked.get(inp.item_id)
    if item is None:
        known = ", ".join(f"{i.id} ({i.what})" for i in state.tracked.values()) or "none"
        raise Refused(f"There is no action numbered {inp.item_id}; actions: {known}.")
    if item.completed_on is not None:
        raise Refused(f"'{item.what}' was completed on {format_due(item.completed_on)}.")
    require_text(inp.note, "what progress was made")
    return item


def item_completed(state: ComplaintState, item_id: str, on: date) -> list[Effect]:
    """The tracker reports the item done (signal from its child workflow)."""
    item = state.tracked.get(item_id)
    if item is None or item.completed_on is not None:
        return []
    item.completed_on = on
    late = on > item.due
    return [
        Event(
            kind="action_completed",
            summary=f"Completed{' late' if late else ''}: {item.what} (due {format_due(item.due)})",
            data={"item_id": item_id, "due": item.due.isoformat(), "on": on.isoformat()},
        )
    ]


def _case(state: ComplaintState, case_id: int) -> OmbudsmanCase:
    for case in state.ombudsman_cases:
        if case.id == case_id:
            return case
    raise Refused(f"There is no ombudsman case numbered {case_id} on this complaint.")


def check_record_ombudsman_case(
    state: ComplaintState, inp: RecordOmbudsmanCaseInput, ctx: Ctx
) -> None:
    if state.status in (Status.RECORDED, Status.COMPLETED):
        raise Refused("Ombudsman cases are recorded against complaints that are still held.")
    try:
        Ombudsman(inp.ombudsman)
    except ValueError:
        raise Refused(f"Choose the ombudsman: one of {choices(Ombudsman)}.") from None
    if inp.referred_on > ctx.today:
        raise Refused("The referral date cannot be in the future.")
    require_text(inp.case_reference, "the ombudsman's case reference", 1)


def record_ombudsman_case(
    state: ComplaintState, inp: RecordOmbudsmanCaseInput, ctx: Ctx
) -> list[Effect]:
    """R-EXT-2: the referral is recorded against the complaint."""
    check_record_ombudsman_case(state, inp, ctx)
    case = OmbudsmanCase(
        id=len(state.ombudsman_cases) + 1,
        ombudsman=Ombudsman(inp.ombudsman),
        case_reference=inp.case_reference,
        referred_on=inp.referred_on,
    )
    state.ombudsman_cases.append(case)
    return [
        Event(
            kind="ombudsman_case",
            actor=inp.by,
            summary=f"Referred to the ombudsman ({case.case_reference}) "
            f"on {format_due(inp.referred_on)}",
            data={"case_id": case.id, "ombudsman": case.ombudsman.value},
        )
    ]


def check_record_enquiry(state: ComplaintState, inp: RecordEnquiryInput, ctx: Ctx) -> None:
    case = _case(state, inp.case_id)
    if case.determination is not None:
        raise Refused("The ombudsman has already determined this case.")
    if inp.due < ctx.today:
        raise Refused("The enquiry's deadline is already past.")


def record_enquiry(state: ComplaintState, inp: RecordEnquiryInput, ctx: Ctx) -> list[Effect]:
    check_record_enquiry(state, inp, ctx)
    case = _case(state, inp.case_id)
    enquiry = Enquiry(id=len(case.enquiries) + 1, due=inp.due)
    case.enquiries.append(enquiry)
    key = f"ombudsman_{case.id}_enquiry_{enquiry.id}"
    from rules.deadlines import Due
    from rules.handling.common import set_deadline

    return [
        set_deadline(
            state,
            key,
            f"Ombudsman enquiry {case.case_reference}",
            ctx.today,
            Due(inp.due, inp.due),
            target_wd=None,
            limit_wd=None,
            staff_id=_owner_id(state),
        )
    ]


def _owner_id(state: ComplaintState) -> str | None:
    """Who answers the ombudsman: the reviewer once the complaint reached Stage 2."""
    owner = state.reviewer if state.stage != Stage.STAGE_1 and state.reviewer else state.handler
    return owner.id if owner else None


def check_answer_enquiry(state: ComplaintState, inp: AnswerEnquiryInput, ctx: Ctx) -> None:
    case = _case(state, inp.case_id)
    if not any(e.id == inp.enquiry_id and e.answered_on is None for e in case.enquiries):
        raise Refused(f"There is no open enquiry numbered {inp.enquiry_id} on this case.")


def answer_enquiry(state: ComplaintState, inp: AnswerEnquiryInput, ctx: Ctx) -> list[Effect]:
    from rules.handling.common import meet_deadline

    check_answer_enquiry(state, inp, ctx)
    case = _case(state, inp.case_id)
    enquiry = next(e for e in case.enquiries if e.id == inp.enquiry_id)
    enquiry.answered_on = ctx.today
    met = meet_deadline(state, f"ombudsman_{case.id}_enquiry_{enquiry.id}", ctx.today)
    return [met] if met else []


def check_record_determination(
    state: ComplaintState, inp: RecordDeterminationInput, ctx: Ctx
) -> None:
    case = _case(state, inp.case_id)
    if case.determination is not None:
        raise Refused("This case's determination is already recorded.")
    try:
        Determination(inp.determination)
    except ValueError:
        raise Refused(f"Choose the determination: one of {choices(Determination)}.") from None
    for order in inp.orders:
        if order.due < ctx.today:
            raise Refused(f"The order '{order.what}' has a due date in the past.")


def record_determination(
    state: ComplaintState, inp: RecordDeterminationInput, ctx: Ctx
) -> list[Effect]:
    """R-EXT-2: the determination and each order, tracked to completion."""
    check_record_determination(state, inp, ctx)
    case = _case(state, inp.case_id)
    case.determination = Determination(inp.determination)
    case.determined_on = ctx.today
    effects: list[Effect] = [
        Event(
            kind="ombudsman_determination",
            actor=inp.by,
            summary=f"Ombudsman determination: {case.determination.value.replace('_', ' ')}",
            data={"case_id": case.id, "orders": len(inp.orders)},
        )
    ]
    for order in inp.orders:
        item_id = f"{len(state.tracked) + 1}"
        state.tracked[item_id] = TrackedItem(
            id=item_id,
            kind="ombudsman_order",
            what=order.what,
            due=order.due,
            workflow_id=f"{state.reference}/action-{item_id}",
        )
        case.orders.append(item_id)
        effects.append(Track(item_id=item_id))
    return effects


def recalculate(state: ComplaintState, snapshot: CalendarSnapshot, ctx: Ctx) -> list[Effect]:
    """R-TIME-4: open deadlines not yet due are recomputed on the new calendar; the change
    is recorded. Dates a person chose (extensions, agreed dates) stay as they were."""
    if snapshot.version == state.calendar.version:
        return []
    state.calendar = snapshot
    state.calendar_changes += 1
    cal = WorkingCalendar(snapshot)
    effects: list[Effect] = [
        Event(
            kind="calendar_changed",
            summary="The working-day calendar changed",
            data={"version": snapshot.version},
        )
    ]
    for deadline in state.open_deadlines:
        if deadline.due < ctx.today or deadline.limit_wd is None:
            continue
        old = deadline.due
        deadline.target = cal.add_working_days(
            deadline.basis, deadline.target_wd or deadline.limit_wd
        )
        deadline.limit = cal.add_working_days(deadline.basis, deadline.limit_wd)
        if deadline.ceiling is not None:
            extra = (
                state.profile.stage_1_extension_wd
                if deadline.key.startswith("stage_1")
                else state.profile.stage_2_extension_wd
            )
            deadline.ceiling = cal.add_working_days(deadline.limit, extra)
        if deadline.due != old:
            effects.append(
                Event(
                    kind="deadline_recomputed",
                    summary=f"{deadline.label} now due {format_due(deadline.due)} "
                    f"(was {format_due(old)}) after a calendar change",
                    data={
                        "key": deadline.key,
                        "from": old.isoformat(),
                        "to": deadline.due.isoformat(),
                    },
                )
            )
    return effects
