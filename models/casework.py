"""Casework the team records as it goes: notes and contacts (R-NOTE-1), and the resident's
vulnerability with the reasonable adjustments agreed (R-VUL-1).

A note is never edited or deleted: a correction is a new note that names the one it
corrects. A vulnerability is special category data (Equality Act 2010): the pages show it
only to the staff who work the complaint, managers and governance.
"""

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from models.text import Description, Summary, Word


class ContactKind(StrEnum):
    """What was recorded: a case note, or a contact with the resident and which way it went."""

    NOTE = "note"
    PHONE_IN = "phone_in"
    PHONE_OUT = "phone_out"
    EMAIL_IN = "email_in"
    EMAIL_OUT = "email_out"
    LETTER_IN = "letter_in"
    LETTER_OUT = "letter_out"
    VISIT = "visit"


CONTACT_WORDS = {
    ContactKind.NOTE: "Case note",
    ContactKind.PHONE_IN: "Phone call from the resident",
    ContactKind.PHONE_OUT: "Phone call to the resident",
    ContactKind.EMAIL_IN: "Email from the resident",
    ContactKind.EMAIL_OUT: "Email to the resident",
    ContactKind.LETTER_IN: "Letter from the resident",
    ContactKind.LETTER_OUT: "Letter to the resident",
    ContactKind.VISIT: "Visit",
}


class CaseNote(BaseModel):
    """R-NOTE-1: one note or contact, as recorded; never changed afterwards."""

    id: int
    kind: ContactKind
    summary: Description
    happened_at: datetime  # when the contact took place (the note's own time for a note)
    recorded_at: datetime
    by: Word
    author: Word  # the name of who recorded it, as the timeline shows it
    corrects: int | None = None  # the note this one corrects


class Adjustment(StrEnum):
    """R-VUL-1: reasonable adjustments: format, channel, frequency and a named contact."""

    LARGE_PRINT = "large_print"
    EASY_READ = "easy_read"
    LETTERS_BY_POST = "letters_by_post"
    PHONE_CALLS = "phone_calls"
    ADVOCATE = "advocate"
    EXTRA_TIME = "extra_time"


ADJUSTMENT_WORDS = {
    Adjustment.LARGE_PRINT: "Letters in large print",
    Adjustment.EASY_READ: "Letters in easy read",
    Adjustment.LETTERS_BY_POST: "Letters by post",
    Adjustment.PHONE_CALLS: "Phone calls rather than written contact where possible",
    Adjustment.ADVOCATE: "Contact through a named advocate or contact",
    Adjustment.EXTRA_TIME: "More time to reply",
}


class Vulnerability(BaseModel):
    """R-VUL-1: what the resident's circumstances are, the adjustments agreed, who recorded
    them and when they are to be reviewed."""

    circumstances: Summary
    adjustments: list[Adjustment] = Field(default=[], max_length=len(Adjustment))
    other_adjustments: Summary = ""
    named_contact: Word | None = None  # an advocate or the person to contact
    review_on: date
    recorded_on: date
    recorded_by: Word
    recorded_by_name: Word = ""

    def adjustment_words(self) -> list[str]:
        """The adjustments in words, the named contact and any other adjustment with them."""
        found = []
        for adjustment in self.adjustments:
            words = ADJUSTMENT_WORDS[adjustment]
            if adjustment == Adjustment.ADVOCATE and self.named_contact:
                words = f"{words}: {self.named_contact}"
            found.append(words)
        if self.other_adjustments.strip():
            found.append(self.other_adjustments.strip())
        return found
