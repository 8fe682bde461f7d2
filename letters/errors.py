"""Why a letter cannot be written, in a sentence a complaints officer understands.

A letter that is missing a part the Code requires is refused whole: `LetterError` names the
letter and the missing part in words ("The acknowledgement letter needs the response due
date."), never a pydantic location such as ``response_due``.
"""

from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

LETTER_NAMES: dict[str, str] = {
    "acknowledgement": "acknowledgement",
    "decline": "decline",
    "clarification": "clarification",
    "extension": "extension",
    "agreement_request": "agreement request",
    "no_agreement": "no agreement",
    "stage_1_response": "Stage 1 response",
    "stage_2_response": "Stage 2 response",
    "stage_3_response": "Stage 3 response",
    "final": "final",
    "escalation_refused": "escalation refused",
    "stage_2_acknowledgement": "Stage 2 acknowledgement",
    "stage_3_panel": "Stage 3 panel",
    "satisfaction_survey": "satisfaction survey",
    "compliment_reply": "compliment reply",
    "comment_reply": "comment reply",
    "withdrawal": "withdrawal",
    "reopened": "reopened complaint",
    "duplicate_linked": "duplicate linked",
    "handler_changed": "new handler",
    "action_update": "action update",
    "action_completed": "action completed",
}

# Each part of a letter in words, by its path without list positions ("decisions.reasons").
PART_WORDS: dict[str, str] = {
    "head": "the letter heading",
    "head.organisation_name": "the organisation's name",
    "head.letter_heading": "the organisation's letter heading",
    "head.address": "the organisation's address",
    "head.phone": "the organisation's phone number",
    "head.email": "the organisation's email address",
    "head.website": "the organisation's website",
    "head.date": "the date of the letter",
    "head.reference": "the complaint reference",
    "head.recipient_name": "the recipient's name",
    "stage": "the stage of the complaint",
    "definition": "our understanding of the complaint (the complaint definition)",
    "understanding": "our understanding of what is outstanding",
    "outcomes_sought": "the outcomes the resident is seeking",
    "issues": "the issues the complaint is about",
    "contact": "who is dealing with the complaint and how to contact them",
    "contact.email": "the contact's email address",
    "contact.phone": "the contact's phone number",
    "response_due": "the response due date",
    "ombudsman": "the name of the ombudsman",
    "ombudsman_contact": "the ombudsman's name and how to contact them",
    "ombudsman_contact.name": "the ombudsman's name",
    "ombudsman_contact.address": "the ombudsman's address",
    "ombudsman_contact.phone": "the ombudsman's phone number",
    "ombudsman_contact.website": "the ombudsman's website",
    "reason": "the reason",
    "detail": "the detailed reason",
    "explanation": "the explanation for the resident",
    "questions": "what we need the resident to clarify",
    "new_due": "the new response date",
    "previous_due": "the previous response date",
    "proposed_due": "the proposed response date",
    "due": "the date it is due",
    "decisions": "a decision on each issue",
    "decisions.issue_id": "the issue each decision is about",
    "decisions.decision": "the decision on each issue (upheld, partially upheld or not upheld)",
    "decisions.reasons": "the reasons for the decision on each issue",
    "overall": "the overall decision",
    "reasons": "the reasons for the decision, citing policy, law or good practice",
    "remedies": "the remedies offered",
    "remedies.kind": "the kind of each remedy",
    "remedies.description": "a description of each remedy",
    "remedies.due": "the date each remedy will be delivered",
    "actions": "the outstanding actions",
    "actions.what": "what each outstanding action is",
    "actions.due": "the date each outstanding action will be done by",
    "route": "how to take the complaint further",
    "route.next": "the next step open to the resident",
    "route.escalate_by": "the date by which the resident can ask for Stage 2",
    "route.ombudsman_contact": "the ombudsman's name and how to contact them",
    "meeting_on": "the date of the panel meeting",
    "what": "what the action is",
    "progress": "the progress made",
    "completed_on": "the date the action was completed",
}

# Pydantic error types that mean "this part is not there" rather than "this part is wrong".
MISSING = {"missing", "string_too_short", "too_short", "missing_part"}


class LetterError(ValueError):
    """A letter that cannot be written. The message says which letter and which part."""

    def __init__(self, message: str, *, letter_type: str = "", parts: tuple[str, ...] = ()):
        super().__init__(message)
        self.letter_type = letter_type
        self.parts = parts  # the paths of the parts at fault, e.g. ("response_due",)


def letter_name(letter_type: str) -> str:
    return LETTER_NAMES.get(letter_type, letter_type.replace("_", " "))


def missing_part(what: str) -> PydanticCustomError:
    """Raised by a model validator when a part the Code requires is absent."""
    return PydanticCustomError("missing_part", "needs {what}", {"what": what})


def _path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc if not isinstance(part, int))


def _words(path: str) -> str:
    while path:
        if path in PART_WORDS:
            return PART_WORDS[path]
        path = path.rpartition(".")[0]
    return "a part of the letter"


def _sentence(letter: str, error: Any) -> tuple[str | None, str | None]:
    """(the missing part in words, None) or (None, a sentence about a wrong part)."""
    kind, path = error["type"], _path(error["loc"])
    if kind == "missing_part":
        return error["ctx"]["what"], None
    if kind in MISSING or error.get("input", "") is None:
        return _words(path), None
    if not path:  # a whole-letter check, which already speaks in words
        message = str(error["msg"]).removeprefix("Value error, ")
        return None, f"The {letter} letter {message}"
    return None, f"In the {letter} letter, {_words(path)} is not valid: {error['msg']}."


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def explain(letter_type: str, error: ValidationError) -> LetterError:
    """One `LetterError` for everything pydantic found: the missing parts in one sentence
    ("The acknowledgement letter needs the response due date."), then each wrong part."""
    letter = letter_name(letter_type)
    missing: list[str] = []
    wrong: list[str] = []
    for found in error.errors():
        needs, sentence = _sentence(letter, found)
        if needs and needs not in missing:
            missing.append(needs)
        if sentence and sentence not in wrong:
            wrong.append(sentence)
    sentences = [f"The {letter} letter needs {_and(missing)}."] if missing else []
    parts = tuple(_path(found["loc"]) for found in error.errors())
    return LetterError(" ".join(sentences + wrong), letter_type=letter_type, parts=parts)
