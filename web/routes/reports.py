"""Governance's reports in the web app (R-RPT-1..4, R-ORG-1): each report for a chosen
period (or month) and organisation, as a page with charts and their tables, a CSV and a PDF
(``/reports/<kind>``, ``.csv``, ``.pdf``); and the quality sample's review form, where a
reviewer answers the checklist for each complaint drawn (R-RPT-3).

Governance and managers read them; other roles are refused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from reports import figures, load
from reports import governance as gov
from rules.organisations import organisations
from store import governance as store_gov
from store.db import UnitOfWork
from web.deps import Db, Forbidden, Sessions, StaffUser, Today
from web.forms import Reader
from web.render import page
from web.report_files import to_csv, to_pdf
from web.report_views import KINDS, VIEWS, Choice
from web.users import Role, User

router = APIRouter(include_in_schema=False)
READERS = frozenset({Role.GOVERNANCE.value, Role.MANAGER.value})
ANSWER_WORDS = (("yes", "Yes"), ("no", "No"), ("n/a", "Not applicable"))
MONTH = r"\d{4}-(0[1-9]|1[0-2])"


def governance_reader(user: User) -> None:
    """Reports, the quality sample and the lessons log are governance's and managers'."""
    if not READERS & set(user.roles):
        raise Forbidden("Only governance and managers see the reports.")


def _quarter(today: date) -> tuple[date, date]:
    """The last complete quarter before today: the default period."""
    end = date(today.year, (today.month - 1) // 3 * 3 + 1, 1) - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


def _last_month(today: date) -> str:
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return f"{year:04d}-{month:02d}"


def month_bounds(month: str) -> tuple[date, date]:
    year, number = (int(part) for part in month.split("-"))
    following = date(year + number // 12, number % 12 + 1, 1)
    return date(year, number, 1), date.fromordinal(following.toordinal() - 1)


# The dates a report can be asked for: a period's working days and its hazards' bounds
# (the day after its end) stay inside the calendar.
EARLIEST, LATEST = date(1900, 1, 1), date(9998, 12, 31)


def _choice(
    kind: str, params: dict[str, str], today: date, homes_owned: int | None = None
) -> tuple[Choice, dict[str, str]]:
    """What the reader chose, or the defaults; errors beside the fields."""
    errors: dict[str, str] = {}
    organisation = params.get("organisation", "")
    if kind == "qa":
        month = params.get("month") or _last_month(today)
        try:
            start, end = month_bounds(month)
        except ValueError:
            errors["month"] = "Enter the month as year and month, like 2026-11"
            month = _last_month(today)
            start, end = month_bounds(month)
        return Choice(start, end, organisation, month=month), errors
    start, end = _quarter(today)
    chosen = {}
    for name, default in (("from", start), ("to", end)):
        try:
            chosen[name] = date.fromisoformat(params[name]) if params.get(name) else default
        except ValueError:
            errors[name] = f"Enter the date {name} as a real date, like 2026-10-01"
            chosen[name] = default
        if not EARLIEST <= chosen[name] <= LATEST:  # the calendar must reach past its end
            errors[name] = f"Enter the date {name} between 1900 and 9998, like 2026-10-01"
            chosen[name] = default
    if chosen["to"] < chosen["from"]:
        errors["to"] = "The date to must not be before the date from"
    homes = None
    if kind == "tsm":
        try:
            homes = int(params.get("homes") or homes_owned or 0)
        except ValueError:
            homes = 0
        if homes <= 0:
            errors["homes"] = "Enter the number of homes the landlord owns, more than 0"
    return Choice(chosen["from"], chosen["to"], organisation, homes=homes), errors


def _values(kind: str, choice: Choice) -> dict[str, str]:
    values = {"organisation": choice.organisation}
    if kind == "qa":
        return {**values, "month": choice.month or ""}
    values |= {"from": choice.start.isoformat(), "to": choice.end.isoformat()}
    if choice.homes:
        values["homes"] = str(choice.homes)
    return values


@router.get("/reports")
async def reports_index(request: Request, user: StaffUser) -> Response:
    governance_reader(user)
    return page(request, "reports_index.html", {"user": user, "kinds": KINDS})


async def _view(
    request: Request, kind: str, user: User, db: Any, today: date
) -> tuple[Any, Choice, dict[str, str], dict[str, str]]:
    governance_reader(user)
    if kind not in KINDS:
        raise LookupError(kind)
    params = dict(request.query_params)
    # The homes the landlord owns, for CH01, where the settings give them.
    owned = getattr(request.app.state.settings, "homes", None)
    choice, errors = _choice(kind, params, today, owned if isinstance(owned, int) else None)
    values = {**_values(kind, choice), **{k: v for k, v in params.items() if k in errors}}
    view = None if errors else await VIEWS[kind](db, choice)
    return view, choice, values, errors


@router.get("/reports/{kind}")
async def report_page(
    request: Request, kind: str, user: StaffUser, db: Db, today: Today
) -> Response:
    kind, _, suffix = kind.partition(".")
    try:
        view, choice, values, errors = await _view(request, kind, user, db, today)
    except LookupError:
        return page(request, "problem.html", {"user": user, "title": "Page not found"}, 404)
    if view is not None and suffix in ("csv", "pdf"):
        name = f"{kind}-{values.get('month') or values['from'] + '-to-' + values['to']}"
        if suffix == "csv":
            content, media = to_csv(view).encode("utf-8-sig"), "text/csv; charset=utf-8"
        else:
            content, media = to_pdf(view), "application/pdf"
        disposition = f'attachment; filename="{name}.{suffix}"'
        return Response(content, media_type=media, headers={"Content-Disposition": disposition})
    query = "&".join(f"{k}={v}" for k, v in values.items())
    context = {
        "user": user,
        "kind": kind,
        "title": KINDS[kind],
        "view": view,
        "values": values,
        "errors": errors,
        "query": query,
        # The group's organisations (R-ORG-1), and any that complaints were received for
        # before it changed, so one with hazards but no complaints can still be chosen.
        "organisations": sorted(set(organisations()) | set(await store_gov.organisations(db))),
    }
    return page(request, "report.html", context, 422 if errors else 200)


async def _sampled(db: Any, month: str, reference: str) -> tuple[Any, Any]:
    """The sampled complaint's review and its read-model row (None, None: not sampled);
    only that complaint's row of the month is read."""
    if not _is_month(month):
        return None, None
    reviews = {r.reference: r for r in await store_gov.qa_reviews(db, [month])}
    if reference not in reviews:
        return None, None
    start, end = month_bounds(month)
    rows = await load.complaints(db, start, end, references=[reference])
    return reviews[reference], rows[0] if rows else None


