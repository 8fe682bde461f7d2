"""What governance's pages for the governing body share (``web.routes.board``): who may
see them, the page for something that is not there, and the period's figures aggregated
in PostgreSQL."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from reports import load, sql
from reports.figures import PeriodReport
from rules.organisations import organisations
from web.deps import Forbidden, StaffUser
from web.render import page


def governance_only(user: StaffUser) -> None:
    if "governance" not in user.roles:
        raise Forbidden("Only governance can see the self-assessment and the annual report.")


def not_found(request: Request, user: StaffUser, what: str, back: str) -> Response:
    """A 404 page saying which run, version or report is not there."""
    context = {"user": user, "title": "Page not found", "message": f"There is no such {what}."}
    return page(request, "problem.html", context | {"back": back}, 404)


async def period_figures(db: AsyncSession, start: date, end: date) -> PeriodReport:
    """The group's period report aggregated in PostgreSQL (``reports.sql``), with the
    lessons learned in the period."""
    report = await sql.period_counts(db, start, end)
    report.lessons = await load.lessons(db, start, end)
    return report


def landlord() -> str:
    return " and ".join(o.name for o in organisations().values())
