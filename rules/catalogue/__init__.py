"""Every action a person takes on a complaint, once: the catalogue the surfaces derive from.

An entry (`rules.catalogue.entry.ActionEntry`) names the workflow update (`name`), its
input model, the rule's check and apply functions, the rule ids it serves, the part of the
Code it belongs to and the roles that may take it. From this table come the workflow's
update handlers (each a one-liner through its entry), the web's forms and JSON API routes,
the web's permissions and the starter's subcommands; tests prove each surface has every
entry.

The entries are kept by area, each module beside the workflow's handler mixin of the same
area (`workflows.<area>_handlers`): `intake` (section 3), `casework` (notes, vulnerability,
hazards), `stage` (the response clock and the response), `closure` (withdrawal,
duplicates, corrections, a comment as a complaint), `escalation` (Stage 2 and the Stage 3
panel), `aftercare` (progress and the ombudsman) and `self_service` (the resident's own
view). `ACTIONS` below lists them all in the order the complaint page shows them, and each
is importable from here (`catalogue.EXTEND`). An input's simple fields, for a form or
options made from its model, are read in `rules.catalogue.fields`.

Pure: no temporalio, no SQLAlchemy; the roles are the web's role names as plain words.
"""

from __future__ import annotations

from typing import Any

from rules.catalogue.aftercare import (
    ANSWER_ENQUIRY,
    RECORD_DETERMINATION,
    RECORD_ENQUIRY,
    RECORD_OMBUDSMAN_CASE,
    RECORD_PROGRESS,
)
from rules.catalogue.casework import RECORD_CONTACT, RECORD_VULNERABILITY, REPORT_HAZARD
from rules.catalogue.closure import (
    CORRECT_CONTACT,
    CORRECT_SERVICE,
    LINK_DUPLICATE,
    REOPEN_WITHDRAWN,
    TREAT_AS_COMPLAINT,
    WITHDRAW,
)
from rules.catalogue.entry import (
    EVERYONE,
    HANDLER,
    MANAGER,
    OFFICER,
    OWNERS,
    REVIEWER,
    TEAM,
    ActionEntry,
    Part,
    refused_by_state,
)
from rules.catalogue.escalation import (
    ARRANGE_PANEL,
    ASSIGN_REVIEWER,
    DECIDE_ESCALATION,
    RECORD_PANEL_MEETING,
    REQUEST_ESCALATION,
    REQUEST_STAGE_THREE,
)
from rules.catalogue.fields import InputField, input_fields
from rules.catalogue.intake import (
    ACCEPT,
    ACKNOWLEDGE,
    ASSIGN_HANDLER,
    DECLINE,
    RECORD_CONSENT,
    RECORD_RESTRICTION,
    REOPEN,
    REQUEST_CLARIFICATION,
    RESOLVE_EARLY,
)
from rules.catalogue.self_service import ANSWER_SURVEY, SEND_INFORMATION
from rules.catalogue.stage import (
    ADD_ISSUE,
    EXTEND,
    RECORD_AGREEMENT,
    REQUEST_AGREEMENT,
    SUBMIT_RESPONSE,
)

# In the order the complaint page lists them: the order a complaint meets them.
ACTIONS: tuple[ActionEntry[Any], ...] = (
    ASSIGN_HANDLER,
    ACCEPT,
    DECLINE,
    RESOLVE_EARLY,
    REOPEN,
    TREAT_AS_COMPLAINT,
    LINK_DUPLICATE,
    REQUEST_CLARIFICATION,
    ACKNOWLEDGE,
    CORRECT_CONTACT,
    CORRECT_SERVICE,
    RECORD_CONSENT,
    RECORD_RESTRICTION,
    RECORD_CONTACT,
    RECORD_VULNERABILITY,
    REPORT_HAZARD,
    EXTEND,
    REQUEST_AGREEMENT,
    RECORD_AGREEMENT,
    ADD_ISSUE,
    SUBMIT_RESPONSE,
    WITHDRAW,
    REOPEN_WITHDRAWN,
    REQUEST_ESCALATION,
    ASSIGN_REVIEWER,
    DECIDE_ESCALATION,
    REQUEST_STAGE_THREE,
    ARRANGE_PANEL,
    RECORD_PANEL_MEETING,
    RECORD_PROGRESS,
    RECORD_OMBUDSMAN_CASE,
    RECORD_ENQUIRY,
    ANSWER_ENQUIRY,
    RECORD_DETERMINATION,
    SEND_INFORMATION,
    ANSWER_SURVEY,
)
BY_NAME: dict[str, ActionEntry[Any]] = {action.name: action for action in ACTIONS}


def of_part(*parts: Part) -> frozenset[str]:
    """The names of the actions in these parts of the Code."""
    return frozenset(action.name for action in ACTIONS if action.part in parts)


def for_role(role: str) -> frozenset[str]:
    """The names of the actions `role` may take (on the complaints it may act on)."""
    return frozenset(action.name for action in ACTIONS if role in action.roles)


__all__ = [
    "ACTIONS",
    "BY_NAME",
    "EVERYONE",
    "HANDLER",
    "MANAGER",
    "OFFICER",
    "OWNERS",
    "REVIEWER",
    "TEAM",
    "ActionEntry",
    "InputField",
    "Part",
    "for_role",
    "input_fields",
    "of_part",
    "refused_by_state",
]
