"""What retention erases (R-DP-3), as pure functions over the record's JSON and text.

A complaint's personal data is of two kinds:

- **who the person is and how to reach them**: the complainant's and any representative's
  name, email, phone, address and postcode. These are collected from the complaint's
  state and intake (`identifiers`) and replaced wherever they occur, in any text of any
  row (an event's summary, a letter's fields, a notice's body), by ``[erased]``; a contact
  field that held one becomes empty.
- **what was said**: the free text of the complaint and its handling (the description,
  outcomes sought, reasons, definitions, issue summaries, notes...), under the keys in
  `FREE_TEXT`, replaced whole by ``[erased]``.

Everything else stays: dates, stage, status, outcome, decisions, categories, remedies'
kinds and compensation, deadlines, staff ids, and the lessons learned (the landlord's own
learning, with any identifier in them replaced), so the reports' figures are the same
after retention as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

ERASED = "[erased]"
# Where a person is described in the state and the intake.
PEOPLE = ("complainant", "representative")
CONTACT = ("name", "email", "phone", "address", "postcode")
# Contact fields: empty once erased (their types allow it; "[erased]" is no email address).
CONTACT_FIELDS = frozenset({"email", "phone", "address", "postcode"})
# Free text: what the resident told us and what was written about it.
FREE_TEXT = frozenset(
    {
        "description",
        "outcomes_sought",
        "reasons",
        "reason",
        "definition",
        "what_was_done",
        "detail",
        "explanation",
        "understanding",
        "questions",
        "note",
        "notes",
        "summary",
        "what",
        "progress",
        "restriction",
        "exceptional_reason",
        "late_discretion_reason",
        "issues",
        "message",
        "body",
        "text",
        "comments",
        "information",
        "circumstances",
        "other_adjustments",
        "named_contact",
        "hazards_addressed",
    }
)
# A correction (R-EDIT-1) keeps the old and new value of the field it names, in the state
# (``{"what": "email", "old": ..., "new": ...}``) and in its event (``{"email": {"old": ...,
# "new": ...}}``): both values are the person's when the field is a contact field.
CHANGED = ("old", "new")
SHORTEST = 3  # shorter strings are not searched for (they would match everywhere)


def identifiers(*documents: Any) -> set[str]:
    """The names, contact details and free text of the people in these JSON documents (a
    complaint's state, its read-model row, its intake submission): what must not survive."""
    found: set[str] = set()
    for document in documents:
        _collect(document, found, inside_person=False)
    return usable(found)


def usable(found: set[str]) -> set[str]:
    """The identifiers worth searching for: a postcode also without its space, nothing
    shorter than `SHORTEST`."""
    for value in list(found):
        if " " in value and len(value) <= 10:  # a postcode also written without its space
            found.add(value.replace(" ", ""))
    return {value for value in found if len(value) >= SHORTEST}


def _collect(value: Any, found: set[str], *, inside_person: bool) -> None:
    if isinstance(value, Mapping):
        if value.get("what") in CONTACT:
            found.update(_changed(value))
        for key, item in value.items():
            if key in CONTACT and isinstance(item, Mapping):
                found.update(_changed(item))
            if isinstance(item, str) and item.strip():
                if (inside_person and key in CONTACT) or key in FREE_TEXT - {"summary"}:
                    found.add(item.strip())
                if key == "complainant_name":
                    found.add(item.strip())
            elif isinstance(item, list) and key in FREE_TEXT:
                found.update(s.strip() for s in item if isinstance(s, str) and s.strip())
                if key == "notes":  # R-NOTE-1: each note's own words, on the timeline too
                    found.update(_note_summaries(item))
            _collect(item, found, inside_person=inside_person or key in PEOPLE)
    elif isinstance(value, list):
        for item in value:
            _collect(item, found, inside_person=inside_person)


def _note_summaries(notes: list[Any]) -> list[str]:
    return [
        note["summary"].strip()
        for note in notes
        if isinstance(note, Mapping)
        and isinstance(note.get("summary"), str)
        and note["summary"].strip()
    ]


def _changed(correction: Mapping[str, Any]) -> list[str]:
    return [
        str(correction[side]).strip()
        for side in CHANGED
        if isinstance(correction.get(side), str) and correction[side].strip()
    ]


class Scrubber:
    """Erases one complaint's identifiers and free text from its rows."""

    free_text: frozenset[str] = FREE_TEXT

    def __init__(self, found: Iterable[str]) -> None:
        ordered = sorted(set(found), key=len, reverse=True)  # the longest first
        self.pattern = (
            re.compile("|".join(re.escape(value) for value in ordered), re.IGNORECASE)
            if ordered
            else None
        )

    def text(self, value: str) -> str:
        """``value`` with every identifier replaced."""
        if self.pattern is None:
            return value
        return self.pattern.sub(ERASED, value)

    def holds(self, value: str) -> bool:
        return self.pattern is not None and self.pattern.search(value) is not None

    def json(self, value: Any, key: str | None = None) -> Any:
        """A JSON value with identifiers replaced, contact fields that held one emptied and
        free text erased whole."""
        if isinstance(value, str):
            if key in self.free_text and value:
                return ERASED
            if key in CONTACT_FIELDS and self.holds(value):
                return None
            return self.text(value)
        if isinstance(value, Mapping):
            return {name: self.json(item, name) for name, item in value.items()}
        if isinstance(value, list):
            return [self.json(item, key) for item in value]
        return value
