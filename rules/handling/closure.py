"""Section 14 of the rules, the ends and corrections of everyday work, one module each:

- `rules.handling.withdrawal`: the resident withdraws, and may take it up again (R-WDR-1);
- `rules.handling.duplicates`: a second contact joins the complaint already open (R-DUP-1);
- `rules.handling.corrections`: contact details, service area or organisation are put
  right after logging (R-EDIT-1);
- `rules.handling.comments`: a comment that expresses dissatisfaction becomes a complaint
  (R-DEF-1).

None of these is a decision on the complaint: a withdrawal and a duplicate close it without
a refusal letter or the ombudsman's rights, and reports count them apart from declined ones.
What closing a complaint so takes is here: only a complaint can be closed so, and every
deadline it had stops.
"""

from models.complaint import ComplaintState
from models.effects import Effect
from models.enums import Kind
from rules.handling.common import Refused, cancel_deadline


def require_complaint(state: ComplaintState, doing: str) -> None:
    if state.intake.kind != Kind.COMPLAINT:
        raise Refused(f"Cannot {doing}: {state.reference} is a {state.intake.kind.value}.")


def cancel_all(state: ComplaintState, why: str) -> list[Effect]:
    """Every open deadline stops: nothing is due on a complaint that is no longer handled."""
    return [
        event
        for deadline in list(state.open_deadlines)
        if (event := cancel_deadline(state, deadline.key, why)) is not None
    ]
