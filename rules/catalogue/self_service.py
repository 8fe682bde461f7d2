"""What the resident does from their own view (section 13), or staff record for a resident
who wrote or phoned: more information (R-RES-1) and the satisfaction survey's answer
(R-SAT-1, R-GOV-6).

Their updates are in `workflows.self_service_handlers`.
"""

from __future__ import annotations

from models import messages as m
from rules.catalogue.entry import EVERYONE, TEAM, ActionEntry, Part
from rules.handling import self_service

SEND_INFORMATION = ActionEntry(
    "send_information", "Record more information from the resident", "Information recorded",
    m.SendInformationInput, self_service.check_send_information, self_service.send_information,
    ("R-RES-1",), Part.CASEWORK, EVERYONE,
)  # fmt: skip
ANSWER_SURVEY = ActionEntry(
    "answer_survey", "Record the resident's survey answer", "Survey answer recorded",
    m.AnswerSurveyInput, self_service.check_answer_survey, self_service.answer_survey,
    ("R-SAT-1", "R-GOV-6"), Part.CASEWORK, TEAM,
)  # fmt: skip
