"""The self-assessment against every clause of the Code (R-GOV-3, R-RPT-4): pure.

A run is drafted from the period's figures: each clause the data speaks to gets its
figures as evidence (and, where the figures are a share in time, a proposed answer),
every other clause the written evidence of the run before it. Governance answers each
clause, writes evidence and an explanation where a clause is not met, and the governing
body approves the run; each save is a version (``store.board``). A restructure, a merger
or a change of procedure starts a new run (2024 Code 8.3).

A run answers the clauses of the Code's edition in force at the end of its period
(``rules.code_clauses``) and keeps that edition for every later version, so a saved run is
never read against another edition's numbering.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel

from reports.figures import PeriodReport, self_assessment
from rules.code_clauses import CodeEdition, edition, edition_in_force

# A share of deadlines met at or above this is proposed as complying; governance decides.
COMPLY_SHARE = 0.95

# Why a run was started (2024 Code 8.1 and 8.3), in words.
REASONS = {
    "annual": "Annual self-assessment",
    "restructure": "After a significant restructure",
    "merger": "After a merger",
    "procedure_change": "After a change in procedures",
}


class AssessedClause(BaseModel):
    """One clause of the Code, answered."""

    clause: str
    section: str
    mandatory: bool
    requirement: str
    comply: bool | None = None  # None: not answered yet
    figures: str = ""  # what the data says, drawn afresh with each draft
    share: float | None = None
    evidence: str = ""  # written evidence
    explanation: str = ""  # where not met: why, and what is done instead


class SelfAssessment(BaseModel):
    start: date
    end: date
    reason: str
    edition: str  # of the Code, "2022" or "2024"
    clauses: list[AssessedClause]


# What the period's figures measure, named by the clause of the 2022 edition each was
# written for (``reports.figures`` and ``data_evidence`` name them so), and the clauses of
# each edition that figure is evidence for, matched by what the clause requires. The 2022
# edition's 7.4 (what the governing body receives) is 9.7 in 2024, but a count of lessons is
# no evidence of those updates: in 2024 it speaks to 9.1, learning beyond the complaint.
SPEAKS_TO: dict[str, dict[str, tuple[str, ...]]] = {
    "2022": {
        n: (n,) for n in ("1.7", "2.1", "4.1", "5.1", "5.2", "5.10", "5.13", "6.2", "7.2", "7.4")
    },
    "2024": {
        "1.7": ("2.1", "2.4"),  # accepted unless a valid reason; declined with the reasons
        "2.1": ("3.1",),  # different channels to complain through
        "4.1": ("6.2",),  # Stage 1 acknowledged within five working days
        "5.1": ("6.3",),  # Stage 1 response within 10 working days
        "5.2": ("6.4", "6.15"),  # extensions, at Stage 1 and at Stage 2
        "5.10": ("6.11",),  # Stage 2 request acknowledged within five working days
        "5.13": ("6.14",),  # Stage 2 response within 20 working days
        "6.2": ("7.2",),  # remedies that reflect the impact on the resident
        "7.2": ("9.3",),  # learning reported back
        "7.4": ("9.1",),  # lessons learned beyond the individual complaint
    },
}


class ClauseFigures(BaseModel):
    """One clause the period's figures speak to, in its edition's words."""

    clause: str
    requirement: str
    evidence: str
    share: float | None = None  # the share in time, where the clause is about a deadline


class PeriodEvidence(BaseModel):
    """What the period's figures say about the clauses of the edition in force for it."""

    start: date
    end: date
    edition: str  # "2022" or "2024"
    code: str  # the edition in words: "Housing Ombudsman Complaint Handling Code 2024"
    clauses: list[ClauseFigures]


def period_evidence(report: PeriodReport) -> PeriodEvidence:
    """The clauses of the edition in force for the report's period that its figures speak
    to, in that edition's numbering and order, each with the figures as evidence."""
    code = edition_for(report.start, report.end)
    said = data_evidence(report, code.edition)
    return PeriodEvidence(
        start=report.start,
        end=report.end,
        edition=code.edition,
        code=code.name,
        clauses=[
            ClauseFigures(
                clause=c.clause,
                requirement=c.requirement,
                evidence=said[c.clause][0],
                share=said[c.clause][1],
            )
            for c in code.clauses
            if c.clause in said
        ],
    )


