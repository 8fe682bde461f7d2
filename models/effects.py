"""What the pure rules ask the world to do, and the inputs of the activities that do it.

Rules return effects; the workflow turns each into one idempotent activity call keyed by
the complaint reference and a sequence number held in the complaint's state.
"""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel


class Event(BaseModel):
    """Append to the complaint's record (R-REC-1)."""

    effect: Literal["event"] = "event"
    kind: str
    summary: str
    actor: str = "system"
    data: dict[str, Any] = {}


class Recipient(BaseModel):
    name: str
    email: str | None = None
    address: str | None = None
    postcode: str | None = None  # the last line of the address block
    role: str = "complainant"  # complainant | representative


class Letter(BaseModel):
    """A letter to the complainant (and a representative with consent), as the rules built
    it (`rules.letters.compose`): the letter model's parts as stored (`fields`, which
    `letters.read_letter` reads back), who receives it (R-WHO-2) and how (R-COM-1, R-COM-2).
    """

    effect: Literal["letter"] = "letter"
    letter: str  # acknowledgement, decline, clarification, extension, ...
    summary: str
    fields: dict[str, Any] = {}
    recipients: list[Recipient]
    channel: str  # email | post
    large_print: bool = False


class Notify(BaseModel):
    """A message to a member of staff: a reminder or a manager's breach notice (R-S1-2)."""

    effect: Literal["notify"] = "notify"
    staff_id: str | None  # None: the complaints team
    subject: str
    body: str
    to_manager_of: bool = False


class Track(BaseModel):
    """Start following a remedy, outstanding action or order to completion (R-REM-3)."""

    effect: Literal["track"] = "track"
    item_id: str


class SplitOff(BaseModel):
    """R-S1-5: an issue that becomes a new complaint, linked to this one."""

    effect: Literal["split_off"] = "split_off"
    summary: str
    # R-DEF-1: a comment treated as a complaint counts from the comment's first contact;
    # None: from the day it is split off (R-S1-5).
    first_contact_on: date | None = None


Effect = Event | Letter | Notify | Track | SplitOff


class ComplaintSummary(BaseModel):
    """One row of the read model the UI and reports query."""

    reference: str
    kind: str
    organisation: str
    service_area: str
    channel: str
    stage: str
    status: str
    complainant_name: str
    postcode: str | None = None
    email: str | None = None
    handler_id: str | None = None
    handler_name: str | None = None
    reviewer_id: str | None = None
    first_contact_on: date
    logged_at: datetime
    next_due: date | None = None
    next_due_label: str | None = None
    next_target: date | None = None
    breached: bool = False
    flagged: bool = False  # R-S1-4: no agreement reached on a date beyond the limit
    vulnerable: bool = False  # R-VUL-1: a vulnerability or adjustments are recorded
    closed_on: date | None = None
    categories: list[str] = []
    is_open: bool = True  # still in the team's work queues
    reviewer_name: str | None = None
    outcome: str | None = None  # the latest stage response's overall decision
    compensation_total: float = 0.0  # every stage's awards, in pounds (R-REM-2)
    deadlines: list[dict[str, Any]] = []  # every due date and whether it was met (R-REC-1)
    parties: dict[str, Any] = {}  # complainant, representative, preferences, restriction
    issues: list[dict[str, Any]] = []  # with their decisions
    remedies: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []  # remedies, actions and orders followed to completion
    ombudsman: list[dict[str, Any]] = []  # cases with the ombudsman (R-EXT-2)
    # Why the complaint's record could not be written; None: the record is up to date.
    needs_attention: str | None = None


class RecordEventInput(BaseModel):
    reference: str
    seq: int
    occurred_at: datetime
    event: Event
    summary: ComplaintSummary | None = None  # None: append only (e.g. from an action tracker)
    # What this event changed in the read model (the fields of ComplaintSummary that differ
    # from the last event that carried changes); the rebuild folds these in order.
    changes: dict[str, Any] | None = None
    digest: str | None = None  # see rules.record.record_digest


# Sequence numbers of a complaint's own records are below this; tracker n writes from
# n * SEQ_SPACE, so the two never share a key.
SEQ_SPACE = 1_000_000


class RecordEffectsInput(BaseModel):
    """One action's events, letters and notices, written together (see record_effects)."""

    reference: str
    events: list["RecordEventInput"] = []
    letters: list["SendLetterInput"] = []
    notices: list["NotifyInput"] = []
    summary: ComplaintSummary | None = None
    last_seq: int = 0
    # Which workflow task wrote this (rules.record.epoch): a row written by an earlier task
    # that never committed is superseded by a later one; never the other way round.
    epoch: int = 0
    # The writer's own range of sequence numbers: rows in it beyond ``last_seq`` were
    # written by a task that never committed, and go.
    seq_floor: int = 0
    seq_ceiling: int = SEQ_SPACE
    # The workflow's whole state after these records (JSON), for pages to read; set on the
    # write only, never on the batches a workflow keeps.
    state: dict[str, Any] | None = None


class SendLetterInput(BaseModel):
    reference: str
    seq: int
    occurred_at: datetime
    letter: str
    organisation: str
    recipients: list[Recipient]
    channel: str = "email"
    large_print: bool = False
    fields: dict[str, Any] = {}
    digest: str | None = None


class NotifyInput(BaseModel):
    reference: str
    seq: int
    occurred_at: datetime
    staff_id: str | None
    to_manager_of: bool = False
    subject: str
    body: str
    digest: str | None = None


class AttentionInput(BaseModel):
    """Mark a complaint as needing attention (``reason``), or clear the mark (None)."""

    reference: str
    reason: str | None


class DeliverInput(BaseModel):
    """Send the letter or staff notice recorded under (reference, seq)."""

    reference: str
    seq: int


class DeliveryReport(BaseModel):
    """What became of one letter or notice: one line per recipient."""

    reference: str
    seq: int
    outcomes: list[str] = []
    problems: list[str] = []


class StoreDocumentInput(BaseModel):
    reference: str
    seq: int | None = None
    name: str
    content_type: str
    content: bytes
    source: str = "upload"  # letter | inbound_email | upload


class CalendarRequest(BaseModel):
    covers_from: date
    covers_to: date


class AllocateReferenceInput(BaseModel):
    kind: str  # complaint | compliment | comment
    year: int
    key: str | None = None  # e.g. "CMP-2026-000001:17": a retry returns the same reference


RecordEffectsInput.model_rebuild()
