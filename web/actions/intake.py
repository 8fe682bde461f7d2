"""The forms of intake and acknowledgement (section 3 of the Code): assigning the handler
(R-S1-2); accepting or declining a complaint (R-ACC-1, R-ACC-2); resolving it early, or
reopening an early resolution as a Stage 1 complaint (R-INT-2); asking the resident to
clarify and acknowledging it with our understanding and its issues (R-ACK-1, R-ACK-2);
and recording a representative's consent (R-WHO-1, R-WHO-2) or a restriction on contact
(R-COM-2).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from models.enums import RepresentativeKind
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignHandlerInput,
    DeclineInput,
    RecordConsentInput,
    RecordRestrictionInput,
    ReopenInput,
    RequestClarificationInput,
    ResolveEarlyInput,
)
from models.parties import ContactRestriction, Representative
from rules import catalogue
from rules.catalogue import ActionEntry
from web.actions.form import EXCLUSIONS, TEXTAREA, Build, Context, Form, staff_choices, words
from web.forms import Field, Reader, validation_errors


def _assign_handler(r: Reader, c: Context) -> BaseModel:
    chosen = r.choice("handler", staff_choices("handlers")(c), "the handler")
    reason = r.optional("reason")
    r.done()
    return AssignHandlerInput(handler=c.handlers[chosen or ""], reason=reason)


def _decline(r: Reader, c: Context) -> BaseModel:
    reason = r.choice("reason", EXCLUSIONS, "the exclusion that applies")
    detail = r.text("detail", "the detailed reason for the resident", required=True)
    r.done()
    return DeclineInput(reason=reason or "", detail=detail)


def _acknowledge(r: Reader, c: Context) -> BaseModel:
    definition = r.text("definition", "our understanding of the complaint", required=True)
    outcomes = r.text("outcomes_sought", "the outcomes the resident is seeking", required=True)
    issues = [line.strip() for line in r.text("issues").splitlines() if line.strip()]
    if not issues:
        r.errors["issues"] = "Enter at least one issue, one a line"
    r.done()
    return AcknowledgeInput(definition=definition, outcomes_sought=outcomes, issues=issues)


def _consent(r: Reader, c: Context) -> BaseModel:
    name = r.text("rep_name", "the representative's name", required=True)
    kind = r.choice("rep_kind", words(RepresentativeKind), "who the representative is")
    email = r.optional("rep_email")
    address = r.optional("rep_address")
    consent_on = r.date("consent_on", "the date consent was given") or c.today
    r.done()
    try:
        representative = Representative(name=name, kind=kind, email=email, address=address)
    except ValidationError as error:
        raise validation_errors(error, {"kind": "rep_kind", "email": "rep_email"}) from None
    return RecordConsentInput(representative=representative, consent_on=consent_on)


def _restriction(r: Reader, c: Context) -> BaseModel:
    reason = r.text("reason", "why contact is restricted", required=True)
    what = r.text("restriction", "what is restricted", required=True)
    review_on = r.date("review_on", "the review date", required=True)
    channel = r.choice("channel", CHANNEL_CHOICES, "how letters go meanwhile", required=False)
    r.done()
    assert review_on is not None
    return RecordRestrictionInput(
        restriction=ContactRestriction(
            reason=reason,
            restriction=what,
            review_on=review_on,
            channel=None if channel in (None, "any") else channel,
        )
    )


# R-COM-2: while a restriction lasts, letters may be limited to one channel.
CHANNEL_CHOICES = [
    ("any", "As the resident prefers"),
    ("post", "By post only"),
    ("email", "By email only"),
]


def _simple(model: type[BaseModel], **fields: tuple[str, str]) -> Build:
    """A model whose fields are all required text: name -> (form field, label)."""

    def build(r: Reader, c: Context) -> BaseModel:
        values = {key: r.text(name, label, required=True) for key, (name, label) in fields.items()}
        r.done()
        return model(**values)

    return build


FORMS: dict[ActionEntry[Any], Form] = {
    catalogue.ASSIGN_HANDLER: Form(
        "Assign handler",
        _assign_handler,
        (
            Field("handler", "Handler", "select", True, choices=staff_choices("handlers")),
            Field(
                "reason",
                "Reason for reassigning (if it had a handler)",
                TEXTAREA,
                hint="Kept with the complaint; the resident is told who now deals with it.",
            ),
        ),
    ),
    catalogue.ACCEPT: Form(
        "Accept complaint",
        lambda r, c: AcceptInput(late_discretion_reason=r.optional("late_discretion_reason")),
        (
            Field(
                "late_discretion_reason",
                "Reason for accepting a late complaint (if it is late)",
                TEXTAREA,
                hint="For example safeguarding or illness. Leave blank if it is not late.",
            ),
        ),
    ),
    catalogue.DECLINE: Form(
        "Decline complaint",
        _decline,
        (
            Field("reason", "Exclusion that applies", "radios", True, choices=EXCLUSIONS),
            Field(
                "detail",
                "Detailed reason for the resident",
                TEXTAREA,
                True,
                hint="This goes in the letter, with the right to go to the ombudsman.",
            ),
        ),
    ),
    catalogue.RESOLVE_EARLY: Form(
        "Record early resolution",
        lambda r, c: ResolveEarlyInput(
            what_was_done=r.text("what_was_done", "what was done", required=True),
            resident_agreed=r.checked("resident_agreed"),
        ),
        (
            Field("what_was_done", "What was done at first contact", TEXTAREA, True),
            Field("resident_agreed", "The resident agreed it is resolved", "checkbox"),
        ),
    ),
    catalogue.REOPEN: Form(
        "Reopen as Stage 1",
        _simple(ReopenInput, reason=("reason", "why it becomes a formal complaint")),
        (Field("reason", "Why it becomes a formal complaint", TEXTAREA, True),),
    ),
    catalogue.REQUEST_CLARIFICATION: Form(
        "Send clarification request",
        _simple(RequestClarificationInput, questions=("questions", "what needs clarifying")),
        (Field("questions", "What needs clarifying", TEXTAREA, True),),
    ),
    catalogue.ACKNOWLEDGE: Form(
        "Acknowledge complaint",
        _acknowledge,
        (
            Field(
                "definition",
                "Our understanding of the complaint",
                TEXTAREA,
                True,
                default=lambda c: c.state.intake.description,
            ),
            Field(
                "outcomes_sought",
                "Outcomes the resident is seeking",
                TEXTAREA,
                True,
                default=lambda c: c.state.intake.outcomes_sought,
            ),
            Field("issues", "Issues", TEXTAREA, True, hint="One issue a line."),
        ),
    ),
    catalogue.RECORD_CONSENT: Form(
        "Record consent",
        _consent,
        (
            Field("rep_name", "Representative's name", required=True),
            Field(
                "rep_kind",
                "Who the representative is",
                "select",
                True,
                choices=words(RepresentativeKind),
            ),
            Field("rep_email", "Representative's email address", "email"),
            Field("rep_address", "Representative's postal address", TEXTAREA),
            Field(
                "consent_on",
                "Date the resident gave consent",
                "date",
                hint="Leave blank for today.",
            ),
        ),
    ),
    catalogue.RECORD_RESTRICTION: Form(
        "Record restriction",
        _restriction,
        (
            Field("reason", "Why contact is restricted", TEXTAREA, True),
            Field(
                "restriction",
                "What is restricted",
                required=True,
                hint="For example, contact by email only.",
            ),
            Field("review_on", "Date to review it", "date", True),
            Field(
                "channel",
                "How letters go while it lasts",
                "radios",
                choices=CHANNEL_CHOICES,
                hint="Letters still go: a restriction never stops the complaint being handled.",
            ),
        ),
    ),
}
