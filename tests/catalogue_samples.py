"""A catalogue action a new capability might add, with nothing but its entry and its rule
functions: the surfaces must make its form and its options themselves."""

from datetime import date

from models.complaint import ComplaintState
from models.effects import Effect, Event
from models.messages import Action
from models.text import Description, Summary
from rules.catalogue import EVERYONE, ActionEntry, Part
from rules.handling.common import Ctx, require_text


class RecordNoteInput(Action):
    note: Description
    heading: Summary = ""
    on: date
    urgent: bool = False
    pages: int


def check_record_note(state: ComplaintState, inp: RecordNoteInput, ctx: Ctx) -> None:
    require_text(inp.note, "the note")


def record_note(state: ComplaintState, inp: RecordNoteInput, ctx: Ctx) -> list[Effect]:
    return [Event(kind="note", actor=inp.by, summary=inp.note)]


RECORD_NOTE = ActionEntry(
    "record_note", "Record a note", "Note recorded", RecordNoteInput, check_record_note,
    record_note, ("R-REC-1",), Part.CASEWORK, EVERYONE,
)  # fmt: skip
