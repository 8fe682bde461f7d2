"""The actions of section 14 that end or put right a complaint: the resident's withdrawal
and its reopening (R-WDR-1), a duplicate linked to the complaint already open (R-DUP-1),
corrections of contact details, service area or organisation (R-EDIT-1), and a comment
treated as a complaint (R-DEF-1).

Their updates are in `workflows.closure_handlers`.
"""

from __future__ import annotations

from models import messages as m
from rules.catalogue.entry import EVERYONE, TEAM, ActionEntry, Part, is_complaint
from rules.handling import comments, corrections, duplicates, withdrawal

WITHDRAW = ActionEntry(
    "withdraw", "Record the resident's withdrawal", "Complaint withdrawn; the resident has been "
    "sent a confirmation", m.WithdrawInput, withdrawal.check_withdraw, withdrawal.withdraw,
    ("R-WDR-1",), Part.CASEWORK, EVERYONE,
)  # fmt: skip
REOPEN_WITHDRAWN = ActionEntry(
    "reopen_withdrawn", "Reopen the withdrawn complaint",
    "Complaint reopened where it was; the resident has been told what comes next",
    m.ReopenWithdrawnInput, withdrawal.check_reopen_withdrawn, withdrawal.reopen_withdrawn,
    ("R-WDR-1",), Part.INTAKE, TEAM,
)  # fmt: skip
# Linking also tells the original complaint, which only the workflow can do: its handler
# signals the original before it applies the rule.
LINK_DUPLICATE = ActionEntry(
    "link_duplicate", "Link as a duplicate of an open complaint",
    "Linked to the original complaint; the resident has been told", m.LinkDuplicateInput,
    duplicates.check_link_duplicate, duplicates.link_duplicate, ("R-DUP-1",), Part.INTAKE, TEAM,
)  # fmt: skip
# A correction naming letters to send again reads them from the record first: its handler
# calls an activity, then applies `rules.handling.resend` rather than this entry's apply.
CORRECT_CONTACT = ActionEntry(
    "correct_contact", "Correct the contact details", "Contact details corrected",
    m.CorrectContactInput, corrections.check_correct_contact, corrections.correct_contact,
    ("R-EDIT-1",), Part.CASEWORK, EVERYONE,
)  # fmt: skip
CORRECT_SERVICE = ActionEntry(
    "correct_service", "Correct the service area or organisation",
    "Service area or organisation corrected", m.CorrectServiceInput,
    corrections.check_correct_service, corrections.correct_service, ("R-EDIT-1",), Part.CASEWORK,
    EVERYONE, when=is_complaint,
)  # fmt: skip
TREAT_AS_COMPLAINT = ActionEntry(
    "treat_as_complaint", "Treat this comment as a complaint",
    "Now a complaint with its own reference", m.TreatAsComplaintInput,
    comments.check_treat_as_complaint, comments.treat_as_complaint, ("R-DEF-1",), Part.INTAKE,
    TEAM,
)  # fmt: skip
