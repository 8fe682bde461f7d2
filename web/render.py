"""Jinja2 templates and the words they use for the Code's values."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from models.enums import Rag, Stage, Status
from rules.calendar import format_due, local_date
from rules.rule_clauses import in_clauses
from web.security import CSRF_FIELD, csrf_token

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
# The templates ship with the code: no need to look for changed files on every page.
templates.env.auto_reload = False

STAGE_WORDS = {Stage.STAGE_1: "Stage 1", Stage.STAGE_2: "Stage 2", Stage.STAGE_3: "Stage 3"}
STATUS_WORDS = {
    Status.RECEIVED: "Awaiting acceptance",
    Status.RESOLVED_EARLY: "Resolved at first contact",
    Status.DECLINED: "Declined",
    Status.ACCEPTED: "To acknowledge",
    Status.OPEN: "Open",
    Status.CLOSED: "Responded",
    Status.ESCALATION_REQUESTED: "Escalation requested",
    Status.PANEL_REQUESTED: "Stage 3 panel requested",
    Status.PANEL_HELD: "Stage 3 panel held",
    Status.RECORDED: "Recorded",
    Status.WITHDRAWN: "Withdrawn",
    Status.DUPLICATE: "Duplicate",
    Status.COMPLETED: "Completed",
}
# Beside a date, the state reads as the date's: due (on time), due soon (the target has
# passed, the limit has not), overdue (the limit has passed). Red, amber and green are the
# tags' colours.
RAG_TAGS = {
    Rag.RED: ("govuk-tag--red", "Overdue"),
    Rag.AMBER: ("govuk-tag--yellow", "Due soon"),
    Rag.GREEN: ("govuk-tag--green", "Due"),
}


def day(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = local_date(value)
    return format_due(value)


def when(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{format_due(local_date(value))}, {value.astimezone(_LONDON):%H:%M}"


def _words(table: dict[Any, str]) -> Any:
    def lookup(value: Any) -> str:
        try:
            return table[type(next(iter(table)))(value)]
        except (ValueError, KeyError, StopIteration):
            return str(value).replace("_", " ").capitalize()

    return lookup


# Words that keep their capitals when a value is put into words.
ACRONYMS = {"mp": "MP", "mps": "MPs", "sms": "SMS", "pdf": "PDF", "uk": "UK"}


def humanise(value: Any) -> str:
    """A value in words: ``mp_or_councillor`` reads "MP or councillor"."""
    words = str(value or "").replace("_", " ").capitalize().split(" ")
    return " ".join(ACRONYMS.get(word.lower(), word) for word in words)


_LONDON = ZoneInfo("Europe/London")

templates.env.filters.update(
    day=day,
    when=when,
    stage=_words(STAGE_WORDS),
    status=_words(STATUS_WORDS),
    humanise=humanise,
    clauses=in_clauses,
)
templates.env.globals.update(csrf_token=csrf_token, CSRF_FIELD=CSRF_FIELD, RAG_TAGS=RAG_TAGS)


def page(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    """Render a page; `context` may name the signed-in `user` for the navigation."""
    context = dict(context or {})
    context.setdefault("user", None)
    context.setdefault("errors", {})
    context.setdefault("values", {})
    context.setdefault("flash", request.session.pop("flash", None))
    if context.get("refused"):  # a rule's refusal names the Code's clause, not our rule id
        context["refused"] = in_clauses(str(context["refused"]))
    return templates.TemplateResponse(request, name, context, status)
