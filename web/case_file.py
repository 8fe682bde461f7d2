"""A complaint's case file: the whole complaint as one PDF that staff download from its
page, to read away from the screen, send to the Ombudsman or take to a panel.

It is built from what the record holds (the complaint's recorded state, its events, letters
and documents, as the page reads them): a summary with the outcome and compensation of each
stage's response, the parties, the deadlines met or missed, the timeline, and the letters
and documents listed. A vulnerability is in it only for staff who may see one (R-VUL-1).

How it is laid out on A4, and which characters its font can show, is in
``web.case_file_layout``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from letters.render import DECISION_WORDS, money
from models.complaint import ComplaintState
from web.case_file_layout import CaseFilePdf, printable
from web.render import STAGE_WORDS, STATUS_WORDS, day, humanise, when


@dataclass(frozen=True)
class StageOutcome:
    """What one stage's response decided, and the compensation it offered, in pounds."""

    stage: str
    responded_on: date | None
    decision: str
    compensation: float


def stage_outcomes(state: ComplaintState) -> list[StageOutcome]:
    """Each stage that has responded, in order: its overall decision and compensation."""
    outcomes = []
    for stage, record in sorted(state.stages.items(), key=lambda item: item[0].value):
        if record.response is None:
            continue
        overall = record.overall or record.response.overall
        compensation = sum(
            remedy.compensation.total
            for remedy in record.response.remedies
            if remedy.compensation is not None
        )
        outcomes.append(
            StageOutcome(
                stage=STAGE_WORDS.get(stage, humanise(stage)),
                responded_on=record.responded_on,
                decision=DECISION_WORDS[overall] if overall else "Not decided",
                compensation=round(compensation, 2),
            )
        )
    return outcomes


def case_file_pdf(
    state: ComplaintState,
    *,
    events: Sequence[Any],
    names: dict[str, str],
    letters: Sequence[Any],
    documents: Sequence[Any],
    deadlines: Sequence[dict[str, Any]],
    made_at: datetime,
    made_by: str,
    with_vulnerability: bool,
) -> bytes:
    """The case file as PDF bytes. ``names`` are staff names by staff id, for the timeline;
    ``deadlines`` are the page's rows (the deadline and its outcome); ``made_at`` and
    ``made_by`` say on its first page when and for whom it was made."""
    pdf = CaseFilePdf(state.reference)
    pdf.set_title(f"Case file {state.reference}")
    pdf.set_author(printable(state.organisation.name if state.organisation else ""))
    pdf.set_creation_date(made_at.astimezone(UTC))
    pdf.set_lang("en-GB")
    pdf.add_page()
    pdf.heading(f"Case file {state.reference}", 18)
    pdf.para(f"Made {when(made_at)} for {made_by}. Personal data: handle as the record.")
    _summary(pdf, state, with_vulnerability)
    _parties(pdf, state)
    _issues(pdf, state)
    pdf.heading("Deadlines")
    pdf.listing(
        ("What", "Target", "Due", "Met on", "Outcome"),
        (
            (
                row["deadline"].label,
                day(row["deadline"].target),
                day(row["deadline"].due) + (" (extended)" if row["deadline"].extended_to else ""),
                day(row["deadline"].met_on),
                row["outcome"],
            )
            for row in deadlines
        ),
        (56, 30, 34, 26, 28),
    )
    pdf.heading("Timeline")
    pdf.listing(
        ("When", "What happened", "Who"),
        ((when(e.occurred_at), e.summary, _who(e, names)) for e in events),
        (38, 100, 36),
    )
    pdf.heading("Letters")
    pdf.listing(
        ("Sent", "Letter", "By", "To"),
        (
            (
                when(x.occurred_at),
                humanise(x.letter),
                x.channel + (", large print" if x.large_print else ""),
                ", ".join(str(r.get("name", "")) for r in x.recipients or []),
            )
            for x in letters
        ),
        (38, 60, 30, 46),
    )
    pdf.heading("Documents")
    pdf.listing(
        ("Kept", "Document", "From", "Size"),
        ((when(d.created_at), d.name, humanise(d.source), f"{d.size:,} bytes") for d in documents),
        (38, 76, 30, 30),
    )
    return bytes(pdf.output())


def _summary(pdf: CaseFilePdf, state: ComplaintState, with_vulnerability: bool) -> None:
    intake = state.intake
    rows: list[tuple[str, Any]] = [
        ("Kind", humanise(intake.kind)),
        ("Stage", STAGE_WORDS.get(state.stage, humanise(state.stage))),
        ("Status", STATUS_WORDS.get(state.status, humanise(state.status))),
        ("Organisation", state.organisation.name if state.organisation else intake.organisation),
        ("Service area", humanise(intake.service_area)),
        ("Received by", humanise(intake.channel)),
        ("First contact", day(intake.first_contact_on)),
        ("Logged", when(state.logged_at)),
        ("Handler", state.handler.name if state.handler else "Not assigned"),
        ("Stage 2 reviewer", state.reviewer.name if state.reviewer else "None"),
        ("What they told us", intake.description),
        ("Outcomes sought", intake.outcomes_sought or "Not given"),
    ]
    if state.current and state.current.definition:
        rows.append(("Agreed definition", state.current.definition))
    for outcome in stage_outcomes(state):
        rows.append(
            (
                f"{outcome.stage} outcome",
                f"{outcome.decision}, {day(outcome.responded_on)}; compensation "
                f"{money(outcome.compensation)}",
            )
        )
    if state.breached:
        rows.append(("Code deadlines", "A Code deadline was missed"))
    if state.restriction:
        r = state.restriction
        rows.append(
            ("Contact restriction", f"{r.restriction}: {r.reason} (review {day(r.review_on)})")
        )
    if with_vulnerability and state.vulnerability:
        v = state.vulnerability
        agreed = "; ".join(v.adjustment_words()) or "No adjustments agreed"
        rows.append(("Vulnerability", f"{v.circumstances}. {agreed}. Review {day(v.review_on)}"))
    pdf.heading("Summary")
    pdf.pairs(rows)


def _parties(pdf: CaseFilePdf, state: ComplaintState) -> None:
    person = state.intake.complainant
    contact = ", ".join(
        str(x) for x in (person.email, person.phone, person.address, person.postcode) if x
    )
    rows: list[tuple[str, Any]] = [
        (
            "Complainant",
            f"{person.name} ({humanise(person.relationship)}, {humanise(person.tenure)})",
        ),
        ("Contact", contact),
    ]
    rep = state.representative
    if rep:
        consent = (
            f"consent recorded {day(rep.consent_recorded_on)}"
            if rep.consent_recorded_on
            else "no consent recorded"
        )
        rows.append(("Representative", f"{rep.name} ({humanise(rep.kind)}), {consent}"))
    pdf.heading("Parties")
    pdf.pairs(rows)


def _issues(pdf: CaseFilePdf, state: ComplaintState) -> None:
    pdf.heading("Issues")
    pdf.listing(
        ("No.", "Issue", "Stage", "Decision"),
        (
            (
                issue.id,
                issue.summary,
                STAGE_WORDS.get(issue.stage, ""),
                (DECISION_WORDS[issue.decision] if issue.decision else "Not decided")
                + (f": {issue.reasons}" if issue.reasons else ""),
            )
            for issue in state.issues
        ),
        (12, 80, 22, 60),
    )


def _who(event: Any, names: dict[str, str]) -> str:
    """Who did it, as the timeline on the page says: the note's author, the member of
    staff's name, else the actor in words ("Resident", "System")."""
    author = (event.data or {}).get("author")
    return str(author or names.get(event.actor) or humanise(event.actor))
