"""Governance's self-assessment against every clause of the Code (R-GOV-3): the runs, a new
run drafted from the data for the edition of the Code in force for the financial year, a
run's latest version to answer and approve, and each earlier version as it was saved.

Each save is a new version of the run, kept through a unit of work (``store.board``), and
keeps the run's edition. Only governance may see or change them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from reports import annual, assessment
from rules.code_clauses import edition
from store import board
from store.db import UnitOfWork
from web.deps import Db, Sessions, StaffUser, Today
from web.edge import Key
from web.forms import Reader
from web.render import page
from web.routes.board_common import governance_only, not_found, period_figures

router = APIRouter(include_in_schema=False)
RUNS = "/governance/self-assessment"


def _key(clause: str) -> str:
    return "c" + clause.replace(".", "_")


async def _runs_page(
    request: Request, user: StaffUser, db: AsyncSession, year: int, **extra: object
) -> Response:
    runs = await board.assessment_runs(db)
    context = {
        "user": user,
        "runs": runs,
        "editions": {run.run: edition(run.edition) for run in runs},
        "reasons": list(assessment.REASONS.items()),
        "year": year,
        **extra,
    }
    return page(request, "board_assessments.html", context, 422 if extra.get("errors") else 200)


@router.get(RUNS)
async def assessment_runs(request: Request, user: StaffUser, db: Db, today: Today) -> Response:
    governance_only(user)
    return await _runs_page(request, user, db, annual.year_of(today))


@router.post(RUNS)
async def start_run(
    request: Request, user: StaffUser, db: Db, sessions: Sessions, today: Today
) -> Response:
    """A new run for the financial year so far, drafted from the data against the edition
    of the Code in force for the year; the answers and written evidence of the last run of
    that edition carried over (Code 8.1, 8.3)."""
    governance_only(user)
    r = Reader(await request.form())
    reason = r.choice("reason", list(assessment.REASONS.items()), "why the run is needed")
    if reason is None:
        return await _runs_page(request, user, db, annual.year_of(today), errors=r.errors)
    start, end = annual.financial_year(annual.year_of(today))
    report = await period_figures(db, start, min(end, today))
    code = assessment.edition_for(start, end)
    same = [run for run in await board.assessment_runs(db) if run.edition == code.edition]
    last = same[0] if same else None
    previous = [assessment.AssessedClause(**c) for c in last.clauses] if last else []
    drafted = assessment.draft(report, reason, previous, name=code.edition)
    async with UnitOfWork(sessions) as uow:
        run = await board.new_run(uow.session)
        await board.save_assessment(
            uow.session,
            run,
            reason=reason,
            edition=drafted.edition,
            start=drafted.start,
            end=drafted.end,
            clauses=[c.model_dump(mode="json") for c in drafted.clauses],
            saved_by=user.staff_id,
        )
        await uow.commit()
    request.session["flash"] = f"Self-assessment {run} drafted from the data."
    return RedirectResponse(f"{RUNS}/{run}", status_code=303)


async def _run_page(
    request: Request, user: StaffUser, db: AsyncSession, run: int, **extra: object
) -> Response:
    versions = await board.assessment_versions(db, run)
    if not versions:
        return not_found(request, user, "run", RUNS)
    latest = versions[0]
    clauses = [assessment.AssessedClause(**c) for c in latest.clauses]
    context = {
        "user": user,
        "latest": latest,
        "code": edition(latest.edition),
        "versions": versions,
        "clauses": clauses,
        "key": _key,
        **extra,
    }
    return page(request, "board_assessment.html", context, 422 if extra.get("errors") else 200)


@router.get(RUNS + "/{run}")
async def assessment_page(request: Request, user: StaffUser, db: Db, run: Key) -> Response:
    governance_only(user)
    return await _run_page(request, user, db, run)


@router.get(RUNS + "/{run}/versions/{version}")
async def assessment_version(
    request: Request, user: StaffUser, db: Db, run: Key, version: Key
) -> Response:
    """A version of the run as it was saved, to read: who saved it and when, and every
    clause's answer, figures, evidence and explanation then."""
    governance_only(user)
    found = await board.assessment(db, run, version)
    if found is None:
        return not_found(request, user, "version of this self-assessment", f"{RUNS}/{run}")
    context = {
        "user": user,
        "saved": found,
        "code": edition(found.edition),
        "clauses": [assessment.AssessedClause(**c) for c in found.clauses],
        "reasons": assessment.REASONS,
    }
    return page(request, "board_assessment_version.html", context)


def _answers(r: Reader, clauses: list[assessment.AssessedClause]) -> dict[str, dict[str, str]]:
    found = {}
    for c in clauses:
        k = _key(c.clause)
        found[c.clause] = {
            "comply": r.text(f"{k}-comply", limit=3),
            "evidence": r.text(f"{k}-evidence", f"the evidence for {c.clause}", limit=4_000),
            "explanation": r.text(
                f"{k}-explanation", f"the explanation for {c.clause}", limit=4_000
            ),
        }
    return found


@router.post(RUNS + "/{run}")
async def save_answers(
    request: Request, user: StaffUser, db: Db, sessions: Sessions, run: Key
) -> Response:
    """Each save is a new version of the run, of the run's edition; an approval is refused
    until every clause is answered, with evidence, and explained where not met."""
    governance_only(user)
    latest = await board.assessment(db, run)
    if latest is None:
        return not_found(request, user, "run", RUNS)
    r = Reader(await request.form())
    clauses = [assessment.AssessedClause(**c) for c in latest.clauses]
    answered = assessment.answered(clauses, _answers(r, clauses))
    approve = r.text("intent") == "approve"
    approved_on = approved_by = None
    if approve:
        approved_on = r.date("approved_on", "the date the governing body approved it", True)
        approved_by = r.text("approved_by", "the body and its minute", True, limit=500)
        refusals = assessment.not_ready_for_approval(answered)
        if refusals:
            r.errors["approved_on"] = refusals[0] + (
                f" ({len(refusals) - 1} more)" if len(refusals) > 1 else ""
            )
    if r.errors:
        return await _run_page(request, user, db, run, errors=r.errors, clauses=answered)
    async with UnitOfWork(sessions) as uow:
        version = await board.save_assessment(
            uow.session,
            run,
            reason=latest.reason,
            edition=latest.edition,
            start=latest.period_start,
            end=latest.period_end,
            clauses=[c.model_dump(mode="json") for c in answered],
            saved_by=user.staff_id,
            approved_on=approved_on,
            approved_by=approved_by or None,
        )
        await uow.commit()
    said = "approved by the governing body" if approve else "saved"
    request.session["flash"] = f"Version {version} {said}."
    return RedirectResponse(f"{RUNS}/{run}", status_code=303)
