"""What the starter prints: an action's result, a whole complaint, a list of complaints.

Plain text for people at a terminal; every command also takes ``--json`` for scripts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from temporalio.client import WorkflowExecution

from models.complaint import ComplaintState, Deadline
from models.messages import ActionResult
from rules.calendar import format_due, local_date
from rules.handling.common import STAGE_WORDS, describe
from workflows import search_attributes as sa


def _day(value: date | None) -> str:
    return value.isoformat() if value else "-"


def _words(value: str) -> str:
    return value.replace("_", " ")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Left-aligned columns, two spaces apart."""
    rows = [list(headers), *[list(row) for row in rows]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return [line.rstrip() for line in lines]


def action_result(result: ActionResult) -> str:
    lines = [
        f"{result.reference}: {result.message}",
        f"  stage {_words(result.stage)}, status {_words(result.status)}",
    ]
    if result.next_due is not None:
        lines.append(f"  next due: {result.next_due_label} by {format_due(result.next_due)}")
    else:
        lines.append("  nothing due")
    return "\n".join(lines)


def _deadline_notes(d: Deadline) -> str:
    notes = []
    if d.cancelled:
        notes.append("cancelled")
    if d.limit_missed:
        notes.append("LIMIT MISSED")
    elif d.target_missed:
        notes.append("target missed")
    if d.ceiling and d.is_open:
        notes.append(f"extendable to {d.ceiling.isoformat()}")
    if d.agreed_to:
        notes.append(f"agreed to {d.agreed_to.isoformat()}")
    return ", ".join(notes)


def deadlines(state: ComplaintState) -> list[str]:
    ordered = sorted(state.deadlines.values(), key=lambda d: (d.basis, d.limit, d.key))
    rows = [
        [
            d.label,
            _day(d.target),
            _day(d.limit),
            _day(d.extended_to),
            _day(d.met_on) if d.met_on else ("open" if d.is_open else "-"),
            _deadline_notes(d),
        ]
        for d in ordered
    ]
    return table(["deadline", "target", "limit", "extended", "met", "notes"], rows)


def complaint(state: ComplaintState) -> str:
    intake = state.intake
    person = intake.complainant
    lines = [
        f"{state.reference}  {intake.kind.value}  {_words(intake.service_area.value)}"
        f"  ({intake.organisation})",
        f"Complainant: {person.name} ({_words(person.relationship.value)}, "
        f"{_words(person.tenure.value)})",
        f"First contact {format_due(intake.first_contact_on)} by {_words(intake.channel.value)}",
        f"{STAGE_WORDS[state.stage]}, status {_words(state.status.value)}: {describe(state)}",
        f"Handler: {_staff(state.handler)}",
    ]
    if state.reviewer is not None:
        lines.append(f"Reviewer: {_staff(state.reviewer)}")
    if state.representative is not None:
        rep = state.representative
        consent = f"consent {rep.consent_recorded_on}" if rep.has_consent else "no consent yet"
        lines.append(f"Representative: {rep.name} ({_words(rep.kind.value)}, {consent})")
    if state.breached:
        lines.append("A Code deadline has been missed.")
    if state.deadlines:
        lines += ["", "Deadlines:", *("  " + line for line in deadlines(state))]
    if state.issues:
        lines += ["", "Issues:"]
        for issue in state.issues:
            decided = f": {_words(issue.decision.value)}" if issue.decision else ""
            lines.append(f"  {issue.id}. [{STAGE_WORDS[issue.stage]}] {issue.summary}{decided}")
    if state.tracked:
        lines += ["", "Tracked items:"]
        for item in state.tracked.values():
            done = f"done {item.completed_on}" if item.completed_on else "open"
            lines.append(f"  {item.id}. {_words(item.kind)}: {item.what}, due {item.due} ({done})")
    if state.ombudsman_cases:
        lines += ["", "Ombudsman cases:"]
        for case in state.ombudsman_cases:
            outcome = _words(case.determination.value) if case.determination else "open"
            lines.append(f"  {case.id}. {case.case_reference} ({outcome})")
    if state.linked_complaints or intake.linked_to:
        linked = [*([intake.linked_to] if intake.linked_to else []), *state.linked_complaints]
        lines += ["", f"Linked complaints: {', '.join(linked)}"]
    return "\n".join(lines)


def _staff(person: Any) -> str:
    if person is None:
        return "(none assigned)"
    return f"{person.name} ({person.id})"


def listing_row(execution: WorkflowExecution) -> dict[str, Any]:
    """One running complaint as its search attributes describe it."""
    found = execution.typed_search_attributes
    due: datetime | None = found.get(sa.NEXT_DUE)
    return {
        "reference": found.get(sa.REFERENCE) or execution.id,
        "stage": found.get(sa.STAGE) or "",
        "status": found.get(sa.STATUS) or "",
        "handler": found.get(sa.HANDLER) or "",
        "next_due": local_date(due).isoformat() if due else None,
        "breached": bool(found.get(sa.BREACHED)),
    }


def listing(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No running complaints match."
    body = [
        [
            r["reference"],
            _words(r["stage"]),
            _words(r["status"]),
            r["handler"] or "-",
            r["next_due"] or "-",
            "BREACHED" if r["breached"] else "",
        ]
        for r in rows
    ]
    return "\n".join(table(["reference", "stage", "status", "handler", "next due", ""], body))
