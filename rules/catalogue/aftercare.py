"""The actions of sections 5 and 7, after the response: progress on a remedy or action
followed to completion (R-REM-3), and the ombudsman's cases with their enquiries and
determination (R-EXT-2).

Their updates are in `workflows.aftercare_handlers`, and `record_progress`'s is the
workflow's own.
"""

from __future__ import annotations

from models import messages as m
from models.complaint import ComplaintState
from rules.catalogue.entry import EVERYONE, TEAM, ActionEntry, Part, is_complaint
from rules.handling import aftercare


def _open_items(state: ComplaintState) -> bool:
    return any(item.completed_on is None for item in state.tracked.values())


def _cases(state: ComplaintState) -> bool:
    return bool(state.ombudsman_cases)


def _open_enquiries(state: ComplaintState) -> bool:
    return any(e.answered_on is None for case in state.ombudsman_cases for e in case.enquiries)


def _undetermined_cases(state: ComplaintState) -> bool:
    return any(case.determination is None for case in state.ombudsman_cases)


# Progress also signals the item's tracker, which only the workflow can do: it has its
# own handler (`ComplaintWorkflow.record_progress`), so no apply function here.
RECORD_PROGRESS = ActionEntry(
    "record_progress", "Record progress on an action", "Progress recorded",
    m.RecordProgressInput, aftercare.check_record_progress, None, ("R-REM-3",), Part.PROGRESS,
    EVERYONE, when=_open_items,
)  # fmt: skip
RECORD_OMBUDSMAN_CASE = ActionEntry(
    "record_ombudsman_case", "Record an ombudsman case", "Ombudsman case recorded",
    m.RecordOmbudsmanCaseInput, aftercare.check_record_ombudsman_case,
    aftercare.record_ombudsman_case, ("R-EXT-2",), Part.OMBUDSMAN, TEAM, when=is_complaint,
)  # fmt: skip
RECORD_ENQUIRY = ActionEntry(
    "record_enquiry", "Record an ombudsman enquiry", "Enquiry recorded", m.RecordEnquiryInput,
    aftercare.check_record_enquiry, aftercare.record_enquiry, ("R-EXT-2",), Part.OMBUDSMAN,
    TEAM, when=_cases,
)  # fmt: skip
ANSWER_ENQUIRY = ActionEntry(
    "answer_enquiry", "Record an enquiry answered", "Enquiry answered", m.AnswerEnquiryInput,
    aftercare.check_answer_enquiry, aftercare.answer_enquiry, ("R-EXT-2",), Part.OMBUDSMAN,
    TEAM, when=_open_enquiries,
)  # fmt: skip
RECORD_DETERMINATION = ActionEntry(
    "record_determination", "Record the ombudsman's determination", "Determination recorded",
    m.RecordDeterminationInput, aftercare.check_record_determination,
    aftercare.record_determination, ("R-EXT-2",), Part.OMBUDSMAN, TEAM,
    when=_undetermined_cases,
)  # fmt: skip
