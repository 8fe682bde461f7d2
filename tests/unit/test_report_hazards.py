"""The period report's hazard tables in words (R-HAZ-7, R-HAZ-6), on the fixed figures of
``tests/reports/test_hazard_figures``: what a governance reader sees for each figure."""

from __future__ import annotations

from datetime import date

import pytest

from reports.hazard_figures import hazard_figures
from tests.reports.test_hazard_figures import FIGURES, Q4, ROWS
from web.report_hazards import hazard_headline, hazard_tables

TABLES = {table.caption: table for table in hazard_tables(FIGURES)}
STEPS = "Hazard deadlines met in time, per statutory step (Awaab's Law)"
TIMES = "Time to make hazards safe, and alternative accommodation offered"
LATE = "Hazard steps done late or missed, with the reasons recorded"


@pytest.mark.parametrize(
    ("caption", "rows"),
    [
        ("Hazards by kind", [["Emergency", "2"], ["Not yet triaged", "1"], ["Significant", "1"]]),
        (
            "Hazards by how they were reported",
            [
                ["On the complaint form (damp, mould or danger)", "2"],
                ["Phone call", "1"],
                ["In a complaint", "1"],
            ],
        ),
        ("Hazards by type", [["Damp and mould growth", "3"], ["Electrical hazards", "1"]]),
        (
            STEPS,
            [
                ["Triage", "3", "3", "100%"],
                ["Emergency: make safe", "2", "1", "50%"],
                ["Significant: investigate", "1", "1", "100%"],
                ["Written summary", "1", "0", "0%"],
                ["Safety works", "1", "1", "100%"],
            ],
        ),
        (
            TIMES,
            [
                ["Average hours from becoming aware to an emergency made safe", "18.0 hours"],
                [
                    "Average days from the investigation's conclusion to the safety works",
                    "2.0 days",
                ],
                ["Offers of alternative accommodation", "0"],
            ],
        ),
        (
            LATE,
            [
                [
                    "HAZ-2026-000002",
                    "Emergency: make safe",
                    "Sat 7 Nov 2026, 17:30",
                    "Sat 7 Nov 2026, 23:30",
                    "No access on Sat 7 Nov 2026: Nobody answered at 10:00 "
                    "(evidence: calling card left)",
                ],
                [
                    "HAZ-2026-000003",
                    "Written summary",
                    "Sat 14 Nov 2026, 17:30",
                    "Not done",
                    "None recorded",
                ],
            ],
        ),
    ],
)
def test_r_haz_7_each_hazard_figure_reads_in_words(caption: str, rows: list[list[str]]) -> None:
    assert TABLES[caption].rows == rows


def test_r_haz_7_the_share_met_in_time_is_charted_as_shares_and_kinds_as_counts() -> None:
    steps = TABLES[STEPS].chart
    assert steps is not None and steps.percent
    assert [(label, values) for label, values in steps.rows][1] == ("Emergency: make safe", [0.5])
    kinds = TABLES["Hazards by kind"].chart
    assert kinds is not None and not kinds.percent and kinds.series == ["Hazards"]


def test_r_haz_6_each_late_step_links_to_its_hazard() -> None:
    assert TABLES[LATE].links == {0: "/hazards/HAZ-2026-000002", 1: "/hazards/HAZ-2026-000003"}


def test_r_haz_7_a_period_without_hazards_says_so_and_draws_nothing() -> None:
    empty = hazard_figures([], date(2026, 10, 1), date(2026, 12, 31))
    tables = {table.caption: table for table in hazard_tables(empty)}
    assert hazard_headline(empty) == [
        ("Hazards reported", "0"),
        ("Hazard steps late or missed", "0"),
    ]
    assert tables[STEPS].rows == [] and tables[STEPS].chart is None
    assert [row[1] for row in tables[TIMES].rows] == [
        "No emergency made safe",
        "No safety works done",
        "0",
    ]


def test_r_org_1_the_figures_of_one_organisation_count_its_hazards_only() -> None:
    other = [row.model_copy(update={"organisation": "care"}) for row in ROWS[:2]]
    assert hazard_figures([*ROWS, *other], *Q4, organisation="main") == FIGURES
    assert hazard_figures([*ROWS, *other], *Q4, organisation="care").hazards == 2
    assert hazard_figures([*ROWS, *other], *Q4).hazards == 6
