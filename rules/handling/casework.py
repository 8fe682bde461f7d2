"""Section 14 of the rules: notes and contacts (R-NOTE-1), and vulnerability with the
reasonable adjustments agreed (R-VUL-1).

A note joins the timeline and the record and is never edited afterwards: a correction is a
new note naming the one it corrects. A vulnerability is special category data, so its
event's summary (shown on every timeline) says only that one was recorded; what it is
lives in the event's data and the complaint's state, which the pages show to the staff
the rule names. Its adjustments are honoured by letters (`letter_format`) and reminders
(`reminder_line`), and the handler is reminded to review it on its date (timekeeping).
"""

from models.casework import (
    ADJUSTMENT_WORDS,
    CONTACT_WORDS,
    Adjustment,
    CaseNote,
    ContactKind,
    Vulnerability,
)
from models.complaint import ComplaintState
from models.effects import Effect, Event
from models.enums import Status
from models.messages import RecordContactInput, RecordVulnerabilityInput
from rules.calendar import LONDON, format_due
from rules.handling.common import Ctx, Refused, require_text


def _not_ended(state: ComplaintState) -> None:
    if state.status == Status.COMPLETED:
        raise Refused("This complaint has ended; nothing more can be recorded on it.")


def _kind(value: str) -> ContactKind:
    try:
        return ContactKind(value)
    except ValueError:
        words = ", ".join(kind.value for kind in ContactKind)
        raise Refused(f"Say what kind of note or contact it is: one of {words}.") from None


def _author(by: str, author: str) -> str:
    return author.strip() or by


def check_record_contact(state: ComplaintState, inp: RecordContactInput, ctx: Ctx) -> None:
    """R-NOTE-1: a kind, a summary, a time not in the future, and a real note to correct."""
    _not_ended(state)
    _kind(inp.kind)
    require_text(inp.summary, "a summary of the note or contact")
    if inp.happened_at is not None:
        if inp.happened_at.tzinfo is None:
            raise Refused("Give the time of the contact with its time zone.")
        if inp.happened_at > ctx.now:
            raise Refused("A contact cannot be recorded with a time in the future.")
    if inp.corrects is not None and not any(n.id == inp.corrects for n in state.notes):
        raise Refused(f"There is no note {inp.corrects} on this complaint to correct.")


def record_contact(state: ComplaintState, inp: RecordContactInput, ctx: Ctx) -> list[Effect]:
    """R-NOTE-1: the note or contact joins the complaint, its timeline and its record."""
    check_record_contact(state, inp, ctx)
    kind = _kind(inp.kind)
    author = _author(inp.by, inp.author)
    note = CaseNote(
        id=len(state.notes) + 1,
        kind=kind,
        summary=inp.summary.strip(),
        happened_at=inp.happened_at or ctx.now,
        recorded_at=ctx.now,
        by=inp.by,
        author=author,
        corrects=inp.corrects,
    )
    state.notes.append(note)
    when = note.happened_at.astimezone(LONDON).strftime("%-d %b %Y %H:%M")
    correction = f", correcting note {note.corrects}" if note.corrects else ""
    return [
        Event(
            kind="note_recorded",
            summary=f"{CONTACT_WORDS[kind]} ({when}{correction}), by {author}: {note.summary}",
            actor=inp.by,
            data={
                "note_id": note.id,
                "contact": kind.value,
                "happened_at": note.happened_at.isoformat(),
                "author": author,
                "summary": note.summary,
                "corrects": note.corrects,
            },
        )
    ]


def _adjustments(values: list[str]) -> list[Adjustment]:
    found: list[Adjustment] = []
    for value in values:
        try:
            adjustment = Adjustment(value)
        except ValueError:
            words = ", ".join(a.value for a in Adjustment)
            raise Refused(f"{value} is not an adjustment we record: one of {words}.") from None
        if adjustment not in found:
            found.append(adjustment)
    return found


