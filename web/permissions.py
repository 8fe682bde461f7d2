"""Who may take which action on which complaint: pure, so the table is tested on its own.

The workflow decides whether the Code allows an action; this decides whether the person
signed in may ask for it. A handler acts only on the complaints assigned to them, a
reviewer only on those they review and never on one they handled at Stage 1 (R-S2-1),
governance reads and changes nothing, and an administrator manages users only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.enums import Stage
from rules import catalogue
from rules.catalogue import Part
from rules.rule_clauses import code_reference
from web.users import Role

# Handler actions, by the part of the Code they belong to (update names of the workflow),
# and who may take them: read from the catalogue of actions.
INTAKE = catalogue.of_part(Part.INTAKE)
CASEWORK = catalogue.of_part(Part.CASEWORK)
RESPONSE = catalogue.of_part(Part.RESPONSE)
DECIDE = catalogue.of_part(Part.DECISION)
PROGRESS = catalogue.of_part(Part.PROGRESS)
# Keeping a document with the complaint (R-REC-1): an upload or an email from the resident.
# The web keeps it itself, not through a workflow update, so it is no catalogue action.
DOCUMENTS = frozenset({"attach_document"})
ALL_ACTIONS = frozenset(catalogue.BY_NAME) | DOCUMENTS
STAFF_ROLES = frozenset({Role.OFFICER, Role.HANDLER, Role.REVIEWER, Role.MANAGER, Role.GOVERNANCE})

# What a complaints officer does for the team: everything but the stage responses (bar the
# acknowledgement) and the escalation decision, which belong to the handler and the reviewer.
OFFICER_ACTIONS = catalogue.for_role(Role.OFFICER) | DOCUMENTS
HANDLER_ACTIONS = catalogue.for_role(Role.HANDLER) | DOCUMENTS
REVIEWER_ACTIONS = catalogue.for_role(Role.REVIEWER) | DOCUMENTS


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about the complaint, from its workflow state."""

    stage: Stage
    handler_id: str | None
    reviewer_id: str | None
    stage_1_staff: tuple[str, ...] = ()


def is_stage_two_work(action: str, facts: Facts) -> bool:
    """An action that decides or answers the complaint at Stage 2 (R-S2-1)."""
    return action in DECIDE or (action in RESPONSE | CASEWORK and facts.stage == Stage.STAGE_2)


def refusal(roles: Iterable[str], staff_id: str, action: str, facts: Facts) -> str | None:
    """None when the user may take `action` on the complaint, else the reason they may not."""
    held = {Role(role) for role in roles if role in Role._value2member_map_}
    if action not in ALL_ACTIONS:
        return f"There is no action called {action}."
    if staff_id in facts.stage_1_staff and is_stage_two_work(action, facts):
        return (
            "You handled this complaint at Stage 1, so you cannot act on it at Stage 2: "
            f"the Code requires someone who was not involved ({code_reference(['R-S2-1'])})."
        )
    reasons = [_role_refusal(role, staff_id, action, facts) for role in sorted(held)]
    if any(reason is None for reason in reasons):
        return None
    for reason in reasons:  # the most specific sentence first
        if reason and reason.startswith("Only"):
            return reason
    if held and held <= {Role.GOVERNANCE, Role.ADMIN}:
        return "Your role lets you read complaints but not change them."
    return f"Your role does not allow you to {action.replace('_', ' ')}."


def _role_refusal(role: Role, staff_id: str, action: str, facts: Facts) -> str | None:
    if role == Role.MANAGER:
        return None
    if role == Role.OFFICER:
        return None if action in OFFICER_ACTIONS else "no"
    if role == Role.HANDLER:
        if action not in HANDLER_ACTIONS:
            return "no"
        if facts.handler_id != staff_id:
            return "Only the complaint's handler can do this, and it is not assigned to you."
        if facts.stage != Stage.STAGE_1 and action not in PROGRESS | DOCUMENTS:
            return "Only the Stage 2 reviewer acts on the complaint once it is at Stage 2."
        return None
    if role == Role.REVIEWER:
        if action not in REVIEWER_ACTIONS:
            return "no"
        if facts.reviewer_id != staff_id:
            return "Only the complaint's Stage 2 reviewer can do this, and it is not you."
        if action in RESPONSE | CASEWORK and facts.stage != Stage.STAGE_2:
            return "Only the Stage 1 handler acts on the complaint at Stage 1."
        return None
    return "no"  # governance and admin change nothing


def may_view_complaints(roles: Iterable[str]) -> bool:
    return any(role in STAFF_ROLES for role in roles)


def may_triage_mail(roles: Iterable[str]) -> bool:
    """The complaints team (officers and managers) works the "New mail" queue."""
    return any(role in catalogue.TEAM for role in roles)


def may_manage_users(roles: Iterable[str]) -> bool:
    return Role.ADMIN.value in roles
