"""The self-assessment against every clause of the Code (R-GOV-3, R-RPT-4): pure.

A run is drafted from the period's figures: each clause the data speaks to gets its
figures as evidence (and, where the figures are a share in time, a proposed answer),
every other clause the written evidence of the run before it. Governance answers each
clause, writes evidence and an explanation where a clause is not met, and the governing
body approves the run; each save is a version (``store.governance``). A restructure, a
merger or a change of procedure starts a new run (Code 8.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel

from reports.figures import PeriodReport, self_assessment
from rules.code_clauses import code_clauses

# A share of deadlines met at or above this is proposed as complying; governance decides.
COMPLY_SHARE = 0.95

# Why a run was started (Code 8.1 and 8.2), in words.
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
    clauses: list[AssessedClause]


def _money(amount: float) -> str:
    return f"£{amount:,.2f}"


def _counts(counts: dict[str, int]) -> str:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in ordered)


def data_evidence(report: PeriodReport) -> dict[str, tuple[str, float | None]]:
    """Each clause the period's figures speak to: the evidence in words, and the share
    in time where the clause is about a deadline."""
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
    report: PeriodReport, reason: str, previous: Sequence[AssessedClause] = ()
) -> SelfAssessment:
    """Every clause of the Code with the period's figures; answers, evidence and
    explanations carried over from `previous` (the last run's latest version)."""
    if reason not in REASONS:
        raise ValueError(f"A self-assessment is run {', '.join(REASONS)}; not {reason!r}.")
    before = {c.clause: c for c in previous}
    evidence = data_evidence(report)
    clauses = []
    for clause in code_clauses():
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
    return SelfAssessment(start=report.start, end=report.end, reason=reason, clauses=clauses)


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
