"""The actions of section 3, intake and acknowledgement: the handler who owns the complaint
(R-S1-2), accepting or declining it (R-ACC-1, R-ACC-2), a resolution at first contact and
its reopening (R-INT-2), clarification and acknowledgement (R-ACK-1, R-ACK-2), and who may
speak for the resident and how they may be contacted (R-WHO-1, R-WHO-2, R-COM-2).

Their updates are in `workflows.intake_handlers`.
"""

from __future__ import annotations

from models import messages as m
from rules.catalogue.entry import EVERYONE, TEAM, ActionEntry, Part, is_complaint
from rules.handling import acceptance, acknowledgement, intake

ASSIGN_HANDLER = ActionEntry(
    "assign_handler", "Assign the handler", "Handler assigned", m.AssignHandlerInput,
    intake.check_assign_handler, intake.assign_handler, ("R-S1-2",), Part.INTAKE, TEAM,
)  # fmt: skip
ACCEPT = ActionEntry(
    "accept", "Accept the complaint at Stage 1", "Complaint accepted at Stage 1", m.AcceptInput,
    acceptance.check_accept, acceptance.accept, ("R-ACC-1",), Part.INTAKE, TEAM,
)  # fmt: skip
DECLINE = ActionEntry(
    "decline", "Decline the complaint", "Complaint declined; the resident has been told why",
    m.DeclineInput, acceptance.check_decline, acceptance.decline, ("R-ACC-1", "R-ACC-2"),
    Part.INTAKE, TEAM,
)  # fmt: skip
RESOLVE_EARLY = ActionEntry(
    "resolve_early", "Record a resolution at first contact",
    "Recorded as resolved at first contact", m.ResolveEarlyInput, intake.check_resolve_early,
    intake.resolve_early, ("R-INT-2",), Part.INTAKE, TEAM,
)  # fmt: skip
REOPEN = ActionEntry(
    "reopen", "Make it a Stage 1 complaint", "Now a Stage 1 complaint", m.ReopenInput,
    intake.check_reopen, intake.reopen, ("R-INT-2",), Part.INTAKE, TEAM,
)  # fmt: skip
REQUEST_CLARIFICATION = ActionEntry(
    "request_clarification", "Ask the resident to clarify", "Clarification requested",
    m.RequestClarificationInput, acknowledgement.check_request_clarification,
    acknowledgement.request_clarification, ("R-ACK-2",), Part.CASEWORK, EVERYONE,
)  # fmt: skip
ACKNOWLEDGE = ActionEntry(
    "acknowledge", "Acknowledge the complaint", "Stage 1 acknowledged", m.AcknowledgeInput,
    acknowledgement.check_acknowledge, acknowledgement.acknowledge, ("R-ACK-1",),
    Part.RESPONSE, EVERYONE,
)  # fmt: skip
RECORD_CONSENT = ActionEntry(
    "record_consent", "Record consent for a representative", "Consent recorded",
    m.RecordConsentInput, acknowledgement.check_record_consent, acknowledgement.record_consent,
    ("R-WHO-1", "R-WHO-2"), Part.CASEWORK, EVERYONE, when=is_complaint,
)  # fmt: skip
RECORD_RESTRICTION = ActionEntry(
    "record_restriction", "Record a contact restriction", "Restriction recorded",
    m.RecordRestrictionInput, acknowledgement.check_record_restriction,
    acknowledgement.record_restriction, ("R-COM-2",), Part.CASEWORK, EVERYONE,
    when=is_complaint,
)  # fmt: skip
