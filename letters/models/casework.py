"""The letters around a complaint's stages: the satisfaction survey (R-SAT-1), thanks for a
compliment or comments (R-DEF-1), a withdrawal confirmed and a complaint reopened
(R-WDR-1), a second contact linked to the complaint already open (R-DUP-1), and a new
handler (R-TEAM-1). Each model cannot exist without the parts the Code requires.
"""

from datetime import date
from typing import ClassVar

from letters.parts import Contact, ResidentLetter, Text


class SatisfactionSurvey(ResidentLetter):
    """R-SAT-1: how did we handle your complaint?"""

    letter_type = "satisfaction_survey"
    SUBJECT = "How did we handle your complaint?"
    survey_url: str | None = None


class ComplimentReply(ResidentLetter):
    """R-DEF-1: compliments and comments are thanked."""

    letter_type = "compliment_reply"
    SUBJECT = "Thank you for your {kind}"

    @property
    def kind(self) -> str:
        prefix = self.head.reference[:3]
        return {"CPL": "compliment", "CMT": "comments"}.get(prefix, "feedback")

    @property
    def subject(self) -> str:
        return self.SUBJECT.format(kind=self.kind)


class CommentReply(ResidentLetter):
    """R-DEF-1: a comment is thanked (a compliment has its own reply)."""

    letter_type = "comment_reply"
    SUBJECT = "Thank you for your comments"


class WithdrawalConfirmed(ResidentLetter):
    """R-WDR-1: the withdrawal confirmed, how and when the resident told us, and how to
    take the complaint up again."""

    letter_type = "withdrawal"
    SUBJECT = "You have withdrawn your complaint"
    withdrawn_on: date
    how: Text  # "by phone"
    reopen_by: date


class WithdrawalReopened(ResidentLetter):
    """R-WDR-1: a withdrawn complaint taken up again where it was, with what comes next and
    by when, counted afresh from the day it was reopened."""

    letter_type = "reopened"
    SUBJECT = "We have reopened your complaint"
    reopened_on: date
    next_step: Text | None = None  # "respond to your complaint"
    next_due: date | None = None


class DuplicateLinked(ResidentLetter):
    """R-DUP-1: a second contact joins the complaint already open, under its reference; not
    a refusal, so no ombudsman's rights here (those come with the original's letters)."""

    letter_type = "duplicate_linked"
    SUBJECT = "We have added your message to your complaint {original}"
    original: Text

    @property
    def subject(self) -> str:
        return self.SUBJECT.format(original=self.original)


class HandlerChanged(ResidentLetter):
    """R-TEAM-1: the complaint has a new handler; who now deals with it and how to contact
    them (a role and direct details, never a name: R-S1-7)."""

    letter_type = "handler_changed"
    SUBJECT = "Who is dealing with your complaint"
    CONTACT_ROLE: ClassVar[str] = "Your complaint handler"
    contact: Contact
