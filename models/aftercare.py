"""What a complaint holds after its response (sections 5 and 7): the remedies, actions and
ombudsman orders followed to completion (R-REM-3), the ombudsman's cases with their
enquiries and determination (R-EXT-2), and the resident's survey answers (R-SAT-1).
"""

from datetime import date

from pydantic import BaseModel

from models.enums import Determination, Ombudsman, Stage


class TrackedItem(BaseModel):
    """A remedy, outstanding action or ombudsman order followed to completion (R-REM-3)."""

    id: str
    kind: str  # remedy | action | ombudsman_order
    what: str
    due: date
    workflow_id: str
    completed_on: date | None = None


class Enquiry(BaseModel):
    id: int
    due: date
    answered_on: date | None = None


class OmbudsmanCase(BaseModel):
    """R-EXT-2."""

    id: int
    ombudsman: Ombudsman
    case_reference: str
    referred_on: date
    enquiries: list[Enquiry] = []
    determination: Determination | None = None
    determined_on: date | None = None
    orders: list[str] = []  # TrackedItem ids


class SurveyAnswer(BaseModel):
    """R-SAT-1: the resident's answer to the satisfaction survey, once per stage answered."""

    stage: Stage
    answered_on: date
    satisfaction: int  # 1 (very dissatisfied) to 5 (very satisfied)
    comments: str = ""
