"""The hazards in the period report (R-HAZ-7, R-ORG-1): the hazards the landlord became
aware of in the period, of the chosen organisation's homes or the whole group's, by kind,
by how they were reported and by hazard; the share of each statutory step's deadlines met
in time, with its chart; the average time to make an emergency safe and to do the safety
works; the alternative accommodation offered; and every step done late or missed with the
reasons recorded for it (R-HAZ-6), the landlord's evidence that it took all reasonable
steps.

The figures are ``reports.hazard_figures``'s, over the period's rows of the ``hazards``
read model as ``python -m reports hazards`` reads them: never more than the period's
hazards, which are far fewer than its complaints.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from reports.hazard_figures import HazardFigures, hazard_figures, period_bounds
from store import hazard_queries
from web.charts import Chart
from web.render import humanise, when
from web.report_layout import Choice, Table, counts_table, share

KIND_WORDS = {
    "emergency": "Emergency",
    "significant": "Significant",
    "not_in_scope": "Not in scope",
    "not_yet_triaged": "Not yet triaged",
}
SOURCE_WORDS = {
    "complaint": "In a complaint",
    "form": "On the complaint form (damp, mould or danger)",
    "call": "Phone call",
    "repair": "Repair request",
    "inspection": "Inspection",
    "contractor": "Contractor",
    "other": "Other",
}
# The statutory steps as the hazard's page names their deadlines (``rules.hazards.clocks``).
STEP_WORDS = {
    "triage": "Triage",
    "make_safe": "Emergency: make safe",
    "investigate": "Significant: investigate",
    "summary": "Written summary",
    "safety_works": "Safety works",
    "further_works": "Further works",
}


def kind_words(value: str) -> str:
    return KIND_WORDS.get(value) or humanise(value)


def source_words(value: str) -> str:
    return SOURCE_WORDS.get(value) or humanise(value)


def step_words(value: str) -> str:
    return STEP_WORDS.get(value) or humanise(value)


async def period_hazards(db: AsyncSession, choice: Choice) -> HazardFigures:
    """The hazard figures of the chosen period and organisation (or the group), from the
    period's rows of the ``hazards`` read model."""
    rows = await hazard_queries.summaries_between(db, *period_bounds(choice.start, choice.end))
    return hazard_figures(rows, choice.start, choice.end, choice.organisation)


def hazard_headline(found: HazardFigures) -> list[tuple[str, str]]:
    return [
        ("Hazards reported", str(found.hazards)),
        ("Hazard steps late or missed", str(len(found.late))),
    ]


def _steps_table(found: HazardFigures) -> Table:
    table = Table(
        "Hazard deadlines met in time, per statutory step (Awaab's Law)",
        ["Statutory step", "Met or missed", "Met in time", "Share met in time"],
        [
            [step_words(step), str(t.counted), str(t.in_time), share(t.share_in_time)]
            for step, t in found.steps.items()
        ],
    )
    if found.steps:
        table.chart = Chart(
            table.caption,
            ["Met in time"],
            [(step_words(step), [t.share_in_time or 0.0]) for step, t in found.steps.items()],
            percent=True,
        )
    return table


def _times_table(found: HazardFigures) -> Table:
    hours, days = found.average_hours_to_make_safe, found.average_days_to_safety_works
    return Table(
        "Time to make hazards safe, and alternative accommodation offered",
        ["Measure", "Figure"],
        [
            [
                "Average hours from becoming aware to an emergency made safe",
                "No emergency made safe" if hours is None else f"{hours:.1f} hours",
            ],
            [
                "Average days from the investigation's conclusion to the safety works",
                "No safety works done" if days is None else f"{days:.1f} days",
            ],
            ["Offers of alternative accommodation", str(found.alternative_accommodation)],
        ],
    )


def _late_table(found: HazardFigures) -> Table:
    table = Table(
        "Hazard steps done late or missed, with the reasons recorded",
        ["Hazard", "Statutory step", "Due", "Done", "Reasons recorded"],
        [
            [
                late.reference,
                step_words(late.step),
                when(late.due),
                when(late.done) if late.done else "Not done",
                "; ".join(late.reasons) or "None recorded",
            ]
            for late in found.late
        ],
    )
    table.links = {i: f"/hazards/{late.reference}" for i, late in enumerate(found.late)}
    table.widths = (3, 3, 3, 3, 8)  # the reasons are the longest
    return table


def hazard_tables(found: HazardFigures) -> list[Table]:
    """The period's hazards as tables, the share met in time with its chart."""
    return [
        counts_table(
            "Hazards by kind", found.by_kind, "Kind", chart=True, words=kind_words, unit="Hazards"
        ),
        counts_table(
            "Hazards by how they were reported",
            found.by_source,
            "How reported",
            words=source_words,
            unit="Hazards",
        ),
        counts_table(
            "Hazards by type", found.by_hazard, "Type of hazard", words=str, unit="Hazards"
        ),
        _steps_table(found),
        _times_table(found),
        _late_table(found),
    ]
