"""One model per letter the complaint workflow sends, each unable to exist without the parts
the Code requires, and `build_letter`, which turns a letter's stored `fields` into one.

The rules build every letter (`rules.letters.compose` for the complaint's letters,
`rules.letters.action_letter` for an action tracker's), so a letter without a part fails
the rule that writes it; the stored fields are the model's parts by name, with the
`reference`, `stage`, `organisation` and R-S1-7 parts of every complaint letter. Delivery
and the complaint page read a recorded letter back with `read_letter`.

The models are kept by family, and every one is imported from here:

- `letters.models.stages`: the complaint's course through its stages, from the
  acknowledgement to the final letter, and the letters that give the ombudsman's details;
  the stage responses are in `letters.responses`.
- `letters.models.casework`: around the stages: the satisfaction survey, thanks for a
  compliment or comments, a withdrawal and a reopening, a duplicate linked, a new handler.
- `letters.models.follow_up`: a tracked remedy or action, and a hazard's summary and
  updates.
- `letters.models.build`: `LETTER_MODELS`, `build_letter`, `read_letter` and `read_record`.
"""

from letters.models.build import LETTER_MODELS, Letter, build_letter, read_letter, read_record
from letters.models.casework import (
    CommentReply,
    ComplimentReply,
    DuplicateLinked,
    HandlerChanged,
    SatisfactionSurvey,
    WithdrawalConfirmed,
    WithdrawalReopened,
)
from letters.models.follow_up import (
    ActionCompleted,
    ActionUpdate,
    HazardSummaryLetter,
    HazardUpdate,
    TrackedAction,
    WorkPlanned,
)
from letters.models.stages import (
    Acknowledgement,
    AgreementRequest,
    Clarification,
    Decline,
    EscalationRefused,
    Extension,
    Final,
    NoAgreement,
    StageThreePanel,
    StageTwoAcknowledgement,
    WithOmbudsman,
)
from letters.responses import StageOneResponse, StageThreeResponse, StageTwoResponse

__all__ = [
    "LETTER_MODELS",
    "Acknowledgement",
    "ActionCompleted",
    "ActionUpdate",
    "AgreementRequest",
    "Clarification",
    "CommentReply",
    "ComplimentReply",
    "Decline",
    "DuplicateLinked",
    "EscalationRefused",
    "Extension",
    "Final",
    "HandlerChanged",
    "HazardSummaryLetter",
    "HazardUpdate",
    "Letter",
    "NoAgreement",
    "SatisfactionSurvey",
    "StageOneResponse",
    "StageThreePanel",
    "StageThreeResponse",
    "StageTwoAcknowledgement",
    "StageTwoResponse",
    "TrackedAction",
    "WithOmbudsman",
    "WithdrawalConfirmed",
    "WithdrawalReopened",
    "WorkPlanned",
    "build_letter",
    "read_letter",
    "read_record",
]
