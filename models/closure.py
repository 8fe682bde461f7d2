"""How a complaint ends other than by a response, and what is put right after logging:
the resident's withdrawal (R-WDR-1), a second contact linked to the complaint already open
(R-DUP-1), a correction of contact details, service area or organisation (R-EDIT-1).

The models only; `rules/handling/withdrawal.py`, `duplicates.py` and `corrections.py` decide
when each may happen and what follows.
"""

from datetime import date
from typing import Any

from pydantic import BaseModel

from models.enums import Channel, Status
from models.text import Address, Summary, Word


class Withdrawal(BaseModel):
    """R-WDR-1: the resident withdrew, how they told us and when."""

    how: Channel
    withdrawn_on: date  # the day the resident told us
    recorded_on: date
    by: Word  # who recorded it
    reason: Summary = ""  # the resident's reason, if they gave one
    status_before: Status  # where the complaint stood when it was withdrawn
    reopen_by: date  # the letter says the resident may take it up again until then
    # What reopening puts back (withdrawals recorded before reopening existed have none):
    # the deadlines the withdrawal stopped and the dates it replaced.
    stopped: list[str] = []
    closed_on_before: date | None = None
    retain_until_before: date | None = None


class Correction(BaseModel):
    """R-EDIT-1: one value put right after logging, with the old and the new value."""

    what: Word  # the field corrected: email, phone, address, service_area, organisation, ...
    old: Address | None = None
    new: Address | None = None
    reason: Summary
    by: Word
    on: date


class UndeliveredLettersInput(BaseModel):
    """R-EDIT-1: which of a complaint's letters to read back from the record, to send again
    after a correction (none named: every letter that could not be delivered)."""

    reference: Word
    seqs: list[int] | None = None


class UndeliveredLetter(BaseModel):
    """R-EDIT-1: a recorded letter the resident never received (its delivery to them was
    marked undeliverable): its type and stored fields, to be sent again as it was."""

    seq: int
    letter: Word  # the letter type
    fields: dict[str, Any]
    problem: Address  # why it could not be delivered, in words
    recorded_on: date


class UndeliveredLetters(BaseModel):
    letters: list[UndeliveredLetter] = []


class DuplicateJoined(BaseModel):
    """R-DUP-1: the signal telling the original complaint a second contact joined it."""

    reference: Word  # the second contact's reference
    by: Word = "system"