def _review_context(user: User, month: str, review: Any, row: Any) -> dict[str, Any]:
    checked = figures.checklist(row) if row is not None else None
    suggested: dict[str, str] = {}
    if checked is not None:
        suggested |= dict.fromkeys(checked.passed, "yes")
        suggested |= dict.fromkeys(checked.failed, "no")
        suggested |= dict.fromkeys(checked.not_applicable, "n/a")
    return {
        "user": user,
        "month": month,
        "review": review,
        "checked": checked,
        "items": [(f"item-{i}", item) for i, item in enumerate(figures.CHECKLIST)],
        "answers": ANSWER_WORDS,
        "suggested": suggested,
        "score": gov.review_score(review.scores) if review.scores else None,
    }


@router.get("/reports/qa/{month}/{reference}")
async def review_form(
    request: Request, month: str, reference: str, user: StaffUser, db: Db
) -> Response:
    governance_reader(user)
    review, row = await _sampled(db, month, reference)
    if review is None:
        return page(request, "problem.html", {"user": user, "title": "Page not found"}, 404)
    context = _review_context(user, month, review, row)
    scores = review.scores or context["suggested"]
    context["values"] = {
        f"item-{i}": scores.get(item, "") for i, item in enumerate(figures.CHECKLIST)
    }
    context["values"]["notes"] = review.notes
    return page(request, "qa_review.html", context)


def _is_month(month: str) -> bool:
    try:
        month_bounds(month)
    except ValueError:
        return False
    return len(month) == 7


@router.post("/reports/qa/{month}/{reference}")
async def review_save(
    request: Request, month: str, reference: str, user: StaffUser, db: Db, sessions: Sessions
) -> Response:
    """The reviewer's answer to each checklist item, yes, no or not applicable (R-RPT-3)."""
    governance_reader(user)
    review, row = await _sampled(db, month, reference)
    if review is None:
        return page(request, "problem.html", {"user": user, "title": "Page not found"}, 404)
    reader = Reader(await request.form())
    scores = {}
    for i, item in enumerate(figures.CHECKLIST):
        answer = reader.choice(f"item-{i}", ANSWER_WORDS, f"an answer for “{item}”")
        if answer:
            scores[item] = answer
    notes = reader.text("notes", "notes", limit=2_000)
    if reader.errors:
        context = _review_context(user, month, review, row)
        context |= {"values": dict(await request.form()), "errors": reader.errors}
        return page(request, "qa_review.html", context, 422)
    async with UnitOfWork(sessions) as uow:
        await store_gov.score(
            uow.session,
            month,
            reference,
            scores,
            notes,
            user.staff_id,
            await request.app.state.clock(),
        )
        await uow.commit()
    request.session["flash"] = f"Review of {reference} saved."
    return RedirectResponse(f"/reports/qa?month={month}", status_code=303)
