"""The actions of sections 4 and 6 on the response at each stage: its date extended
(R-S1-3, R-S2-2) or, beyond the limit, agreed with the resident (R-S1-4), an issue added
(R-S1-5), and the stage response sent (R-S1-6, R-S2-3) with its remedies and lesson
(R-REM-1, R-REM-2, R-LRN-1).

Their updates are in `workflows.stage_handlers`.
"""

from __future__ import annotations

from models import messages as m
from rules.catalogue.entry import OWNERS, ActionEntry, Part
from rules.handling import extensions, responses

EXTEND = ActionEntry(
    "extend", "Extend the response date", "Response date extended", m.ExtendInput,
    extensions.check_extend, extensions.extend, ("R-S1-3", "R-S2-2"), Part.RESPONSE, OWNERS,
)  # fmt: skip
REQUEST_AGREEMENT = ActionEntry(
    "request_agreement", "Ask the resident to agree a later date", "Agreement requested",
    m.RequestAgreementInput, extensions.check_request_agreement, extensions.request_agreement,
    ("R-S1-4",), Part.RESPONSE, OWNERS,
)  # fmt: skip
RECORD_AGREEMENT = ActionEntry(
    "record_agreement", "Record the resident's answer", "Resident's answer recorded",
    m.RecordAgreementInput, extensions.check_record_agreement, extensions.record_agreement,
    ("R-S1-4",), Part.RESPONSE, OWNERS,
)  # fmt: skip
ADD_ISSUE = ActionEntry(
    "add_issue", "Add an issue", "Issue recorded", m.AddIssueInput, responses.check_add_issue,
    responses.add_issue, ("R-S1-5",), Part.RESPONSE, OWNERS,
)  # fmt: skip
SUBMIT_RESPONSE = ActionEntry(
    "submit_response", "Send the stage response", "Response sent", m.SubmitResponseInput,
    responses.check_submit_response, responses.submit_response,
    ("R-S1-6", "R-S2-3", "R-REM-1", "R-REM-2", "R-LRN-1"), Part.RESPONSE, OWNERS,
)  # fmt: skip
