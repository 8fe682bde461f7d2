"""The stage responses (R-S1-6, R-S2-3, R-S3-1): the stage, the complaint definition, a
decision on each issue and the overall decision that follows from them, the reasons, the
remedies, the outstanding actions with dates, what was done about any hazard reported with the
complaint (R-HAZ-7), and the route onwards for that stage."""

from typing import ClassVar

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from letters.errors import missing_part
from letters.parts import IssueDecision, OutstandingAction, Remedy, ResidentLetter, Route, Text
from models.enums import Decision
from rules.decisions import overall_decision

ROUTE_WORDS = {"stage_2": "Stage 2", "stage_3": "Stage 3", "ombudsman": "the ombudsman"}


class StageResponse(ResidentLetter):
    """R-S1-6 / R-S2-3: the stage, the definition, a decision on each issue and the overall
    decision that follows from them, reasons, remedies, actions with dates, and the route
    onwards. The workflow sends `issues` as {"<issue id>": "<summary>"}."""

    SUBJECT = "{stage} response to your complaint"
    STAGE: ClassVar[str]
    ROUTES: ClassVar[tuple[str, ...]]

    stage: Text
    definition: Text
    issues: dict[str, str] = {}
    decisions: list[IssueDecision] = Field(min_length=1)
    overall: Decision
    reasons: Text
    remedies: list[Remedy]
    actions: list[OutstandingAction]
    # Promised at an earlier stage and still open: the letter names them, never "nothing
    # further" while they are outstanding; and what earlier stages awarded, which this
    # stage's compensation comes on top of (R-REM-2, R-REM-3).
    earlier_actions: list[OutstandingAction] = []
    earlier_compensation: float = Field(default=0, ge=0, allow_inf_nan=False)
    # R-HAZ-7: what was done about the hazards reported with the complaint, when there were.
    hazards_addressed: str = ""
    route: Route

    @property
    def compensation(self) -> float:
        """This response's compensation, in pounds."""
        return sum(r.compensation.total for r in self.remedies if r.compensation)

    def issue_words(self, decision: IssueDecision) -> str:
        return self.issues.get(str(decision.issue_id)) or f"Issue {decision.issue_id}"

    @model_validator(mode="after")
    def _complete(self) -> "StageResponse":
        if self.stage != self.STAGE:
            raise PydanticCustomError(
                "wrong_stage", "is for {want}, not {got}.", {"want": self.STAGE, "got": self.stage}
            )
        derived = overall_decision([d.decision for d in self.decisions])
        if self.overall != derived:
            raise PydanticCustomError(
                "overall_decision",
                "has an overall decision ({given}) that does not follow from the decisions on "
                "each issue ({derived}).",
                {
                    "given": self.overall.value.replace("_", " "),
                    "derived": derived.value.replace("_", " "),
                },
            )
        if self.route.next not in self.ROUTES:
            routes = " or ".join(ROUTE_WORDS[route] for route in self.ROUTES)
            raise missing_part(f"the route onwards: {routes}")
        return self


class StageOneResponse(StageResponse):
    letter_type = "stage_1_response"
    STAGE = "Stage 1"
    ROUTES = ("stage_2",)


class StageTwoResponse(StageResponse):
    letter_type = "stage_2_response"
    STAGE = "Stage 2"
    ROUTES = ("stage_3", "ombudsman")


class StageThreeResponse(StageResponse):
    letter_type = "stage_3_response"
    STAGE = "Stage 3"
    ROUTES = ("ombudsman",)
