"""The read model: one row per complaint for work queues, the complaint page and reports.

`summarise` turns the whole state into that row; it is pure and cheap, so the workflow
runs it whenever it records something. `changed_fields` is what one record changes in the
row: the workflow keeps it with the event it records (``complaint_events.changes``), so
the row can be rebuilt from the event log alone by folding the changes in order
(`fold_changes`, used by ``python -m store.rebuild``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from models.complaint import ComplaintState, Deadline
from models.effects import ComplaintSummary
from models.enums import Status

# Statuses with nothing left for the team to do at the current stage: not in work queues.
FINISHED = frozenset(
    {
        Status.RESOLVED_EARLY,
        Status.DECLINED,
        Status.CLOSED,
        Status.RECORDED,
        Status.WITHDRAWN,
        Status.DUPLICATE,
        Status.COMPLETED,
    }
)


def summarise(state: ComplaintState) -> ComplaintSummary:
    """Where the complaint stands now, as the read model's row."""
    s = state
    nxt = s.open_deadlines[0] if s.open_deadlines else None
    intake = s.intake
    person = intake.complainant
    responded = [record for record in s.stages.values() if record.overall is not None]
    latest = max(responded, key=lambda r: r.responded_on or r.opened_on) if responded else None
    return ComplaintSummary(
        reference=s.reference,
        kind=intake.kind.value,
        organisation=intake.organisation,
        service_area=intake.service_area.value,
        channel=intake.channel.value,
        stage=s.stage.value,
        status=s.status.value,
        complainant_name=person.name,
        postcode=person.postcode,
        email=str(person.email) if person.email else None,
        handler_id=s.handler.id if s.handler else None,
        handler_name=s.handler.name if s.handler else None,
        reviewer_id=s.reviewer.id if s.reviewer else None,
        reviewer_name=s.reviewer.name if s.reviewer else None,
        first_contact_on=intake.first_contact_on,
        logged_at=s.logged_at,
        next_due=nxt.due if nxt else None,
        next_due_label=nxt.label if nxt else None,
        next_target=nxt.target if nxt else None,
        breached=s.breached,
        flagged=s.flagged,
        vulnerable=s.vulnerability is not None,
        closed_on=s.closed_on,
        categories=list(intake.categories),
        is_open=s.status not in FINISHED,
        outcome=latest.overall.value if latest and latest.overall else None,
        compensation_total=_compensation_total(s),
        deadlines=[_deadline(d) for d in s.deadlines.values()],
        parties=_parties(s),
        issues=[issue.model_dump(mode="json") for issue in s.issues],
        remedies=_remedies(s),
        actions=[item.model_dump(mode="json") for item in s.tracked.values()],
        ombudsman=[case.model_dump(mode="json") for case in s.ombudsman_cases],
    )


def _deadline(deadline: Deadline) -> dict[str, Any]:
    return {
        "key": deadline.key,
        "label": deadline.label,
        "target": deadline.target.isoformat(),
        "limit": deadline.limit.isoformat(),
        "due": deadline.due.isoformat(),
        "met_on": deadline.met_on.isoformat() if deadline.met_on else None,
        "cancelled": deadline.cancelled,
        "target_missed": deadline.target_missed,
        "limit_missed": deadline.limit_missed,
    }


def _parties(state: ComplaintState) -> dict[str, Any]:
    """The complainant with their contact preferences, a representative (and whether their
    consent is recorded, R-WHO-2), and any contact restriction (R-COM-2)."""
    person = state.intake.complainant
    representative = state.representative or state.intake.representative
    return {
        "complainant": person.model_dump(mode="json", exclude={"restriction"}),
        "representative": (
            representative.model_dump(mode="json") | {"has_consent": representative.has_consent}
            if representative
            else None
        ),
        "restriction": state.restriction.model_dump(mode="json") if state.restriction else None,
    }


def _remedies(state: ComplaintState) -> list[dict[str, Any]]:
    found = []
    for stage, record in state.stages.items():
        if record.response is None:
            continue
        for remedy in record.response.remedies:
            found.append({"stage": stage.value, **remedy.model_dump(mode="json")})
    return found


def _compensation_total(state: ComplaintState) -> float:
    total = 0.0
    for record in state.stages.values():
        if record.response is None:
            continue
        for remedy in record.response.remedies:
            if remedy.compensation is not None:
                total += remedy.compensation.total
    return round(total, 2)


def as_record(summary: ComplaintSummary) -> dict[str, Any]:
    """The row as JSON values: what is compared and kept with the event."""
    return summary.model_dump(mode="json")


def changed_fields(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of `after` that differ from `before` (all of them when there is none)."""
    if before is None:
        return dict(after)
    return {key: value for key, value in after.items() if before.get(key) != value}


def fold_changes(changes: Iterable[Mapping[str, Any]]) -> ComplaintSummary | None:
    """The row the changes add up to, oldest first; None when there were none."""
    row: dict[str, Any] = {}
    for change in changes:
        row.update(change)
    return ComplaintSummary.model_validate(row) if row else None
