"""Every action of the catalogue (`rules.catalogue`) as a form: its fields and how the
submitted values become the workflow update's input model (``models.messages``).

The catalogue says what the action is, which update it sends, the rules it serves and when
it is offered; this package adds only what a page needs. The same table serves the HTML
forms and the JSON API's routes. The workflow's validator decides whether the Code allows
the action; a form only shapes the input.

- `form`: the shape of a form (`Form`, `ActionForm`), what a builder is given (`Context`),
  and the choices more than one form offers;
- `intake`: intake and acknowledgement, a representative and a restriction on contact;
- `casework`: notes and contacts, vulnerability, and a hazard reported in the home;
- `response`: the response clock and the stage response;
- `escalation`: escalation to Stage 2 and the Stage 3 panel;
- `aftercare`: progress on the actions promised, and the ombudsman;
- `corrections`: withdrawal and corrections to the complaint.
"""

from __future__ import annotations

from typing import Any

from rules import catalogue
from rules.catalogue import ActionEntry
from web.actions import aftercare, casework, corrections, escalation, intake, response
from web.actions.form import ActionForm, Context, Form, words
from web.forms import FormErrors
from web.generic_form import generic_form

__all__ = ["ACTIONS", "BY_UPDATE", "FORMS", "ActionForm", "Context", "Form", "FormErrors", "words"]

# What the catalogue's actions look like as forms: the button, how the submitted values
# become the update's input, and the fields. An action without an entry here gets a form
# made from its input model (`generic_form`).
FORMS: dict[ActionEntry[Any], Form] = {
    **intake.FORMS,
    **casework.FORMS,
    **response.FORMS,
    **escalation.FORMS,
    **aftercare.FORMS,
    **corrections.FORMS,
}

ACTIONS: tuple[ActionForm, ...] = tuple(
    ActionForm(action, FORMS.get(action) or Form(action.title, *generic_form(action.model)))
    for action in catalogue.ACTIONS
)
BY_UPDATE = {action.update: action for action in ACTIONS}