def edition_for(start: date, end: date) -> CodeEdition:
    """The edition a run for the period answers: the one in force at the period's end (for a
    financial year, the one in force for the whole year)."""
    return edition_in_force(max(start, end))


def _money(amount: float) -> str:
    return f"£{amount:,.2f}"


def _counts(counts: dict[str, int]) -> str:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in ordered)


def data_evidence(report: PeriodReport, name: str = "2024") -> dict[str, tuple[str, float | None]]:
    """Each clause of the edition `name` the period's figures speak to: the evidence in
    words, and the share in time where the clause is about a deadline."""
    found: dict[str, tuple[str, float | None]] = {}
    for figure, said in _figures(report).items():
        for clause in SPEAKS_TO[name].get(figure, ()):
            found[clause] = said
    return found


def _figures(report: PeriodReport) -> dict[str, tuple[str, float | None]]:
    """The period's figures, named as in ``SPEAKS_TO``."""
    found = {e.clause: (e.evidence, e.share) for e in self_assessment(report)}
    received = report.complaints
    accepted = received - report.declined
    found["1.7"] = (
        f"{accepted} of {received} complaint(s) accepted; {report.declined} declined "
        "with the reasons and the right to go to the Ombudsman.",
        None,
    )
    channels = _counts(report.by_channel) or "none"
    found["2.1"] = (f"{len(report.by_channel)} channel(s) used: {channels}.", None)
    remedies = _counts(report.remedies) or "none"
    found["6.2"] = (
        f"Remedies: {remedies}; compensation {_money(report.compensation_total)}.",
        None,
    )
    found["7.2"] = (
        f"{len(report.lessons)} lesson(s) recorded in the period, reported with the "
        "period and annual reports.",
        None,
    )
    return found


def draft(
    report: PeriodReport,
    reason: str,
    previous: Sequence[AssessedClause] = (),
    name: str | None = None,
) -> SelfAssessment:
    """Every clause of the edition `name` (by default the one for the report's period) with
    the period's figures; answers, evidence and explanations carried over from `previous`
    (the latest version of the last run of the same edition)."""
    if reason not in REASONS:
        raise ValueError(f"A self-assessment is run {', '.join(REASONS)}; not {reason!r}.")
    code = edition(name) if name else edition_for(report.start, report.end)
    before = {c.clause: c for c in previous}
    evidence = data_evidence(report, code.edition)
    clauses = []
    for clause in code.clauses:
        figures, share = evidence.get(clause.clause, ("", None))
        last = before.get(clause.clause)
        proposed = None if share is None else share >= COMPLY_SHARE
        clauses.append(
            AssessedClause(
                **clause.model_dump(),
                figures=figures,
                share=share,
                comply=proposed if proposed is not None else (last.comply if last else None),
                evidence=last.evidence if last else "",
                explanation=last.explanation if last else "",
            )
        )
    return SelfAssessment(
        start=report.start,
        end=report.end,
        reason=reason,
        edition=code.edition,
        clauses=clauses,
    )


def answered(
    clauses: Sequence[AssessedClause], answers: dict[str, dict[str, str]]
) -> list[AssessedClause]:
    """The clauses with governance's answers from a form: per clause, ``comply`` ("yes",
    "no" or "") and the written ``evidence`` and ``explanation``."""
    changed = []
    for clause in clauses:
        given = answers.get(clause.clause, {})
        comply = given.get("comply", "")
        changed.append(
            clause.model_copy(
                update={
                    "comply": {"yes": True, "no": False}.get(comply),
                    "evidence": given.get("evidence", clause.evidence).strip(),
                    "explanation": given.get("explanation", clause.explanation).strip(),
                }
            )
        )
    return changed


def not_ready_for_approval(clauses: Sequence[AssessedClause]) -> list[str]:
    """Why the governing body cannot approve the run yet, a sentence per clause: every
    clause answered, with evidence (figures or written), and an explanation where not met."""
    reasons = []
    for c in clauses:
        if c.comply is None:
            reasons.append(f"Clause {c.clause}: say whether it is met.")
        elif not (c.figures or c.evidence):
            reasons.append(f"Clause {c.clause}: give the evidence.")
        elif c.comply is False and not c.explanation:
            reasons.append(f"Clause {c.clause} is not met: explain why and what is done instead.")
    return reasons
