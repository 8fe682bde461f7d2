"""The actions of section 6 that take a complaint from stage to stage: the resident's request
to escalate (R-ESC-1), the Stage 2 reviewer (R-S2-1), the decision on the request (R-ESC-2,
R-ESC-3), and the Stage 3 panel requested, arranged and held (R-S3-1).

Their updates are in `workflows.escalation_handlers`.
"""

from __future__ import annotations

from models import messages as m
from rules.catalogue.entry import MANAGER, REVIEWER, TEAM, ActionEntry, Part
from rules.handling import escalation, stage_three

REQUEST_ESCALATION = ActionEntry(
    "request_escalation", "Record the resident's request to escalate",
    "Escalation request recorded", m.RequestEscalationInput,
    escalation.check_request_escalation, escalation.request_escalation, ("R-ESC-1",),
    Part.ESCALATION, TEAM,
)  # fmt: skip
ASSIGN_REVIEWER = ActionEntry(
    "assign_reviewer", "Assign the Stage 2 reviewer", "Reviewer assigned",
    m.AssignReviewerInput, escalation.check_assign_reviewer, escalation.assign_reviewer,
    ("R-S2-1",), Part.ESCALATION, TEAM,
)  # fmt: skip
DECIDE_ESCALATION = ActionEntry(
    "decide_escalation", "Decide the escalation request", "Escalation decided",
    m.DecideEscalationInput, escalation.check_decide_escalation, escalation.decide_escalation,
    ("R-ESC-2", "R-ESC-3"), Part.DECISION, frozenset({REVIEWER, MANAGER}),
)  # fmt: skip
REQUEST_STAGE_THREE = ActionEntry(
    "request_stage_three", "Record a request for a Stage 3 panel", "Stage 3 panel requested",
    m.RequestStageThreeInput, stage_three.check_request_stage_three,
    stage_three.request_stage_three, ("R-S3-1",), Part.STAGE_THREE, TEAM,
)  # fmt: skip
ARRANGE_PANEL = ActionEntry(
    "arrange_panel", "Arrange the Stage 3 panel", "Panel arranged", m.ArrangePanelInput,
    stage_three.check_arrange_panel, stage_three.arrange_panel, ("R-S3-1",), Part.STAGE_THREE,
    TEAM,
)  # fmt: skip
RECORD_PANEL_MEETING = ActionEntry(
    "record_panel_meeting", "Record the panel meeting", "Panel meeting recorded",
    m.RecordPanelMeetingInput, stage_three.check_record_panel_meeting,
    stage_three.record_panel_meeting, ("R-S3-1",), Part.STAGE_THREE, TEAM,
)  # fmt: skip
