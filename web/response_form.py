"""The stage response form (R-S1-6, R-S2-3): a decision per issue, remedies, the parts of any
compensation (R-REM-2), outstanding actions with their dates, and the lesson (R-LRN-1).

Remedies and actions have a few rows each; blank rows are left out. Compensation parts
make a financial remedy, as the starter's ``--compensation`` does.
"""

from __future__ import annotations

from typing import Any

from models.complaint import Compensation, ComplaintState, Issue, StageResponse
from models.enums import Decision, RemedyKind
from web.forms import Reader

REMEDY_ROWS = 3
ACTION_ROWS = 3
COMPENSATION_PARTS = {
    "statutory": "Statutory payments",
    "quantifiable_losses": "Quantifiable losses",
    "time_and_trouble": "Time and trouble",
    "distress_and_inconvenience": "Distress and inconvenience",
}
DECISION_CHOICES = [(d.value, d.value.replace("_", " ").capitalize()) for d in Decision]
REMEDY_CHOICES = [(k.value, k.value.replace("_", " ").capitalize()) for k in RemedyKind]


def stage_issues(state: ComplaintState) -> list[Issue]:
    return [issue for issue in state.issues if issue.stage == state.stage]


def build_response(r: Reader, state: ComplaintState) -> StageResponse:
    decisions = []
    for issue in stage_issues(state):
        decision = r.choice(
            f"decision-{issue.id}", DECISION_CHOICES, f"a decision on issue {issue.id}"
        )
        reasons = r.text(
            f"reasons-{issue.id}", f"the reasons for the decision on issue {issue.id}", True
        )
        if decision:
            decisions.append({"issue_id": issue.id, "decision": decision, "reasons": reasons})
    remedies: list[dict[str, Any]] = []
    for n in range(1, REMEDY_ROWS + 1):
        kind = r.choice(f"remedy-{n}-kind", REMEDY_CHOICES, f"the kind of remedy {n}", False)
        description = r.text(f"remedy-{n}-description")
        due = r.date(f"remedy-{n}-due", f"the due date of remedy {n}")
        if kind:
            remedies.append({"kind": kind, "description": description, "due": due})
        elif description:
            r.errors[f"remedy-{n}-kind"] = f"Select the kind of remedy {n}"
    parts = {
        name: r.pounds(f"compensation-{name}", label) for name, label in COMPENSATION_PARTS.items()
    }
    if any(parts.values()):
        financial = [remedy for remedy in remedies if remedy["kind"] == RemedyKind.FINANCIAL.value]
        if not financial:
            total = Compensation(**parts).total
            financial = [{"kind": "financial", "description": f"Compensation of £{total:.2f}"}]
            remedies += financial
        for remedy in financial:
            remedy["compensation"] = parts
    actions = []
    for n in range(1, ACTION_ROWS + 1):
        what = r.text(f"action-{n}-what")
        due = r.date(f"action-{n}-due", f"the due date of action {n}")
        if what and due is None and f"action-{n}-due" not in r.errors:
            r.errors[f"action-{n}-due"] = f"Enter the due date of action {n}"
        if what and due:
            actions.append({"what": what, "due": due})
    definition = r.text("definition", "the complaint definition", True)
    reasons = r.text("reasons", "the reasons, citing policy, law or good practice", True)
    overall = r.choice("overall", DECISION_CHOICES, "the overall decision", False)
    r.done()
    return StageResponse.model_validate(
        {
            "definition": definition,
            "decisions": decisions,
            "overall": overall,
            "reasons": reasons,
            "remedies": remedies,
            "actions": actions,
            "lesson": r.optional("lesson"),
            "names_staff": r.checked("names_staff"),
            "complaint_is_about_staff": r.checked("complaint_is_about_staff"),
        }
    )
