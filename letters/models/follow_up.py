"""The letters that follow a promise through to the end: a remedy, action or order tracked
to completion by its own tracker workflow (R-REM-3), and a hazard investigated and put
right (R-HAZ-4, R-HAZ-5). Each model cannot exist without the parts the Code requires.
"""

from datetime import date

from pydantic import BaseModel, model_validator

from letters.errors import missing_part
from letters.parts import ResidentLetter, Text


class TrackedAction(ResidentLetter):
    """A remedy or action followed to completion; the tracker names a remedy "remedy: ..."."""

    what: Text

    @property
    def promise(self) -> str:
        words = self.what.removeprefix("remedy:").strip().rstrip(".")
        return words[:1].upper() + words[1:]


class ActionUpdate(TrackedAction):
    """R-REM-3: the resident hears how an outstanding action is going."""

    letter_type = "action_update"
    SUBJECT = "An update on what we promised to do"
    due: date
    progress: Text


class ActionCompleted(TrackedAction):
    """R-REM-3: the action is done."""

    letter_type = "action_completed"
    SUBJECT = "We have done what we promised"
    completed_on: date


class WorkPlanned(BaseModel):
    what: Text
    by: date


class HazardSummaryLetter(ResidentLetter):
    """R-HAZ-4: the written summary of a hazard investigation: what was found, the hazard
    and its risk, the works planned with their dates (or why none are needed), and how to
    contact us. A summary without one of them cannot exist."""

    letter_type = "hazard_summary"
    SUBJECT = "What we found when we investigated the hazard in your home"
    what_was_found: Text
    hazard_and_risk: Text
    works: list[WorkPlanned] = []
    no_works_reason: str = ""
    how_to_contact: Text

    @model_validator(mode="after")
    def _works_or_why_not(self) -> "HazardSummaryLetter":
        if not self.works and not self.no_works_reason.strip():
            raise missing_part("the works planned with their dates, or why none are needed")
        return self


class HazardUpdate(ResidentLetter):
    """R-HAZ-5: the tenant is kept updated until the works are complete."""

    letter_type = "hazard_update"
    SUBJECT = "An update on the hazard in your home"
    hazard: Text
    progress: Text
    next_step: Text
