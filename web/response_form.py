"""The stage response form (R-S1-6, R-S2-3): a decision per issue, remedies, the parts of any
compensation (R-REM-2), outstanding actions with their dates, and the lesson (R-LRN-1).

Remedies and actions have a few rows each; blank rows are left out. Compensation parts
make a financial remedy, as the starter's ``--compensation`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import escape

from letters.models import build_letter
from letters.render import render_html
from models.complaint import ComplaintState
from models.effects import Letter
from models.enums import Decision, RemedyKind, Stage
from models.messages import SubmitResponseInput
from models.stages import Compensation, Issue, StageResponse
from rules.calendar import WorkingCalendar, local_date
from rules.handling import responses
from rules.handling.common import Ctx
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


@dataclass(frozen=True)
class IssueRow:
    """An issue of the stage as the form shows it: under the number it had when the
    complaint came in, beside the decision the stage before made on it."""

    issue: Issue
    number: int
    earlier: Issue | None  # the same issue at the stage before, with its decision

    @property
    def id(self) -> int:
        return self.issue.id

    @property
    def summary(self) -> str:
        return self.issue.summary


def _origins(state: ComplaintState) -> dict[int, Issue]:
    """Each issue carried to a later stage, by its id there: the issue it continues. An
    escalation copies the earlier stage's issues in their order before any is added, so
    the n-th issue of a stage with the same summary continues the n-th of the stage before."""
    found: dict[int, Issue] = {}
    for earlier_stage, later_stage in zip(list(Stage), list(Stage)[1:], strict=False):
        before = [i for i in state.issues if i.stage == earlier_stage]
        after = [i for i in state.issues if i.stage == later_stage]
        for old, new in zip(before, after, strict=False):
            if old.summary == new.summary:
                found[new.id] = old
    return found


def issue_rows(state: ComplaintState) -> list[IssueRow]:
    origins = _origins(state)

    def first(issue: Issue) -> Issue:
        while issue.id in origins:
            issue = origins[issue.id]
        return issue

    return [
        IssueRow(issue=issue, number=first(issue).id, earlier=origins.get(issue.id))
        for issue in stage_issues(state)
    ]


def build_response(r: Reader, state: ComplaintState) -> StageResponse:
    decisions = []
    for row in issue_rows(state):
        issue = row.issue
        decision = r.choice(
            f"decision-{issue.id}", DECISION_CHOICES, f"a decision on issue {row.number}"
        )
        reasons = r.text(
            f"reasons-{issue.id}", f"the reasons for the decision on issue {row.number}", True
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
            "hazards_addressed": r.optional("hazards_addressed"),  # R-HAZ-7
            "names_staff": r.checked("names_staff"),
            "complaint_is_about_staff": r.checked("complaint_is_about_staff"),
        }
    )


def preview_letter(state: ComplaintState, inp: SubmitResponseInput, now: datetime) -> str:
    """R-PREV-1: the response letter as it will go out, in HTML, built by the same rule on a
    copy of the complaint, so nothing is sent or changed. Raises `Refused` as sending would."""
    copy = state.model_copy(deep=True)
    effects = responses.submit_response(copy, inp, Ctx(now=now, cal=WorkingCalendar(copy.calendar)))
    letter = next(e for e in effects if isinstance(e, Letter) and e.letter.endswith("_response"))
    built = build_letter(
        letter.letter,
        letter.fields,
        recipient=letter.recipients[0],
        organisation=letter.fields.get("organisation"),
        on=local_date(now),
    )
    return render_html(built, large_print=letter.large_print)


def with_confirmation(letter_html: str, hidden: dict[str, str], action: str, token: str) -> str:
    """The previewed letter with a form to send it as it stands, or go back and change it."""
    fields = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
        for k, v in hidden.items()
        if k not in ("preview", "csrf_token")
    )
    form = (
        f'<form method="post" action="{escape(action)}" id="confirm-form" '
        'style="margin:2em auto;max-width:40em;padding:1em;border:4px solid #1d70b8">'
        "<p><b>This is a preview. Nothing has been sent.</b></p>"
        f'<input type="hidden" name="csrf_token" value="{escape(token)}">{fields}'
        '<button type="submit" id="send">Send this response</button> '
        '<button type="submit" name="change" value="yes" id="change">Change the response</button>'
        "</form>"
    )
    return letter_html.replace("</body>", form + "</body>", 1)