def check_record_vulnerability(
    state: ComplaintState, inp: RecordVulnerabilityInput, ctx: Ctx
) -> None:
    """R-VUL-1: what the circumstances are, the adjustments, and a review date to come."""
    _not_ended(state)
    require_text(inp.circumstances, "the resident's circumstances")
    adjustments = _adjustments(inp.adjustments)
    if Adjustment.ADVOCATE in adjustments and not (inp.named_contact or "").strip():
        raise Refused("Name the advocate or contact who speaks for the resident.")
    if inp.review_on <= ctx.today:
        raise Refused("The review date must be in the future.")


def record_vulnerability(
    state: ComplaintState, inp: RecordVulnerabilityInput, ctx: Ctx
) -> list[Effect]:
    """R-VUL-1: recorded (or recorded again, replacing what was known) with its adjustments
    and review date; the handler is reminded to review it on that date."""
    check_record_vulnerability(state, inp, ctx)
    author = _author(inp.by, inp.author)
    vulnerability = Vulnerability(
        circumstances=inp.circumstances.strip(),
        adjustments=_adjustments(inp.adjustments),
        other_adjustments=inp.other_adjustments.strip(),
        named_contact=(inp.named_contact or "").strip() or None,
        review_on=inp.review_on,
        recorded_on=ctx.today,
        recorded_by=inp.by,
        recorded_by_name=author,
    )
    state.vulnerability = vulnerability
    state.vulnerability_reviewed = False
    return [
        Event(
            kind="vulnerability_recorded",
            # Special category data: the summary, shown on every timeline, says no more.
            summary=f"Vulnerability and reasonable adjustments recorded by {author} "
            f"(review {format_due(inp.review_on)})",
            actor=inp.by,
            data={
                **vulnerability.model_dump(mode="json"),
                "adjustment_words": vulnerability.adjustment_words(),
                "author": author,
            },
        )
    ]


# -- how the adjustments are honoured -------------------------------------------------------


def letter_format(state: ComplaintState) -> tuple[bool, bool]:
    """(large print, easy read) for the resident's letters: their preference, or an
    adjustment recorded under R-VUL-1."""
    preferences = state.intake.complainant.preferences
    agreed = state.vulnerability.adjustments if state.vulnerability else []
    return (
        preferences.large_print or Adjustment.LARGE_PRINT in agreed,
        preferences.easy_read or Adjustment.EASY_READ in agreed,
    )


def letters_by_post(state: ComplaintState) -> bool:
    """R-VUL-1: letters by post was agreed as an adjustment."""
    return state.vulnerability is not None and (
        Adjustment.LETTERS_BY_POST in state.vulnerability.adjustments
    )


def reminder_line(state: ComplaintState) -> str:
    """The sentence a reminder to staff adds when adjustments are agreed (R-VUL-1): what to
    honour, never the circumstances themselves."""
    if state.vulnerability is None:
        return ""
    agreed = state.vulnerability.adjustment_words()
    if not agreed:
        return " Reasonable adjustments are recorded on this complaint: see its page."
    return " Reasonable adjustments agreed with the resident: " + "; ".join(agreed) + "."


def review_notice(state: ComplaintState) -> tuple[str, str]:
    """The subject and body of the reminder to review a vulnerability on its date."""
    vulnerability = state.vulnerability
    assert vulnerability is not None
    return (
        f"Review the resident's vulnerability and adjustments on {state.reference}",
        f"The vulnerability and reasonable adjustments recorded on "
        f"{format_due(vulnerability.recorded_on)} are due for review on "
        f"{format_due(vulnerability.review_on)}: check they are still right with the "
        f"resident and record them again.{reminder_line(state)}",
    )


__all__ = [
    "ADJUSTMENT_WORDS",
    "check_record_contact",
    "check_record_vulnerability",
    "letter_format",
    "letters_by_post",
    "record_contact",
    "record_vulnerability",
    "reminder_line",
    "review_notice",
]
